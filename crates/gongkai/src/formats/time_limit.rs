//! The 公开时限 column of 主动公开基本目录 / 基层政务公开标准目录 (R-CAT-1, R-CAT-2).
//!
//! Catalogues write the same limit many ways (`信息形成或者变更之日起20个工作日内`, `20工作日`,
//! `二十个工作日内`), and a rule needs the number and unit to compare with 条例 Art 26 (20 working
//! days) or a sector rule. The parser normalises the common shapes into a [`TimeLimit`] and
//! reports anything else, so that unparseable entries are fixed rather than silently skipped.

use std::fmt;

use super::numerals::{is_chinese_numeral_char, parse_chinese_number};

/// Unit of a time limit.
///
/// ```
/// use gongkai::formats::TimeUnit;
/// assert_eq!(TimeUnit::WorkingDays.code(), "workdays");
/// assert_eq!(TimeUnit::WorkingDays.label_zh(), "工作日");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// 工作日: counted on the working-day calendar.
    WorkingDays,
    /// 日 / 天 / 自然日: calendar days. `N周` is read as 7·N days, which is exact.
    Days,
    /// 小时.
    Hours,
    /// 个月.
    Months,
    /// 年.
    Years,
}

impl TimeUnit {
    /// Stable code: `"workdays"`, `"days"`, `"hours"`, `"months"` or `"years"`.
    ///
    /// ```
    /// use gongkai::formats::TimeUnit;
    /// assert_eq!(TimeUnit::Hours.code(), "hours");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::WorkingDays => "workdays",
            Self::Days => "days",
            Self::Hours => "hours",
            Self::Months => "months",
            Self::Years => "years",
        }
    }

    /// Chinese label as written after a number: `"工作日"`, `"日"`, `"小时"`, `"个月"`, `"年"`.
    ///
    /// ```
    /// use gongkai::formats::TimeUnit;
    /// assert_eq!(format!("3{}", TimeUnit::Months.label_zh()), "3个月");
    /// ```
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::WorkingDays => "工作日",
            Self::Days => "日",
            Self::Hours => "小时",
            Self::Months => "个月",
            Self::Years => "年",
        }
    }
}

/// How often a periodic disclosure recurs.
///
/// ```
/// use gongkai::formats::Period;
/// assert_eq!(Period::Quarter.code(), "quarter");
/// assert_eq!(Period::Quarter.label_zh(), "每季度");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// 每年 / 每年度 / 按年.
    Year,
    /// 每半年.
    HalfYear,
    /// 每季度 / 按季度.
    Quarter,
    /// 每月 / 按月.
    Month,
    /// 每周 / 每星期.
    Week,
}

impl Period {
    /// Stable code: `"year"`, `"half_year"`, `"quarter"`, `"month"` or `"week"`.
    ///
    /// ```
    /// use gongkai::formats::Period;
    /// assert_eq!(Period::HalfYear.code(), "half_year");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::HalfYear => "half_year",
            Self::Quarter => "quarter",
            Self::Month => "month",
            Self::Week => "week",
        }
    }

    /// Chinese label: `"每年"`, `"每半年"`, `"每季度"`, `"每月"` or `"每周"`.
    ///
    /// ```
    /// use gongkai::formats::Period;
    /// assert_eq!(Period::Year.label_zh(), "每年");
    /// ```
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Year => "每年",
            Self::HalfYear => "每半年",
            Self::Quarter => "每季度",
            Self::Month => "每月",
            Self::Week => "每周",
        }
    }
}

