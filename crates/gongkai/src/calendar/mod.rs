//! Working-day calendar: which days are 工作日 under the State Council's annual holiday notices.
//!
//! # Why a calendar and not "Monday to Friday"
//!
//! The 政府信息公开条例 counts most periods in 工作日 (20 working days to publish, to answer an
//! application, …) without defining the term. Practice, and the 行政许可法/行政处罚法 definitions,
//! take the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知): a day is a
//! working day when it is Monday to Friday, **minus** the statutory holidays and the weekdays
//! given off to join them into a longer break, **plus** the weekend days declared working days in
//! exchange (调休上班, e.g. Saturday 2018-09-29 and Sunday 2018-09-30 before 国庆节). These
//! swaps are decided each year by notice, so no formula can predict them.
//!
//! # The rule (R-WD-3)
//!
//! A day a notice lists is a working day exactly when it is not marked as a day off; an unlisted
//! day is a working day exactly when it is Monday to Friday. Listed days are stored by **date**,
//! not by notice: the notice for year Y+1 may list days at the end of December of Y (the 2019
//! notice lists 2018-12-29 as a working Saturday for 元旦).
//!
//! # Coverage, and why the calendar never guesses
//!
//! A date in year Y can be decided only when the notice for Y is loaded, and a date from
//! [`NEXT_NOTICE_FROM_DECEMBER`] (21 December) onwards also needs the notice for Y+1, which may
//! move it. Anything else is [`CalendarError::NotCovered`], naming the missing year. Falling back
//! to "Monday to Friday" would silently give wrong deadlines around the next 元旦 and 春节 (a
//! 20-working-day deadline from mid-January can be off by a week), which is worse for an audit
//! tool than saying "not computable yet". Walks ([`Calendar::add_workdays`],
//! [`Calendar::workdays_between`]) fail as soon as they reach an undecidable day, and succeed when
//! they finish before it.
//!
//! # Data
//!
//! [`Calendar::builtin`] embeds `crates/gongkai/data/holiday-cn.txt`, converted from
//! NateScarlet/holiday-cn (MIT; notices 2007–2026) by `cargo xtask calendar`; see
//! `crates/gongkai/data/README.md`. A newer notice can be added at run time in the same holiday-cn
//! JSON format with [`Calendar::add_year_json`].
//!
//! ```
//! use gongkai::calendar::Calendar;
//! use gongkai::date::Date;
//!
//! let cal = Calendar::builtin();
//! // 20 working days from 2018-09-20 (start day not counted): 国庆节 2018 is skipped.
//! let due = cal.add_workdays(Date::parse("2018-09-20")?, 20)?;
//! assert_eq!(due.to_string(), "2018-10-24");
//! assert_eq!(cal.holiday_name(Date::parse("2018-10-03")?), Some("国庆节"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod data;
mod error;
mod table;
#[cfg(test)]
mod tests;

use std::fmt;
use std::sync::{Arc, OnceLock};

pub use data::holiday_cn_to_text;
pub use error::{CalendarError, DataProblem};

use crate::date::Date;
use data::Notices;
use table::Table;

/// The first day of December that also needs the next year's notice.
///
/// A notice for year Y+1 may list days at the end of December of Y, when 元旦 is joined to a
/// weekend. In the holiday-cn data for the notices of 2007–2026 the earliest such day is
/// **29 December** (2007-12-29 in the 2008 notice, 2018-12-29 in the 2019 notice; the others are
/// 2006-12-30/31, 2007-12-30/31, 2011-12-31, 2018-12-30/31 and 2022-12-31). A swap reaches at
/// most about a week before 1 January, so the 21st leaves a margin of more than a week. Notices
/// listing a date outside `Y-1-12-21..=Y-12-31` are refused ([`DataProblem::OutsideNotice`]), so
/// the rule cannot be silently broken by data.
///
/// ```
/// use gongkai::calendar::{Calendar, CalendarError, NEXT_NOTICE_FROM_DECEMBER};
/// use gongkai::date::Date;
///
/// assert_eq!(NEXT_NOTICE_FROM_DECEMBER, 21);
/// let cal = Calendar::builtin(); // notices 2007–2026
/// assert!(cal.is_workday(Date::parse("2026-12-18")?).is_ok()); // Friday, decided by 2026 alone
/// assert!(matches!(
///     cal.is_workday(Date::parse("2026-12-21")?),
///     Err(CalendarError::NotCovered { year: 2027, .. })
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const NEXT_NOTICE_FROM_DECEMBER: u32 = 21;

