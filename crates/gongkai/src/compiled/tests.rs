//! The lowered programs against rhai: every standard rule lowers, and both ways give the same
//! findings on every rule example and every record of `examples/`.

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
                    out.as_ref().map(Vec::len).map_err(|f| f.message.en.clone()),
                    rhai.as_ref()
                        .map(Vec::len)
                        .map_err(|f| f.message.en.clone())
                ),
            }
        }
        Err(why) => *tally.bailed.entry(why).or_default() += 1,
    }
}

/// Every standard rule is lowered except four whose closures capture a variable of `check`
/// (`|e| … level …`): those run under rhai. A change to a rule or to the lowering that moves
/// another rule back to rhai shows here.
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
    assert_eq!(
        not,
        ["CTL-002", "CTL-003", "CTL-006", "CTL-007"]
            .map(|id| format!("{id}: closure capturing variables")),
    );
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
    // The faster way must be the usual one, not the exception.
    let bailed: usize = tally.bailed.values().sum();
    assert!(bailed * 10 < examples, "{tally:#?}");
}

#[test]
fn lowered_and_rhai_agree_on_the_example_files() {
    let engine = Engine::new();
    let rules = engine.rules_for_test();
    let mut tally = Tally::default();
    let files = [
        ("documents.json", "document"),
        ("catalogue_entries.json", "catalogue_entry"),
        ("enterprise_disclosures.json", "enterprise_disclosure"),
        ("opinion_events.json", "opinion_event"),
        ("proposal_replies.json", "proposal_reply"),
        ("publications.json", "publication"),
        ("applications.json", "application"),
    ];
    let tag = Dynamic::from("2026-03-02".to_owned());
    for (file, kind_name) in files {
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
    assert!(tally.lowered > 500, "{tally:#?}");
    let bailed: usize = tally.bailed.values().sum();
    assert!(bailed * 10 < tally.lowered, "{tally:#?}");
}
