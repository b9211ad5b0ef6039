use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn not_covered(year: i32, date: &str) -> CalendarError {
    CalendarError::NotCovered {
        year,
        date: d(date),
    }
}

fn problem(err: &CalendarError) -> &DataProblem {
    match err {
        CalendarError::InvalidData { problem, .. } => problem,
        other => panic!("not InvalidData: {other:?}"),
    }
}

const NOTICE_2030: &str = r#"{"year": 2030, "papers": ["https://www.gov.cn/a.htm"], "days": [
    {"name": "元旦", "date": "2030-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2029-12-29", "isOffDay": false}]}"#;

#[test]
fn builtin_text_parses_and_covers_2007_to_2026() {
    let cal = Calendar::from_text(BUILTIN_TEXT).unwrap();
    assert_eq!(
        cal.covered_years().collect::<Vec<_>>(),
        (2007..=2026).collect::<Vec<_>>()
    );
    let listed: usize = cal.inner.notices.iter().map(|n| n.days.len()).sum();
    assert_eq!(listed, 678);
    assert_eq!(
        Calendar::builtin().covered_years().count(),
        cal.covered_years().count()
    );
}

#[test]
fn builtin_is_shared_not_reparsed() {
    let a = Calendar::builtin();
    let b = Calendar::builtin();
    assert!(Arc::ptr_eq(&a.inner, &b.inner));
}

#[test]
fn december_cutoff() {
    let cal = Calendar::builtin();
    assert_eq!(cal.is_workday(d("2026-12-18")), Ok(true)); // Friday
    assert_eq!(cal.is_workday(d("2026-12-20")), Ok(false)); // Sunday
    assert_eq!(
        cal.is_workday(d("2026-12-21")),
        Err(not_covered(2027, "2026-12-21"))
    );
    assert_eq!(
        cal.is_workday(d("2026-12-31")),
        Err(not_covered(2027, "2026-12-31"))
    );
    // Inside the range, late December is decided with the next notice: 2018-12-29 is the 2019
    // notice's working Saturday.
    assert_eq!(cal.is_workday(d("2018-12-29")), Ok(true));
    assert_eq!(cal.is_workday(d("2018-12-31")), Ok(false)); // Monday off
    assert_eq!(
        cal.is_workday(d("2006-12-30")),
        Err(not_covered(2006, "2006-12-30"))
    );
}

#[test]
fn walks_stop_at_the_first_undecidable_day() {
    let cal = Calendar::builtin();
    // 2026-12-18 (Fri) + 1 is Mon 2026-12-21: undecidable.
    assert_eq!(cal.add_workdays(d("2026-12-17"), 1), Ok(d("2026-12-18")));
    // Sat 19 and Sun 20 are decided (rest days); Mon 21 is not.
    assert_eq!(
        cal.add_workdays(d("2026-12-18"), 1),
        Err(not_covered(2027, "2026-12-21"))
    );
    assert_eq!(
        cal.add_workdays(d("2007-01-05"), -3),
        Err(not_covered(2006, "2006-12-31"))
    );
    // The start day itself need not be covered.
    assert_eq!(cal.add_workdays(d("2006-12-31"), 1), Ok(d("2007-01-04")));
    assert_eq!(cal.add_workdays(d("2026-12-21"), -1), Ok(d("2026-12-18")));
    assert_eq!(cal.add_workdays(d("2030-01-01"), 0), Ok(d("2030-01-01")));
    // Between: the undecidable day nearest to `a` is named.
    assert_eq!(
        cal.workdays_between(d("2026-12-01"), d("2027-03-01")),
        Err(not_covered(2027, "2026-12-21"))
    );
    assert_eq!(
        cal.workdays_between(d("2007-02-01"), d("2006-01-01")),
        Err(not_covered(2006, "2006-12-31"))
    );
    assert_eq!(
        cal.workdays_between(d("2006-01-01"), d("2007-02-01")),
        Err(not_covered(2006, "2006-01-02"))
    );
}

