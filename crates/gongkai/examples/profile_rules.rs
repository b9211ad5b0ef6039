//! Time per rule: checks the example catalogue's entries with one rule at a time.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/catalogue.json"
    ))
    .unwrap();
    let cat: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cat = if cat.is_array() { cat[0].clone() } else { cat };
    let entries = cat["entries"].as_array().unwrap().clone();
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-02").unwrap());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/catalogue_entry");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let only = std::env::var("ONLY").unwrap_or_default();
    for f in files
        .into_iter()
        .filter(|f| f.to_string_lossy().contains(only.as_str()))
    {
        let mut engine = gongkai::Engine::with_options(&gongkai::EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        engine
            .add_rule(
                "catalogue_entry",
                &f.display().to_string(),
                &std::fs::read_to_string(&f).unwrap(),
            )
            .unwrap();
        let start = std::time::Instant::now();
        for _ in 0..50 {
            for e in &entries {
                engine.check("catalogue_entry", e, &options).unwrap();
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / (50 * entries.len()) as f64;
        println!(
            "{:8.2} µs  {}",
            per,
            f.file_name().unwrap().to_string_lossy()
        );
    }
}
