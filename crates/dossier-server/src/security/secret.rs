//! The key that derives every citizen's access token (SPEC §10) lives outside the database: in
//! `DOSSIER_SECRET`, or in a file (`--secret-file`, default `dossier.secret` beside a SQLite
//! database or in the working directory) created with mode 0600 on first start. The database
//! keeps only a fingerprint (HMAC of a fixed label), so a copy of the database (a backup, a
//! dump) discloses no token, and an instance started with the wrong key refuses to run instead
//! of issuing tokens that the others reject.
//!
//! A deployment from before (key in the `server_secret` table) is moved on its first start:
//! the key is written to the file, then deleted from the database; every token stays valid.

use crate::storage::store::Store;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::Row;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Keys shorter than this (in characters) are refused.
pub const MIN_KEY_CHARS: usize = 32;

/// Where the key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// The value itself (`DOSSIER_SECRET`).
    Value(String),
    /// A file, created (0600) when the database has no key yet.
    File(PathBuf),
}

impl KeySource {
    /// What the operator named: `DOSSIER_SECRET` wins over `--secret-file`, which wins over
    /// the default file for `db_url`.
    pub fn choose(env: Option<String>, file: Option<PathBuf>, db_url: &str) -> KeySource {
        match env.filter(|v| !v.trim().is_empty()) {
            Some(value) => KeySource::Value(value.trim().to_owned()),
            None => KeySource::File(file.unwrap_or_else(|| default_file(db_url))),
        }
    }

    fn describe(&self) -> String {
        match self {
            KeySource::Value(_) => "DOSSIER_SECRET".into(),
            KeySource::File(p) => p.display().to_string(),
        }
    }
}

/// `dossier.secret` beside a SQLite database file, or in the working directory.
pub fn default_file(db_url: &str) -> PathBuf {
    let name = "dossier.secret";
    crate::storage::store::sqlite_path(db_url)
        .and_then(|p| p.parent().map(|d| d.join(name)))
        .filter(|p| p.parent().is_some_and(|d| !d.as_os_str().is_empty()))
        .unwrap_or_else(|| PathBuf::from(name))
}

/// What the database records about its key: not the key.
pub fn fingerprint(key: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| panic!("HMAC takes keys of any length"));
    mac.update(b"dossier access-token key v1");
    crate::ids::hex(&mac.finalize().into_bytes())
}

fn read_file(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                    .permissions()
                    .mode();
                if mode & 0o077 != 0 {
                    return Err(format!(
                        "{} can be read by other users (mode {:o}); run `chmod 600 {}` and start again",
                        path.display(),
                        mode & 0o777,
                        path.display()
                    ));
                }
            }
            Ok(Some(text.trim().to_owned()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read the key file {}: {e}", path.display())),
    }
}

/// Creates `path` (it must not exist) with mode 0600 and the key, durably.
fn write_file(path: &Path, key: &str) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let fail = |e: std::io::Error| format!("cannot create the key file {}: {e}", path.display());
    let mut file = options.open(path).map_err(fail)?;
    file.write_all(format!("{key}\n").as_bytes())
        .map_err(fail)?;
    file.sync_all().map_err(fail)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The new directory entry survives a crash too.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn check_length(key: &str, source: &KeySource) -> Result<(), String> {
    if key.chars().count() < MIN_KEY_CHARS {
        return Err(format!(
            "the key in {} is shorter than {MIN_KEY_CHARS} characters; use a long random value (e.g. `openssl rand -hex 32`)",
            source.describe()
        ));
    }
    Ok(())
}

