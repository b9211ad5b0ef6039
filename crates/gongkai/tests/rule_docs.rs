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

/// The rhai code between `<!-- {marker}:begin -->` and `<!-- {marker}:end -->` of the guide.
fn block(marker: &str) -> String {
    let text = guide();
    let start = text.find(&format!("<!-- {marker}:begin -->")).unwrap();
    let end = text.find(&format!("<!-- {marker}:end -->")).unwrap();
    text[start..end]
        .split("```rhai")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap()
        .to_owned()
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

/// The report of the examples of the guide's block `marker`, loaded alone as `file`, whose
/// rule must be `id`.
fn examples_of(marker: &str, file: &str, id: &str) -> gongkai::TestReport {
    let mut engine = Engine::with_options(&EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let loaded = engine
        .add_source(file, &block(marker))
        .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(loaded.id, id);
    engine.test(|_| true)
}

#[test]
fn the_worked_example_compiles_and_passes_its_examples() {
    let report = examples_of(
        "worked-example",
        "LOC-001-interpreter-named.rhai",
        "LOC-001",
    );
    assert!(report.passed(), "{report:#?}");
    assert_eq!(report.cases.len(), 3);
}

/// The table of record kinds and their fields in §1, as the schemas give it.
fn kinds_table() -> String {
    use gongkai::schema::{FieldType, KINDS};
    fn ty(t: FieldType) -> String {
        match t {
            FieldType::Text => String::new(),
            FieldType::Date => "（日期）".into(),
            FieldType::DateTime => "（时间）".into(),
            FieldType::Bool => "（是/否）".into(),
            FieldType::Int => "（整数）".into(),
            FieldType::TextList => "（文本列表）".into(),
            FieldType::Object { fields } => {
                let inner: Vec<String> = fields
                    .iter()
                    .map(|f| format!("`{}` {}{}", f.name, f.label_zh, ty(f.ty)))
                    .collect();
                format!("（对象：{}）", inner.join("，"))
            }
            FieldType::List { kind } => format!("（`{kind}` 记录的列表）"),
        }
    }
    let mut out = String::from("| 记录类型 kind | 名称 | 字段 fields |\n|---|---|---|\n");
    for k in KINDS {
        let fields: Vec<String> = k
            .fields
            .iter()
            .map(|f| format!("`{}` {}{}", f.name, f.label_zh, ty(f.ty)))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} / {} | {} |\n",
            k.name,
            k.label_zh,
            k.label_en,
            fields.join("，")
        ));
    }
    out
}

#[test]
fn the_kinds_table_in_the_guide_matches_the_schemas() {
    let text = guide();
    let begin = "<!-- kinds-table:begin (checked against the schemas by crates/gongkai/tests/rule_docs.rs) -->\n";
    let start = text
        .find(begin)
        .expect("kinds-table markers in rules/README.md")
        + begin.len();
    let end = text.find("<!-- kinds-table:end -->").unwrap();
    let want = kinds_table();
    assert!(
        text[start..end] == want,
        "the table of record kinds in rules/README.md §1 differs from the schemas; it should read:\n\n{want}"
    );
}

/// The guide's second worked example: a rule over a list field, one finding per entry.
#[test]
fn the_list_example_compiles_and_passes_its_examples() {
    let report = examples_of("list-example", "LOC-002-government-website.rhai", "LOC-002");
    assert!(report.passed(), "{report:#?}");
    assert!(report.cases.len() >= 3);
}
