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
    let mut files: Vec<_> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../rules/catalogue_entry"
    ))
    .unwrap()
    .map(|e| e.unwrap().path())
    .collect();
    files.sort();
    for f in files {
        let mut engine = gongkai::Engine::with_options(&gongkai::EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        engine
            .add_source(f.to_str().unwrap(), &std::fs::read_to_string(&f).unwrap())
            .unwrap();
        for e in &entries {
            engine.check("catalogue_entry", e, &options).unwrap();
        }
        let n = 200;
        let start = std::time::Instant::now();
        for _ in 0..n {
            for e in &entries {
                std::hint::black_box(engine.check("catalogue_entry", e, &options).unwrap());
            }
        }
        println!(
            "{:50} {:.2} µs/entry",
            f.file_name().unwrap().to_str().unwrap(),
            start.elapsed().as_secs_f64() * 1e6 / (n * entries.len()) as f64
        );
    }
    let engine = gongkai::Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let _ = engine;
}