#[test]
fn walks_agree_with_a_day_by_day_reference() {
    let cal = Calendar::builtin();
    let naive = |start: Date, n: i32| -> Result<Date, CalendarError> {
        let step = n.signum();
        let mut left = n.abs();
        let mut day = start;
        while left > 0 {
            day = day.add_days(step);
            if cal.is_workday(day)? {
                left -= 1;
            }
        }
        Ok(day)
    };
    let naive_between = |a: Date, b: Date| -> Result<i32, CalendarError> {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0;
        // Walk from `a`, so that the first failure is the one nearest to `a`.
        let days: Vec<Date> = (1..=lo.days_until(hi)).map(|i| lo.add_days(i)).collect();
        let ordered: Box<dyn Iterator<Item = &Date>> = if sign == 1 {
            Box::new(days.iter())
        } else {
            Box::new(days.iter().rev())
        };
        for &day in ordered {
            count += i32::from(cal.is_workday(day)?);
        }
        Ok(sign * count)
    };
    let ns = [
        -300, -70, -65, -64, -63, -20, -7, -3, -2, -1, 0, 1, 2, 3, 7, 15, 20, 40, 63, 64, 65, 70,
        300,
    ];
    let mut start = d("2006-11-01");
    while start <= d("2027-02-28") {
        for n in ns {
            assert_eq!(cal.add_workdays(start, n), naive(start, n), "{start} {n}");
        }
        if start.days() % 5 == 0 {
            for span in [-100, -31, -1, 1, 6, 30, 100] {
                let other = start.add_days(span);
                assert_eq!(
                    cal.workdays_between(start, other),
                    naive_between(start, other),
                    "{start} {other}"
                );
            }
        }
        start = start.add_days(1);
    }
}

/// `workdays_late` against its definition: the deadline computed first, then the working days
/// after it up to the day, at least one.
#[test]
fn lateness_agrees_with_the_deadline_walked_first() {
    let cal = Calendar::builtin();
    let reference = |start: Date, n: i32, day: Date| -> Result<i32, CalendarError> {
        let due = cal.add_workdays(start, n)?;
        if day <= due {
            return Ok(0);
        }
        Ok(cal.workdays_between(due, day)?.max(1))
    };
    let mut start = d("2007-01-01");
    while start <= d("2026-10-31") {
        for n in [0, 1, 3, 5, 7, 15, 20, 40] {
            for span in [1, 2, 3, 5, 9, 10, 24, 29, 30, 31, 45, 60] {
                let day = start.add_days(span);
                if day > d("2026-12-18") {
                    continue;
                }
                let got = cal.workdays_late(start, n, day);
                match reference(start, n, day) {
                    Ok(want) => assert_eq!(got, Ok(want), "{start} {n} {day}"),
                    // The deadline is in a year not covered: a day before it is on time.
                    Err(_) => assert_eq!(got, Ok(0), "{start} {n} {day}"),
                }
            }
        }
        start = start.add_days(3);
    }
    // Before or on the start day: never late; a negative period counts as none.
    assert_eq!(
        cal.workdays_late(d("2025-10-10"), 5, d("2025-10-01")),
        Ok(0)
    );
    assert_eq!(
        cal.workdays_late(d("2025-10-10"), 0, d("2025-10-10")),
        Ok(0)
    );
    assert_eq!(
        cal.workdays_late(d("2025-11-14"), -5, d("2025-11-17")),
        Ok(1)
    );
}

/// In the last days of a year whose successor's notice is not loaded, lateness is still
/// decided when the day is within the period, and is an error only when it is not.
#[test]
fn lateness_needs_only_the_days_up_to_the_date() {
    let cal = Calendar::builtin();
    assert!(cal.add_workdays(d("2026-12-08"), 20).is_err());
    assert_eq!(
        cal.workdays_late(d("2026-12-08"), 20, d("2026-12-18")),
        Ok(0)
    );
    assert!(
        cal.workdays_late(d("2026-12-08"), 20, d("2026-12-28"))
            .is_err()
    );
    // Past a deadline that is itself covered, but on an uncovered day: not a guess either.
    assert!(
        cal.workdays_late(d("2026-11-20"), 10, d("2026-12-22"))
            .is_err()
    );
}

