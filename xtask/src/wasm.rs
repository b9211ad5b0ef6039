//! `cargo xtask wasm`: builds the WebAssembly package into `www/pkg/`: `gongkai.js` (ES module,
//! web target), `gongkai_bg.wasm` (optimised with binaryen's `wasm-opt -Oz`) and `gongkai.d.ts`.
//! Prints the raw and gzip sizes and fails over the size budget.

use crate::tools;
use crate::util::{cargo, ensure_wasm_target, root, run};
use std::process::Command;

/// The size gate for `gongkai_bg.wasm` with the standard packs and the calendar inside,
/// gzip -9. The product target is 300 KB (issue 4) and 250 KB (issue 5); the module is not
/// there yet (see BENCHMARKS.md for the breakdown: the rhai engine alone is about 250 KB), so
/// this gate holds the measured size against regressions until it is.
pub const BUDGET_GZIP: u64 = 375 * 1024;

/// The wasm features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept
/// exactly these (and introduce no others).
const FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn run_build(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask wasm".to_owned());
    }
    build()
}

pub fn build() -> Result<(), String> {
    ensure_wasm_target()?;
    let bindgen = tools::wasm_bindgen()?;
    let npm_bin = tools::npm_packages()?;
    run(cargo().args([
        "build",
        "--locked",
        "-p",
        "gongkai-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let root = root();
    let input = root.join("target/wasm32-unknown-unknown/wasm-release/gongkai_wasm.wasm");
    let pkg = root.join("www/pkg");
    run(Command::new(&bindgen)
        .args(["--target", "web", "--out-name", "gongkai", "--out-dir"])
        .arg(&pkg)
        .arg(&input))?;
    let wasm = pkg.join("gongkai_bg.wasm");
    run(Command::new(npm_bin.join("wasm-opt"))
        .arg("-Oz")
        .args(FEATURES)
        .arg("--strip-debug")
        .arg("--strip-producers")
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;
    let raw = std::fs::metadata(&wasm)
        .map_err(|e| format!("{}: {e}", wasm.display()))?
        .len();
    let gzip = gzip_size(&wasm)?;
    println!(
        "\nwww/pkg/gongkai_bg.wasm: {} bytes raw, {} bytes gzip -9 ({:.1} KB; budget {} KB)",
        raw,
        gzip,
        gzip as f64 / 1024.0,
        BUDGET_GZIP / 1024
    );
    if gzip > BUDGET_GZIP {
        return Err(format!(
            "gongkai_bg.wasm is {gzip} bytes gzipped, over the budget of {BUDGET_GZIP}"
        ));
    }
    Ok(())
}

/// Size of the file compressed with `gzip -9`, as a server would send it.
pub fn gzip_size(path: &std::path::Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip failed on {}", path.display()));
    }
    Ok(out.stdout.len() as u64)
}
