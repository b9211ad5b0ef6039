//! Civil dates and minute-precision times in Beijing time.
//!
//! Records carry dates as `"YYYY-MM-DD"` and times as `"YYYY-MM-DDTHH:MM"`, always Beijing time
//! (UTC+8, no daylight saving), so no time-zone database is needed: a date is a day number and a
//! time is a minute number. A hand-written type keeps the wasm module free of `chrono`/`time` and
//! of any clock: "today" is always an input.

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date between the years 1 and 9999.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01 (negative before it). Ordering by day number is ordering by date.
    days: i32,
}

/// Why a date or time string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    input: String,
    expected: &'static str,
}

impl DateError {
    fn new(input: &str, expected: &'static str) -> Self {
        Self {
            input: input.to_owned(),
            expected,
        }
    }

    /// The message in Chinese, e.g. `「2018-02-30」不是有效日期（应为 YYYY-MM-DD）`.
    pub fn message_zh(&self) -> String {
        format!(
            "「{}」不是有效{}（应为 {}）",
            self.input,
            self.kind_zh(),
            self.expected
        )
    }

    fn kind_zh(&self) -> &'static str {
        if self.expected == DATETIME_FORMAT {
            "时间"
        } else {
            "日期"
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.input, self.expected)
    }
}

impl std::error::Error for DateError {}

const DATE_FORMAT: &str = "YYYY-MM-DD";
const DATETIME_FORMAT: &str = "YYYY-MM-DDTHH:MM";

