//! `cargo xtask pgo`: the command line built with profile-guided optimisation and laid out by
//! BOLT (BENCHMARKS.md §2).
//!
//! An instrumented build of the CLI checks a training set, `llvm-profdata` merges the profiles it
//! wrote, and the release CLI is built again with them. The compiler then inlines and lays out
//! the checks' code (the lowered evaluator's dispatch, the rule library) by how it ran, which the
//! release build cannot know: a sixth to a fifth less CPU time a record on the batch benchmark
//! (17% in the sixteenth session, 20% in the eighteenth and the nineteenth, BENCHMARKS.md §2).
//! Then BOLT, a post-link optimiser, instruments that program, runs the same training set and
//! lays its machine code out again: the compiler places code one crate at a time and before
//! linking, BOLT across the whole linked program (3% less CPU time again, the twentieth
//! session). The result is `target/pgo/gongkai`, the same program as `target/release/gongkai`
//! with the same output; the build before BOLT stays at `target/pgo/use/release/gongkai`.
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

/// Builds the profile-guided CLI (instrumented build, training, merge, final build, then BOLT)
/// and returns its path.
pub fn build() -> Result<PathBuf, String> {
    let profdata = tools::llvm_profdata()?;
    let (bolt, merge_fdata) = tools::bolt()?;
    let dir = root().join("target/pgo");
    let raw = dir.join("raw");
    let bolt_dir = dir.join("bolt");
    // Profiles of an earlier build would be merged with this one's: start from none.
    for d in [&raw, &bolt_dir] {
        if d.exists() {
            std::fs::remove_dir_all(d)
                .map_err(|e| format!("cannot remove {}: {e}", d.display()))?;
        }
    }
    for d in [&raw, &bolt_dir, &dir.join("train")] {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    let training = training_set(&dir.join("train"))?;

    let instrumented = build_cli(
        &dir.join("gen"),
        &[format!("-Cprofile-generate={}", raw.display())],
    )?;
    train(&instrumented, &training)?;
    let merged = dir.join("merged.profdata");
    run(Command::new(profdata)
        .arg("merge")
        .arg("-o")
        .arg(&merged)
        .arg(&raw))?;
    // Relocations kept in the program, so that BOLT can move whole functions, not only the
    // blocks inside them.
    let optimised = build_cli(
        &dir.join("use"),
        &[
            format!("-Cprofile-use={}", merged.display()),
            "-Clink-arg=-Wl,--emit-relocs".to_owned(),
        ],
    )?;

    // BOLT: the program instrumented again, run on the same training set, and laid out anew.
    let instrumented = bolt_dir.join("gongkai-instrumented");
    run(Command::new(&bolt)
        .arg(&optimised)
        .arg("-instrument")
        .arg(format!(
            "-instrumentation-file={}",
            bolt_dir.join("profile").display()
        ))
        .arg("-instrumentation-file-append-pid")
        .arg("-o")
        .arg(&instrumented)
        .stdout(Stdio::null()))?;
    train(&instrumented, &training)?;
    let profiles = profiles_in(&bolt_dir)?;
    let merged = bolt_dir.join("merged.fdata");
    let merged_file = std::fs::File::create(&merged)
        .map_err(|e| format!("cannot create {}: {e}", merged.display()))?;
    run(Command::new(merge_fdata)
        .args(&profiles)
        .stdout(merged_file))?;
    let cli = dir.join("gongkai");
    run(Command::new(&bolt)
        .arg(&optimised)
        .arg("-o")
        .arg(&cli)
        .arg(format!("-data={}", merged.display()))
        .args(BOLT_LAYOUT)
        .stdout(Stdio::null()))?;
    // The rules' own examples, run by the program as shipped: a layout that broke it fails here.
    run(Command::new(&cli).arg("test").stdout(Stdio::null()))?;
    Ok(cli)
}

/// What BOLT is asked to do: lay out each function's blocks and the functions themselves by how
/// often they ran together, move code that never ran out of the way, and fold identical
/// functions whose address no code takes (much as `cargo-pgo` and rustc's own build use BOLT;
/// −3% CPU time on the batch benchmark on top of the profile-guided build, BENCHMARKS.md §2).
/// Promoting indirect calls and inlining small functions as well (`-indirect-call-promotion=all
/// -inline-small-functions -peepholes=all -plt=hot -frame-opt=hot`) was slower in the same
/// runs, so they are left out. Not `-use-gnu-stack` either: it gives the program header that
/// marks the stack not executable to BOLT's new code, and the program would lose that mark.
const BOLT_LAYOUT: &[&str] = &[
    "-reorder-blocks=ext-tsp",
    "-reorder-functions=cdsort",
    "-split-functions",
    "-split-all-cold",
    "-split-eh",
    "-icf=safe",
];

/// The training set written into `dir`: each example file as JSON Lines, with its kind.
fn training_set(dir: &Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    TRAINING
        .iter()
        .map(|(file, kind)| {
            let lines = dir.join(format!("{kind}.jsonl"));
            write_repeated(&root().join("examples").join(file), &lines)?;
            Ok((*kind, lines))
        })
        .collect()
}

/// Runs `cli` on the training set: the standard rules' examples, then each file of `set`.
fn train(cli: &Path, set: &[(&str, PathBuf)]) -> Result<(), String> {
    run(Command::new(cli).arg("test").stdout(Stdio::null()))?;
    set.iter()
        .try_for_each(|(kind, lines)| check(cli, kind, lines))
}

/// The profiles BOLT's instrumented program wrote into `dir` (one a process, `*.fdata`).
fn profiles_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut profiles: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "fdata"))
        .collect();
    profiles.sort();
    if profiles.is_empty() {
        return Err(format!(
            "BOLT's instrumented program wrote no profile into {}",
            dir.display()
        ));
    }
    Ok(profiles)
}

/// The release CLI built into `target_dir` with `added` added to the compiler's flags (the
/// caller's own flags kept; passed encoded, so a path with spaces stays one flag).
fn build_cli(target_dir: &Path, added: &[String]) -> Result<PathBuf, String> {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(str::to_owned).collect(),
        _ => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    flags.extend_from_slice(added);
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
