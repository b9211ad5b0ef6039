//! The lowered programs against rhai: every standard rule lowers, and both ways give the same
//! findings on every rule example and every record of `examples/`.

use super::St;
use crate::rule::Rule;
use crate::{Engine, record, schema};
use rhai::Dynamic;
use std::collections::BTreeMap;

/// How often each way of running was taken, and why runs bailed.
#[derive(Default, Debug)]
struct Tally {
    lowered: usize,
    bailed: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// The faster way must be the usual one, not the exception: at least `runs` lowered runs,
    /// and bails under a tenth of them.
    fn assert_mostly_lowered(&self, runs: usize) {
        let bailed: usize = self.bailed.values().sum();
        assert!(
            self.lowered >= runs && bailed * 10 < self.lowered,
            "{self:#?}"
        );
    }
}

/// Runs `rule` on `record` both ways; the lowered run, when it does not bail, must give
/// exactly what rhai gives (rhai errors must make it bail: the error's position is rhai's).
fn agree(
    engine: &Engine,
    rule: &Rule,
    record: &Dynamic,
    tag: &Dynamic,
    what: &str,
    tally: &mut Tally,
) {
    let armed = engine.deadline();
    let rhai = rule.run_rhai(engine.rhai(), record, tag);
    drop(armed);
    let armed = engine.deadline();
    let lowered = rule.run_lowered(engine.rhai(), record, tag);
    drop(armed);
    match lowered {
        Ok(out) => {
            tally.lowered += 1;
            match (&out, &rhai) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{} on {what}", rule.meta.id),
                _ => panic!(
                    "{} on {what}: lowered {:?}, rhai {:?}",
                    rule.meta.id,
                    out.as_ref()
                        .map(|r| r.len())
                        .map_err(|f| f.message.en.clone()),
                    rhai.as_ref()
                        .map(|r| r.len())
                        .map_err(|f| f.message.en.clone())
                ),
            }
        }
        Err(why) => *tally.bailed.entry(why).or_default() += 1,
    }
}

/// Every standard rule is lowered: a change to a rule or to the lowering that sends one back
/// to rhai shows here.
#[test]
fn standard_rules_are_lowered() {
    let engine = Engine::new();
    let not: Vec<String> = engine
        .rules_for_test()
        .iter()
        .filter_map(|r| {
            r.lowered_reason()
                .map(|why| format!("{}: {why}", r.meta.id))
        })
        .collect();
    assert!(not.is_empty(), "{not:#?}");
}

/// A closure gets the variables it captures as values; one that changes a captured variable
/// (which rhai shares with the enclosing function) is not lowered, and rhai runs the rule.
#[test]
fn a_closure_changing_what_it_captures_runs_under_rhai() {
    let body =
        "let n = 0; [1, 2].map(|x| { n += x; x }); if n == 3 { return #{ field: \"title\" }; }";
    let (engine, rule) = lone_rule(body, crate::Limits::default());
    assert_eq!(rule.lowered_reason(), Some("closure capturing variables"));
    let out = rule
        .run(engine.rhai(), &titled(), &Dynamic::UNIT)
        .expect("runs");
    assert_eq!(out.len(), 1, "rhai shares n with the closure");
    let (_, reads) = lone_rule(
        "let t = \"通知\"; [\"通知\"].filter(|x| x == t).len()",
        crate::Limits::default(),
    );
    assert_eq!(reads.lowered_reason(), None);
}

/// An engine holding one rule with this `check` body, and the rule.
fn lone_rule(body: &str, limits: crate::Limits) -> (Engine, Rule) {
    let source = format!(
        "const RULE = #{{ id: \"ZZZ-001\", severity: \"error\", kinds: [\"document\"], \
         fields: [\"title\"], title: #{{ zh: \"限\", en: \"limit\" }}, basis: \"测试\", \
         message: #{{ zh: \"限\", en: \"limit\" }} }};\nfn check(record) {{\n{body}\n}}\nconst EXAMPLES = [];"
    );
    let mut engine = Engine::with_options(&crate::EngineOptions {
        standard_rules: false,
        limits,
        ..Default::default()
    });
    engine.add_source("lone.rhai", &source).expect("compiles");
    let rule = engine.rules_for_test().remove(0);
    (engine, rule)
}

