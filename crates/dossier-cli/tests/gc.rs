//! `dossier gc`: deletes only attachments that no dossier references and that are older than
//! the threshold, and unfinished uploads older than it; on SQLite and, when
//! `DOSSIER_TEST_PG_URL` is set, on PostgreSQL.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_server::store::{NewDossier, Store};
use std::process::Command;

fn key() -> String {
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).unwrap();
    dossier_server::ids::hex(&b)
}

/// Stores `bytes` as a finished upload; its SHA-256.
async fn attachment(store: &Store, bytes: &[u8]) -> String {
    let now = dossier_server::unix_now();
    let blob = store.upload_begin(now).await.unwrap();
    store.upload_chunk(&blob, 0, bytes.to_vec()).await.unwrap();
    let sha = dossier_server::ids::sha256_hex(bytes);
    store
        .upload_finish(
            &blob,
            &sha,
            "application/pdf",
            bytes.len() as i64,
            now,
            "now",
        )
        .await
        .unwrap();
    sha
}

async fn age(store: &Store, table_sql: &str, id: &str) {
    sqlx::query(table_sql)
        .bind(dossier_server::unix_now() - 25 * 3600)
        .bind(id)
        .execute(store.pool())
        .await
        .unwrap();
}

async fn run(url: &str) {
    let store = Store::open(url).await.unwrap();
    let token_key = dossier_server::ids::hex(&dossier_server::ids::random::<32>());
    let store = dossier_server::secret::install(
        store,
        &dossier_server::secret::KeySource::Value(token_key),
    )
    .await
    .unwrap();
    let tag = key();
    let referenced_old = attachment(&store, format!("%PDF-1 referenced {tag}").as_bytes()).await;
    let orphan_old = attachment(&store, format!("%PDF-1 orphan old {tag}").as_bytes()).await;
    let orphan_new = attachment(&store, format!("%PDF-1 orphan new {tag}").as_bytes()).await;
    let unfinished_old = store
        .upload_begin(dossier_server::unix_now())
        .await
        .unwrap();
    store
        .upload_chunk(&unfinished_old, 0, b"%PDF-1 partial".to_vec())
        .await
        .unwrap();
    let unfinished_new = store
        .upload_begin(dossier_server::unix_now())
        .await
        .unwrap();
    store
        .upload_chunk(&unfinished_new, 0, b"%PDF-1 partial".to_vec())
        .await
        .unwrap();
    // An upload that began long ago but finished just now is an attachment, not an orphan.
    let late = store
        .upload_begin(dossier_server::unix_now())
        .await
        .unwrap();
    store
        .upload_chunk(&late, 0, format!("%PDF-1 late {tag}").into_bytes())
        .await
        .unwrap();
    age(
        &store,
        "UPDATE uploads SET created_at = $1 WHERE id = $2",
        &late,
    )
    .await;
    let late_sha = dossier_server::ids::sha256_hex(format!("%PDF-1 late {tag}").as_bytes());
    store
        .upload_finish(
            &late,
            &late_sha,
            "application/pdf",
            10,
            dossier_server::unix_now(),
            "now",
        )
        .await
        .unwrap();
    let refs = vec![referenced_old.clone()];
    let inserted = store
        .insert_dossier(NewDossier {
            idempotency_key: &key(),
            body_hash: &key(),
            kind: "conference_permit",
            province_code: Some(48),
            commune_code: Some(20242),
            body: "{}",
            report: "{}",
            received_at: "now",
            attachments: &refs,
            due_date: None,
            channel: dossier_server::workflow::Channel::Online,
            filed_by: None,
        })
        .await
        .unwrap();
    assert!(matches!(inserted, dossier_server::store::Inserted::New(_)));
    for sha in [&referenced_old, &orphan_old] {
        age(
            &store,
            "UPDATE attachments SET uploaded_at = $1 WHERE sha256 = $2",
            sha,
        )
        .await;
    }
    age(
        &store,
        "UPDATE uploads SET created_at = $1 WHERE id = $2",
        &unfinished_old,
    )
    .await;

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["gc", "--db", url, "--older-than", "24h"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("deleted "), "{stdout}");

    assert!(
        store
            .attachment_meta(&referenced_old)
            .await
            .unwrap()
            .is_some(),
        "referenced kept"
    );
    assert!(
        store.attachment_meta(&orphan_new).await.unwrap().is_some(),
        "recent orphan kept"
    );
    assert!(
        store.attachment_meta(&orphan_old).await.unwrap().is_none(),
        "old orphan deleted"
    );
    assert_eq!(
        store
            .attachment_bytes(&referenced_old)
            .await
            .unwrap()
            .unwrap(),
        format!("%PDF-1 referenced {tag}").as_bytes()
    );
    assert!(
        store
            .blob_chunk(&unfinished_old, 0)
            .await
            .unwrap()
            .is_none(),
        "old partial deleted"
    );
    assert!(
        store
            .blob_chunk(&unfinished_new, 0)
            .await
            .unwrap()
            .is_some(),
        "recent partial kept"
    );
    assert!(
        store.attachment_bytes(&late_sha).await.unwrap().is_some(),
        "late upload kept"
    );
    // An upload the clean-up collected cannot be finished (nothing half-stored is acknowledged).
    let now = dossier_server::unix_now();
    assert!(store
        .upload_finish(&unfinished_old, &late_sha, "application/pdf", 1, now, "now")
        .await
        .is_err());
    {
        assert!(
            stdout.starts_with("deleted 1 unreferenced attachment(s)"),
            "{stdout}"
        );
        assert!(stdout.contains(", 1 unfinished upload(s)"), "{stdout}");
    }
    // A bad age, or one under an hour, is a usage error.
    for bad in ["soon", "30m", "0"] {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["gc", "--db", url, "--older-than", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gc_deletes_only_old_unreferenced_uploads() {
    use dossier_server::testing::TempDatabase;
    run(TempDatabase::sqlite().url()).await;
    if let Some(db) = TempDatabase::for_test(true).await {
        run(db.url()).await;
    }
}
