//! Where the standard rules are (shared by `build.rs`, which embeds them, and the crate's
//! snapshot writer, which compiles them for the fast WebAssembly module): both must see the
//! same files under the same names.

use std::path::{Path, PathBuf};

/// A rule file of `rules/`.
pub struct RuleFile {
    /// Its pack: the folder it is in.
    pub pack: String,
    /// Its path as diagnostics and rule metadata show it: `rules/<pack>/<file>`.
    pub shown: String,
    /// Where it is.
    pub path: PathBuf,
}

/// The rule files under `rules`, in path order. Rule files sit one folder deep
/// (`<pack>/<ID>-<slug>.rhai`); examples and docs beside them are not rules.
pub fn rule_files(rules: &Path) -> std::io::Result<Vec<RuleFile>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(rules)? {
        let dir = entry?.path();
        if dir.is_dir() {
            for file in std::fs::read_dir(&dir)? {
                let path = file?.path();
                if path.extension().is_some_and(|e| e == "rhai") {
                    paths.push(path);
                }
            }
        }
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(rules).unwrap_or(&path);
            let pack = rel
                .parent()
                .and_then(Path::to_str)
                .unwrap_or_default()
                .to_owned();
            let shown = format!("rules/{}", rel.display());
            RuleFile { pack, shown, path }
        })
        .collect())
}