/// A document record titled 通知, normalised and shared as a check passes it.
fn titled() -> Dynamic {
    let kind = schema::kind("document").expect("document");
    record::share(record::normalize(kind, &serde_json::json!({"title": "通知"})).value)
}

#[test]
fn lowered_and_rhai_agree_on_every_rule_example() {
    let engine = Engine::new();
    let mut tally = Tally::default();
    let mut examples = 0;
    for rule in engine.rules_for_test() {
        for (i, ex) in rule.examples.iter().enumerate() {
            let Some(kind) = schema::kind(&ex.kind) else {
                continue;
            };
            let normalized = record::normalize(kind, &ex.record);
            if !normalized.issues.is_empty() {
                continue;
            }
            let projected = record::share(record::project(&normalized.value, &rule.meta.fields));
            let tag = ex
                .today
                .as_deref()
                .map_or(Dynamic::UNIT, |t| Dynamic::from(t.to_owned()));
            examples += 1;
            agree(
                &engine,
                &rule,
                &projected,
                &tag,
                &format!("example {i}"),
                &mut tally,
            );
        }
    }
    assert!(examples > 300, "only {examples} examples");
    tally.assert_mostly_lowered(examples * 9 / 10);
}

#[test]
fn lowered_and_rhai_agree_on_the_example_files() {
    let engine = Engine::new();
    let rules = engine.rules_for_test();
    let mut tally = Tally::default();
    let tag = Dynamic::from("2026-03-02".to_owned());
    for &(file, kind_name) in crate::testing::EXAMPLE_FILES {
        let path = format!("{}/../../examples/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let kind = schema::kind(kind_name).unwrap_or_else(|| panic!("kind {kind_name}"));
        let records = value
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![value.clone()]);
        for (i, r) in records.iter().enumerate() {
            let normalized = record::normalize(kind, r);
            if !normalized.is_valid() {
                continue;
            }
            let shared = record::share(normalized.value);
            for rule in rules
                .iter()
                .filter(|r| r.meta.kinds.iter().any(|k| k == kind_name))
            {
                agree(
                    &engine,
                    rule,
                    &shared,
                    &tag,
                    &format!("{file} #{i}"),
                    &mut tally,
                );
            }
        }
    }
    tally.assert_mostly_lowered(500);
}

/// A rule that runs into a limit is lowered like any other, and its lowered run stops for
/// that limit and hands over to rhai (which reports it: `tests/sandbox.rs`), rather than
/// running on or failing in its own words.
#[test]
fn lowered_runs_bail_at_the_sandbox_limits() {
    let cases = [
        ("loop { }", "operation limit"),
        ("deep(0)\n}\nfn deep(n) {\n deep(n + 1)", "call depth limit"),
        (
            r#"let s = "政务公开"; loop { s += s; }"#,
            "op-assignment not mirrored",
        ),
        (
            r#"let s = "政务公开"; loop { s = `${s}${s}`; }"#,
            "data size limit",
        ),
        (
            r#"let a = []; loop { a.push("一二三四五六七八九十"); }"#,
            "data size limit",
        ),
        ("record.title = \"改\";", "shared value"),
        ("let n = 1; n / 0", "operator not mirrored"),
        (
            "`${[1].sub_string(1)}`",
            "no native function for these types",
        ),
    ];
    // Small limits keep the test quick in a debug build; no clock, so that only the limit
    // under test can stop a run.
    let limits = crate::Limits {
        max_time_ms: 0,
        max_operations: 20_000,
        max_array_size: 100,
        max_string_size: 1_000,
        ..Default::default()
    };
    for (body, why) in cases {
        let (engine, rule) = lone_rule(body, limits);
        assert_eq!(rule.lowered_reason(), None, "{body}");
        let shared = titled();
        let lowered = rule.run_lowered(engine.rhai(), &shared, &Dynamic::UNIT);
        assert_eq!(lowered.err(), Some(why), "{body}");
        assert!(
            rule.run(engine.rhai(), &shared, &Dynamic::UNIT).is_err(),
            "{body}"
        );
    }
}