/// The shape of a time limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimeLimitKind {
    /// A deadline: publish within `amount` `unit`s of the trigger (`20个工作日内`).
    Within {
        /// Number of units, at least 1.
        amount: u32,
        /// The unit.
        unit: TimeUnit,
    },
    /// A period the information stays published (`公告期限为5个工作日`, `公示期不少于7日`), or a
    /// lead time before an event (`停电前提前7天公告`).
    ///
    /// Kept apart from [`Within`](Self::Within) because it is not a deadline: comparing it with
    /// the 20-working-day limit of Art 26 would be wrong, so [`TimeLimit::working_days`] returns
    /// `None` for it.
    Duration {
        /// Number of units, at least 1.
        amount: u32,
        /// The unit.
        unit: TimeUnit,
    },
    /// 实时 / 及时 / 即时 / 随时 / 动态 公开 or 更新: as soon as the information exists.
    Immediate,
    /// Recurring disclosure (`每季度`, `每年3月31日前`).
    ///
    /// `month` and `day` give the deadline within each period when stated: `每年3月31日前` is
    /// `Year, Some(3), Some(31)`; `每月10日前` is `Month, None, Some(10)`; `每年3月底前` is
    /// `Year, Some(3), None`, meaning the end of that month.
    Periodic {
        /// How often.
        every: Period,
        /// Month (1–12) of the deadline, for yearly limits.
        month: Option<u32>,
        /// Day of the month of the deadline.
        day: Option<u32>,
    },
    /// 长期公开 / 常年公开 / 永久公开: published and kept up indefinitely, no deadline.
    Fixed,
}

impl TimeLimitKind {
    /// Stable code of the shape: `"within"`, `"duration"`, `"immediate"`, `"periodic"` or
    /// `"fixed"`, so rules can branch without matching on the Rust enum.
    ///
    /// ```
    /// use gongkai::formats::parse_time_limit;
    /// assert_eq!(parse_time_limit("长期公开").unwrap().kind.code(), "fixed");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::Within { .. } => "within",
            Self::Duration { .. } => "duration",
            Self::Immediate => "immediate",
            Self::Periodic { .. } => "periodic",
            Self::Fixed => "fixed",
        }
    }
}

/// A parsed 公开时限.
///
/// ```
/// use gongkai::formats::{parse_time_limit, TimeLimitKind, TimeUnit};
/// let t = parse_time_limit("信息形成或者变更之日起20个工作日内").unwrap();
/// assert_eq!(t.kind, TimeLimitKind::Within { amount: 20, unit: TimeUnit::WorkingDays });
/// assert_eq!(t.trigger.as_deref(), Some("信息形成或者变更之日"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimeLimit {
    /// The shape and amount.
    pub kind: TimeLimitKind,
    /// The event the limit counts from, as written without 自/起/后 (`信息形成或者变更之日`,
    /// `关联规范性文件公开`). `None` when the text names none (`20工作日`); a rule then assumes
    /// 信息形成或者变更之日, the default of Art 26.
    pub trigger: Option<String>,
}

impl TimeLimit {
    /// The deadline in working days, if this is a working-day deadline.
    ///
    /// `None` for every other kind, including a [`Duration`](TimeLimitKind::Duration) counted
    /// in working days, because that is how long something stays published, not how soon it
    /// must be.
    ///
    /// ```
    /// use gongkai::formats::parse_time_limit;
    /// assert_eq!(parse_time_limit("20工作日").unwrap().working_days(), Some(20));
    /// assert_eq!(parse_time_limit("公告期限为5个工作日").unwrap().working_days(), None);
    /// assert_eq!(parse_time_limit("10日内").unwrap().working_days(), None);
    /// ```
    pub fn working_days(&self) -> Option<u32> {
        match self.kind {
            TimeLimitKind::Within {
                amount,
                unit: TimeUnit::WorkingDays,
            } => Some(amount),
            _ => None,
        }
    }
}

/// Why a 公开时限 could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimitError {
    /// The text is empty or only whitespace and punctuation.
    Empty,
    /// None of the known shapes matched.
    Unrecognized {
        /// The text as given.
        text: String,
    },
    /// A limit of zero units (`0个工作日内`).
    ZeroAmount {
        /// The text as given.
        text: String,
    },
    /// A periodic deadline on a day that does not exist (`每年2月30日前`).
    InvalidDate {
        /// The text as given.
        text: String,
    },
}

