//! A deployment made before the public-internet changes (schema version 2: attachments stored
//! whole in one row, no references) is upgraded in place by `Store::open`: its attachments are
//! cut into chunks with the same bytes, its dossiers' references are found, and the clean-up
//! leaves referenced attachments alone. On SQLite, and on a temporary PostgreSQL database when
//! `DOSSIER_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_server::secret::{self, KeySource};
use dossier_server::store::Store;
use sqlx::any::AnyPoolOptions;
use sqlx::Row;
use std::time::Duration;

/// The key the old deployment kept in its `server_secret` table.
const LEGACY_KEY: &str = "legacy-key-0123456789abcdef0123456789abcdef0123456789abcdef";

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
    sqlx::query("INSERT INTO server_secret (id, secret) VALUES (1, $1)")
        .bind(LEGACY_KEY)
        .execute(&pool)
        .await
        .unwrap();
    let token = dossier_server::ids::access_token(LEGACY_KEY, "d1");
    sqlx::query("INSERT INTO dossiers (id, code, token_hash, idempotency_key, body_hash, kind, province_code, commune_code, status, received_at, body, report) VALUES ('d1', 'HS-0000-0001', $2, 'k1', 'h', 'conference_permit', 48, 20242, 'received', 'then', $1, '{}')")
        .bind(body)
        .bind(dossier_server::ids::sha256_hex(token.as_bytes()))
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

async fn upgrade(url: &str, sqlite: bool, key_dir: &std::path::Path) {
    let data = version_2(url, sqlite).await;
    let sha = dossier_server::ids::sha256_hex(&data);
    let key_file = key_dir.join("dossier.secret");
    let source = KeySource::File(key_file.clone());
    let store = secret::install(Store::open(url).await.unwrap(), &source)
        .await
        .unwrap();
    // The key moved to its file (0600), unchanged: the token issued before still matches.
    assert_eq!(
        std::fs::read_to_string(&key_file).unwrap().trim(),
        LEGACY_KEY
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let old_token = dossier_server::ids::access_token(LEGACY_KEY, "d1");
    assert_eq!(store.token_for("d1").unwrap(), old_token);
    let stored = store.by_code("HS-0000-0001").await.unwrap().unwrap();
    assert!(dossier_server::ids::same_digest(
        &stored.token_hash,
        &dossier_server::ids::sha256_hex(old_token.as_bytes())
    ));
    let left: i64 = sqlx::query("SELECT COUNT(*) FROM server_secret")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(left, 0, "the key is still in the database");
    if let Some(path) = dossier_server::store::sqlite_path(url) {
        for file in [path.clone(), path.with_extension("db-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                let found = bytes
                    .windows(LEGACY_KEY.len())
                    .any(|w| w == LEGACY_KEY.as_bytes());
                assert!(!found, "the old key is still in {}", file.display());
            }
        }
    }
    same(&store.attachment_bytes(&sha).await.unwrap().unwrap(), &data);
    let count = |sql: &'static str| {
        let sha = sha.clone();
        let pool = store.pool().clone();
        async move {
            let n: i64 = sqlx::query(sql)
                .bind(sha)
                .fetch_one(&pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
            n
        }
    };
    let chunks = count("SELECT COUNT(*) FROM blob_chunks WHERE blob_id = $1").await;
    let chunk = dossier_server::limits::UPLOAD_CHUNK_BYTES;
    assert_eq!(chunks as usize, data.len().div_ceil(chunk));
    let linked =
        count("SELECT COUNT(*) FROM dossier_attachments WHERE dossier_id = 'd1' AND sha256 = $1")
            .await;
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
    // Opening again (a restart) changes nothing: same file, same key.
    let store = secret::install(Store::open(url).await.unwrap(), &source)
        .await
        .unwrap();
    assert_eq!(store.token_for("d1").unwrap(), old_token);
    same(&store.attachment_bytes(&sha).await.unwrap().unwrap(), &data);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_2_database_is_upgraded_in_place() {
    use dossier_server::testing::TempDatabase;
    let db = TempDatabase::sqlite();
    upgrade(db.url(), true, db.dir().unwrap()).await;
    if let Some(pg) = TempDatabase::for_test(true).await {
        let key_dir = tempfile::tempdir().unwrap();
        upgrade(pg.url(), false, key_dir.path()).await;
    }
}