#[test]
fn extreme_dates_do_not_panic() {
    let cal = Calendar::builtin();
    for days in [
        i32::MIN,
        i32::MIN + 1,
        -1_000_000_000,
        1_000_000_000,
        i32::MAX - 1,
        i32::MAX,
    ] {
        let x = Date::from_days(days);
        assert!(cal.is_workday(x).is_err());
        assert_eq!(cal.holiday_name(x), None);
        for n in [i32::MIN, -1, 1, i32::MAX] {
            assert!(cal.add_workdays(x, n).is_err());
        }
        assert!(cal.workdays_between(x, d("2018-01-01")).is_err());
        assert!(cal.workdays_between(d("2018-01-01"), x).is_err());
        for n in [i32::MIN, 0, i32::MAX] {
            let _ = cal.workdays_late(x, n, d("2018-01-01"));
            let _ = cal.workdays_late(d("2018-01-01"), n, x);
        }
        let _ = cal.is_workday(x).unwrap_err().message_zh();
    }
    assert!(cal.add_workdays(d("2018-01-01"), i32::MAX).is_err());
    assert!(cal.add_workdays(d("2018-01-01"), i32::MIN).is_err());
    assert!(Calendar::empty().add_workdays(d("2018-01-01"), 1).is_err());
}

#[test]
fn holiday_names() {
    let cal = Calendar::builtin();
    assert_eq!(cal.holiday_name(d("2018-09-29")), Some("国庆节"));
    assert_eq!(
        cal.holiday_name(d("2015-09-03")),
        Some("抗日战争暨世界反法西斯战争胜利70周年纪念日")
    );
    assert_eq!(cal.holiday_name(d("2006-12-31")), Some("元旦")); // listed by the 2007 notice
    assert_eq!(cal.holiday_name(d("2022-12-31")), Some("元旦")); // 2023 notice
    assert_eq!(cal.holiday_name(d("2027-01-01")), None); // no 2027 notice
}

#[test]
fn add_year_json_adds_and_replaces() {
    let mut cal = Calendar::builtin();
    assert_eq!(cal.add_year_json(NOTICE_2030), Ok(2030));
    // 2027–2029 are still not covered, nor is 2029-12-29 without the 2029 notice.
    assert_eq!(
        cal.is_workday(d("2028-03-01")),
        Err(not_covered(2028, "2028-03-01"))
    );
    assert_eq!(cal.is_workday(d("2030-01-01")), Ok(false));
    assert_eq!(cal.is_workday(d("2030-01-02")), Ok(true));
    assert_eq!(
        cal.is_workday(d("2030-12-21")),
        Err(not_covered(2031, "2030-12-21"))
    );
    assert_eq!(
        cal.notice_papers(2030),
        Some(&["https://www.gov.cn/a.htm".to_owned()][..])
    );
    // Replacing: 2030-01-01 now a working day (synthetic), 2029-12-29 no longer listed.
    let replaced = r#"{"year": 2030, "papers": [], "days": [
        {"name": "测试", "date": "2030-01-01", "isOffDay": false}]}"#;
    assert_eq!(cal.add_year_json(replaced), Ok(2030));
    assert_eq!(cal.is_workday(d("2030-01-01")), Ok(true));
    assert_eq!(cal.holiday_name(d("2030-01-01")), Some("测试"));
    assert_eq!(cal.notice_papers(2030), Some(&[][..]));
    // The builtin calendar itself is untouched (copy on write).
    assert_eq!(Calendar::builtin().covered_years().last(), Some(2026));
    // A failed add changes nothing.
    let before = format!("{cal:?}");
    assert!(cal.add_year_json("{").is_err());
    assert_eq!(format!("{cal:?}"), before);
}

