//! Staff accounts, sessions, login throttling, scoped queries and audited actions.
//! Scope is part of every query: a dossier outside an officer's unit is never read.

use crate::storage::store::{Result, Store};
use crate::workflow::{Action, Status, UnitKind};
use sqlx::any::AnyRow;
use sqlx::Row;

/// An officer's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Commune(i64),
    Province(i64),
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        let (kind, code) = s.split_once(':')?;
        Some(Unit::new(UnitKind::parse(kind)?, code.parse().ok()?))
    }

    pub fn new(kind: UnitKind, code: i64) -> Unit {
        match kind {
            UnitKind::Commune => Unit::Commune(code),
            UnitKind::Province => Unit::Province(code),
        }
    }

    pub fn kind(self) -> UnitKind {
        match self {
            Unit::Commune(_) => UnitKind::Commune,
            Unit::Province(_) => UnitKind::Province,
        }
    }

    /// As stored: `unit_kind`, `unit_code`.
    pub(crate) fn columns(self) -> (&'static str, i64) {
        (self.kind().as_str(), self.code())
    }

    /// The SQL condition selecting the dossiers in scope, with the unit code as `$1`.
    pub(crate) fn scope(self) -> &'static str {
        match self {
            Unit::Commune(_) => "commune_code = $1",
            Unit::Province(_) => "(province_code = $1 OR forwarded_to_province = $1)",
        }
    }

    /// The scope for a scan of a period (the overview, the register): a province's dossiers
    /// are found through the period's covering index, not the province's (unary `+` keeps the
    /// planner off the province indexes, which would read every dossier of the province); a
    /// commune's through its own index, which is narrower than any period.
    pub(crate) fn scope_for_period(self) -> &'static str {
        match self {
            Unit::Commune(_) => "commune_code = $1",
            Unit::Province(_) => "(+province_code = $1 OR +forwarded_to_province = $1)",
        }
    }

    pub(crate) fn code(self) -> i64 {
        match self {
            Unit::Commune(c) | Unit::Province(c) => c,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Staff {
    pub id: String,
    pub username: String,
    pub unit: Unit,
    pub password_hash: String,
    pub disabled: bool,
}

fn staff_row(r: &AnyRow) -> Result<Staff> {
    let disabled: i64 = r.try_get("disabled")?;
    Ok(Staff {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        unit: Unit::new(UnitKind::column(r, "unit_kind")?, r.try_get("unit_code")?),
        password_hash: r.try_get("password_hash")?,
        disabled: disabled != 0,
    })
}

#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub status: Status,
    pub received_at: String,
    pub province_code: Option<i64>,
    pub commune_code: Option<i64>,
    pub version: i64,
    /// `YYYY-MM-DD`, when the kind has a processing time.
    pub due_date: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StaffDossier {
    pub item: QueueItem,
    pub body: String,
    pub report: String,
    pub forwarded_to_province: Option<i64>,
    pub decision_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: String,
    pub username: String,
    pub action: Action,
    pub from_status: Status,
    pub to_status: Status,
    pub note: String,
    pub findings: String,
}

/// A status change, applied only if the dossier is still at `version`.
pub struct Change<'a> {
    pub dossier_id: &'a str,
    pub version: i64,
    pub from_status: Status,
    pub to_status: Status,
    pub action: Action,
    pub note: &'a str,
    /// JSON list of `{code, message: {vi, en}}`, shown to the citizen.
    pub findings: &'a str,
    pub forwarded_to_province: Option<i64>,
    pub decision_by: Option<&'a str>,
    pub at: &'a str,
    pub staff: &'a Staff,
    /// With `decide`: the decision, recorded in the same transaction.
    pub decision: Option<&'a crate::storage::desk_store::Decision>,
}

const QUEUE_COLUMNS: &str =
    "id, code, kind, status, received_at, province_code, commune_code, version, due_date";

fn queue_item(r: &AnyRow) -> Result<QueueItem> {
    Ok(QueueItem {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        kind: r.try_get("kind")?,
        status: Status::column(r, "status")?,
        received_at: r.try_get("received_at")?,
        province_code: r.try_get("province_code")?,
        commune_code: r.try_get("commune_code")?,
        version: r.try_get("version")?,
        due_date: r.try_get("due_date")?,
    })
}

/// The order of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueOrder {
    /// Dossiers whose deadline runs first, by due date; then the rest, newest first.
    Due,
    /// Newest first.
    Received,
}