/// A function that changes its first argument (`def_mut`) is refused on the record and on
/// anything in it, which every rule shares: the lowered run hands such a call to rhai without
/// having changed anything, and rhai reports it. On a copy it is allowed.
#[test]
fn changing_functions_leave_the_shared_record_alone() {
    let read = |record: &Dynamic| {
        let map = record.read_lock::<rhai::Map>().expect("a map");
        map.get("title").map(ToString::to_string)
    };
    for body in [
        r#"record.remove("title"); ()"#,
        r#"record.title.trim(); ()"#,
        r#"record.title.replace("通", "改"); ()"#,
        r#"record.title += 1; ()"#,
    ] {
        let (engine, rule) = lone_rule(body, crate::Limits::default());
        let shared = titled();
        let lowered = rule.run_lowered(engine.rhai(), &shared, &Dynamic::UNIT);
        assert!(lowered.is_err(), "{body}: {lowered:?}");
        assert_eq!(read(&shared).as_deref(), Some("通知"), "{body}");
        let failure = rule
            .run(engine.rhai(), &shared, &Dynamic::UNIT)
            .expect_err(body);
        assert_eq!(failure.code, "record_read_only", "{body}");
        assert_eq!(read(&shared).as_deref(), Some("通知"), "{body}");
    }
    let (engine, rule) = lone_rule(
        r#"let t = record.title; t.replace("通", "改"); t += 1; #{ title: t }"#,
        crate::Limits::default(),
    );
    let shared = titled();
    let found = rule
        .run(engine.rhai(), &shared, &Dynamic::UNIT)
        .expect("runs");
    assert_eq!(found.len(), 1);
    assert_eq!(read(&shared).as_deref(), Some("通知"));
}

/// The lowered run reads the clock every 1,024 operations and stops when the rule's time is up:
/// a loop without end, under an operation limit set so far off that only a run that never looked
/// at the clock would reach it (and fail this test rather than hang it).
#[test]
fn lowered_runs_bail_when_their_time_is_up() {
    fn clock() -> f64 {
        thread_local!(static START: std::time::Instant = std::time::Instant::now());
        START.with(|s| s.elapsed().as_secs_f64() * 1000.0)
    }
    let limits = crate::Limits {
        max_time_ms: 5,
        max_operations: 20_000_000,
        ..Default::default()
    };
    let (engine, rule) = lone_rule("loop { }", limits);
    let armed = crate::sandbox::Deadline::arm(&limits, Some(clock));
    let lowered = rule.run_lowered(engine.rhai(), &titled(), &Dynamic::UNIT);
    drop(armed);
    assert_eq!(lowered.err(), Some("time limit"));
}

