//! A minimal static file server for `www/` (no dependencies, loopback only): enough for the
//! demo, with the MIME types browsers insist on for modules and wasm, and the precompressed
//! copies `cargo xtask wasm` writes (`FILE.br`, `FILE.gz`) sent as a production server would
//! send them, so the demo downloads what a portal's visitors download.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

fn mime(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "csv" => "text/csv; charset=utf-8",
        "ts" | "txt" | "md" | "rhai" | "jsonl" | "LICENSE" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves `dir` on `addr` until the process ends.
pub fn serve(dir: &Path, addr: &str) -> Result<(), String> {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!(
        "serving {} on http://{addr}/  (Ctrl-C to stop)",
        dir.display()
    );
    for stream in listener.incoming().flatten() {
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let _ = handle(stream, &dir);
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Of the headers, only `Accept-Encoding` matters here.
    let mut accept = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("accept-encoding")
        {
            accept = value.trim().to_string();
        }
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("/"),
    );
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed",
            method,
            &[],
        );
    }
    let Some(path) = resolve(dir, target) else {
        return respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found",
            method,
            &[],
        );
    };
    // A file with precompressed copies varies with `Accept-Encoding`, whichever is sent.
    let vary = CODINGS
        .iter()
        .any(|(_, ext)| crate::compress::with_suffix(&path, ext).is_file());
    let (file, coding) = match encoded(&path, &accept) {
        Some((copy, coding)) => (copy, Some(coding)),
        None => (path.clone(), None),
    };
    let mut headers = Vec::new();
    if let Some(coding) = coding {
        headers.push(("Content-Encoding", coding));
    }
    if vary {
        headers.push(("Vary", "Accept-Encoding"));
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, "200 OK", mime(&path), &body, method, &headers),
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found",
            method,
            &[],
        ),
    }
}

/// The content codings of the precompressed copies, in the order they are preferred (Brotli's
/// are the smaller), with their files' suffixes.
const CODINGS: [(&str, &str); 2] = [("br", "br"), ("gzip", "gz")];

/// The precompressed copy of `path` to send for a request's `Accept-Encoding` (`accept`) and its
/// content coding, or `None` for the file itself. A copy older than its file is never sent: the
/// file was rebuilt without `cargo xtask wasm` (wasm-bindgen by hand), and the demo must show
/// what is there.
fn encoded(path: &Path, accept: &str) -> Option<(PathBuf, &'static str)> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let file = modified(path)?;
    CODINGS.iter().find_map(|&(coding, ext)| {
        let copy = crate::compress::with_suffix(path, ext);
        (accepts(accept, coding) && modified(&copy).is_some_and(|t| t >= file))
            .then_some((copy, coding))
    })
}

/// Whether an `Accept-Encoding` value accepts `coding` (RFC 9110 §12.5.3): named with a weight
/// above zero, or not named and `*` accepted.
fn accepts(accept: &str, coding: &str) -> bool {
    let mut any = false;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let weight = parts
            .find_map(|p| {
                let p = p.trim();
                p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
            })
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case(coding) {
            return weight > 0.0;
        }
        if name == "*" {
            any = weight > 0.0;
        }
    }
    any
}

/// Maps a request target to a file under `dir`, refusing anything that would leave it.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = dir.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    method: &str,
    headers: &[(&str, &str)],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n",
        body.len()
    )?;
    for (name, value) in headers {
        write!(stream, "{name}: {value}\r\n")?;
    }
    write!(
        stream,
        "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
    )?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_leave_the_root() {
        let root = crate::util::root();
        assert!(resolve(&root, "/../etc/passwd").is_none());
        assert!(resolve(&root, "/%2e%2e/etc/passwd").is_none());
        assert_eq!(
            resolve(&root, "/Cargo.toml?x=1"),
            Some(root.join("Cargo.toml"))
        );
    }

    #[test]
    fn reads_accept_encoding_with_weights() {
        let chromium = "gzip, deflate, br, zstd";
        assert!(accepts(chromium, "br") && accepts(chromium, "gzip"));
        assert!(!accepts("gzip, deflate", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(!accepts("br;Q=0", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*, br;q=0", "br"));
        assert!(!accepts("*;q=0", "gzip"));
        assert!(!accepts("", "gzip"));
        assert!(!accepts("identity", "gzip"));
    }

    #[test]
    fn sends_the_preferred_copy_that_exists() {
        let dir = std::env::temp_dir().join(format!("gongkai-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        let file = dir.join("m.wasm");
        for f in [&file, &dir.join("m.wasm.gz")] {
            std::fs::write(f, b"x").expect("write");
        }
        assert_eq!(
            encoded(&file, "gzip, br"),
            Some((dir.join("m.wasm.gz"), "gzip"))
        );
        std::fs::write(dir.join("m.wasm.br"), b"x").expect("write");
        assert_eq!(
            encoded(&file, "gzip, br"),
            Some((dir.join("m.wasm.br"), "br"))
        );
        assert_eq!(
            encoded(&file, "gzip"),
            Some((dir.join("m.wasm.gz"), "gzip"))
        );
        assert_eq!(encoded(&file, "identity"), None);
        // The file written again after its copies: they are stale, the file goes out as it is.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(later))
            .expect("set the file's time");
        assert_eq!(encoded(&file, "gzip, br"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
