//! `dossier submit` against the real `dossier serve`: over HTTPS with a CA made by the test
//! (`--ca-cert`), a TLS failure reported at once with exit 2, plain http:// refused to another
//! machine, and the state file (`FILE.submission.json`, 0600, a random key) that makes the
//! second run replay the first receipt.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::slow::Server;

/// The NGO example (valid for years) and its eight attachment files, in `dir`.
fn dossier_with_files(dir: &Path, name: &str) -> (PathBuf, Vec<PathBuf>) {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/conformance/examples/ngo_licence.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let dossier: Value = serde_json::from_str(&text).unwrap();
    let mut files = Vec::new();
    for d in dossier["documents"].as_array().unwrap() {
        let file = dir.join(d["fileName"].as_str().unwrap());
        let bytes = if d["mediaType"] == "image/jpeg" {
            b"\xff\xd8\xff\xe0 passport scan".to_vec()
        } else {
            format!("%PDF-1.4\n% {}\n%%EOF\n", d["fileName"]).into_bytes()
        };
        std::fs::write(&file, bytes).unwrap();
        files.push(file);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    (path, files)
}

fn submit(file: &Path, server: &str, attach: &[PathBuf], extra: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.arg("submit").arg(file).args(["--server", server]);
    for a in attach {
        cmd.arg("--attach").arg(a);
    }
    cmd.args(extra).output().unwrap()
}

fn receipt(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn state_of(file: &Path) -> Value {
    let path = file.with_file_name(format!(
        "{}.submission.json",
        file.file_name().unwrap().to_str().unwrap()
    ));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{} is mode {:o}", path.display(), mode);
    }
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn https_submission_with_a_private_ca_and_replay_from_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let pki = support::certs::make(dir.path());
    let db = format!("sqlite://{}", dir.path().join("tls.db").display());
    let server = Server::start(
        env!("CARGO_BIN_EXE_dossier"),
        &db,
        &[
            "--tls-cert",
            pki.cert.to_str().unwrap(),
            "--tls-key",
            pki.key.to_str().unwrap(),
        ],
    );
    let base = format!("https://127.0.0.1:{}", server.addr.port());
    let ca = ["--ca-cert", pki.ca.to_str().unwrap()];
    let (file, attach) = dossier_with_files(dir.path(), "ngo.json");

    // Without the CA: refused at once (no retries), exit 2, the certificate problem named.
    let started = Instant::now();
    let out = submit(&file, &base, &attach, &[]);
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(took < Duration::from_secs(5), "took {took:?}: {stderr}");
    assert!(stderr.contains("TLS failure"), "{stderr}");
    assert!(stderr.contains("certificate"), "{stderr}");
    assert!(stderr.contains("--ca-cert"), "{stderr}");

    // With the CA: 201, the receipt printed and kept.
    let first = receipt(&submit(&file, &base, &attach, &ca));
    assert!(first["code"].as_str().unwrap().starts_with("HS-"));
    let state = state_of(&file);
    assert_eq!(state["receipt"]["code"], first["code"]);
    let key = state["idempotencyKey"].as_str().unwrap().to_owned();
    // A UUID v4 (SPEC §11: the same kind of key as the browser's newIdempotencyKey).
    assert_eq!(key.len(), 36);
    assert_eq!(key.as_bytes()[14], b'4', "{key}");
    assert_eq!(key.matches('-').count(), 4, "{key}");
    assert!(!key.contains(&dossier_server::ids::sha256_hex(&std::fs::read(&file).unwrap())[..16]));

    // Run again: the same receipt, no second dossier.
    let again = receipt(&submit(&file, &base, &attach, &ca));
    assert_eq!(again, first);
    // The same content in another file: another key (the key is not a function of the content).
    let copy = dir.path().join("ngo-copy.json");
    std::fs::copy(&file, &copy).unwrap();
    let other = receipt(&submit(&copy, &base, &attach, &ca));
    assert_ne!(state_of(&copy)["idempotencyKey"].as_str().unwrap(), key);
    assert_ne!(other["code"], first["code"]);
    // A changed dossier is not silently re-filed under the old receipt.
    let mut changed: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    changed["applicant"]["name"] = Value::from("Another name");
    std::fs::write(&file, changed.to_string()).unwrap();
    let out = submit(&file, &base, &attach, &ca);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has changed since"));

    // HSTS on every response of the HTTPS server; the status API works with the token.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let ca_pem = std::fs::read(&pki.ca).unwrap();
        let http = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&ca_pem).unwrap())
            .build()
            .unwrap();
        let r = http
            .get(format!(
                "{base}/api/v1/dossiers/{}",
                first["code"].as_str().unwrap()
            ))
            .bearer_auth(first["accessToken"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
        // Two dossiers in all: the first run, and the copy.
        let db = dossier_server::store::Store::open(&db).await.unwrap();
        assert_eq!(db.count_dossiers().await.unwrap(), 2);
    });
    drop(server);
}

#[test]
fn plain_http_to_another_machine_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = dossier_with_files(dir.path(), "d.json");
    let out = submit(&file, "http://192.0.2.10:8080", &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("refusing plain http://"), "{stderr}");
    assert!(stderr.contains("--insecure-http"), "{stderr}");
    assert!(!dir.path().join("d.json.submission.json").exists());
}
