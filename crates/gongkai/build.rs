//! Embeds the standard rule packs (`rules/<kind>/*.rhai` at the workspace root) into the crate,
//! so an engine with zero configuration has the full standard rules, natively and in wasm.
//!
//! When building for wasm, each source is embedded without its
//! comments and with an empty `EXAMPLES`: what runs is identical, the download is smaller.
//! Line numbers are kept (comments become empty space), so diagnostics still point at the
//! right line of the file in `rules/`. The full sources, examples included, are tested
//! natively and, through the wasm package, by loading them with `loadRules`. The holiday
//! calendar's text is copied the same way, its comment lines left empty for wasm.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[path = "build_support/compact.rs"]
mod compact;
use compact::compact_source;

#[path = "build_support/rule_files.rs"]
mod rule_files;
use rule_files::rule_files;

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = manifest.join("../../rules");
    // A directory: cargo reruns when anything in it changes.
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = rule_files(&rules).unwrap_or_default();
    let mut out =
        String::from("/// The standard packs: (pack, path relative to the workspace, source).\n");
    out.push_str("pub(crate) static STANDARD_RULES: &[(&str, &str, &str)] = &[\n");
    let wasm = env::var("CARGO_CFG_TARGET_FAMILY").is_ok_and(|f| f.split(',').any(|f| f == "wasm"));
    let lowered = lowered(wasm);
    let compact = wasm;
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default());
    // A snapshot holds the standard rules' sources itself.
    if snapshot(&out_dir, wasm && lowered) {
        files.clear();
    }
    for rule_files::RuleFile { pack, shown, path } in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        if compact {
            let text = fs::read_to_string(path).unwrap_or_default();
            let _ = writeln!(
                out,
                "    ({pack:?}, {shown:?}, {:?}),",
                compact_source(&text)
            );
        } else {
            let abs = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let _ = writeln!(
                out,
                "    ({pack:?}, {shown:?}, include_str!({:?})),",
                abs.display().to_string()
            );
        }
    }
    out.push_str("];\n");
    let dest = out_dir.join("standard_rules.rs");
    if let Err(e) = fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
    calendar(&manifest.join("data/holiday-cn.txt"), &out_dir, compact);
}

/// `cfg(gongkai_snapshot)`: the file `GONGKAI_SNAPSHOT` names holds the standard rules,
/// sources and compiled form (`src/snapshot/`; `cargo xtask wasm` writes it for the fast
/// module), and is embedded in place of the sources. Only in a WebAssembly build with the
/// lowered evaluator, which is what it holds (a native build keeps the full sources, examples
/// and all). Whether it is embedded.
fn snapshot(out_dir: &Path, wanted: bool) -> bool {
    println!("cargo::rustc-check-cfg=cfg(gongkai_snapshot)");
    println!("cargo:rerun-if-env-changed=GONGKAI_SNAPSHOT");
    let Some(path) = env::var_os("GONGKAI_SNAPSHOT").filter(|p| !p.is_empty()) else {
        return false;
    };
    if !wanted {
        return false;
    }
    let path = PathBuf::from(path);
    println!("cargo:rerun-if-changed={}", path.display());
    match fs::copy(&path, out_dir.join("standard.snapshot")) {
        Ok(_) => {
            println!("cargo::rustc-cfg=gongkai_snapshot");
            true
        }
        Err(e) => {
            println!(
                "cargo::error=cannot read GONGKAI_SNAPSHOT {}: {e}",
                path.display()
            );
            false
        }
    }
}

/// `cfg(gongkai_lowered)`: the lowered evaluator (`src/compiled`) is built. Always natively; in
/// a WebAssembly build only with the `lowered` feature, as it costs the module ≈ 41 KB gzip
/// (BENCHMARKS.md §3). One name for the condition, so the code never repeats it.
fn lowered(wasm: bool) -> bool {
    println!("cargo::rustc-check-cfg=cfg(gongkai_lowered)");
    let lowered = !wasm || env::var_os("CARGO_FEATURE_LOWERED").is_some();
    if lowered {
        println!("cargo::rustc-cfg=gongkai_lowered");
    }
    lowered
}

/// The holiday calendar's text as the crate embeds it (`calendar::BUILTIN_TEXT`): for wasm,
/// its comment lines left empty (the header that explains the format to people: ≈ 0.4 KB of the
/// gzipped module); the line numbers stay those of the committed file. The data's licence
/// ships beside the module (`cargo xtask wasm`), not in it.
fn calendar(source: &Path, out_dir: &Path, compact: bool) {
    println!("cargo:rerun-if-changed={}", source.display());
    let text = match fs::read_to_string(source) {
        Ok(text) => text,
        // Never a build with an empty calendar.
        Err(e) => {
            println!("cargo::error=cannot read {}: {e}", source.display());
            return;
        }
    };
    let text = if compact {
        text.lines()
            .map(|l| if l.starts_with('#') { "" } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        text
    };
    let dest = out_dir.join("holiday-cn.txt");
    if let Err(e) = fs::write(&dest, text) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
