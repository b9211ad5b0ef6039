//! `cargo xtask calendar [SOURCE_DIR]`: converts the holiday-cn data into the committed calendar.
//!
//! Reads every `YYYY.json` in SOURCE_DIR (a checkout or copy of NateScarlet/holiday-cn; default
//! `../shared/data/holiday-cn` relative to the workspace root) and writes:
//!
//! - `crates/gongkai/data/holiday-cn.txt`: the converted notices, via
//!   `gongkai::calendar::holiday_cn_to_text` (the same function the crate's up-to-date test runs);
//! - `crates/gongkai/data/holiday-cn.LICENSE`: the MIT licence of the data;
//! - `crates/gongkai/tests/data/holiday-cn/`: verbatim copies of the JSON files, `LICENSE` and
//!   `SOURCE.md`, against which the tests check the converted file.
//!
//! Output is sorted and written only when it changed, so the command is deterministic and
//! idempotent.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's directory).
fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// Is `name` a holiday-cn year file, `YYYY.json`?
fn is_year_file(name: &str) -> bool {
    name.strip_suffix(".json")
        .is_some_and(|stem| stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `contents` to `path` unless it already holds exactly that; says what it did.
fn write_if_changed(path: &Path, contents: &[u8], root: &Path) -> Result<(), String> {
    let shown = path.strip_prefix(root).unwrap_or(path).display();
    if fs::read(path).is_ok_and(|old| old == contents) {
        println!("unchanged {shown}");
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote     {shown}");
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Runs the command with the arguments after `calendar`.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let source = match args {
        [] => root.join("../shared/data/holiday-cn"),
        [dir] => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask calendar [SOURCE_DIR]".to_owned()),
    };

    let entries =
        fs::read_dir(&source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        if let Some(name) = entry.file_name().to_str().filter(|n| is_year_file(n)) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    if names.is_empty() {
        return Err(format!("no YYYY.json files in {}", source.display()));
    }

    let mut jsons = Vec::new();
    for name in &names {
        let path = source.join(name);
        let text = String::from_utf8(read(&path)?)
            .map_err(|_| format!("{} is not UTF-8", path.display()))?;
        jsons.push((name.clone(), text));
    }
    let files: Vec<(&str, &str)> = jsons
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let text = gongkai::calendar::holiday_cn_to_text(&files).map_err(|e| e.to_string())?;
    let licence = read(&source.join("LICENSE"))?;

    let data = root.join("crates/gongkai/data");
    write_if_changed(&data.join("holiday-cn.txt"), text.as_bytes(), &root)?;
    write_if_changed(&data.join("holiday-cn.LICENSE"), &licence, &root)?;

    // Verbatim copies for the tests, which must run from a clean clone.
    let fixtures = root.join("crates/gongkai/tests/data/holiday-cn");
    for (name, json) in &jsons {
        write_if_changed(&fixtures.join(name), json.as_bytes(), &root)?;
    }
    write_if_changed(&fixtures.join("LICENSE"), &licence, &root)?;
    let source_md = source.join("SOURCE.md");
    if source_md.exists() {
        write_if_changed(&fixtures.join("SOURCE.md"), &read(&source_md)?, &root)?;
    }
    // Drop year files that are no longer in the source, so the fixtures mirror it exactly.
    if let Ok(entries) = fs::read_dir(&fixtures) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_year_file(&name) && !names.contains(&name) {
                fs::remove_file(entry.path())
                    .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
                println!("removed   crates/gongkai/tests/data/holiday-cn/{name}");
            }
        }
    }

    let covered = text.lines().filter(|l| l.starts_with('[')).count();
    let uncovered: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# [")?.split_once(']').map(|(y, _)| y))
        .collect();
    println!(
        "{} files: {covered} notice years covered; not covered (empty `days`): {}",
        names.len(),
        if uncovered.is_empty() {
            "none".to_owned()
        } else {
            uncovered.join(", ")
        }
    );
    Ok(())
}