/// Notices are kept in year order whatever order they come in, and one notice alone covers its
/// year.
#[test]
fn notices_in_any_order_and_alone() {
    let mut cal = Calendar::empty();
    let notice = |year: i32| {
        format!(
            r#"{{"year": {year}, "papers": ["{year}"], "days": [
                {{"name": "元旦", "date": "{year}-01-01", "isOffDay": true}}]}}"#
        )
    };
    cal.add_year_json(&notice(2031)).unwrap();
    assert_eq!(cal.is_workday(d("2031-01-01")), Ok(false));
    assert_eq!(cal.is_workday(d("2031-01-02")), Ok(true));
    cal.add_year_json(&notice(2029)).unwrap();
    cal.add_year_json(&notice(2030)).unwrap();
    cal.add_year_json(&notice(2030)).unwrap();
    assert_eq!(cal.covered_years().collect::<Vec<_>>(), [2029, 2030, 2031]);
    assert_eq!(cal.notice_papers(2029), Some(&["2029".to_owned()][..]));
    assert_eq!(cal.is_workday(d("2029-12-31")), Ok(true));
    assert_eq!(cal.holiday_name(d("2030-01-01")), Some("元旦"));
}

#[test]
fn the_next_notice_overrides_late_december() {
    let mut cal = Calendar::empty();
    cal.add_year_json(
        r#"{"year": 2030, "papers": [], "days": [
            {"name": "甲", "date": "2030-12-28", "isOffDay": false}]}"#,
    )
    .unwrap();
    // 2030-12-28 is a Saturday; it needs the 2031 notice before it can be decided at all.
    assert!(cal.is_workday(d("2030-12-28")).is_err());
    cal.add_year_json(
        r#"{"year": 2031, "papers": [], "days": [
            {"name": "乙", "date": "2030-12-28", "isOffDay": true}]}"#,
    )
    .unwrap();
    assert_eq!(cal.is_workday(d("2030-12-28")), Ok(false));
    assert_eq!(cal.holiday_name(d("2030-12-28")), Some("乙"));
}

