//! `cargo bench -p gongkai`: checking generated records with the standard packs.
//!
//! The records are generated deterministically (a fixed linear congruential sequence), about a
//! third of them faulty, so the rules' failure paths (message rendering, deadline arithmetic)
//! are measured, not just the happy path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use gongkai::date::Date;
use gongkai::{CheckOptions, Engine};
use serde_json::{Value, json};

fn main() {
    divan::main();
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Documents: dates spread over 2018–2025, some late, some with malformed numbers, some
/// needing an interpretation.
pub fn documents(count: usize) -> Vec<Value> {
    let mut r = Lcg(42);
    let start = Date::parse("2018-01-02").unwrap();
    (0..count)
        .map(|i| {
            let written = start.add_days(r.next(2800) as i32);
            let published = written.add_days(r.next(40) as i32);
            let bracket = if r.next(5) == 0 { ("[", "]") } else { ("〔", "〕") };
            let attr = ["主动公开", "主动公开", "主动公开", "依申请公开", "此件公开发布", "不予公开"][r.next(6) as usize];
            let doc_type = ["其他", "其他", "行政规范性文件", "规章"][r.next(4) as usize];
            let mut doc = json!({
                "title": format!("信阳市人民政府办公室关于做好第{i}项工作的通知"),
                "doc_number": format!("信政办{}{}{}{}号", bracket.0, written.year(), bracket.1, 1 + r.next(200)),
                "issuer": "信阳市人民政府办公室",
                "written_date": written.to_string(),
                "publish_date": published.to_string(),
                "disclosure": attr,
                "doc_type": doc_type,
                "status": "有效",
            });
            if doc_type != "其他" {
                doc["interpretation"] = json!({
                    "unit": "信阳市司法局", "author": "市司法局",
                    "publish_date": published.add_days(r.next(7) as i32).to_string(), "linked": r.next(4) != 0,
                });
            }
            if attr != "主动公开" {
                doc["reason"] = json!(["涉及内部事务信息", "", "过程性信息"][r.next(3) as usize]);
            }
            doc
        })
        .collect()
}

#[divan::bench]
fn engine_with_standard_packs() -> Engine {
    Engine::new()
}

#[divan::bench(args = [1, 10_000])]
fn check_documents(bencher: divan::Bencher, n: usize) {
    let engine = Engine::new();
    let records = documents(n);
    let options = CheckOptions::new(Date::parse("2026-01-05").unwrap());
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench_local(|| {
            let mut findings = 0;
            for r in &records {
                findings += engine
                    .check("document", r, &options)
                    .unwrap()
                    .findings
                    .len();
            }
            findings
        });
}
