//! Hostile rules: every limit of the sandbox, one test each. A hostile rule must end quickly
//! with an error finding for that rule, never hang or panic, and the other rules must still run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use gongkai::date::Date;
use gongkai::{CheckOptions, Engine, Finding, Severity};
use serde_json::json;
use std::time::{Duration, Instant};

fn rule(id: &str, body: &str) -> String {
    format!(
        r#"
const RULE = #{{
    id: "{id}", severity: "error", kinds: ["document"], fields: ["title", "doc_number"],
    title: #{{ zh: "恶意规则", en: "hostile rule" }}, basis: "测试",
    message: #{{ zh: "不应出现", en: "never" }},
}};
fn check(record) {{
{body}
}}
const EXAMPLES = [];
"#
    )
}

/// Loads the standard packs plus one hostile rule, checks a document whose number is malformed
/// (so the standard DOC-011 must still report it), and returns the hostile rule's findings.
fn run_hostile(body: &str) -> (Vec<Finding>, Duration) {
    run_hostile_with(body, gongkai::Limits::default())
}

fn run_hostile_with(body: &str, limits: gongkai::Limits) -> (Vec<Finding>, Duration) {
    let mut engine = Engine::with_options(&gongkai::EngineOptions {
        limits,
        ..Default::default()
    });
    engine
        .add_source("hostile.rhai", &rule("ZZZ-001", body))
        .expect("hostile rule compiles");
    let record = json!({"title": "关于……的通知", "doc_number": "国办发[2018]10号", "disclosure": "主动公开"});
    let start = Instant::now();
    let report = engine
        .check(
            "document",
            &record,
            &CheckOptions::new(Date::parse("2018-10-08").unwrap()),
        )
        .unwrap();
    let elapsed = start.elapsed();
    assert!(
        report.findings.iter().any(|f| &*f.rule == "DOC-011"),
        "other rules must still run: {report:?}"
    );
    let hostile: Vec<Finding> = report
        .findings
        .into_iter()
        .filter(|f| &*f.rule == "ZZZ-001")
        .collect();
    (hostile, elapsed)
}

/// An engine without the standard packs, holding only the rule `id` with this `check` body.
fn lone_rule(id: &str, body: &str, limits: gongkai::Limits) -> Engine {
    let mut engine = Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        limits,
        ..Default::default()
    });
    engine
        .add_source(&format!("{id}.rhai"), &rule(id, body))
        .expect("the rule compiles");
    engine
}

fn assert_stopped(body: &str, code: &str) {
    let (findings, elapsed) = run_hostile(body);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.values["error"], json!(code), "{f:?}");
    assert!(
        f.message.starts_with("规则 ZZZ-001 执行失败"),
        "{}",
        f.message
    );
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
}

#[test]
fn infinite_loop_hits_the_operation_limit() {
    // Without the time limit, so a slow debug build on a busy machine cannot reach the
    // deadline first: this test is about the operation count.
    let limits = gongkai::Limits {
        max_time_ms: 0,
        ..Default::default()
    };
    let (findings, elapsed) = run_hostile_with("loop { }", limits);
    assert_eq!(
        findings[0].values["error"],
        json!("too_many_operations"),
        "{findings:?}"
    );
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
}

#[test]
fn deep_recursion_hits_the_call_depth_limit() {
    // A helper function recursing forever.
    let (findings, elapsed) = run_hostile("deep(0)\n}\nfn deep(n) {\n deep(n + 1)");
    assert_eq!(
        findings[0].values["error"],
        json!("stack_overflow"),
        "{findings:?}"
    );
    assert!(elapsed < Duration::from_secs(1));
}

