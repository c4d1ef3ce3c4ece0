//! Storage: one code path over sqlx's `Any` driver, two engines (SQLite file, PostgreSQL),
//! embedded migrations. SQL uses `$n` placeholders, which both engines accept.

use crate::ids;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// The access-token key (`secret::install`); maintenance commands run without it.
    key: Option<std::sync::Arc<str>>,
    pub engine: Engine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A stored dossier.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: String,
    pub code: String,
    pub token_hash: String,
    pub body_hash: String,
    pub status: crate::workflow::Status,
    pub received_at: String,
    pub report: String,
    /// `YYYY-MM-DD`, when the kind has a processing time (SPEC §12).
    pub due_date: Option<String>,
}

/// What `insert_dossier` did.
#[derive(Debug)]
pub enum Inserted {
    New(Stored),
    /// The idempotency key was used before with the same body.
    Replay(Stored),
    /// The idempotency key was used before with another body.
    KeyReused,
    /// A named attachment vanished between the check and the insert (orphan clean-up).
    AttachmentMissing,
}

pub struct NewDossier<'a> {
    pub idempotency_key: &'a str,
    pub body_hash: &'a str,
    pub kind: &'a str,
    pub province_code: Option<i64>,
    pub commune_code: Option<i64>,
    pub body: &'a str,
    pub report: &'a str,
    pub received_at: &'a str,
    /// The SHA-256s (lower-case) of the attachments its documents name.
    pub attachments: &'a [String],
    /// The deadline (SPEC §12), `YYYY-MM-DD`.
    pub due_date: Option<&'a str>,
    pub channel: crate::workflow::Channel,
    /// The officer who filed it at the counter.
    pub filed_by: Option<&'a str>,
}

#[derive(Debug)]
pub struct Event {
    pub at: String,
    pub status: crate::workflow::Status,
    pub actor: String,
    pub note: String,
    /// JSON list of `{code, message: {vi, en}}` (a return's reasons), or empty.
    pub findings: String,
}

pub type Result<T> = std::result::Result<T, sqlx::Error>;

/// Why a store could not be opened. Messages name the database without its credentials.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported database URL {url:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl { url: String },
    #[error("cannot create the database file {}: {source}", path.display())]
    CreateFile {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {url}: {why}. Check that the database server is running and the URL (host, port, user, sslmode) is right")]
    Connect {
        /// Redacted (`crate::redact`).
        url: String,
        why: String,
    },
    #[error(
        "schema version {wanted} is newer than this program knows ({newest}): use a newer dossier"
    )]
    SchemaTooNew { wanted: i64, newest: i64 },
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::Error),
}

impl Store {
    /// Connects (creating a SQLite file, mode 0600, if needed) and applies the migrations. The
    /// store has no access-token key yet: the server adds it with `secret::install`.
    pub async fn open(url: &str) -> std::result::Result<Store, OpenError> {
        Store::open_at(url, None).await
    }

