//! `dossier backup` while 8 clients submit continuously to the real server, `dossier restore`
//! into a fresh database, and a server on the restored database: every receipt acknowledged
//! before the backup began is there, with its history and its access token. On SQLite and on
//! PostgreSQL (temporary databases), and across engines.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod support;

use dossier_client::{new_idempotency_key, Client, Receipt, RetryPolicy};
use dossier_server::testing::TempDatabase;
use serde_json::Value;
use std::io::Read;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::slow::Server;

const KEY: &str = "backup-test-key-0123456789abcdef0123456789abcdef";

fn serve(db: &str) -> Server {
    // The key from the environment, as an operator moving a deployment would give it.
    Server::start_env(
        env!("CARGO_BIN_EXE_dossier"),
        db,
        &support::NO_RATE_LIMITS,
        &[("DOSSIER_SECRET", KEY)],
    )
}

fn dossier() -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/conformance/examples/ngo_licence.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .unwrap()
}

/// Backs `source` up under load; restores into `target`; checks the receipts.
async fn round_trip(source: &TempDatabase, target: &TempDatabase, work: &std::path::Path) {
    let server = serve(source.url());
    let base = format!("http://{}", server.addr);
    let client = Client::new(&base);
    let pdf = client
        .upload(
            b"%PDF-1.4\n% backup test\n%%EOF\n".to_vec(),
            "application/pdf",
        )
        .await
        .unwrap();
    let mut d = dossier();
    for doc in d["documents"].as_array_mut().unwrap() {
        doc["sha256"] = Value::from(pdf.sha256.clone());
    }
    let acknowledged: Arc<Mutex<Vec<Receipt>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..8 {
        let (acknowledged, stop, base, mut d) =
            (acknowledged.clone(), stop.clone(), base.clone(), d.clone());
        clients.push(tokio::spawn(async move {
            let client = Client::new(&base).with_policy(RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            });
            for i in 0..500 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                d["applicant"]["name"] = Value::from(format!("Partners {c}-{i}"));
                if let Ok(r) = client
                    .submit(&d.to_string(), &new_idempotency_key(), support::today())
                    .await
                {
                    acknowledged.lock().unwrap().push(r);
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let before: Vec<Receipt> = acknowledged.lock().unwrap().clone();
    assert!(before.len() >= 8, "only {} acknowledged", before.len());
    let file = work.join("backup.jsonl.gz");
    let (url, out) = (source.url().to_owned(), file.clone());
    let backup = tokio::task::spawn_blocking(move || {
        cli(&["backup", "--db", &url, "--out", out.to_str().unwrap()])
    })
    .await
    .unwrap();
    assert_eq!(
        backup.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let during = acknowledged.lock().unwrap().len();
    drop(server);

    // The backup is private and holds no key.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&file).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    assert!(!text.contains(KEY));
    assert!(!text.contains(&before[0].access_token));

    let restore = cli(&[
        "restore",
        "--db",
        target.url(),
        "--in",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        restore.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    // Not twice into the same database.
    let again = cli(&[
        "restore",
        "--db",
        target.url(),
        "--in",
        file.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    let restored = serve(target.url());
    let reader = Client::new(&format!("http://{}", restored.addr));
    for r in &before {
        let status = reader
            .status(&r.code, &r.access_token)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{} acknowledged before the backup is missing", r.code));
        assert_eq!(status["status"], "received");
        assert_eq!(status["history"].as_array().unwrap().len(), 1);
        assert_eq!(status["history"][0]["status"], "received");
    }
    eprintln!(
        "backup under load: {} receipts before the backup, {during} when the clients stopped; all {} found after the restore",
        before.len(),
        before.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_every_acknowledged_receipt() {
    let work = tempfile::tempdir().unwrap();
    round_trip(
        &TempDatabase::sqlite(),
        &TempDatabase::sqlite(),
        work.path(),
    )
    .await;
    if let Some(source) = TempDatabase::for_test(true).await {
        let target = TempDatabase::for_test(true).await.unwrap();
        let work = tempfile::tempdir().unwrap();
        round_trip(&source, &target, work.path()).await;
        // From SQLite to PostgreSQL: one format for both.
        let target = TempDatabase::for_test(true).await.unwrap();
        let work = tempfile::tempdir().unwrap();
        round_trip(&TempDatabase::sqlite(), &target, work.path()).await;
    }
}
