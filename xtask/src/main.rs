//! Project tasks: `cargo xtask test` (everything CI runs), `cargo xtask serve` (the main job),
//! `cargo xtask gen [--check]` (regenerate the compiled-in data from `../shared`).
//!
//! Every task installs what it needs on a fresh machine of this kind (the wasm32 target today;
//! pinned tools as later tasks need them), so the README's two commands are the whole set-up.

mod countries;
mod fuzz;
mod gen;
mod precache;
mod precompress;
mod wasm;
mod wire;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("serve") => serve(&root),
        Some("gen") => gen::run(&root, args.iter().any(|a| a == "--check")),
        Some("import-iso-codes") => countries::import(&root),
        Some("bench") => bench(&root),
        Some("wasm") => wasm::build(&root, args.iter().any(|a| a == "--force")),
        Some("fuzz") => fuzz_args(&args[1..])
            .and_then(|(secs, targets)| fuzz::run_targets(&root, secs, &targets)),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 tasks:\n  \
                 test         everything CI runs: set-up, generated-data check, fmt, clippy (native + wasm32), all tests\n  \
                 serve        the main job (today: validates the bundled examples with the CLI)\n  \
                 gen [--check] regenerate compiled-in data from ../shared and data/ (or check it is current)\n  \
                 import-iso-codes  refresh data/countries/iso-codes.json from Debian's iso-codes\n  \
                 bench        run the criterion benchmarks\n  \
                 wasm [--force] build the WebAssembly packages of wasm-pack.toml (www/pkg, crates/dossier-wasm/pkg-node)\n  \
                 fuzz [--seconds N] [TARGET…] run the cargo-fuzz targets (json_parser, validate, request_bodies), N s each (default 60)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) type Result<T = ()> = std::result::Result<T, String>;

/// `[--seconds N] [TARGET…]`.
fn fuzz_args(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = 60;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seconds" {
            seconds = it
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or("--seconds needs a number")?;
        } else if fuzz::TARGETS.contains(&a.as_str()) {
            targets.push(a.clone());
        } else {
            return Err(format!(
                "unknown fuzz argument {a:?} (targets: {:?})",
                fuzz::TARGETS
            ));
        }
    }
    Ok((seconds, targets))
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `cargo` run in the workspace `root`.
pub(crate) fn cargo_in(root: &Path) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(root);
    cmd
}

pub(crate) fn run(step: &str, cmd: &mut Command) -> Result {
    eprintln!("\n==> {step}");
    let status = cmd
        .status()
        .map_err(|e| format!("{step}: cannot start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{step} failed ({status})"))
    }
}

/// Runs `cargo test`, echoing its output, and sums the `test result:` lines.
fn run_counted(step: &str, cmd: &mut Command) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    eprintln!("\n==> {step}");
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{step}: cannot start cargo: {e}"))?;
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            if let Some(n) = line
                .strip_prefix("# pass ")
                .and_then(|n| n.trim().parse::<u64>().ok())
            {
                passed += n;
            }
            if let Some(n) = line
                .strip_prefix("# fail ")
                .and_then(|n| n.trim().parse::<u64>().ok())
            {
                failed += n;
            }
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |word: &str| -> u64 {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .trim_start_matches("ok. ")
                                .trim_start_matches("FAILED. ")
                                .strip_suffix(word)
                        })
                        .and_then(|n| n.trim().parse().ok())
                        .unwrap_or(0)
                };
                passed += count(" passed");
                failed += count(" failed");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("{step}: {e}"))?;
    if status.success() {
        Ok((passed, failed))
    } else {
        println!("\ntests: {passed} passed, {failed} failed");
        Err(format!("{step} failed ({status})"))
    }
}

