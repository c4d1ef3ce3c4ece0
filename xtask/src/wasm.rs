//! `cargo xtask wasm`: builds the WebAssembly packages described by `wasm-pack.toml`
//! (cargo build → wasm-bindgen → wasm-opt → package.json), installs the pinned tools when they
//! are missing, and fails when the web package's `.wasm` is over the gzip budget.

use crate::{cargo, cargo_in, run, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

#[derive(Deserialize)]
struct Manifest {
    #[serde(rename = "wasm-bindgen")]
    wasm_bindgen: BindgenSection,
    #[serde(rename = "wasm-opt")]
    wasm_opt: OptSection,
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    #[serde(rename = "crate")]
    krate: String,
    lib: String,
    profile: String,
    #[serde(rename = "rust-target")]
    rust_target: String,
    inputs: Vec<String>,
    description: String,
    #[serde(rename = "max-wasm-gzip-bytes")]
    max_wasm_gzip_bytes: u64,
    /// When the service worker caches the web package's `.wasm`.
    precache: crate::precache::When,
    target: Vec<TargetSection>,
}

#[derive(Deserialize)]
struct BindgenSection {
    version: String,
    /// Extra wasm-bindgen flags (the sections no browser reads are left out).
    #[serde(default)]
    flags: Vec<String>,
}

#[derive(Deserialize)]
struct TargetSection {
    name: String,
    #[serde(rename = "out-dir")]
    out_dir: String,
    #[serde(rename = "package-name")]
    package_name: Option<String>,
}

#[derive(Deserialize)]
struct OptSection {
    flags: Vec<String>,
}

fn manifest(root: &Path) -> Result<Manifest> {
    let text = std::fs::read_to_string(root.join("wasm-pack.toml"))
        .map_err(|e| format!("wasm-pack.toml: {e}"))?;
    toml::from_str(&text).map_err(|e| format!("wasm-pack.toml: {e}"))
}

/// Builds each package when an input is newer than an output (or `force`).
pub fn build(root: &Path, force: bool) -> Result {
    let m = manifest(root)?;
    for p in &m.package {
        build_package(root, &m, p, force)?;
    }
    let web: Vec<(String, crate::precache::When)> = m
        .package
        .iter()
        .flat_map(|p| {
            p.target
                .iter()
                .filter_map(|t| t.out_dir.strip_prefix("www/"))
                .map(|dir| (dir.to_owned(), p.precache))
        })
        .collect();
    crate::precache::write(root, &web)?;
    let dirs: Vec<String> = web.iter().map(|(dir, _)| dir.clone()).collect();
    for (file, size) in crate::precompress::write(root, &dirs)? {
        eprintln!("wasm: www/{file}.gz {size} bytes (Zopfli, served as is)");
    }
    Ok(())
}

fn build_package(root: &Path, m: &Manifest, p: &Package, force: bool) -> Result {
    let outputs: Vec<PathBuf> = p
        .target
        .iter()
        .map(|t| root.join(&t.out_dir).join(format!("{}_bg.wasm", p.lib)))
        .collect();
    if !force && !stale(root, &p.inputs, &outputs) {
        eprintln!("wasm: {} is current ({})", p.krate, outputs[0].display());
        return report_sizes(root, p);
    }
    crate::ensure_wasm_target()?;
    ensure_bindgen(&m.wasm_bindgen.version)?;
    run(
        &format!("wasm: cargo build {}", p.krate),
        cargo_in(root).args([
            "build",
            "--locked",
            "-p",
            &p.krate,
            "--target",
            &p.rust_target,
            "--profile",
            &p.profile,
        ]),
    )?;
    let built = root
        .join("target")
        .join(&p.rust_target)
        .join(&p.profile)
        .join(format!("{}.wasm", p.lib));
    // wasm-opt runs on cargo's output, before wasm-bindgen: Debian's binaryen 108 breaks the
    // externref table that wasm-bindgen adds (Node: "WebAssembly.Table.set(): Argument 1 is
    // invalid"), and wasm-bindgen does not undo its size savings.
    let input = match ensure_wasm_opt() {
        Some(bin) => {
            let dir = built.with_file_name("opt");
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let optimised = dir.join(format!("{}.wasm", p.lib));
            run(
                &format!("wasm: wasm-opt {}", p.krate),
                Command::new(bin)
                    .args(&m.wasm_opt.flags)
                    .arg(&built)
                    .arg("-o")
                    .arg(&optimised),
            )?;
            optimised
        }
        None => {
            eprintln!("wasm: wasm-opt not available; the packages are not optimised");
            built
        }
    };
    for t in &p.target {
        let out = root.join(&t.out_dir);
        let _ = std::fs::remove_dir_all(&out);
        run(
            &format!("wasm: wasm-bindgen --target {} ({})", t.name, p.krate),
            Command::new("wasm-bindgen")
                .arg("--target")
                .arg(&t.name)
                .arg("--out-dir")
                .arg(&out)
                .args(&m.wasm_bindgen.flags)
                .arg(&input),
        )?;
        if let Some(name) = &t.package_name {
            write_package_json(&out, name, &p.lib, &p.description)?;
        }
    }
    report_sizes(root, p)
}

/// Any source, manifest or lock file newer than the oldest output.
fn stale(root: &Path, inputs: &[String], outputs: &[PathBuf]) -> bool {
    let oldest_output = outputs
        .iter()
        .map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .collect::<Option<Vec<_>>>()
        .and_then(|v| v.into_iter().min());
    let Some(oldest_output) = oldest_output else {
        return true;
    };
    let mut newest_input = SystemTime::UNIX_EPOCH;
    for input in
        inputs
            .iter()
            .map(String::as_str)
            .chain(["Cargo.lock", "Cargo.toml", "wasm-pack.toml"])
    {
        newest(&root.join(input), &mut newest_input);
    }
    newest_input > oldest_output
}

fn newest(path: &Path, acc: &mut SystemTime) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_dir() {
        if path
            .file_name()
            .is_some_and(|n| n == "target" || n == "pkg-node")
        {
            return;
        }
        if let Ok(entries) = std::fs::read_dir(path) {
            for e in entries.flatten() {
                newest(&e.path(), acc);
            }
        }
    } else if let Ok(t) = meta.modified() {
        *acc = (*acc).max(t);
    }
}

