//! The record schemas: one per record kind, shared by rules, forms, tests and TypeScript types.
//!
//! A schema is static data so that the same table drives three things that must never
//! disagree: the normalisation of records before rules see them (absent fields become `()`,
//! so a typo in a rule is an error instead of a silent `()`), the check that a rule only reads
//! fields its kinds have, and the labels shown next to form fields and in messages.
//!
//! `required` marks what a complete record has; it is not enforced here. Whether a missing
//! field is a violation, and of what, is a rule's call, because only a rule can cite the basis.

use crate::text::same;
use serde::Serialize;

mod custom;
pub mod vocab;

pub use custom::{FieldDef, KindDef, custom_kinds, define_kind};

/// The type of a field's value in a JSON record.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldType {
    /// A string.
    Text,
    /// A date, `"YYYY-MM-DD"`.
    Date,
    /// A Beijing time, `"YYYY-MM-DDTHH:MM"`.
    DateTime,
    /// `true` or `false`.
    Bool,
    /// An integer.
    Int,
    /// A list of strings (checkbox groups such as 公开渠道和载体).
    TextList,
    /// A nested object with its own fields.
    Object {
        /// The nested fields.
        fields: &'static [Field],
    },
    /// A list of records of another kind (a catalogue's entries); the rules of that kind run on
    /// each element.
    List {
        /// The kind of each element.
        kind: &'static str,
    },
}

impl FieldType {
    /// The type's name as messages show it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Text => "文本",
            Self::Date => "日期（YYYY-MM-DD）",
            Self::DateTime => "时间（YYYY-MM-DDTHH:MM）",
            Self::Bool => "是/否（true/false）",
            Self::Int => "整数",
            Self::TextList => "文本列表",
            Self::Object { .. } => "对象",
            Self::List { .. } => "记录列表",
        }
    }

    /// The type's name in English messages.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Text => "a string",
            Self::Date => "a date (YYYY-MM-DD)",
            Self::DateTime => "a time (YYYY-MM-DDTHH:MM)",
            Self::Bool => "a boolean",
            Self::Int => "an integer",
            Self::TextList => "a list of strings",
            Self::Object { .. } => "an object",
            Self::List { .. } => "a list of records",
        }
    }
}

/// One field of a record kind.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "wasm",
    tsify(
        type = "{ name: string; label_zh: string; label_en: string; required: boolean; options: string[] } & FieldType"
    )
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Field {
    /// English snake_case key in the JSON record.
    pub name: &'static str,
    /// Chinese label, as forms and messages show it.
    pub label_zh: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// Value type.
    #[serde(flatten)]
    pub ty: FieldType,
    /// Whether a complete record has this field (informational; rules report absence).
    pub required: bool,
    /// The usual values, for forms (select options, checkbox groups). Rules decide what is
    /// allowed; the schema does not reject other values.
    pub options: &'static [&'static str],
    /// Non-standard spellings seen in practice and the option each stands for (see [`vocab`]).
    pub synonyms: &'static [(&'static str, &'static str)],
}

/// The schema of one record kind.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Kind {
    /// The kind's name, e.g. `document`.
    pub name: &'static str,
    /// Chinese name.
    pub label_zh: &'static str,
    /// English name.
    pub label_en: &'static str,
    /// The fields, in form order.
    pub fields: &'static [Field],
}

impl Kind {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| same(f.name, name))
    }

    /// The field at a dotted path such as `interpretation.publish_date` (list indices are not
    /// part of a schema path: `entries` names the list, not an element).
    pub fn field_at(&self, path: &str) -> Option<&'static Field> {
        let (mut fields, mut rest) = (self.fields, Some(path));
        let mut found = None;
        while let Some(path) = rest {
            let (part, more) = split_path(path).map_or((path, None), |(p, m)| (p, Some(m)));
            let field = fields.iter().find(|f| same(f.name, part))?;
            fields = match field.ty {
                FieldType::Object { fields } => fields,
                _ => &[],
            };
            (found, rest) = (Some(field), more);
        }
        found
    }
}

/// A dotted field path split at its first `.`. A byte search: field paths are short, and rules
/// split one for every vocabulary lookup and blank test of every record, where the general
/// character searcher of `split_once('.')` costs more than the lookup itself.
pub(crate) fn split_path(path: &str) -> Option<(&str, &str)> {
    let at = path.bytes().position(|b| b == b'.')?;
    Some((path.get(..at)?, path.get(at + 1..)?))
}

