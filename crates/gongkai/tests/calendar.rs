//! The working-day calendar against its source data and the reference deadlines (R-WD-4).
//!
//! The raw holiday-cn files are committed in `tests/data/holiday-cn/` (MIT, with their LICENSE;
//! refreshed by `cargo xtask calendar`), so these tests run from a clean clone and check the
//! committed `data/holiday-cn.txt` against an independent reading of them.

// Test code: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use gongkai::calendar::{Calendar, CalendarError, holiday_cn_to_text};
use gongkai::date::Date;

const COMMITTED: &str = include_str!("../data/holiday-cn.txt");

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/holiday-cn")
}

/// `(file name, text)` of every `YYYY.json` fixture, sorted by name.
fn raw_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter_map(|e| {
            let name = e.file_name().into_string().unwrap();
            name.ends_with(".json")
                .then(|| (name, std::fs::read_to_string(e.path()).unwrap()))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 21, "2007.json ..= 2027.json");
    files
}

/// An independent reading of the raw files with R-WD-3, without the crate's parser:
/// date → (isOffDay, name).
fn raw_listed_days() -> BTreeMap<String, (bool, String)> {
    let mut listed = BTreeMap::new();
    for (name, text) in raw_files() {
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        for day in json["days"].as_array().unwrap() {
            let date = day["date"].as_str().unwrap().to_owned();
            let off = day["isOffDay"].as_bool().unwrap();
            let holiday = day["name"].as_str().unwrap().to_owned();
            let previous = listed.insert(date.clone(), (off, holiday));
            assert!(previous.is_none(), "{date} listed twice (again in {name})");
        }
    }
    listed
}

fn dates(from: &str, to: &str) -> impl Iterator<Item = Date> {
    let (from, to) = (d(from), d(to));
    (0..=from.days_until(to)).map(move |i| from.add_days(i))
}

#[test]
fn reference_deadlines_r_wd_4() {
    let cal = Calendar::builtin();
    for (start, n, due) in [
        ("2018-01-02", 20, "2018-01-30"),
        ("2018-09-20", 20, "2018-10-24"),
        ("2019-04-25", 15, "2019-05-17"),
        ("2024-12-25", 20, "2025-01-23"),
        ("2025-09-26", 20, "2025-10-30"),
        ("2025-09-26", 40, "2025-11-27"),
        ("2025-09-30", 7, "2025-10-16"),
        ("2026-01-20", 20, "2026-02-24"),
        ("2026-02-10", 3, "2026-02-13"),
        // 2018-09-29 (Sat) and 2018-09-30 (Sun) were adjusted working days before 国庆节.
        ("2018-09-28", 3, "2018-10-08"),
    ] {
        assert_eq!(
            cal.add_workdays(d(start), n),
            Ok(d(due)),
            "{start} + {n} working days"
        );
        assert_eq!(cal.workdays_between(d(start), d(due)), Ok(n));
        assert_eq!(cal.is_workday(d(due)), Ok(true));
    }
}

#[test]
fn every_day_2007_to_2026_agrees_with_the_source_json() {
    let listed = raw_listed_days();
    let cal = Calendar::builtin();
    let mut checked = 0;
    // 2026-12-21..=31 depend on the 2027 notice, which holiday-cn has not got yet (empty file).
    for day in dates("2007-01-01", "2026-12-20") {
        let expected = match listed.get(&day.to_string()) {
            Some((off, _)) => !off,
            None => !day.is_weekend(),
        };
        assert_eq!(cal.is_workday(day), Ok(expected), "{day}");
        assert_eq!(
            cal.holiday_name(day),
            listed.get(&day.to_string()).map(|(_, n)| n.as_str()),
            "{day}"
        );
        checked += 1;
    }
    assert_eq!(checked, 7294);
    for day in dates("2026-12-21", "2026-12-31") {
        assert_eq!(
            cal.is_workday(day),
            Err(CalendarError::NotCovered {
                year: 2027,
                date: day
            })
        );
    }
    // The listed days before 2007 (2006-12-30/31, in the 2007 notice) are not decidable
    // without the 2006 notice.
    for day in dates("2006-12-01", "2006-12-31") {
        assert!(matches!(
            cal.is_workday(day),
            Err(CalendarError::NotCovered { year: 2006, .. })
        ));
    }
}

