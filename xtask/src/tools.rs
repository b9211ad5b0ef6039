//! Installing the tools the build and tests need, idempotently: each function checks first and
//! installs only what is missing or at the wrong version. Nothing is downloaded outside the
//! package registries (crates.io, npm, Debian) and rustup's own distribution (the wasm32 target,
//! the pinned nightly for the shipped module).

use crate::util::{output, root, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The version of a package pinned in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let rest = lock.get(start..).unwrap_or_default();
    Ok(rest.split('"').next().unwrap_or_default().to_owned())
}

/// `wasm-bindgen` at exactly the version of the `wasm-bindgen` crate in Cargo.lock (the CLI
/// and the crate must match). `cargo install --locked` first; if the registry mirror lacks a
/// pinned patch release of one of its dependencies, without `--locked`.
pub fn wasm_bindgen() -> Result<PathBuf, String> {
    let version = locked_version("wasm-bindgen")?;
    let bin = cargo_home().join("bin/wasm-bindgen");
    let current = Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if current
        .as_deref()
        .is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str()))
    {
        return Ok(bin);
    }
    let install = |locked: bool| {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ]);
        if locked {
            cmd.arg("--locked");
        }
        run(&mut cmd)
    };
    install(true).or_else(|_| install(false))?;
    Ok(bin)
}

/// The toolchain the shipped WebAssembly module is built with: a pinned nightly, because
/// rebuilding the standard library with `panic=immediate-abort` (`-Zbuild-std`) is a nightly
/// feature, and it takes panic messages, locations and their formatting out of the module
/// (26 KB gzip). Pinned so that every build of the module is the same; the workspace itself,
/// its tests and the native binaries stay on stable.
pub const SIZE_TOOLCHAIN: &str = "nightly-2026-05-19";

/// Installs [`SIZE_TOOLCHAIN`] with the standard library's sources (`-Zbuild-std` compiles
/// them), if missing. A minimal profile: no docs, no clippy.
pub fn size_toolchain() -> Result<&'static str, String> {
    let installed = output(Command::new("rustup").args([
        "component",
        "list",
        "--installed",
        "--toolchain",
        SIZE_TOOLCHAIN,
    ]))
    .unwrap_or_default();
    if !installed.lines().any(|l| l.starts_with("rust-src")) {
        run(Command::new("rustup").args([
            "toolchain",
            "install",
            SIZE_TOOLCHAIN,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ]))?;
    }
    Ok(SIZE_TOOLCHAIN)
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
        })
}

/// The npm packages of package-lock.json (binaryen's wasm-opt, TypeScript, playwright-core),
/// installed with `npm ci` unless node_modules already matches the lock file.
pub fn npm_packages() -> Result<PathBuf, String> {
    npm_packages_in(&root())
}

/// The npm packages of `dir`/package-lock.json, installed with `npm ci` in `dir` unless
/// `dir`/node_modules already matches the lock file; returns `dir`/node_modules/.bin.
pub fn npm_packages_in(dir: &Path) -> Result<PathBuf, String> {
    let lock_file = dir.join("package-lock.json");
    let lock = std::fs::read(&lock_file)
        .map_err(|e| format!("cannot read {}: {e}", lock_file.display()))?;
    let installed = std::fs::read(dir.join("node_modules/.package-lock.json")).ok();
    let matches = installed.is_some_and(|i| same_packages(&lock, &i));
    if !matches {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir))?;
    }
    Ok(dir.join("node_modules/.bin"))
}

/// Whether node_modules/.package-lock.json lists the same packages as package-lock.json
/// (npm writes the former on install; its header differs, its `packages` do not).
fn same_packages(lock: &[u8], installed: &[u8]) -> bool {
    let parse = |b: &[u8]| {
        serde_json::from_slice::<serde_json::Value>(b)
            .ok()
            .map(|v| {
                let mut p = v.get("packages").cloned().unwrap_or_default();
                if let Some(map) = p.as_object_mut() {
                    map.remove("");
                }
                p
            })
    };
    matches!((parse(lock), parse(installed)), (Some(a), Some(b)) if a == b)
}