/// All record kinds, in the order the documentation lists them.
pub static KINDS: &[Kind] = &[
    CATALOGUE_ENTRY,
    CATALOGUE,
    DOCUMENT,
    PROPOSAL_REPLY,
    APPLICATION,
    ENTERPRISE_DISCLOSURE,
    PUBLICATION,
    OPINION_EVENT,
];

/// The kind called `name`.
///
/// ```
/// let kind = gongkai::schema::kind("document").unwrap();
/// assert_eq!(kind.field("disclosure").unwrap().label_zh, "公开属性");
/// assert!(gongkai::schema::kind("documents").is_none());
/// ```
pub fn kind(name: &str) -> Option<&'static Kind> {
    standard_kind(name).or_else(|| custom::find(name))
}

/// The standard kind called `name` (never a custom one: custom kinds cannot take a standard
/// kind's name, and can be redefined, so only standard kinds' fields may be remembered).
pub(crate) fn standard_kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| same(k.name, name))
}

/// The standard kinds followed by the custom ones.
pub fn all_kinds() -> Vec<&'static Kind> {
    KINDS.iter().chain(custom_kinds()).collect()
}

/// The names of all kinds, for messages that list what is available.
pub fn kind_names() -> String {
    all_kinds()
        .iter()
        .map(|k| k.name)
        .collect::<Vec<_>>()
        .join(", ")
}

const fn field(
    name: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    ty: FieldType,
) -> Field {
    Field {
        name,
        label_zh,
        label_en,
        ty,
        required: false,
        options: &[],
        synonyms: &[],
    }
}

const fn required(mut f: Field) -> Field {
    f.required = true;
    f
}

const fn options(mut f: Field, options: &'static [&'static str]) -> Field {
    f.options = options;
    f
}

const fn synonyms(mut f: Field, synonyms: &'static [(&'static str, &'static str)]) -> Field {
    f.synonyms = synonyms;
    f
}

impl Field {
    /// The standard form of `value` for this field: the value itself when it is an option, the
    /// option a known synonym stands for, `None` otherwise. Surrounding spaces and one pair of
    /// surrounding brackets are ignored (`（此件公开发布）` as printed before a document's 版记).
    ///
    /// ```
    /// let channels = gongkai::schema::kind("catalogue_entry").unwrap().field("channels").unwrap();
    /// assert_eq!(channels.standard_term("微信公众号"), Some("两微一端"));
    /// assert_eq!(channels.standard_term(" 政府网站 "), Some("政府网站"));
    /// assert_eq!(channels.standard_term("人力资源市场"), None);
    /// let disclosure = gongkai::schema::kind("document").unwrap().field("disclosure").unwrap();
    /// assert_eq!(disclosure.standard_term("（此件公开发布）"), Some("主动公开"));
    /// ```
    pub fn standard_term(&self, value: &str) -> Option<&'static str> {
        let value = crate::text::trim(value);
        let value = ["（", "("]
            .iter()
            .zip(["）", ")"])
            .find_map(|(open, close)| value.strip_prefix(open)?.strip_suffix(close))
            .map_or(value, crate::text::trim);
        self.options
            .iter()
            .find(|o| same(o, value))
            .copied()
            .or_else(|| {
                self.synonyms
                    .iter()
                    .find(|(from, _)| same(from, value))
                    .map(|(_, to)| *to)
            })
    }
}

use FieldType::{Bool, Date, DateTime, Int, Text, TextList};

/// 公开渠道和载体: the standard vocabulary of real 基层政务公开标准目录 (domain-rules R-CAT-1).
pub const CHANNELS: &[&str] = &[
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "12345政务服务热线",
    "其他",
];

/// 公开层级, from provincial down to village level.
pub const LEVELS: &[&str] = &["省级", "市级", "县级", "乡级", "村级"];

/// The five disclosure attributes of the seed plan 一(一)2.
pub const DISCLOSURE_ATTRIBUTES: &[&str] = &[
    "主动公开",
    "依申请公开",
    "不予公开",
    "删减后公开",
    "脱密后公开",
];

