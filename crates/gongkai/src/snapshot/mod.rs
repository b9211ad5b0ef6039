//! The standard rules shipped compiled: their metadata and lowered `check`, so that a page's
//! first check does not wait for rhai to parse them.
//!
//! In the fast WebAssembly module, compiling the 13 catalogue_entry rules was most of the
//! first answer: rhai's parser ran hot enough for V8 to compile it again with its optimising
//! compiler while the page waited (BENCHMARKS.md §4). So the build (`cargo xtask wasm`)
//! compiles and lowers the standard rules natively, from exactly the text the module would
//! embed, writes them with [`write`] and hands the bytes to the crate's build script
//! (`GONGKAI_SNAPSHOT`), which embeds them *instead of* the sources: a snapshot holds each
//! rule's source too, next to its metadata, whose texts it repeats (gzip then stores them
//! once). The module reads each rule instead of compiling it. Nothing is lost: the rule keeps
//! its source, and when rhai has to run it (a lowered run bailed) it is parsed then.
//!
//! The compiled part is trusted only by the build that wrote it: the snapshot records the
//! crate's version and the native functions (names and arities, what its call sites are
//! resolved by). When they differ, every rule is compiled from its source, as without a
//! snapshot.

pub(crate) mod codec;

use crate::compiled;
use crate::natives::Table;
use crate::rule::{Rule, RuleMeta};
use crate::text::Text;
use codec::{In, Out, W};
use std::collections::HashMap;

const MAGIC: &[u8] = b"gongkai snapshot\n";

/// The snapshot of the rules under `rules` (`<pack>/*.rhai`, the files the build script embeds:
/// `build_support/rule_files.rs`), each compacted as a WebAssembly build embeds it
/// (`build_support/compact.rs`): what `cargo xtask wasm` embeds in the fast module.
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
pub fn write_standard(rules: &std::path::Path) -> Result<Vec<u8>, String> {
    let files =
        crate::rule_files::rule_files(rules).map_err(|e| format!("{}: {e}", rules.display()))?;
    let mut texts = Vec::with_capacity(files.len());
    for file in &files {
        let text = std::fs::read_to_string(&file.path)
            .map_err(|e| format!("{}: {e}", file.path.display()))?;
        texts.push(crate::compact::compact_source(&text));
    }
    let sources: Vec<(&str, &str, &str)> = files
        .iter()
        .zip(&texts)
        .map(|(file, text)| (file.pack.as_str(), file.shown.as_str(), text.as_str()))
        .collect();
    write(&sources)
}

/// Compiles and lowers `sources` (pack, path, text) and writes them, sources included, as a
/// snapshot. A rule that is not lowered, or whose program cannot be written, is written as its
/// source alone (it is compiled at run time); one that does not compile is an error.
///
/// Compiled as the WebAssembly module compiles them: without rhai's optimiser. Native builds
/// only: a module reads snapshots, it does not write them.
#[doc(hidden)]
#[cfg(not(target_family = "wasm"))]
pub fn write(sources: &[(&str, &str, &str)]) -> Result<Vec<u8>, String> {
    let calendar =
        std::sync::Arc::new(std::sync::RwLock::new(crate::calendar::Calendar::builtin()));
    let (mut engine, natives) = crate::sandbox::engine(&crate::Limits::default(), calendar, None);
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    let mut bytes = Vec::from(MAGIC);
    bytes.extend(header(&natives));
    let mut out = Out(&mut bytes);
    out.uint(sources.len());
    for &(pack, path, text) in sources {
        let rule = crate::rule::compile(&engine, &natives, path, pack, text).map_err(|d| {
            let why: Vec<String> = d.iter().map(ToString::to_string).collect();
            format!("{path}: {}", why.join("; "))
        })?;
        // A rule whose program cannot be written (a constant of another type, a `switch` case
        // not among its literals) is written as its source: compiled at run time, as before.
        let mut compiled = Vec::new();
        if let Some(program) = rule.lowered_program() {
            write_meta(&rule.meta, &mut Out(&mut compiled));
            if compiled::write(program, &literals(&engine, text), &mut compiled).is_err() {
                compiled.clear();
            }
        }
        for part in [pack, path, text] {
            out.str(part);
        }
        out.bytes(&compiled);
    }
    Ok(bytes)
}