/// A lowered run that bails because the call is out of time is reported as a timeout at once:
/// rhai does not run the rule again (it would start its own operation count, and before, it
/// only looked at the clock again after another 1,024 operations). The clock here says the time
/// is up only the second time it is read, and then goes back: a run of the rule under rhai
/// would finish (the loop is finite), so only a timeout shows that it was not run.
#[test]
fn a_lowered_run_out_of_time_is_not_run_again() {
    thread_local!(static READS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    fn clock() -> f64 {
        let n = READS.with(|r| r.replace(r.get() + 1));
        if n == 1 { 1e9 } else { 0.0 }
    }
    let limits = crate::Limits {
        max_time_ms: 5,
        ..Default::default()
    };
    let (engine, rule) = lone_rule(
        "let n = 0; for i in 0..5000 { n += i; } if n > 0 { #{} }",
        limits,
    );
    assert_eq!(rule.lowered_reason(), None, "the rule is lowered");
    let armed = crate::sandbox::Deadline::arm(&limits, Some(clock));
    let out = rule.run(engine.rhai(), &titled(), &Dynamic::UNIT);
    drop(armed);
    assert_eq!(
        out.map(|r| r.len()).map_err(|f| f.code),
        Err("timeout".into())
    );
    assert_eq!(
        READS.with(std::cell::Cell::get),
        2,
        "the clock was read twice"
    );
}

/// Records made by crossing the example records of each kind (a field's value taken from
/// another record, blanked, emptied or dropped), so that the rules meet value combinations no
/// example spelled out; both ways must still agree on every one.
#[test]
fn lowered_and_rhai_agree_on_crossed_records() {
    let engine = Engine::new();
    let rules = engine.rules_for_test();
    let mut rng = crate::testing::Lcg(2018_0928);
    let mut tally = Tally::default();
    for kind in schema::KINDS {
        let pool: Vec<serde_json::Map<String, serde_json::Value>> = rules
            .iter()
            .flat_map(|r| &r.examples)
            .filter(|ex| ex.kind == kind.name)
            .filter_map(|ex| ex.record.as_object().cloned())
            .collect();
        if pool.len() < 2 {
            continue;
        }
        let of_kind: Vec<&Rule> = rules
            .iter()
            .filter(|r| r.meta.kinds.iter().any(|k| k == kind.name))
            .collect();
        for n in 0..150 {
            let pick = |rng: &mut crate::testing::Lcg| {
                pool.get(rng.next(pool.len() as u64) as usize)
                    .cloned()
                    .unwrap_or_default()
            };
            let mut record = pick(&mut rng);
            for field in kind.fields {
                match rng.next(6) {
                    0 => {
                        if let Some(v) = pick(&mut rng).get(field.name) {
                            record.insert(field.name.to_owned(), v.clone());
                        }
                    }
                    1 => {
                        record.remove(field.name);
                    }
                    2 => {
                        if let Some(v) = record.get_mut(field.name) {
                            *v = match v {
                                serde_json::Value::Array(_) => serde_json::json!([]),
                                serde_json::Value::String(_) => serde_json::json!(" "),
                                _ => serde_json::Value::Null,
                            };
                        }
                    }
                    _ => {}
                }
            }
            let normalized = record::normalize(kind, &serde_json::Value::Object(record));
            if !normalized.is_valid() {
                continue;
            }
            let shared = record::share(normalized.value);
            for today in ["2018-10-08", "2026-03-02"] {
                let tag = Dynamic::from(today.to_owned());
                for rule in &of_kind {
                    agree(
                        &engine,
                        rule,
                        &shared,
                        &tag,
                        &format!("{} crossed #{n}", kind.name),
                        &mut tally,
                    );
                }
            }
        }
    }
    tally.assert_mostly_lowered(5_000);
}

/// Small programs over the corners of the language: what the lowered run returns (when it does
/// not bail) must be what rhai returns, value for value.
#[test]
fn lowered_and_rhai_agree_on_language_corners() {
    let probes = [
        // copies, shadowing, blocks
        "let v = record; v.title = \"改\"; [v.title, record.title]",
        "record = #{ title: \"新\" }; record.title",
        "record += 1; record",
        "let a = [1, 2]; let b = a; b.push(3); [a, b]",
        "let x = 1; { let x = 2; x += 1; } x",
        "let x = 1; let x = x + 1; x",
        "let s = \" 通知 \"; s.trim(); s",
        "let m = #{ a: 1 }; m.b = 2; m[\"c\"] = 3; m.a += 10; m",
        "let a = [1, 2, 3]; a[-1] = 9; a[0] += 1; a",
        // control flow
        "let n = 0; for i in 0..10 { if i == 3 { continue; } if i == 6 { break; } n += i; } n",
        "let r = []; for (c, i) in \"政务公开\" { r.push(`${i}${c}`); } r",
        "for x in [1, 2, 3] { if x == 2 { return x * 10; } } 0",
        "let r = []; for n in 0..2 { for (x, i) in [\"甲\", \"乙\"] { x += \"!\"; r.push(`${n}${i}${x}`); } } r",
        "let i = 0; while i < 5 { i += 1; } i",
        "let i = 0; loop { i += 2; if i > 7 { break; } } i",
        "switch record.title { \"通知\" if false => 1, \"通知\" => 2, _ => 3 }",
        "switch 7 { 1 => \"a\", 7 => \"b\" }",
        "switch \"x\" { \"y\" => 1 }",
        "if record.title == \"通知\" { \"yes\" } else if true { \"no\" }",
        // operators and types
        "[1 == 1, 1 != 2, \"a\" < \"b\", 'a' < 'b', () == (), () == \"\", 1 == \"1\", [1] == [1], #{a: 1} == #{a: 1}]",
        "[5 / 2, 5 % 3, -5 / 2, 2 - 7, 3 * 4, !true, -(3)]",
        "[\"政\" + \"务\", `${1}${true}${()}${'c'}`, \"a\" + 'b', 'a' + \"b\"]",
        "[\"公开\" in \"政务公开\", 2 in [1, 2], \"a\" in #{ a: 1 }, \"z\" in #{ a: 1 }]",
        "[type_of(1), type_of(\"s\"), type_of([]), type_of(#{}), type_of(()), type_of('c'), type_of(record)]",
        "let x = 9223372036854775807; x + 1",
        "let a = [1, 2]; a[5]",
        "let r = record; r.nothing_here",
        // functions and closures
        "fn_twice(3)\n}\nfn fn_twice(n) {\n n * 2",
        "[1, 2, 3].map(|x| x * x).filter(|x| x > 1).reduce(|s, x| s + x, 0)",
        "let k = 2; [1, 2, 3].filter(|x| x >= k).map(|x| `${x}/${k}`)",
        "[1, 2].some(|x| x > 1) && ![1, 2].all(|x| x > 1)",
        "[\"a\", ()].map(|x| if x == () { \"空\" } else { x })",
        "let f = |x| x + 1; [1].map(f)",
        "let k = 1; [[].map(|x| x + k), [].filter(|x| x > k), [].some(|x| x), [].all(|x| x), [].reduce(|s, x| s + x, 5)]",
        "let e = []; let m = e.map(|x| x); m.push(1); let f = e.filter(|x| true); f.push(2); [e, m, f]",
        "[1, 2, 3].reduce(|s, x| if s == () { x } else { s + x })",
        "blank_fields(record, [\"title\", \"doc_number\"])",
        // readers: arguments read in place, computed first, and calls they do not answer
        "let f = \"title\"; [is_blank(record[f]), is_blank(record[\"ti\" + \"tle\"]), contains(record.title, \"通\")]",
        "let t = record.title; [t.contains('知'), \"知\" in t, t.len(), starts_with(\"通\" + t, \"通通\")]",
        "let a = [\"通知\"]; [record.title in a, a.contains(\"x\"), a.is_empty(), len(a)]",
        "let n = 0; [is_blank({ n += 1; n }), n]",
        "is_blank('c')",
        "contains(1, 2)",
        "year_of(\"2020-13-01\")",
        "const C = [1]; C.push(2); C",
        // variables holding a constant, read as the constant (`constants.rs`)
        "let fields = [\"title\", \"nothing\"]; [blank_fields(record, fields), fields[1], fields, \"title\" in fields]",
        "let m = #{ a: [1, 2] }; [m.a, m[\"a\"], m.a[1], \"a\" in m, m]",
        "let r = []; for i in 0..2 { let c = [i]; let k = [7]; r.push(k); r.push(c); } r",
        "let r = []; { let a = [1]; r.append(a); } { let b = r.len(); r.push(b); } { let c = \"x\"; r.push(c); } r",
        "let a = [\"甲\"]; [2, 3].map(|x| `${a[0]}${x}${a}`)",
        "let a = [1]; { let a = [2]; a.push(3); } a",
    ];
    let mut lowered = 0;
    for body in probes {
        let wrapped =
            format!("#{{ field: \"title\", got: probe(record) }}\n}}\nfn probe(record) {{\n{body}");
        let (engine, rule) = lone_rule(&wrapped, crate::Limits::default());
        let record = titled();
        let rhai = rule.run_rhai(engine.rhai(), &record, &Dynamic::UNIT);
        match rule.run_lowered(engine.rhai(), &record, &Dynamic::UNIT) {
            Ok(out) => {
                lowered += 1;
                let show = |r: &Result<crate::rule::Raws<'_>, crate::RhaiFailure>| {
                    r.as_ref()
                        .map(|f| format!("{:?}", f.first().map(|f| &f.values)))
                        .map_err(|e| e.message.en.clone())
                };
                assert_eq!(show(&out), show(&rhai), "{body}");
            }
            // A bail is always allowed: rhai's answer stands.
            Err(why) => eprintln!("bailed ({why}): {body}"),
        }
    }
    assert!(
        lowered >= probes.len() * 2 / 3,
        "only {lowered} of {} lowered",
        probes.len()
    );
}