/// Debian's Chromium, for the browser tests (no browser downloads: the machine only reaches
/// package registries).
pub fn chromium() -> Result<PathBuf, String> {
    debian_program("/usr/bin/chromium", &["chromium", "fonts-noto-cjk"])
}

/// GNU time (Debian's `time`), which reports a command's CPU time and peak memory for the
/// batch benchmark.
pub fn gnu_time() -> Result<PathBuf, String> {
    debian_program("/usr/bin/time", &["time"])
}

/// `llvm-profdata` for the profile-guided CLI (`cargo xtask pgo`), from Debian's `llvm-N`
/// package where N is the major version of the LLVM that `rustc` is built on: a raw profile is
/// read only by the LLVM that wrote it.
pub fn llvm_profdata() -> Result<PathBuf, String> {
    let major = rustc_llvm_major()?;
    debian_program(
        &format!("/usr/bin/llvm-profdata-{major}"),
        &[&format!("llvm-{major}")],
    )
}

/// BOLT's `llvm-bolt` and `merge-fdata` for the last step of `cargo xtask pgo`, from Debian's
/// `bolt-N`, N as for [`llvm_profdata`]. BOLT reads any ELF program; the same version is taken
/// only so that one LLVM release is installed rather than two.
pub fn bolt() -> Result<(PathBuf, PathBuf), String> {
    let major = rustc_llvm_major()?;
    let package = format!("bolt-{major}");
    Ok((
        debian_program(&format!("/usr/bin/llvm-bolt-{major}"), &[&package])?,
        debian_program(&format!("/usr/bin/merge-fdata-{major}"), &[&package])?,
    ))
}

/// The major version of the LLVM `rustc` is built on.
fn rustc_llvm_major() -> Result<u32, String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = output(Command::new(rustc).arg("-vV").current_dir(root()))?;
    llvm_major(&version).ok_or_else(|| format!("`rustc -vV` names no LLVM version:\n{version}"))
}

/// The major version in `rustc -vV`'s `LLVM version: 22.1.2` line.
fn llvm_major(rustc_version: &str) -> Option<u32> {
    rustc_version
        .lines()
        .find_map(|l| l.strip_prefix("LLVM version: "))?
        .split('.')
        .next()?
        .trim()
        .parse()
        .ok()
}

/// Whether Debian's package database has `package` installed; `true` where there is no
/// `dpkg-query` to ask (not Debian: the program being there is all that can be checked).
fn debian_package_installed(package: &str) -> bool {
    match Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
    {
        Ok(out) => String::from_utf8_lossy(&out.stdout).ends_with(" installed"),
        Err(_) => true,
    }
}

/// The program at `path`, installing the Debian `packages` that provide it if it or any of them
/// is missing.
fn debian_program(path: &str, packages: &[&str]) -> Result<PathBuf, String> {
    let bin = PathBuf::from(path);
    // Every package, not only the one that brings the program: Chromium installed by hand
    // without `fonts-noto-cjk` would draw the pages' Chinese as boxes in every screenshot.
    if bin.exists() && packages.iter().all(|p| debian_package_installed(p)) {
        return Ok(bin);
    }
    let sudo = output(Command::new("id").arg("-u"))
        .map(|u| u.trim() != "0")
        .unwrap_or(true);
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut cmd)
    };
    apt(&["update", "-q"])?;
    apt(&[
        &["install", "-y", "-q", "--no-install-recommends"],
        packages,
    ]
    .concat())?;
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "{} was installed but {path} is missing",
            packages.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::llvm_major;

    #[test]
    fn llvm_major_version_from_rustc() {
        let stable = "rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\nLLVM version: 22.1.2\n";
        assert_eq!(llvm_major(stable), Some(22));
        assert_eq!(llvm_major("LLVM version: 9.0\n"), Some(9));
        assert_eq!(llvm_major("rustc 1.95.0\nrelease: 1.95.0\n"), None);
        assert_eq!(llvm_major("LLVM version: unknown\n"), None);
    }
}
