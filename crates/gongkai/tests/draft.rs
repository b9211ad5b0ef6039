//! A draft (a record kept converted, changed one field at a time) is checked exactly as the
//! same record given whole: every example record of every kind is typed into a draft field by
//! field, over the record before it, with values of the wrong type and unknown members on the
//! way, and each step's report is compared with `check_field`'s and `check`'s.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use gongkai::date::Date;
use gongkai::record::Draft;
use gongkai::{CheckOptions, Engine, Lang};
use serde_json::{Map, Value, json};

const FILES: &[(&str, &str)] = &[
    ("applications", "application"),
    ("catalogue", "catalogue"),
    ("catalogue_entries", "catalogue_entry"),
    ("documents", "document"),
    ("enterprise_disclosures", "enterprise_disclosure"),
    ("opinion_events", "opinion_event"),
    ("proposal_replies", "proposal_reply"),
    ("publications", "publication"),
];

fn records(file: &str) -> Vec<Map<String, Value>> {
    let path = format!("{}/../../examples/{file}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let list = match value {
        Value::Array(list) => list,
        other => vec![other],
    };
    list.into_iter()
        .filter_map(|r| r.as_object().cloned())
        .take(6)
        .collect()
}

/// Sets `name` in both the draft and the whole record it stands for, then compares the
/// draft's re-check of `name` with `check_field` on the whole record.
fn change(
    engine: &Engine,
    draft: &mut Draft,
    whole: &mut Map<String, Value>,
    name: &str,
    value: Option<Value>,
    options: &CheckOptions,
) {
    draft.set(name, value.as_ref());
    match value {
        Some(v) => whole.insert(name.to_owned(), v),
        None => whole.remove(name),
    };
    let kind = draft.kind().name;
    let record = Value::Object(whole.clone());
    let expected = engine.check_field(kind, &record, name, options).unwrap();
    let got = engine.check_draft(draft, Some(name), options);
    assert_eq!(got, expected, "{kind}: after setting `{name}` in {record}");
}

#[test]
fn a_draft_is_checked_as_the_whole_record_is() {
    let engine = Engine::new();
    let options = CheckOptions::new(Date::parse("2026-03-02").unwrap()).with_lang(Lang::En);
    let mut steps = 0;
    for &(file, kind) in FILES {
        let mut draft = Draft::new(kind).unwrap();
        let mut whole = Map::new();
        for record in records(file) {
            // Members the next record lacks are removed; the others typed in one by one.
            let gone: Vec<String> = whole
                .keys()
                .filter(|k| !record.contains_key(*k))
                .cloned()
                .collect();
            for name in gone {
                change(&engine, &mut draft, &mut whole, &name, None, &options);
                steps += 1;
            }
            for (name, value) in &record {
                // A value of the wrong type on the way (an input error), then the real one.
                let wrong = if value.is_number() {
                    json!("x")
                } else {
                    json!(7)
                };
                change(&engine, &mut draft, &mut whole, name, Some(wrong), &options);
                change(
                    &engine,
                    &mut draft,
                    &mut whole,
                    name,
                    Some(value.clone()),
                    &options,
                );
                steps += 2;
            }
            let record = Value::Object(whole.clone());
            let expected = engine.check(kind, &record, &options).unwrap();
            assert_eq!(engine.check_draft(&draft, None, &options), expected);
        }
        // Members the kind does not have are warnings while they are there, and gone after.
        for name in ["zz_extra", "aa_extra"] {
            change(
                &engine,
                &mut draft,
                &mut whole,
                name,
                Some(json!(1)),
                &options,
            );
        }
        change(&engine, &mut draft, &mut whole, "zz_extra", None, &options);
        change(
            &engine,
            &mut draft,
            &mut whole,
            "aa_extra",
            Some(Value::Null),
            &options,
        );
        change(&engine, &mut draft, &mut whole, "aa_extra", None, &options);
        steps += 5;
    }
    assert!(steps > 300, "only {steps} steps");
}

#[test]
fn a_draft_of_an_unknown_kind_is_refused() {
    let err = Draft::new("no_such_kind").unwrap_err();
    assert!(err.to_string().contains("no_such_kind"), "{err}");
}
