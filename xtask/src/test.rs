//! `cargo xtask test`: every test the project has, as CI runs it.
//!
//! 1. formatting and lints (native, and the wasm crate for wasm32, with and without the lowered
//!    evaluator);
//! 2. Rust unit, integration and doc tests; the rule packs' examples; the generated rule table;
//! 3. the wasm package: built (its two modules, each with its size gate), its API under Node
//!    (wasm-bindgen-test, both ways; the lowered way with the fast module's snapshot of the
//!    standard rules), the TypeScript declarations (`tsc --noEmit` on a usage file), parity of
//!    both modules with the native core;
//! 4. the browser tests in Debian's headless Chromium.
//!
//! Every tool is installed on the way if missing (wasm32 target, wasm-bindgen-cli at the pinned
//! version, npm packages from the lock file, Chromium), so a fresh clone needs only cargo.

use crate::tools;
use crate::util::{cargo, ensure_wasm_target, root, run};
use std::process::Command;

pub fn run_all(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    ensure_wasm_target()?;
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
    // The wasm crate as both modules build it: under rhai, and with the lowered evaluator.
    for features in [&[][..], &["--features", "lowered"][..]] {
        run(cargo()
            .args([
                "clippy",
                "-p",
                "gongkai-wasm",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--locked",
            ])
            .args(features)
            .args(["--", "-D", "warnings"]))?;
    }
    run(cargo().args(["test", "--workspace", "--locked"]))?;
    run(cargo().args(["build", "--locked", "-p", "gongkai-cli"]))?;
    let gongkai = root().join("target/debug/gongkai");
    run(Command::new(&gongkai).arg("test").current_dir(root()))?;
    crate::rules_doc::check()?;

    crate::wasm::build()?;
    let bindgen = tools::wasm_bindgen()?;
    let runner = bindgen.with_file_name("wasm-bindgen-test-runner");
    // With the lowered evaluator as the fast module is built: its standard rules read from the
    // snapshot `wasm::build` wrote (written natively, read by this other build).
    for (features, snapshot) in [
        (&[][..], None),
        (
            &["--features", "lowered"][..],
            Some(crate::wasm::snapshot_path()),
        ),
    ] {
        let mut test = cargo();
        crate::wasm::with_snapshot(&mut test, snapshot.as_deref());
        run(test
            .args([
                "test",
                "--locked",
                "-p",
                "gongkai-wasm",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args(features)
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner))?;
    }
    let bin = tools::npm_packages()?;
    run(Command::new(bin.join("tsc"))
        .args(["-p", "tests/ts"])
        .current_dir(root()))?;
    run(Command::new("node")
        .arg("tests/parity/parity.mjs")
        .env("GONGKAI_BIN", &gongkai)
        .current_dir(root()))?;

    let chromium = tools::chromium()?;
    run(Command::new("node")
        .arg("tests/browser/run.mjs")
        .env("CHROMIUM", &chromium)
        .env("GONGKAI_BIN", &gongkai)
        .current_dir(root()))?;
    println!("\nall tests passed");
    Ok(())
}