#[test]
fn json_errors_are_specific() {
    let mut cal = Calendar::empty();
    let mut check = |json: &str, field: Option<&str>, expected: DataProblem| {
        let err = cal.add_year_json(json).unwrap_err();
        match &err {
            CalendarError::InvalidData {
                field: f, problem, ..
            } => {
                assert_eq!(f.as_deref(), field, "{json}");
                assert_eq!(problem, &expected, "{json}");
            }
            other => panic!("{json}: {other:?}"),
        }
        assert!(!err.to_string().is_empty());
        assert!(err.message_zh().starts_with("日历数据有误"));
    };
    check("[]", None, DataProblem::WrongType { expected: "object" });
    check(
        r#"{"papers": [], "days": []}"#,
        Some("year"),
        DataProblem::Missing,
    );
    check(
        r#"{"year": "2030", "papers": [], "days": []}"#,
        Some("year"),
        DataProblem::BadYear("\"2030\"".into()),
    );
    check(
        r#"{"year": 2030.5, "papers": [], "days": []}"#,
        Some("year"),
        DataProblem::BadYear("2030.5".into()),
    );
    check(
        r#"{"year": 99999, "papers": [], "days": []}"#,
        Some("year"),
        DataProblem::BadYear("99999".into()),
    );
    check(
        r#"{"year": 2030, "days": []}"#,
        Some("papers"),
        DataProblem::Missing,
    );
    check(
        r#"{"year": 2030, "papers": [1], "days": []}"#,
        Some("papers[0]"),
        DataProblem::WrongType { expected: "string" },
    );
    check(
        r#"{"year": 2030, "papers": ["a b"], "days": []}"#,
        Some("papers[0]"),
        DataProblem::BadUrl("a b".into()),
    );
    check(
        r#"{"year": 2030, "papers": [], "days": {}}"#,
        Some("days"),
        DataProblem::WrongType { expected: "array" },
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"date": "2030-01-01", "isOffDay": true}]}"#,
        Some("days[0].name"),
        DataProblem::Missing,
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"name": " 元旦", "date": "2030-01-01", "isOffDay": true}]}"#,
        Some("days[0].name"),
        DataProblem::BadName(" 元旦".into()),
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"name": "元旦\n", "date": "2030-01-01", "isOffDay": true}]}"#,
        Some("days[0].name"),
        DataProblem::BadName("元旦\n".into()),
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"name": "元旦", "date": "2030-1-1", "isOffDay": true}]}"#,
        Some("days[0].date"),
        DataProblem::BadDate("2030-1-1".into()),
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"name": "元旦", "date": "2030-01-01", "isOffDay": "yes"}]}"#,
        Some("days[0].isOffDay"),
        DataProblem::WrongType {
            expected: "boolean",
        },
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"name": "元旦", "date": "2029-12-20", "isOffDay": true}]}"#,
        Some("days[0].date"),
        DataProblem::OutsideNotice {
            date: d("2029-12-20"),
            year: 2030,
        },
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [{"name": "元旦", "date": "2031-01-01", "isOffDay": true}]}"#,
        Some("days[0].date"),
        DataProblem::OutsideNotice {
            date: d("2031-01-01"),
            year: 2030,
        },
    );
    check(
        r#"{"year": 2030, "papers": [], "days": [
            {"name": "元旦", "date": "2030-01-02", "isOffDay": true},
            {"name": "元旦", "date": "2030-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2030-01-02", "isOffDay": false}]}"#,
        Some("days[2].date"),
        DataProblem::DuplicateDate(d("2030-01-02")),
    );
    // Syntax errors carry the parser's line.
    let err = cal.add_year_json("{\n\"year\": 2030,\n oops}").unwrap_err();
    assert!(matches!(
        &err,
        CalendarError::InvalidData {
            line: Some(3),
            problem: DataProblem::Json(_),
            ..
        }
    ));
    assert!(err.message_zh().contains("第3行"), "{}", err.message_zh());
    // Empty days: its own error, in both languages.
    let err = cal
        .add_year_json(r#"{"year": 2027, "papers": [], "days": []}"#)
        .unwrap_err();
    assert_eq!(err, CalendarError::EmptyNotice { year: 2027 });
    assert!(err.to_string().contains("lists no days"));
    assert!(err.message_zh().contains("2027年的放假安排为空"));
    assert_eq!(cal.covered_years().count(), 0);
}

#[test]
fn malformed_json_never_panics() {
    // Every prefix of a valid file, and a few byte-level corruptions.
    let mut cal = Calendar::empty();
    let full = NOTICE_2030;
    for end in 0..full.len() {
        if let Some(prefix) = full.get(..end) {
            assert!(cal.add_year_json(prefix).is_err());
        }
    }
    for (i, _) in full.char_indices() {
        for c in ['"', '{', '}', '[', ']', ',', ':', '0', '-', 'x', ' '] {
            let mut s = full.to_owned();
            let end = i + s[i..].chars().next().map_or(0, char::len_utf8);
            s.replace_range(i..end, &c.to_string());
            let _ = cal.add_year_json(&s);
        }
    }
    for junk in [
        "",
        "null",
        "0",
        "\"\"",
        "{\"year\": -1, \"papers\": [], \"days\": []}",
        "{\"year\": 1e400}",
    ] {
        assert!(Calendar::empty().add_year_json(junk).is_err(), "{junk}");
    }
}

