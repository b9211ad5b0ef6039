//! Engine start-up: an empty engine, then one with the standard packs (for profilers).
#![allow(clippy::unwrap_used, missing_docs)]

fn main() {
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let empty = gongkai::Engine::with_options(&gongkai::EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        let t1 = t.elapsed();
        let full = gongkai::Engine::new();
        let t2 = t.elapsed() - t1;
        eprintln!(
            "empty engine {t1:?}, standard engine {t2:?} ({} rules)",
            full.rules().len() + empty.rules().len()
        );
    }
}
