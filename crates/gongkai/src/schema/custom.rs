//! Record kinds defined at run time, for forms and registers outside the eight standard kinds
//! (a vendor's own 办事 form, a local register).
//!
//! A definition is validated once and then lives for the rest of the process, like the
//! standard kinds: schemas are referenced from every normalised record and rule, so they are
//! `'static`. Defining the same kind again with the same definition returns the existing one;
//! a changed definition replaces it (the old one stays allocated, so memory grows only with the
//! number of distinct definitions, which is small by nature).

use super::{Field, FieldType, Kind};
use crate::json::Members;
use crate::text::Text;
use serde::Serialize;
use serde_json::Value;
use std::sync::RwLock;

/// A record kind as JSON describes it.
///
/// ```json
/// {"name": "benefit_application", "label_zh": "补贴申请", "label_en": "Benefit application",
///  "fields": [{"name": "age", "label_zh": "年龄", "label_en": "Age", "type": "int", "required": true}]}
/// ```
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindDef {
    /// snake_case name, not one of the standard kinds.
    pub name: String,
    /// Chinese name.
    pub label_zh: String,
    /// English name.
    pub label_en: String,
    /// The fields.
    pub fields: Vec<FieldDef>,
}

/// A field as JSON describes it.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDef {
    /// snake_case name.
    pub name: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// `text`, `date`, `date_time`, `bool`, `int`, `text_list` or `object`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether a complete record has it.
    #[serde(default)]
    pub required: bool,
    /// The usual values, for forms.
    #[serde(default)]
    pub options: Vec<String>,
    /// The nested fields of an `object`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub fields: Vec<FieldDef>,
}

impl KindDef {
    /// Reads a definition from JSON (the shape above). Members it does not know are refused,
    /// and every error names the member's path (`fields[2].type`).
    ///
    /// ```
    /// use gongkai::schema::KindDef;
    /// let v = serde_json::json!({"name": "visitor_log", "label_zh": "来访登记", "label_en": "Visitor log",
    ///     "fields": [{"name": "visited_on", "label_zh": "来访日期", "label_en": "Visited"}]});
    /// assert_eq!(KindDef::from_json(&v).unwrap_err().en, "`fields[0].type` is missing");
    /// ```
    pub fn from_json(value: &Value) -> Result<KindDef, Text> {
        let m = Members::of(value, "", &["name", "label_zh", "label_en", "fields"])?;
        Ok(KindDef {
            name: m.required_text("name")?.to_owned(),
            label_zh: m.required_text("label_zh")?.to_owned(),
            label_en: m.required_text("label_en")?.to_owned(),
            fields: FieldDef::list(&m, "fields")?.ok_or_else(|| m.missing("fields"))?,
        })
    }
}

impl FieldDef {
    /// The field definitions in the array member `key` of `m`.
    fn list(m: &Members<'_>, key: &str) -> Result<Option<Vec<FieldDef>>, Text> {
        let Some(items) = m.array(key)? else {
            return Ok(None);
        };
        let base = m.path(key);
        items
            .iter()
            .enumerate()
            .map(|(i, v)| FieldDef::from_json(v, &format!("{base}[{i}]")))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    fn from_json(value: &Value, path: &str) -> Result<FieldDef, Text> {
        let m = Members::of(
            value,
            path,
            &[
                "name", "label_zh", "label_en", "type", "required", "options", "fields",
            ],
        )?;
        Ok(FieldDef {
            name: m.required_text("name")?.to_owned(),
            label_zh: m.required_text("label_zh")?.to_owned(),
            label_en: m.required_text("label_en")?.to_owned(),
            ty: m.required_text("type")?.to_owned(),
            required: m.bool("required")?.unwrap_or(false),
            options: m.texts("options")?.unwrap_or_default(),
            fields: FieldDef::list(&m, "fields")?.unwrap_or_default(),
        })
    }
}

static CUSTOM: RwLock<Vec<&'static Kind>> = RwLock::new(Vec::new());

/// The custom kind called `name`.
pub(super) fn find(name: &str) -> Option<&'static Kind> {
    let custom = CUSTOM
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    custom.iter().rev().find(|k| k.name == name).copied()
}

