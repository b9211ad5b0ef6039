//! `cargo xtask pgo`: the command line built with profile-guided optimisation (BENCHMARKS.md §2).
//!
//! An instrumented build of the CLI checks a training set, `llvm-profdata` merges the profiles it
//! wrote, and the release CLI is built again with them. The compiler then inlines and lays out
//! the checks' code (the lowered evaluator's dispatch, the rule library) by how it ran, which the
//! release build cannot know: a sixth to a fifth less CPU time a record on the batch benchmark
//! (17% in the sixteenth session, 20% in the eighteenth and the nineteenth, BENCHMARKS.md §2).
//! The result is `target/pgo/gongkai`, the same program as `target/release/gongkai` with the
//! same output.
//!
//! The training set is what users' runs are made of without being the benchmark's records: the
//! standard rules' own examples (`gongkai test`) and the example records in `examples/` of every
//! kind but `catalogue` (`catalogue.json`, whose entries the batch benchmark checks), so that the
//! benchmark measures records the profile never saw. Each file is checked as JSON Lines, its
//! records repeated so that the checks, not starting the program, make up the profile.

use crate::tools;
use crate::util::{cargo, read_json, root, run, run_allowing, write_cycled};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The example files of the training set and the kind of their records.
const TRAINING: &[(&str, &str)] = &[
    ("applications.json", "application"),
    ("catalogue_entries.json", "catalogue_entry"),
    ("documents.json", "document"),
    ("enterprise_disclosures.json", "enterprise_disclosure"),
    ("opinion_events.json", "opinion_event"),
    ("proposal_replies.json", "proposal_reply"),
    ("publications.json", "publication"),
];

/// How many times each training file's records are checked.
const REPEAT: usize = 300;

pub fn run_pgo(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask pgo".to_owned());
    }
    let cli = build()?;
    println!("\nthe profile-guided CLI: {}", cli.display());
    Ok(())
}

/// Builds the profile-guided CLI (instrumented build, training, merge, final build) and returns
/// its path.
pub fn build() -> Result<PathBuf, String> {
    let profdata = tools::llvm_profdata()?;
    let dir = root().join("target/pgo");
    let raw = dir.join("raw");
    // Profiles of an earlier build would be merged with this one's: start from none.
    if raw.exists() {
        std::fs::remove_dir_all(&raw)
            .map_err(|e| format!("cannot remove {}: {e}", raw.display()))?;
    }
    for d in [&raw, &dir.join("train")] {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }

    let instrumented = build_cli(
        &dir.join("gen"),
        &format!("-Cprofile-generate={}", raw.display()),
    )?;
    run(Command::new(&instrumented)
        .arg("test")
        .stdout(Stdio::null()))?;
    for (file, kind) in TRAINING {
        let lines = dir.join("train").join(format!("{kind}.jsonl"));
        write_repeated(&root().join("examples").join(file), &lines)?;
        check(&instrumented, kind, &lines)?;
    }

    let merged = dir.join("merged.profdata");
    run(Command::new(profdata)
        .arg("merge")
        .arg("-o")
        .arg(&merged)
        .arg(&raw))?;
    let optimised = build_cli(
        &dir.join("use"),
        &format!("-Cprofile-use={}", merged.display()),
    )?;
    let cli = dir.join("gongkai");
    std::fs::copy(&optimised, &cli).map_err(|e| {
        format!(
            "cannot copy {} to {}: {e}",
            optimised.display(),
            cli.display()
        )
    })?;
    Ok(cli)
}

/// The release CLI built into `target_dir` with `flag` added to the compiler's flags (the
/// caller's own flags kept; passed encoded, so a path with spaces stays one flag).
fn build_cli(target_dir: &Path, flag: &str) -> Result<PathBuf, String> {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    flags.push(flag.to_owned());
    run(cargo()
        .args([
            "build",
            "--release",
            "--locked",
            "-p",
            "gongkai-cli",
            "--target-dir",
        ])
        .arg(target_dir)
        .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"))
        .env_remove("RUSTFLAGS"))?;
    Ok(target_dir.join("release/gongkai"))
}

/// Checks the JSON Lines of `lines` as records of `kind`; findings (exit status 1) are expected.
fn check(cli: &Path, kind: &str, lines: &Path) -> Result<(), String> {
    run_allowing(
        Command::new(cli)
            .args(["check", "--kind", kind, "--today", "2026-03-02"])
            .arg(lines)
            .stdout(Stdio::null()),
        &[0, 1],
    )
}

/// Writes the records of the JSON array in `source` to `target` as JSON Lines, [`REPEAT`] times.
fn write_repeated(source: &Path, target: &Path) -> Result<(), String> {
    let Value::Array(records) = read_json(source)? else {
        return Err(format!("{}: not a JSON array of records", source.display()));
    };
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    write_cycled(target, &lines, lines.len() * REPEAT)
}
