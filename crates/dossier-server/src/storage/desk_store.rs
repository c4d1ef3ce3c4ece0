//! Storage of the one-stop desk (SPEC §12): due dates, decisions, supplements (every version
//! kept), withdrawal, the "return once" count, status counts and the register.

use crate::storage::staff_store::Unit;
use crate::storage::store::{Result, Store};
use crate::workflow::{Action, Channel, DecisionResult, Status, UnitKind};
use sqlx::Row;

/// The desk's columns of a dossier.
#[derive(Debug, Clone, Default)]
pub struct DeskFacts {
    pub due_date: Option<String>,
    pub channel: Option<Channel>,
    pub filed_by: Option<String>,
    pub body_version: i64,
    /// When the current version arrived, if it is a supplement.
    pub body_received_at: Option<String>,
    pub decision: Option<Decision>,
}

/// A recorded decision.
#[derive(Debug, Clone)]
pub struct Decision {
    pub result: DecisionResult,
    pub number: String,
    pub date: String,
    pub signer: String,
    pub sha256: Option<String>,
    pub decided_at: String,
}

/// An earlier version of a supplemented dossier.
#[derive(Debug, Clone)]
pub struct Version {
    pub version: i64,
    pub received_at: String,
    pub body: String,
    pub report: String,
}

/// A dossier as the citizen's supplement or withdrawal sees it.
#[derive(Debug, Clone)]
pub struct Current {
    pub id: String,
    pub code: String,
    pub kind: String,
    /// The receiving unit, as filed.
    pub province_code: Option<i64>,
    pub commune_code: Option<i64>,
    pub status: Status,
    pub version: i64,
    pub body_version: i64,
    pub body: String,
    pub body_hash: String,
    pub report: String,
    pub received_at: String,
    /// When the current version arrived (a supplement); `None` for the first.
    pub body_received_at: Option<String>,
    pub token_hash: String,
}

/// A step of an officer (Mẫu 06): when, who, from which level, what, to which status.
#[derive(Debug, Clone)]
pub struct HandOver {
    pub at: String,
    pub username: String,
    /// `None` for an officer no longer on record.
    pub unit_kind: Option<UnitKind>,
    pub action: Action,
    pub to: Status,
}

/// One row of the register (Mẫu 07).
#[derive(Debug, Clone)]
pub struct RegisterRow {
    pub code: String,
    pub kind: String,
    pub body: String,
    pub received_at: String,
    pub due_date: Option<String>,
    pub status: Status,
    pub channel: Channel,
    pub decided_at: Option<String>,
    pub result: Option<DecisionResult>,
    pub decision_number: Option<String>,
}

/// A supplement: the corrected dossier replaces the current one, which is kept as a version.
pub struct Supplement<'a> {
    pub current: &'a Current,
    pub body: &'a str,
    pub body_hash: &'a str,
    pub report: &'a str,
    pub due_date: Option<&'a str>,
    pub attachments: &'a [String],
    pub at: &'a str,
}

/// One step of a dossier's history (what its citizen sees), inside the step's transaction.
pub(crate) struct Event<'a> {
    pub dossier_id: &'a str,
    pub seq: i64,
    pub at: &'a str,
    pub status: Status,
    /// `applicant` or `staff`.
    pub actor: &'a str,
    pub note: &'a str,
    /// JSON list of reasons, or empty.
    pub findings: &'a str,
}

pub(crate) async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    e: &Event<'_>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, seq, at, status, actor, note, finding_codes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.dossier_id)
    .bind(e.seq)
    .bind(e.at)
    .bind(e.status.as_str())
    .bind(e.actor)
    .bind(e.note)
    .bind(e.findings)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

