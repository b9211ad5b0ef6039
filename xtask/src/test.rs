//! `cargo xtask test`: every test the project has, as CI runs it.
//!
//! Formatting, lints, Rust unit/integration/doc tests, the rule packs' examples, the generated
//! rule table, and the core's build for wasm32 (so nothing native-only creeps into it).

use crate::util::{cargo, ensure_wasm_target, run};

pub fn run_all(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace", "--locked"]))?;
    run(cargo().args(["run", "--locked", "-q", "-p", "gongkai-cli", "--", "test"]))?;
    crate::rules_doc::check()?;
    ensure_wasm_target()?;
    run(cargo().args([
        "build",
        "--locked",
        "-p",
        "gongkai",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    println!("\nall tests passed");
    Ok(())
}