/// The licence of the built-in calendar data (NateScarlet/holiday-cn, MIT), which asks that its
/// notice go wherever the data goes: a program that embeds gongkai ships this text with it (the
/// CLI prints it with `gongkai --acknowledgements`, the wasm package carries it as
/// `holiday-cn.LICENSE`). A constant, so a build that never shows it pays nothing for it.
///
/// ```
/// assert!(gongkai::calendar::BUILTIN_DATA_LICENCE.starts_with("MIT License"));
/// ```
pub const BUILTIN_DATA_LICENCE: &str = include_str!("../../data/holiday-cn.LICENSE");

/// The committed data, `crates/gongkai/data/holiday-cn.txt`, as the build script copies it (in
/// wasm builds without its comments).
const BUILTIN_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/holiday-cn.txt"));

/// A working-day calendar: the loaded holiday notices and per-day lookup tables.
///
/// Cloning is cheap (the data is shared and copied on write by [`Calendar::add_year_json`]).
/// See the [module documentation](self) for the rule and for coverage.
///
/// ```
/// use gongkai::calendar::Calendar;
/// use gongkai::date::Date;
///
/// let cal = Calendar::builtin();
/// let sat = Date::parse("2018-09-29")?; // a Saturday made a working day (调休上班)
/// assert!(cal.is_workday(sat)?);
/// assert_eq!(cal.add_workdays(Date::parse("2018-09-28")?, 3)?.to_string(), "2018-10-08");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Calendar {
    inner: Arc<Inner>,
}

#[derive(Clone, Default)]
struct Inner {
    notices: Notices,
    table: Table,
}

