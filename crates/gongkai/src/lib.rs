//! # gongkai (公开)
//!
//! An embeddable rules engine for government information disclosure (政务公开 /
//! 政府信息公开). Rules are [rhai](https://rhai.rs) scripts that cite their legal basis; the
//! engine evaluates them over JSON records, natively (the `gongkai` CLI, batch audits) and in
//! WebAssembly (checks in the browser, next to the form fields).
//!
//! ```
//! use gongkai::{CheckOptions, Engine, date::Date};
//! use serde_json::json;
//!
//! let engine = Engine::new(); // the standard rule packs, compiled in
//! let report = engine.check(
//!     "publication",
//!     &json!({"title": "2018年第三季度低保公示", "category": "其他",
//!             "body": "张三，身份证号11010519491231002X，保障人口2人"}),
//!     &CheckOptions::new(Date::parse("2018-10-08")?),
//! )?;
//! assert_eq!(&*report.findings[0].rule, "PUB-001");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The modules, from the bottom up: [`date`] and [`calendar`] (working days with 调休),
//! [`formats`] (GB 11643, GB 32100, GB/T 9704 and friends), [`schema`] and [`record`] (the
//! record kinds and their normalisation), [`rule`] (the rule file format), and [`Engine`];
//! [`json`] reads JSON input (records, options, kind definitions) with positions in its errors.

// Natively always; in WebAssembly only with the `lowered` feature (the fast module): its code
// costs ≈ 41 KB of the gzipped module, more than the default module's size budget leaves
// (BENCHMARKS.md §3), so rules there run under rhai. `gongkai_lowered` is set by build.rs.
#[cfg(gongkai_lowered)]
mod compiled;
mod dynamic;
mod engine;
mod errors;
mod examples;
mod library;
#[cfg(feature = "lint")]
mod lint;
mod lookup;
mod natives;
mod recent;
mod rule_set;
mod sandbox;
#[cfg(gongkai_lowered)]
#[doc(hidden)]
pub mod snapshot;
mod stdlib;

/// Helpers shared by the unit tests.
#[cfg(test)]
mod testing {
    /// The files of `examples/` and the kind of their records.
    pub(crate) const EXAMPLE_FILES: &[(&str, &str)] = &[
        ("documents.json", "document"),
        ("catalogue_entries.json", "catalogue_entry"),
        ("enterprise_disclosures.json", "enterprise_disclosure"),
        ("opinion_events.json", "opinion_event"),
        ("proposal_replies.json", "proposal_reply"),
        ("publications.json", "publication"),
        ("applications.json", "application"),
        ("catalogue.json", "catalogue"),
    ];

    /// A deterministic pseudo-random sequence for generated test inputs (no dependency: a
    /// linear congruential generator is enough here).
    pub(crate) struct Lcg(pub(crate) u64);

    impl Lcg {
        /// The next number in `0..n`.
        pub(crate) fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    /// `count` texts of fewer than `max_len` characters drawn from `alphabet`, the same on
    /// every run: the inputs of the text parsers' never-panic tests. Each step of a xorshift
    /// sequence gives a text its length and seeds an [`Lcg`] for its characters, so two texts
    /// of the same length still differ.
    pub(crate) fn random_texts(
        alphabet: &str,
        seed: u64,
        count: usize,
        max_len: u64,
    ) -> impl Iterator<Item = String> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let n = alphabet.len() as u64;
        let mut seed = seed;
        (0..count).map(move |_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut chars = Lcg(seed);
            (0..seed % max_len)
                .filter_map(|_| alphabet.get(chars.next(n) as usize).copied())
                .collect()
        })
    }
}

// The build script's rule compaction: tested with the crate, and used natively to write the
// fast module's snapshot of the standard rules from the text the module embeds.
#[cfg(not(target_family = "wasm"))]
#[path = "../build_support/compact.rs"]
mod compact;
// The build script's list of rule files, for the same reason.
#[cfg(not(target_family = "wasm"))]
#[path = "../build_support/rule_files.rs"]
mod rule_files;

pub mod calendar;
pub mod csv;
pub mod date;
pub mod finding;
pub mod formats;
pub mod json;
pub mod record;
pub mod rule;
pub mod schema;
pub mod text;

pub use engine::{
    CheckError, CheckOptions, Engine, EngineOptions, EvalError, Issue, Loaded, Report, TestCase,
    TestReport,
};
pub use errors::RhaiFailure;
pub use finding::{Diagnostic, Finding, Location, Severity};
pub use rule::RuleMeta;
pub use sandbox::{Clock, Limits};
pub use text::{Lang, Text};
