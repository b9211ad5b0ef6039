//! Reading and writing holiday notices: holiday-cn JSON and the committed text format.
//!
//! The conversion used by `cargo xtask calendar` ([`holiday_cn_to_text`]) lives here, in the
//! core, so that the xtask and the crate's own up-to-date test run the very same code and the
//! core does not depend on the xtask.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::error::{CalendarError, DataProblem};
use crate::date::Date;

/// One State Council holiday notice (国务院办公厅关于某年部分节假日安排的通知).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    /// The year in the notice's title.
    pub(crate) year: i32,
    /// The gov.cn URLs of the notice (and of any later amendment): the citation.
    pub(crate) papers: Vec<String>,
    /// Listed days, sorted by date, no date twice.
    pub(crate) days: Vec<ListedDay>,
}

/// The loaded notices, one per year, in ascending year.
///
/// A score of years, found by a binary search: a `BTreeMap<i32, Notice>` made the WebAssembly
/// module carry the B-tree's code once more for these key and value types (≈ 5.4 KB before
/// compression), for lookups the calendar makes only when it is built or asked for a holiday's
/// name (its answers come from the table, `super::table`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Notices(Vec<Notice>);

impl Notices {
    /// The notice of `year`, if loaded.
    pub(crate) fn get(&self, year: i32) -> Option<&Notice> {
        let i = self.0.binary_search_by_key(&year, |n| n.year).ok()?;
        self.0.get(i)
    }

    pub(crate) fn contains(&self, year: i32) -> bool {
        self.get(year).is_some()
    }

    /// Adds `notice`, in place of the one of its year if there is one.
    pub(crate) fn insert(&mut self, notice: Notice) {
        match self.0.binary_search_by_key(&notice.year, |n| n.year) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    *slot = notice;
                }
            }
            Err(i) => self.0.insert(i, notice),
        }
    }

    /// The notices, in ascending year.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, Notice> {
        self.0.iter()
    }
}

/// A day a notice lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListedDay {
    pub(crate) date: Date,
    /// `true`: a day off (放假); `false`: an adjusted working day (调休上班).
    pub(crate) off: bool,
    pub(crate) name: String,
}

/// The notice years a calendar may hold, so that the notice window
/// (21 December of the year before to 31 December) consists of real dates.
const YEARS: std::ops::RangeInclusive<i64> = 2..=9998;

fn invalid(field: Option<String>, line: Option<usize>, problem: DataProblem) -> CalendarError {
    CalendarError::InvalidData {
        file: None,
        line,
        field,
        problem,
    }
}

fn at(field: &str, problem: DataProblem) -> CalendarError {
    invalid(Some(field.to_owned()), None, problem)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.trim() == name && !name.chars().any(char::is_control)
}

