//! `cargo xtask bench batch [--pgo] [LINES]`: the batch benchmark of BENCHMARKS.md §2,
//! reproducible by one command.
//!
//! Writes `target/bench/entries-LINES.jsonl` (default 1,000,000 lines: line `i` is entry
//! `i % 49` of `examples/catalogue.json`, as compact JSON; made once, then reused), then runs the
//! release CLI (with `--pgo`, the profile-guided one of `cargo xtask pgo`) on it under GNU time,
//! the output going to `target/bench/batch-output.txt` as a user's would go to a file, and
//! prints the wall time, the CPU time, the throughput and the peak memory.

use crate::tools;
use crate::util::{cargo, read_json, root, run, write_cycled};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

/// The date the figures of BENCHMARKS.md §2 were measured with.
const TODAY: &str = "2026-03-02";

pub fn run_batch(args: &[String]) -> Result<(), String> {
    let (pgo, args) = match args.split_first() {
        Some((flag, rest)) if flag == "--pgo" => (true, rest),
        _ => (false, args),
    };
    let lines = match args {
        [] => 1_000_000,
        [n] => n
            .replace('_', "")
            .parse()
            .map_err(|_| format!("LINES must be a number of lines, not `{n}`"))?,
        _ => return Err("usage: cargo xtask bench batch [--pgo] [LINES]".to_owned()),
    };
    let cli = if pgo {
        crate::pgo::build()?
    } else {
        run(cargo().args(["build", "--release", "--locked", "-p", "gongkai-cli"]))?;
        root().join("target/release/gongkai")
    };
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let input = dir.join(format!("entries-{lines}.jsonl"));
    if !input.exists() {
        write_entries(&input, lines)?;
    }
    let output = dir.join("batch-output.txt");
    let time = tools::gnu_time()?;
    let out_file = std::fs::File::create(&output)
        .map_err(|e| format!("cannot create {}: {e}", output.display()))?;
    println!(
        "\n==> {} check --kind catalogue_entry --today {TODAY} {} > {}",
        cli.display(),
        input.display(),
        output.display()
    );
    let measured = Command::new(time)
        .args(["-f", "%e %U %S %M"])
        .arg(&cli)
        .args(["check", "--kind", "catalogue_entry", "--today", TODAY])
        .arg(&input)
        .stdout(Stdio::from(out_file))
        .output()
        .map_err(|e| format!("cannot run the CLI under GNU time: {e}"))?;
    // Findings make the CLI exit 1; anything else (2: unreadable input) is a failed run.
    if !matches!(measured.status.code(), Some(0 | 1)) {
        return Err(format!(
            "the CLI failed ({}): {}",
            measured.status,
            String::from_utf8_lossy(&measured.stderr)
        ));
    }
    let stderr = String::from_utf8_lossy(&measured.stderr);
    let figures: Vec<f64> = stderr
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [wall, user, system, peak_kb] = figures[..] else {
        return Err(format!("cannot read GNU time's figures from: {stderr}"));
    };
    let summary = last_line(&output)?;
    let cpu = user + system;
    let n = lines as f64;
    println!("\n| measure | value |\n|---|---:|");
    println!("| machine | {}, {} cores |", cpu_model(), cores());
    println!(
        "| build | {} |",
        if pgo {
            "profile-guided, then BOLT (`cargo xtask pgo`)"
        } else {
            "release"
        }
    );
    println!("| lines | {lines} |");
    println!("| wall time, {} cores | {wall:.2} s |", cores());
    println!("| CPU time | {cpu:.2} s ({user:.2} user + {system:.2} system) |");
    println!(
        "| throughput | {:.0} records/s ({:.0} per CPU-second) |",
        n / wall,
        n / cpu
    );
    println!("| peak resident memory | {:.1} MB |", peak_kb / 1000.0);
    println!("\nthe CLI's summary: {summary}");
    Ok(())
}

/// Writes `lines` lines of catalogue entries, cycling through those of `examples/catalogue.json`.
fn write_entries(path: &Path, lines: usize) -> Result<(), String> {
    let source = root().join("examples/catalogue.json");
    let catalogue = read_json(&source)?;
    let entries: Vec<String> = catalogue
        .get(0)
        .and_then(|c| c.get("entries"))
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{}: no catalogue with entries", source.display()))?
        .iter()
        .map(Value::to_string)
        .collect();
    println!("\n==> writing {} ({lines} lines)", path.display());
    write_cycled(path, &entries, lines)
}

/// The last line of a (large) text file, read from its end.
fn last_line(path: &Path) -> Result<String, String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(len.saturating_sub(4096)))
        .and_then(|_| file.read_to_end(&mut tail))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let tail = String::from_utf8_lossy(&tail);
    Ok(tail
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned())
}

/// The processor's name as Linux gives it (`model name` in `/proc/cpuinfo`), so that a table
/// copied into BENCHMARKS.md says which machine it is from.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .and_then(|rest| rest.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "an unknown processor".to_owned())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
