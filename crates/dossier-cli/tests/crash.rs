//! Durability: submissions acknowledged with 201 survive a SIGKILL of the server. The server
//! runs as `dossier serve` on SQLite (WAL, synchronous=FULL); a bounded loop submits dossiers
//! while the process is killed, then a restarted server must show every acknowledged receipt.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod support;

use dossier_client::{new_idempotency_key, Client, Receipt, RetryPolicy};
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(db: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", db])
        // Many submissions from one address: no rate limits in this test.
        .args(support::NO_RATE_LIMITS)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_ready(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if reqwest_like_get(base).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server at {base} did not start");
}

async fn reqwest_like_get(base: &str) -> bool {
    // The client's status call on a code that cannot exist: any JSON answer means "up".
    Client::new(base)
        .with_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .status("HS-0000-0000", "x")
        .await
        .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_receipts_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("crash.db").display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port);
    wait_ready(&base).await;

    let client = Client::new(&base).with_policy(RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    });
    let pdf = client
        .upload(
            b"%PDF-1.4\n% crash test\n%%EOF\n".to_vec(),
            "application/pdf",
        )
        .await
        .unwrap();
    // The NGO example stays valid for years (its only date rule is the passport, 2031).
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/conformance/examples/ngo_licence.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut dossier: Value = serde_json::from_str(&text).unwrap();
    for d in dossier["documents"].as_array_mut().unwrap() {
        d["sha256"] = Value::from(pdf.sha256.clone());
    }

    // Submit in a bounded loop; kill the server with SIGKILL while requests are in flight.
    let submitter = tokio::spawn({
        let client = Client::new(&base).with_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        });
        async move {
            let mut acknowledged: Vec<Receipt> = Vec::new();
            for i in 0..400 {
                dossier["applicant"]["name"] = Value::from(format!("Global Water Partners {i}"));
                match client
                    .submit(
                        &dossier.to_string(),
                        &new_idempotency_key(),
                        support::today(),
                    )
                    .await
                {
                    Ok(r) => acknowledged.push(r),
                    Err(_) => break, // the server is gone
                }
            }
            acknowledged
        }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let acknowledged = submitter.await.unwrap();
    assert!(
        acknowledged.len() >= 3,
        "only {} submissions acknowledged before the kill",
        acknowledged.len()
    );

    let mut restarted = start(&db, port);
    wait_ready(&base).await;
    let reader = Client::new(&base);
    for r in &acknowledged {
        let status = reader.status(&r.code, &r.access_token).await.unwrap();
        assert!(
            status.is_some(),
            "acknowledged receipt {} lost after the crash",
            r.code
        );
    }
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    eprintln!(
        "crash test: {} acknowledged receipts all found after SIGKILL",
        acknowledged.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_server_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("term.db").display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port);
    wait_ready(&base).await;
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = server.try_wait().unwrap() {
            assert!(exit.success(), "exit status after SIGTERM: {exit}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop within 10 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
