//! The client against a fault-injecting proxy on loopback: dropped connections, a 503 with
//! `Retry-After`, a response lost after the server committed. Retries with one idempotency key
//! must store exactly one dossier; a 4xx is never retried; the budget bounds the retries.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_client::{new_idempotency_key, Client, Error, RetryPolicy};
use dossier_core::Date;
use dossier_server::store::Store;
use dossier_server::AppState;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug)]
enum Fault {
    Drop,
    Answer503,
    Answer400,
    LoseResponse,
    Forward,
}

/// A TCP proxy that applies `plan[n]` to the n-th connection (the last entry afterwards).
async fn proxy(target: String, plan: Vec<Fault>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let fault = plan[n.min(plan.len() - 1)];
            let target = target.clone();
            tokio::spawn(async move {
                match fault {
                    Fault::Drop => drop(client),
                    Fault::Answer503 | Fault::Answer400 => {
                        let mut buf = [0u8; 65536];
                        let _ = client.read(&mut buf).await;
                        let head = if matches!(fault, Fault::Answer503) {
                            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\ncontent-type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                        } else {
                            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nContent-Length: 58\r\nConnection: close\r\n\r\n{\"error\":{\"code\":\"X\",\"message\":{\"en\":\"no\",\"vi\":\"không\"}}}"
                        };
                        let _ = client.write_all(head.as_bytes()).await;
                    }
                    Fault::LoseResponse => {
                        let mut server = TcpStream::connect(&target).await.unwrap();
                        let (mut cr, _cw) = client.split();
                        let (mut sr, mut sw) = server.split();
                        let up = tokio::io::copy(&mut cr, &mut sw);
                        let mut first = [0u8; 1];
                        // Forward the request; when the answer starts, hang up on the client.
                        tokio::select! {
                            _ = up => {}
                            _ = sr.read(&mut first) => {}
                        }
                    }
                    Fault::Forward => {
                        let mut server = TcpStream::connect(&target).await.unwrap();
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                }
            });
        }
    });
    (addr, count)
}

async fn server() -> (String, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("f.db").display());
    let store = Store::open(&url).await.unwrap();
    let key = dossier_server::ids::hex(&dossier_server::ids::random::<32>());
    let store =
        dossier_server::secret::install(store, &dossier_server::secret::KeySource::Value(key))
            .await
            .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let state = AppState::new(
        store.clone(),
        dossier_server::limits::Settings::default().without_rate_limits(),
    );
    tokio::spawn(dossier_server::run(
        listener,
        state,
        None,
        std::future::pending(),
    ));
    (addr, store, dir)
}

fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Date::in_vietnam_from_unix_seconds(i64::try_from(secs).unwrap()).unwrap()
}

/// The trip example, valid today, pointing its documents at `sha`.
fn dossier(sha: &str) -> String {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/conformance/examples/outbound_trip.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut d: Value = serde_json::from_str(&text).unwrap();
    let days = Date::parse("2026-11-22")
        .unwrap()
        .days_until(today())
        .max(0);
    let shift = |v: &mut Value| {
        let moved = Date::parse(v.as_str().unwrap())
            .unwrap()
            .add_days(days)
            .unwrap();
        *v = Value::from(moved.to_string());
    };
    shift(&mut d["trip"]["departureDate"]);
    shift(&mut d["trip"]["returnDate"]);
    for s in d["trip"]["itinerary"].as_array_mut().unwrap() {
        shift(&mut s["arrive"]);
        shift(&mut s["leave"]);
    }
    for m in d["trip"]["members"].as_array_mut().unwrap() {
        shift(&mut m["passport"]["expiresOn"]);
    }
    for doc in d["documents"].as_array_mut().unwrap() {
        doc["sha256"] = Value::from(sha);
    }
    d.to_string()
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        budget: Duration::from_secs(10),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_through_faults_store_exactly_one_dossier() {
    let (target, store, _dir) = server().await;
    let direct = Client::new(&format!("http://{target}"));
    let att = direct
        .upload(b"%PDF-1.4\n%%EOF\n".to_vec(), "application/pdf")
        .await
        .unwrap();
    let plan = vec![
        Fault::Drop,
        Fault::Answer503,
        Fault::Drop,
        Fault::LoseResponse,
        Fault::Forward,
    ];
    let (proxied, connections) = proxy(target, plan).await;
    let client = Client::new(&proxied).with_policy(quick());
    let key = new_idempotency_key();
    let body = dossier(&att.sha256);
    let receipt = client.submit(&body, &key, today()).await.unwrap();
    assert!(receipt.code.starts_with("HS-"));
    assert!(
        connections.load(Ordering::SeqCst) >= 5,
        "every fault was met"
    );
    assert_eq!(
        store.count_dossiers().await.unwrap(),
        1,
        "exactly one dossier despite the lost response"
    );
    // A later retry with the same key replays the same receipt.
    let again = client.submit(&body, &key, today()).await.unwrap();
    assert_eq!(again, receipt);
    let status = client
        .status(&receipt.code, &receipt.access_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status["status"], "received");
    assert_eq!(client.status(&receipt.code, "WRONG").await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_4xx_is_never_retried() {
    let (target, _store, _dir) = server().await;
    let (proxied, connections) = proxy(target, vec![Fault::Answer400]).await;
    let client = Client::new(&proxied).with_policy(quick());
    let err = client
        .upload(b"%PDF-1.4".to_vec(), "application/pdf")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Rejected { status: 400, .. }), "{err}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_bounds_the_retries() {
    let (target, _store, _dir) = server().await;
    let (proxied, connections) = proxy(target, vec![Fault::Drop]).await;
    let policy = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        budget: Duration::from_secs(5),
    };
    let client = Client::new(&proxied).with_policy(policy);
    let started = Instant::now();
    let err = client
        .upload(b"%PDF-1.4".to_vec(), "application/pdf")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unavailable { attempts: 4, .. }),
        "{err}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 4);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_dossier_is_not_sent() {
    let (target, store, _dir) = server().await;
    let (proxied, connections) = proxy(target, vec![Fault::Forward]).await;
    let client = Client::new(&proxied).with_policy(quick());
    let err = client
        .submit(
            "{\"kind\": \"outbound_trip\"}",
            &new_idempotency_key(),
            today(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    assert_eq!(store.count_dossiers().await.unwrap(), 0);
}