impl TimeLimitError {
    /// Stable code: `"empty"`, `"unrecognized"`, `"zero_amount"` or `"invalid_date"`.
    ///
    /// ```
    /// use gongkai::formats::parse_time_limit;
    /// assert_eq!(parse_time_limit("尽快").unwrap_err().code(), "unrecognized");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Unrecognized { .. } => "unrecognized",
            Self::ZeroAmount { .. } => "zero_amount",
            Self::InvalidDate { .. } => "invalid_date",
        }
    }

    /// The message in Chinese, naming the text and the expected forms.
    ///
    /// ```
    /// use gongkai::formats::parse_time_limit;
    /// let msg = parse_time_limit("尽快").unwrap_err().message_zh();
    /// assert!(msg.starts_with("无法识别公开时限「尽快」"));
    /// ```
    pub fn message_zh(&self) -> String {
        const EXPECTED: &str = "如「信息形成或者变更之日起20个工作日内」，或写作「实时公开」「每季度」「每年3月31日前」「长期公开」等";
        match self {
            Self::Empty => format!("公开时限为空：应写明期限和起算时点，{EXPECTED}"),
            Self::Unrecognized { text } => {
                format!("无法识别公开时限「{text}」：应写明期限和起算时点，{EXPECTED}")
            }
            Self::ZeroAmount { text } => {
                format!("公开时限「{text}」的期限为0：应写明大于0的期限，如「20个工作日内」")
            }
            Self::InvalidDate { text } => format!(
                "公开时限「{text}」中的日期不存在：应写作实际存在的日期，如「每年3月31日前」"
            ),
        }
    }

    /// The message in English.
    ///
    /// ```
    /// use gongkai::formats::parse_time_limit;
    /// assert!(parse_time_limit("").unwrap_err().message_en().contains("empty"));
    /// ```
    pub fn message_en(&self) -> String {
        match self {
            Self::Empty => "the time limit is empty".to_owned(),
            Self::Unrecognized { text } => format!(
                "cannot read the time limit `{text}`: expected e.g. `信息形成或者变更之日起20个工作日内`, `实时公开`, `每季度`, `每年3月31日前` or `长期公开`"
            ),
            Self::ZeroAmount { text } => format!("the time limit `{text}` is zero"),
            Self::InvalidDate { text } => {
                format!("the time limit `{text}` names a day that does not exist")
            }
        }
    }
}

impl fmt::Display for TimeLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for TimeLimitError {}

