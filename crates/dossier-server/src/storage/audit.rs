//! The access audit (SPEC §10): staff logins (success, failure, throttling), logouts, dossier
//! views and attachment downloads, each with the officer, the client address and the time.
//! Status changes are audited with the change itself (`audit_log`, written in the same
//! transaction). Both logs are append-only: nothing updates or deletes them.

use crate::storage::store::{Result, Store};
use sqlx::Row;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditEvent {
    LoginOk,
    /// A password was checked and was wrong (or the account is unknown or disabled).
    LoginFailed,
    /// A login was refused without checking the password; recorded once per window and key.
    LoginThrottled,
    Logout,
    View,
    Download,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditEvent::LoginOk => "login_ok",
            AuditEvent::LoginFailed => "login_failed",
            AuditEvent::LoginThrottled => "login_throttled",
            AuditEvent::Logout => "logout",
            AuditEvent::View => "view",
            AuditEvent::Download => "download",
        }
    }
}

/// One entry to append.
pub struct Entry<'a> {
    pub event: AuditEvent,
    pub username: &'a str,
    pub staff_id: Option<&'a str>,
    pub client_addr: &'a str,
    pub dossier_id: Option<&'a str>,
    /// What was downloaded, or why a login failed.
    pub detail: &'a str,
}

/// One entry as read back.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
    pub id: i64,
    pub at: String,
    pub event: String,
    pub username: String,
    pub client_addr: String,
    pub dossier_id: Option<String>,
    pub detail: String,
}

fn recorded(r: &sqlx::any::AnyRow) -> Result<Recorded> {
    Ok(Recorded {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        event: r.try_get("event")?,
        username: r.try_get("username")?,
        client_addr: r.try_get("client_addr")?,
        dossier_id: r.try_get("dossier_id")?,
        detail: r.try_get("detail")?,
    })
}

const COLUMNS: &str = "id, at, event, username, client_addr, dossier_id, detail";

impl Store {
    pub async fn audit_event(&self, e: &Entry<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (at, event, username, staff_id, client_addr, dossier_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(crate::clock::now_rfc3339())
        .bind(e.event.as_str())
        .bind(e.username)
        .bind(e.staff_id)
        .bind(e.client_addr)
        .bind(e.dossier_id)
        .bind(e.detail)
        .execute(self.pool())
        .await
        .map(|_| ())
    }

    /// The last 200 views and downloads of one dossier, oldest first (`dossier audit` has all).
    pub async fn dossier_access(&self, dossier_id: &str) -> Result<Vec<Recorded>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM (SELECT {COLUMNS} FROM audit_events WHERE dossier_id = $1 \
             ORDER BY id DESC LIMIT 200) recent ORDER BY id"
        );
        sqlx::query(&sql)
            .bind(dossier_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(recorded)
            .collect()
    }

    /// Entries after `after_id`, oldest first, at most `limit` (`dossier audit`).
    pub async fn audit_events(&self, after_id: i64, limit: i64) -> Result<Vec<Recorded>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_events WHERE id > $1 ORDER BY id LIMIT {}",
            limit.clamp(1, 10_000)
        );
        sqlx::query(&sql)
            .bind(after_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(recorded)
            .collect()
    }

    /// Entries of one kind for one username (tests and the CLI).
    pub async fn audit_count(&self, event: AuditEvent, username: &str) -> Result<i64> {
        sqlx::query("SELECT COUNT(*) FROM audit_events WHERE event = $1 AND username = $2")
            .bind(event.as_str())
            .bind(username)
            .fetch_one(self.pool())
            .await?
            .try_get(0)
    }
}
