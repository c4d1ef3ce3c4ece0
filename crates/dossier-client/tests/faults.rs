//! The client against a fault-injecting proxy on loopback: dropped connections, a 503 with
//! `Retry-After`, a response lost after the server committed. Retries with one idempotency key
//! must store exactly one dossier; a 4xx is never retried; the budget bounds the retries.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_client::{new_idempotency_key, Client, Error, RetryPolicy, UploadOptions};
use dossier_core::Date;
use dossier_server::store::Store;
use dossier_server::AppState;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::Mutex;
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
    /// Forward, but cut both directions after this many bytes went up.
    CutAfter(usize),
}

/// A TCP proxy that applies `plan[n]` to the n-th connection (the last entry afterwards).
async fn proxy(target: String, plan: Vec<Fault>) -> (String, Arc<AtomicUsize>) {
    let (addr, count, _) = counting_proxy(target, plan).await;
    (addr, count)
}

/// Copies `from` to `to`, adding to `sent`, until EOF or `limit` bytes.
async fn pump(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    sent: &AtomicUsize,
    limit: usize,
) {
    let mut buf = vec![0u8; 16 * 1024];
    let mut total = 0;
    while total < limit {
        let want = buf.len().min(limit - total);
        let Ok(n) = from.read(&mut buf[..want]).await else {
            return;
        };
        if n == 0 || to.write_all(&buf[..n]).await.is_err() {
            return;
        }
        total += n;
        sent.fetch_add(n, Ordering::SeqCst);
    }
}

/// Like `proxy`, also counting the bytes that went up to the server.
async fn counting_proxy(
    target: String,
    plan: Vec<Fault>,
) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let sent = Arc::new(AtomicUsize::new(0));
    let upstream = sent.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let fault = plan[n.min(plan.len() - 1)];
            let target = target.clone();
            let upstream = upstream.clone();
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
                    Fault::Forward | Fault::CutAfter(_) => {
                        let limit = match fault {
                            Fault::CutAfter(n) => n,
                            _ => usize::MAX,
                        };
                        let mut server = TcpStream::connect(&target).await.unwrap();
                        let (mut cr, mut cw) = client.split();
                        let (mut sr, mut sw) = server.split();
                        let down = tokio::io::copy(&mut sr, &mut cw);
                        let up = pump(&mut cr, &mut sw, &upstream, limit);
                        // Ends (closing both sides) when either direction ends or the cut comes.
                        tokio::select! {
                            _ = up => {}
                            _ = down => {}
                        }
                    }
                }
            });
        }
    });
    (addr, count, sent)
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

/// A PDF of `size` bytes whose content varies (no two chunks alike).
fn big_pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    let mut x: u32 = 0x2545_F491;
    while bytes.len() < size - 6 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(b'a' + (x % 26) as u8);
    }
    bytes.extend_from_slice(b"%%EOF\n");
    bytes
}

fn sha_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_cut_half_way_resumes_where_it_stopped() {
    let (target, store, _dir) = server().await;
    let file = big_pdf(6 * 1024 * 1024);
    // The connection carrying the upload is cut after 3 MiB went up; later ones go through.
    let (proxied, connections, sent) = counting_proxy(
        target,
        vec![Fault::CutAfter(3 * 1024 * 1024), Fault::Forward],
    )
    .await;
    let client = Client::new(&proxied).with_policy(quick());
    let progress = Mutex::new(Vec::new());
    let urls = Mutex::new(Vec::new());
    let on_progress = |done: u64, total: u64| progress.lock().unwrap().push((done, total));
    let on_url = |url: Option<&str>| urls.lock().unwrap().push(url.map(str::to_owned));
    let options = UploadOptions {
        media_type: "application/pdf",
        file_name: "ho-chieu.pdf",
        resume: None,
        on_progress: Some(&on_progress),
        on_url: Some(&on_url),
    };
    let att = client.upload_resumable(&file, &options).await.unwrap();
    assert_eq!(att.sha256, sha_hex(&file));
    assert_eq!(att.size_bytes, file.len() as u64);
    assert!(connections.load(Ordering::SeqCst) >= 2, "the cut was met");
    let up = sent.load(Ordering::SeqCst);
    assert!(
        up < file.len() * 16 / 10,
        "{up} bytes went up for a {} byte file",
        file.len()
    );
    let progress = progress.into_inner().unwrap();
    assert!(
        progress.windows(2).all(|w| w[0].0 <= w[1].0),
        "{progress:?}"
    );
    assert_eq!(
        progress.last(),
        Some(&(file.len() as u64, file.len() as u64))
    );
    let urls = urls.into_inner().unwrap();
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(urls[0].as_deref().unwrap().contains("/api/v1/uploads/"));
    assert_eq!(urls[1], None);
    // The attachment is usable in a submission.
    let receipt = client
        .submit(&dossier(&att.sha256), &new_idempotency_key(), today())
        .await
        .unwrap();
    assert!(receipt.code.starts_with("HS-"));
    assert_eq!(store.count_dossiers().await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_resumes_from_a_kept_url_after_a_restart() {
    let (target, _store, _dir) = server().await;
    let file = big_pdf(3 * 1024 * 1024);
    // The first attempt dies for good after 1 MiB (every connection is cut there and the
    // budget runs out): a page reload.
    let (first, _, _) = counting_proxy(
        target.clone(),
        vec![Fault::CutAfter(1024 * 1024), Fault::Drop],
    )
    .await;
    let kept = Mutex::new(None::<String>);
    let keep = |url: Option<&str>| *kept.lock().unwrap() = url.map(str::to_owned);
    let policy = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(20),
        budget: Duration::from_secs(2),
    };
    let err = Client::new(&first)
        .with_policy(policy)
        .upload_resumable(
            &file,
            &UploadOptions {
                media_type: "application/pdf",
                file_name: "thu-moi.pdf",
                resume: None,
                on_progress: None,
                on_url: Some(&keep),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unavailable { .. }), "{err}");
    let url = kept
        .lock()
        .unwrap()
        .clone()
        .expect("the upload URL was kept");
    // After the "reload", the same upload goes on through a healthy path from the kept URL.
    let (second, _, sent) = counting_proxy(target, vec![Fault::Forward]).await;
    let port = |a: &str| a.rsplit(':').next().unwrap().to_owned();
    let url = url.replace(&port(&first), &port(&second));
    let progress = Mutex::new(Vec::new());
    let on_progress = |done: u64, total: u64| progress.lock().unwrap().push((done, total));
    let att = Client::new(&second)
        .with_policy(quick())
        .upload_resumable(
            &file,
            &UploadOptions {
                media_type: "application/pdf",
                file_name: "thu-moi.pdf",
                resume: Some(url),
                on_progress: Some(&on_progress),
                on_url: Some(&keep),
            },
        )
        .await
        .unwrap();
    assert_eq!(att.sha256, sha_hex(&file));
    let progress = progress.into_inner().unwrap();
    assert!(
        progress[0].0 >= 512 * 1024,
        "went on from where it stopped: {progress:?}"
    );
    let rest = file.len() - usize::try_from(progress[0].0).unwrap();
    let up = sent.load(Ordering::SeqCst);
    // Only the rest went up the second time (plus request heads: a few hundred bytes each).
    assert!(
        up >= rest && up < rest + 16 * 1024,
        "{up} bytes for the last {rest}"
    );
    assert_eq!(
        *kept.lock().unwrap(),
        None,
        "the finished upload forgets its URL"
    );
}