/// Parse a 公开时限.
///
/// Shapes recognised, tried in this order:
/// 1. [`Fixed`](TimeLimitKind::Fixed): text beginning 长期 / 常年 / 永久.
/// 2. [`Periodic`](TimeLimitKind::Periodic): 每年 / 每半年 / 每季度 / 每月 / 每周 (or 按…, 年度…)
///    with an optional deadline date and 前.
/// 3. [`Within`](TimeLimitKind::Within) or [`Duration`](TimeLimitKind::Duration): a number in
///    Arabic or Chinese numerals, an optional 个, a unit (工作日, 日, 天, 自然日, 小时, 个月, 年,
///    周), then optionally 内 / 以内 / 之内. The text before the number is the trigger
///    (`自…之日起` → `…之日`, `…后` → `…`), unless it introduces a period (`…期限为`, `公示期`,
///    `不少于`, or a lead time `提前`, with no 内), which makes it a Duration.
/// 4. [`Immediate`](TimeLimitKind::Immediate): 实时 / 及时 / 即时 / 随时 / 动态, optionally after
///    a trigger (`信息形成后及时公开`).
///
/// After the limit, a verb such as 公开 / 发布 / 更新 or punctuation may follow; what comes after
/// it is a remark (`公开上一年度报告`, `，长期保留`) and is ignored. Anything else right after the
/// limit (`20日前`) makes the text unrecognised rather than guessed at. Whitespace anywhere is
/// ignored.
///
/// ```
/// use gongkai::formats::{parse_time_limit, Period, TimeLimitKind, TimeUnit};
/// assert_eq!(parse_time_limit("实时公开").unwrap().kind, TimeLimitKind::Immediate);
/// assert_eq!(
///     parse_time_limit("每年3月31日前").unwrap().kind,
///     TimeLimitKind::Periodic { every: Period::Year, month: Some(3), day: Some(31) }
/// );
/// assert_eq!(
///     parse_time_limit("公告期限为5个工作日").unwrap().kind,
///     TimeLimitKind::Duration { amount: 5, unit: TimeUnit::WorkingDays }
/// );
/// assert!(parse_time_limit("按规定").is_err());
/// ```
pub fn parse_time_limit(s: &str) -> Result<TimeLimit, TimeLimitError> {
    // Rules call this on every record: no copy unless there is whitespace to take out.
    let compact: std::borrow::Cow<'_, str> = if s.contains(char::is_whitespace) {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .into()
    } else {
        s.into()
    };
    let text = compact.trim_end_matches(|c| is_punct(c) || c == '.');
    if text.is_empty() {
        return Err(TimeLimitError::Empty);
    }
    let unrecognized = || TimeLimitError::Unrecognized { text: s.to_owned() };

    if ["长期", "常年", "永久"].iter().any(|w| text.starts_with(w)) {
        return Ok(TimeLimit {
            kind: TimeLimitKind::Fixed,
            trigger: None,
        });
    }
    if let Some(result) = parse_periodic(text) {
        return result
            .map(|kind| TimeLimit {
                kind,
                trigger: None,
            })
            .map_err(|()| TimeLimitError::InvalidDate { text: s.to_owned() });
    }
    if let Some(result) = parse_within(text) {
        return result.map_err(|()| TimeLimitError::ZeroAmount { text: s.to_owned() });
    }
    parse_immediate(text).ok_or_else(unrecognized)
}

/// Words that may follow a limit (`20个工作日内公开`, `实时更新`).
const VERBS: [&str; 16] = [
    "予以公开",
    "向社会公开",
    "主动公开",
    "对外公开",
    "公开",
    "发布",
    "公布",
    "更新",
    "公示",
    "公告",
    "调整",
    "完成",
    "办结",
    "报送",
    "录入",
    "维护",
];

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '。' | '、' | '（' | '(' | '：' | ':'
    )
}

/// Whether `rest` may follow a limit: nothing, punctuation, or one of [`VERBS`]. Whatever
/// follows punctuation or a verb is a remark about *what* is published (`公开上一年度报告`,
/// `，长期保留`) and does not change the limit.
fn tail_ok(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with(is_punct) || VERBS.iter().any(|v| rest.starts_with(v))
}

fn is_arabic(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The two kinds of numeral a number is written in; a number is a run of one kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numeral {
    Arabic,
    Chinese,
}

fn numeral(c: char) -> Option<Numeral> {
    if is_arabic(c) {
        Some(Numeral::Arabic)
    } else if is_chinese_numeral_char(c) {
        Some(Numeral::Chinese)
    } else {
        None
    }
}

/// Length in bytes of the run at the start of `s` of the same numeral kind as its first char.
fn numeral_run(s: &str) -> usize {
    let Some(kind) = s.chars().next().and_then(numeral) else {
        return 0;
    };
    s.char_indices()
        .find(|&(_, c)| numeral(c) != Some(kind))
        .map_or(s.len(), |(i, _)| i)
}

/// Reads a number at the start of `s`; returns it and the rest.
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let (number, rest) = s.split_at_checked(numeral_run(s))?;
    Some((parse_chinese_number(number)?, rest))
}

