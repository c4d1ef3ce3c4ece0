//! `cargo xtask fuzz [--seconds N] [TARGET…]`: the cargo-fuzz targets of `fuzz/` (libFuzzer
//! with AddressSanitizer), each for N seconds, seeded from the conformance corpus.
//!
//! cargo-fuzz needs nightly flags (`-Zsanitizer`); this machine has only the stable toolchain,
//! so the build runs with `RUSTC_BOOTSTRAP=1`, which lets stable rustc accept them. cargo-fuzz
//! itself is installed from crates.io (pinned) when missing. The working corpus lives under
//! `target/fuzz/corpus/` (rebuilt from the seeds on a clean clone); a crash stops the task with
//! the input's path under `fuzz/artifacts/`: turn it into a conformance case or a test, fix it,
//! and keep it.

use crate::{cargo, run, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TARGETS: &[&str] = &["json_parser", "validate", "request_bodies"];
const CARGO_FUZZ_VERSION: &str = "0.13.2";

fn ensure_cargo_fuzz() -> Result {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION)
        });
    if installed {
        return Ok(());
    }
    run(
        &format!("set-up: cargo install cargo-fuzz {CARGO_FUZZ_VERSION} --locked"),
        cargo().args([
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--locked",
        ]),
    )
}

/// Writes `bytes` as seed `name` of `target`.
fn seed(root: &Path, target: &str, name: &str, bytes: &[u8]) -> Result {
    let dir = root.join("target/fuzz/seeds").join(target);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join(name), bytes).map_err(|e| format!("seed {name}: {e}"))
}

/// The seeds: every input of the conformance corpus (the parser and `validate` as is, with a
/// first byte choosing date and language for `validate`), and for the request bodies one
/// sample of each kind behind its selector byte.
fn seeds(root: &Path) -> Result<usize> {
    let inputs = root.join("target/fuzz/inputs");
    let _ = std::fs::remove_dir_all(&inputs);
    run(
        "fuzz seeds: the inputs of the conformance corpus",
        cargo()
            .current_dir(root)
            .env("DOSSIER_EXPORT_INPUTS", &inputs)
            .args([
                "test",
                "-q",
                "-p",
                "dossier-core",
                "--test",
                "conformance",
                "--locked",
            ]),
    )?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&inputs)
        .map_err(|e| format!("{}: {e}", inputs.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    for kind in dossier_model::options::KIND.opts {
        let example = kind.0;
        files.push(root.join(format!("tests/conformance/examples/{example}.json")));
    }
    files.sort();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        seed(root, "json_parser", &name, &bytes)?;
        for pick in [0u8, 3] {
            let mut v = vec![pick];
            v.extend_from_slice(&bytes);
            seed(root, "validate", &format!("{pick}-{name}"), &v)?;
        }
        let mut v = vec![3u8];
        v.extend_from_slice(&bytes);
        seed(root, "request_bodies", &format!("dossier-{name}"), &v)?;
    }
    let samples: &[(u8, &str, &[u8])] = &[
        (0, "login", br#"{"username":"haichau1","password":"a long enough password"}"#),
        (0, "login-bad", br#"{"username":"HC","password":"short","x":1}"#),
        (1, "action", br#"{"action":"return","version":0,"note":"line 1\nline 2","findingCodes":["DOCUMENT_MISSING"]}"#),
        (1, "action-bad", br#"{"action":"forward","version":-1,"note":"\u0000","findingCodes":["NOPE"]}"#),
        (2, "query", b"status=returned&kind=ngo_licence&page=2&pageSize=100&lang=en&asOf=2026-11-22"),
        (4, "forwarded", b"203.0.113.7, [2001:db8::1]:80, 10.0.0.2"),
        (5, "code", b" hs-1o2i-3l45 "),
        (6, "file-name", "../Công văn xin phép\".pdf".as_bytes()),
    ];
    for (selector, name, body) in samples {
        let mut v = vec![*selector];
        v.extend_from_slice(body);
        seed(root, "request_bodies", name, &v)?;
    }
    Ok(files.len())
}

/// The last line of libFuzzer's statistics, e.g. `#123456 DONE cov: 812 ft: 3010 corp: 400/90Kb …`.
fn summary(log: &str) -> String {
    log.lines()
        .rev()
        .find(|l| l.contains("DONE") || l.starts_with("Done "))
        .unwrap_or("(no summary)")
        .trim()
        .to_owned()
}

/// Builds and runs each target for `seconds`.
pub fn run_targets(root: &Path, seconds: u64, targets: &[String]) -> Result {
    ensure_cargo_fuzz()?;
    let seeded = seeds(root)?;
    eprintln!("fuzz: {seeded} corpus inputs as seeds");
    let targets: Vec<String> = if targets.is_empty() {
        TARGETS.iter().map(|t| (*t).to_owned()).collect()
    } else {
        targets.to_vec()
    };
    let mut report = Vec::new();
    for target in &targets {
        let corpus = root.join("target/fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let seeds = root.join("target/fuzz/seeds").join(target);
        eprintln!("\n==> fuzz {target} for {seconds} s");
        let out = Command::new("cargo")
            .current_dir(root)
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .arg(&seeds)
            .args([
                "--",
                &format!("-max_total_time={seconds}"),
                "-max_len=65536",
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-print_final_stats=1",
            ])
            .output()
            .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        if !out.status.success() {
            eprintln!("{log}");
            return Err(format!(
                "fuzz target {target} failed ({}): see the input under fuzz/artifacts/{target}/",
                out.status
            ));
        }
        let execs = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .map(str::trim)
            .unwrap_or("?")
            .to_owned();
        report.push(format!(
            "{target}: {execs} executions in {seconds} s, no crash ({})",
            summary(&log)
        ));
    }
    eprintln!("\nfuzzing:");
    for line in &report {
        eprintln!("  {line}");
    }
    Ok(())
}