/// What the queue shows.
#[derive(Debug, Clone, Copy)]
pub struct QueueFilter<'a> {
    pub status: Option<Status>,
    pub kind: Option<dossier_core::Kind>,
    /// A receipt code (normalised): only that dossier.
    pub code: Option<&'a str>,
    pub order: QueueOrder,
}

impl Store {
    pub async fn add_staff(
        &self,
        username: &str,
        unit: Unit,
        password_hash: &str,
        at: &str,
    ) -> Result<String> {
        let id = crate::ids::new_dossier_id();
        let (kind, code) = unit.columns();
        sqlx::query("INSERT INTO staff (id, username, unit_kind, unit_code, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6)")
            .bind(&id)
            .bind(username)
            .bind(kind)
            .bind(code)
            .bind(password_hash)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(id)
    }

    /// Disables an account and ends its sessions; `false` if there is no such account.
    pub async fn disable_staff(&self, username: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("UPDATE staff SET disabled = 1 WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id IN (SELECT id FROM staff WHERE username = $1)")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn staff_by_username(&self, username: &str) -> Result<Option<Staff>> {
        sqlx::query("SELECT id, username, unit_kind, unit_code, password_hash, disabled FROM staff WHERE username = $1")
            .bind(username)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(staff_row)
            .transpose()
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        staff_id: &str,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, staff_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(staff_id)
        .bind(expires_at)
        .execute(self.pool())
        .await
        .map(|_| ())
    }

    /// The officer of a live session (not expired, account enabled).
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<Staff>> {
        sqlx::query(
            "SELECT s.id, s.username, s.unit_kind, s.unit_code, s.password_hash, s.disabled \
             FROM staff_sessions t JOIN staff s ON s.id = t.staff_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND s.disabled = 0",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(staff_row)
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await
            .map(|_| ())
    }

    /// Counts one login attempt for `key` in its window (a window starts with the first
    /// attempt and lasts `window` seconds) and returns the count with the window's start. One
    /// atomic statement: parallel attempts each get their own number, so at most the limit of
    /// them go on to a password check.
    pub async fn count_login_attempt(
        &self,
        key: &str,
        now: i64,
        window: i64,
    ) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "INSERT INTO login_failures (throttle_key, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (throttle_key) DO UPDATE SET \
             failures = CASE WHEN login_failures.window_start <= $3 THEN 1 ELSE login_failures.failures + 1 END, \
             window_start = CASE WHEN login_failures.window_start <= $3 THEN $2 ELSE login_failures.window_start END \
             RETURNING failures, window_start",
        )
        .bind(key)
        .bind(now)
        .bind(now - window)
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("failures")?, row.try_get("window_start")?))
    }

    /// The attempts counted for `key` in its current window, and the window's start (reads
    /// only: a refused login writes nothing).
    pub async fn login_attempts(&self, key: &str, now: i64, window: i64) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT failures, window_start FROM login_failures WHERE throttle_key = $1",
        )
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(r) if r.try_get::<i64, _>("window_start")? > now - window => {
                (r.try_get("failures")?, r.try_get("window_start")?)
            }
            _ => (0, now),
        })
    }

    /// Marks the first refusal of a window (the count goes from `limit` to `limit + 1` once);
    /// `true` for that first refusal only, so throttling is audited once per window and key.
    pub async fn mark_login_throttled(&self, key: &str, limit: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE login_failures SET failures = failures + 1 WHERE throttle_key = $1 AND failures = $2",
        )
        .bind(key)
        .bind(limit)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Gives back one counted attempt (it was not a failure: refused before the check, or the
    /// password was right).
    pub async fn uncount_login_attempt(&self, key: &str) -> Result<()> {
        sqlx::query(
            "UPDATE login_failures SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0",
        )
        .bind(key)
        .execute(self.pool())
        .await
        .map(|_| ())
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(self.pool())
            .await
            .map(|_| ())
    }

    /// The officer's queue.
    pub async fn queue(
        &self,
        unit: Unit,
        filter: QueueFilter<'_>,
        page: i64,
        size: i64,
    ) -> Result<Vec<QueueItem>> {
        let order = match filter.order {
            QueueOrder::Due => {
                let running: Vec<String> = Status::ALL
                    .iter()
                    .filter(|s| s.deadline_runs())
                    .map(|s| format!("'{s}'"))
                    .collect();
                format!(
                    "CASE WHEN status IN ({}) AND due_date IS NOT NULL THEN 0 ELSE 1 END, \
                     due_date, received_at DESC, id DESC",
                    running.join(", ")
                )
            }
            QueueOrder::Received => "received_at DESC, id DESC".to_owned(),
        };
        let sql = format!(
            "SELECT {QUEUE_COLUMNS} FROM dossiers WHERE {} AND ($2 = '' OR status = $2) AND ($3 = '' OR kind = $3) \
             AND ($4 = '' OR code = $4) ORDER BY {order} LIMIT {size} OFFSET {}",
            unit.scope(),
            (page.max(1) - 1) * size
        );
        let rows = sqlx::query(&sql)
            .bind(unit.code())
            .bind(filter.status.map_or("", Status::as_str))
            .bind(filter.kind.map_or("", dossier_core::Kind::as_str))
            .bind(filter.code.unwrap_or(""))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(queue_item).collect()
    }

    /// A dossier in the officer's scope (`None` when it does not exist or is out of scope).
    pub async fn staff_dossier(&self, unit: Unit, id: &str) -> Result<Option<StaffDossier>> {
        let sql = format!(
            "SELECT {QUEUE_COLUMNS}, body, report, forwarded_to_province, decision_by FROM dossiers WHERE {} AND id = $2",
            unit.scope()
        );
        let Some(r) = sqlx::query(&sql)
            .bind(unit.code())
            .bind(id)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(StaffDossier {
            item: queue_item(&r)?,
            body: r.try_get("body")?,
            report: r.try_get("report")?,
            forwarded_to_province: r.try_get("forwarded_to_province")?,
            decision_by: r.try_get("decision_by")?,
        }))
    }

    /// Applies a status change with optimistic concurrency: `false` when the dossier moved on
    /// (another officer acted first). The event (citizen history) and the audit entry are
    /// written in the same transaction.
    pub async fn apply_change(&self, c: &Change<'_>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let updated = sqlx::query(
            "UPDATE dossiers SET status = $1, version = version + 1, \
             forwarded_to_province = COALESCE($2, forwarded_to_province), decision_by = COALESCE($3, decision_by) \
             WHERE id = $4 AND version = $5 AND status = $6",
        )
        .bind(c.to_status.as_str())
        .bind(c.forwarded_to_province)
        .bind(c.decision_by)
        .bind(c.dossier_id)
        .bind(c.version)
        .bind(c.from_status.as_str())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let seq = c.version + 1;
        crate::storage::desk_store::insert_event(
            &mut tx,
            &crate::storage::desk_store::Event {
                dossier_id: c.dossier_id,
                seq,
                at: c.at,
                status: c.to_status,
                actor: "staff",
                note: c.note,
                findings: c.findings,
            },
        )
        .await?;
        sqlx::query(
            "INSERT INTO audit_log (dossier_id, seq, at, staff_id, username, action, from_status, to_status, note, finding_codes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(c.dossier_id)
        .bind(seq)
        .bind(c.at)
        .bind(&c.staff.id)
        .bind(&c.staff.username)
        .bind(c.action.as_str())
        .bind(c.from_status.as_str())
        .bind(c.to_status.as_str())
        .bind(c.note)
        .bind(c.findings)
        .execute(&mut *tx)
        .await?;
        if let Some(d) = c.decision {
            sqlx::query(
                "UPDATE dossiers SET result = $1, decision_number = $2, decision_date = $3, decision_signer = $4, \
                 decision_sha256 = $5, decided_at = $6 WHERE id = $7",
            )
            .bind(d.result.as_str())
            .bind(&d.number)
            .bind(&d.date)
            .bind(&d.signer)
            .bind(d.sha256.as_deref())
            .bind(&d.decided_at)
            .bind(c.dossier_id)
            .execute(&mut *tx)
            .await?;
            if let Some(sha) = &d.sha256 {
                // The decision document is the dossier's: the orphan clean-up keeps it.
                crate::storage::desk_store::link_attachment(&mut tx, c.dossier_id, sha).await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn audit(&self, dossier_id: &str) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query("SELECT at, username, action, from_status, to_status, note, finding_codes FROM audit_log WHERE dossier_id = $1 ORDER BY seq")
            .bind(dossier_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    username: r.try_get("username")?,
                    action: Action::column(r, "action")?,
                    from_status: Status::column(r, "from_status")?,
                    to_status: Status::column(r, "to_status")?,
                    note: r.try_get("note")?,
                    findings: r.try_get("finding_codes")?,
                })
            })
            .collect()
    }
}