const PERIOD_WORDS: [(&str, Period); 21] = [
    ("每半年度", Period::HalfYear),
    ("每个季度", Period::Quarter),
    ("每半年", Period::HalfYear),
    ("每年度", Period::Year),
    ("每季度", Period::Quarter),
    ("每个月", Period::Month),
    ("每星期", Period::Week),
    ("每年", Period::Year),
    ("每季", Period::Quarter),
    ("每月", Period::Month),
    ("每周", Period::Week),
    ("按半年", Period::HalfYear),
    ("按年度", Period::Year),
    ("按季度", Period::Quarter),
    ("按年", Period::Year),
    ("按季", Period::Quarter),
    ("按月", Period::Month),
    ("按周", Period::Week),
    ("半年度", Period::HalfYear),
    ("年度", Period::Year),
    ("季度", Period::Quarter),
];

/// `None` if the text is not periodic; `Some(Err(()))` for a periodic text with an impossible
/// date.
fn parse_periodic(text: &str) -> Option<Result<TimeLimitKind, ()>> {
    let (every, mut rest) = PERIOD_WORDS
        .iter()
        .find_map(|&(word, period)| text.strip_prefix(word).map(|rest| (period, rest)))?;

    let mut month = None;
    let mut day = None;
    let mut end_of_month = false;
    if let Some((n, after)) = leading_number(rest) {
        if let Some(after_month) = after.strip_prefix('月') {
            month = Some(n);
            rest = after_month;
            if let Some(after_end) = rest.strip_prefix('底').or_else(|| rest.strip_prefix('末')) {
                end_of_month = true;
                rest = after_end;
            } else if let Some((d, after_day)) = leading_number(rest) {
                rest = after_day.strip_prefix(['日', '号'])?;
                day = Some(d);
            }
        } else {
            rest = after.strip_prefix(['日', '号'])?;
            day = Some(n);
        }
    }
    if month.is_some() || day.is_some() {
        rest = ["之前", "以前", "前", "内"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest);
    }
    if !tail_ok(rest) {
        return None;
    }
    let shape_ok = match every {
        Period::Year => day.is_none() || month.is_some(),
        Period::Month => month.is_none() && !end_of_month,
        _ => month.is_none() && day.is_none(),
    };
    if !shape_ok {
        return None;
    }
    let date_ok = match (month, day) {
        (Some(m), Some(d)) => d >= 1 && d <= crate::date::days_in_month(2024, m),
        (Some(m), None) => (1..=12).contains(&m),
        (None, Some(d)) => (1..=31).contains(&d),
        (None, None) => true,
    };
    Some(if date_ok {
        Ok(TimeLimitKind::Periodic { every, month, day })
    } else {
        Err(())
    })
}

/// Units after a number, longest first: (word, unit, multiplier, needs 个).
const UNITS: [(&str, TimeUnit, u32, bool); 9] = [
    ("工作日", TimeUnit::WorkingDays, 1, false),
    ("自然日", TimeUnit::Days, 1, false),
    ("日历日", TimeUnit::Days, 1, false),
    ("小时", TimeUnit::Hours, 1, false),
    ("星期", TimeUnit::Days, 7, false),
    ("天", TimeUnit::Days, 1, false),
    ("日", TimeUnit::Days, 1, false),
    ("周", TimeUnit::Days, 7, false),
    // `3月` alone is a month of the year, not three months: require 个.
    ("月", TimeUnit::Months, 1, true),
];

