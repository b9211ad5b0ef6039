//! The standard packs as shipped: they compile, and they keep the conventions the engine's
//! lazy loading relies on (a pack's folder is the one kind its rules apply to).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use gongkai::date::Date;
use gongkai::{CheckOptions, Engine};
use serde_json::json;

#[test]
fn standard_packs_compile_without_diagnostics() {
    let engine = Engine::new();
    assert_eq!(engine.load_diagnostics(), Vec::new());
    assert!(engine.rules().len() >= 75);
}

#[test]
fn each_standard_rule_applies_to_its_folders_kind_and_is_named_by_its_id() {
    for rule in Engine::new().rules() {
        assert_eq!(
            rule.kinds,
            std::slice::from_ref(&rule.pack),
            "{}: a standard rule applies to its folder's kind only",
            rule.id
        );
        let file = rule.source.rsplit('/').next().unwrap();
        assert!(
            file.starts_with(&format!("{}-", rule.id)),
            "{}: file {file} must start with the id",
            rule.id
        );
        assert!(
            rule.source.starts_with(&format!("rules/{}/", rule.pack)),
            "{}",
            rule.source
        );
    }
}

#[test]
fn a_check_compiles_only_what_it_needs_and_gives_the_same_findings() {
    let record = json!({"title": "通知", "issuer": "信阳市人民政府", "written_date": "2018-09-20", "disclosure": "公开", "doc_type": "其他"});
    let options = CheckOptions::new(Date::parse("2018-12-01").unwrap());
    let lazy = Engine::new();
    let first = lazy.check("document", &record, &options).unwrap();
    let eager = Engine::new();
    let _ = eager.rules(); // compiles every pack
    assert_eq!(first, eager.check("document", &record, &options).unwrap());
    assert!(first.rules.iter().all(|r| r.starts_with("DOC-")));
    // A catalogue check needs the catalogue_entry pack too.
    let cat = json!({"owner": "信阳市人民政府", "owner_level": "市级", "updated_date": "2018-10-30", "entries": [{"category": "机构职能"}]});
    let report = Engine::new().check("catalogue", &cat, &options).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|f| &*f.rule == "CAT-001" && f.field.starts_with("entries[0].")),
        "{report:?}"
    );
}

#[test]
fn a_custom_rule_overrides_a_standard_one_even_before_its_pack_is_compiled() {
    let mut engine = Engine::new();
    let src = r#"const RULE = #{ id: "DOC-001", title: #{ zh: "替换", en: "replaced" }, severity: "info", kinds: ["document"],
        fields: ["disclosure"], basis: "地方规定", message: #{ zh: "本地规则", en: "local rule" } };
        fn check(record) { #{} }
        const EXAMPLES = [];"#;
    let loaded = engine.add_source("DOC-001-local.rhai", src).unwrap();
    assert!(loaded.replaced);
    let report = engine
        .check(
            "document",
            &json!({"disclosure": "内部"}),
            &CheckOptions::new(Date::parse("2020-01-01").unwrap()),
        )
        .unwrap();
    let doc1: Vec<_> = report
        .findings
        .iter()
        .filter(|f| &*f.rule == "DOC-001")
        .collect();
    assert_eq!(doc1.len(), 1);
    assert_eq!(doc1[0].message, "本地规则");
}

#[test]
fn a_record_read_from_text_is_checked_as_its_json_value_is() {
    let engine = Engine::new();
    let options = CheckOptions::new(Date::parse("2026-03-02").unwrap());
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/catalogue.json"
    ))
    .unwrap();
    let catalogues: serde_json::Value = serde_json::from_str(&text).unwrap();
    let kind = gongkai::schema::kind("catalogue_entry").unwrap();
    let mut read = 0;
    for entry in catalogues[0]["entries"].as_array().unwrap() {
        let line = serde_json::to_string(entry).unwrap();
        let Some(record) = gongkai::record::read_json(kind, &line) else {
            continue;
        };
        read += 1;
        let direct = engine
            .check_normalized("catalogue_entry", record, &options)
            .unwrap();
        let usual = engine.check("catalogue_entry", entry, &options).unwrap();
        assert_eq!(direct, usual, "{line}");
    }
    assert!(read > 40, "only {read} entries read from text");
}