impl Calendar {
    /// The calendar of the embedded holiday-cn data (notices 2007–2026).
    ///
    /// The text is parsed once per process and shared, so later calls only clone an `Arc`. (If the
    /// embedded text could not be parsed, which the crate's tests rule out, the result would be an
    /// empty calendar that answers [`CalendarError::NotCovered`], never a guess.)
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// let years: Vec<i32> = Calendar::builtin().covered_years().collect();
    /// assert_eq!(years, (2007..=2026).collect::<Vec<_>>());
    /// ```
    pub fn builtin() -> Calendar {
        static BUILTIN: OnceLock<Calendar> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Calendar::from_text(BUILTIN_TEXT).unwrap_or_else(|_| Calendar::empty()))
            .clone()
    }

    /// A calendar with no notices: every question is [`CalendarError::NotCovered`] until notices
    /// are added.
    ///
    /// ```
    /// use gongkai::calendar::{Calendar, CalendarError};
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::empty();
    /// assert_eq!(cal.covered_years().count(), 0);
    /// assert!(matches!(
    ///     cal.is_workday(Date::parse("2018-10-08")?),
    ///     Err(CalendarError::NotCovered { year: 2018, .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn empty() -> Calendar {
        Calendar {
            inner: Arc::new(Inner::default()),
        }
    }

    /// A calendar from the text format of `crates/gongkai/data/holiday-cn.txt` (as written by
    /// [`holiday_cn_to_text`]; the format is described in `crates/gongkai/data/README.md`).
    ///
    /// Errors carry the line number. A `[YEAR]` section without days is refused
    /// ([`CalendarError::EmptyNotice`]), as are dates a notice cannot list.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::from_text(
    ///     "# comment\n[2030] https://www.gov.cn/x.htm\n2030-01-01 休 元旦\n2029-12-29 班 元旦\n",
    /// )?;
    /// assert!(cal.is_workday(Date::parse("2030-01-01")?) == Ok(false));
    /// assert!(Calendar::from_text("[2030]\n2030-01-01 放 元旦\n").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_text(text: &str) -> Result<Calendar, CalendarError> {
        let notices = data::notices_from_text(text)?;
        let table = build_table(&notices);
        Ok(Calendar {
            inner: Arc::new(Inner { notices, table }),
        })
    }

    /// Adds (or replaces) one year's notice, given as a holiday-cn `YYYY.json` file
    /// (`{"year": 2027, "papers": [url…], "days": [{"name", "date", "isOffDay"}…]}`), and returns
    /// its year (a notice year is always between 2 and 9998).
    ///
    /// The whole file is validated before anything changes: JSON syntax, field types, real dates,
    /// dates inside the notice's window (21 December of the year before to 31 December), no date
    /// twice, non-empty names. An empty `days` list is refused with
    /// [`CalendarError::EmptyNotice`]: holiday-cn publishes an empty file for a year whose notice
    /// is not out yet, and loading it would make the year look covered.
    ///
    /// ```
    /// use gongkai::calendar::{Calendar, CalendarError};
    /// use gongkai::date::Date;
    ///
    /// let mut cal = Calendar::builtin();
    /// let d = Date::parse("2027-06-01")?;
    /// assert!(cal.is_workday(d).is_err());
    /// let year = cal.add_year_json(r#"{"year": 2027, "papers": [], "days": [
    ///     {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#)?;
    /// assert_eq!(year, 2027);
    /// assert_eq!(cal.is_workday(d)?, true); // a Tuesday
    ///
    /// let empty = cal.add_year_json(r#"{"year": 2028, "papers": [], "days": []}"#);
    /// assert_eq!(empty, Err(CalendarError::EmptyNotice { year: 2028 }));
    /// assert!(cal.add_year_json("{not json").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_year_json(&mut self, json: &str) -> Result<u16, CalendarError> {
        let notice = data::notice_from_json(json)?;
        let year = notice.year;
        if notice.days.is_empty() {
            return Err(CalendarError::EmptyNotice { year });
        }
        // `notice_from_json` only accepts years 2..=9998.
        let short = u16::try_from(year).map_err(|_| CalendarError::InvalidData {
            file: None,
            line: None,
            field: Some("year".to_owned()),
            problem: DataProblem::BadYear(year.to_string()),
        })?;
        let inner = Arc::make_mut(&mut self.inner);
        inner.notices.insert(notice);
        inner.table = build_table(&inner.notices);
        Ok(short)
    }

    /// The years whose notice is loaded, ascending.
    ///
    /// Every date of such a year can be decided except 21–31 December, which also need the
    /// next year's notice (see [`NEXT_NOTICE_FROM_DECEMBER`]).
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// let cal = Calendar::builtin();
    /// assert_eq!(cal.covered_years().next(), Some(2007));
    /// assert_eq!(cal.covered_years().last(), Some(2026));
    /// ```
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.inner.notices.iter().map(|n| n.year)
    }

    /// The URLs of the notice for `year` (holiday-cn `papers`), for citing the source of a
    /// deadline; `None` when that notice is not loaded.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// let cal = Calendar::builtin();
    /// assert_eq!(
    ///     cal.notice_papers(2018),
    ///     Some(&["http://www.gov.cn/zhengce/zhengceku/2017-11/30/content_5243579.htm".to_owned()][..])
    /// );
    /// assert_eq!(cal.notice_papers(2027), None);
    /// ```
    pub fn notice_papers(&self, year: i32) -> Option<&[String]> {
        self.inner.notices.get(year).map(|n| n.papers.as_slice())
    }

    /// Is `d` a working day? O(1).
    ///
    /// Fails with [`CalendarError::NotCovered`] when `d`'s notices are not loaded.
    ///
    /// ```
    /// use gongkai::calendar::{Calendar, CalendarError};
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::builtin();
    /// assert_eq!(cal.is_workday(Date::parse("2018-10-01")?), Ok(false)); // 国庆节
    /// assert_eq!(cal.is_workday(Date::parse("2018-09-30")?), Ok(true)); // Sunday, 调休上班
    /// assert_eq!(cal.is_workday(Date::parse("2018-10-13")?), Ok(false)); // ordinary Saturday
    /// assert!(matches!(
    ///     cal.is_workday(Date::parse("2006-12-31")?),
    ///     Err(CalendarError::NotCovered { year: 2006, .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_workday(&self, d: Date) -> Result<bool, CalendarError> {
        let day = i64::from(d.days());
        self.inner
            .table
            .get(day)
            .ok_or_else(|| self.not_covered(day))
    }

    /// The `n`-th working day after `d`.
    ///
    /// - `n > 0`: the `n`-th working day strictly after `d`. The start day is not counted
    ///   (《民法典》第二百零一条: "开始的当日不计入，自下一日开始计算"), so a deadline of N working
    ///   days from a trigger date is `add_workdays(trigger, N)`, due by 24:00 of that day.
    /// - `n == 0`: `d` itself, even if `d` is not a working day or not covered (nothing is walked).
    /// - `n < 0`: the `|n|`-th working day strictly before `d`.
    ///
    /// `d` itself need not be covered; every day walked must be, and the walk fails with
    /// [`CalendarError::NotCovered`] at the first day it cannot decide. Cost: O(1 + |n| / 64),
    /// no allocation.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::builtin();
    /// let d = Date::parse("2025-09-26")?;
    /// assert_eq!(cal.add_workdays(d, 20)?.to_string(), "2025-10-30");
    /// assert_eq!(cal.add_workdays(d, 40)?.to_string(), "2025-11-27"); // 20 + 20 extension
    /// assert_eq!(cal.add_workdays(d, 0)?, d);
    /// // Backwards: the 1st working day before Monday 2025-09-29 is Sunday 2025-09-28 (调休),
    /// // and the 3rd before Thursday 2025-10-09 (after eight days off: 30th, 29th, 28th) too.
    /// assert_eq!(cal.add_workdays(Date::parse("2025-09-29")?, -1)?.to_string(), "2025-09-28");
    /// assert_eq!(cal.add_workdays(Date::parse("2025-10-09")?, -3)?.to_string(), "2025-09-28");
    /// // 2026-12-10 + 20 would need 2026-12-21.., which depends on the 2027 notice.
    /// assert!(cal.add_workdays(Date::parse("2026-12-10")?, 20).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_workdays(&self, d: Date, n: i32) -> Result<Date, CalendarError> {
        let start = i64::from(d.days());
        let k = u64::from(n.unsigned_abs());
        let table = &self.inner.table;
        let found = match n.signum() {
            0 => return Ok(d),
            1 => table.forward(start + 1, k),
            _ => table.backward(start - 1, k),
        };
        let day = found.map_err(|day| self.not_covered(day))?;
        // A found day lies inside the table, whose days are all valid `i32` day numbers.
        i32::try_from(day)
            .map(Date::from_days)
            .map_err(|_| self.not_covered(day))
    }

    /// The number of working days in `(a, b]` (after `a`, up to and including `b`); when `b < a`,
    /// minus the number in `(b, a]`.
    ///
    /// It is `W(b) - W(a)` for a running count `W` of working days, hence antisymmetric, and for
    /// `n ≥ 0`, `workdays_between(a, add_workdays(a, n)) == n`. For `n < 0` the same identity
    /// holds when `a` is a working day; when it is not, the result is `n + 1`, because
    /// `add_workdays` never counts its start day while `(b, a]` contains `a`.
    ///
    /// Every day of the interval must be covered; otherwise [`CalendarError::NotCovered`] names
    /// the undecidable day nearest to `a`. Cost: O(1 + |b - a| / 64), no allocation.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::builtin();
    /// let formed = Date::parse("2018-09-20")?;
    /// let published = Date::parse("2018-10-24")?;
    /// assert_eq!(cal.workdays_between(formed, published)?, 20);
    /// assert_eq!(cal.workdays_between(published, formed)?, -20);
    /// assert_eq!(cal.workdays_between(formed, formed)?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn workdays_between(&self, a: Date, b: Date) -> Result<i32, CalendarError> {
        let (x, y) = (i64::from(a.days()), i64::from(b.days()));
        let table = &self.inner.table;
        let (count, sign) = match x.cmp(&y) {
            std::cmp::Ordering::Equal => return Ok(0),
            std::cmp::Ordering::Less => (table.count(x + 1, y), 1),
            // Report the undecidable day nearest to `a`: walk down from `a` until it is reached.
            std::cmp::Ordering::Greater => (
                table
                    .count(y + 1, x)
                    .map_err(|_| table.backward(x, u64::MAX).err().unwrap_or(x)),
                -1,
            ),
        };
        let count = count.map_err(|day| self.not_covered(day))?;
        Ok(sign * i32::try_from(count).unwrap_or(i32::MAX))
    }

    /// By how many working days `d` is past a deadline of `n` working days from `start`
    /// (`add_workdays(start, n)`, due by 24:00 of that day); 0 when `d` is not past it, or is
    /// before `start`. A negative `n` counts as 0.
    ///
    /// Two things a rule gets wrong by computing the deadline first and then
    /// `workdays_between(due, d)`:
    /// - **Late is at least one working day.** A reply sent on the Saturday after a Friday
    ///   deadline is late (the period ends at 24:00 of the Friday), yet no working day lies
    ///   between the two: it is one working day late, not zero. Otherwise the count is the
    ///   working days after the deadline up to and including `d`, as `workdays_between`.
    /// - **Only the days up to `d` are needed.** When `d` is within the period, the deadline
    ///   itself is never computed, so a date in the last days of December decides before the
    ///   next year's notice is published (the deadline may lie in the year not yet covered),
    ///   and fails only where the answer really depends on that notice.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::builtin();
    /// let d = |s| Date::parse(s);
    /// // Due 2025-10-30 (Thursday; the National Day holiday is skipped).
    /// assert_eq!(cal.workdays_late(d("2025-09-26")?, 20, d("2025-10-30")?)?, 0);
    /// assert_eq!(cal.workdays_late(d("2025-09-26")?, 20, d("2025-10-31")?)?, 1);
    /// // Due Friday 2025-11-28: a reply on the Saturday after is one working day late.
    /// assert_eq!(cal.workdays_late(d("2025-10-31")?, 20, d("2025-11-29")?)?, 1);
    /// // Within the period in December 2026: decided without the 2027 notice …
    /// assert_eq!(cal.workdays_late(d("2026-12-08")?, 20, d("2026-12-09")?)?, 0);
    /// // … which the deadline itself would need.
    /// assert!(cal.add_workdays(d("2026-12-08")?, 20).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn workdays_late(&self, start: Date, n: i32, d: Date) -> Result<i32, CalendarError> {
        if d <= start {
            return Ok(0);
        }
        let past = self.workdays_between(start, d)?.saturating_sub(n.max(0));
        // As many working days as the deadline's own: `d` is the deadline, or a day off after
        // it.
        if past == 0 && !self.is_workday(d)? {
            Ok(1)
        } else {
            Ok(past.max(0))
        }
    }

    /// The holiday a loaded notice gives for `d` (`"国庆节"`, `"国庆节、中秋节"`, …), for messages;
    /// `None` for a day no loaded notice lists (ordinary days, and ordinary weekends next to a
    /// holiday, which notices do not list). Listed working days carry the holiday they make up for.
    ///
    /// ```
    /// use gongkai::calendar::Calendar;
    /// use gongkai::date::Date;
    ///
    /// let cal = Calendar::builtin();
    /// assert_eq!(cal.holiday_name(Date::parse("2025-10-08")?), Some("国庆节、中秋节"));
    /// assert_eq!(cal.holiday_name(Date::parse("2018-12-29")?), Some("元旦")); // 2019 notice
    /// assert_eq!(cal.holiday_name(Date::parse("2018-10-09")?), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn holiday_name(&self, d: Date) -> Option<&str> {
        if d < Date::MIN || d > Date::MAX {
            return None;
        }
        let (year, month, _) = d.ymd();
        // The later notice wins for a date two notices list, as in the lookup table.
        let candidates = [(month == 12).then_some(year + 1), Some(year)];
        candidates.into_iter().flatten().find_map(|y| {
            let notice = self.inner.notices.get(y)?;
            let i = notice.days.binary_search_by_key(&d, |day| day.date).ok()?;
            notice.days.get(i).map(|day| day.name.as_str())
        })
    }

    /// The error for an undecidable day number.
    fn not_covered(&self, day: i64) -> CalendarError {
        let clamped = day.clamp(i64::from(Date::MIN.days()), i64::from(Date::MAX.days()));
        let date = Date::from_days(i32::try_from(clamped).unwrap_or(Date::MAX.days()));
        let own = date.year();
        // The day's own notice, or else the next year's (late December).
        let year = if self.inner.notices.contains(own) {
            own + 1
        } else {
            own
        };
        CalendarError::NotCovered { year, date }
    }
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let listed: usize = self.inner.notices.iter().map(|n| n.days.len()).sum();
        f.debug_struct("Calendar")
            .field("covered_years", &self.covered_years().collect::<Vec<_>>())
            .field("listed_days", &listed)
            .field("table_words", &self.inner.table.len_words())
            .finish()
    }
}

