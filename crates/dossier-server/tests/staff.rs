//! Staff: login, throttling, expiry, the scope matrix (four officers × read, list, actions),
//! the state machine, concurrent actions and the audit trail. On SQLite, and on PostgreSQL when
//! `DOSSIER_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{account, client_from, example, fresh_ip, get_as, random_key, TestServer, PASSWORD};
use dossier_server::staff_store::Unit;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn login(c: &Client, s: &TestServer, user: &str, password: &str) -> (StatusCode, Value) {
    let r = common::login(c, s, user, password).await;
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn token(c: &Client, s: &TestServer, unit: Unit) -> String {
    let user = account(s, unit).await;
    let (st, b) = login(c, s, &user, PASSWORD).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    b["token"].as_str().unwrap().to_owned()
}

/// A conference dossier filed at Phường Hải Châu (20242), Đà Nẵng (48).
async fn file(c: &Client, s: &TestServer) -> Value {
    let sha = common::upload_pdf(c, s, 42).await;
    let mut d = example("conference_permit", &sha);
    d["applicant"]["name"] = Value::from(format!("Applicant {}", random_key()));
    let r = common::post_dossier(c, s, &d).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

async fn get(c: &Client, s: &TestServer, tok: &str, path: &str) -> (StatusCode, Value) {
    let r = get_as(c, &format!("{}{path}", s.base), tok).await;
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn act(c: &Client, s: &TestServer, tok: &str, id: &str, body: Value) -> (StatusCode, Value) {
    let r = c
        .post(format!("{}/api/v1/staff/dossiers/{id}/actions", s.base))
        .bearer_auth(tok)
        .json(&body)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn scope_matrix(s: &TestServer) {
    let c = client_from(fresh_ip());
    let receipt = file(&c, s).await;
    let id = receipt["id"].as_str().unwrap().to_owned();
    let own_commune = token(&c, s, Unit::Commune(20242)).await; // Hải Châu, Đà Nẵng
    let other_commune = token(&c, s, Unit::Commune(20194 + 1)).await; // Hải Vân, Đà Nẵng
    let province = token(&c, s, Unit::Province(48)).await;
    let other_province = token(&c, s, Unit::Province(1)).await;

    // Read and list: in scope 200 / listed; out of scope 404 / not listed.
    for (tok, sees) in [
        (&own_commune, true),
        (&other_commune, false),
        (&province, true),
        (&other_province, false),
    ] {
        let (st, _) = get(&c, s, tok, &format!("/api/v1/staff/dossiers/{id}")).await;
        assert_eq!(
            st,
            if sees {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        );
        let (st, list) = get(&c, s, tok, "/api/v1/staff/dossiers").await;
        assert_eq!(st, StatusCode::OK);
        let listed = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str());
        assert_eq!(listed, sees);
    }
    // Actions out of scope: 404 for every action, like an unknown id.
    for tok in [&other_commune, &other_province] {
        for action in ["precheck_ok", "return", "forward"] {
            let (st, _) = act(
                &c,
                s,
                tok,
                &id,
                json!({ "action": action, "note": "x", "version": 0 }),
            )
            .await;
            assert_eq!(st, StatusCode::NOT_FOUND, "{action}");
        }
    }
    // The desk's endpoints (SPEC §12) keep the same scope: printed forms 200 in scope and 404
    // outside; the register lists the dossier only in scope; a search by its code finds it only
    // in scope.
    let code = receipt["code"].as_str().unwrap();
    let today = common::today().to_string();
    for (tok, sees) in [
        (&own_commune, true),
        (&other_commune, false),
        (&province, true),
        (&other_province, false),
    ] {
        for form in ["mau-01", "mau-02", "mau-03", "mau-06"] {
            let r = c
                .get(format!(
                    "{}/api/v1/staff/dossiers/{id}/forms/{form}",
                    s.base
                ))
                .bearer_auth(tok)
                .send()
                .await
                .unwrap();
            let want = if sees {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(r.status(), want, "{form}");
        }
        let csv = c
            .get(format!(
                "{}/api/v1/staff/register.csv?from={today}&to={today}",
                s.base
            ))
            .bearer_auth(tok)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(csv.contains(code), sees, "the register");
        let (_, found) = get(&c, s, tok, &format!("/api/v1/staff/dossiers?code={code}")).await;
        assert_eq!(found["items"].as_array().unwrap().len(), usize::from(sees));
    }
    let (st, _) = get(&c, s, &own_commune, "/api/v1/staff/dossiers/does-not-exist").await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // The state machine for the commune officer: forward needs a precheck first (409).
    let (st, b) = act(
        &c,
        s,
        &own_commune,
        &id,
        json!({ "action": "forward", "version": 0 }),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT, "{b}");
    let (st, b) = act(
        &c,
        s,
        &own_commune,
        &id,
        json!({ "action": "precheck_ok", "version": 0 }),
    )
    .await;
    assert_eq!(
        (st, b["status"].as_str()),
        (StatusCode::OK, Some("prechecked"))
    );
    // A stale version is a conflict.
    let (st, _) = act(
        &c,
        s,
        &own_commune,
        &id,
        json!({ "action": "forward", "version": 0 }),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, b) = act(
        &c,
        s,
        &own_commune,
        &id,
        json!({ "action": "forward", "version": 1 }),
    )
    .await;
    assert_eq!(
        (st, b["status"].as_str()),
        (StatusCode::OK, Some("forwarded"))
    );
    // Forwarded: the commune can no longer act; the province decides the next step.
    let (st, _) = act(
        &c,
        s,
        &own_commune,
        &id,
        json!({ "action": "return", "note": "x", "version": 2 }),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (st, b) = act(
        &c,
        s,
        &province,
        &id,
        json!({ "action": "forward", "version": 2 }),
    )
    .await;
    assert_eq!(
        (st, b["status"].as_str(), b["decisionBy"].as_str()),
        (
            StatusCode::OK,
            Some("decision_pending"),
            Some("provincial_chair")
        )
    );
    // The audit trail, in order, in the detail.
    let (_, detail) = get(&c, s, &province, &format!("/api/v1/staff/dossiers/{id}")).await;
    let trail: Vec<(String, String, String)> = detail["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap().to_owned(),
                a["from"].as_str().unwrap().to_owned(),
                a["to"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        trail,
        [
            ("precheck_ok".into(), "received".into(), "prechecked".into()),
            ("forward".into(), "prechecked".into(), "forwarded".into()),
            (
                "forward".into(),
                "forwarded".into(),
                "decision_pending".into()
            ),
        ]
    );
    assert_eq!(detail["reportAtSubmission"]["valid"], true);
    assert_eq!(detail["routing"]["decisionBy"], "provincial_chair");
    let att_url = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
    let r = get_as(&c, &format!("{}{att_url}", s.base), &province).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    let r = get_as(&c, &format!("{}{att_url}", s.base), &other_province).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn return_shows_reasons_to_the_citizen(s: &TestServer) {
    let c = client_from(fresh_ip());
    let receipt = file(&c, s).await;
    let id = receipt["id"].as_str().unwrap();
    let commune = token(&c, s, Unit::Commune(20242)).await;
    let (st, b) = act(
        &c,
        s,
        &commune,
        id,
        json!({ "action": "return", "version": 0 }),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "a return needs a reason: {b}");
    let (st, b) = act(
        &c,
        s,
        &commune,
        id,
        json!({ "action": "return", "version": 0, "findingCodes": ["NOPE"] }),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{b}");
    let (st, _) = act(&c, s, &commune, id, json!({ "action": "return", "version": 0, "note": "Bổ sung ý kiến Sở Y tế", "findingCodes": ["DOCUMENT_MISSING"] })).await;
    assert_eq!(st, StatusCode::OK);
    let status: Value = c
        .get(format!(
            "{}/api/v1/dossiers/{}",
            s.base,
            receipt["code"].as_str().unwrap()
        ))
        .bearer_auth(receipt["accessToken"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["status"], "returned");
    let last = status["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["note"], "Bổ sung ý kiến Sở Y tế");
    assert_eq!(last["findings"][0]["code"], "DOCUMENT_MISSING");
    assert!(last["findings"][0]["message"]["vi"]
        .as_str()
        .unwrap()
        .starts_with("Thiếu tài liệu"));
    // Returned is final for staff.
    let (st, _) = act(
        &c,
        s,
        &commune,
        id,
        json!({ "action": "precheck_ok", "version": 1 }),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
}

async fn concurrent_actions(s: &TestServer) {
    let c = client_from(fresh_ip());
    let receipt = file(&c, s).await;
    let id = receipt["id"].as_str().unwrap();
    let a = token(&c, s, Unit::Province(48)).await;
    let b = token(&c, s, Unit::Province(48)).await;
    let (r1, r2) = tokio::join!(
        act(
            &c,
            s,
            &a,
            id,
            json!({ "action": "precheck_ok", "version": 0 })
        ),
        act(
            &c,
            s,
            &b,
            id,
            json!({ "action": "return", "note": "thiếu", "version": 0 })
        ),
    );
    let mut codes = [r1.0, r2.0];
    codes.sort();
    assert_eq!(
        codes,
        [StatusCode::OK, StatusCode::CONFLICT],
        "one wins, the other gets 409"
    );
    let (_, detail) = get(&c, s, &a, &format!("/api/v1/staff/dossiers/{id}")).await;
    assert_eq!(detail["audit"].as_array().unwrap().len(), 1);
    assert_eq!(detail["version"], 1);
}

async fn login_logout_throttle(s: &TestServer) {
    let c = client_from(fresh_ip());
    let user = account(s, Unit::Province(79)).await;
    let (st, b) = login(&c, s, &user, "wrong password").await;
    assert_eq!(
        (st, b["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("INVALID_CREDENTIALS"))
    );
    let (st, b) = login(&c, s, &format!("nobody-{}", random_key()), PASSWORD).await;
    assert_eq!(
        (st, b["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("INVALID_CREDENTIALS"))
    );
    let (st, b) = login(&c, s, &user, PASSWORD).await;
    assert_eq!(st, StatusCode::OK);
    let tok = b["token"].as_str().unwrap().to_owned();
    assert!(b["expiresAt"].as_str().unwrap().ends_with("+07:00"));
    let (st, me) = get(&c, s, &tok, "/api/v1/staff/me").await;
    assert_eq!(
        (st, me["unit"]["code"].as_i64()),
        (StatusCode::OK, Some(79))
    );
    let r = c
        .post(format!("{}/api/v1/staff/logout", s.base))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (st, _) = get(&c, s, &tok, "/api/v1/staff/me").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "a logged-out token is dead");
    let (st, _) = get(&c, s, "garbage", "/api/v1/staff/dossiers").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // Five failures lock the account for the window, even with the right password.
    for _ in 0..5 {
        let (st, _) = login(&c, s, &user, "wrong password").await;
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
    let r = common::login(&c, s, &user, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().get("retry-after").is_some());
    // A disabled account cannot log in, and its sessions end.
    let user2 = account(s, Unit::Province(79)).await;
    let (_, b) = login(&c, s, &user2, PASSWORD).await;
    let tok2 = b["token"].as_str().unwrap().to_owned();
    assert!(s.store.disable_staff(&user2).await.unwrap());
    let (st, _) = get(&c, s, &tok2, "/api/v1/staff/me").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, _) = login(&c, s, &user2, PASSWORD).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
}

async fn expired_sessions_are_refused(s: &TestServer) {
    let c = client_from(fresh_ip());
    let user = account(s, Unit::Province(48)).await;
    let staff = s.store.staff_by_username(&user).await.unwrap().unwrap();
    let tok = random_key();
    s.store
        .create_session(
            &dossier_server::ids::sha256_hex(tok.as_bytes()),
            &staff.id,
            1,
        )
        .await
        .unwrap();
    let (st, _) = get(&c, s, &tok, "/api/v1/staff/me").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
}

async fn all(s: &TestServer) {
    // The PostgreSQL database outlives test runs: start without earlier failures of this address.
    s.store.clear_login_failures("ip:127.0.0.1").await.unwrap();
    scope_matrix(s).await;
    return_shows_reasons_to_the_citizen(s).await;
    concurrent_actions(s).await;
    login_logout_throttle(s).await;
    expired_sessions_are_refused(s).await;
}

on_both_engines!(staff_on_sqlite, staff_on_postgres, all);
