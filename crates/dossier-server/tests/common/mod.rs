//! Shared helpers of the HTTP tests: an in-process server on 127.0.0.1, example dossiers moved
//! into the future relative to today, generated PDFs.
#![allow(dead_code, clippy::unwrap_used)]

use dossier_core::Date;
use dossier_server::limits::Settings;
use dossier_server::secret::{self, KeySource};
use dossier_server::store::Store;
use dossier_server::testing::TempDatabase;
use dossier_server::AppState;
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

pub struct TestServer {
    pub base: String,
    pub store: Store,
    /// The access-token key the server runs with.
    pub key: String,
    _db: Option<std::sync::Arc<TempDatabase>>,
}

impl TestServer {
    /// A server started by the test itself.
    pub fn wrap(base: String, store: Store) -> TestServer {
        TestServer {
            base,
            store,
            key: String::new(),
            _db: None,
        }
    }
}

/// A server on a database of its own (SQLite, or PostgreSQL when `pg` and
/// `DOSSIER_TEST_PG_URL` is set); without rate limits (these tests submit a lot from one
/// address).
pub async fn start(pg: bool) -> Option<TestServer> {
    start_with(pg, Settings::default().without_rate_limits()).await
}

/// A random access-token key.
pub fn new_key() -> String {
    dossier_server::ids::hex(&dossier_server::ids::random::<32>())
}

/// A store on `db` with its migrations applied and `key` installed.
pub async fn keyed_store(db: &TempDatabase, key: &str) -> Store {
    let store = Store::open(db.url()).await.unwrap();
    secret::install(store, &KeySource::Value(key.to_owned()))
        .await
        .unwrap()
}

/// A server with these settings, served by the production connection loop on 127.0.0.1.
pub async fn start_with(pg: bool, settings: Settings) -> Option<TestServer> {
    let db = std::sync::Arc::new(TempDatabase::for_test(pg).await?);
    let key = new_key();
    let store = keyed_store(&db, &key).await;
    Some(serve(store, settings, key, Some(db)).await)
}

/// Serves `store` on a new port of 127.0.0.1.
pub async fn serve(
    store: Store,
    settings: Settings,
    key: String,
    db: Option<std::sync::Arc<TempDatabase>>,
) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), settings);
    tokio::spawn(dossier_server::run(
        listener,
        state,
        None,
        std::future::pending(),
    ));
    TestServer {
        base,
        store,
        key,
        _db: db,
    }
}

pub fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Date::in_vietnam_from_unix_seconds(i64::try_from(secs).unwrap()).unwrap()
}

fn shift(v: &mut Value, days: i64) {
    if let Some(s) = v.as_str() {
        if let Some(d) = Date::parse(s) {
            *v = Value::from(d.add_days(days).unwrap().to_string());
        }
    }
}

/// An example dossier whose dates are moved so that it is valid today, with its documents
/// pointing at `sha256`.
pub fn example(kind: &str, sha256: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/conformance/examples/{kind}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut d: Value = serde_json::from_str(&text).unwrap();
    // The examples are valid as of 2026-11-22: keep the same distance from today.
    let days = Date::parse("2026-11-22").unwrap().days_until(today());
    if days > 0 {
        match kind {
            "conference_permit" => {
                let c = &mut d["conference"];
                shift(&mut c["startDate"], days);
                shift(&mut c["endDate"], days);
                for a in c["agenda"].as_array_mut().unwrap() {
                    shift(&mut a["date"], days);
                }
            }
            "outbound_trip" => {
                let t = &mut d["trip"];
                shift(&mut t["departureDate"], days);
                shift(&mut t["returnDate"], days);
                for s in t["itinerary"].as_array_mut().unwrap() {
                    shift(&mut s["arrive"], days);
                    shift(&mut s["leave"], days);
                }
                for m in t["members"].as_array_mut().unwrap() {
                    shift(&mut m["passport"]["expiresOn"], days);
                }
            }
            _ => {
                let n = &mut d["ngo"];
                shift(&mut n["representative"]["passportExpiry"], days);
            }
        }
    }
    for doc in d["documents"].as_array_mut().unwrap() {
        doc["sha256"] = Value::from(sha256);
    }
    d
}