/// Builds the lookup table: weekdays work, weekends rest, then the listed days of every notice
/// in ascending notice year (a later notice overrides an earlier one for the same date, which can
/// only happen for 21–31 December). A day is decidable when its year's notice is loaded and, from
/// 21 December, the next year's too.
fn build_table(notices: &Notices) -> Table {
    let (Some(first), Some(last)) = (notices.iter().next(), notices.iter().next_back()) else {
        return Table::default();
    };
    let (first, last) = (first.year, last.year);
    let (Some(start), Some(end)) = (Date::from_ymd(first, 1, 1), Date::from_ymd(last, 12, 31))
    else {
        return Table::default();
    };
    let mut table = Table::new(start.days(), end.days());
    for year in first..=last {
        let (Some(jan1), Some(cutoff), Some(dec31)) = (
            Date::from_ymd(year, 1, 1),
            Date::from_ymd(year, 12, NEXT_NOTICE_FROM_DECEMBER),
            Date::from_ymd(year, 12, 31),
        ) else {
            continue;
        };
        let this = notices.contains(year);
        let next = notices.contains(year + 1);
        let mut day = jan1;
        while day <= dec31 {
            let known = this && (day < cutoff || next);
            table.set(day.days(), known, !day.is_weekend());
            day = day.add_days(1);
        }
    }
    for notice in notices.iter() {
        for listed in &notice.days {
            table.set_work(listed.date.days(), !listed.off);
        }
    }
    table
}
