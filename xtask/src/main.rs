//! `cargo xtask`: the workspace's build and test automation.
//!
//! Usage: `cargo xtask <command> [args…]`. Each command lives in its own module and returns
//! `Result<(), String>`; the message is printed and the process exits with status 1.

use std::process::ExitCode;

mod batch;
mod bench;
mod calendar;
mod compress;
mod demo;
mod pgo;
mod rules_doc;
mod serve;
mod test;
mod tools;
mod util;
mod wasm;

const USAGE: &str = "\
usage: cargo xtask <command> [args...]

commands:
  test                    run every test (formatting, lints, Rust tests, rule examples, wasm build)
  wasm                    build the WebAssembly package into www/pkg/ (size budget enforced),
                          with a Brotli (.br) and a gzip (.gz) copy beside each .wasm and .js
  demo [--addr ADDR]      serve the demo portal in www/ on http://127.0.0.1:8080
  rules-doc               regenerate the table of rules in rules/README.md
  bench                   benchmarks: the peer comparison under Node (bench/run.mjs, writes
                          bench/results.md), the browser timings in headless Chromium
                          (bench/browser.mjs), page loads on throttled mobile connections
                          (bench/page-load.mjs) and the Rust benchmarks (cargo bench)
  bench batch [--pgo] [LINES]
                          the CLI on LINES (default 1,000,000) JSON Lines catalogue entries,
                          with wall and CPU time and peak memory (BENCHMARKS.md section 2);
                          --pgo: the profile-guided CLI of `cargo xtask pgo`
  pgo                     build the CLI with profile-guided optimisation, then BOLT, into
                          target/pgo/gongkai (installs Debian's llvm-N and bolt-N if missing)
  calendar [SOURCE_DIR]   convert holiday-cn JSON files (default: ../shared/data/holiday-cn,
                          relative to the workspace root) into crates/gongkai/data/holiday-cn.txt
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let result = match command.as_deref() {
        Some("calendar") => calendar::run(&rest),
        Some("test") => test::run_all(&rest),
        Some("demo") => demo::run(&rest),
        Some("wasm") => wasm::run_build(&rest),
        Some("rules-doc") => rules_doc::write(&rest),
        Some("bench") => bench::run(&rest),
        Some("pgo") => pgo::run_pgo(&rest),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