#[test]
fn converted_file_is_up_to_date() {
    let files = raw_files();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let regenerated = holiday_cn_to_text(&refs).unwrap();
    let committed = COMMITTED.replace("\r\n", "\n");
    assert!(
        regenerated == committed,
        "crates/gongkai/data/holiday-cn.txt is stale or hand-edited: run `cargo xtask calendar`"
    );
    assert!(committed.contains("\n# [2027] not covered"));
    let licence = |p: PathBuf| std::fs::read_to_string(p).unwrap().replace("\r\n", "\n");
    let data_licence =
        licence(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/holiday-cn.LICENSE"));
    assert_eq!(data_licence, licence(fixture_dir().join("LICENSE")));
    assert!(data_licence.contains("Copyright (c) 2019 NateScarlet"));
}

/// 《全国年节及纪念日放假办法》(2024) 第七条: "除个别特殊情形外，法定节假日假期前后连续工作一般不超过6天".
/// Every run of more than six consecutive working days in the data, so that the exceptions are
/// documented here rather than ignored. All are from the notices for 2007–2023; since the 2024
/// revision (in force from 2025) there are none.
#[test]
fn runs_of_more_than_six_working_days() {
    let cal = Calendar::builtin();
    let mut runs = Vec::new();
    let mut run: Option<(Date, Date)> = None;
    for day in dates("2007-01-01", "2026-12-20") {
        if cal.is_workday(day).unwrap() {
            run = Some(run.map_or((day, day), |(start, _)| (start, day)));
        } else if let Some((start, end)) = run.take() {
            let len = start.days_until(end) + 1;
            if len > 6 {
                runs.push(format!("{start}..{end} ({len})"));
            }
        }
    }
    assert_eq!(
        runs,
        [
            "2007-04-23..2007-04-30 (8)", // “五一” 2007: two weekend days worked before the week off
            "2007-09-24..2007-09-30 (7)", // “十一” 2007
            "2008-01-28..2008-02-05 (9)", // 春节 2008: the longest
            "2008-09-22..2008-09-28 (7)", // 国庆节 2008
            "2010-02-20..2010-02-26 (7)", // 春节 2010
            "2010-06-07..2010-06-13 (7)", // 端午节 2010
            "2011-10-08..2011-10-14 (7)", // after 国庆节 2011
            "2012-03-26..2012-04-01 (7)", // 清明节 2012
            "2013-01-04..2013-01-11 (8)", // after 元旦 2013
            "2013-02-16..2013-02-22 (7)", // after 春节 2013
            "2013-04-22..2013-04-28 (7)", // 劳动节 2013
            "2013-06-03..2013-06-09 (7)", // 端午节 2013
            "2016-10-08..2016-10-14 (7)", // after 国庆节 2016
            "2019-01-28..2019-02-03 (7)", // 春节 2019
            "2022-01-24..2022-01-30 (7)", // 春节 2022
            "2022-10-08..2022-10-14 (7)", // after 国庆节 2022
            "2023-01-28..2023-02-03 (7)", // after 春节 2023
            "2023-10-07..2023-10-13 (7)", // after 中秋节、国庆节 2023
        ]
    );
}

#[test]
fn workdays_between_inverts_add_workdays() {
    let cal = Calendar::builtin();
    let mut pairs = 0;
    for a in dates("2007-01-01", "2026-10-31").step_by(3) {
        let a_works = cal.is_workday(a).unwrap();
        for n in (-60..=60).step_by(7).chain([-1, 0, 1, 20]) {
            let b = match cal.add_workdays(a, n) {
                Ok(b) => b,
                // Only walks leaving 2007-01-01..=2026-12-20 may fail.
                Err(CalendarError::NotCovered { year: 2006, .. }) if n < 0 => {
                    assert!(a < d("2007-05-01"), "{a} {n}");
                    continue;
                }
                Err(CalendarError::NotCovered { year: 2027, .. }) if n > 0 => {
                    assert!(a > d("2026-09-01"), "{a} {n}");
                    continue;
                }
                Err(e) => panic!("{a} {n}: {e}"),
            };
            let between = cal.workdays_between(a, b).unwrap();
            // (a, b] never counts `a` going forward; going backward, (b, a] contains `a` while
            // add_workdays does not count its start day.
            let expected = if n >= 0 || a_works { n } else { n + 1 };
            assert_eq!(between, expected, "{a} {n} -> {b}");
            assert_eq!(cal.workdays_between(b, a).unwrap(), -between);
            if n != 0 {
                assert!(cal.is_workday(b).unwrap(), "{a} {n} -> {b}");
            }
            if a_works && n != 0 {
                assert_eq!(cal.add_workdays(b, -n), Ok(a), "{a} {n} -> {b} and back");
            }
            pairs += 1;
        }
    }
    assert!(pairs > 45_000, "{pairs}");
}

#[test]
fn uncovered_dates_are_refused() {
    let cal = Calendar::builtin();
    let nc = |year, date: &str| {
        Err::<bool, _>(CalendarError::NotCovered {
            year,
            date: d(date),
        })
    };
    assert_eq!(cal.is_workday(d("2027-06-01")), nc(2027, "2027-06-01"));
    assert_eq!(cal.is_workday(d("2006-12-31")), nc(2006, "2006-12-31"));
    // 2026-12-30 is a Wednesday, but the 2027 notice may still make it part of 元旦.
    assert_eq!(cal.is_workday(d("2026-12-30")), nc(2027, "2026-12-30"));
    assert_eq!(
        cal.add_workdays(d("2026-12-01"), 20),
        Err(CalendarError::NotCovered {
            year: 2027,
            date: d("2026-12-21")
        })
    );
    // A walk that finishes before the gap succeeds.
    assert_eq!(cal.add_workdays(d("2026-12-01"), 13), Ok(d("2026-12-18")));
    assert_eq!(
        cal.workdays_between(d("2007-01-10"), d("2006-12-25")),
        Err(CalendarError::NotCovered {
            year: 2006,
            date: d("2006-12-31")
        })
    );
    let msg = cal.is_workday(d("2027-06-01")).unwrap_err().message_zh();
    assert!(
        msg.contains("日历未包含2027年的放假安排")
            && msg.contains("可用 holiday-cn 格式的 2027.json 扩充日历"),
        "{msg}"
    );
}

#[test]
fn a_2027_notice_extends_the_calendar() {
    // Synthetic: the shape of a real notice, not the real 2027 arrangement.
    let json = r#"{
        "year": 2027,
        "papers": ["https://www.gov.cn/zhengce/zhengceku/example.htm"],
        "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2026-12-31", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-09", "isOffDay": false},
            {"name": "春节", "date": "2027-02-06", "isOffDay": true},
            {"name": "春节", "date": "2027-02-08", "isOffDay": true}
        ]
    }"#;
    let mut cal = Calendar::builtin();
    assert_eq!(cal.add_year_json(json), Ok(2027));
    assert_eq!(cal.covered_years().last(), Some(2027));
    assert_eq!(cal.is_workday(d("2026-12-30")), Ok(true));
    assert_eq!(cal.is_workday(d("2026-12-31")), Ok(false));
    assert_eq!(cal.holiday_name(d("2026-12-31")), Some("元旦"));
    assert_eq!(cal.is_workday(d("2027-01-09")), Ok(true)); // a Saturday worked
    assert_eq!(cal.is_workday(d("2027-06-01")), Ok(true));
    // 2026-12-28 (Mon) + 5: 29, 30, [31 off, 1 off, 2–3 weekend], 4, 5, 6.
    assert_eq!(cal.add_workdays(d("2026-12-28"), 5), Ok(d("2027-01-06")));
    assert_eq!(
        cal.workdays_between(d("2026-12-01"), d("2027-12-20")),
        Ok(cal
            .workdays_between(d("2026-12-01"), d("2027-12-20"))
            .unwrap())
    );
    assert!(matches!(
        cal.is_workday(d("2027-12-21")),
        Err(CalendarError::NotCovered { year: 2028, .. })
    ));
    assert_eq!(cal.notice_papers(2027).map(<[String]>::len), Some(1));
    // The shared builtin calendar is unchanged.
    assert!(Calendar::builtin().is_workday(d("2027-06-01")).is_err());
}

