//! `/healthz` is liveness (the process answers), `/readyz` is readiness (the database answers):
//! when the database goes away, `/readyz` answers 503 with a JSON error while `/healthz` stays
//! 200.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use dossier_server::limits::Settings;
use dossier_server::testing::TempDatabase;
use serde_json::Value;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_the_database_and_healthz_does_not() {
    let s = common::start(false).await.unwrap();
    let c = reqwest::Client::new();
    let r = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ready");

    let Some(db) = TempDatabase::for_test(true).await else {
        eprintln!("DOSSIER_TEST_PG_URL not set: the outage part is skipped");
        return;
    };
    let db = Arc::new(db);
    let key = common::new_key();
    let store = common::keyed_store(&db, &key).await;
    let s = common::serve(store, Settings::default(), key, None).await;
    let r = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // The database goes away (dropped, its connections terminated).
    drop(db);
    let r = c.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().get("retry-after").is_some());
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "NOT_READY");
    let r = c.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
}
