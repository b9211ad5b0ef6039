//! Precompressed copies of what a page downloads from `www/pkg/`: each `.wasm` and `.js` file
//! gets a `.br` (Brotli) and a `.gz` (gzip) beside it, for a server to send as they are
//! (nginx's `brotli_static` and `gzip_static`, Caddy's `precompressed`, `cargo xtask demo`).
//!
//! Why: a server compressing on the fly picks speed over size (nginx's default `gzip_comp_level`
//! is 1: the default module is 339 KB that way, against 295 KB at `gzip -9`), and Brotli at its
//! highest quality, too slow to run per request, takes another fifth off. Made once at build time,
//! the smallest forms cost nothing per request. Both are verified by decompressing them.

use crate::util::files_with;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The sizes of one file's precompressed copies, in bytes.
pub struct Sizes {
    pub brotli: u64,
    pub gzip: u64,
}

/// Writes `FILE.br` and `FILE.gz` beside every `.wasm` and `.js` file under `dir`; the sizes,
/// by path.
pub fn precompress_dir(dir: &Path) -> Result<Vec<(PathBuf, Sizes)>, String> {
    files_with(dir, &["wasm", "js"])?
        .into_iter()
        .map(|file| precompress(&file).map(|sizes| (file, sizes)))
        .collect()
}

/// Removes the `.br` and `.gz` files under `dir` (none if it does not exist yet).
pub fn remove_copies(dir: &Path) -> Result<(), String> {
    if !dir.exists() {
        return Ok(());
    }
    for file in files_with(dir, &["br", "gz"])? {
        std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}

/// Writes `file.br` and `file.gz`, each checked to decompress to the file's bytes.
pub fn precompress(file: &Path) -> Result<Sizes, String> {
    let data = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let brotli = brotli(&data);
    if unbrotli(&brotli).as_deref() != Some(&data[..]) {
        return Err(format!(
            "{}: its Brotli copy does not decompress to it",
            file.display()
        ));
    }
    let gzip = gzip(&data).map_err(|e| format!("{}: cannot gzip it: {e}", file.display()))?;
    if gunzip(&gzip)? != data {
        return Err(format!(
            "{}: its gzip copy does not decompress to it",
            file.display()
        ));
    }
    for (ext, bytes) in [("br", &brotli), ("gz", &gzip)] {
        let out = with_suffix(file, ext);
        std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(Sizes {
        brotli: brotli.len() as u64,
        gzip: gzip.len() as u64,
    })
}

/// `path` with `.ext` added to its name (`gongkai_bg.wasm` → `gongkai_bg.wasm.br`).
pub fn with_suffix(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Brotli at quality 11, the densest it makes, with its default window (4 MiB, larger than any
/// file here).
fn brotli(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3);
    // Reading from a slice and writing to a vector cannot fail.
    let _ = brotli::BrotliCompress(&mut &data[..], &mut out, &params);
    out
}

fn unbrotli(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &data[..], &mut out).ok()?;
    Some(out)
}

/// gzip by Zopfli: an ordinary gzip stream that every browser reads, ≈ 5% smaller than
/// `gzip -9` for the modules (BENCHMARKS.md §3), found by a slower search.
fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 3);
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        data,
        &mut out,
    )?;
    Ok(out)
}

/// Decompressed by the system's `gzip`, a decoder independent of the encoder.
fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = Command::new("gzip")
        .args(["-d", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("gzip has no input")?;
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("gzip failed: {e}"))?;
    writer
        .join()
        .map_err(|_| "gzip's input could not be written".to_string())?
        .map_err(|e| format!("gzip's input: {e}"))?;
    if !out.status.success() {
        return Err("gzip could not decompress a gzip copy".into());
    }
    Ok(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_copies_give_the_bytes_back() {
        let data: Vec<u8> = (0..5_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let br = brotli(&data);
        assert!(br.len() < data.len() / 4, "{} bytes", br.len());
        assert_eq!(unbrotli(&br).as_deref(), Some(&data[..]));
        let gz = gzip(&data).expect("gzip");
        assert_eq!(gz.get(..2), Some(&[0x1f, 0x8b][..]), "a gzip header");
        assert_eq!(gunzip(&gz).expect("gunzip"), data);
    }

    #[test]
    fn a_broken_copy_is_noticed() {
        let mut br = brotli(b"gongkai gongkai gongkai");
        br.truncate(br.len() / 2);
        assert_ne!(
            unbrotli(&br).as_deref(),
            Some(&b"gongkai gongkai gongkai"[..])
        );
        assert!(gunzip(b"not gzip").is_err());
    }

    #[test]
    fn copies_are_made_and_removed() {
        let dir = std::env::temp_dir().join(format!("gongkai-compress-{}", std::process::id()));
        let sub = dir.join("snippets");
        std::fs::create_dir_all(&sub).expect("temporary folder");
        std::fs::write(dir.join("m.wasm"), [0u8, 97, 115, 109]).expect("write");
        std::fs::write(sub.join("a.js"), "export const a = 1;").expect("write");
        std::fs::write(dir.join("rules.json"), "[]").expect("write");
        let made = precompress_dir(&dir).expect("precompress");
        assert_eq!(made.len(), 2, "the .wasm and the .js, not the .json");
        for f in [
            "m.wasm.br",
            "m.wasm.gz",
            "snippets/a.js.br",
            "snippets/a.js.gz",
        ] {
            assert!(dir.join(f).is_file(), "{f}");
        }
        remove_copies(&dir).expect("remove");
        assert!(!dir.join("m.wasm.br").exists() && !sub.join("a.js.gz").exists());
        assert!(dir.join("m.wasm").is_file() && dir.join("rules.json").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_suffix_is_added_to_the_name() {
        assert_eq!(
            with_suffix(Path::new("pkg/gongkai_bg.wasm"), "br"),
            PathBuf::from("pkg/gongkai_bg.wasm.br")
        );
    }
}
