//! Errors of the working-day calendar.

use std::fmt;

use crate::date::Date;

/// Why the calendar could not answer, or refused data.
///
/// `Display` is English (for logs and developers); [`CalendarError::message_zh`] is the natural
/// Chinese message for findings and reports.
///
/// ```
/// use gongkai::calendar::{Calendar, CalendarError};
/// use gongkai::date::Date;
///
/// let err = Calendar::builtin().is_workday(Date::parse("2027-06-01")?).unwrap_err();
/// assert!(matches!(err, CalendarError::NotCovered { year: 2027, .. }));
/// assert!(err.to_string().contains("no holiday notice for 2027"));
/// assert!(err.message_zh().contains("日历未包含2027年的放假安排"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// `date` cannot be decided because the State Council holiday notice for `year` is not
    /// loaded. `year` is `date`'s own year, or the next year when `date` is late in December
    /// (see [`super::NEXT_NOTICE_FROM_DECEMBER`]). The calendar never falls back to
    /// "Monday to Friday" for such a date.
    NotCovered {
        /// The year whose notice is missing.
        year: i32,
        /// The first day that could not be decided (for a walk: the day the walk reached).
        date: Date,
    },
    /// A holiday-cn file whose `days` list is empty: the notice for `year` has not been
    /// published (or scraped) yet, so the year must stay uncovered.
    EmptyNotice {
        /// The notice year.
        year: i32,
    },
    /// Calendar data (holiday-cn JSON or the text format) is malformed.
    InvalidData {
        /// The file, when known (the converter names the JSON file).
        file: Option<String>,
        /// The 1-based line: of the text format, or of a JSON syntax error.
        line: Option<usize>,
        /// The JSON field path, e.g. `days[3].date`.
        field: Option<String>,
        /// What is wrong.
        problem: DataProblem,
    },
}

/// What is wrong with calendar data (the detail of [`CalendarError::InvalidData`]).
///
/// ```
/// use gongkai::calendar::{Calendar, CalendarError, DataProblem};
///
/// let err = Calendar::empty()
///     .add_year_json(r#"{"year": 2030, "papers": [], "days": [
///         {"name": "元旦", "date": "2030-02-30", "isOffDay": true}]}"#)
///     .unwrap_err();
/// let CalendarError::InvalidData { field, problem, .. } = &err else { panic!("{err}") };
/// assert_eq!(field.as_deref(), Some("days[0].date"));
/// assert_eq!(problem, &DataProblem::BadDate("2030-02-30".into()));
/// assert_eq!(problem.message_zh(), "「2030-02-30」不是有效日期（应为 YYYY-MM-DD）");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataProblem {
    /// Not JSON at all: where on the line, and what the reader found wrong.
    Json(Box<crate::json::JsonError>),
    /// A required field is absent (the field path says which).
    Missing,
    /// A field has the wrong JSON type.
    WrongType {
        /// The expected type, e.g. `"string"`.
        expected: &'static str,
    },
    /// The notice year is not an integer between 2 and 9998.
    BadYear(String),
    /// A date is not a real `YYYY-MM-DD` day.
    BadDate(String),
    /// A run of days in the text format is not `YYYY-MM-DD/END`, END being `DD`, `MM-DD` or
    /// `YYYY-MM-DD` and a real day after the start.
    BadRange(String),
    /// A notice for `year` lists `date`, outside the window a notice may list
    /// (21 December of the year before to 31 December of `year`).
    OutsideNotice {
        /// The listed date.
        date: Date,
        /// The notice year.
        year: i32,
    },
    /// The same date is listed twice in one notice.
    DuplicateDate(Date),
    /// The same notice year appears twice.
    DuplicateYear(i32),
    /// A file named `YYYY.json` holds the notice for another year.
    YearMismatch {
        /// The year in the file name.
        file_year: i32,
        /// The year in the file.
        year: i32,
    },
    /// A holiday name is empty, has surrounding spaces or contains control characters.
    BadName(String),
    /// A `papers` entry is empty or contains white space or control characters.
    BadUrl(String),
    /// A line of the text format is not understood.
    BadLine(String),
    /// A day line of the text format comes before any `[YEAR]` header.
    DayBeforeHeader,
}

impl CalendarError {
    /// The message in natural Chinese, for findings shown to disclosure staff.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// use gongkai::date::Date;
    ///
    /// let err = Calendar::builtin().is_workday(Date::parse("2027-06-01")?).unwrap_err();
    /// assert_eq!(
    ///     err.message_zh(),
    ///     "日历未包含2027年的放假安排（国务院办公厅通知尚未载入），无法判断2027-06-01是否为工作日；\
    ///      可用 holiday-cn 格式的 2027.json 扩充日历"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn message_zh(&self) -> String {
        match self {
            Self::NotCovered { year, date } => {
                let why = if date.year() == *year {
                    "国务院办公厅通知尚未载入"
                } else {
                    "国务院办公厅通知尚未载入；12月下旬可能由次年通知调休"
                };
                format!(
                    "日历未包含{year}年的放假安排（{why}），无法判断{date}是否为工作日；\
                     可用 holiday-cn 格式的 {year}.json 扩充日历"
                )
            }
            Self::EmptyNotice { year } => format!(
                "{year}年的放假安排为空（days 列表为空，通知可能尚未发布），\
                 不能据此计算{year}年的工作日"
            ),
            Self::InvalidData {
                file,
                line,
                field,
                problem,
            } => {
                let at = Location {
                    line: |l| format!("第{l}行"),
                    field: |f| format!("字段 {f}"),
                    separator: "，",
                };
                match at.of(file.as_deref(), *line, field.as_deref()) {
                    None => format!("日历数据有误：{}", problem.message_zh()),
                    Some(at) => format!("日历数据有误（{at}）：{}", problem.message_zh()),
                }
            }
        }
    }

    /// Names the file an [`CalendarError::InvalidData`] came from (other variants unchanged).
    pub(crate) fn in_file(self, name: &str) -> Self {
        match self {
            Self::InvalidData {
                line,
                field,
                problem,
                ..
            } => Self::InvalidData {
                file: Some(name.to_owned()),
                line,
                field,
                problem,
            },
            other => other,
        }
    }
}