fn valid_url(url: &str) -> bool {
    !url.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Can the notice for `year` list `date`? (See [`super::NEXT_NOTICE_FROM_DECEMBER`].)
fn in_window(date: Date, year: i32) -> bool {
    let (y, m, d) = date.ymd();
    y == year || (y == year - 1 && m == 12 && d >= super::NEXT_NOTICE_FROM_DECEMBER)
}

/// Sorts the days; a date listed twice is refused with the place (index or line) of its second
/// listing.
fn sort_days(mut days: Vec<(ListedDay, usize)>) -> Result<Vec<ListedDay>, (usize, Date)> {
    days.sort_by_key(|(day, _)| day.date);
    for pair in days.windows(2) {
        if let [(a, _), (b, place)] = pair
            && a.date == b.date
        {
            return Err((*place, b.date));
        }
    }
    Ok(days.into_iter().map(|(day, _)| day).collect())
}

fn get<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a Value, CalendarError> {
    obj.get(key).ok_or_else(|| at(path, DataProblem::Missing))
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str, CalendarError> {
    v.as_str()
        .ok_or_else(|| at(path, DataProblem::WrongType { expected: "string" }))
}

fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>, CalendarError> {
    v.as_array()
        .ok_or_else(|| at(path, DataProblem::WrongType { expected: "array" }))
}

/// Parses one holiday-cn `YYYY.json` file (schema: `{year, papers[], days[{name, date,
/// isOffDay}]}`; other fields such as `$schema` are ignored). An empty `days` list is accepted
/// here; the caller decides (it is never a covered year).
pub(crate) fn notice_from_json(json: &str) -> Result<Notice, CalendarError> {
    let value: Value = crate::json::parse(json)
        .map_err(|e| invalid(None, Some(e.line), DataProblem::Json(Box::new(e))))?;
    let root = value
        .as_object()
        .ok_or_else(|| invalid(None, None, DataProblem::WrongType { expected: "object" }))?;

    let year_value = get(root, "year", "year")?;
    let year = year_value.as_i64().ok_or_else(|| {
        at(
            "year",
            DataProblem::BadYear(crate::json::text_of(year_value)),
        )
    })?;
    if !YEARS.contains(&year) {
        return Err(at("year", DataProblem::BadYear(year.to_string())));
    }
    let year =
        i32::try_from(year).map_err(|_| at("year", DataProblem::BadYear(year.to_string())))?;

    let mut papers = Vec::new();
    for (i, paper) in array(get(root, "papers", "papers")?, "papers")?
        .iter()
        .enumerate()
    {
        let path = format!("papers[{i}]");
        let url = string(paper, &path)?;
        if !valid_url(url) {
            return Err(at(&path, DataProblem::BadUrl(url.to_owned())));
        }
        papers.push(url.to_owned());
    }

    let mut days = Vec::new();
    for (i, day) in array(get(root, "days", "days")?, "days")?
        .iter()
        .enumerate()
    {
        let path = format!("days[{i}]");
        let obj = day
            .as_object()
            .ok_or_else(|| at(&path, DataProblem::WrongType { expected: "object" }))?;
        let name_path = format!("{path}.name");
        let name = string(get(obj, "name", &name_path)?, &name_path)?;
        if !valid_name(name) {
            return Err(at(&name_path, DataProblem::BadName(name.to_owned())));
        }
        let date_path = format!("{path}.date");
        let date_str = string(get(obj, "date", &date_path)?, &date_path)?;
        let date = Date::parse(date_str)
            .map_err(|_| at(&date_path, DataProblem::BadDate(date_str.to_owned())))?;
        if !in_window(date, year) {
            return Err(at(&date_path, DataProblem::OutsideNotice { date, year }));
        }
        let off_path = format!("{path}.isOffDay");
        let off = get(obj, "isOffDay", &off_path)?.as_bool().ok_or_else(|| {
            at(
                &off_path,
                DataProblem::WrongType {
                    expected: "boolean",
                },
            )
        })?;
        days.push((
            ListedDay {
                date,
                off,
                name: name.to_owned(),
            },
            i,
        ));
    }
    let days = sort_days(days)
        .map_err(|(i, date)| at(&format!("days[{i}].date"), DataProblem::DuplicateDate(date)))?;
    Ok(Notice { year, papers, days })
}

/// The day-line marker for a day off.
const OFF: &str = "休";
/// The day-line marker for an adjusted working day.
const WORK: &str = "班";

/// Parses the text format (see `crates/gongkai/data/README.md`). A `[YEAR]` section without days
/// is refused like an empty holiday-cn file.
pub(crate) fn notices_from_text(text: &str) -> Result<Notices, CalendarError> {
    struct Open {
        notice: Notice,
        line: usize,
        days: Vec<(ListedDay, usize)>,
    }
    fn close(open: Open, out: &mut Notices) -> Result<(), CalendarError> {
        let Open {
            mut notice,
            line,
            days,
        } = open;
        if days.is_empty() {
            return Err(CalendarError::EmptyNotice { year: notice.year });
        }
        notice.days = sort_days(days)
            .map_err(|(l, date)| invalid(None, Some(l), DataProblem::DuplicateDate(date)))?;
        if out.contains(notice.year) {
            return Err(invalid(
                None,
                Some(line),
                DataProblem::DuplicateYear(notice.year),
            ));
        }
        out.insert(notice);
        Ok(())
    }

    let mut out = Notices::default();
    let mut open: Option<Open> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad_line = || invalid(None, Some(line_no), DataProblem::BadLine(line.to_owned()));
        if let Some(rest) = line.strip_prefix('[') {
            let (year, papers) = rest.split_once(']').ok_or_else(bad_line)?;
            let year = year
                .parse::<i64>()
                .ok()
                .filter(|y| YEARS.contains(y))
                .and_then(|y| i32::try_from(y).ok())
                .ok_or_else(|| {
                    invalid(None, Some(line_no), DataProblem::BadYear(year.to_owned()))
                })?;
            if !(papers.is_empty() || papers.starts_with(' ')) {
                return Err(bad_line());
            }
            if let Some(previous) = open.take() {
                close(previous, &mut out)?;
            }
            open = Some(Open {
                notice: Notice {
                    year,
                    papers: papers.split_whitespace().map(str::to_owned).collect(),
                    days: Vec::new(),
                },
                line: line_no,
                days: Vec::new(),
            });
            continue;
        }
        let (date_str, rest) = line.split_once(' ').ok_or_else(bad_line)?;
        let (marker, name) = rest.split_once(' ').ok_or_else(bad_line)?;
        let off = match marker {
            OFF => true,
            WORK => false,
            _ => return Err(bad_line()),
        };
        let (first, last) =
            listed_dates(date_str).map_err(|problem| invalid(None, Some(line_no), problem))?;
        if !valid_name(name) {
            return Err(invalid(
                None,
                Some(line_no),
                DataProblem::BadName(name.to_owned()),
            ));
        }
        let Some(current) = open.as_mut() else {
            return Err(invalid(None, Some(line_no), DataProblem::DayBeforeHeader));
        };
        let year = current.notice.year;
        // The window is one stretch of days: with both ends in it, every day between is.
        if let Some(date) = [first, last].into_iter().find(|&d| !in_window(d, year)) {
            return Err(invalid(
                None,
                Some(line_no),
                DataProblem::OutsideNotice { date, year },
            ));
        }
        for n in 0..=first.days_until(last) {
            current.days.push((
                ListedDay {
                    date: first.add_days(n),
                    off,
                    name: name.to_owned(),
                },
                line_no,
            ));
        }
    }
    if let Some(last) = open {
        close(last, &mut out)?;
    }
    Ok(out)
}

/// The dates of a day line, first and last: one `YYYY-MM-DD`, or an ISO 8601 interval of
/// consecutive days, both ends included, whose end leaves out what it shares with the start
/// (`2024-10-01/07`, `2024-01-30/02-04`, `2023-12-30/2024-01-01`). A notice lists its days off in
/// runs (seven for 国庆节), which a line each made a third of the file.
fn listed_dates(text: &str) -> Result<(Date, Date), DataProblem> {
    let Some((start, end)) = text.split_once('/') else {
        let date = Date::parse(text).map_err(|_| DataProblem::BadDate(text.to_owned()))?;
        return Ok((date, date));
    };
    let bad = || DataProblem::BadRange(text.to_owned());
    let first = Date::parse(start).map_err(|_| bad())?;
    // `Date::parse` took exactly `YYYY-MM-DD`, so the start's leading parts are its first 8 or
    // 5 bytes.
    let kept = match end.len() {
        2 => start.get(..8),
        5 => start.get(..5),
        10 => Some(""),
        _ => None,
    }
    .ok_or_else(bad)?;
    let last = Date::parse(&format!("{kept}{end}")).map_err(|_| bad())?;
    if last <= first {
        return Err(bad());
    }
    Ok((first, last))
}

/// The fixed preamble of the generated file.
const PREAMBLE: &str = "\
# 国务院办公厅关于部分节假日安排的通知: the State Council holiday notices, one section per notice year.
# Generated by `cargo xtask calendar` from NateScarlet/holiday-cn (MIT licence, see holiday-cn.LICENSE
# and README.md). Regenerate it rather than editing it by hand.
#
#   [YEAR] URL...          the notice for YEAR; the URLs (holiday-cn `papers`) are the citation
#   YYYY-MM-DD 休 NAME     a listed day off (放假)
#   YYYY-MM-DD 班 NAME     a listed adjusted working day (调休上班)
#   YYYY-MM-DD/DD ...      consecutive days, both ends included (ISO 8601; the end may also be
#                          MM-DD or YYYY-MM-DD)
#
# An unlisted day is a working day exactly when it is Monday to Friday. A notice may list days from
# 21 December of the year before. A year without a [YEAR] section is NOT covered: its dates cannot be
# decided, and neither can 21-31 December of the year before it.
";

fn write_notice(out: &mut String, notice: &Notice) {
    let _ = write!(out, "\n[{}]", notice.year);
    for paper in &notice.papers {
        let _ = write!(out, " {paper}");
    }
    out.push('\n');
    let mut days = notice.days.iter().peekable();
    while let Some(first) = days.next() {
        let mut last = first;
        while let Some(next) = days.next_if(|d| {
            d.off == first.off && d.name == first.name && d.date == last.date.add_days(1)
        }) {
            last = next;
        }
        let marker = if first.off { OFF } else { WORK };
        let _ = write!(out, "{}", first.date);
        if last.date != first.date {
            // The end without the year, or the year and month, it shares with the start.
            let end = last.date.to_string();
            let shared = if last.date.year() != first.date.year() {
                0
            } else if last.date.month() != first.date.month() {
                5
            } else {
                8
            };
            let _ = write!(out, "/{}", end.get(shared..).unwrap_or(&end));
        }
        let _ = writeln!(out, " {marker} {}", first.name);
    }
}

/// Converts holiday-cn files into the committed text format (`crates/gongkai/data/holiday-cn.txt`).
///
/// `files` are `(file name, JSON text)` pairs; the name is used in error messages and, when it is
/// `YYYY.json`, checked against the file's `year`. The output is sorted by notice year and date,
/// whatever the order of `files`, so conversion is deterministic and idempotent. A file whose
/// `days` list is empty (a notice not yet published) is written as a comment marking the year as
/// NOT covered, never as an empty section.
///
/// ```
/// use gongkai::calendar::{holiday_cn_to_text, Calendar};
///
/// let json = r#"{"year": 2030, "papers": ["https://www.gov.cn/x.htm"], "days": [
///     {"name": "元旦", "date": "2030-01-01", "isOffDay": true},
///     {"name": "元旦", "date": "2029-12-29", "isOffDay": false}]}"#;
/// let empty = r#"{"year": 2031, "papers": [], "days": []}"#;
/// let text = holiday_cn_to_text(&[("2031.json", empty), ("2030.json", json)])?;
/// assert!(text.ends_with(
///     "\n[2030] https://www.gov.cn/x.htm\n2029-12-29 班 元旦\n2030-01-01 休 元旦\n\
///      \n# [2031] not covered: 2031.json lists no days (the notice was not yet published)\n"
/// ));
/// assert_eq!(Calendar::from_text(&text)?.covered_years().collect::<Vec<_>>(), [2030]);
/// # Ok::<(), gongkai::calendar::CalendarError>(())
/// ```
pub fn holiday_cn_to_text(files: &[(&str, &str)]) -> Result<String, CalendarError> {
    // `Some(notice)` for a covered year, `None` for an empty (uncovered) one.
    let mut years: BTreeMap<i32, (Option<Notice>, &str)> = BTreeMap::new();
    for &(name, json) in files {
        let notice = notice_from_json(json).map_err(|e| e.in_file(name))?;
        let year = notice.year;
        let file_year = name
            .strip_suffix(".json")
            .filter(|stem| stem.len() == 4)
            .and_then(|stem| stem.parse::<i32>().ok());
        if let Some(file_year) = file_year
            && file_year != year
        {
            return Err(
                invalid(None, None, DataProblem::YearMismatch { file_year, year }).in_file(name),
            );
        }
        if years.contains_key(&year) {
            return Err(invalid(
                Some("year".to_owned()),
                None,
                DataProblem::DuplicateYear(year),
            )
            .in_file(name));
        }
        let entry = if notice.days.is_empty() {
            None
        } else {
            Some(notice)
        };
        years.insert(year, (entry, name));
    }
    let mut out = PREAMBLE.to_owned();
    for (year, (notice, name)) in &years {
        match notice {
            Some(notice) => write_notice(&mut out, notice),
            None => {
                let _ = writeln!(
                    out,
                    "\n# [{year}] not covered: {name} lists no days (the notice was not yet published)"
                );
            }
        }
    }
    Ok(out)
}
