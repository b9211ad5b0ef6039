//! Where a catalogue entry's check time goes: the same entries as the `check` bench's
//! `catalogue_entry_*` (examples/catalogue.json and examples/catalogue_entries.json, today
//! 2026-03-02, on mimalloc as the bench), checked by engines holding fewer rules. An engine with
//! no rule times the record's conversion and the report; one with thirteen rules that return at
//! once adds the machinery every rule costs; then each standard rule alone, and all of them.
//! Each row is the best of `ROUNDS` (default 30) rounds of 20 passes over the entries, in µs an
//! entry (BENCHMARKS.md §1):
//!
//!     cargo run --release -p gongkai --example profile_rule_costs
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

use gongkai::date::Date;
use gongkai::{CheckOptions, Engine, EngineOptions};
use serde_json::Value;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let entries = entries();
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    let time = |engine: &Engine| best_of(rounds, engine, &entries);

    let all = Engine::new();
    let ids: Vec<String> = all
        .rules()
        .into_iter()
        .filter(|r| r.kinds.iter().any(|k| k == "catalogue_entry"))
        .map(|r| r.id)
        .collect();
    println!("{:8.2} µs  no rule", time(&keeping(&[])));

    let mut trivial = Engine::with_options(&EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    for i in 0..ids.len() {
        let source = format!(
            "const RULE = #{{ id: \"TRV-{i:03}\", title: #{{ zh: \"空\", en: \"empty\" }}, \
             severity: \"info\", kinds: [\"catalogue_entry\"], fields: [\"mode\"], \
             basis: \"无\", message: #{{ zh: \"无\", en: \"none\" }} }};\n\
             fn check(record) {{ }}\nconst EXAMPLES = [];\n"
        );
        trivial
            .add_source(&format!("TRV-{i:03}.rhai"), &source)
            .unwrap();
    }
    println!(
        "{:8.2} µs  {} rules that return at once",
        time(&trivial),
        ids.len()
    );
    for id in &ids {
        println!("{:8.2} µs  {id} alone", time(&keeping(&[id.as_str()])));
    }
    println!("{:8.2} µs  all {} rules", time(&all), ids.len());
}

/// The standard engine with only the rules `ids`.
fn keeping(ids: &[&str]) -> Engine {
    let mut engine = Engine::new();
    for rule in engine.rules() {
        if !ids.contains(&rule.id.as_str()) {
            engine.remove_rule(&rule.id);
        }
    }
    engine
}

/// The best time of `rounds` rounds, in µs an entry.
fn best_of(rounds: usize, engine: &Engine, entries: &[Value]) -> f64 {
    let options = CheckOptions::new(Date::parse("2026-03-02").unwrap());
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..20 {
            for entry in entries {
                std::hint::black_box(engine.check("catalogue_entry", entry, &options).unwrap());
            }
        }
        best = best.min(start.elapsed().as_secs_f64() / (20 * entries.len()) as f64);
    }
    best * 1e6
}

/// The entries of the `check` bench.
fn entries() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    let read = |file: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}{file}")).unwrap()).unwrap()
    };
    let catalogue = read("catalogue.json");
    let catalogue = if catalogue.is_array() {
        catalogue[0].clone()
    } else {
        catalogue
    };
    let mut entries = catalogue["entries"].as_array().unwrap().clone();
    entries.extend(
        read("catalogue_entries.json")
            .as_array()
            .unwrap()
            .iter()
            .cloned(),
    );
    entries
}
