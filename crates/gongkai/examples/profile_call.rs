//! Cost of one rule call: a trivial rule, checked many times (for profilers).
#![allow(clippy::unwrap_used, missing_docs)]

fn main() {
    let mut engine = gongkai::Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let body = std::env::args().nth(1).unwrap_or_else(|| "()".into());
    engine
        .add_source(
            "t.rhai",
            &format!(r#"const RULE = #{{ id: "T-001", title: #{{zh: "t", en: "t"}}, severity: "info", kinds: ["publication"],
               fields: ["title"], basis: "b", message: #{{zh: "m", en: "m"}} }};
               fn check(record) {{ {body} }}
               const EXAMPLES = [];"#),
        )
        .unwrap();
    let rec = serde_json::json!({"title": "关于做好2018年政务公开工作的通知", "body": "正文", "category": "其他"});
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-02").unwrap());
    let n = 200_000;
    let start = std::time::Instant::now();
    for _ in 0..n {
        engine.check("publication", &rec, &options).unwrap();
    }
    eprintln!(
        "{:.2} µs/check",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