/// Is `year` a leap year in the Gregorian calendar?
pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for an invalid month.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The earliest date [`Date::from_ymd`] and [`Date::parse`] accept: 0001-01-01.
    ///
    /// ```
    /// use gongkai::date::Date;
    /// assert_eq!(Date::MIN.to_string(), "0001-01-01");
    /// ```
    pub const MIN: Date = Date {
        days: days_from_civil(1, 1, 1),
    };

    /// The latest date [`Date::from_ymd`] and [`Date::parse`] accept: 9999-12-31.
    ///
    /// ```
    /// use gongkai::date::Date;
    /// assert_eq!(Date::MAX.to_string(), "9999-12-31");
    /// ```
    pub const MAX: Date = Date {
        days: days_from_civil(9999, 12, 31),
    };

    /// The date for a year, month (1–12) and day, or `None` if no such day exists.
    ///
    /// ```
    /// use gongkai::date::Date;
    /// assert!(Date::from_ymd(2024, 2, 29).is_some());
    /// assert!(Date::from_ymd(2023, 2, 29).is_none());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self {
            days: days_from_civil(year, month, day),
        })
    }

    /// The date `days` days after 1970-01-01.
    pub const fn from_days(days: i32) -> Self {
        Self { days }
    }

    /// The date in Beijing (UTC+8, no daylight saving) at `millis` milliseconds after the Unix
    /// epoch: how the CLI and the wasm binding turn their clock into the default "today".
    ///
    /// ```
    /// use gongkai::date::Date;
    /// // 2018-09-27T16:30Z is already 2018-09-28 in Beijing.
    /// assert_eq!(Date::in_beijing_at(1_538_065_800_000).to_string(), "2018-09-28");
    /// ```
    pub fn in_beijing_at(millis: i64) -> Self {
        let days = (millis + 8 * 3_600_000).div_euclid(86_400_000);
        Self::from_days(i32::try_from(days).unwrap_or(0))
    }

    /// Days since 1970-01-01.
    pub const fn days(self) -> i32 {
        self.days
    }

    /// `(year, month, day)`.
    pub const fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month, 1–12.
    pub const fn month(self) -> u32 {
        self.ymd().1
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> u32 {
        self.ymd().2
    }

    /// Day of the week, 1 = Monday … 7 = Sunday (ISO 8601).
    pub const fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.days as i64 + 3).rem_euclid(7) + 1) as u32
    }

    /// Is this a Saturday or Sunday?
    pub const fn is_weekend(self) -> bool {
        self.weekday() >= 6
    }

    /// The date `n` days later (earlier when `n` is negative). The day number saturates
    /// rather than overflowing, and the result may lie outside the years [`Date::parse`]
    /// accepts: [`Date::checked_add_days`] says when it does.
    pub const fn add_days(self, n: i32) -> Self {
        Self {
            days: self.days.saturating_add(n),
        }
    }

    /// The date `n` days later (earlier when `n` is negative), or `None` when that is outside
    /// [`Date::MIN`]`..=`[`Date::MAX`], the years [`Date::parse`] accepts.
    ///
    /// ```
    /// use gongkai::date::Date;
    /// let d = Date::parse("2018-01-01")?;
    /// assert_eq!(d.checked_add_days(31).unwrap().to_string(), "2018-02-01");
    /// assert_eq!(d.checked_add_days(i64::from(i32::MAX)), None);
    /// assert_eq!(Date::MAX.checked_add_days(1), None);
    /// assert_eq!(Date::MIN.checked_add_days(-1), None);
    /// # Ok::<(), gongkai::date::DateError>(())
    /// ```
    pub fn checked_add_days(self, n: i64) -> Option<Self> {
        let days = i64::from(self.days).checked_add(n)?;
        let days = i32::try_from(days).ok()?;
        (Self::MIN.days..=Self::MAX.days)
            .contains(&days)
            .then_some(Self { days })
    }

    /// Signed number of days from `self` to `other` (saturating at the ends of `i32`, which
    /// only dates far outside the years [`Date::parse`] accepts reach).
    pub const fn days_until(self, other: Self) -> i32 {
        other.days.saturating_sub(self.days)
    }

    /// The same day `n` months later, clamped to the end of a shorter month
    /// (2019-01-31 plus one month is 2019-02-28), as 《民法典》第二百零二条 counts periods;
    /// `None` outside the years [`Date::parse`] accepts.
    pub fn add_months(self, n: i32) -> Option<Self> {
        let (y, m, d) = self.ymd();
        let total = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(n);
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = total.rem_euclid(12) as u32 + 1;
        let day = d.min(days_in_month(year, month));
        Self::from_ymd(year, month, day)
    }

    /// Parses `"YYYY-MM-DD"` strictly: four-digit year, two-digit month and day, a real day.
    ///
    /// ```
    /// use gongkai::date::Date;
    /// let d = Date::parse("2018-09-28")?;
    /// assert_eq!(d.to_string(), "2018-09-28");
    /// assert!(Date::parse("2018-9-28").is_err());
    /// assert!(Date::parse("2018-02-30").is_err());
    /// # Ok::<(), gongkai::date::DateError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let err = || DateError::new(s, DATE_FORMAT);
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(err());
        }
        let year = digits(b, 0, 4).ok_or_else(err)?;
        let month = digits(b, 5, 2).ok_or_else(err)?;
        let day = digits(b, 8, 2).ok_or_else(err)?;
        Self::from_ymd(year as i32, month, day).ok_or_else(err)
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        match iso_date(y, m, d) {
            Some(text) => f.pad(ascii(&text)),
            None => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

/// `YYYY-MM-DD` for years 0–9999, digit by digit. Every check formats its day, and most date
/// functions of the rule library return a date as text: `write!` with padded integers goes
/// through the formatting machinery four times for ten bytes.
fn iso_date(y: i32, m: u32, d: u32) -> Option<[u8; 10]> {
    let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
    let [y1, y2] = two_digits(y / 100);
    let [y3, y4] = two_digits(y % 100);
    let [m1, m2] = two_digits(m);
    let [d1, d2] = two_digits(d);
    Some([y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2])
}

/// The last two decimal digits of `n`, as ASCII.
fn two_digits(n: u32) -> [u8; 2] {
    [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]
}

/// Text made of ASCII bytes only (digits and separators).
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Dates serialise as `"YYYY-MM-DD"`, as records carry them.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A Beijing-time instant with minute precision, as records carry it (`"YYYY-MM-DDTHH:MM"`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Minutes since 1970-01-01T00:00 Beijing time.
    minutes: i64,
}

impl DateTime {
    /// The time at `hour:minute` on `date`, or `None` for an impossible time of day.
    pub fn new(date: Date, hour: u32, minute: u32) -> Option<Self> {
        (hour < 24 && minute < 60).then(|| Self {
            minutes: i64::from(date.days()) * 1440 + i64::from(hour * 60 + minute),
        })
    }

    /// Parses `"YYYY-MM-DDTHH:MM"` (a space instead of `T` is accepted, as spreadsheets write it;
    /// trailing `:SS` seconds are accepted and ignored, since deadlines are kept to the minute).
    ///
    /// ```
    /// use gongkai::date::DateTime;
    /// let t = DateTime::parse("2018-07-01T09:30")?;
    /// assert_eq!(t.to_string(), "2018-07-01T09:30");
    /// assert_eq!(DateTime::parse("2018-07-01 09:30:15")?, t);
    /// # Ok::<(), gongkai::date::DateError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let err = || DateError::new(s, DATETIME_FORMAT);
        let b = s.as_bytes();
        let with_seconds = b.len() == 19 && b.get(16) == Some(&b':');
        if !(b.len() == 16 || with_seconds)
            || !matches!(b.get(10), Some(b'T' | b' '))
            || b.get(13) != Some(&b':')
        {
            return Err(err());
        }
        let date = s
            .get(..10)
            .ok_or_else(err)
            .and_then(|d| Date::parse(d).map_err(|_| err()))?;
        let hour = digits(b, 11, 2).ok_or_else(err)?;
        let minute = digits(b, 14, 2).ok_or_else(err)?;
        if with_seconds && digits(b, 17, 2).is_none_or(|s| s > 59) {
            return Err(err());
        }
        Self::new(date, hour, minute).ok_or_else(err)
    }

    /// The calendar date.
    pub fn date(self) -> Date {
        Date::from_days(self.minutes.div_euclid(1440) as i32)
    }

    /// Minutes since 1970-01-01T00:00 Beijing time.
    pub const fn minutes(self) -> i64 {
        self.minutes
    }

    /// The time `n` minutes later (earlier when `n` is negative), or `None` when its date is
    /// outside [`Date::MIN`]`..=`[`Date::MAX`], the years [`DateTime::parse`] accepts.
    ///
    /// ```
    /// use gongkai::date::DateTime;
    /// let t = DateTime::parse("2018-07-01T23:30")?;
    /// assert_eq!(t.checked_add_minutes(45).unwrap().to_string(), "2018-07-02T00:15");
    /// assert_eq!(t.checked_add_minutes(i64::MAX), None);
    /// let last = DateTime::parse("9999-12-31T23:59")?;
    /// assert_eq!(last.checked_add_minutes(1), None);
    /// # Ok::<(), gongkai::date::DateError>(())
    /// ```
    pub fn checked_add_minutes(self, n: i64) -> Option<Self> {
        let minutes = self.minutes.checked_add(n)?;
        let first = i64::from(Date::MIN.days) * 1440;
        let last = i64::from(Date::MAX.days) * 1440 + 1439;
        (first..=last)
            .contains(&minutes)
            .then_some(Self { minutes })
    }

    /// Signed number of minutes from `self` to `other`.
    pub const fn minutes_until(self, other: Self) -> i64 {
        other.minutes - self.minutes
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.minutes.rem_euclid(1440) as u32;
        let (y, mo, d) = self.date().ymd();
        match iso_date(y, mo, d) {
            Some(date) => {
                let mut text = [0u8; 16];
                let [h1, h2] = two_digits(m / 60);
                let [m1, m2] = two_digits(m % 60);
                let (day, time) = text.split_at_mut(10);
                day.copy_from_slice(&date);
                time.copy_from_slice(&[b'T', h1, h2, b':', m1, m2]);
                f.pad(ascii(&text))
            }
            None => write!(f, "{}T{:02}:{:02}", self.date(), m / 60, m % 60),
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Reads `len` ASCII digits starting at `start`.
fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    b.get(start..start + len)?.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Howard Hinnant's `days_from_civil`: exact for the whole proleptic Gregorian calendar.
const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`], for every `i32` day number (in `i64`, so that the
/// days near the ends of `i32` do not overflow; their years fit in `i32`).
const fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_from_1900_to_2100() {
        let mut d = Date::from_ymd(1900, 1, 1).unwrap();
        let end = Date::from_ymd(2100, 12, 31).unwrap();
        let mut expected = (1900, 1, 1);
        while d <= end {
            assert_eq!(d.ymd(), expected);
            assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
            let (y, m, day) = expected;
            expected = if day < days_in_month(y, m) {
                (y, m, day + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            d = d.add_days(1);
        }
    }

    #[test]
    fn text_is_padded_iso_8601_at_every_width() {
        for (days, text) in [
            (Date::MIN, "0001-01-01"),
            (Date::from_ymd(999, 12, 31).unwrap(), "0999-12-31"),
            (Date::from_ymd(2018, 9, 8).unwrap(), "2018-09-08"),
            (Date::MAX, "9999-12-31"),
        ] {
            assert_eq!(days.to_string(), text);
            assert_eq!(format!("[{days:>12}]"), format!("[  {text}]"));
        }
        // Outside the years of four digits, the general formatter.
        assert_eq!(Date::MAX.add_days(1).to_string(), "10000-01-01");
        let t = DateTime::new(Date::from_ymd(2018, 7, 1).unwrap(), 9, 5).unwrap();
        assert_eq!(t.to_string(), "2018-07-01T09:05");
        let t = DateTime::new(Date::MIN, 23, 59).unwrap();
        assert_eq!(t.to_string(), "0001-01-01T23:59");
    }

    #[test]
    fn weekdays_match_known_dates() {
        assert_eq!(Date::parse("1970-01-01").unwrap().weekday(), 4);
        assert_eq!(Date::parse("2018-09-29").unwrap().weekday(), 6); // adjusted working Saturday
        assert_eq!(Date::parse("2026-11-28").unwrap().weekday(), 6);
        assert_eq!(Date::parse("2000-01-01").unwrap().weekday(), 6);
    }

    #[test]
    fn rejects_malformed_dates() {
        for s in [
            "",
            "2018-9-28",
            "2018/09/28",
            "2018-13-01",
            "2018-00-10",
            "2019-02-29",
            "20180928",
            "2018-09-28 ",
            "０１８-09-28",
        ] {
            assert!(Date::parse(s).is_err(), "{s:?} accepted");
        }
        assert_eq!(
            Date::parse("2018-02-30").unwrap_err().message_zh(),
            "「2018-02-30」不是有效日期（应为 YYYY-MM-DD）"
        );
    }

    #[test]
    fn months_clamp_to_month_end() {
        let d = Date::parse("2019-01-31").unwrap();
        assert_eq!(d.add_months(1).unwrap().to_string(), "2019-02-28");
        assert_eq!(d.add_months(3).unwrap().to_string(), "2019-04-30");
        assert_eq!(d.add_months(-2).unwrap().to_string(), "2018-11-30");
    }

    /// Arithmetic at and past the ends of the calendar: no overflow (a panic in a debug build),
    /// and what leaves the years `parse` accepts says so.
    #[test]
    fn arithmetic_at_the_ends_neither_overflows_nor_leaves_the_years_unnoticed() {
        let first = Date::parse("2018-01-01").unwrap();
        assert_eq!(first.checked_add_days(i64::from(i32::MAX)), None);
        assert_eq!(first.checked_add_days(i64::MAX), None);
        assert_eq!(first.checked_add_days(i64::MIN), None);
        assert_eq!(Date::MAX.checked_add_days(1), None);
        assert_eq!(Date::MIN.checked_add_days(-1), None);
        assert_eq!(Date::MAX.checked_add_days(0), Some(Date::MAX));
        assert_eq!(
            Date::MAX.checked_add_days(-(i64::from(Date::MAX.days() - Date::MIN.days()))),
            Some(Date::MIN)
        );
        // The unchecked forms saturate, and every day number has a text.
        for d in [
            first.add_days(i32::MAX),
            first.add_days(i32::MIN),
            Date::from_days(i32::MAX),
            Date::from_days(i32::MIN),
        ] {
            assert!(!d.to_string().is_empty());
            let _ = (d.ymd(), d.weekday(), d.add_months(1), d.add_months(-1));
        }
        assert_eq!(
            Date::from_days(i32::MAX).days_until(Date::from_days(i32::MIN)),
            i32::MIN
        );
        assert_eq!(first.add_months(i32::MAX), None);
        assert_eq!(first.add_months(i32::MIN), None);
        assert_eq!(Date::MAX.add_months(1), None);
        assert_eq!(
            Date::MIN.add_months(1).map(|d| d.to_string()).as_deref(),
            Some("0001-02-01")
        );
        let last = DateTime::parse("9999-12-31T23:59").unwrap();
        assert_eq!(last.checked_add_minutes(1), None);
        assert_eq!(last.checked_add_minutes(i64::MAX), None);
        assert_eq!(last.checked_add_minutes(i64::MIN), None);
        assert_eq!(last.checked_add_minutes(0), Some(last));
        let start = DateTime::parse("0001-01-01T00:00").unwrap();
        assert_eq!(start.checked_add_minutes(-1), None);
        assert_eq!(
            start
                .checked_add_minutes(1439)
                .map(|t| t.to_string())
                .as_deref(),
            Some("0001-01-01T23:59")
        );
    }

    #[test]
    fn parses_times() {
        let t = DateTime::parse("2018-07-01T23:59").unwrap();
        let u = DateTime::parse("2018-07-02T04:59").unwrap();
        assert_eq!(t.minutes_until(u), 300);
        assert!(DateTime::parse("2018-07-01T24:00").is_err());
        assert!(DateTime::parse("2018-07-01T9:00").is_err());
        assert!(DateTime::parse("2018-07-01").is_err());
        assert_eq!(
            DateTime::parse("2018-07-01T09").unwrap_err().message_zh(),
            "「2018-07-01T09」不是有效时间（应为 YYYY-MM-DDTHH:MM）"
        );
    }
}
