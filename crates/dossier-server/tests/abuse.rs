//! The server under abuse (SPEC §10), in process on 127.0.0.1 with clients on other loopback
//! addresses: login throttling per (username, address) with atomic counting, the per-address
//! login limit, `/healthz` during a login burst, rate limits per address (shared by two
//! instances on PostgreSQL), trusted proxies, connection limits, security headers, safe
//! downloads with upper-case SHA-256, every DTO bound with its JSON Pointer, control
//! characters. On SQLite, and on PostgreSQL when `DOSSIER_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{
    account, client_from, example, fresh_ip, get_as, get_json_as, invalid_fields, login, pdf,
    post_dossier, random_key, start, start_with, upload, upload_sha, TestServer, PASSWORD,
};
use dossier_server::audit::AuditEvent;
use dossier_server::limits::Settings;
use dossier_server::staff_store::Unit;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::net::IpAddr;
use std::time::{Duration, Instant};

async fn token(c: &Client, s: &TestServer, user: &str) -> String {
    let r = login(c, s, user, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn retry_after(r: &reqwest::Response) -> u64 {
    r.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After on {}", r.status()))
}

/// Uploads `bytes` as a PDF from `c`; the SHA-256.
async fn each_database(test: impl AsyncFn(bool)) {
    test(false).await;
    if std::env::var("DOSSIER_TEST_PG_URL").is_ok() {
        test(true).await;
    }
}

// ---------------------------------------------------------------- login throttling

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_from_one_address_do_not_lock_out_another() {
    each_database(async |pg| {
        let s = start(pg).await.unwrap();
        let user = account(&s, Unit::Commune(20242)).await;
        let attacker = client_from(fresh_ip());
        let officer = client_from(fresh_ip());
        for _ in 0..5 {
            let r = login(&attacker, &s, &user, "wrong password 1234").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
        // The sixth try from the same address: refused without a check, even the right one.
        let r = login(&attacker, &s, &user, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait = retry_after(&r);
        assert!(wait > 0 && wait <= 900, "Retry-After {wait}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "LOGIN_THROTTLED");
        // Hammering the blocked pair changes nothing: still refused, audited once.
        for _ in 0..20 {
            let r = login(&attacker, &s, &user, "wrong password 1234").await;
            assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        }
        // The officer, from another address, logs in.
        let r = login(&officer, &s, &user, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        // Audited: five checked failures, one throttling, one success.
        let count = |e| s.store.audit_count(e, &user);
        assert_eq!(count(AuditEvent::LoginFailed).await.unwrap(), 5);
        assert_eq!(count(AuditEvent::LoginThrottled).await.unwrap(), 1);
        assert_eq!(count(AuditEvent::LoginOk).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_get_at_most_five_checks() {
    each_database(async |pg| {
        // Enough connections per address for all 200 guesses to reach the handler at once.
        let settings = Settings {
            max_connections_per_ip: 256,
            ..Settings::default().without_rate_limits()
        };
        let s = start_with(pg, settings).await.unwrap();
        let user = account(&s, Unit::Province(48)).await;
        let attacker = client_from(fresh_ip());
        let guesses: Vec<_> = (0..200)
            .map(|i| {
                let c = attacker.clone();
                let url = format!("{}/api/v1/staff/login", s.base);
                let user = user.clone();
                tokio::spawn(async move {
                    c.post(url)
                        .json(&json!({ "username": user, "password": format!("guess number {i:04}") }))
                        .send()
                        .await
                        .unwrap()
                        .status()
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for g in guesses {
            statuses.push(g.await.unwrap());
        }
        let checked = statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count();
        let throttled = statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!(checked + throttled, 200, "{statuses:?}");
        assert!(checked <= 5, "{checked} passwords checked");
        let audited = s
            .store
            .audit_count(AuditEvent::LoginFailed, &user)
            .await
            .unwrap();
        assert_eq!(audited, i64::try_from(checked).unwrap());
        assert!(audited <= 5, "{audited} passwords checked");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_fifty_failures_from_one_address_block_that_address() {
    each_database(async |pg| {
        let s = start(pg).await.unwrap();
        let user = account(&s, Unit::Commune(20242)).await;
        let office = client_from(fresh_ip());
        let stranger = || async {
            let name = format!("nobody-{}", random_key());
            login(&office, &s, &name, "some wrong password").await
        };
        for _ in 0..50 {
            assert_eq!(stranger().await.status(), StatusCode::UNAUTHORIZED);
        }
        let r = stranger().await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&r) > 0);
        let r = login(&office, &s, &user, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let r = login(&client_from(fresh_ip()), &s, &user, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_stays_fast_while_forty_logins_are_hashed() {
    let s = start(false).await.unwrap();
    let mut users = Vec::new();
    for _ in 0..40 {
        users.push(account(&s, Unit::Commune(20242)).await);
    }
    let logins: Vec<_> = users
        .into_iter()
        .map(|user| {
            let c = client_from(fresh_ip());
            let url = format!("{}/api/v1/staff/login", s.base);
            tokio::spawn(async move {
                c.post(url)
                    .json(&json!({ "username": user, "password": PASSWORD }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let probe = client_from(fresh_ip());
    let mut samples = Vec::new();
    let started = Instant::now();
    while logins.iter().any(|l| !l.is_finished()) {
        let t = Instant::now();
        let r = probe
            .get(format!("{}/healthz", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        samples.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let burst = started.elapsed();
    for l in logins {
        assert_eq!(l.await.unwrap(), StatusCode::OK);
    }
    samples.sort();
    let p99 = samples[(samples.len() - 1) * 99 / 100];
    eprintln!(
        "40 logins hashed in {burst:?}; healthz {} samples, p50 {:?}, p99 {p99:?}, max {:?}",
        samples.len(),
        samples[samples.len() / 2],
        samples[samples.len() - 1]
    );
    assert!(samples.len() >= 10, "too few samples: {}", samples.len());
    assert!(p99 < Duration::from_millis(100), "healthz p99 {p99:?}");
}

// ---------------------------------------------------------------- rate limits

fn limited() -> Settings {
    Settings {
        submissions_per_hour: 3,
        uploads_per_hour: 4,
        upload_bytes_per_hour: 700 * 1024,
        ..Settings::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_answer_429_for_one_address_while_another_is_served() {
    each_database(async |pg| {
        let s = start_with(pg, limited()).await.unwrap();
        let (a, b) = (client_from(fresh_ip()), client_from(fresh_ip()));
        // Submissions count whatever their outcome (here: invalid dossiers, 422).
        for _ in 0..3 {
            assert_eq!(
                post_dossier(&a, &s, &json!({})).await.status(),
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        let r = post_dossier(&a, &s, &json!({})).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait = retry_after(&r);
        assert!(wait > 0 && wait <= 1200, "Retry-After {wait}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "RATE_LIMITED");
        assert!(body["error"]["message"]["vi"]
            .as_str()
            .unwrap()
            .contains("giờ"));
        assert_eq!(
            post_dossier(&b, &s, &json!({})).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // Upload requests.
        let c = client_from(fresh_ip());
        for i in 0..4 {
            upload_sha(&c, &s, pdf(i)).await;
        }
        let r = upload(&c, &s, "application/pdf", pdf(9)).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&r) > 0);

        // Uploaded bytes: 512 KiB pass, the next 512 KiB do not (700 KiB per hour).
        let d = client_from(fresh_ip());
        let mut big = pdf(1);
        big.resize(512 * 1024, b' ');
        upload_sha(&d, &s, big.clone()).await;
        big[100] = b'x';
        let r = upload(&d, &s, "application/pdf", big.clone()).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&r) > 0);
        upload_sha(&client_from(fresh_ip()), &s, big).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgresql_share_the_counts() {
    let Some(db) = dossier_server::testing::TempDatabase::for_test(true).await else {
        eprintln!("DOSSIER_TEST_PG_URL not set: skipped");
        return;
    };
    // Two instances, two pools, one database and one key.
    let db = std::sync::Arc::new(db);
    let key = common::new_key();
    let one = common::serve(
        common::keyed_store(&db, &key).await,
        limited(),
        key.clone(),
        Some(db.clone()),
    )
    .await;
    let two = common::serve(
        common::keyed_store(&db, &key).await,
        limited(),
        key.clone(),
        Some(db.clone()),
    )
    .await;
    let a = client_from(fresh_ip());
    for s in [&one, &two, &one] {
        assert_eq!(
            post_dossier(&a, s, &json!({})).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        post_dossier(&a, &two, &json!({})).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        post_dossier(&a, &one, &json!({})).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Login failures too: five on one instance, the sixth refused by the other.
    let user = account(&one, Unit::Province(48)).await;
    for s in [&one, &two, &one, &two, &one] {
        assert_eq!(
            login(&a, s, &user, "wrong password 1234").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        login(&a, &two, &user, PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_is_believed_only_from_trusted_proxies() {
    let proxy: IpAddr = fresh_ip();
    let s = start_with(
        false,
        Settings {
            submissions_per_hour: 1,
            trusted_proxies: vec![ipnet::IpNet::from(proxy)],
            ..Settings::default()
        },
    )
    .await
    .unwrap();
    let via_proxy = client_from(proxy);
    let send = |c: &Client, forwarded: &str| {
        c.post(format!("{}/api/v1/dossiers", s.base))
            .header("content-type", "application/json")
            .header("idempotency-key", random_key())
            .header("x-forwarded-for", forwarded)
            .body("{}")
            .send()
    };
    // Two citizens behind the proxy are counted apart.
    assert_eq!(send(&via_proxy, "203.0.113.7").await.unwrap().status(), 422);
    assert_eq!(send(&via_proxy, "203.0.113.7").await.unwrap().status(), 429);
    assert_eq!(send(&via_proxy, "203.0.113.8").await.unwrap().status(), 422);
    // A forged first hop does not help: the proxy appended the real address last.
    assert_eq!(
        send(&via_proxy, "198.51.100.1, 203.0.113.7")
            .await
            .unwrap()
            .status(),
        429
    );
    // A client that is not a proxy cannot choose its address with the header.
    let direct = client_from(fresh_ip());
    assert_eq!(send(&direct, "203.0.113.9").await.unwrap().status(), 422);
    assert_eq!(send(&direct, "203.0.113.10").await.unwrap().status(), 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_limits_refuse_with_json() {
    use tokio::io::AsyncReadExt;
    let s = start_with(
        false,
        Settings {
            max_connections: 6,
            max_connections_per_ip: 3,
            ..Settings::default()
        },
    )
    .await
    .unwrap();
    let addr: std::net::SocketAddr = s.base.trim_start_matches("http://").parse().unwrap();
    let connect = |ip: IpAddr| async move {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(std::net::SocketAddr::new(ip, 0)).unwrap();
        socket.connect(addr).await.unwrap()
    };
    // One request with `connection: close`: the answer, then EOF (a refusal or a 200).
    let exchange = |mut stream: tokio::net::TcpStream| async move {
        use tokio::io::AsyncWriteExt;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut text = String::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut text))
            .await
            .unwrap()
            .unwrap();
        text
    };
    let a = fresh_ip();
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(connect(a).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let text = exchange(connect(a).await).await;
    assert!(text.starts_with("HTTP/1.1 429"), "{text}");
    assert!(text.contains("TOO_MANY_CONNECTIONS"), "{text}");
    assert!(text.contains("x-content-type-options: nosniff"), "{text}");
    assert!(text.contains("retry-after: 5"), "{text}");
    // Another address is still served (and its connection closed again).
    let text = exchange(connect(fresh_ip()).await).await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The global limit: 3 more from other addresses fill it; the next is told to come back.
    for _ in 0..3 {
        held.push(connect(fresh_ip()).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let text = exchange(connect(fresh_ip()).await).await;
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("SERVER_BUSY"), "{text}");
    drop(held);
}

// ---------------------------------------------------------------- headers and downloads

fn assert_common_headers(r: &reqwest::Response, what: &str) {
    let h = r.headers();
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["referrer-policy"], "no-referrer", "{what}");
}

fn assert_no_store(r: &reqwest::Response, what: &str) {
    assert_common_headers(r, what);
    assert_eq!(r.headers()["cache-control"], "no-store", "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() {
    let db = dossier_server::testing::TempDatabase::sqlite();
    let store = common::keyed_store(&db, &common::new_key()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = dossier_server::AppState::new(store.clone(), Settings::default());
    let www = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www"));
    tokio::spawn(dossier_server::run(
        listener,
        state,
        Some(www),
        std::future::pending(),
    ));
    let c = client_from(fresh_ip());
    let get = |path: &str| c.get(format!("{base}{path}")).send();

    for page in ["/", "/forms/conference_permit", "/status", "/staff"] {
        let r = get(page).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{page}");
        assert_common_headers(&r, page);
        assert_eq!(
            r.headers()["content-security-policy"],
            dossier_server::CONTENT_SECURITY_POLICY,
            "{page}"
        );
        let html = r.text().await.unwrap();
        assert!(
            !html.contains("<script>") && !html.contains(" style="),
            "{page}: inline script or style"
        );
        assert!(
            !html.contains(" onclick=") && !html.contains(" onload="),
            "{page}: inline handler"
        );
    }
    for path in [
        "/app/form.js",
        "/api/v1/rulebook",
        "/api/v1/forms/ngo_licence",
        "/api/nope",
        "/healthz",
    ] {
        let r = get(path).await.unwrap();
        assert_common_headers(&r, path);
    }
    let s = TestServer::wrap(base.clone(), store);
    // Receipt, status and its 404, staff API responses: no-store.
    let sha = upload_sha(&c, &s, pdf(77)).await;
    let r = post_dossier(&c, &s, &example("conference_permit", &sha)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_no_store(&r, "receipt");
    let receipt: Value = r.json().await.unwrap();
    let r = c
        .get(format!(
            "{base}/api/v1/dossiers/{}",
            receipt["code"].as_str().unwrap()
        ))
        .bearer_auth(receipt["accessToken"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_no_store(&r, "status");
    let r = get("/api/v1/dossiers/HS-0000-0000").await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_no_store(&r, "status 404");
    let user = account(&s, Unit::Commune(20242)).await;
    let r = login(&c, &s, &user, PASSWORD).await;
    assert_no_store(&r, "login");
    let tok = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = receipt["id"].as_str().unwrap();
    for path in [
        "/api/v1/staff/me".to_owned(),
        "/api/v1/staff/dossiers".to_owned(),
        format!("/api/v1/staff/dossiers/{id}"),
        format!("/api/v1/staff/dossiers/{id}/attachments/{sha}"),
        "/api/v1/staff/dossiers/unknown".to_owned(),
    ] {
        let r = get_as(&c, &format!("{base}{path}"), &tok).await;
        assert_no_store(&r, &path);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_are_safe_and_upper_case_hashes_round_trip() {
    each_database(async |pg| {
        let s = start(pg).await.unwrap();
        let c = client_from(fresh_ip());
        // Several chunks (1.2 MiB), distinct per run.
        let mut bytes = pdf(5);
        bytes.extend_from_slice(random_key().as_bytes());
        bytes.resize(1_250_000, b'%');
        let sha = upload_sha(&c, &s, bytes.clone()).await;
        let mut d = example("conference_permit", &sha.to_ascii_uppercase());
        d["documents"][0]["fileName"] = Value::from("Công văn xin phép.pdf");
        let r = post_dossier(&c, &s, &d).await;
        assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
        let receipt: Value = r.json().await.unwrap();
        let id = receipt["id"].as_str().unwrap();
        let user = account(&s, Unit::Commune(20242)).await;
        let tok = token(&c, &s, &user).await;
        let detail: Value = get_json_as(&c, &format!("{}/api/v1/staff/dossiers/{id}", s.base), &tok).await;
        let url = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
        assert_eq!(url, format!("/api/v1/staff/dossiers/{id}/attachments/{sha}"));
        for path in [url.clone(), url.replace(&sha, &sha.to_ascii_uppercase())] {
            let r = get_as(&c, &format!("{}{path}", s.base), &tok).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let h = r.headers().clone();
            assert_eq!(h["content-type"], "application/pdf");
            assert_eq!(h["content-length"], bytes.len().to_string().as_str());
            assert_eq!(
                h["content-disposition"],
                "attachment; filename=\"Cong-van-xin-phep.pdf\"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20xin%20ph%C3%A9p.pdf"
            );
            assert_eq!(h["content-security-policy"], "default-src 'none'; sandbox");
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(h["cache-control"], "no-store");
            assert_eq!(r.bytes().await.unwrap().as_ref(), &bytes[..]);
        }
        // A hash the dossier does not name: 404.
        let other = upload_sha(&c, &s, pdf(6)).await;
        let r = get_as(&c, &format!("{}/api/v1/staff/dossiers/{id}/attachments/{other}", s.base), &tok).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        // Audited: the view and both downloads, with the officer and the address.
        let access = s.store.dossier_access(id).await.unwrap();
        let events: Vec<&str> = access.iter().map(|a| a.event.as_str()).collect();
        assert_eq!(events, ["view", "download", "download"]);
        assert!(access.iter().all(|a| a.username == user));
        assert!(access.iter().all(|a| a.client_addr.starts_with("127.")));
        assert_eq!(access[1].detail, sha);
    })
    .await;
}

// ---------------------------------------------------------------- request DTOs

async fn invalid(r: reqwest::Response) -> Vec<(String, String)> {
    let status = r.status();
    invalid_fields(status, &r.json().await.unwrap())
}

fn one(pointer: &str, code: &str) -> Vec<(String, String)> {
    vec![(pointer.to_owned(), code.to_owned())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_field_is_bounded_and_named_by_pointer() {
    each_database(async |pg| {
        let s = start(pg).await.unwrap();
        let c = client_from(fresh_ip());
        let post = |path: &str, body: Value, tok: Option<&str>| {
            let mut r = c.post(format!("{}{path}", s.base)).json(&body);
            if let Some(t) = tok {
                r = r.bearer_auth(t);
            }
            r.send()
        };
        // Login.
        let login_cases = [
            (json!({ "username": "AB", "password": PASSWORD }), one("/username", "pattern")),
            (json!({ "username": "ab", "password": PASSWORD }), one("/username", "pattern")),
            (json!({ "username": "hai chau", "password": PASSWORD }), one("/username", "pattern")),
            (json!({ "username": "a".repeat(65), "password": PASSWORD }), one("/username", "pattern")),
            (json!({ "username": "haichau", "password": "short pass" }), one("/password", "length")),
            (json!({ "username": "haichau", "password": "p".repeat(1025) }), one("/password", "length")),
            (json!({ "username": "haichau", "password": "with a \u{0} NUL inside" }), one("/password", "control")),
            (json!({ "username": "haichau" }), one("/password", "required")),
            (json!({ "username": "haichau", "password": PASSWORD, "otp": 1 }), one("/otp", "unknown")),
            (json!({ "username": 7, "password": PASSWORD }), one("/username", "value")),
        ];
        for (body, want) in login_cases {
            let got = invalid(post("/api/v1/staff/login", body.clone(), None).await.unwrap()).await;
            assert_eq!(got, want, "{body}");
        }
        // Actions.
        let receipt: Value = {
            let sha = upload_sha(&c, &s, pdf(3)).await;
            post_dossier(&c, &s, &example("conference_permit", &sha)).await.json().await.unwrap()
        };
        let id = receipt["id"].as_str().unwrap();
        let user = account(&s, Unit::Commune(20242)).await;
        let tok = token(&c, &s, &user).await;
        let path = format!("/api/v1/staff/dossiers/{id}/actions");
        let action_cases = [
            (json!({ "action": "return", "version": 0, "note": "x".repeat(2001) }), one("/note", "length")),
            (json!({ "action": "return", "version": 0, "note": "null \u{0} byte" }), one("/note", "control")),
            (json!({ "action": "return", "version": 0, "note": "bell \u{7}" }), one("/note", "control")),
            (json!({ "action": "return", "version": 0, "note": "c1 \u{85}" }), one("/note", "control")),
            (json!({ "action": "return", "version": 0, "findingCodes": vec!["DOCUMENT_MISSING"; 51] }), one("/findingCodes", "length")),
            (json!({ "action": "return", "version": 0, "findingCodes": ["DOCUMENT_MISSING", "NOPE"] }), one("/findingCodes/1", "value")),
            (json!({ "action": "return", "version": -1, "note": "n" }), one("/version", "range")),
            (json!({ "action": "approve", "version": 0 }), one("/action", "value")),
            (json!({ "version": 0 }), one("/action", "required")),
            (json!({ "action": "forward", "version": 0, "reason": "" }), one("/reason", "unknown")),
            (json!({ "action": "return", "version": 0, "note": "n", "confirmOverride": "yes" }), one("/confirmOverride", "value")),
            // The decision (SPEC §12).
            (json!({ "action": "decide", "version": 0, "decision": { "result": "maybe", "number": "1", "date": "2026-12-01", "signerOffice": "x" } }), one("/decision/result", "value")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "", "date": "2026-12-01", "signerOffice": "x" } }), one("/decision/number", "length")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "n".repeat(65), "date": "2026-12-01", "signerOffice": "x" } }), one("/decision/number", "length")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "1\u{0}", "date": "2026-12-01", "signerOffice": "x" } }), one("/decision/number", "control")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "1", "date": "2026-02-30", "signerOffice": "x" } }), one("/decision/date", "value")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "1", "date": "2026-12-01", "signerOffice": "s".repeat(301) } }), one("/decision/signerOffice", "length")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "1", "date": "2026-12-01", "signerOffice": "x", "documentSha256": "abc" } }), one("/decision/documentSha256", "pattern")),
            (json!({ "action": "decide", "version": 0, "decision": { "result": "approved", "number": "1", "date": "2026-12-01", "signerOffice": "x", "seal": true } }), one("/decision/seal", "unknown")),
        ];
        for (body, want) in action_cases {
            let got = invalid(post(&path, body.clone(), Some(&tok)).await.unwrap()).await;
            assert_eq!(got, want, "{body}");
        }
        // Still untouched: nothing reached storage.
        let ok = post(&path, json!({ "action": "return", "version": 0, "note": "line one\nline two\tend",
            "findingCodes": vec!["DOCUMENT_MISSING"; 50] }), Some(&tok)).await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK, "{}", ok.text().await.unwrap());
        // Query parameters.
        let query_cases = [
            ("/api/v1/staff/dossiers?pageSize=0", one("/pageSize", "range")),
            ("/api/v1/staff/dossiers?pageSize=101", one("/pageSize", "range")),
            ("/api/v1/staff/dossiers?page=0", one("/page", "range")),
            ("/api/v1/staff/dossiers?page=x", one("/page", "value")),
            ("/api/v1/staff/dossiers?status=lost", one("/status", "value")),
            ("/api/v1/staff/dossiers?kind=visa", one("/kind", "value")),
            ("/api/v1/staff/dossiers?status=%00", one("/status", "value")),
            ("/api/v1/staff/dossiers?page=100001", one("/page", "range")),
            ("/api/v1/staff/dossiers?code=HS-%3Cscript%3E", one("/code", "pattern")),
            ("/api/v1/staff/dossiers?sort=oldest", one("/sort", "value")),
            ("/api/v1/staff/register.csv?from=2026-01-01", one("/to", "required")),
            ("/api/v1/staff/register.csv?from=2026-13-01&to=2026-12-01", one("/from", "value")),
            ("/api/v1/staff/register.xlsx?from=2026-12-02&to=2026-12-01", one("/to", "range")),
            ("/api/v1/staff/register.xlsx?from=2020-01-01&to=2026-12-01", one("/to", "range")),
        ];
        for (q, want) in query_cases {
            let r = c.get(format!("{}{q}", s.base)).bearer_auth(&tok).send().await.unwrap();
            assert_eq!(invalid(r).await, want, "{q}");
        }
        let r = get_as(&c, &format!("{}/api/v1/staff/dossiers/{id}?lang=fr", s.base), &tok).await;
        assert_eq!(invalid(r).await, one("/lang", "value"));
        let r = get_as(&c, &format!("{}/api/v1/staff/dossiers?pageSize=100&status=returned", s.base), &tok).await;
        assert_eq!(r.status(), StatusCode::OK);
        let list: Value = r.json().await.unwrap();
        assert_eq!(list["pageSize"], 100);
        assert!(list["items"].as_array().unwrap().iter().any(|i| i["id"] == id));
    })
    .await;
}