/// `None` if no `number + unit` is found; `Some(Err(()))` for a zero amount.
fn parse_within(text: &str) -> Option<Result<TimeLimit, ()>> {
    let mut previous = None;
    text.char_indices().find_map(|(i, current)| {
        // Only the start of a run: `十` inside `二十` is not a number of its own.
        let kind = numeral(current);
        let starts_run = kind.is_some() && previous.and_then(numeral) != kind;
        previous = Some(current);
        if !starts_run {
            return None;
        }
        let (prefix, rest) = text.split_at_checked(i)?;
        let (number, after) = rest.split_at_checked(numeral_run(rest))?;
        let amount = parse_chinese_number(number)?;
        let (has_ge, after) = match after.strip_prefix('个') {
            Some(a) => (true, a),
            None => (false, after),
        };
        let (unit, amount, after) = UNITS
            .iter()
            .find_map(|&(word, unit, factor, needs_ge)| {
                let tail = after.strip_prefix(word)?;
                (has_ge || !needs_ge).then_some((unit, amount.checked_mul(factor)?, tail))
            })
            .or_else(|| {
                // Years: at most a century, so that `2018年内` is not read as 2018 years.
                let tail = after.strip_prefix('年')?;
                (amount <= 100).then_some((TimeUnit::Years, amount, tail))
            })?;
        let (has_nei, after) = ["以内", "之内", "内"]
            .iter()
            .find_map(|w| after.strip_prefix(w).map(|a| (true, a)))
            .unwrap_or((false, after));
        if !tail_ok(after) {
            return None;
        }
        if amount == 0 {
            return Some(Err(()));
        }
        let limit = if !has_nei && is_duration_prefix(prefix.trim_end_matches(is_punct)) {
            TimeLimit {
                kind: TimeLimitKind::Duration { amount, unit },
                trigger: None,
            }
        } else {
            TimeLimit {
                kind: TimeLimitKind::Within { amount, unit },
                trigger: clean_trigger(prefix),
            }
        };
        Some(Ok(limit))
    })
}

/// Whether the text before a number introduces a period rather than a trigger.
fn is_duration_prefix(prefix: &str) -> bool {
    [
        "期限为",
        "期限是",
        "期为",
        "期是",
        "期限",
        "期",
        "为期",
        "不少于",
        "不得少于",
        "至少",
        "不低于",
        // A lead time: 7 days *before* the event, not within 7 days of a trigger.
        "提前",
    ]
    .iter()
    .any(|w| prefix.ends_with(w))
}

fn parse_immediate(text: &str) -> Option<TimeLimit> {
    ["实时", "及时", "即时", "随时", "动态"]
        .iter()
        .find_map(|word| {
            let (prefix, rest) = text.split_once(word)?;
            // Only an event (`信息形成后`) is a trigger, not a manner (`按照有关规定`).
            let is_event = ["后", "起", "时"].iter().any(|w| prefix.ends_with(w));
            tail_ok(rest).then(|| TimeLimit {
                kind: TimeLimitKind::Immediate,
                trigger: if is_event {
                    clean_trigger(prefix)
                } else {
                    None
                },
            })
        })
}