/// How one language names where bad calendar data is (`2030.json, line 1`, `第1行，字段 days[0].date`).
struct Location {
    line: fn(usize) -> String,
    field: fn(&str) -> String,
    separator: &'static str,
}

impl Location {
    /// The known parts of a location, joined; `None` when none is known.
    fn of(&self, file: Option<&str>, line: Option<usize>, field: Option<&str>) -> Option<String> {
        let parts: Vec<String> = [
            file.map(str::to_owned),
            line.map(self.line),
            field.map(self.field),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(self.separator))
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotCovered { year, date } => write!(
                f,
                "cannot decide whether {date} is a working day: the calendar has no holiday \
                 notice for {year} (extend it with that year's holiday-cn JSON)"
            ),
            Self::EmptyNotice { year } => write!(
                f,
                "the holiday notice for {year} lists no days (`days` is empty; probably not \
                 published yet), so {year} cannot be covered"
            ),
            Self::InvalidData {
                file,
                line,
                field,
                problem,
            } => {
                let at = Location {
                    line: |l| format!("line {l}"),
                    field: |f| format!("field `{f}`"),
                    separator: ", ",
                };
                match at.of(file.as_deref(), *line, field.as_deref()) {
                    None => write!(f, "invalid calendar data: {problem}"),
                    Some(at) => write!(f, "invalid calendar data ({at}): {problem}"),
                }
            }
        }
    }
}

impl std::error::Error for CalendarError {}

impl DataProblem {
    /// The problem in natural Chinese.
    ///
    /// ```
    /// use gongkai::calendar::DataProblem;
    /// assert_eq!(DataProblem::Missing.message_zh(), "缺少必填字段");
    /// ```
    pub fn message_zh(&self) -> String {
        match self {
            Self::Json(e) => format!("不是有效的 JSON（第{}列：{}）", e.column, e.problem.zh),
            Self::Missing => "缺少必填字段".to_owned(),
            Self::WrongType { expected } => format!("类型错误，应为 {expected}"),
            Self::BadYear(y) => format!("年份「{y}」无效（应为 2 至 9998 之间的整数）"),
            Self::BadDate(d) => format!("「{d}」不是有效日期（应为 YYYY-MM-DD）"),
            Self::BadRange(r) => format!(
                "「{r}」不是有效的日期区间（应为「开始日期/结束日期」，如 2024-10-01/07、2024-01-30/02-04，结束日期晚于开始日期）"
            ),
            Self::OutsideNotice { date, year } => format!(
                "{year}年的放假通知不应列出{date}（只能列出{}年12月21日至{year}年12月31日之间的日期）",
                year - 1
            ),
            Self::DuplicateDate(d) => format!("{d}在同一通知中重复列出"),
            Self::DuplicateYear(y) => format!("{y}年的放假通知重复出现"),
            Self::YearMismatch { file_year, year } => {
                format!("文件名为{file_year}年，内容却是{year}年的放假通知")
            }
            Self::BadName(n) => {
                format!("节日名称「{n}」无效（不能为空、首尾不能有空格、不能含控制字符）")
            }
            Self::BadUrl(u) => format!("通知网址「{u}」无效（不能为空、不能含空白或控制字符）"),
            Self::BadLine(l) => format!(
                "无法识别的行「{l}」（应为「[年份] 网址…」「YYYY-MM-DD 休 名称」或「YYYY-MM-DD 班 名称」）"
            ),
            Self::DayBeforeHeader => "日期行出现在任何「[年份]」标题行之前".to_owned(),
        }
    }
}

impl fmt::Display for DataProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "not valid JSON (column {}: {})", e.column, e.problem.en),
            Self::Missing => f.write_str("required field is missing"),
            Self::WrongType { expected } => write!(f, "wrong type, expected {expected}"),
            Self::BadYear(y) => write!(f, "`{y}` is not a year between 2 and 9998"),
            Self::BadDate(d) => write!(f, "`{d}` is not a valid date (YYYY-MM-DD)"),
            Self::BadRange(r) => write!(
                f,
                "`{r}` is not a run of days (START/END, e.g. 2024-10-01/07 or 2024-01-30/02-04, \
                 the end after the start)"
            ),
            Self::OutsideNotice { date, year } => write!(
                f,
                "the {year} notice lists {date}, outside {}-12-21..={year}-12-31",
                year - 1
            ),
            Self::DuplicateDate(d) => write!(f, "{d} is listed twice in the same notice"),
            Self::DuplicateYear(y) => write!(f, "the notice for {y} appears twice"),
            Self::YearMismatch { file_year, year } => {
                write!(
                    f,
                    "the file is named for {file_year} but holds the notice for {year}"
                )
            }
            Self::BadName(n) => write!(
                f,
                "holiday name `{n}` is empty, has surrounding spaces or contains control characters"
            ),
            Self::BadUrl(u) => write!(
                f,
                "notice URL `{u}` is empty or contains white space or control characters"
            ),
            Self::BadLine(l) => write!(
                f,
                "line `{l}` is not `[YEAR] URL...`, `YYYY-MM-DD 休 NAME` or `YYYY-MM-DD 班 NAME`"
            ),
            Self::DayBeforeHeader => f.write_str("a day line comes before any `[YEAR]` header"),
        }
    }
}
