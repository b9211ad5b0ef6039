//! Time per rule: checks example records with one rule at a time (`KIND=document` for the
//! document pack; default the catalogue entries).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/catalogue.json"
    ))
    .unwrap();
    let cat: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cat = if cat.is_array() { cat[0].clone() } else { cat };
    let kind = std::env::var("KIND").unwrap_or_else(|_| "catalogue_entry".to_owned());
    let entries = if kind == "catalogue_entry" {
        cat["entries"].as_array().unwrap().clone()
    } else {
        let file = format!("{}/../../examples/{kind}s.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(file).unwrap())
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-02").unwrap());
    let dir = format!("{}/../../rules/{kind}", env!("CARGO_MANIFEST_DIR"));
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
                engine.check(&kind, e, &options).unwrap();
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