#[test]
fn a_reports_rules_are_listed_once_in_id_order() {
    // Flat kinds list their rules as they run (in id order); a catalogue adds its entries'
    // rules, once each. A custom rule whose id sorts first takes its place in the order.
    let mut engine = Engine::new();
    engine
        .add_rule(
            "catalogue_entry",
            "AAA-001.rhai",
            r#"const RULE = #{ id: "AAA-001", title: #{ zh: "甲", en: "A" }, severity: "info",
                kinds: ["catalogue_entry"], fields: ["subject"], basis: "测试",
                message: #{ zh: "甲", en: "A" } };
               fn check(record) { }
               const EXAMPLES = [];"#,
        )
        .unwrap();
    let options = CheckOptions::new(Date::parse("2020-01-02").unwrap());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let files = [
        ("catalogue", "catalogue"),
        ("catalogue_entries", "catalogue_entry"),
        ("documents", "document"),
        ("applications", "application"),
    ];
    for (file, kind) in files {
        let text = std::fs::read_to_string(format!("{dir}/{file}.json")).unwrap();
        let records = match serde_json::from_str(&text).unwrap() {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        for record in &records {
            let rules = engine.check(kind, record, &options).unwrap().rules;
            assert!(!rules.is_empty(), "{kind}");
            assert!(rules.windows(2).all(|w| w[0] < w[1]), "{kind}: {rules:?}");
            if kind == "catalogue" {
                assert!(rules.iter().any(|r| r.starts_with("CAT-")), "{rules:?}");
            }
            if kind == "catalogue_entry" {
                assert_eq!(rules[0].as_ref(), "AAA-001");
            }
        }
    }
}

#[test]
fn each_kind_runs_its_own_rules_as_rules_are_added_replaced_and_removed() {
    let mut engine = Engine::new();
    let rule = |id: &str, kinds: &str| {
        format!(
            r#"const RULE = #{{ id: "{id}", title: #{{ zh: "甲", en: "A" }}, severity: "info",
                kinds: {kinds}, fields: ["title"], basis: "测试",
                message: #{{ zh: "{id}", en: "{id}" }} }};
               fn check(record) {{ #{{}} }}
               const EXAMPLES = [];"#
        )
    };
    let options = CheckOptions::new(Date::parse("2020-01-02").unwrap());
    let ran = |engine: &Engine, kind: &str| -> Vec<String> {
        let report = engine
            .check(kind, &json!({"title": "标题"}), &options)
            .unwrap();
        let mut ids: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("ZZ"))
            .map(|f| f.rule.to_string())
            .collect();
        ids.sort();
        ids
    };
    // Two kinds, and one kind named twice (it still runs once).
    engine
        .add_source("a.rhai", &rule("ZZA-001", r#"["document", "publication"]"#))
        .unwrap();
    engine
        .add_source("b.rhai", &rule("ZZB-001", r#"["document", "document"]"#))
        .unwrap();
    assert_eq!(ran(&engine, "document"), ["ZZA-001", "ZZB-001"]);
    assert_eq!(ran(&engine, "publication"), ["ZZA-001"]);
    // Replaced by a rule of another kind, then removed.
    engine
        .add_source("b2.rhai", &rule("ZZB-001", r#"["publication"]"#))
        .unwrap();
    assert_eq!(ran(&engine, "document"), ["ZZA-001"]);
    assert_eq!(ran(&engine, "publication"), ["ZZA-001", "ZZB-001"]);
    assert!(engine.remove_rule("ZZA-001"));
    assert_eq!(ran(&engine, "document"), Vec::<String>::new());
    assert_eq!(ran(&engine, "publication"), ["ZZB-001"]);
}
