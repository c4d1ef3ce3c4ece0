//! The API over HTTP on loopback: every endpoint, every error class, idempotency (replay,
//! mismatch, 20 concurrent submissions with one key). The storage tests run on SQLite, and on
//! PostgreSQL too when `DOSSIER_TEST_PG_URL` is set (`.ci/run` sets it).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{example, pdf, random_key, start, TestServer};
use reqwest::{Client, StatusCode};
use serde_json::Value;

async fn json(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = resp.text().await.unwrap();
    assert!(
        ct.starts_with("application/json"),
        "{status}: content type {ct:?}, body {text}"
    );
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}")),
    )
}

/// A 400 that names exactly these (pointer, code) pairs.
fn assert_invalid(status: StatusCode, body: &Value, fields: &[(&str, &str)]) {
    let want: Vec<(String, String)> = fields
        .iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(common::invalid_fields(status, body), want, "{body}");
}

fn assert_error(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]["vi"]
            .as_str()
            .is_some_and(|m| !m.is_ascii()),
        "{body}"
    );
    assert!(
        body["error"]["message"]["en"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

async fn upload(c: &Client, s: &TestServer, bytes: Vec<u8>, ct: &str) -> (StatusCode, Value) {
    json(
        c.post(format!("{}/api/v1/attachments", s.base))
            .header("content-type", ct)
            .body(bytes)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn submit(
    c: &Client,
    s: &TestServer,
    key: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut req = c
        .post(format!("{}/api/v1/dossiers", s.base))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    json(req.send().await.unwrap()).await
}

#[tokio::test]
async fn read_only_endpoints_and_their_errors() {
    let s = start(false).await.unwrap();
    let c = Client::new();
    let get = |p: &str| c.get(format!("{}{p}", s.base)).send();
    let (st, b) = json(get("/healthz").await.unwrap()).await;
    assert_eq!((st, b["status"].as_str()), (StatusCode::OK, Some("ok")));
    for kind in ["conference_permit", "ngo_licence", "outbound_trip"] {
        let (st, b) = json(get(&format!("/api/v1/schema/{kind}")).await.unwrap()).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(b["properties"]["kind"]["const"], kind);
        let (st, b) = json(get(&format!("/api/v1/forms/{kind}?lang=en")).await.unwrap()).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(b["lang"], "en");
    }
    let (st, b) = json(get("/api/v1/schema/visa").await.unwrap()).await;
    assert_error(st, &b, StatusCode::NOT_FOUND, "UNKNOWN_KIND");
    let (st, b) = json(get("/api/v1/forms/ngo_licence?lang=fr").await.unwrap()).await;
    assert_invalid(st, &b, &[("/lang", "value")]);
    let (st, b) = json(get("/api/v1/admin-units").await.unwrap()).await;
    assert_eq!((st, b.as_array().unwrap().len()), (StatusCode::OK, 34));
    let (st, b) = json(get("/api/v1/admin-units/48").await.unwrap()).await;
    assert_eq!(
        (st, b["communes"].as_array().unwrap().len()),
        (StatusCode::OK, 94)
    );
    let (st, b) = json(get("/api/v1/admin-units/abc").await.unwrap()).await;
    assert_error(st, &b, StatusCode::BAD_REQUEST, "PROVINCE_CODE");
    let (st, b) = json(get("/api/v1/admin-units/2").await.unwrap()).await;
    assert_error(st, &b, StatusCode::NOT_FOUND, "NOT_FOUND");
    let (st, b) = json(get("/api/v1/rulebook").await.unwrap()).await;
    assert_eq!(
        (st, b["editions"][0]["id"].as_str()),
        (StatusCode::OK, Some("2025-07-01"))
    );
    let (st, b) = json(get("/api/v1/openapi.json").await.unwrap()).await;
    assert_eq!((st, b["openapi"].as_str()), (StatusCode::OK, Some("3.1.0")));
    for path in [
        "/healthz",
        "/api/v1/validate",
        "/api/v1/dossiers",
        "/api/v1/attachments",
        "/api/v1/rulebook",
        "/api/v1/dossiers/HS-AAAA-AAAA",
        "/api/v1/schema/ngo_licence",
    ] {
        assert!(
            b["paths"]
                .get(
                    path.replace("HS-AAAA-AAAA", "{code}")
                        .replace("ngo_licence", "{kind}")
                )
                .is_some(),
            "{path} not in OpenAPI"
        );
    }
    let (st, b) = json(get("/api/v1/nothing/here").await.unwrap()).await;
    assert_error(st, &b, StatusCode::NOT_FOUND, "NOT_FOUND");
    let (st, b) = json(
        c.delete(format!("{}/api/v1/rulebook", s.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(st, &b, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
}

#[tokio::test]
async fn validate_endpoint() {
    let s = start(false).await.unwrap();
    let c = Client::new();
    let post = |q: &str, ct: &str, body: Vec<u8>| {
        c.post(format!("{}/api/v1/validate{q}", s.base))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let ex = std::fs::read(format!(
        "{}/../../tests/conformance/examples/conference_permit.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let resp = post("?asOf=2026-11-22", "application/json", ex.clone())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.unwrap();
    // Byte-identical to the native report (the conformance corpus' expected file, compacted).
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../../tests/conformance/expected/example-conference.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let native = dossier_core::validate(
        &ex,
        &dossier_core::Options::new(dossier_core::Date::parse("2026-11-22").unwrap()),
    )
    .unwrap();
    assert_eq!(text, native.to_json());
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);
    let (st, b) = json(
        post(
            "?asOf=2026-11-22&lang=en",
            "application/json",
            b"{not json".to_vec(),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(
        (st, b["findings"][0]["code"].as_str()),
        (StatusCode::OK, Some("JSON_SYNTAX"))
    );
    assert!(b["findings"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("The dossier is not valid JSON"));
    let (st, b) = json(post("", "text/plain", ex.clone()).await.unwrap()).await;
    assert_error(st, &b, StatusCode::UNSUPPORTED_MEDIA_TYPE, "CONTENT_TYPE");
    let (st, b) = json(
        post("?asOf=tomorrow", "application/json", ex.clone())
            .await
            .unwrap(),
    )
    .await;
    assert_invalid(st, &b, &[("/asOf", "value")]);
    let (st, b) = json(
        post("?lang=de", "application/json", ex.clone())
            .await
            .unwrap(),
    )
    .await;
    assert_invalid(st, &b, &[("/lang", "value")]);
    let big = vec![b' '; dossier_server::MAX_JSON_BYTES + 1];
    let (st, b) = json(post("", "application/json", big).await.unwrap()).await;
    assert_error(st, &b, StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE");
    let (st, b) = json(post("", "application/json", ex).await.unwrap()).await;
    assert_eq!(
        st,
        StatusCode::OK,
        "without asOf the server's date is used: {b}"
    );
}

#[tokio::test]
async fn attachments() {
    let s = start(false).await.unwrap();
    let c = Client::new();
    let (st, b) = upload(&c, &s, pdf(1), "application/pdf").await;
    assert_eq!(st, StatusCode::CREATED);
    assert_eq!(b["sha256"], dossier_server::ids::sha256_hex(&pdf(1)));
    assert_eq!(b["sizeBytes"], pdf(1).len());
    assert_eq!(b["mediaType"], "application/pdf");
    let (st, b2) = upload(&c, &s, pdf(1), "application/pdf").await;
    assert_eq!((st, &b2), (StatusCode::CREATED, &b), "idempotent");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (st, b) = upload(&c, &s, png.clone(), "image/png").await;
    assert_eq!(
        (st, b["mediaType"].as_str()),
        (StatusCode::CREATED, Some("image/png"))
    );
    let (st, b) = upload(&c, &s, vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg").await;
    assert_eq!(
        (st, b["mediaType"].as_str()),
        (StatusCode::CREATED, Some("image/jpeg"))
    );
    let (st, b) = upload(&c, &s, png, "application/pdf").await;
    assert_error(st, &b, StatusCode::UNPROCESSABLE_ENTITY, "CONTENT_MISMATCH");
    let (st, b) = upload(&c, &s, b"hello".to_vec(), "text/plain").await;
    assert_error(st, &b, StatusCode::UNSUPPORTED_MEDIA_TYPE, "MEDIA_TYPE");
    let (st, b) = upload(&c, &s, Vec::new(), "application/pdf").await;
    assert_error(st, &b, StatusCode::BAD_REQUEST, "EMPTY");
    let mut big = pdf(2);
    big.resize(dossier_server::limits::max_attachment_bytes() + 1, b' ');
    let (st, b) = upload(&c, &s, big, "application/pdf").await;
    assert_error(st, &b, StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE");
}

async fn submission_flow(s: &TestServer) {
    let c = Client::new();
    let (_, att) = upload(&c, s, pdf(7), "application/pdf").await;
    let sha = att["sha256"].as_str().unwrap();
    for kind in ["conference_permit", "ngo_licence", "outbound_trip"] {
        let dossier = example(kind, sha);
        let key = random_key();
        let (st, receipt) = submit(&c, s, Some(&key), &dossier).await;
        assert_eq!(st, StatusCode::CREATED, "{kind}: {receipt}");
        let code = receipt["code"].as_str().unwrap();
        assert!(code.starts_with("HS-") && code.len() == 12, "{code}");
        assert_eq!(receipt["report"]["valid"], true);
        assert_eq!(receipt["status"], "received");
        let token = receipt["accessToken"].as_str().unwrap();
        // Replay: same key, same body → same receipt.
        let (st, again) = submit(&c, s, Some(&key), &dossier).await;
        assert_eq!((st, &again), (StatusCode::CREATED, &receipt));
        // Same key, other body → 422.
        let mut other = dossier.clone();
        other["applicant"]["name"] = Value::from("Another applicant");
        let (st, b) = submit(&c, s, Some(&key), &other).await;
        assert_error(
            st,
            &b,
            StatusCode::UNPROCESSABLE_ENTITY,
            "IDEMPOTENCY_KEY_REUSED",
        );
        // Tracking needs the token; a wrong or missing one looks like an unknown code.
        let url = format!("{}/api/v1/dossiers/{}", s.base, code.to_lowercase());
        let (st, status) = json(c.get(&url).bearer_auth(token).send().await.unwrap()).await;
        assert_eq!(st, StatusCode::OK, "{status}");
        assert_eq!(status["code"], code);
        assert_eq!(status["history"][0]["status"], "received");
        assert_eq!(status["report"], receipt["report"]);
        let (st, b) = json(c.get(&url).bearer_auth("WRONG").send().await.unwrap()).await;
        assert_error(st, &b, StatusCode::NOT_FOUND, "NOT_FOUND");
        let (st, b) = json(c.get(&url).send().await.unwrap()).await;
        assert_error(st, &b, StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    let (st, b) = json(
        c.get(format!("{}/api/v1/dossiers/HS-0000-0000", s.base))
            .bearer_auth("x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(st, &b, StatusCode::NOT_FOUND, "NOT_FOUND");
    // Errors of submission.
    let dossier = example("conference_permit", sha);
    let (st, b) = submit(&c, s, None, &dossier).await;
    assert_error(st, &b, StatusCode::BAD_REQUEST, "IDEMPOTENCY_KEY");
    let mut invalid = dossier.clone();
    invalid["conference"]["pressConference"] = Value::from(true);
    let (st, b) = submit(&c, s, Some(&random_key()), &invalid).await;
    assert_error(st, &b, StatusCode::UNPROCESSABLE_ENTITY, "DOSSIER_INVALID");
    assert_eq!(b["report"]["findings"][0]["code"], "CONF_PRESS_CONFERENCE");
    let unknown_file = example("conference_permit", &"ab".repeat(32));
    let (st, b) = submit(&c, s, Some(&random_key()), &unknown_file).await;
    assert_error(
        st,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_MISSING",
    );
    assert_eq!(b["missing"], serde_json::json!(["ab".repeat(32)]));
    let resp = c
        .post(format!("{}/api/v1/dossiers", s.base))
        .header("content-type", "application/json")
        .header("idempotency-key", random_key())
        .body("{oops")
        .send()
        .await
        .unwrap();
    let (st, b) = json(resp).await;
    assert_error(st, &b, StatusCode::BAD_REQUEST, "JSON");
    // The core's JSON_SYNTAX message, with the position and what to do.
    assert_eq!(
        b["error"]["message"]["en"],
        "The dossier is not valid JSON (line 1, column 2). Check the brackets, commas and quotes at that position and send it again."
    );
    assert!(
        b["error"]["message"]["vi"]
            .as_str()
            .is_some_and(|m| m.starts_with("Hồ sơ không đúng định dạng JSON (dòng 1, cột 2)")),
        "{b}"
    );
}

async fn concurrent_one_key(s: &TestServer) {
    let c = Client::new();
    let (_, att) = upload(&c, s, pdf(8), "application/pdf").await;
    let dossier = example("outbound_trip", att["sha256"].as_str().unwrap());
    let key = random_key();
    let before = s.store.count_dossiers().await.unwrap();
    let results =
        futures::future::join_all((0..20).map(|_| submit(&c, s, Some(&key), &dossier))).await;
    let codes: Vec<&str> = results
        .iter()
        .map(|(st, b)| {
            assert_eq!(*st, StatusCode::CREATED, "{b}");
            b["code"].as_str().unwrap()
        })
        .collect();
    assert!(codes.iter().all(|c| *c == codes[0]), "{codes:?}");
    assert_eq!(
        s.store.count_dossiers().await.unwrap(),
        before + 1,
        "exactly one dossier stored"
    );
}

#[tokio::test]
async fn submission_on_sqlite() {
    let s = start(false).await.unwrap();
    submission_flow(&s).await;
    concurrent_one_key(&s).await;
}

#[tokio::test]
async fn submission_on_postgres() {
    let Some(s) = start(true).await else {
        eprintln!("DOSSIER_TEST_PG_URL is not set: PostgreSQL storage tests skipped");
        return;
    };
    submission_flow(&s).await;
    concurrent_one_key(&s).await;
}