fn ensure_bindgen(version: &str) -> Result {
    let current = Command::new("wasm-bindgen").arg("--version").output();
    if let Ok(out) = &current {
        if String::from_utf8_lossy(&out.stdout).trim() == format!("wasm-bindgen {version}") {
            return Ok(());
        }
    }
    // `--locked` first (the CLI's own lockfile); the registry index may lack a locked
    // dependency version, in which case a fresh resolution of the same CLI version is used.
    let locked = run(
        &format!("set-up: cargo install wasm-bindgen-cli {version} --locked"),
        cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            version,
            "--locked",
        ]),
    );
    if locked.is_err() {
        run(
            &format!("set-up: cargo install wasm-bindgen-cli {version}"),
            cargo().args(["install", "wasm-bindgen-cli", "--version", version]),
        )?;
    }
    Ok(())
}

/// `wasm-opt` from Debian's binaryen, installed when missing and possible.
fn ensure_wasm_opt() -> Option<PathBuf> {
    let found = || {
        Command::new("wasm-opt")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if found() {
        return Some(PathBuf::from("wasm-opt"));
    }
    let _ = crate::apt_install(&["binaryen"]);
    found().then(|| PathBuf::from("wasm-opt"))
}

fn write_package_json(out: &Path, name: &str, lib: &str, description: &str) -> Result {
    let pkg = serde_json::json!({
        "name": name,
        "version": env!("CARGO_PKG_VERSION").replace("0.0.0", "0.1.0"),
        "description": description,
        "license": "MIT OR Apache-2.0",
        "main": format!("{lib}.js"),
        "types": format!("{lib}.d.ts"),
        "files": [format!("{lib}.js"), format!("{lib}.d.ts"), format!("{lib}_bg.wasm"), format!("{lib}_bg.wasm.d.ts")],
    });
    let text = serde_json::to_string_pretty(&pkg).map_err(|e| e.to_string())? + "\n";
    std::fs::write(out.join("package.json"), text).map_err(|e| format!("package.json: {e}"))
}

pub(crate) fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

fn report_sizes(root: &Path, p: &Package) -> Result {
    let web = p
        .target
        .iter()
        .find(|t| t.name == "web")
        .ok_or_else(|| format!("wasm-pack.toml: {} has no web target", p.krate))?;
    let dir = root.join(&web.out_dir);
    let wasm = dir.join(format!("{}_bg.wasm", p.lib));
    let glue = dir.join(format!("{}.js", p.lib));
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let wasm_gz = gzip_size(&wasm)?;
    eprintln!(
        "wasm: {} web package: .wasm {} bytes ({} gzip), JS glue {} bytes ({} gzip); budget {} gzip",
        p.krate,
        size(&wasm),
        wasm_gz,
        size(&glue),
        gzip_size(&glue)?,
        p.max_wasm_gzip_bytes
    );
    if wasm_gz > p.max_wasm_gzip_bytes {
        return Err(format!(
            "the web .wasm of {} is {wasm_gz} bytes gzip, over the budget of {} (wasm-pack.toml)",
            p.krate, p.max_wasm_gzip_bytes
        ));
    }
    Ok(())
}
