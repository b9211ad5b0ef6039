//! Cost of rule calls: N copies of a trivial rule over one catalogue entry (for profilers).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

fn main() {
    let mut engine = gongkai::Engine::with_options(&gongkai::EngineOptions {
        standard_rules: false,
        ..Default::default()
    });
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);
    let body = std::env::args().nth(2).unwrap_or_else(|| "()".into());
    for i in 0..copies {
        engine
            .add_source(
                "t.rhai",
                &format!(r#"const RULE = #{{ id: "T-{i:03}", title: #{{zh: "t", en: "t"}}, severity: "info", kinds: ["catalogue_entry"],
                   fields: ["category", "channels"], basis: "b", message: #{{zh: "m", en: "m"}} }};
                   fn check(record) {{ {body} }}
                   const EXAMPLES = [];"#),
            )
            .unwrap();
    }
    let rec = serde_json::json!({"category": "机构职能", "subcategory": "机构设置", "content": "内设机构、下属单位", "basis": "《中华人民共和国政府信息公开条例》第二十条",
      "time_limit": "信息形成或者变更之日起20个工作日内", "subject": "市政府办公室", "channels": ["政府网站", "政务服务中心"],
      "audience": ["全社会"], "mode": "主动", "levels": ["市级"]});
    let options = gongkai::CheckOptions::new(gongkai::date::Date::parse("2020-01-02").unwrap());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let start = std::time::Instant::now();
    for _ in 0..n {
        engine.check("catalogue_entry", &rec, &options).unwrap();
    }
    eprintln!(
        "{copies} rules: {:.2} µs/check",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