#[test]
fn text_round_trips_and_errors_name_the_line() {
    let text = holiday_cn_to_text(&[("2030.json", NOTICE_2030)]).unwrap();
    let cal = Calendar::from_text(&text).unwrap();
    assert_eq!(cal.covered_years().collect::<Vec<_>>(), [2030]);
    assert_eq!(cal.holiday_name(d("2029-12-29")), Some("元旦"));
    // CRLF is accepted (a Windows checkout).
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(
        format!("{:?}", Calendar::from_text(&crlf).unwrap()),
        format!("{cal:?}")
    );

    let line_of = |text: &str| match Calendar::from_text(text).unwrap_err() {
        CalendarError::InvalidData { line, problem, .. } => (line, problem),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        line_of("# x\n2030-01-01 休 元旦\n"),
        (Some(2), DataProblem::DayBeforeHeader)
    );
    assert_eq!(
        line_of("[2030]\n2030-01-01 放 元旦\n"),
        (Some(2), DataProblem::BadLine("2030-01-01 放 元旦".into()))
    );
    assert_eq!(
        line_of("[2030]\n2030-01-01 休\n"),
        (Some(2), DataProblem::BadLine("2030-01-01 休".into()))
    );
    assert_eq!(
        line_of("[2030]\n2030-01-01 休 \n"),
        (Some(2), DataProblem::BadName(String::new()))
    );
    assert_eq!(
        line_of("[2030]\n2030-02-30 休 元旦\n"),
        (Some(2), DataProblem::BadDate("2030-02-30".into()))
    );
    assert_eq!(
        line_of("[2030]\n2031-01-01 休 元旦\n"),
        (
            Some(2),
            DataProblem::OutsideNotice {
                date: d("2031-01-01"),
                year: 2030
            }
        )
    );
    assert_eq!(
        line_of("[2030]\n2030-01-01 休 元旦\n\n2030-01-01 班 元旦\n"),
        (Some(4), DataProblem::DuplicateDate(d("2030-01-01")))
    );
    assert_eq!(
        line_of("[2030]\n2030-01-01 休 元旦\n[2030]\n2030-01-02 休 元旦\n"),
        (Some(3), DataProblem::DuplicateYear(2030))
    );
    assert_eq!(
        line_of("[20x0]\n"),
        (Some(1), DataProblem::BadYear("20x0".into()))
    );
    assert_eq!(
        line_of("[2030\n"),
        (Some(1), DataProblem::BadLine("[2030".into()))
    );
    assert_eq!(
        line_of("[2030]x\n"),
        (Some(1), DataProblem::BadLine("[2030]x".into()))
    );
    assert_eq!(
        line_of(" [2030]\n"),
        (Some(1), DataProblem::BadLine(" [2030]".into()))
    );
    // Runs of days: the end leaves out what it shares with the start.
    for bad in [
        "2030-01-03/01",
        "2030-01-01/01",
        "2030-01-01/1",
        "2030-01-01/2030-1-2",
        "2030-01-01/32",
        "2030-01-30/02-30",
        "2030-01-01/",
        "2030-01-01/02/03",
        "2030-13-01/02",
    ] {
        assert_eq!(
            line_of(&format!("[2030]\n{bad} 休 元旦\n")),
            (Some(2), DataProblem::BadRange(bad.into())),
            "{bad}"
        );
    }
    assert_eq!(
        line_of("[2030]\n2030-12-30/2031-01-02 休 元旦\n"),
        (
            Some(2),
            DataProblem::OutsideNotice {
                date: d("2031-01-02"),
                year: 2030
            }
        )
    );
    assert_eq!(
        line_of("[2030]\n2030-01-01/03 休 元旦\n2030-01-03 班 元旦\n"),
        (Some(3), DataProblem::DuplicateDate(d("2030-01-03")))
    );
    assert_eq!(
        Calendar::from_text("[2030] https://x\n# nothing\n").unwrap_err(),
        CalendarError::EmptyNotice { year: 2030 }
    );
    assert_eq!(Calendar::from_text("").unwrap().covered_years().count(), 0);
}

