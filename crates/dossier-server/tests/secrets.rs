//! Secrets at rest (SPEC §10): the access-token key lives in a 0600 file (or DOSSIER_SECRET),
//! never in a table; a new SQLite file is 0600; tokens survive a restart; a wrong or missing key
//! is refused with a message; database passwords never reach a message; PostgreSQL connections
//! honour `sslmode` through rustls.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{example, pdf, post_dossier_keyed, random_key, serve, upload};
use dossier_server::limits::Settings;
use dossier_server::secret::{self, KeySource};
use dossier_server::store::Store;
use dossier_server::testing::TempDatabase;
use serde_json::Value;
use sqlx::Row;
use std::path::Path;

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every value of every table, as text or bytes.
async fn every_value(store: &Store) -> Vec<Vec<u8>> {
    let tables: Vec<String> = if store.engine == dossier_server::store::Engine::Sqlite {
        sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table'")
    } else {
        sqlx::query("SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public'")
    }
    .fetch_all(store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("name").unwrap())
    .collect();
    assert!(tables.iter().any(|t| t == "dossiers"), "{tables:?}");
    let mut out = Vec::new();
    for t in tables {
        for row in sqlx::query(&format!("SELECT * FROM {t}"))
            .fetch_all(store.pool())
            .await
            .unwrap()
        {
            for i in 0..row.len() {
                if let Ok(s) = row.try_get::<String, _>(i) {
                    out.push(s.into_bytes());
                } else if let Ok(b) = row.try_get::<Vec<u8>, _>(i) {
                    out.push(b);
                }
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_lives_in_a_private_file_and_never_in_a_table() {
    let db = TempDatabase::sqlite();
    let dir = db.dir().unwrap().to_owned();
    let file = secret::default_file(db.url());
    assert_eq!(file, dir.join("dossier.secret"));
    let source = KeySource::File(file.clone());
    let store = secret::install(Store::open(db.url()).await.unwrap(), &source)
        .await
        .unwrap();
    let key = std::fs::read_to_string(&file).unwrap().trim().to_owned();
    assert_eq!(key.len(), 64);
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600, "the key file");
        assert_eq!(mode(&dir.join("test.db")), 0o600, "the SQLite file");
    }
    // File a dossier, so every table has rows.
    let s = serve(
        store.clone(),
        Settings::default().without_rate_limits(),
        key.clone(),
        None,
    )
    .await;
    let c = reqwest::Client::new();
    let att: Value = upload(&c, &s, "application/pdf", pdf(1))
        .await
        .json()
        .await
        .unwrap();
    let d = example("conference_permit", att["sha256"].as_str().unwrap());
    let idem = random_key();
    let first: Value = post_dossier_keyed(&c, &s, &idem, &d)
        .await
        .json()
        .await
        .unwrap();
    let token = first["accessToken"].as_str().unwrap().to_owned();
    for value in every_value(&store).await {
        assert!(!contains(&value, key.as_bytes()), "the key is in a table");
        assert!(!contains(&value, token.as_bytes()), "a token is in a table");
    }

    // A restart with the same file: the same key, and a replay gives the same token.
    drop(s);
    let store = secret::install(Store::open(db.url()).await.unwrap(), &source)
        .await
        .unwrap();
    let s = serve(
        store,
        Settings::default().without_rate_limits(),
        key.clone(),
        None,
    )
    .await;
    let replay: Value = post_dossier_keyed(&c, &s, &idem, &d)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(replay["accessToken"], token.as_str());
    assert_eq!(replay["code"], first["code"]);

    // Another key, or none, is refused with a message that says what to do.
    let other = KeySource::Value("x".repeat(40));
    let err = secret::install(Store::open(db.url()).await.unwrap(), &other)
        .await
        .err()
        .unwrap();
    assert!(err.contains("does not match"), "{err}");
    let elsewhere = KeySource::File(dir.join("elsewhere.secret"));
    let err = secret::install(Store::open(db.url()).await.unwrap(), &elsewhere)
        .await
        .err()
        .unwrap();
    assert!(err.contains("copy the key file"), "{err}");
    assert!(!dir.join("elsewhere.secret").exists());
    // DOSSIER_SECRET with the same key works.
    assert!(secret::install(
        Store::open(db.url()).await.unwrap(),
        &KeySource::Value(key.clone())
    )
    .await
    .is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weak_or_exposed_keys_are_refused() {
    let db = TempDatabase::sqlite();
    let err = secret::install(
        Store::open(db.url()).await.unwrap(),
        &KeySource::Value("short".into()),
    )
    .await
    .err()
    .unwrap();
    assert!(err.contains("shorter than 32"), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = db.dir().unwrap().join("open.secret");
        std::fs::write(&file, "k".repeat(64)).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = secret::install(
            Store::open(db.url()).await.unwrap(),
            &KeySource::File(file.clone()),
        )
        .await
        .err()
        .unwrap();
        assert!(err.contains("chmod 600"), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_passwords_never_reach_a_message() {
    let (a, b) = tokio::join!(
        Store::open("postgres://postgres:hunter2-secret@127.0.0.1:1/test"),
        Store::open("postgres://127.0.0.1:1/test?user=postgres&password=hunter2-secret"),
    );
    for err in [a.err().unwrap(), b.err().unwrap()] {
        let err = err.to_string();
        eprintln!("{err}");
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("127.0.0.1"), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_connections_honour_sslmode() {
    let Some(db) = TempDatabase::for_test(true).await else {
        eprintln!("DOSSIER_TEST_PG_URL not set: skipped");
        return;
    };
    let with = |mode: &str| {
        let sep = if db.url().contains('?') { '&' } else { '?' };
        format!("{}{sep}sslmode={mode}", db.url())
    };
    // The local server has TLS on (Debian's snake-oil certificate): `require` encrypts.
    match Store::open(&with("require")).await {
        Ok(store) => {
            let encrypted: bool =
                sqlx::query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                    .fetch_one(store.pool())
                    .await
                    .unwrap()
                    .try_get(0)
                    .unwrap();
            assert!(encrypted, "sslmode=require gave a plain connection");
            store.close().await;
        }
        Err(e) => {
            let e = e.to_string();
            // A server without TLS: the refusal says so.
            assert!(
                e.contains("TLS") || e.contains("SSL") || e.contains("tls"),
                "{e}"
            );
        }
    }
    // `verify-full` checks the certificate against the web PKI roots and the host name: the
    // self-signed certificate is refused, with the reason.
    let err = Store::open(&with("verify-full"))
        .await
        .err()
        .unwrap()
        .to_string();
    eprintln!("{err}");
    assert!(
        err.contains("certificate")
            || err.contains("Certificate")
            || err.contains("TLS")
            || err.contains("SSL"),
        "{err}"
    );
}
