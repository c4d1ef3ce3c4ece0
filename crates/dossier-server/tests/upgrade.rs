//! A deployment made before the public-internet changes (schema version 2: attachments stored
//! whole in one row, no references) is upgraded in place by `Store::open`: its attachments are
//! cut into chunks with the same bytes, its dossiers' references are found, and the clean-up
//! leaves referenced attachments alone. On SQLite, and on a temporary PostgreSQL database when
//! `DOSSIER_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_server::store::Store;
use sqlx::any::AnyPoolOptions;
use sqlx::Row;
use std::time::Duration;

/// Applies the schema of version 2 by hand, with one dossier and one 300 KB attachment.
async fn version_2(url: &str, sqlite: bool) -> Vec<u8> {
    sqlx::any::install_default_drivers();
    let url = if sqlite {
        format!("{url}?mode=rwc")
    } else {
        url.to_owned()
    };
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    let first = if sqlite {
        include_str!("../migrations/sqlite/0001_init.sql")
    } else {
        include_str!("../migrations/postgres/0001_init.sql")
    };
    let second = include_str!("../migrations/common/0002_staff.sql");
    sqlx::query("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(&pool)
        .await
        .unwrap();
    for script in [first, second] {
        for statement in script.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
    }
    for v in [1i64, 2] {
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(v)
            .execute(&pool)
            .await
            .unwrap();
    }
    let mut data = b"%PDF-1.4\n% stored whole before the upgrade\n".to_vec();
    data.extend((0..300_000u32).map(|i| (i % 251) as u8));
    let sha = dossier_server::ids::sha256_hex(&data);
    sqlx::query("INSERT INTO attachments (sha256, media_type, size_bytes, data, created_at) VALUES ($1, 'application/pdf', $2, $3, 'then')")
        .bind(&sha)
        .bind(data.len() as i64)
        .bind(data.clone())
        .execute(&pool)
        .await
        .unwrap();
    let body = format!(
        r#"{{"kind":"conference_permit","documents":[{{"sha256":"{}"}}]}}"#,
        sha.to_ascii_uppercase()
    );
    sqlx::query("INSERT INTO dossiers (id, code, token_hash, idempotency_key, body_hash, kind, province_code, commune_code, status, received_at, body, report) VALUES ('d1', 'HS-0000-0001', 'x', 'k1', 'h', 'conference_permit', 48, 20242, 'received', 'then', $1, '{}')")
        .bind(body)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    data
}

fn same(got: &[u8], want: &[u8]) {
    assert!(
        got == want,
        "{} bytes read back, {} stored",
        got.len(),
        want.len()
    );
}

async fn upgrade(url: &str, sqlite: bool) {
    let data = version_2(url, sqlite).await;
    let sha = dossier_server::ids::sha256_hex(&data);
    let store = Store::open(url).await.unwrap();
    same(&store.attachment_bytes(&sha).await.unwrap().unwrap(), &data);
    let chunks: i64 = sqlx::query("SELECT COUNT(*) FROM blob_chunks WHERE blob_id = $1")
        .bind(&sha)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let chunk = dossier_server::limits::UPLOAD_CHUNK_BYTES;
    assert_eq!(chunks as usize, data.len().div_ceil(chunk));
    let linked: i64 = sqlx::query(
        "SELECT COUNT(*) FROM dossier_attachments WHERE dossier_id = 'd1' AND sha256 = $1",
    )
    .bind(&sha)
    .fetch_one(store.pool())
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert_eq!(
        linked, 1,
        "the reference was found in the stored body (upper-case hash)"
    );
    // Even long after, the clean-up keeps it: a dossier references it.
    let far = dossier_server::unix_now() + 30 * 24 * 3600;
    store
        .collect_garbage(Duration::from_secs(3600), far)
        .await
        .unwrap();
    same(&store.attachment_bytes(&sha).await.unwrap().unwrap(), &data);
    store.close().await;
    // Opening again changes nothing.
    let store = Store::open(url).await.unwrap();
    same(&store.attachment_bytes(&sha).await.unwrap().unwrap(), &data);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_2_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    upgrade(
        &format!("sqlite://{}", dir.path().join("v2.db").display()),
        true,
    )
    .await;
    let Ok(admin) = std::env::var("DOSSIER_TEST_PG_URL") else {
        return;
    };
    // A database of its own, dropped at the end.
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).unwrap();
    let name = format!("dossier_upgrade_{}", dossier_server::ids::hex(&b));
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    upgrade(&format!("{base}/{name}"), false).await;
    sqlx::query(&format!("DROP DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
}