/// Gives `store` its key from `source`, moving a key kept in the database (older deployments)
/// out of it, and checking the key against the database's fingerprint.
pub async fn install(store: Store, source: &KeySource) -> Result<Store, String> {
    let fail = |e: sqlx::Error| format!("cannot set up the access-token key: {e}");
    let legacy: Option<String> = sqlx::query("SELECT secret FROM server_secret WHERE id = 1")
        .fetch_optional(store.pool())
        .await
        .map_err(fail)?
        .map(|r| r.try_get("secret"))
        .transpose()
        .map_err(fail)?;
    let recorded: Option<String> = sqlx::query("SELECT fingerprint FROM key_check WHERE id = 1")
        .fetch_optional(store.pool())
        .await
        .map_err(fail)?
        .map(|r| r.try_get("fingerprint"))
        .transpose()
        .map_err(fail)?;
    let given = match source {
        KeySource::Value(v) => Some(v.clone()),
        KeySource::File(path) => read_file(path)?,
    };
    let key = match (legacy.as_deref(), given) {
        // A deployment from before: its key moves to the file, unchanged.
        (Some(old), None) => {
            if let KeySource::File(path) = source {
                write_file(path, old)?;
            }
            old.to_owned()
        }
        (Some(old), Some(given)) if given == old => given,
        (Some(_), Some(_)) => {
            return Err(format!(
                "the key in {} is not the key this database was created with; access tokens already issued would stop working. Use the database's own key (remove {} to have it written there) and start again",
                source.describe(),
                source.describe()
            ))
        }
        (None, Some(given)) => {
            check_length(&given, source)?;
            given
        }
        (None, None) if recorded.is_some() => {
            return Err(format!(
                "this database already has an access-token key, and it is not in {}: copy the key file of the first instance there (mode 0600), or set DOSSIER_SECRET",
                source.describe()
            ))
        }
        (None, None) => {
            let new = crate::ids::hex(&crate::ids::random::<32>());
            if let KeySource::File(path) = source {
                write_file(path, &new)?;
            }
            new
        }
    };
    let print = fingerprint(&key);
    sqlx::query(
        "INSERT INTO key_check (id, fingerprint) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&print)
    .execute(store.pool())
    .await
    .map_err(fail)?;
    let stored: String = sqlx::query("SELECT fingerprint FROM key_check WHERE id = 1")
        .fetch_one(store.pool())
        .await
        .and_then(|r| r.try_get("fingerprint"))
        .map_err(fail)?;
    if !crate::ids::same_digest(&stored, &print) {
        return Err(format!(
            "the key in {} does not match this database's key (another instance started with another key); every instance must use the same key",
            source.describe()
        ));
    }
    if legacy.is_some() {
        // The key is safe in its file (or was given): it leaves the database, overwritten
        // rather than only unlinked, so that a copy of the database file does not keep it.
        erase_legacy_key(&store).await.map_err(fail)?;
    }
    Ok(store.with_key(key))
}

async fn erase_legacy_key(store: &Store) -> sqlx::Result<()> {
    let mut conn = store.pool().acquire().await?;
    match store.engine {
        crate::storage::store::Engine::Sqlite => {
            sqlx::query("PRAGMA secure_delete = ON")
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM server_secret")
                .execute(&mut *conn)
                .await?;
            // The old page images in the write-ahead log go too.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA secure_delete = OFF")
                .execute(&mut *conn)
                .await?;
        }
        crate::storage::store::Engine::Postgres => {
            sqlx::query("DELETE FROM server_secret")
                .execute(&mut *conn)
                .await?;
            // Rewrites the table: the dead row's bytes are not left in its file.
            sqlx::query("VACUUM FULL server_secret")
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_then_the_flag_then_the_default() {
        let v = KeySource::choose(Some("k".repeat(40)), Some("/x".into()), "sqlite://a.db");
        assert!(matches!(v, KeySource::Value(_)));
        let f = KeySource::choose(Some("  ".into()), Some("/x/key".into()), "sqlite://a.db");
        assert!(matches!(f, KeySource::File(p) if p == Path::new("/x/key")));
        let d = KeySource::choose(None, None, "sqlite:///srv/dossier/data.db");
        assert!(matches!(d, KeySource::File(p) if p == Path::new("/srv/dossier/dossier.secret")));
        let d = KeySource::choose(None, None, "sqlite://data.db");
        assert!(matches!(d, KeySource::File(p) if p == Path::new("dossier.secret")));
        let d = KeySource::choose(None, None, "postgres://u@h/db");
        assert!(matches!(d, KeySource::File(p) if p == Path::new("dossier.secret")));
    }

    #[test]
    fn the_fingerprint_is_not_the_key() {
        let key = "0123456789abcdef0123456789abcdef";
        assert_eq!(fingerprint(key).len(), 64);
        assert!(!fingerprint(key).contains(key));
        assert_ne!(
            fingerprint(key),
            fingerprint("0123456789abcdef0123456789abcdeg")
        );
    }
}