const CATALOGUE_ENTRY: Kind = Kind {
    name: "catalogue_entry",
    label_zh: "主动公开基本目录事项",
    label_en: "Catalogue entry",
    fields: &[
        required(field("category", "一级事项", "Category", Text)),
        field("subcategory", "二级事项", "Subcategory", Text),
        required(field(
            "content",
            "公开内容（要素）",
            "Content (elements)",
            Text,
        )),
        required(field("basis", "公开依据", "Legal basis", Text)),
        required(field("time_limit", "公开时限", "Time limit", Text)),
        required(field("subject", "公开主体", "Disclosing body", Text)),
        required(synonyms(
            options(
                field("channels", "公开渠道和载体", "Channels", TextList),
                CHANNELS,
            ),
            vocab::CHANNELS,
        )),
        required(synonyms(
            options(
                field("audience", "公开对象", "Audience", TextList),
                &["全社会", "特定群体"],
            ),
            vocab::AUDIENCE,
        )),
        required(synonyms(
            options(field("mode", "公开方式", "Mode", Text), &["主动", "依申请"]),
            vocab::MODE,
        )),
        required(synonyms(
            options(field("levels", "公开层级", "Levels", TextList), LEVELS),
            vocab::LEVELS,
        )),
        synonyms(
            options(
                field("five_public", "五公开", "Five publics", TextList),
                &["决策", "执行", "管理", "服务", "结果"],
            ),
            vocab::FIVE_PUBLIC,
        ),
        field("area", "领域", "Area", Text),
    ],
};

const CATALOGUE: Kind = Kind {
    name: "catalogue",
    label_zh: "主动公开基本目录",
    label_en: "Catalogue",
    fields: &[
        required(field("owner", "编制单位", "Owner", Text)),
        required(options(
            field("owner_level", "编制单位层级", "Owner level", Text),
            LEVELS,
        )),
        options(
            field("owner_type", "编制单位类型", "Owner type", Text),
            &["人民政府", "政府部门", "其他"],
        ),
        required(field("updated_date", "更新日期", "Updated", Date)),
        required(field(
            "entries",
            "目录事项",
            "Entries",
            FieldType::List {
                kind: "catalogue_entry",
            },
        )),
    ],
};

const INTERPRETATION: &[Field] = &[
    field("unit", "解读单位", "Interpreting unit", Text),
    field("author", "解读人", "Interpreter", Text),
    field("publish_date", "解读发布日期", "Published", Date),
    field(
        "linked",
        "已与政策文件相互链接",
        "Linked with the document",
        Bool,
    ),
    field("url", "解读网址", "URL", Text),
];

const DOCUMENT: Kind = Kind {
    name: "document",
    label_zh: "政府文件",
    label_en: "Government document",
    fields: &[
        required(field("title", "标题", "Title", Text)),
        field("doc_number", "发文字号", "Document number", Text),
        required(field("issuer", "发布机构", "Issuer", Text)),
        field("index_no", "索引号", "Index number", Text),
        required(field("written_date", "成文日期", "Written", Date)),
        field("publish_date", "发布日期", "Published", Date),
        required(synonyms(
            options(
                field("disclosure", "公开属性", "Disclosure attribute", Text),
                DISCLOSURE_ATTRIBUTES,
            ),
            vocab::DISCLOSURE,
        )),
        field("reason", "不公开或部分公开理由", "Reason", Text),
        field("removed_parts", "删减内容", "Removed parts", Text),
        field("declassified_date", "脱密日期", "Declassified", Date),
        required(options(
            field("doc_type", "文件类型", "Document type", Text),
            &["规章", "行政规范性文件", "其他"],
        )),
        field(
            "requires_interpretation",
            "需要解读",
            "Requires interpretation",
            Bool,
        ),
        field(
            "interpretation",
            "政策解读",
            "Interpretation",
            FieldType::Object {
                fields: INTERPRETATION,
            },
        ),
        options(
            field("status", "有效性", "Validity", Text),
            &["有效", "修改", "废止", "失效"],
        ),
        field("status_date", "有效性变更日期", "Status changed", Date),
        field("status_note", "有效性标注", "Status note", Text),
    ],
};

const PROPOSAL_REPLY: Kind = Kind {
    name: "proposal_reply",
    label_zh: "建议提案复文",
    label_en: "Reply to a proposal",
    fields: &[
        required(options(
            field("proposal_type", "建议提案类型", "Proposal type", Text),
            &["人大代表建议", "政协提案"],
        )),
        field("title", "标题", "Title", Text),
        required(field("issuer", "发布机构", "Issuer", Text)),
        required(field("summary", "内容概述", "Summary", Text)),
        required(field("publish_date", "发布日期", "Published", Date)),
        required(field("doc_number", "文号", "Document number", Text)),
        field(
            "public_interest",
            "社会广泛关注、关系国计民生",
            "Of wide public interest",
            Bool,
        ),
        field("full_text", "答复全文", "Full text", Text),
    ],
};