/// The custom kinds, in the order they were defined.
pub fn custom_kinds() -> Vec<&'static Kind> {
    let custom = CUSTOM
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut out: Vec<&'static Kind> = Vec::new();
    for k in custom.iter() {
        out.retain(|o| o.name != k.name);
        out.push(k);
    }
    out
}

/// Defines (or redefines) a record kind. Rules can then name it in `kinds`, and records of it can
/// be checked, in every engine of the process.
///
/// ```
/// use gongkai::schema::{self, KindDef};
/// let def = KindDef::from_json(&serde_json::json!({"name": "visitor_log", "label_zh": "来访登记",
///     "label_en": "Visitor log",
///     "fields": [{"name": "visited_on", "label_zh": "来访日期", "label_en": "Visited", "type": "date"}]}))
///     .map_err(|e| e.en)?;
/// let kind = schema::define_kind(&def).map_err(|e| e.en)?;
/// assert_eq!(schema::kind("visitor_log").unwrap().field("visited_on").unwrap().label_zh, "来访日期");
/// # let _ = kind;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn define_kind(def: &KindDef) -> Result<&'static Kind, Text> {
    check_name(&def.name, "记录类型名", "kind name")?;
    if super::standard_kind(&def.name).is_some() {
        return Err(Text::new(
            format!("「{}」是标准记录类型，不能重新定义", def.name),
            format!("`{}` is a standard kind and cannot be redefined", def.name),
        ));
    }
    if let Some(existing) = find(&def.name)
        && same(existing, def)
    {
        return Ok(existing);
    }
    let fields = fields(&def.fields, &def.name)?;
    let kind: &'static Kind = Box::leak(Box::new(Kind {
        name: leak(&def.name),
        label_zh: leak(&def.label_zh),
        label_en: leak(&def.label_en),
        fields,
    }));
    CUSTOM
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(kind);
    Ok(kind)
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn check_name(name: &str, zh: &str, en: &str) -> Result<(), Text> {
    let ok = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Text::new(
            format!("{zh}「{name}」应为小写英文、数字和下划线（snake_case），如 `publish_date`"),
            format!("{en} `{name}` must be snake_case, e.g. `publish_date`"),
        ))
    }
}

fn fields(defs: &[FieldDef], owner: &str) -> Result<&'static [Field], Text> {
    let mut out = Vec::with_capacity(defs.len());
    for (i, d) in defs.iter().enumerate() {
        check_name(&d.name, "字段名", "field name")?;
        if defs.iter().take(i).any(|p| p.name == d.name) {
            return Err(Text::new(
                format!("{owner} 的字段「{}」重复定义", d.name),
                format!("field `{}` of {owner} is defined twice", d.name),
            ));
        }
        let ty = match d.ty.as_str() {
            "text" => FieldType::Text,
            "date" => FieldType::Date,
            "date_time" => FieldType::DateTime,
            "bool" => FieldType::Bool,
            "int" => FieldType::Int,
            "text_list" => FieldType::TextList,
            "object" => FieldType::Object {
                fields: fields(&d.fields, &format!("{owner}.{}", d.name))?,
            },
            other => {
                return Err(Text::new(
                    format!(
                        "字段「{}」的类型「{other}」无效（可用：text、date、date_time、bool、int、text_list、object）",
                        d.name
                    ),
                    format!(
                        "field `{}` has an unknown type `{other}` (text, date, date_time, bool, int, text_list, object)",
                        d.name
                    ),
                ));
            }
        };
        let options: Vec<&'static str> = d.options.iter().map(|o| leak(o)).collect();
        out.push(Field {
            name: leak(&d.name),
            label_zh: leak(&d.label_zh),
            label_en: leak(&d.label_en),
            ty,
            required: d.required,
            options: Box::leak(options.into_boxed_slice()),
            synonyms: &[],
        });
    }
    Ok(Box::leak(out.into_boxed_slice()))
}

