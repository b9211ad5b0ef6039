//! Checks the example catalogue's entries many times: a target for profilers
//! (`valgrind --tool=callgrind target/release/examples/profile_check`). `RULES=CAT-001,CAT-005`
//! keeps only the rules listed (e.g. the structural rules of the floor in `benches/check.rs`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

fn main() {
    let mut engine = gongkai::Engine::new();
    if let Ok(keep) = std::env::var("RULES") {
        let keep: Vec<&str> = keep.split(',').collect();
        for rule in engine.rules() {
            if !keep.contains(&rule.id.as_str()) {
                engine.remove_rule(&rule.id);
            }
        }
    }
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/catalogue.json"
    ))
    .unwrap();
    let cat: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cat = if cat.is_array() { cat[0].clone() } else { cat };
    let entries = cat["entries"].as_array().unwrap().clone();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-02").unwrap());
    let start = std::time::Instant::now();
    let mut findings = 0;
    for _ in 0..n {
        for e in &entries {
            findings += engine
                .check("catalogue_entry", e, &options)
                .unwrap()
                .findings
                .len();
        }
    }
    let checks = n * entries.len();
    eprintln!(
        "{checks} checks, {findings} findings, {:.2} µs/check",
        start.elapsed().as_secs_f64() * 1e6 / checks as f64
    );
}