const APPLICANT: &[Field] = &[
    options(
        field("type", "申请人类型", "Applicant type", Text),
        &["自然人", "法人或其他组织"],
    ),
    field("name", "姓名或名称", "Name", Text),
    field("id_doc", "身份证明", "Identity document", Text),
    field("contact", "联系方式", "Contact", Text),
];

const EXTENSION: &[Field] = &[
    field(
        "approved_by",
        "批准人（工作机构负责人）",
        "Approved by",
        Text,
    ),
    field("notice_date", "延期告知日期", "Notice date", Date),
    field("days", "延长工作日数", "Extension (working days)", Int),
];

const APPLICATION: Kind = Kind {
    name: "application",
    label_zh: "依申请公开",
    label_en: "Request for information",
    fields: &[
        required(field("received_date", "收到申请日期", "Received", Date)),
        required(options(
            field("channel", "申请渠道", "Channel", Text),
            &["当面提交", "邮寄", "平常信函", "互联网", "传真"],
        )),
        required(field(
            "applicant",
            "申请人",
            "Applicant",
            FieldType::Object { fields: APPLICANT },
        )),
        required(field(
            "description",
            "所需信息描述",
            "Information requested",
            Text,
        )),
        field("form", "获取信息的方式", "Form of delivery", Text),
        field(
            "correction_notice_date",
            "补正告知日期",
            "Correction notice",
            Date,
        ),
        field(
            "correction_notice_count",
            "补正告知次数",
            "Correction notices",
            Int,
        ),
        field(
            "correction_received_date",
            "收到补正日期",
            "Correction received",
            Date,
        ),
        field(
            "consultation_days",
            "征求意见工作日数",
            "Consultation (working days)",
            Int,
        ),
        field(
            "extension",
            "延期答复",
            "Extension",
            FieldType::Object { fields: EXTENSION },
        ),
        field("reply_date", "答复日期", "Replied", Date),
        options(
            field("reply_type", "答复类型", "Reply type", Text),
            &[
                "已主动公开",
                "予以公开",
                "部分公开",
                "不予公开",
                "信息不存在",
                "非本机关负责公开",
                "重复申请",
                "依照有关法律办理",
                "无法提供",
                "不予处理",
                "其他处理",
            ],
        ),
        field("reason", "理由", "Reason", Text),
        field("access_method", "获取方式和途径", "How to obtain", Text),
        field(
            "referral_agency",
            "负责公开的机关",
            "Responsible agency",
            Text,
        ),
        field("referral_contact", "该机关联系方式", "Its contact", Text),
    ],
};

const ENTERPRISE_DISCLOSURE: Kind = Kind {
    name: "enterprise_disclosure",
    label_zh: "公共企事业单位信息公开",
    label_en: "Public enterprise disclosure",
    fields: &[
        required(options(
            field("sector", "行业领域", "Sector", Text),
            &[
                "教育",
                "卫生健康",
                "供水",
                "供电",
                "供气",
                "供热",
                "排水",
                "环境保护",
                "公共交通",
                "公共文化体育",
                "住房保障",
                "慈善组织",
            ],
        )),
        required(field("unit_name", "单位名称", "Unit", Text)),
        required(field(
            "uscc",
            "统一社会信用代码",
            "Unified social credit code",
            Text,
        )),
        required(field("item", "公开事项", "Item", Text)),
        field("content", "公开内容", "Content", Text),
        required(field("publish_time", "发布时间", "Published", DateTime)),
        field("event_start", "事项开始时间", "Event start", DateTime),
        field("event_end", "事项结束时间", "Event end", DateTime),
        field(
            "previous_publish_time",
            "上次公开时间",
            "Previous publication",
            DateTime,
        ),
        field(
            "emergency",
            "重大突发事件应急处置阶段",
            "Emergency response",
            Bool,
        ),
        options(
            field("channels", "公开渠道", "Channels", TextList),
            &[
                "单位网站",
                "营业场所",
                "慈善中国",
                "政府网站",
                "短信",
                "公告栏",
                "其他",
            ],
        ),
    ],
};