    /// Like [`Store::open`], with the migrations applied up to `version` only (restoring a
    /// backup made at that version).
    pub async fn open_at(url: &str, version: Option<i64>) -> std::result::Result<Store, OpenError> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            return Err(OpenError::UnsupportedUrl {
                url: crate::redact(url),
            });
        };
        if let Some(path) = sqlite_path(url) {
            create_private(&path)?;
        }
        let url = match engine {
            Engine::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
            }
            _ => url.to_owned(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(match engine {
                Engine::Sqlite => 4,
                Engine::Postgres => 16,
            })
            // A database that cannot be reached is reported within seconds, not minutes.
            .acquire_timeout(std::time::Duration::from_secs(10));
        let options = if engine == Engine::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    // Durability: a 201 is sent only after a commit that survives a crash.
                    sqlx::query("PRAGMA journal_mode=WAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA synchronous=FULL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA busy_timeout=10000")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA foreign_keys=ON")
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        // One direct connection first: an unreachable or refusing database is reported at once
        // and with its reason (a pool would retry until its timeout, then only say so).
        let fail = |why: String| OpenError::Connect {
            url: crate::redact(&url),
            why,
        };
        {
            use sqlx::Connection;
            let probe = tokio::time::timeout(
                std::time::Duration::from_secs(10),
                sqlx::AnyConnection::connect(&url),
            )
            .await
            .map_err(|_| fail("no answer within 10 s".into()))?
            .map_err(|e| fail(e.to_string()))?;
            let _ = probe.close().await;
        }
        let pool = options
            .connect(&url)
            .await
            .map_err(|e| fail(e.to_string()))?;
        migrate(&pool, engine, version).await?;
        Ok(Store {
            pool,
            key: None,
            engine,
        })
    }

    /// This store with its access-token key (see `secret::install`).
    #[must_use]
    pub fn with_key(mut self, key: String) -> Store {
        self.key = Some(key.into());
        self
    }

    /// The connection pool (tests and maintenance tools run their own SQL through it).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The access token of a dossier (`None` for a store opened without its key).
    pub fn token_for(&self, dossier_id: &str) -> Option<String> {
        self.key
            .as_deref()
            .map(|key| ids::access_token(key, dossier_id))
    }

    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    fn stored(row: &AnyRow) -> Result<Stored> {
        Ok(Stored {
            id: row.try_get("id")?,
            code: row.try_get("code")?,
            token_hash: row.try_get("token_hash")?,
            body_hash: row.try_get("body_hash")?,
            status: crate::workflow::Status::column(row, "status")?,
            received_at: row.try_get("received_at")?,
            report: row.try_get("report")?,
            due_date: row.try_get("due_date")?,
        })
    }

    const COLUMNS: &'static str =
        "id, code, token_hash, body_hash, status, received_at, report, due_date";

    /// The dossier stored under an idempotency key.
    pub async fn by_key_public(&self, key: &str) -> Result<Option<Stored>> {
        self.by_key(key).await
    }

    async fn by_key(&self, key: &str) -> Result<Option<Stored>> {
        let sql = format!(
            "SELECT {} FROM dossiers WHERE idempotency_key = $1",
            Self::COLUMNS
        );
        sqlx::query(&sql)
            .bind(key)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(Self::stored)
            .transpose()
    }

    pub async fn by_code(&self, code: &str) -> Result<Option<Stored>> {
        let sql = format!("SELECT {} FROM dossiers WHERE code = $1", Self::COLUMNS);
        sqlx::query(&sql)
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(Self::stored)
            .transpose()
    }

    pub async fn events(&self, dossier_id: &str) -> Result<Vec<Event>> {
        let rows = sqlx::query(
            "SELECT at, status, actor, note, finding_codes FROM dossier_events WHERE dossier_id = $1 ORDER BY seq",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Event {
                    at: r.try_get("at")?,
                    status: crate::workflow::Status::column(r, "status")?,
                    actor: r.try_get("actor")?,
                    note: r.try_get("note")?,
                    findings: r.try_get("finding_codes")?,
                })
            })
            .collect()
    }

    /// Stores a dossier once per idempotency key, in one transaction with its first event.
    /// Concurrent calls with one key store one row: the unique key decides, the others replay.
    pub async fn insert_dossier(&self, d: NewDossier<'_>) -> Result<Inserted> {
        if let Some(existing) = self.by_key(d.idempotency_key).await? {
            return Ok(self.replay_or_conflict(existing, d.body_hash));
        }
        let mut code = ids::new_receipt_code();
        for attempt in 0..5 {
            let id = ids::new_dossier_id();
            let token = self.token_for(&id).ok_or_else(|| {
                sqlx::Error::Configuration("the store has no access-token key".into())
            })?;
            let token_hash = ids::sha256_hex(token.as_bytes());
            let mut tx = self.pool.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO dossiers (id, code, token_hash, idempotency_key, body_hash, kind, \
                 province_code, commune_code, status, received_at, body, report, due_date, channel, filed_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            )
            .bind(&id)
            .bind(&code)
            .bind(&token_hash)
            .bind(d.idempotency_key)
            .bind(d.body_hash)
            .bind(d.kind)
            .bind(d.province_code)
            .bind(d.commune_code)
            .bind(crate::workflow::Status::Received.as_str())
            .bind(d.received_at)
            .bind(d.body)
            .bind(d.report)
            .bind(d.due_date)
            .bind(d.channel.as_str())
            .bind(d.filed_by)
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => {
                    sqlx::query(
                        "INSERT INTO dossier_events (dossier_id, seq, at, status, actor, note) \
                         VALUES ($1, 0, $2, $3, 'applicant', '')",
                    )
                    .bind(&id)
                    .bind(d.received_at)
                    .bind(crate::workflow::Status::Received.as_str())
                    .execute(&mut *tx)
                    .await?;
                    for sha in d.attachments {
                        let linked = sqlx::query(
                            "INSERT INTO dossier_attachments (dossier_id, sha256) VALUES ($1, $2)",
                        )
                        .bind(&id)
                        .bind(sha)
                        .execute(&mut *tx)
                        .await;
                        match linked {
                            Ok(_) => {}
                            Err(e) if is_foreign_key_violation(&e) => {
                                tx.rollback().await?;
                                return Ok(Inserted::AttachmentMissing);
                            }
                            Err(e) => return Err(e),
                        }
                    }
                    tx.commit().await?;
                    return Ok(Inserted::New(Stored {
                        id,
                        code,
                        token_hash,
                        body_hash: d.body_hash.to_owned(),
                        status: crate::workflow::Status::Received,
                        received_at: d.received_at.to_owned(),
                        report: d.report.to_owned(),
                        due_date: d.due_date.map(str::to_owned),
                    }));
                }
                Err(e) if is_unique_violation(&e) => {
                    tx.rollback().await?;
                    // The key won a race elsewhere, or (rarely) the code collided.
                    if let Some(existing) = self.by_key(d.idempotency_key).await? {
                        return Ok(self.replay_or_conflict(existing, d.body_hash));
                    }
                    code = ids::new_receipt_code();
                    if attempt == 4 {
                        return Err(e);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Err(sqlx::Error::Protocol(
            "could not allocate a receipt code".into(),
        ))
    }

    fn replay_or_conflict(&self, existing: Stored, body_hash: &str) -> Inserted {
        if ids::same_digest(&existing.body_hash, body_hash) {
            Inserted::Replay(existing)
        } else {
            Inserted::KeyReused
        }
    }

    /// Number of stored dossiers (tests and benchmarks).
    pub async fn count_dossiers(&self) -> Result<i64> {
        sqlx::query("SELECT COUNT(*) FROM dossiers")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Versioned migrations, embedded; each applied once, in order, inside a transaction.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        include_str!("../../migrations/sqlite/0001_init.sql"),
        include_str!("../../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        include_str!("../../migrations/common/0002_staff.sql"),
        include_str!("../../migrations/common/0002_staff.sql"),
    ),
    (
        3,
        include_str!("../../migrations/sqlite/0003_abuse.sql"),
        include_str!("../../migrations/postgres/0003_abuse.sql"),
    ),
    (
        4,
        include_str!("../../migrations/common/0004_key_check.sql"),
        include_str!("../../migrations/common/0004_key_check.sql"),
    ),
    (
        5,
        include_str!("../../migrations/common/0005_tus.sql"),
        include_str!("../../migrations/common/0005_tus.sql"),
    ),
    (
        6,
        include_str!("../../migrations/common/0006_tus_lease.sql"),
        include_str!("../../migrations/common/0006_tus_lease.sql"),
    ),
    (
        7,
        include_str!("../../migrations/common/0007_desk.sql"),
        include_str!("../../migrations/common/0007_desk.sql"),
    ),
];

async fn migrate(
    pool: &AnyPool,
    engine: Engine,
    up_to: Option<i64>,
) -> std::result::Result<(), OpenError> {
    if let Some(wanted) = up_to {
        let newest = MIGRATIONS.last().map_or(0, |m| m.0);
        if wanted > newest {
            return Err(OpenError::SchemaTooNew { wanted, newest });
        }
    }
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(pool)
        .await?;
    for (version, sqlite, postgres) in MIGRATIONS {
        if up_to.is_some_and(|v| *version > v) {
            break;
        }
        let mut tx = pool.begin().await?;
        if engine == Engine::Postgres {
            // Several instances may start at once: one migrates, the others wait.
            sqlx::query("SELECT pg_advisory_xact_lock(727372)")
                .execute(&mut *tx)
                .await?;
        }
        let done = sqlx::query("SELECT version FROM schema_migrations WHERE version = $1")
            .bind(*version)
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_some() {
            tx.rollback().await?;
            continue;
        }
        let script = if engine == Engine::Sqlite {
            sqlite
        } else {
            postgres
        };
        for statement in script.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        if *version == 3 {
            backfill_attachment_references(&mut tx).await?;
        }
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(*version)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Migration 3: the attachments stored whole before are cut into chunks (so a download never
/// holds more than one chunk), which stored dossier references which attachment (from the
/// stored bodies), and "uploaded now" for the attachments stored before, so the orphan
/// clean-up counts from today.
async fn backfill_attachment_references(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<()> {
    let legacy = sqlx::query("SELECT sha256 FROM attachments WHERE blob_id IS NULL")
        .fetch_all(&mut **tx)
        .await?;
    for row in &legacy {
        let sha: String = row.try_get("sha256")?;
        let data: Vec<u8> = sqlx::query("SELECT data FROM attachments WHERE sha256 = $1")
            .bind(&sha)
            .fetch_one(&mut **tx)
            .await?
            .try_get("data")?;
        for (seq, chunk) in data
            .chunks(crate::security::limits::UPLOAD_CHUNK_BYTES)
            .enumerate()
        {
            sqlx::query("INSERT INTO blob_chunks (blob_id, seq, data) VALUES ($1, $2, $3)")
                .bind(&sha)
                .bind(i64::try_from(seq).unwrap_or(i64::MAX))
                .bind(chunk.to_vec())
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query("UPDATE attachments SET blob_id = $1, data = $2 WHERE sha256 = $1")
            .bind(&sha)
            .bind(&[][..])
            .execute(&mut **tx)
            .await?;
    }
    let rows = sqlx::query("SELECT id, body FROM dossiers")
        .fetch_all(&mut **tx)
        .await?;
    let mut links = Vec::new();
    for row in &rows {
        let id: String = row.try_get("id")?;
        let body: String = row.try_get("body")?;
        let options = dossier_core::Options::new(crate::clock::today());
        let named = dossier_core::intake::read(body.as_bytes(), &options)
            .map(|filed| filed.attachments)
            .unwrap_or_default();
        for sha in named {
            links.push((id.clone(), sha));
        }
    }
    for (id, sha) in links {
        sqlx::query(
            "INSERT INTO dossier_attachments (dossier_id, sha256) \
             SELECT $1, sha256 FROM attachments WHERE sha256 = $2 ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(sha)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("UPDATE attachments SET uploaded_at = $1 WHERE uploaded_at = 0")
        .bind(crate::clock::unix_now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The file of a `sqlite:` URL (`None` for other engines and in-memory databases).
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// Creates an empty database file readable by its owner only, unless it exists.
fn create_private(path: &std::path::Path) -> std::result::Result<(), OpenError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(OpenError::CreateFile {
            path: path.to_owned(),
            source,
        }),
    }
}

fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_foreign_key_violation() || db.code().is_some_and(|c| c == "23503" || c == "787")
        }
        _ => false,
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                || db
                    .code()
                    .is_some_and(|c| c == "23505" || c == "2067" || c == "1555")
        }
        _ => false,
    }
}
