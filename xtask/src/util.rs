//! Shared helpers: the workspace root, running commands, idempotent tool installs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// The `cargo` that runs this xtask, so nested builds use the same toolchain.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs `cmd`, echoing it first; fails with the command line when it does not succeed.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    run_allowing(cmd, &[0])
}

/// [`run`] for a command whose exit status may be any of `codes` (`gongkai check` exits 1 when
/// it finds errors, which is what checking sample records is expected to do).
pub fn run_allowing(cmd: &mut Command, codes: &[i32]) -> Result<(), String> {
    let shown = format!("{cmd:?}").replace('"', "");
    println!("\n==> {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    match status.code() {
        Some(code) if codes.contains(&code) => Ok(()),
        _ => Err(format!("`{shown}` failed ({status})")),
    }
}

/// Runs `cmd` and returns its standard output.
pub fn output(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}").replace('"', "");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{shown}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("`{shown}` printed non-UTF-8: {e}"))
}

/// Installs the wasm32 target if it is missing (idempotent: rustup does nothing the second time).
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The JSON value in the file at `path`.
pub fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `total` lines to `path`, cycling through `lines` (JSON Lines for the benchmark and
/// the profile-guided build's training). Written to `PATH.partial` and renamed when complete,
/// so an interrupted run is not mistaken for the file next time.
pub fn write_cycled(path: &Path, lines: &[String], total: usize) -> Result<(), String> {
    use std::io::{BufWriter, Write};
    let partial = PathBuf::from(format!("{}.partial", path.display()));
    let file = std::fs::File::create(&partial)
        .map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
    let mut out = BufWriter::new(file);
    for line in lines.iter().cycle().take(total) {
        writeln!(out, "{line}").map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    }
    out.flush()
        .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("cannot rename {}: {e}", partial.display()))
}

/// The files under `dir`, at any depth, whose extension is one of `exts`, sorted.
pub fn files_with(dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>, String> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                walk(&path, exts, out)?;
            } else if path
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e == *x))
            {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, exts, &mut out)?;
    out.sort();
    Ok(out)
}