const PUBLICATION: Kind = Kind {
    name: "publication",
    label_zh: "拟公开信息",
    label_en: "Text to publish",
    fields: &[
        required(field("title", "标题", "Title", Text)),
        required(field("body", "正文", "Body", Text)),
        required(options(
            field("category", "信息类别", "Category", Text),
            &["惩戒公示", "强制性信息披露", "其他"],
        )),
    ],
};

const OPINION_EVENT: Kind = Kind {
    name: "opinion_event",
    label_zh: "政务舆情与突发事件回应",
    label_en: "Public-opinion event",
    fields: &[
        field("title", "事件", "Event", Text),
        required(options(
            field("level", "事件级别", "Level", Text),
            &["特别重大", "重大", "较大", "一般"],
        )),
        required(field("occurred_at", "发生时间", "Occurred", DateTime)),
        field(
            "first_release_at",
            "首次权威发布时间",
            "First authoritative release",
            DateTime,
        ),
        field(
            "press_conference_at",
            "新闻发布会时间",
            "Press conference",
            DateTime,
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_labelled() {
        fn check(fields: &[Field], seen: &mut Vec<&'static str>) {
            for f in fields {
                assert!(!seen.contains(&f.name), "duplicate field {}", f.name);
                seen.push(f.name);
                assert!(
                    f.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{}",
                    f.name
                );
                assert!(!f.label_zh.is_empty() && !f.label_en.is_empty());
                if let FieldType::Object { fields } = f.ty {
                    check(fields, &mut Vec::new());
                }
                if let FieldType::List { kind: k } = f.ty {
                    assert!(kind(k).is_some(), "unknown nested kind {k}");
                }
            }
        }
        for k in KINDS {
            check(k.fields, &mut Vec::new());
        }
    }

    #[test]
    fn design_minimum_fields_exist() {
        let want: &[(&str, &[&str])] = &[
            (
                "catalogue_entry",
                &[
                    "category",
                    "subcategory",
                    "content",
                    "basis",
                    "time_limit",
                    "subject",
                    "channels",
                    "audience",
                    "mode",
                    "levels",
                    "five_public",
                    "area",
                ],
            ),
            (
                "catalogue",
                &["owner", "owner_level", "updated_date", "entries"],
            ),
            (
                "document",
                &[
                    "title",
                    "doc_number",
                    "issuer",
                    "index_no",
                    "written_date",
                    "publish_date",
                    "disclosure",
                    "reason",
                    "doc_type",
                    "requires_interpretation",
                    "interpretation",
                    "status",
                ],
            ),
            (
                "proposal_reply",
                &[
                    "proposal_type",
                    "issuer",
                    "summary",
                    "publish_date",
                    "doc_number",
                    "public_interest",
                    "full_text",
                ],
            ),
            (
                "application",
                &[
                    "received_date",
                    "channel",
                    "applicant",
                    "description",
                    "correction_notice_date",
                    "correction_received_date",
                    "consultation_days",
                    "extension",
                    "reply_date",
                    "reply_type",
                    "reason",
                    "referral_agency",
                ],
            ),
            (
                "enterprise_disclosure",
                &[
                    "sector",
                    "unit_name",
                    "uscc",
                    "item",
                    "content",
                    "publish_time",
                    "event_start",
                    "channels",
                ],
            ),
            ("publication", &["title", "body", "category"]),
            (
                "opinion_event",
                &[
                    "level",
                    "occurred_at",
                    "first_release_at",
                    "press_conference_at",
                ],
            ),
        ];
        for (k, fields) in want {
            let kind = kind(k).unwrap();
            for f in *fields {
                assert!(kind.field(f).is_some(), "{k}.{f} missing");
            }
        }
        let doc = kind("document").unwrap();
        for f in ["unit", "author", "publish_date", "linked"] {
            assert!(doc.field_at(&format!("interpretation.{f}")).is_some());
        }
        let app = kind("application").unwrap();
        assert!(
            app.field_at("extension.approved_by").is_some()
                && app.field_at("extension.notice_date").is_some()
        );
        assert!(app.field_at("extension.nonexistent").is_none());
        for malformed in [
            "",
            ".",
            "extension.",
            ".extension",
            "received_date.x",
            "extension..approved_by",
        ] {
            assert!(app.field_at(malformed).is_none(), "{malformed}");
        }
        assert_eq!(
            app.field_at("received_date").map(|f| f.name),
            Some("received_date")
        );
    }
}
