//! Workload (a) of the peer benchmark, natively: five form rules over a kind defined at run
//! time, the valid and the invalid record (`RECORD=invalid`), for profilers.
#![allow(clippy::unwrap_used, missing_docs)]

fn main() {
    let kind = gongkai::schema::KindDef::from_json(&serde_json::json!({
        "name": "bench_form", "label_zh": "基准测试表单", "label_en": "Benchmark form",
        "fields": [
            { "name": "age", "label_zh": "年龄", "label_en": "Age", "type": "int", "required": true },
            { "name": "country", "label_zh": "国家或地区", "label_en": "Country", "type": "text", "required": true, "options": ["CN", "HK", "MO", "TW"] },
            { "name": "income", "label_zh": "家庭年收入", "label_en": "Household income", "type": "int", "required": true },
            { "name": "household_size", "label_zh": "家庭人数", "label_en": "Household size", "type": "int", "required": true },
            { "name": "consent", "label_zh": "同意信息处理", "label_en": "Consent", "type": "bool", "required": true },
            { "name": "email", "label_zh": "电子邮箱", "label_en": "Email", "type": "text", "required": true }
        ]
    }))
    .unwrap();
    gongkai::schema::define_kind(&kind).unwrap();
    let mut engine = gongkai::Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/rules/form");
    for file in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(file.path()).unwrap();
        engine
            .add_source(&file.path().display().to_string(), &text)
            .unwrap();
    }
    let record = if std::env::var("RECORD").as_deref() == Ok("invalid") {
        serde_json::json!({ "age": 16, "country": "US", "income": 45000, "household_size": 2, "consent": false, "email": "li.ming.example.cn" })
    } else {
        serde_json::json!({ "age": 34, "country": "CN", "income": 38000, "household_size": 2, "consent": true, "email": "li.ming@example.cn" })
    };
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2026-03-02").unwrap());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let start = std::time::Instant::now();
    let mut findings = 0;
    for _ in 0..n {
        findings = engine
            .check("bench_form", &record, &options)
            .unwrap()
            .findings
            .len();
    }
    eprintln!(
        "{findings} findings: {:.2} µs/check",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