/// Whether `kind` is exactly what `def` describes (so defining it again leaks nothing).
fn same(kind: &Kind, def: &KindDef) -> bool {
    fn same_fields(fields: &[Field], defs: &[FieldDef]) -> bool {
        fields.len() == defs.len()
            && fields.iter().zip(defs).all(|(f, d)| {
                let ty_ok = match (f.ty, d.ty.as_str()) {
                    (FieldType::Object { fields }, "object") => same_fields(fields, &d.fields),
                    (FieldType::Text, "text")
                    | (FieldType::Date, "date")
                    | (FieldType::DateTime, "date_time")
                    | (FieldType::Bool, "bool")
                    | (FieldType::Int, "int")
                    | (FieldType::TextList, "text_list") => true,
                    _ => false,
                };
                ty_ok
                    && f.name == d.name
                    && f.label_zh == d.label_zh
                    && f.label_en == d.label_en
                    && f.required == d.required
                    && f.options
                        .iter()
                        .copied()
                        .eq(d.options.iter().map(String::as_str))
            })
    }
    kind.label_zh == def.label_zh
        && kind.label_en == def.label_en
        && same_fields(kind.fields, &def.fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::kind;

    fn def(json: &str) -> KindDef {
        KindDef::from_json(&crate::json::parse(json).unwrap()).unwrap()
    }

    #[test]
    fn defines_validates_and_reuses() {
        let d = def(
            r#"{"name": "test_form_a", "label_zh": "表", "label_en": "Form", "fields": [
            {"name": "age", "label_zh": "年龄", "label_en": "Age", "type": "int"},
            {"name": "contact", "label_zh": "联系人", "label_en": "Contact", "type": "object",
             "fields": [{"name": "email", "label_zh": "邮箱", "label_en": "Email", "type": "text"}]}]}"#,
        );
        let a = define_kind(&d).unwrap();
        let b = define_kind(&d).unwrap();
        assert!(
            std::ptr::eq(a, b),
            "an identical definition is not leaked again"
        );
        assert_eq!(
            kind("test_form_a")
                .unwrap()
                .field_at("contact.email")
                .unwrap()
                .label_zh,
            "邮箱"
        );
        let mut changed = d.clone();
        changed.label_zh = "表二".into();
        assert_eq!(define_kind(&changed).unwrap().label_zh, "表二");
        assert_eq!(kind("test_form_a").unwrap().label_zh, "表二");
    }

    #[test]
    fn rejects_bad_definitions() {
        let err = |json: &str| define_kind(&def(json)).unwrap_err().zh;
        assert!(
            err(r#"{"name": "document", "label_zh": "x", "label_en": "x", "fields": []}"#)
                .contains("标准记录类型")
        );
        assert!(
            err(r#"{"name": "Bad-Name", "label_zh": "x", "label_en": "x", "fields": []}"#)
                .contains("snake_case")
        );
        assert!(err(r#"{"name": "t_b", "label_zh": "x", "label_en": "x", "fields": [{"name": "a", "label_zh": "a", "label_en": "a", "type": "float"}]}"#).contains("float"));
        assert!(err(r#"{"name": "t_c", "label_zh": "x", "label_en": "x", "fields": [{"name": "a", "label_zh": "a", "label_en": "a", "type": "int"}, {"name": "a", "label_zh": "a", "label_en": "a", "type": "int"}]}"#).contains("重复"));
        let read = |json: &str| KindDef::from_json(&crate::json::parse(json).unwrap());
        assert_eq!(
            read(r#"{"name": "t", "label_zh": "x", "label_en": "x", "fields": [], "extra": 1}"#)
                .unwrap_err()
                .en,
            "unknown member `extra` (known: name, label_zh, label_en, fields)"
        );
        assert_eq!(
            read(r#"{"name": "t", "label_zh": "x", "label_en": "x", "fields": [
                {"name": "a", "label_zh": "a", "label_en": "a", "type": "object",
                 "fields": [{"name": "b", "label_zh": "b", "label_en": "b", "type": "int", "required": "yes"}]}]}"#)
            .unwrap_err()
            .zh,
            "「fields[0].fields[0].required」应为布尔值（true 或 false）"
        );
        assert_eq!(
            read(r#"{"name": "t", "label_zh": "x", "label_en": "x"}"#)
                .unwrap_err()
                .zh,
            "缺少「fields」"
        );
    }
}
