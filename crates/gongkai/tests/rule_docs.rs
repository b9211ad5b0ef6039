//! The rule-author guide (`rules/README.md`) is executable: every `expr // ⇒ json` line of its
//! library reference is evaluated, and its worked example is compiled and its examples run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use gongkai::date::Date;
use gongkai::{Engine, EngineOptions};

fn guide() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../rules/README.md"
    ))
    .unwrap()
}

#[test]
fn every_library_example_in_the_guide_holds() {
    let engine = Engine::new();
    let today = Date::parse("2026-11-28").unwrap();
    let mut checked = 0;
    for (n, line) in guide().lines().enumerate() {
        let Some((expr, want)) = line.split_once("// ⇒") else {
            continue;
        };
        let want: serde_json::Value = serde_json::from_str(want.trim())
            .unwrap_or_else(|e| panic!("rules/README.md:{}: bad expected JSON: {e}", n + 1));
        let got = engine
            .eval(expr.trim(), today)
            .unwrap_or_else(|e| panic!("rules/README.md:{}: {e}", n + 1));
        assert_eq!(got, want, "rules/README.md:{}: {}", n + 1, expr.trim());
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} examples found");
}

#[test]
fn the_worked_example_compiles_and_passes_its_examples() {
    let text = guide();
    let start = text.find("<!-- worked-example:begin -->").unwrap();
    let end = text.find("<!-- worked-example:end -->").unwrap();
    let block = &text[start..end];
    let code = block
        .split("```rhai")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let mut engine = Engine::with_options(&EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let loaded = engine
        .add_source("LOC-001-interpreter-named.rhai", code)
        .unwrap();
    assert_eq!(loaded.id, "LOC-001");
    let report = engine.test(|_| true);
    assert!(report.passed(), "{report:#?}");
    assert_eq!(report.cases.len(), 3);
}