/// The literals of `text` by the hash rhai would key a `switch` case on them with.
///
/// A lowered `switch` keeps its cases by that hash, as rhai does, and the value is gone; but
/// the hash differs from one build to another (rhai's hasher is seeded when it is compiled),
/// so a snapshot holds each case's value, found among the source's literals (a case's value
/// is always a literal), for the reading build to hash.
#[cfg(not(target_family = "wasm"))]
fn literals(engine: &rhai::Engine, text: &str) -> HashMap<u64, rhai::Dynamic> {
    use rhai::{Dynamic, ImmutableString, Token};
    let inputs = [text];
    let (tokens, _) = engine.lex(inputs.iter());
    let mut by_hash = HashMap::new();
    for (token, _) in tokens {
        let values = match token {
            Token::StringConstant(s) => vec![Dynamic::from(ImmutableString::from(s.as_str()))],
            Token::IntegerConstant(n) => vec![Dynamic::from_int(n), Dynamic::from_int(-n)],
            Token::CharConstant(c) => vec![Dynamic::from_char(c)],
            Token::True => vec![Dynamic::TRUE],
            Token::False => vec![Dynamic::FALSE],
            // The stream repeats its end.
            Token::EOF => break,
            _ => continue,
        };
        for v in values {
            by_hash.insert(compiled::switch_hash(&v), v);
        }
    }
    by_hash
}

/// A snapshot: the rules' sources, and where the build that reads it is the one that wrote
/// it, their compiled form.
pub(crate) struct Snapshot {
    /// `(pack, path, text)` of every rule, in order.
    sources: Vec<(&'static str, &'static str, &'static str)>,
    /// The metadata and lowered program of each rule, by path, if trusted.
    compiled: HashMap<&'static str, &'static [u8]>,
}

impl Snapshot {
    /// The snapshot in `bytes`; `None` if they are not one.
    pub(crate) fn open(bytes: &'static [u8], natives: &Table) -> Option<Self> {
        let bytes = bytes.strip_prefix(MAGIC)?;
        let expected = header(natives);
        let trusted = bytes.starts_with(&expected);
        Self::read(&mut In::new(bytes.get(expected.len()..)?), trusted).ok()
    }

    fn read(input: &mut In<'static>, trusted: bool) -> W<Self> {
        let n = input.len()?;
        let mut sources = Vec::with_capacity(n);
        let mut compiled = HashMap::new();
        for _ in 0..n {
            let (pack, path, source) = (input.str()?, input.str()?, input.str()?);
            let code = input.bytes()?;
            sources.push((pack, path, source));
            if trusted && !code.is_empty() {
                compiled.insert(path, code);
            }
        }
        Ok(Self { sources, compiled })
    }

    /// Every rule's `(pack, path, text)`.
    pub(crate) fn sources(&self) -> &[(&'static str, &'static str, &'static str)] {
        &self.sources
    }

    /// The rule at `path` compiled, if the snapshot holds it so and can be trusted with it;
    /// `text` is its source.
    pub(crate) fn rule(&self, path: &str, text: &'static str, natives: &Table) -> Option<Rule> {
        let mut input = In::new(self.compiled.get(path)?);
        let meta = read_meta(&mut input).ok()?;
        let program = compiled::read(&mut input, natives).ok()?;
        Some(Rule::from_snapshot(meta, program, text))
    }
}

/// What a snapshot's compiled part must agree on with the build reading it: the crate's
/// version, and every native function's name and arities, and the readers' (what call sites
/// are resolved by).
fn header(natives: &Table) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut out = Out(&mut bytes);
    out.str(env!("CARGO_PKG_VERSION"));
    out.raw(&natives.fingerprint().to_le_bytes());
    bytes
}

/// A rule's metadata, its texts as they are (a snapshot is read by the build that wrote it).
#[cfg(not(target_family = "wasm"))]
fn write_meta(meta: &RuleMeta, out: &mut Out<'_>) {
    let text = |out: &mut Out<'_>, t: &Text| {
        out.str(&t.zh);
        out.str(&t.en);
    };
    let list = |out: &mut Out<'_>, items: &[String]| {
        out.uint(items.len());
        items.iter().for_each(|i| out.str(i));
    };
    out.str(&meta.id);
    text(out, &meta.title);
    out.byte(meta.severity as u8);
    list(out, &meta.kinds);
    list(out, &meta.fields);
    text(out, &meta.basis);
    out.uint(meta.messages.len());
    for (name, t) in &meta.messages {
        out.str(name);
        text(out, t);
    }
    match &meta.note {
        None => out.byte(0),
        Some(t) => {
            out.byte(1);
            text(out, t);
        }
    }
    out.str(&meta.source);
    out.str(&meta.pack);
}