/// The trigger without framing words: `自…之日起` → `…之日`, `信息形成后` → `信息形成`.
/// A column label before a colon (`公开时限：`) is dropped.
fn clean_trigger(prefix: &str) -> Option<String> {
    let mut t = prefix
        .rsplit_once(['：', ':'])
        .map_or(prefix, |(_, after)| after)
        .trim_matches(is_punct);
    for lead in ["应当在", "应当于", "应于", "应在", "在", "于", "自", "从"] {
        if let Some(rest) = t.strip_prefix(lead) {
            t = rest;
            break;
        }
    }
    for tail in ["起算", "起", "开始"] {
        if let Some(rest) = t.strip_suffix(tail) {
            t = rest;
            break;
        }
    }
    for tail in ["之后", "以后", "后"] {
        if let Some(rest) = t.strip_suffix(tail) {
            t = rest;
            break;
        }
    }
    let t = t.trim_matches(is_punct);
    (!t.is_empty()).then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(amount: u32, unit: TimeUnit) -> TimeLimitKind {
        TimeLimitKind::Within { amount, unit }
    }

    fn ok(s: &str) -> TimeLimit {
        parse_time_limit(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn working_day_deadlines_from_catalogues() {
        use TimeUnit::WorkingDays as W;
        for (s, amount, trigger) in [
            (
                "信息形成或者变更之日起20个工作日内",
                20,
                Some("信息形成或者变更之日"),
            ),
            (
                "信息形成或变更之日起3个工作日内",
                3,
                Some("信息形成或变更之日"),
            ),
            (
                "自制作或获取该信息之日起20个工作日内公开",
                20,
                Some("制作或获取该信息之日"),
            ),
            ("20工作日", 20, None),
            ("二十个工作日内", 20, None),
            (
                "自作出行政决定之日起7个工作日内",
                7,
                Some("作出行政决定之日"),
            ),
            (
                "关联规范性文件公开3个工作日内",
                3,
                Some("关联规范性文件公开"),
            ),
            ("信息形成后20个工作日内", 20, Some("信息形成")),
            (
                "应于信息形成之日起20个工作日内予以公开",
                20,
                Some("信息形成之日"),
            ),
            (
                "信息形成或者变更之日起，20个工作日内",
                20,
                Some("信息形成或者变更之日"),
            ),
            ("20 个工作日内。", 20, None),
            ("２０个工作日内", 20, None),
            ("20个工作日以内", 20, None),
            ("公开时限：20个工作日内", 20, None),
            (
                "信息形成之日起20个工作日内公开，长期保留",
                20,
                Some("信息形成之日"),
            ),
        ] {
            let t = ok(s);
            assert_eq!(t.kind, within(amount, W), "{s}");
            assert_eq!(t.trigger.as_deref(), trigger, "{s}");
            assert_eq!(t.working_days(), Some(amount));
        }
    }

    #[test]
    fn other_units() {
        for (s, kind) in [
            ("10日内", within(10, TimeUnit::Days)),
            ("十日内", within(10, TimeUnit::Days)),
            ("7天内", within(7, TimeUnit::Days)),
            ("15个自然日内", within(15, TimeUnit::Days)),
            ("24小时内", within(24, TimeUnit::Hours)),
            ("二十四个小时内", within(24, TimeUnit::Hours)),
            ("三个月内", within(3, TimeUnit::Months)),
            ("1年内", within(1, TimeUnit::Years)),
            ("两周内", within(14, TimeUnit::Days)),
        ] {
            let t = ok(s);
            assert_eq!(t.kind, kind, "{s}");
            assert_eq!(t.trigger, None, "{s}");
            assert_eq!(t.working_days(), None, "{s}");
        }
    }

    #[test]
    fn trigger_with_period_word() {
        let t = ok("每季度结束后15日内");
        assert_eq!(t.kind, within(15, TimeUnit::Days));
        assert_eq!(t.trigger.as_deref(), Some("每季度结束"));
    }

    #[test]
    fn durations() {
        for (s, amount, unit) in [
            ("公告期限为5个工作日", 5, TimeUnit::WorkingDays),
            ("公示期7天", 7, TimeUnit::Days),
            ("公示期不少于5个工作日", 5, TimeUnit::WorkingDays),
            ("为期30日", 30, TimeUnit::Days),
            ("停电前提前7天公告", 7, TimeUnit::Days),
            ("征收土地应提前30日公告", 30, TimeUnit::Days),
        ] {
            let t = ok(s);
            assert_eq!(t.kind, TimeLimitKind::Duration { amount, unit }, "{s}");
            assert_eq!(t.trigger, None);
            assert_eq!(t.working_days(), None);
        }
    }

    #[test]
    fn immediate() {
        for s in [
            "实时公开",
            "及时公开",
            "即时公开",
            "随时公开",
            "实时",
            "动态更新",
            "实时更新",
        ] {
            let t = ok(s);
            assert_eq!(t.kind, TimeLimitKind::Immediate, "{s}");
            assert_eq!(t.trigger, None, "{s}");
        }
        let t = ok("信息形成后及时公开");
        assert_eq!(t.kind, TimeLimitKind::Immediate);
        assert_eq!(t.trigger.as_deref(), Some("信息形成"));
        let t = ok("按照有关规定及时公开");
        assert_eq!(t.kind, TimeLimitKind::Immediate);
        assert_eq!(t.trigger, None);
    }

    #[test]
    fn periodic() {
        use Period::*;
        for (s, every, month, day) in [
            ("每年3月31日前", Year, Some(3), Some(31)),
            ("每年3月31日之前公开", Year, Some(3), Some(31)),
            ("每年三月三十一日前", Year, Some(3), Some(31)),
            ("每年2月29日前", Year, Some(2), Some(29)),
            ("每年1月底前", Year, Some(1), None),
            ("每季度", Quarter, None, None),
            ("每季度更新", Quarter, None, None),
            ("按季度公开", Quarter, None, None),
            ("每年", Year, None, None),
            ("年度", Year, None, None),
            ("每半年", HalfYear, None, None),
            ("每月", Month, None, None),
            ("每月10日前", Month, None, Some(10)),
            ("每周更新", Week, None, None),
            ("每年6月30日前公开上一年度报告", Year, Some(6), Some(30)),
        ] {
            let t = ok(s);
            assert_eq!(t.kind, TimeLimitKind::Periodic { every, month, day }, "{s}");
            assert_eq!(t.working_days(), None);
        }
    }

    #[test]
    fn fixed() {
        for s in ["长期公开", "常年公开", "长期", "长期，最新有效", "永久公开"]
        {
            assert_eq!(ok(s).kind, TimeLimitKind::Fixed, "{s}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(parse_time_limit(""), Err(TimeLimitError::Empty));
        assert_eq!(parse_time_limit(" 。"), Err(TimeLimitError::Empty));
        for s in [
            "按规定",
            "依法公开",
            "尽快",
            "20",
            "3月",
            "每年10日前",
            "2018年内",
            "每月3月",
        ] {
            let e = parse_time_limit(s).unwrap_err();
            assert_eq!(e, TimeLimitError::Unrecognized { text: s.into() }, "{s}");
            assert!(e.message_zh().contains(&format!("「{s}」")));
            assert!(e.message_zh().contains("20个工作日内"));
        }
        assert_eq!(
            parse_time_limit("0个工作日内"),
            Err(TimeLimitError::ZeroAmount {
                text: "0个工作日内".into()
            })
        );
        for s in [
            "每年2月30日前",
            "每年13月1日前",
            "每月32日前",
            "每年0月底前",
        ] {
            assert_eq!(
                parse_time_limit(s),
                Err(TimeLimitError::InvalidDate { text: s.into() }),
                "{s}"
            );
        }
        for e in [
            TimeLimitError::Empty,
            TimeLimitError::Unrecognized { text: "x".into() },
            TimeLimitError::ZeroAmount { text: "x".into() },
            TimeLimitError::InvalidDate { text: "x".into() },
        ] {
            assert!(!e.message_zh().is_empty());
            assert_eq!(e.to_string(), e.message_en());
            assert!(!e.code().is_empty());
        }
    }

    #[test]
    fn unit_labels() {
        let all = [
            TimeUnit::WorkingDays,
            TimeUnit::Days,
            TimeUnit::Hours,
            TimeUnit::Months,
            TimeUnit::Years,
        ];
        let codes: Vec<&str> = all.iter().map(TimeUnit::code).collect();
        assert_eq!(codes, ["workdays", "days", "hours", "months", "years"]);
        let labels: Vec<&str> = all.iter().map(TimeUnit::label_zh).collect();
        assert_eq!(labels, ["工作日", "日", "小时", "个月", "年"]);
    }

    #[test]
    fn never_panics() {
        let alphabet = "每年月日前后内个工作小时起自之二十0129３，长期实时公开";
        for s in crate::testing::random_texts(alphabet, 0x0123_4567_89AB_CDEF, 30_000, 16) {
            match parse_time_limit(&s) {
                Ok(t) => {
                    if let TimeLimitKind::Within { amount, .. }
                    | TimeLimitKind::Duration { amount, .. } = t.kind
                    {
                        assert!(amount > 0);
                    }
                }
                Err(e) => {
                    let _ = e.message_zh();
                }
            }
        }
    }
}