/// Every reader (`crate::natives::Reader`) against rhai calling the function's overloads, on
/// every combination of a set of values of every type rules meet (shared ones too, as the
/// record is): where the reader answers, rhai must give the same value.
#[test]
fn readers_agree_with_rhai() {
    let engine = Engine::with_options(&crate::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let values: Vec<Dynamic> = [
        "()",
        r#""""#,
        r#"" ""#,
        r#""政府网站""#,
        r#"" 微博 ""#,
        r#""其他（公告栏）""#,
        r#""catalogue_entry""#,
        r#""catalogue_entry.channels""#,
        r#""catalogue_entry.nothing""#,
        r#""category""#,
        r#""《中华人民共和国政府信息公开条例》第九条、《信阳市规定》""#,
        r#""信息形成之日起20个工作日内；每年3月31日前""#,
        r#""error""#,
        r#""2020-02-29""#,
        r#""2020-02-29T10:05""#,
        r#""信政〔2018〕12号""#,
        r#""document.disclosure""#,
        r#""此件公开发布""#,
        "'政'",
        "true",
        "7",
        "[]",
        r#"["政府网站", "微博", " ", 3]"#,
        // One of each type (`in` compares them with `stdlib::equal`), nested lists and maps.
        r#"[(), true, '政', 7, "7", [], [3], #{}, #{ error: "e" }]"#,
        "[3]",
        r#"#{ error: "e" }"#,
        r#"["；", ";", ""]"#,
        r#"["category", "channels", "nothing"]"#,
        r#"["channels", "mode"]"#,
        "#{}",
        r#"#{ error: "e", category: "", channels: ["政府网站"] }"#,
        r#"#{ channels: [" 微博 ", "政府网站"], mode: "依申请公开" }"#,
    ]
    .iter()
    .map(|src| engine.rhai().eval_expression::<Dynamic>(src).unwrap())
    .collect();
    let shared: Vec<Dynamic> = values.iter().map(|v| v.clone().into_shared()).collect();
    let all: Vec<&Dynamic> = values.iter().chain(&shared).collect();
    let readers = engine.natives().readers();
    assert!(readers.len() >= 12, "{}", readers.len());
    for (name, arity, read) in readers {
        let mut answered = 0;
        let combos: Vec<Vec<&Dynamic>> = match arity {
            1 => all.iter().map(|&a| vec![a]).collect(),
            2 => all
                .iter()
                .flat_map(|&a| all.iter().map(move |&b| vec![a, b]))
                .collect(),
            3 => all
                .iter()
                .flat_map(|&a| {
                    let all = &all;
                    all.iter()
                        .flat_map(move |&b| all.iter().map(move |&c| vec![a, b, c]))
                })
                .collect(),
            _ => panic!("{name}: arity {arity}"),
        };
        for args in combos {
            let Some(got) = read(&args) else { continue };
            answered += 1;
            let mut scope = rhai::Scope::new();
            let names: Vec<String> = (0..arity).map(|i| format!("a{i}")).collect();
            for (n, v) in names.iter().zip(&args) {
                scope.push(n.as_str(), (*v).clone());
            }
            let call = format!("{name}({})", names.join(", "));
            let want = engine
                .rhai()
                .eval_expression_with_scope::<Dynamic>(&mut scope, &call)
                .unwrap_or_else(|e| {
                    panic!("{call} on {args:?}: rhai fails ({e}), the reader gives {got:?}")
                });
            assert_eq!(
                format!("{got:?}"),
                format!("{:?}", want.flatten()),
                "{call} on {args:?}"
            );
        }
        assert!(answered > 0, "{name} never answered");
    }
}

/// A variable given a constant and never changed is read as the constant: its `let` copies
/// nothing. One that is changed keeps its `let` (`constants.rs`).
#[test]
fn variables_holding_a_constant_are_read_as_the_constant() {
    let lets = |body: &str| {
        let (_, rule) = lone_rule(body, crate::Limits::default());
        let program = rule.lowered_program().expect("lowered");
        let check = program.funcs.get(program.check).and_then(Option::as_ref);
        let body = &check.expect("check lowered").body;
        body.iter().filter(|s| matches!(s, St::Let(..))).count()
    };
    assert_eq!(lets("let f = [\"title\"];\nblank_fields(record, f)"), 0);
    assert_eq!(
        lets("let f = [\"title\"];\nf.push(\"x\");\nblank_fields(record, f)"),
        1
    );
    assert_eq!(lets("let t = record.title;\nt"), 1);
}