#[test]
fn doubling_string_hits_the_string_limit() {
    assert_stopped(r#"let s = "政务公开"; loop { s += s; }"#, "data_too_large");
}

#[test]
fn growing_array_hits_the_array_limit_or_the_deadline() {
    let (findings, elapsed) =
        run_hostile(r#"let a = []; loop { a.push("一二三四五六七八九十一二三四五六七八九十"); }"#);
    let code = findings[0].values["error"].as_str().unwrap().to_owned();
    assert!(code == "data_too_large" || code == "timeout", "{code}");
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
}

#[test]
fn slow_work_hits_the_wall_clock_deadline() {
    // Each insert re-measures the whole map, so operations stay few while time grows.
    assert_stopped(
        r#"let m = #{}; for i in 0..900000 { m["k" + i] = "值"; }"#,
        "timeout",
    );
}

#[test]
fn eval_is_disabled_at_compile_time() {
    let mut engine = Engine::new();
    let diags = engine
        .add_source("evil.rhai", &rule("ZZZ-002", r#"eval("1 + 1")"#))
        .unwrap_err();
    assert_eq!(diags.len(), 1);
    assert!(diags[0].message.zh.contains("eval"), "{:?}", diags[0]);
    assert_eq!(diags[0].location.line, Some(8));
    assert!(engine.rule("ZZZ-002").is_none());
}

#[test]
fn eval_expression_cannot_use_eval_either() {
    let engine = Engine::new();
    let err = engine
        .eval(r#"eval("1")"#, Date::parse("2020-01-01").unwrap())
        .unwrap_err();
    assert!(err.message(gongkai::Lang::Zh).contains("eval"));
}

#[test]
fn records_are_read_only() {
    let (findings, _) = run_hostile(r#"record.title = "改过"; ()"#);
    assert_eq!(
        findings[0].values["error"],
        json!("record_read_only"),
        "{findings:?}"
    );
}

#[test]
fn a_mutating_rule_cannot_change_what_the_next_rule_sees() {
    let mut engine = lone_rule(
        "AAA-001",
        r#"let r = record; r.title = "改过"; let t = record.title; t += "!"; ()"#,
        gongkai::Limits::default(),
    );
    let echo = rule("AAA-002", r#"#{ field: "title", title: record.title }"#)
        .replace("不应出现", "{title}");
    engine.add_source("b.rhai", &echo).unwrap();
    let report = engine
        .check(
            "document",
            &json!({"title": "原文"}),
            &CheckOptions::new(Date::parse("2020-01-01").unwrap()),
        )
        .unwrap();
    assert_eq!(report.findings.len(), 1, "{report:?}");
    assert_eq!(report.findings[0].message, "原文");
}

#[test]
fn reading_a_field_the_kind_does_not_have_is_an_error() {
    let mut engine = Engine::new();
    let src = rule("ZZZ-003", "record.publsh_date");
    match engine.add_source("typo.rhai", &src) {
        // Native builds with the `lint` feature catch it at load time, with the position.
        Err(diags) => {
            assert!(diags[0].message.zh.contains("publsh_date"), "{diags:?}");
            assert_eq!(diags[0].location.line, Some(8));
        }
        // Without it, the read fails at run time instead of returning `()`.
        Ok(_) => {
            let (findings, _) = run_hostile("record.publsh_date");
            assert_eq!(findings[0].values["error"], json!("property_not_found"));
        }
    }
}

#[test]
fn a_malformed_finding_is_an_error_finding_that_says_what_is_wrong() {
    for (body, says) in [
        (
            "42",
            "check 应返回 ()、发现对象 `#{ field: … }` 或其数组，实际返回 i64",
        ),
        ("#{ field: 1 }", "发现的 field 应为文本，实际为 1"),
        (
            r#"#{ field: "title", message: true }"#,
            "发现的 message 应为消息名称（文本），实际为 true",
        ),
        (
            r#"#{ field: "title", n: Fn("check") }"#,
            "发现的 n 不能是 Fn（应为文本、数字、布尔值、数组或对象）",
        ),
        (
            r#"#{ field: "title", message: "nope" }"#,
            "RULE.messages 中没有名为 `nope` 的消息",
        ),
    ] {
        let (findings, _) = run_hostile(body);
        assert_eq!(findings.len(), 1, "{body}: {findings:?}");
        assert!(
            findings[0].message.contains(says),
            "{body}: {}",
            findings[0].message
        );
    }
    // Members that are () are left out, the rest fill the message's placeholders.
    let (findings, _) = run_hostile(r#"#{ field: "title", gone: () }"#);
    assert_eq!(findings[0].message, "不应出现");
    assert!(findings[0].values.is_empty(), "{:?}", findings[0].values);
}

#[test]
fn each_call_of_a_rule_has_its_own_operation_budget() {
    // A rule keeps what rhai learnt about resolving its calls from one record to the next; the
    // operation count must not come along. 40 rounds of a loop cost more than 100 operations
    // (a limit of 100 stops the rule), so each call fits within 300 but ten calls do not.
    let limits = gongkai::Limits {
        max_operations: 300,
        max_time_ms: 0,
        ..Default::default()
    };
    let engine = lone_rule(
        "ZZZ-002",
        "let n = 0;\nfor i in 0..40 { n += i; }\nif n != 780 { #{} }",
        limits,
    );
    let options = CheckOptions::new(Date::parse("2018-10-08").unwrap());
    for _ in 0..10 {
        let report = engine
            .check("document", &json!({"title": "关于……的通知"}), &options)
            .unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }
}

#[test]
fn calls_resolve_afresh_when_the_argument_types_change() {
    // The same call sites (`t == ()`, `type_of(t)`) see a string, then nothing, then a string
    // again; each must reach the function for the types at hand, whatever the earlier records
    // taught the rule's caches.
    let engine = lone_rule(
        "ZZZ-003",
        "let t = record.title;\nif t == () { return #{ field: \"title\", kind: \"none\" }; }\n#{ field: \"title\", kind: type_of(t), n: t.len() }",
        gongkai::Limits::default(),
    );
    let options = CheckOptions::new(Date::parse("2018-10-08").unwrap());
    let kinds = |record| {
        let report = engine.check("document", &record, &options).unwrap();
        let f = &report.findings[0];
        (f.values["kind"].clone(), f.values.get("n").cloned())
    };
    for _ in 0..3 {
        assert_eq!(
            kinds(json!({"title": "通知"})),
            (json!("string"), Some(json!(2)))
        );
        assert_eq!(kinds(json!({})), (json!("none"), None));
        assert_eq!(
            kinds(json!({"title": "关于……的通知"})),
            (json!("string"), Some(json!(7)))
        );
    }
}

#[test]
fn a_rule_cannot_change_the_record_through_a_method() {
    let entry_rule = |id: &str, body: &str| {
        rule(id, body).replace(
            r#"kinds: ["document"], fields: ["title", "doc_number"]"#,
            r#"kinds: ["catalogue_entry"], fields: ["subject", "channels"]"#,
        )
    };
    let echo = entry_rule(
        "AAA-002",
        r#"#{ field: "subject", seen: `${record.subject}|${record.channels}` }"#,
    )
    .replace("不应出现", "{seen}");
    for body in [
        r#"record.remove("subject")"#,
        r#"record.subject.trim()"#,
        r#"record.subject.replace("原", "改")"#,
        r#"record.channels.push("x")"#,
        r#"record.channels.append(["x"])"#,
        r#"record.channels.pop()"#,
    ] {
        let mut engine = Engine::with_options(&gongkai::EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        engine
            .add_source("a.rhai", &entry_rule("AAA-001", &format!("{body}; ()")))
            .unwrap();
        engine.add_source("b.rhai", &echo).unwrap();
        let report = engine
            .check(
                "catalogue_entry",
                &json!({"subject": " 原文 ", "channels": ["政府网站", "两微一端"]}),
                &CheckOptions::new(Date::parse("2020-01-01").unwrap()),
            )
            .unwrap();
        let [refused, seen] = &report.findings[..] else {
            panic!("{body}: {report:?}");
        };
        assert_eq!(refused.values["error"], json!("record_read_only"), "{body}");
        assert_eq!(seen.message, r#" 原文 |["政府网站", "两微一端"]"#, "{body}");
        // A draft keeps its record from one check to the next: the next check must see it
        // unchanged too.
        let mut draft = gongkai::record::Draft::new("catalogue_entry").unwrap();
        draft.set("subject", Some(&json!(" 原文 ")));
        draft.set("channels", Some(&json!(["政府网站", "两微一端"])));
        for _ in 0..2 {
            let drafted = engine.check_draft(
                &draft,
                None,
                &CheckOptions::new(Date::parse("2020-01-01").unwrap()),
            );
            assert_eq!(drafted, report, "{body}: a draft");
        }
    }
}

/// The one finding of the lone rule `id` on a document, and how long the check took.
fn lone_finding(id: &str, body: &str, limits: gongkai::Limits) -> (Finding, Duration) {
    let engine = lone_rule(id, body, limits);
    let start = Instant::now();
    let report = engine
        .check(
            "document",
            &json!({"title": "关于……的通知"}),
            &CheckOptions::new(Date::parse("2018-10-08").unwrap()),
        )
        .unwrap();
    let elapsed = start.elapsed();
    assert_eq!(report.findings.len(), 1, "{body}: {report:?}");
    (report.findings.into_iter().next().unwrap(), elapsed)
}

/// rhai measures what a native function built only once it has returned: a `replace` or a
/// `join` could ask for gigabytes first and abort the process. Each native that can build
/// more than its arguments hold measures first and fails as rhai does. (Without the time limit,
/// so that only the size check can stop these; each would otherwise allocate gigabytes.)
#[test]
fn natives_refuse_to_build_past_the_size_limits() {
    let limits = gongkai::Limits {
        max_time_ms: 0,
        ..Default::default()
    };
    // A 512 KB string (half the string limit) and a list of 8,192 items (within 10,000).
    let big = r#"let s = "a"; for i in 0..19 { s += s; } let a = [1, 1, 1, 1, 1, 1, 1, 1]; for i in 0..10 { a += a; }"#;
    for (body, what) in [
        // 512 K matches, each replaced by 512 KB: 256 GB.
        (r#"let t = s; t.replace("a", s); t.len()"#, "文本长度"),
        // 8,191 separators of 512 KB: 4 GB.
        ("a.join(s).len()", "文本长度"),
        // 8,192 closures' results of 512 KB each: 4 GB.
        ("a.map(|x| s + x).len()", "文本长度"),
        // Map keys are not counted by rhai; a map's text is.
        (
            "let m = #{}; for i in 0..8 { m[s + i] = i; } m.to_string().len()",
            "文本长度",
        ),
        (
            "let m = #{}; for i in 0..8 { m[s + i] = i; } `${m}`.len()",
            "文本长度",
        ),
        (
            "let m = #{}; for i in 0..8 { m[s + i] = i; } m.keys().len()",
            "文本长度",
        ),
        // Pieces: more than 10,000 of them.
        (r#"s.sub_string(0, 20000).split("").len()"#, "列表长度"),
        (r#"s.sub_string(0, 20000).to_chars().len()"#, "列表长度"),
        (
            r#"let t = s.sub_string(0, 20000); t.replace("a", "a;"); t.split_any([";"]).len()"#,
            "列表长度",
        ),
        ("(a + a).len()", "列表长度"),
        ("let b = a; b += a; b.len()", "列表长度"),
        ("let b = a; b.append(a); b.len()", "列表长度"),
    ] {
        let full = format!("{big}\n{body}; ()");
        let (f, elapsed) = lone_finding("ZZZ-010", &full, limits);
        assert_eq!(f.values["error"], json!("data_too_large"), "{body}: {f:?}");
        assert!(f.message.contains(what), "{body}: {}", f.message);
        assert!(elapsed < Duration::from_secs(1), "{body}: took {elapsed:?}");
    }
    // Within the limits, the same functions give their results.
    let engine = Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let today = Date::parse("2020-01-01").unwrap();
    for (expr, value) in [
        (r#"let t = "a-b"; t.replace("-", "——"); t"#, json!("a——b")),
        (r#"[1, "b", [2]].join("、")"#, json!(r#"1、b、[2]"#)),
        (r#"[1, 2].map(|x| `${x}!`)"#, json!(["1!", "2!"])),
        (r#"#{ a: 1 }.keys()"#, json!(["a"])),
        (r#""a;b".split_any([";"])"#, json!(["a", "b"])),
    ] {
        assert_eq!(engine.eval(expr, today).unwrap(), value, "{expr}");
    }
}

/// A native function whose work grows with its data (here a pass over a long text for each
/// of a thousand separators, tens of milliseconds a call) charges that work to the call's
/// deadline: the rule stops at its time limit, not after the thousand operations the clock
/// used to wait for (seventeen seconds for the same rule with a 250 ms limit). Natively the
/// lowered evaluator runs it and bails when the time is up; the timeout is reported at once,
/// not after rhai has run the rule again.
#[test]
fn natives_with_costly_work_meet_the_deadline() {
    let limits = gongkai::Limits {
        max_time_ms: 100,
        ..Default::default()
    };
    for body in [
        r#"let s = "a"; for i in 0..17 { s += s; } let t = "b"; for i in 0..10 { t += t; }
           let seps = t.split(""); let n = 0;
           for i in 0..100000 { n += s.split_any(seps).len(); } n"#,
        r#"let s = "a"; for i in 0..17 { s += s; } let t = "b"; for i in 0..10 { t += t; }
           let seps = t.split(""); let n = 0;
           for i in 0..100000 { if contains_any(s, seps) { n += 1; } } n"#,
        r#"let s = "政"; for i in 0..17 { s += s; } let n = 0;
           for i in 0..300000 { n += s.index_of("x", -1); } n"#,
    ] {
        let (f, elapsed) = lone_finding("ZZZ-011", &format!("{body}; ()"), limits);
        assert_eq!(f.values["error"], json!("timeout"), "{body}: {f:?}");
        assert!(
            elapsed < Duration::from_millis(900),
            "{body}: took {elapsed:?}"
        );
    }
}

/// Loading a rule file runs its top level (to read `RULE` and `EXAMPLES`): under the time limit
/// too, reported as a diagnostic at the line where the time ran out.
#[test]
fn a_slow_top_level_fails_to_load_within_the_time_limit() {
    let mut engine = Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        limits: gongkai::Limits {
            max_time_ms: 100,
            ..Default::default()
        },
        ..Default::default()
    });
    let slow = format!(
        "let s = \"政\"; for i in 0..17 {{ s += s; }}\nfor i in 0..300000 {{ s.index_of(\"x\", -1); }}\n{}",
        rule("ZZZ-012", "()")
    );
    let start = Instant::now();
    let diags = engine.add_source("slow.rhai", &slow).unwrap_err();
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_millis(900), "took {elapsed:?}");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].message.zh.contains("超过时限"), "{diags:?}");
    assert_eq!(diags[0].location.source, "slow.rhai");
    assert_eq!(diags[0].location.line, Some(2), "{diags:?}");
    assert!(engine.rule("ZZZ-012").is_none());
    // The deadline was for the load only: the engine goes on checking.
    engine
        .add_source("ok.rhai", &rule("ZZZ-013", "()"))
        .unwrap();
}

/// A rule stopped by a limit says where: rhai runs `check`'s body in place (a call of `check`
/// would move the position of such an error to the call, which is nowhere), and natively a
/// timeout inside a native function names that call. Lines count from the rule file's first
/// line; `check`'s body starts on line 8.
#[test]
fn a_rule_stopped_by_a_limit_names_the_line() {
    let no_time = gongkai::Limits {
        max_time_ms: 0,
        ..Default::default()
    };
    let short = gongkai::Limits {
        max_time_ms: 50,
        ..Default::default()
    };
    for (body, limits, code, line) in [
        (
            "let n = 0;\nloop { n += 1; }",
            no_time,
            "too_many_operations",
            9,
        ),
        (
            "let s = \"政务公开\";\nloop { s += s; }",
            no_time,
            "data_too_large",
            9,
        ),
        (
            "let s = \"a\";\nfor i in 0..18 { s += s; }\nlet t = s;\nt.replace(\"a\", s);",
            no_time,
            "data_too_large",
            11,
        ),
        (
            "let n = 0;\ndeep(0)\n}\nfn deep(n) {\n deep(n + 1)",
            no_time,
            "stack_overflow",
            9,
        ),
        (
            "let s = \"a\"; for i in 0..17 { s += s; }\nlet seps = \"bbbbbbbb\".split(\"\");\n\
             for i in 0..1000000 {\n  s.split_any(seps);\n}",
            short,
            "timeout",
            11,
        ),
    ] {
        let (f, _) = lone_finding("ZZZ-014", &format!("{body}; ()"), limits);
        assert_eq!(f.values["error"], json!(code), "{body}: {f:?}");
        assert_eq!(f.values.get("line"), Some(&json!(line)), "{body}: {f:?}");
        assert!(f.values.contains_key("column"), "{body}: {f:?}");
    }
}
