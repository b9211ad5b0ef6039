//! The errors a rule author meets, in Chinese that says what to do: rhai's English stays in the
//! English message, and the Chinese one names the cause an author can act on.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai::date::Date;
use gongkai::{Engine, EngineOptions, Lang};

fn error_of(script: &str) -> (String, String, String) {
    let engine = Engine::with_options(&EngineOptions {
        standard_rules: false,
        ..EngineOptions::default()
    });
    let e = engine
        .eval(script, Date::parse("2025-03-03").unwrap())
        .expect_err(script);
    (e.0.code.clone(), e.message(Lang::Zh), e.message(Lang::En))
}

#[test]
fn syntax_errors_say_the_cause_in_chinese() {
    for (script, code, zh) in [
        // Full-width punctuation typed with a Chinese input method.
        (
            "let x = （1）; x",
            "bad_input",
            "代码中不能用全角符号 `（`：括号、引号、逗号、冒号须为半角（英文）符号",
        ),
        (
            "let a = 1; if a = 2 { 1 }",
            "bad_input",
            "这里应为比较 `==`，而不是赋值 `=`",
        ),
        ("let a = 1; a === 1", "bad_input", "`===` 不是 rhai 的符号"),
        ("let a = \"abc; a", "bad_input", "字符串缺少结束的引号"),
        ("if true 1", "missing_token", "缺少 `{`"),
    ] {
        let (got_code, got_zh, _) = error_of(script);
        assert_eq!(got_code, code, "{script}");
        assert!(got_zh.contains(zh), "{script}: {got_zh}");
        assert!(
            !got_zh.contains("Unexpected") && !got_zh.contains(" to "),
            "{got_zh}"
        );
    }
}

#[test]
fn run_time_errors_point_at_empty_fields_only_when_one_is_there() {
    let (code, zh, _) = error_of("let v = (); for x in v { }");
    assert_eq!(code, "for_not_iterable");
    assert!(zh.contains("可能为空 `()`"), "{zh}");
    let (code, zh, en) = error_of("let m = (); m.unit");
    assert_eq!(code, "property_of_unit");
    assert!(zh.starts_with("第1行第15列：读取空值 `()` 的属性"), "{zh}");
    assert!(en.contains("Unknown property 'unit'"), "{en}");
    // Types in words an author knows; the hint about `()` only when an argument is `()`.
    let (_, zh, _) = error_of("is_blank()");
    assert!(
        zh.contains("`is_blank ()`（参数见"),
        "no arguments is no empty value: {zh}"
    );
    let (_, zh, _) = error_of("add_workdays(())");
    assert!(
        zh.contains("`add_workdays (空值 ())`（有参数为空 `()`"),
        "{zh}"
    );
    let (_, zh, en) = error_of(r#"add_workdays("2018-01-01", "x")"#);
    assert!(
        zh.contains("`add_workdays (文本, 文本)`（参数见 rules/README.md 的函数库）"),
        "{zh}"
    );
    assert!(!zh.contains("is_blank"), "{zh}");
    assert!(en.contains("ImmutableString"), "{en}");
    let (code, zh, _) = error_of(r#"let s = "ab"; loop { s += s; }"#);
    assert_eq!(code, "data_too_large");
    assert!(zh.contains("数据超过上限（文本长度）"), "{zh}");
}

#[test]
fn habits_of_other_languages_and_input_methods_are_named() {
    for (script, zh) in [
        // A text in single quotes, as JavaScript and Python write it.
        (
            "let x = 'ab'; x",
            "不是一个字符：文本请用双引号 `\"…\"`（单引号只能括一个字符）",
        ),
        // The middle dot a Chinese input method types on the backtick key.
        ("let x = 1 · 2", "代码中不能用全角符号 `·`"),
    ] {
        let (code, got, _) = error_of(script);
        assert_eq!(code, "bad_input", "{script}");
        assert!(got.contains(zh), "{script}: {got}");
    }
}