/// Makes `sha` a file of the dossier (once): the orphan clean-up keeps it.
pub(crate) async fn link_attachment(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    dossier_id: &str,
    sha: &str,
) -> Result<()> {
    let linked: i64 = sqlx::query(
        "SELECT COUNT(*) FROM dossier_attachments WHERE dossier_id = $1 AND sha256 = $2",
    )
    .bind(dossier_id)
    .bind(sha)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    if linked == 0 {
        sqlx::query("INSERT INTO dossier_attachments (dossier_id, sha256) VALUES ($1, $2)")
            .bind(dossier_id)
            .bind(sha)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// The desk's facts of a dossier.
    pub async fn desk_facts(&self, dossier_id: &str) -> Result<DeskFacts> {
        let r = sqlx::query(
            "SELECT due_date, channel, filed_by, body_version, body_received_at, result, decision_number, \
             decision_date, decision_signer, decision_sha256, decided_at FROM dossiers WHERE id = $1",
        )
        .bind(dossier_id)
        .fetch_one(self.pool())
        .await?;
        Ok(DeskFacts {
            due_date: r.try_get("due_date")?,
            channel: Channel::optional_column(&r, "channel")?,
            filed_by: r.try_get("filed_by")?,
            body_version: r.try_get("body_version")?,
            body_received_at: r.try_get("body_received_at")?,
            decision: match DecisionResult::optional_column(&r, "result")? {
                Some(result) => Some(Decision {
                    result,
                    number: r
                        .try_get::<Option<String>, _>("decision_number")?
                        .unwrap_or_default(),
                    date: r
                        .try_get::<Option<String>, _>("decision_date")?
                        .unwrap_or_default(),
                    signer: r
                        .try_get::<Option<String>, _>("decision_signer")?
                        .unwrap_or_default(),
                    sha256: r.try_get("decision_sha256")?,
                    decided_at: r
                        .try_get::<Option<String>, _>("decided_at")?
                        .unwrap_or_default(),
                }),
                None => None,
            },
        })
    }

    /// The earlier versions of a dossier, oldest first.
    pub async fn versions(&self, dossier_id: &str) -> Result<Vec<Version>> {
        let rows = sqlx::query(
            "SELECT version, received_at, body, report FROM dossier_versions WHERE dossier_id = $1 ORDER BY version",
        )
        .bind(dossier_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Version {
                    version: r.try_get("version")?,
                    received_at: r.try_get("received_at")?,
                    body: r.try_get("body")?,
                    report: r.try_get("report")?,
                })
            })
            .collect()
    }

    /// The dossier under a receipt code, for its citizen.
    pub async fn current(&self, code: &str) -> Result<Option<Current>> {
        let Some(r) = sqlx::query(
            "SELECT id, code, kind, province_code, commune_code, status, version, body_version, body, \
             body_hash, report, received_at, body_received_at, token_hash FROM dossiers WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(Current {
            id: r.try_get("id")?,
            code: r.try_get("code")?,
            kind: r.try_get("kind")?,
            province_code: r.try_get("province_code")?,
            commune_code: r.try_get("commune_code")?,
            status: Status::column(&r, "status")?,
            version: r.try_get("version")?,
            body_version: r.try_get("body_version")?,
            body: r.try_get("body")?,
            body_hash: r.try_get("body_hash")?,
            report: r.try_get("report")?,
            received_at: r.try_get("received_at")?,
            body_received_at: r.try_get("body_received_at")?,
            token_hash: r.try_get("token_hash")?,
        }))
    }

    /// Replaces a returned dossier by its supplement (version n+1, status `received` again),
    /// keeping version n; `false` if the dossier moved on meanwhile.
    pub async fn supplement(&self, s: &Supplement<'_>) -> Result<bool> {
        let c = s.current;
        let mut tx = self.pool().begin().await?;
        let updated = sqlx::query(
            "UPDATE dossiers SET body = $1, body_hash = $2, report = $3, due_date = $4, body_received_at = $5, \
             status = $8, version = version + 1, body_version = body_version + 1 \
             WHERE id = $6 AND version = $7 AND status = $9",
        )
        .bind(s.body)
        .bind(s.body_hash)
        .bind(s.report)
        .bind(s.due_date)
        .bind(s.at)
        .bind(&c.id)
        .bind(c.version)
        .bind(Status::Received.as_str())
        .bind(Status::Returned.as_str())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO dossier_versions (dossier_id, version, received_at, body, report) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&c.id)
        .bind(c.body_version)
        .bind(c.body_received_at.as_deref().unwrap_or(&c.received_at))
        .bind(&c.body)
        .bind(&c.report)
        .execute(&mut *tx)
        .await?;
        let note = format!(
            "Bổ sung, hoàn thiện hồ sơ (lần nộp {}).",
            c.body_version + 1
        );
        insert_event(
            &mut tx,
            &Event {
                dossier_id: &c.id,
                seq: c.version + 1,
                at: s.at,
                status: Status::Received,
                actor: "applicant",
                note: &note,
                findings: "",
            },
        )
        .await?;
        for sha in s.attachments {
            link_attachment(&mut tx, &c.id, sha).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Withdraws a dossier at the citizen's request; `false` if it moved on meanwhile.
    pub async fn withdraw(&self, c: &Current, at: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let updated = sqlx::query(
            "UPDATE dossiers SET status = 'withdrawn', version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(&c.id)
        .bind(c.version)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_event(
            &mut tx,
            &Event {
                dossier_id: &c.id,
                seq: c.version + 1,
                at,
                status: Status::Withdrawn,
                actor: "applicant",
                note: "",
                findings: "",
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether a file belongs to a dossier other than `dossier_id`.
    pub async fn linked_elsewhere(&self, sha: &str, dossier_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query(
            "SELECT COUNT(*) FROM dossier_attachments WHERE sha256 = $1 AND dossier_id <> $2",
        )
        .bind(sha)
        .bind(dossier_id)
        .fetch_one(self.pool())
        .await?
        .try_get(0)?;
        Ok(n > 0)
    }

    /// How often officers of `unit` returned this dossier ("guide once": a second return needs
    /// the officer to confirm an override).
    pub async fn returns_by_unit(&self, dossier_id: &str, unit: Unit) -> Result<i64> {
        let (kind, code) = unit.columns();
        sqlx::query(
            "SELECT COUNT(*) FROM audit_log a JOIN staff s ON s.id = a.staff_id \
             WHERE a.dossier_id = $1 AND a.action = $4 AND s.unit_kind = $2 AND s.unit_code = $3",
        )
        .bind(dossier_id)
        .bind(kind)
        .bind(code)
        .bind(Action::Return.as_str())
        .fetch_one(self.pool())
        .await?
        .try_get(0)
    }

    /// Dossiers in scope per status.
    pub async fn status_counts(&self, unit: Unit) -> Result<Vec<(Status, i64)>> {
        let sql = format!(
            "SELECT status, COUNT(*) AS n FROM dossiers WHERE {} GROUP BY status",
            unit.scope()
        );
        let rows = sqlx::query(&sql)
            .bind(unit.code())
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push((Status::column(r, "status")?, r.try_get("n")?));
        }
        out.sort_by_key(|(s, _)| Status::ALL.iter().position(|x| x == s));
        Ok(out)
    }

    /// The register of the officer's unit: dossiers received from `from` to `to` (dates,
    /// inclusive, in Viet Nam), oldest first.
    pub async fn register(&self, unit: Unit, from: &str, to: &str) -> Result<Vec<RegisterRow>> {
        let sql = format!(
            "SELECT code, kind, body, received_at, due_date, status, channel, decided_at, result, decision_number \
             FROM dossiers WHERE {} AND received_at >= $2 AND received_at < $3 ORDER BY received_at, code \
             LIMIT {}",
            unit.scope_for_period(),
            crate::security::limits::REGISTER_MAX_ROWS + 1
        );
        let rows = sqlx::query(&sql)
            .bind(unit.code())
            .bind(from)
            .bind(to)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RegisterRow {
                    code: r.try_get("code")?,
                    kind: r.try_get("kind")?,
                    body: r.try_get("body")?,
                    received_at: r.try_get("received_at")?,
                    due_date: r.try_get("due_date")?,
                    status: Status::column(r, "status")?,
                    channel: Channel::column(r, "channel")?,
                    decided_at: r.try_get("decided_at")?,
                    result: DecisionResult::optional_column(r, "result")?,
                    decision_number: r.try_get("decision_number")?,
                })
            })
            .collect()
    }

    /// The officer who did each step, for Mẫu 06 (hand-overs with times).
    pub async fn hand_overs(&self, dossier_id: &str) -> Result<Vec<HandOver>> {
        let rows = sqlx::query(
            "SELECT a.at, a.username, s.unit_kind, a.action, a.to_status FROM audit_log a \
             LEFT JOIN staff s ON s.id = a.staff_id WHERE a.dossier_id = $1 ORDER BY a.seq",
        )
        .bind(dossier_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let unit_kind: Option<String> = r.try_get("unit_kind")?;
                Ok(HandOver {
                    at: r.try_get("at")?,
                    username: r.try_get("username")?,
                    unit_kind: unit_kind.as_deref().and_then(UnitKind::parse),
                    action: Action::column(r, "action")?,
                    to: Status::column(r, "to_status")?,
                })
            })
            .collect()
    }

    /// The decision document's SHA-256 of a decided dossier.
    pub async fn decision_sha256(&self, dossier_id: &str) -> Result<Option<String>> {
        sqlx::query("SELECT decision_sha256 FROM dossiers WHERE id = $1")
            .bind(dossier_id)
            .fetch_optional(self.pool())
            .await?
            .map_or(Ok(None), |r| r.try_get(0))
    }
}
