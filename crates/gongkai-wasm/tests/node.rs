//! The JavaScript API, exercised from wasm under Node (`wasm-bindgen-test`): what crosses the
//! boundary is plain objects, bad rules are answers not exceptions, and options are checked.
#![cfg(target_family = "wasm")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use gongkai_wasm::{Draft, Engine, records_from_csv, schemas};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

/// The message of a thrown error.
fn message(e: JsError) -> String {
    JsValue::from(e)
        .unchecked_into::<js_sys::Error>()
        .message()
        .as_string()
        .unwrap()
}

fn options(today: &str) -> JsValue {
    json(&format!(r#"{{"today": "{today}"}}"#))
}

#[wasm_bindgen_test]
fn standard_engine_checks_a_record_with_plain_objects_out() {
    let engine = Engine::new(None).unwrap();
    let record = json(
        r#"{"title": "通知", "issuer": "信阳市人民政府", "written_date": "2018-09-20", "publish_date": "2018-09-28",
            "disclosure": "主动公开", "doc_type": "规章",
            "interpretation": {"unit": "市司法局", "author": "张三", "publish_date": "2018-10-09", "linked": true}}"#,
    );
    let report = engine
        .check(
            "document",
            record,
            Some(options("2018-12-01").unchecked_into()),
        )
        .unwrap();
    let findings: Array = get(&report, "findings").dyn_into().unwrap();
    let f = findings
        .iter()
        .find(|f| get(f, "rule").as_string().as_deref() == Some("DOC-009"))
        .unwrap();
    // A plain object (not an ES Map), with the computed value flattened in.
    assert!(f.is_object() && !f.is_instance_of::<js_sys::Map>());
    assert_eq!(get(&f, "expected").as_string().unwrap(), "2018-10-08");
    assert_eq!(
        get(&f, "field").as_string().unwrap(),
        "interpretation.publish_date"
    );
    assert!(
        get(&f, "message")
            .as_string()
            .unwrap()
            .starts_with("解读材料应于2018-10-08（含）前发布")
    );
}

#[wasm_bindgen_test]
fn english_messages_on_request() {
    let engine = Engine::new(None).unwrap();
    let record = json(r#"{"title": "t", "body": "电话 13812345678", "category": "其他"}"#);
    let report = engine
        .check(
            "publication",
            record,
            Some(json(r#"{"lang": "en", "today": "2020-01-01"}"#).unchecked_into()),
        )
        .unwrap();
    let first = Array::from(&get(&report, "findings")).get(0);
    assert!(
        get(&first, "message")
            .as_string()
            .unwrap()
            .contains("mobile number")
    );
}

#[wasm_bindgen_test]
fn bad_data_is_reported_not_thrown() {
    let engine = Engine::new(None).unwrap();
    let report = engine
        .check(
            "document",
            json(r#"{"title": 12}"#),
            Some(options("2020-01-01").unchecked_into()),
        )
        .unwrap();
    let issue = Array::from(&get(&report, "issues")).get(0);
    assert_eq!(get(&issue, "field").as_string().unwrap(), "title");
    assert_eq!(get(&issue, "level").as_string().unwrap(), "error");
}

#[wasm_bindgen_test]
fn unknown_kind_and_bad_options_throw() {
    let engine = Engine::new(None).unwrap();
    assert!(
        engine
            .check("documents", Object::new().into(), None)
            .is_err()
    );
    let typo = engine
        .check(
            "document",
            Object::new().into(),
            Some(json(r#"{"todya": "2020-01-01"}"#).unchecked_into()),
        )
        .err()
        .map(message);
    assert_eq!(
        typo.as_deref(),
        Some("invalid check options: unknown member `todya` (known: lang, today)")
    );
    let lang = engine
        .check(
            "document",
            Object::new().into(),
            Some(json(r#"{"lang": "fr"}"#).unchecked_into()),
        )
        .err()
        .map(message);
    assert_eq!(
        lang.as_deref(),
        Some("invalid check options: `lang` must be \"zh\" or \"en\", not `fr`")
    );
    assert!(Engine::new(Some(json(r#"{"standart": false}"#).unchecked_into())).is_err());
    let limit = Engine::new(Some(
        json(r#"{"limits": {"max_operations": "many"}}"#).unchecked_into(),
    ))
    .err()
    .map(message);
    assert_eq!(
        limit.as_deref(),
        Some("invalid Engine options: `limits.max_operations` must be a non-negative integer")
    );
    let limited = Engine::new(Some(
        json(r#"{"limits": {"max_operations": 10}}"#).unchecked_into(),
    ));
    assert!(limited.is_ok(), "a valid limit is accepted");
}

#[wasm_bindgen_test]
fn bad_rules_come_back_as_diagnostics_with_positions() {
    let mut engine = Engine::new(Some(json(r#"{"standard": false}"#).unchecked_into())).unwrap();
    assert_eq!(Array::from(&engine.rules().unwrap()).length(), 0);
    let result = engine
        .load_rules(
            "const RULE = #{ id: \"X-001\" };\nfn check(record) {\n  let x = ;\n}",
            Some("bad.rhai".into()),
        )
        .unwrap();
    assert_eq!(get(&result, "ok").as_bool(), Some(false));
    let d = Array::from(&get(&result, "diagnostics")).get(0);
    assert_eq!(get(&d, "line").as_f64(), Some(3.0));
    assert_eq!(get(&d, "source").as_string().unwrap(), "bad.rhai");
}

#[wasm_bindgen_test]
fn custom_rules_load_test_and_run_per_field() {
    let mut engine = Engine::new(Some(json(r#"{"standard": false}"#).unchecked_into())).unwrap();
    let src = r#"const RULE = #{ id: "LOC-001", title: #{ zh: "标题必填", en: "title required" }, severity: "error",
        kinds: ["document"], fields: ["title"], basis: "测试", message: #{ zh: "请填写{label}", en: "fill in {label}" } };
        fn check(record) { if is_blank(record.title) { #{} } }
        const EXAMPLES = [ #{ record: #{ title: "有" }, expect: [] }, #{ record: #{}, expect: ["LOC-001"] } ];"#;
    let loaded = engine.load_rules(src, None).unwrap();
    assert_eq!(get(&loaded, "id").as_string().unwrap(), "LOC-001");
    let report = engine.test(None).unwrap();
    let cases = Array::from(&get(&report, "cases"));
    assert_eq!(cases.length(), 2);
    assert!(
        cases
            .iter()
            .all(|c| get(&c, "passed").as_bool() == Some(true))
    );
    let by_field = engine
        .check_field(
            "document",
            Object::new().into(),
            "title",
            Some(options("2020-01-01").unchecked_into()),
        )
        .unwrap();
    let f = Array::from(&get(&by_field, "findings")).get(0);
    assert_eq!(get(&f, "message").as_string().unwrap(), "请填写标题");
    let other = engine
        .check_field(
            "document",
            Object::new().into(),
            "issuer",
            Some(options("2020-01-01").unchecked_into()),
        )
        .unwrap();
    assert_eq!(
        Array::from(&get(&other, "rules")).length(),
        0,
        "a rule that does not read `issuer` is not re-run"
    );
    assert!(engine.remove_rule("LOC-001"));
}

#[wasm_bindgen_test]
fn hostile_rule_becomes_an_error_finding() {
    // No time limit: the operation limit must stop the loop by itself (a debug build on a busy
    // machine could otherwise reach the deadline first).
    let init = json(r#"{"standard": false, "limits": {"max_time_ms": 0}}"#);
    let mut engine = Engine::new(Some(init.unchecked_into())).unwrap();
    let src = r#"const RULE = #{ id: "BAD-001", title: #{ zh: "死循环", en: "loop" }, severity: "info",
        kinds: ["document"], fields: ["title"], basis: "测试", message: #{ zh: "不会出现", en: "never" } };
        fn check(record) { loop {} }
        const EXAMPLES = [];"#;
    assert_eq!(
        get(&engine.load_rules(src, None).unwrap(), "ok").as_bool(),
        Some(true)
    );
    let report = engine
        .check(
            "document",
            Object::new().into(),
            Some(options("2020-01-01").unchecked_into()),
        )
        .unwrap();
    let f = Array::from(&get(&report, "findings")).get(0);
    assert_eq!(get(&f, "severity").as_string().unwrap(), "error");
    assert_eq!(get(&f, "error").as_string().unwrap(), "too_many_operations");
}

#[wasm_bindgen_test]
fn values_without_json_text_are_refused_with_javascripts_reason() {
    let engine = Engine::new(Some(json(r#"{"standard": false}"#).unchecked_into())).unwrap();
    // `JSON.stringify` throws on a BigInt and on a cycle: its reason is kept.
    let big = Object::new();
    Reflect::set(&big, &"age".into(), &js_sys::BigInt::from(16).into()).unwrap();
    let cycle = Object::new();
    Reflect::set(&cycle, &"self".into(), &cycle).unwrap();
    let refused = |record: JsValue| engine.check("document", record, None).err().map(message);
    let big_refused = refused(big.clone().into()).unwrap();
    assert!(
        big_refused.starts_with("invalid record: not representable as JSON (TypeError: ")
            && big_refused.contains("BigInt"),
        "{big_refused}"
    );
    let cycle_refused = refused(cycle.into()).unwrap();
    assert!(
        cycle_refused.starts_with("invalid record: not representable as JSON (TypeError: ")
            && cycle_refused.contains("circular"),
        "{cycle_refused}"
    );
    // A function has no JSON text (and no reason): refused all the same.
    let function = js_sys::Function::new_no_args("return 1");
    assert_eq!(
        refused(function.into()).as_deref(),
        Some("invalid record: not representable as JSON")
    );
    let calendar = engine.extend_calendar(big.into(), None).err().map(message);
    assert!(
        calendar.as_deref().is_some_and(
            |m| m.starts_with("invalid calendar data: not representable as JSON (TypeError: ")
        ),
        "{calendar:?}"
    );
    // What does have text goes on as before, and its result comes back parsed.
    let checked = engine
        .check("document", Object::new().into(), None)
        .unwrap();
    assert!(get(&checked, "issues").is_instance_of::<Array>());
    let kinds = schemas().unwrap();
    assert!(kinds.is_instance_of::<Array>());
}

/// No record at all, `undefined` as `null`, is bad data: an input issue of the report, as the
/// README says bad data is, not an exception; through `check` and `checkField` alike.
#[wasm_bindgen_test]
fn an_undefined_record_is_an_input_issue_as_null_is() {
    let engine = Engine::new(None).unwrap();
    let text = |v: JsValue| JSON::stringify(&v).unwrap().as_string().unwrap();
    let opts = || Some(options("2020-01-01").unchecked_into());
    let null = engine.check("document", JsValue::NULL, opts()).unwrap();
    let undefined = engine
        .check("document", JsValue::UNDEFINED, opts())
        .unwrap();
    assert_eq!(Array::from(&get(&null, "issues")).length(), 1);
    assert_eq!(text(undefined), text(null));
    let null = engine
        .check_field("document", JsValue::NULL, "title", opts())
        .unwrap();
    let undefined = engine
        .check_field("document", JsValue::UNDEFINED, "title", opts())
        .unwrap();
    assert_eq!(text(undefined), text(null));
}

/// A `lang` other than "zh" or "en" is refused wherever a language is accepted, with the same
/// words as in the check options, and the function named.
#[wasm_bindgen_test]
fn every_lang_is_checked_alike() {
    let engine = Engine::new(Some(json(r#"{"standard": false}"#).unchecked_into())).unwrap();
    let fr = || Some("fr".to_owned());
    let wrong = "`lang` must be \"zh\" or \"en\", not `fr`";
    let notice = r#"{"year": 2027, "papers": [], "days": []}"#;
    let def = json(
        r#"{"name": "visit_log", "label_zh": "来访登记", "label_en": "Visits", "fields": []}"#,
    );
    for (function, error) in [
        ("eval", engine.eval("1 + 1", None, fr()).err()),
        (
            "extendCalendar",
            engine.extend_calendar(notice.into(), fr()).err(),
        ),
        (
            "recordsFromCsv",
            records_from_csv("catalogue_entry", "一级事项\n机构职能\n", fr()).err(),
        ),
        (
            "defineKind",
            gongkai_wasm::define_kind(def.clone(), fr()).err(),
        ),
    ] {
        assert_eq!(
            error.map(message).as_deref(),
            Some(format!("{function}: {wrong}").as_str())
        );
    }
    let options = engine
        .check(
            "document",
            Object::new().into(),
            Some(json(r#"{"lang": "fr"}"#).unchecked_into()),
        )
        .err()
        .map(message);
    assert_eq!(
        options.as_deref(),
        Some(format!("invalid check options: {wrong}").as_str())
    );
    // "zh", "en" and none are still taken.
    for lang in [None, Some("zh".to_owned()), Some("en".to_owned())] {
        let out = engine.eval("1 + 1", None, lang).unwrap();
        assert_eq!(get(&out, "value").as_f64(), Some(2.0));
    }
}

/// A `today` that is not a date is refused with the option named, the quick way (the usual
/// options packed into one number) and the slow way alike; `0000-00-00`, whose packed form was
/// once read as "no today", too.
#[wasm_bindgen_test]
fn a_bad_today_is_refused_naming_the_option() {
    let engine = Engine::new(None).unwrap();
    let refused = |options: JsValue| {
        engine
            .check(
                "document",
                Object::new().into(),
                Some(options.unchecked_into()),
            )
            .err()
            .map(message)
    };
    let slow = |text: &str| {
        let o: Object = Object::create(&JsValue::NULL.unchecked_into::<Object>());
        Object::assign(&o, &json(text).unchecked_into());
        JsValue::from(o)
    };
    for day in ["2018-02-30", "0000-00-00", "0000-01-01", "2018-13-01"] {
        let text = format!(r#"{{"today": "{day}"}}"#);
        let expected = format!(
            "invalid check options: `today` must be a valid date written YYYY-MM-DD, not `{day}`"
        );
        assert_eq!(refused(json(&text)).as_deref(), Some(expected.as_str()));
        assert_eq!(refused(slow(&text)).as_deref(), Some(expected.as_str()));
    }
    let eval = engine
        .eval("today()", Some("2018-02-30".into()), None)
        .err()
        .map(message);
    assert_eq!(
        eval.as_deref(),
        Some("eval: `today` must be a valid date written YYYY-MM-DD, not `2018-02-30`")
    );
}

/// `test` runs the examples of the rules loaded with `loadRules`; the standard rules the module
/// embeds have none (they are embedded without them), so they are left out rather than reported
/// as broken. A standard rule's full source, loaded, is tested.
#[wasm_bindgen_test]
fn test_runs_loaded_rules_not_the_embedded_standard_ones() {
    let mut engine = Engine::new(None).unwrap();
    let report = engine.test(None).unwrap();
    assert_eq!(Array::from(&get(&report, "cases")).length(), 0);
    assert_eq!(Array::from(&get(&report, "problems")).length(), 0);
    let named = engine.test(Some(vec!["DOC-009".to_owned()])).unwrap();
    assert_eq!(Array::from(&get(&named, "problems")).length(), 0);
    // A rule loaded under a standard rule's id replaces it, and is tested.
    let src = r#"const RULE = #{ id: "DOC-009", title: #{ zh: "替换", en: "replaced" }, severity: "error",
        kinds: ["document"], fields: ["title"], basis: "测试", message: #{ zh: "请填写{label}", en: "fill in {label}" } };
        fn check(record) { if is_blank(record.title) { #{} } }
        const EXAMPLES = [ #{ record: #{ title: "有" }, expect: [] }, #{ record: #{}, expect: ["DOC-009"] } ];"#;
    let loaded = engine.load_rules(src, Some("DOC-009.rhai".into())).unwrap();
    assert_eq!(get(&loaded, "replaced").as_bool(), Some(true));
    let report = engine.test(None).unwrap();
    let cases = Array::from(&get(&report, "cases"));
    assert_eq!(cases.length(), 2);
    assert!(cases.iter().all(
        |c| get(&c, "rule").as_string().as_deref() == Some("DOC-009")
            && get(&c, "passed").as_bool() == Some(true)
    ));
    assert_eq!(Array::from(&get(&report, "problems")).length(), 0);
}

/// The depth limits are bounded in WebAssembly (its stacks cannot grow): 0, which natively
/// lifts an expression depth limit, and anything past the measured ceilings are refused with the
/// limit and its bounds named; the ceilings themselves, and the defaults, are taken.
/// (tests/browser/04-limits.test.mjs runs the deepest rules they allow, in Chromium.)
#[wasm_bindgen_test]
fn depth_limits_are_bounded() {
    use gongkai_wasm::{MAX_CALL_LEVELS, MAX_DEPTH, MAX_EXPR_DEPTH};
    let engine = |limits: &str| {
        Engine::new(Some(
            json(&format!(r#"{{"standard": false, "limits": {limits}}}"#)).unchecked_into(),
        ))
        .map(|_| ())
        .map_err(message)
    };
    for (name, max) in [
        ("max_call_levels", MAX_CALL_LEVELS),
        ("max_expr_depth", MAX_EXPR_DEPTH),
        ("max_function_expr_depth", MAX_EXPR_DEPTH),
    ] {
        for value in [0, max + 1, 1_000_000] {
            assert_eq!(
                engine(&format!(r#"{{"{name}": {value}}}"#)),
                Err(format!(
                    "invalid Engine options: `limits.{name}` must be from 1 to {max} in \
                     WebAssembly (a deeper rule could overflow the stack), not {value}"
                )),
            );
        }
    }
    assert_eq!(
        engine(r#"{"max_call_levels": 64}"#),
        Err(format!(
            "invalid Engine options: `limits.max_expr_depth` + `limits.max_call_levels` × \
             `limits.max_function_expr_depth` must be from 1 to {MAX_DEPTH} in WebAssembly (a \
             deeper rule could overflow the stack), not 2112"
        )),
    );
    // The defaults are the most the three may take together; each may be raised as far as its
    // own ceiling when the others make room.
    let d = gongkai::Limits::default();
    assert_eq!(
        d.max_expr_depth + d.max_call_levels * d.max_function_expr_depth,
        MAX_DEPTH
    );
    for limits in [
        "{}".to_owned(),
        r#"{"max_call_levels": 1, "max_expr_depth": 1, "max_function_expr_depth": 1}"#.to_owned(),
        format!(r#"{{"max_call_levels": {MAX_CALL_LEVELS}, "max_function_expr_depth": 8}}"#),
        format!(
            r#"{{"max_expr_depth": {MAX_EXPR_DEPTH}, "max_call_levels": 18, "max_function_expr_depth": 32}}"#
        ),
        format!(
            r#"{{"max_expr_depth": {MAX_EXPR_DEPTH}, "max_call_levels": 1, "max_function_expr_depth": {MAX_EXPR_DEPTH}}}"#
        ),
        r#"{"max_call_levels": 2, "max_function_expr_depth": 512}"#.to_owned(),
    ] {
        assert_eq!(engine(&limits), Ok(()), "{limits}");
    }
    assert!(engine(r#"{"max_call_levels": 19, "max_expr_depth": 512}"#).is_err());
}

#[wasm_bindgen_test]
fn calendar_extension_and_eval() {
    let engine = Engine::new(Some(json(r#"{"standard": false}"#).unchecked_into())).unwrap();
    let before = engine
        .eval(
            "is_workday(\"2027-03-01\")",
            Some("2026-11-28".into()),
            None,
        )
        .unwrap();
    assert_eq!(get(&before, "ok").as_bool(), Some(false));
    assert!(get(&before, "error").as_string().unwrap().contains("2027"));
    let notice = r#"{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
    let added = engine.extend_calendar(notice.into(), None).unwrap();
    assert_eq!(get(&added, "value").as_f64(), Some(2027.0));
    let after = engine
        .eval(
            "is_workday(\"2027-03-01\")",
            Some("2026-11-28".into()),
            None,
        )
        .unwrap();
    assert_eq!(get(&after, "value").as_bool(), Some(true));
    let bad = engine.extend_calendar("{".into(), None).unwrap();
    assert_eq!(get(&bad, "ok").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn schemas_and_csv() {
    let kinds = Array::from(&schemas().unwrap());
    assert_eq!(kinds.length(), 8);
    let entry = kinds
        .iter()
        .find(|k| get(k, "name").as_string().as_deref() == Some("catalogue_entry"))
        .unwrap();
    let first = Array::from(&get(&entry, "fields")).get(0);
    assert_eq!(get(&first, "label_zh").as_string().unwrap(), "一级事项");
    assert_eq!(get(&first, "type").as_string().unwrap(), "text");
    let read = records_from_csv(
        "catalogue_entry",
        "一级事项,公开层级,序号\n机构职能,市级、县级,1\n",
        None,
    );
    // The default module leaves the spreadsheet reader to the fast one, and says so.
    #[cfg(not(feature = "lowered"))]
    {
        let message = JsValue::from(read.err().unwrap());
        let message = get(&message, "message").as_string().unwrap();
        assert!(
            message.contains("createEngine({ fast: true })"),
            "{message}"
        );
    }
    #[cfg(feature = "lowered")]
    {
        let read = read.unwrap();
        let rec = get(&Array::from(&get(&read, "records")).get(0), "record");
        assert_eq!(Array::from(&get(&rec, "levels")).length(), 2);
        let warning = Array::from(&get(&read, "warnings")).get(0);
        assert_eq!(get(&warning, "line").as_f64(), Some(1.0));
        assert_eq!(get(&warning, "column").as_f64(), Some(11.0));
        assert_eq!(
            get(&warning, "message").as_string().unwrap(),
            "第3列（C）「序号」不对应主动公开基本目录事项的任何字段，已忽略"
        );
    }
}

#[wasm_bindgen_test]
fn a_draft_is_checked_as_the_record_given_whole() {
    let engine = Engine::new(None).unwrap();
    let opts = || Some(options("2018-12-01").unchecked_into());
    let whole = r#"{"title": "通知", "issuer": "信阳市人民政府", "written_date": "2018-09-20",
        "publish_date": "2018-09-28", "disclosure": "主动公开", "doc_type": "规章",
        "interpretation": {"unit": "市司法局", "author": "张三", "publish_date": "2018-10-09", "linked": true}}"#;
    let mut draft = Draft::new("document").unwrap();
    for pair in Object::entries(&json(whole).unchecked_into()).iter() {
        let pair = Array::from(&pair);
        draft
            .set(&pair.get(0).as_string().unwrap(), pair.get(1))
            .unwrap();
    }
    let same = |a: &JsValue, b: &JsValue| {
        assert_eq!(JSON::stringify(a).unwrap(), JSON::stringify(b).unwrap());
    };
    let drafted = engine
        .check_draft(&draft, Some("interpretation.publish_date".into()), opts())
        .unwrap();
    let given = engine
        .check_field(
            "document",
            json(whole),
            "interpretation.publish_date",
            opts(),
        )
        .unwrap();
    same(&drafted, &given);
    assert!(Array::from(&get(&drafted, "findings")).length() > 0);
    // A removed member and a value of the wrong type, as in the record given whole.
    draft.set("interpretation", JsValue::UNDEFINED).unwrap();
    draft.set("written_date", json("20180920")).unwrap();
    let changed = r#"{"title": "通知", "issuer": "信阳市人民政府", "written_date": 20180920,
        "publish_date": "2018-09-28", "disclosure": "主动公开", "doc_type": "规章"}"#;
    let drafted = engine.check_draft(&draft, None, opts()).unwrap();
    same(
        &drafted,
        &engine.check("document", json(changed), opts()).unwrap(),
    );
    let issues = Array::from(&get(&drafted, "issues"));
    assert_eq!(
        get(&issues.get(0), "field").as_string().unwrap(),
        "written_date"
    );
    // A value with no JSON form, and a kind there is none of, throw.
    let function = js_sys::Function::new_no_args("return 1");
    assert!(draft.set("title", function.into()).is_err());
    assert!(Draft::new("no_such_kind").is_err());
}

/// The fast module reads its standard rules compiled from the snapshot `cargo xtask wasm`
/// writes natively (`gongkai::snapshot`), which `cargo xtask test` builds this test with
/// (`GONGKAI_SNAPSHOT`, with the `lowered` feature): written by another build than this one, so a
/// snapshot this module could not use (call sites, `switch` hashes) shows here, where it would
/// change no result, only the time to the first answer. Without it, every rule is compiled.
#[wasm_bindgen_test]
fn standard_rules_come_compiled_in_the_fast_module_only() {
    let engine = Engine::new(None).unwrap();
    let all = engine.rules().unwrap();
    let all = all.dyn_ref::<Array>().map_or(0, Array::length) as usize;
    assert!(all > 70, "{all} standard rules");
    let expected = if cfg!(feature = "lowered") && option_env!("GONGKAI_SNAPSHOT").is_some() {
        all
    } else {
        0
    };
    assert_eq!(engine.precompiled_rules(), expected);
}

/// A report crosses packed (`src/report.rs`, `js/report.js`), not as JSON, but JavaScript must
/// get what `JSON.parse` would have made of the core's report as JSON: every kind of value a
/// finding can hold (nested, empty, unit inside a list), characters outside the BMP and a BOM
/// inside text, a member named `__proto__` (an own member, not the prototype), input issues,
/// and member names that take the same place in `js/report.js`'s table of names (`a1b`, `a2b`:
/// same length and ends), in one report and from one report to the next.
#[wasm_bindgen_test]
fn reports_arrive_as_their_json_would() {
    let src = r#"const RULE = #{ id: "PK-001", title: #{ zh: "打包", en: "packing" }, severity: "warning",
        kinds: ["document"], fields: ["title"], basis: "《政府信息公开条例》第一条",
        message: #{ zh: "「{label}」为{s}", en: "{label} is {s}" } };
        fn check(record) {
            if record.title == "" { return; }
            [#{ s: "😀\uFEFF终" + record.title, n: -42, big: 9223372036854775807, t: true, f: false,
                z: 0, ten: 10, min: -9223372036854775807 - 1,
                list: [(), 1, "二", [], #{}],
                map: #{ "__proto__": 1, "2": "two", nested: #{ deep: [#{ x: () }] }, a1b: 1, a2b: 2, "": 0 },
                a2b: [#{ a1b: "a2b", a2b: "a1b" }] },
             #{ field: "", s: "" }]
        }
        const EXAMPLES = [ #{ record: #{ title: "" }, expect: [] },
                           #{ record: #{ title: "x" }, expect: ["PK-001", "PK-001"] } ];"#;
    let mut engine = Engine::new(Some(json(r#"{"standard": false}"#).unchecked_into())).unwrap();
    let loaded = engine.load_rules(src, None).unwrap();
    assert_eq!(
        get(&loaded, "ok").as_bool(),
        Some(true),
        "{:?}",
        JSON::stringify(&loaded)
    );
    let mut core = gongkai::Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    core.add_source("PK-001", src).unwrap();
    let options_core =
        gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-01").unwrap());
    let text = |v: &JsValue| JSON::stringify(v).unwrap().as_string().unwrap();
    // With a member the kind does not have (an input issue: read the usual way), and without
    // (in the fast module, read straight from the text): the same reports as the core's.
    for (record, issues) in [
        (r#"{"title": "\ufeff标题😀", "unknown_member": 1}"#, 1),
        (
            r#"{"title": "\ufeff标题😀", "written_date": "2020-01-01"}"#,
            0,
        ),
    ] {
        let unpacked = engine
            .check(
                "document",
                json(record),
                Some(options("2020-01-01").unchecked_into()),
            )
            .unwrap();
        let report = core
            .check(
                "document",
                &serde_json::from_str(record).unwrap(),
                &options_core,
            )
            .unwrap();
        assert_eq!(report.findings.len(), 2);
        assert_eq!(report.issues.len(), issues);
        let parsed = json(&serde_json::to_string(&report).unwrap());
        assert_eq!(text(&unpacked), text(&parsed), "{record}");
        let map = get(&Array::from(&get(&unpacked, "findings")).get(0), "map");
        assert!(Object::get_prototype_of(&map) == Object::get_prototype_of(&Object::new()));
        assert_eq!(get(&map, "__proto__").as_f64(), Some(1.0));
    }
}

/// The usual check options are read in one call (`src/options.rs`, `js/options.js`), anything
/// else the slow way: both must mean the same. Each pair below is the same options, once in a
/// form the quick way takes and once in one it leaves to the slow way (a prototype-less object,
/// a member `undefined`), and their reports must be the same; options the quick way refuses
/// must still get the slow way's message.
#[wasm_bindgen_test]
fn usual_check_options_are_read_quickly_and_mean_the_same() {
    let engine = Engine::new(None).unwrap();
    let record = || {
        json(
            r#"{"title": "通知", "issuer": "信阳市人民政府", "written_date": "2018-09-20", "publish_date": "2018-09-28",
                "disclosure": "主动公开", "doc_type": "规章", "interpretation": {"unit": "市司法局", "publish_date": "2018-10-19"}}"#,
        )
    };
    let slow = |text: &str| {
        // The same members on an object without a prototype, which only the slow way reads.
        let o: Object = Object::create(&JsValue::NULL.unchecked_into::<Object>());
        Object::assign(&o, &json(text).unchecked_into());
        o
    };
    let report = |options: JsValue| {
        let report = engine
            .check("document", record(), Some(options.unchecked_into()))
            .unwrap();
        JSON::stringify(&report).unwrap().as_string().unwrap()
    };
    for text in [
        r#"{"today": "2018-12-01"}"#,
        r#"{"today": "2018-12-01", "lang": "en"}"#,
        r#"{"lang": "zh", "today": "2018-10-10"}"#,
    ] {
        let (quick, slow) = (report(json(text)), report(slow(text).into()));
        assert_eq!(quick, slow, "{text}");
        assert!(quick.contains(r#""rule":"DOC-009""#), "{quick}");
    }
    let english = report(json(r#"{"today": "2018-12-01", "lang": "en"}"#));
    assert!(english.contains("interpretation"), "{english}");
    assert!(!english.contains("解读"), "{english}");
    let undefined_lang = json(r#"{"today": "2018-12-01"}"#);
    Reflect::set(&undefined_lang, &"lang".into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        report(undefined_lang),
        report(json(r#"{"today": "2018-12-01"}"#))
    );

    let message = |options: &str| {
        engine
            .check("document", record(), Some(json(options).unchecked_into()))
            .err()
            .map(|e| {
                JsValue::from(e)
                    .unchecked_into::<js_sys::Error>()
                    .message()
                    .as_string()
                    .unwrap()
            })
    };
    assert_eq!(
        message(r#"{"today": "2018-02-30"}"#).as_deref(),
        Some(
            "invalid check options: `today` must be a valid date written YYYY-MM-DD, not \
             `2018-02-30`"
        )
    );
    assert!(message(r#"{"today": "2018-2-3"}"#).is_some());
    assert!(message(r#"{"today": 20181201}"#).is_some());
    assert!(message(r#"{"today": "2018-12-01", "todya": "2018-12-01"}"#).is_some());
}