/// A small, real PDF (distinct per `n`).
pub fn pdf(n: u32) -> Vec<u8> {
    format!("%PDF-1.4\n% dossier test {n}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

pub fn random_key() -> String {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).unwrap();
    dossier_server::ids::hex(&b)
}

/// A loopback address other than 127.0.0.1 that stands for one client. Random, because the
/// PostgreSQL database (and the counts kept in it) outlives test runs.
pub fn fresh_ip() -> std::net::IpAddr {
    let mut b = [0u8; 3];
    getrandom::fill(&mut b).unwrap();
    std::net::IpAddr::from([127, b[0].max(1), b[1].max(1), b[2].clamp(2, 254)])
}

/// An HTTP client whose connections come from `ip`.
pub fn client_from(ip: std::net::IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip)
        .build()
        .unwrap()
}

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery";

/// A new staff account of `unit` (random username, [`PASSWORD`]).
pub async fn account(s: &TestServer, unit: dossier_server::staff_store::Unit) -> String {
    let name = format!("officer-{}", random_key());
    let hash = dossier_server::passwords::hash_password(PASSWORD).unwrap();
    s.store.add_staff(&name, unit, &hash, "now").await.unwrap();
    name
}

/// `POST /api/v1/staff/login`.
pub async fn login(
    c: &reqwest::Client,
    s: &TestServer,
    user: &str,
    password: &str,
) -> reqwest::Response {
    c.post(format!("{}/api/v1/staff/login", s.base))
        .json(&serde_json::json!({ "username": user, "password": password }))
        .send()
        .await
        .unwrap()
}

/// The (pointer, code) pairs of a 400 `INVALID_REQUEST`, each with a Vietnamese and an
/// English message.
pub fn invalid_fields(status: reqwest::StatusCode, body: &Value) -> Vec<(String, String)> {
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "INVALID_REQUEST", "{body}");
    body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(
                f["message"]["vi"].as_str().is_some_and(|m| !m.is_ascii()),
                "{f}"
            );
            assert!(
                f["message"]["en"].as_str().is_some_and(|m| !m.is_empty()),
                "{f}"
            );
            (
                f["pointer"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Two tests running `$body` (an `async fn(&TestServer)`): `$sqlite` on a temporary SQLite
/// database, `$postgres` on PostgreSQL when `DOSSIER_TEST_PG_URL` is set (skipped otherwise).
#[macro_export]
macro_rules! on_both_engines {
    ($sqlite:ident, $postgres:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $sqlite() {
            $body(&common::start(false).await.unwrap()).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $postgres() {
            let Some(s) = common::start(true).await else {
                eprintln!("DOSSIER_TEST_PG_URL is not set: the PostgreSQL run is skipped");
                return;
            };
            $body(&s).await;
        }
    };
}

/// `POST /api/v1/dossiers` with a fresh idempotency key.
pub async fn post_dossier(c: &reqwest::Client, s: &TestServer, d: &Value) -> reqwest::Response {
    post_dossier_keyed(c, s, &random_key(), d).await
}

/// `POST /api/v1/dossiers` with the idempotency key `key`.
pub async fn post_dossier_keyed(
    c: &reqwest::Client,
    s: &TestServer,
    key: &str,
    d: &Value,
) -> reqwest::Response {
    c.post(format!("{}/api/v1/dossiers", s.base))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(d.to_string())
        .send()
        .await
        .unwrap()
}

/// `POST /api/v1/attachments` of `bytes` declared as `media_type`.
pub async fn upload(
    c: &reqwest::Client,
    s: &TestServer,
    media_type: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    c.post(format!("{}/api/v1/attachments", s.base))
        .header("content-type", media_type)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// Uploads `pdf(n)` with `POST /api/v1/attachments`; its SHA-256.
pub async fn upload_pdf(c: &reqwest::Client, s: &TestServer, n: u32) -> String {
    upload_sha(c, s, pdf(n)).await
}

/// Uploads `bytes` as a PDF (201 expected); its SHA-256.
pub async fn upload_sha(c: &reqwest::Client, s: &TestServer, bytes: Vec<u8>) -> String {
    let r = upload(c, s, "application/pdf", bytes).await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let att: Value = r.json().await.unwrap();
    att["sha256"].as_str().unwrap().to_owned()
}

/// `GET` of `url` (absolute) with a bearer token.
pub async fn get_as(c: &reqwest::Client, url: &str, token: &str) -> reqwest::Response {
    c.get(url).bearer_auth(token).send().await.unwrap()
}

/// `GET` of `url` (absolute) with a bearer token; the answer's JSON.
pub async fn get_json_as(c: &reqwest::Client, url: &str, token: &str) -> Value {
    get_as(c, url, token).await.json().await.unwrap()
}