fn read_meta(input: &mut In<'_>) -> W<RuleMeta> {
    fn string(input: &mut In<'_>) -> W<String> {
        input.str().map(str::to_owned)
    }
    fn both(input: &mut In<'_>) -> W<Text> {
        Ok(Text::new(string(input)?, string(input)?))
    }
    fn list(input: &mut In<'_>) -> W<Vec<String>> {
        (0..input.len()?).map(|_| string(input)).collect()
    }
    let id = string(input)?;
    let title = both(input)?;
    let severity = match input.byte()? {
        0 => crate::Severity::Error,
        1 => crate::Severity::Warning,
        2 => crate::Severity::Info,
        _ => return Err("snapshot severity unknown"),
    };
    let kinds = list(input)?;
    let fields = list(input)?;
    let basis = both(input)?;
    let messages = (0..input.len()?)
        .map(|_| Ok((string(input)?, both(input)?)))
        .collect::<W<_>>()?;
    let note = match input.byte()? {
        0 => None,
        _ => Some(both(input)?),
    };
    Ok(RuleMeta {
        id,
        title,
        severity,
        kinds,
        fields,
        basis,
        messages,
        note,
        source: string(input)?,
        pack: string(input)?,
    })
}

/// FNV-1a: the same on every target (the hashers of std and ahash are not).
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Engine, EngineOptions, date::Date};

    /// The standard packs written as a snapshot (from the sources this build embeds, so the
    /// engine below reads every rule from it).
    fn standard() -> &'static [u8] {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES.get_or_init(|| write(Engine::standard_sources()).expect("the standard rules compile"))
    }

    fn from_snapshot() -> Engine {
        Engine::with_snapshot(&EngineOptions::default(), standard())
    }

    #[test]
    fn every_standard_rule_is_read_from_the_snapshot_with_its_metadata() {
        let compiled = Engine::new().rules_for_test();
        let read = from_snapshot().rules_for_test();
        assert_eq!(read.len(), compiled.len());
        for (a, b) in read.iter().zip(&compiled) {
            assert!(a.is_snapshotted(), "{} compiled from source", a.meta.id);
            assert!(a.parsed().is_none(), "{} parsed", a.meta.id);
            assert_eq!(a.meta, b.meta);
        }
    }

    /// The same reports, record for record: every rule example and every record of
    /// `examples/`, in both languages.
    #[test]
    fn rules_from_the_snapshot_check_as_compiled_ones() {
        let compiled = Engine::new();
        let read = from_snapshot();
        let mut records: Vec<(String, serde_json::Value, Option<String>)> = Vec::new();
        for rule in compiled.rules_for_test() {
            for ex in &rule.examples {
                records.push((ex.kind.clone(), ex.record.clone(), ex.today.clone()));
            }
        }
        for &(file, kind) in crate::testing::EXAMPLE_FILES {
            let path = format!("{}/../../examples/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("example file");
            match serde_json::from_str(&text).expect("example JSON") {
                serde_json::Value::Array(items) => {
                    records.extend(items.into_iter().map(|r| (kind.to_owned(), r, None)))
                }
                one => records.push((kind.to_owned(), one, None)),
            }
        }
        assert!(records.len() > 300, "{} records", records.len());
        let mut findings = 0;
        for (kind, record, today) in &records {
            let today = Date::parse(today.as_deref().unwrap_or("2026-03-02")).expect("date");
            for lang in [crate::Lang::Zh, crate::Lang::En] {
                let options = CheckOptions::new(today).with_lang(lang);
                let a = read
                    .check(kind, record, &options)
                    .map(|r| serde_json::to_value(r).ok());
                let b = compiled
                    .check(kind, record, &options)
                    .map(|r| serde_json::to_value(r).ok());
                assert_eq!(a, b, "{kind} {record}");
                findings += b
                    .ok()
                    .flatten()
                    .and_then(|r| r["findings"].as_array().map(Vec::len))
                    .unwrap_or(0);
            }
        }
        assert!(findings > 300, "{findings} findings");
    }

    /// A snapshot from another build (another version, other native functions) gives the
    /// rules' sources, compiled as usual; damaged bytes are refused without a panic.
    #[test]
    fn only_the_sources_of_a_snapshot_from_another_build_are_used() {
        let engine = Engine::with_options(&EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        let natives = engine.natives();
        let bytes = standard();
        let snapshot = Snapshot::open(bytes, natives).expect("opens");
        let (_, path, text) = Engine::standard_sources()[0];
        assert!(snapshot.rule(path, text, natives).is_some());
        assert_eq!(snapshot.sources(), Engine::standard_sources());

        let mut other: Vec<u8> = bytes.to_vec();
        other[MAGIC.len() + 1] ^= 1; // the version's first character
        let other: &'static [u8] = other.leak();
        let untrusted = Snapshot::open(other, natives).expect("opens");
        assert!(untrusted.rule(path, text, natives).is_none());
        let rules = Engine::with_snapshot(&EngineOptions::default(), other).rules_for_test();
        assert_eq!(rules.len(), Engine::standard_sources().len());
        assert!(rules.iter().all(|r| !r.is_snapshotted()));

        for cut in (0..bytes.len()).step_by(89) {
            let short: &'static [u8] = bytes[..cut].to_vec().leak();
            if let Some(s) = Snapshot::open(short, natives) {
                for &(_, path, text) in s.sources() {
                    let _ = s.rule(path, text, natives);
                }
            }
        }
    }

    /// When a lowered run bails, rhai runs the rule, parsing it first, and gives what it gives
    /// a rule compiled from source: here the error, with its line and column.
    #[test]
    fn a_rule_rhai_must_run_is_parsed_then() {
        let text: &'static str = "const RULE = #{ id: \"ZZZ-001\", severity: \"error\", \
            kinds: [\"document\"], fields: [\"title\"], title: #{ zh: \"比\", en: \"compare\" }, \
            basis: \"测试\", message: #{ zh: \"比\", en: \"compare\" } };\n\
            fn check(record) {\n    if record.title.len() / 0 > 1 { return #{ field: \"title\" }; }\n}\n\
            const EXAMPLES = [];";
        let mut engine = Engine::with_options(&EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        let bytes: &'static [u8] = write(&[("custom", "z.rhai", text)]).expect("writes").leak();
        let rule = Snapshot::open(bytes, engine.natives())
            .and_then(|s| s.rule("z.rhai", text, engine.natives()))
            .expect("read");
        engine.add_source("z.rhai", text).expect("compiles");
        let compiled = engine.rules_for_test().remove(0);
        let kind = crate::schema::kind("document").expect("document");
        let record = crate::record::share(
            crate::record::normalize(kind, &serde_json::json!({"title": "通知"})).value,
        );
        let tag = rhai::Dynamic::UNIT;
        assert!(rule.parsed().is_none());
        let failure = rule
            .run(engine.rhai(), &record, &tag)
            .expect_err("rhai refuses");
        assert!(rule.parsed().is_some(), "parsed to run under rhai");
        assert_eq!(
            Err::<(), _>(failure),
            compiled.run(engine.rhai(), &record, &tag).map(|_| ())
        );
    }
}
