//! `cargo xtask bench`: every benchmark the project has.
//!
//! 1. the wasm package, built as `cargo xtask wasm` builds it;
//! 2. the peer benchmark under Node (`bench/run.mjs`): gongkai's wasm package against
//!    json-rules-engine, datalogic, ZEN, Cedar, json-logic-engine and ajv, at the versions pinned
//!    in `bench/package-lock.json` (installed with `npm ci` unless already there); it writes
//!    `bench/results.md` and `bench/results.json`;
//! 3. cold start and per-check timings in headless Chromium (`bench/browser.mjs`);
//! 4. a page's load to its first answer on throttled mobile connections, for each module sent
//!    as Brotli, as gzip and bare (`bench/page-load.mjs`);
//! 5. the Rust benchmarks of the core (`cargo bench -p gongkai --bench check`).
//!
//! `cargo xtask bench batch [--pgo] [LINES]` runs the batch benchmark alone (`batch.rs`): the CLI on a
//! million JSON Lines. It is not part of the full run: it writes half a gigabyte of input.

use crate::tools;
use crate::util::{cargo, root, run as exec};
use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some((first, rest)) = args.split_first()
        && first == "batch"
    {
        return crate::batch::run_batch(rest);
    }
    if !args.is_empty() {
        return Err("usage: cargo xtask bench [batch [--pgo] [LINES]]".to_owned());
    }
    crate::wasm::build()?;
    let root = root();
    tools::npm_packages_in(&root.join("bench"))?;
    exec(Command::new("node").arg("bench/run.mjs").current_dir(&root))?;
    let chromium = tools::chromium()?;
    for script in ["bench/browser.mjs", "bench/page-load.mjs"] {
        exec(
            Command::new("node")
                .arg(script)
                .env("CHROMIUM", &chromium)
                .current_dir(&root),
        )?;
    }
    exec(cargo().args(["bench", "--locked", "-p", "gongkai", "--bench", "check"]))?;
    println!("\nbenchmarks done; the peer comparison is in bench/results.md");
    Ok(())
}