#[test]
fn bad_extension_json_is_refused_clearly() {
    let mut cal = Calendar::builtin();
    let err = cal
        .add_year_json("{\"year\": 2027, \"papers\": [], ")
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid calendar data (line 1): not valid JSON"),
        "{err}"
    );
    assert!(
        err.message_zh()
            .starts_with("日历数据有误（第1行）：不是有效的 JSON"),
        "{}",
        err.message_zh()
    );

    // The real, still empty, 2027.json from holiday-cn.
    let empty = std::fs::read_to_string(fixture_dir().join("2027.json")).unwrap();
    let err = cal.add_year_json(&empty).unwrap_err();
    assert_eq!(err, CalendarError::EmptyNotice { year: 2027 });
    assert_eq!(
        err.message_zh(),
        "2027年的放假安排为空（days 列表为空，通知可能尚未发布），不能据此计算2027年的工作日"
    );
    assert!(cal.is_workday(d("2027-06-01")).is_err());

    let err = cal
        .add_year_json(r#"{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-02-29", "isOffDay": true}]}"#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid calendar data (field `days[0].date`): `2027-02-29` is not a valid date (YYYY-MM-DD)"
    );
}

/// Prints timings (run with `--release -- --nocapture` for meaningful numbers). The bound is
/// loose so that debug builds on slow machines pass.
#[test]
fn timing() {
    let mut best = Duration::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        let cal = Calendar::from_text(COMMITTED).unwrap();
        best = best.min(t.elapsed());
        assert_eq!(cal.covered_years().count(), 20);
    }
    // What the first `Calendar::builtin()` in a process costs.
    println!("parse + build of the embedded data: {best:?}");
    assert!(best < Duration::from_millis(50), "{best:?}");

    let cal = Calendar::builtin();
    let t = Instant::now();
    let again = Calendar::builtin();
    println!("Calendar::builtin(), later call: {:?}", t.elapsed());
    assert_eq!(again.covered_years().count(), 20);

    let starts: Vec<Date> = dates("2008-01-01", "2025-12-31").collect();
    let t = Instant::now();
    let mut sum = 0i64;
    let calls = 1_000_000;
    for i in 0..calls {
        let start = starts[i % starts.len()];
        sum += i64::from(cal.add_workdays(start, 20).unwrap().days());
    }
    println!(
        "add_workdays(_, 20): {:?} per call ({sum})",
        t.elapsed() / u32::try_from(calls).unwrap()
    );
    let t = Instant::now();
    let mut total = 0i64;
    for i in 0..calls {
        let start = starts[i % starts.len()];
        total += i64::from(cal.workdays_between(start, start.add_days(45)).unwrap());
    }
    println!(
        "workdays_between(_, _ + 45 days): {:?} per call ({total})",
        t.elapsed() / u32::try_from(calls).unwrap()
    );
    let t = Instant::now();
    let mut n = 0u32;
    for i in 0..calls {
        n += u32::from(cal.is_workday(starts[i % starts.len()]).unwrap());
    }
    println!(
        "is_workday: {:?} per call ({n})",
        t.elapsed() / u32::try_from(calls).unwrap()
    );
}