#[test]
fn runs_of_days_are_written_and_read_back() {
    // Three runs (across a month, across a year, within a month), and a lone day between days
    // of another name and kind, which stay lines of their own.
    let json = r#"{"year": 2030, "papers": ["https://www.gov.cn/a.htm"], "days": [
        {"name": "元旦", "date": "2029-12-30", "isOffDay": true},
        {"name": "元旦", "date": "2029-12-31", "isOffDay": true},
        {"name": "元旦", "date": "2030-01-01", "isOffDay": true},
        {"name": "春节", "date": "2030-01-26", "isOffDay": false},
        {"name": "春节", "date": "2030-01-30", "isOffDay": true},
        {"name": "春节", "date": "2030-01-31", "isOffDay": true},
        {"name": "春节", "date": "2030-02-01", "isOffDay": true},
        {"name": "春节", "date": "2030-02-02", "isOffDay": false},
        {"name": "劳动节", "date": "2030-05-01", "isOffDay": true},
        {"name": "劳动节", "date": "2030-05-02", "isOffDay": true},
        {"name": "端午节", "date": "2030-05-03", "isOffDay": true}]}"#;
    let text = holiday_cn_to_text(&[("2030.json", json)]).unwrap();
    let days = text.split_once("https://www.gov.cn/a.htm\n").unwrap().1;
    assert_eq!(
        days,
        "2029-12-30/2030-01-01 休 元旦\n2030-01-26 班 春节\n2030-01-30/02-01 休 春节\n\
         2030-02-02 班 春节\n2030-05-01/02 休 劳动节\n2030-05-03 休 端午节\n"
    );
    let from_text = Calendar::from_text(&text).unwrap();
    let mut from_json = Calendar::empty();
    from_json.add_year_json(json).unwrap();
    assert_eq!(format!("{from_text:?}"), format!("{from_json:?}"));
    for day in 0..=d("2029-12-21").days_until(d("2030-12-31")) {
        let date = d("2029-12-21").add_days(day);
        assert_eq!(
            from_text.holiday_name(date),
            from_json.holiday_name(date),
            "{date}"
        );
    }
}

#[test]
fn conversion_checks_files() {
    let err = holiday_cn_to_text(&[("2031.json", NOTICE_2030)]).unwrap_err();
    assert_eq!(
        err,
        CalendarError::InvalidData {
            file: Some("2031.json".into()),
            line: None,
            field: None,
            problem: DataProblem::YearMismatch {
                file_year: 2031,
                year: 2030
            },
        }
    );
    let err = holiday_cn_to_text(&[("a.json", NOTICE_2030), ("b.json", NOTICE_2030)]).unwrap_err();
    assert_eq!(problem(&err), &DataProblem::DuplicateYear(2030));
    let err = holiday_cn_to_text(&[("2030.json", "{")]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid calendar data (2030.json, line 1"),
        "{err}"
    );
    assert!(
        err.message_zh()
            .starts_with("日历数据有误（2030.json，第1行"),
        "{}",
        err.message_zh()
    );
    // Order of the inputs does not matter.
    let empty = r#"{"year": 2031, "papers": [], "days": []}"#;
    assert_eq!(
        holiday_cn_to_text(&[("2031.json", empty), ("2030.json", NOTICE_2030)]).unwrap(),
        holiday_cn_to_text(&[("2030.json", NOTICE_2030), ("2031.json", empty)]).unwrap()
    );
}

#[test]
fn messages() {
    let cal = Calendar::builtin();
    let err = cal.is_workday(d("2026-12-30")).unwrap_err();
    assert_eq!(
        err.message_zh(),
        "日历未包含2027年的放假安排（国务院办公厅通知尚未载入；12月下旬可能由次年通知调休），\
         无法判断2026-12-30是否为工作日；可用 holiday-cn 格式的 2027.json 扩充日历"
    );
    assert_eq!(
        err.to_string(),
        "cannot decide whether 2026-12-30 is a working day: the calendar has no holiday notice \
         for 2027 (extend it with that year's holiday-cn JSON)"
    );
    let dbg = format!("{cal:?}");
    assert!(
        dbg.starts_with("Calendar { covered_years: [2007, 2008,"),
        "{dbg}"
    );
    assert!(dbg.contains("listed_days: 678"), "{dbg}");
}

#[test]
fn calendar_is_send_sync_clone_debug() {
    fn check<T: Send + Sync + Clone + fmt::Debug + 'static>() {}
    check::<Calendar>();
    check::<CalendarError>();
}
