//! `cargo bench -p gongkai`: checking generated records with the standard packs.
//!
//! The records are generated deterministically (a fixed linear congruential sequence), about a
//! third of them faulty, so the rules' failure paths (message rendering, deadline arithmetic)
//! are measured, not just the happy path.
//!
//! The benches run on the allocator of the batch (`gongkai check`), mimalloc, since the
//! per-core figure stands for the batch; `RUSTFLAGS="--cfg gongkai_system_allocator"` times
//! them on the system allocator instead, as a library caller without a choice of its own gets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use gongkai::date::Date;
use gongkai::{CheckOptions, Engine};
use serde_json::{Value, json};

#[cfg(not(gongkai_system_allocator))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    agreement();
    divan::main();
}

/// Before timing: the floor and the structural rules must agree on which duties each entry
/// violates, or the ratio would compare different work.
fn agreement() {
    let engine = structural_engine();
    let options = CheckOptions::new(Date::parse("2026-03-02").unwrap());
    for (i, e) in catalogue_entries().iter().enumerate() {
        let mut by_engine: Vec<String> = engine
            .check("catalogue_entry", e, &options)
            .unwrap()
            .findings
            .into_iter()
            .map(|f| f.rule.to_string())
            .collect();
        by_engine.dedup();
        let by_floor: Vec<String> = floor::check(e).into_iter().map(str::to_owned).collect();
        assert_eq!(
            by_engine, by_floor,
            "entry {i} ({e}): the floor and the rules disagree"
        );
    }
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

/// The catalogue entries of examples/catalogue.json and examples/catalogue_entries.json.
fn catalogue_entries() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    let cat: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}catalogue.json")).unwrap())
            .unwrap();
    let cat = if cat.is_array() { cat[0].clone() } else { cat };
    let mut entries = cat["entries"].as_array().unwrap().clone();
    let more: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}catalogue_entries.json")).unwrap(),
    )
    .unwrap();
    entries.extend(more.as_array().unwrap().iter().cloned());
    entries
}

/// The standard rules that cover the structural duties the floor implements.
const STRUCTURAL: &[&str] = &[
    "CAT-001", "CAT-005", "CAT-007", "CAT-008", "CAT-009", "CAT-010",
];

fn structural_engine() -> Engine {
    let mut engine = Engine::new();
    let others: Vec<String> = engine
        .rules()
        .into_iter()
        .map(|r| r.id)
        .filter(|id| !STRUCTURAL.contains(&id.as_str()))
        .collect();
    for id in others {
        engine.remove_rule(&id);
    }
    engine
}

/// The floor: the same structural duties, hand-written in Rust (no rule language, no
/// normalisation, no messages), so the cost of the rule language is a ratio.
mod floor {
    use gongkai::formats::parse_time_limit;
    use gongkai::schema::{CHANNELS, LEVELS, vocab};
    use serde_json::Value;

    fn blank(v: Option<&Value>) -> bool {
        match v {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(Value::Array(a)) => a.iter().all(|x| blank(Some(x))),
            _ => false,
        }
    }

    /// Standard options and the synonyms the schema lists (the rules leave those to CAT-013).
    fn accepted(s: &str, vocab: &[&str], synonyms: &[(&str, &str)]) -> bool {
        let s = s.trim();
        s.is_empty()
            || vocab.contains(&s)
            || synonyms.iter().any(|(from, _)| *from == s)
            || s.starts_with("其他")
    }

    fn outside(v: Option<&Value>, vocab: &[&str], synonyms: &[(&str, &str)]) -> bool {
        v.and_then(Value::as_array).is_some_and(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .any(|s| !accepted(s, vocab, synonyms))
        })
    }

    /// A 《title》 ending in 法 (not 办法), 条例 or 规定, other than the regulation itself.
    fn cites_special_law(basis: &str) -> bool {
        basis
            .split('《')
            .skip(1)
            .filter_map(|rest| rest.split_once('》').map(|(t, _)| t))
            .any(|t| {
                let t = t.split(['（', '(']).next().unwrap_or(t).trim();
                ((t.ends_with('法') && !t.ends_with("办法"))
                    || t.ends_with("条例")
                    || t.ends_with("规定"))
                    && !t.contains("政府信息公开条例")
            })
    }

    fn over_20_workdays(clause: &str) -> bool {
        use gongkai::formats::{TimeLimitKind, TimeUnit};
        match parse_time_limit(clause.trim()).map(|p| p.kind) {
            Ok(TimeLimitKind::Within { amount, unit }) => match unit {
                TimeUnit::WorkingDays => amount > 20,
                TimeUnit::Days => amount > 28,
                TimeUnit::Months | TimeUnit::Years => true,
                TimeUnit::Hours => false,
            },
            _ => false,
        }
    }

    /// The ids of the violated duties, as the engine's rules name them.
    pub fn check(entry: &Value) -> Vec<&'static str> {
        let mut out = Vec::new();
        let required = [
            "category",
            "content",
            "basis",
            "time_limit",
            "subject",
            "channels",
            "audience",
            "mode",
            "levels",
        ];
        if required.iter().any(|f| blank(entry.get(*f))) {
            out.push("CAT-001");
        }
        let basis = entry
            .get("basis")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(limit) = entry.get("time_limit").and_then(Value::as_str)
            && !cites_special_law(basis)
            && limit.split(['；', ';', '。']).any(over_20_workdays)
        {
            out.push("CAT-005");
        }
        if outside(entry.get("channels"), CHANNELS, vocab::CHANNELS) {
            out.push("CAT-007");
        }
        if outside(
            entry.get("audience"),
            &["全社会", "特定群体"],
            vocab::AUDIENCE,
        ) {
            out.push("CAT-008");
        }
        if entry
            .get("mode")
            .and_then(Value::as_str)
            .is_some_and(|m| !accepted(m, &["主动", "依申请"], vocab::MODE))
        {
            out.push("CAT-009");
        }
        if outside(entry.get("levels"), LEVELS, vocab::LEVELS) {
            out.push("CAT-010");
        }
        out
    }
}

/// Checks every example catalogue entry with `engine`, counting findings (so nothing is
/// optimised away).
fn bench_catalogue(bencher: divan::Bencher, engine: &Engine) {
    let entries = catalogue_entries();
    let options = CheckOptions::new(Date::parse("2026-03-02").unwrap());
    bencher
        .counter(divan::counter::ItemsCount::new(entries.len()))
        .bench_local(|| {
            entries
                .iter()
                .map(|e| {
                    engine
                        .check("catalogue_entry", e, &options)
                        .unwrap()
                        .findings
                        .len()
                })
                .sum::<usize>()
        });
}

#[divan::bench]
fn catalogue_entry_structural_rules(bencher: divan::Bencher) {
    bench_catalogue(bencher, &structural_engine());
}

#[divan::bench]
fn catalogue_entry_structural_floor(bencher: divan::Bencher) {
    let entries = catalogue_entries();
    bencher
        .counter(divan::counter::ItemsCount::new(entries.len()))
        .bench_local(|| entries.iter().map(|e| floor::check(e).len()).sum::<usize>());
}

#[divan::bench]
fn catalogue_entry_all_standard_rules(bencher: divan::Bencher) {
    bench_catalogue(bencher, &Engine::new());
}