/// Installs Debian packages (as root, or through sudo). Refreshes the package lists and tries
/// again when the first attempt fails (a fresh machine may have none).
pub(crate) fn apt_install(packages: &[&str]) -> Result {
    let apt = |args: &[&str]| {
        let mut cmd = if is_root() {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd
    };
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(packages);
    let step = format!("set-up: apt-get install {}", packages.join(" "));
    if run(&step, &mut apt(&install)).is_ok() {
        return Ok(());
    }
    run("set-up: apt-get update", &mut apt(&["update"]))?;
    run(&step, &mut apt(&install))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

/// Installs the rustup target the core must build for, if it is missing.
pub(crate) fn ensure_wasm_target() -> Result {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the wasm32 target: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(
        "set-up: rustup target add wasm32-unknown-unknown",
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )
}

fn test(root: &Path) -> Result {
    ensure_wasm_target()?;
    gen::run(root, true)?;
    run(
        "cargo fmt --check",
        cargo_in(root).args(["fmt", "--all", "--", "--check"]),
    )?;
    // Clippy with warnings as errors: natively on everything, and on what runs in WebAssembly.
    let clippy = |what: &[&str]| {
        let mut cmd = cargo_in(root);
        cmd.arg("clippy")
            .args(what)
            .args(["--locked", "--", "-D", "warnings"]);
        cmd
    };
    run(
        "clippy (native, all targets)",
        &mut clippy(&["--workspace", "--all-targets"]),
    )?;
    run(
        "clippy (dossier-model, dossier-core, dossier-wasm, dossier-client, dossier-client-wasm for wasm32-unknown-unknown)",
        &mut clippy(&[
            "-p",
            "dossier-model",
            "-p",
            "dossier-core",
            "-p",
            "dossier-wasm",
            "-p",
            "dossier-client",
            "-p",
            "dossier-client-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    )?;
    run(
        "benchmarks compile and run once (criterion test mode)",
        cargo_in(root).args([
            "test",
            "-p",
            "dossier-core",
            "-p",
            "dossier-cli",
            "--benches",
            "--locked",
        ]),
    )?;
    let (passed, failed) = run_counted(
        "tests (unit, conformance corpus, CLI, property, doc)",
        cargo_in(root).args(["test", "--workspace", "--locked"]),
    )?;
    schemathesis(root)?;
    // Bounded fuzzing of every target (45 s each unless DOSSIER_FUZZ_SECONDS says otherwise).
    let fuzz_seconds = std::env::var("DOSSIER_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(45);
    fuzz::run_targets(root, fuzz_seconds, &[])?;
    wasm::build(root, false)?;
    ensure_js_deps(root)?;
    let (js_passed, js_failed) = run_counted(
        "cross-target conformance (WASM under Node and in Chromium), ajv on the exported schemas, the npm client and tus-js-client against the server, the web pages end to end, offline, no edition parameter copied in the pages",
        Command::new("node")
            .current_dir(root.join("tests/js"))
            .args([
                "--test",
                "--test-reporter=tap",
                "node.test.mjs",
                "schema.test.mjs",
                "client.test.mjs",
                "chromium.test.mjs",
                "pages.test.mjs",
                "offline.test.mjs",
                "desk.test.mjs",
                "edition.test.mjs",
            ]),
    )?;
    // The plain closing line CI reads: every test of the workspace and of tests/js, summed.
    println!(
        "\ntests: {} passed, {} failed",
        passed + js_passed,
        failed + js_failed
    );
    eprintln!("\nxtask test: all steps passed");
    Ok(())
}

/// Schemathesis (pinned, from PyPI, in a venv under target/) against the real server: every
/// check but positive_data_acceptance, with a staff token and a real dossier
/// (tests/schemathesis/run.py). The venv is rebuilt when the pinned requirements change.
fn schemathesis(root: &Path) -> Result {
    let venv = root.join("target/schemathesis-venv");
    let requirements = root.join("tests/schemathesis/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let stamp = venv.join(".requirements");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        run(
            "set-up: python3 -m venv target/schemathesis-venv",
            Command::new("python3").args(["-m", "venv"]).arg(&venv),
        )?;
        run(
            "set-up: pip install schemathesis (tests/schemathesis/requirements.txt)",
            Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
                .arg(&requirements),
        )?;
        std::fs::write(&stamp, &wanted)
            .map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    }
    run(
        "schemathesis: the OpenAPI document against the running server (every check but positive_data_acceptance)",
        Command::new(venv.join("bin/python"))
            .arg(root.join("tests/schemathesis/run.py"))
            .arg(root.join("target/debug/dossier")),
    )
}

/// The npm packages of tests/js (ajv, playwright-core) and Debian's Chromium.
fn ensure_js_deps(root: &Path) -> Result {
    let js = root.join("tests/js");
    let installed = js.join("node_modules/.package-lock.json");
    let fresh = std::fs::metadata(&installed)
        .and_then(|m| m.modified())
        .ok()
        .zip(
            std::fs::metadata(js.join("package-lock.json"))
                .and_then(|m| m.modified())
                .ok(),
        )
        .is_some_and(|(installed, lock)| installed >= lock);
    if !fresh {
        run(
            "set-up: npm ci (tests/js: ajv, playwright-core; no browser download)",
            Command::new("npm")
                .current_dir(&js)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
                .args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }
    if !Path::new("/usr/bin/chromium").exists() {
        apt_install(&["chromium"])?;
    }
    Ok(())
}

/// Instructions per conference dossier (callgrind): the engine's validate + report JSON against
/// serde_json's `Value` parse of the same text, the figure that does not drift with the machine.
fn instructions(root: &Path) -> Result {
    if Command::new("valgrind").arg("--version").output().is_err() {
        apt_install(&["valgrind"])?;
    }
    run(
        "build the timing example (release)",
        cargo_in(root).args([
            "build",
            "--release",
            "-p",
            "dossier-core",
            "--example",
            "timing",
            "--locked",
        ]),
    )?;
    let exe = root.join("target/release/examples/timing");
    let count = |calls: &str, mode: &str| -> Result<u64> {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&exe)
            .args([calls, mode])
            .output()
            .map_err(|e| format!("valgrind: {e}"))?;
        let text = String::from_utf8_lossy(&out.stderr);
        text.lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| format!("valgrind printed no count: {text}"))
    };
    let calls = 2000;
    let per_call = |mode: &str| -> Result<f64> {
        let total = count(&calls.to_string(), mode)?;
        let base = count("0", mode)?;
        Ok(total.saturating_sub(base) as f64 / f64::from(calls))
    };
    let engine = per_call("only-validate")?;
    let serde = per_call("only-serde")?;
    let ratio = engine / serde;
    println!(
        "instructions per conference dossier (callgrind): engine {engine:.0}, serde_json Value parse {serde:.0}: \
         {ratio:.2} (bar ≤ 1.0: {})",
        if ratio <= 1.0 { "met" } else { "NOT met" }
    );
    Ok(())
}

/// The main job: builds what it needs and runs the server on SQLite with the pages.
fn serve(root: &Path) -> Result {
    ensure_wasm_target()?;
    wasm::build(root, false)?;
    run(
        "build the dossier CLI (release)",
        cargo_in(root).args(["build", "--release", "-p", "dossier-cli", "--locked"]),
    )?;
    let addr = std::env::var("DOSSIER_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let db = std::env::var("DOSSIER_DB").unwrap_or_else(|_| "sqlite://dossier.db".into());
    eprintln!("\n==> dossier serve --addr {addr} --db {db} --www www  (Ctrl-C stops it)");
    run(
        "dossier serve",
        Command::new(root.join("target/release/dossier"))
            .current_dir(root)
            .args(["serve", "--addr", &addr, "--db", &db, "--www"])
            .arg(root.join("www")),
    )
}

fn bench(root: &Path) -> Result {
    run(
        "criterion benchmarks (native), then the engine ÷ its peers against the bars",
        cargo_in(root).args(["bench", "-p", "dossier-core", "--locked"]),
    )?;
    instructions(root)?;
    wasm::build(root, false)?;
    let web = wasm::gzip_size(&root.join("www/pkg/dossier_wasm_bg.wasm"))?
        + wasm::gzip_size(&root.join("www/pkg/dossier_wasm.js"))?;
    println!(
        "web package (validator .wasm + glue), gzip -9: {web} bytes (bar ≤ 100 KB: {})",
        if web <= 100_000 { "met" } else { "NOT met" }
    );
    ensure_js_deps(root)?;
    run(
        "latency of the WASM validator in Node, side by side with ajv",
        Command::new("node")
            .current_dir(root.join("tests/js"))
            .args(["bench-latency.mjs", "20000"]),
    )?;
    if Command::new("wrk").arg("--version").output().is_err() {
        apt_install(&["wrk"])?;
    }
    run(
        "build the dossier CLI (release)",
        cargo_in(root).args(["build", "--release", "-p", "dossier-cli", "--locked"]),
    )?;
    run(
        "first visit to the forms in Chromium on the release server (bytes, time to interactive, validate)",
        Command::new("node")
            .current_dir(root.join("tests/js"))
            .env("DOSSIER_BIN", root.join("target/release/dossier"))
            .args(["bench-pages.mjs"]),
    )?;
    run(
        "upload throughput on loopback: POST /api/v1/attachments vs tus (npm client, tus-js-client)",
        Command::new("node")
            .current_dir(root.join("tests/js"))
            .env("DOSSIER_BIN", root.join("target/release/dossier"))
            .args(["bench-upload.mjs"]),
    )?;
    run(
        "server throughput on loopback (wrk, bounded runs)",
        Command::new("bash")
            .current_dir(root)
            .args(["scripts/bench-server.sh", "10"]),
    )?;
    run(
        "the server under abuse: memory with stalled uploads, healthz during a login burst",
        cargo_in(root).args(["bench", "-p", "dossier-cli", "--bench", "abuse", "--locked"]),
    )
}
