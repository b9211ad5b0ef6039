//! One-field re-validation of a catalogue entry (`check_field` of `channels`), for profilers.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

fn main() {
    let engine = gongkai::Engine::new();
    let rec = serde_json::json!({"category": "机构职能", "subcategory": "机构设置", "content": "内设机构、下属单位", "basis": "《中华人民共和国政府信息公开条例》第二十条",
      "time_limit": "信息形成或者变更之日起20个工作日内", "subject": "市政府办公室", "channels": ["政府网站", "政务服务中心"],
      "audience": ["全社会"], "mode": "主动", "levels": ["市级"]});
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-02").unwrap());
    let field = std::env::var("FIELD").unwrap_or_else(|_| "channels".into());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let report = engine
        .check_field("catalogue_entry", &rec, &field, &options)
        .unwrap();
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            engine
                .check_field("catalogue_entry", &rec, &field, &options)
                .unwrap(),
        );
    }
    eprintln!(
        "rules {:?}, {} findings: {:.2} µs/check_field",
        report.rules,
        report.findings.len(),
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
