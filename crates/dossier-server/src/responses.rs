//! The server's own response bodies, one explicit wire type each (camelCase JSON). The same
//! types serialise the responses and describe them in the OpenAPI document (`ToSchema`), so
//! the document cannot drift from what is sent. Dossiers and reports are the core's wire
//! format: they appear here as `DossierSchema` and `ReportSchema`, whose full JSON Schemas the
//! OpenAPI module takes from the core.

use crate::workflow::{Action, Channel, DecisionResult, Status};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, Schema};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

macro_rules! placeholder {
    ($(#[$meta:meta])* $ty:ident = $name:literal) => {
        $(#[$meta])*
        pub struct $ty;

        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new().into()
            }
        }

        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

placeholder! {
    /// A dossier (SPEC §4): replaced by the core's JSON Schemas of the three kinds.
    DossierSchema = "Dossier"
}
placeholder! {
    /// A report (SPEC §5): replaced by its JSON Schema in the OpenAPI module.
    ReportSchema = "Report"
}

/// A message in both languages.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Messages {
    pub vi: String,
    pub en: String,
}

/// `{"status": "ok"}` and the like.
#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// An attachment as stored.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Uploaded {
    /// Lower-case hex SHA-256 of the bytes.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    pub size_bytes: u64,
    #[schema(example = "application/pdf")]
    pub media_type: &'static str,
}

/// The receipt of a submission (also for a replay with the same key and body).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub id: String,
    /// `HS-XXXX-XXXX` in Crockford base32 (no I, L, O, U).
    #[schema(pattern = "^HS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")]
    pub code: String,
    /// Shown to the citizen; stored only as a hash.
    pub access_token: String,
    pub status: Status,
    pub received_at: String,
    #[schema(value_type = ReportSchema)]
    pub report: Box<RawValue>,
    /// The deadline (YYYY-MM-DD), when the kind has a processing time.
    pub due_date: Option<String>,
}

/// A wire value with its name for people.
#[derive(Serialize, ToSchema)]
pub struct Named {
    pub code: String,
    pub name: Messages,
}

/// A recorded decision.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionView {
    pub result: DecisionResult,
    pub result_name: Messages,
    pub number: String,
    /// The date it was signed, YYYY-MM-DD.
    pub date: String,
    pub signer_office: String,
    pub decided_at: String,
    /// Where the decision document is downloaded (with the same credentials as this answer).
    pub document_url: Option<String>,
}

/// The one-stop desk's view of a dossier (SPEC §12), with names for people.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeskView {
    /// The procedure's name.
    pub kind_name: Messages,
    pub status_name: Messages,
    /// YYYY-MM-DD, when the kind has a processing time.
    pub due_date: Option<String>,
    /// The processing time in working days, and its basis.
    pub processing_days: Option<u32>,
    pub processing_basis: Option<String>,
    /// Who decides and who handles the file (from the routing), named.
    pub decision_by: Option<Named>,
    pub handled_by: Option<Named>,
    /// The version of the dossier's content: 1, then one more per supplement.
    pub body_version: i64,
    pub channel: Channel,
    pub decision: Option<DecisionView>,
    /// The citizen may supplement (returned) or withdraw it now.
    pub can_supplement: bool,
    pub can_withdraw: bool,
}

/// An earlier version of a supplemented dossier.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionEntry {
    pub version: i64,
    pub received_at: String,
    #[schema(value_type = Object)]
    pub dossier: Box<RawValue>,
    #[schema(value_type = ReportSchema)]
    pub report: Box<RawValue>,
}

/// The result of a supplement or a withdrawal.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CitizenActionReply {
    pub code: String,
    pub status: Status,
    pub body_version: i64,
    pub due_date: Option<String>,
    #[schema(value_type = ReportSchema)]
    pub report: Box<RawValue>,
}

/// How many dossiers in scope have a status.
#[derive(Serialize, ToSchema)]
pub struct StatusCount {
    pub status: Status,
    pub n: i64,
}

/// A reason given with a return: a finding's code and message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    pub code: String,
    pub message: Messages,
}

/// One step of a dossier's history, as the citizen sees it.
#[derive(Serialize, ToSchema)]
pub struct HistoryEntry {
    pub at: String,
    pub status: Status,
    /// `applicant` or `staff`.
    pub actor: String,
    pub note: String,
    pub findings: Vec<Reason>,
}

/// The status of a dossier for its citizen.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    pub id: String,
    pub code: String,
    pub status: Status,
    pub received_at: String,
    pub history: Vec<HistoryEntry>,
    #[schema(value_type = ReportSchema)]
    pub report: Box<RawValue>,
    pub desk: DeskView,
    /// The dossier as filed (its current version): the citizen can correct it for a supplement.
    #[schema(value_type = Object)]
    pub dossier: Box<RawValue>,
}

/// The kind of an officer's unit.
#[derive(Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Commune,
    Province,
}

/// An officer's unit.
#[derive(Serialize, ToSchema)]
pub struct UnitRef {
    pub kind: UnitKind,
    pub code: i64,
}

/// A new staff session.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginReply {
    pub token: String,
    pub expires_at: String,
    pub username: String,
    pub unit: UnitRef,
}

/// The officer of a session.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub unit: UnitRef,
}

/// One dossier of the queue.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueEntry {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub status: Status,
    pub received_at: String,
    pub province_code: Option<i64>,
    pub commune_code: Option<i64>,
    pub version: i64,
    pub due_date: Option<String>,
    /// The procedure's and the status's names, for people.
    pub kind_name: Messages,
    pub status_name: Messages,
    /// The deadline runs and has passed.
    pub overdue: bool,
    /// The deadline runs and is at most 2 working days away.
    pub due_soon: bool,
}

/// A page of the queue, with the counts per status of the whole scope.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueReply {
    pub page: i64,
    pub page_size: i64,
    pub items: Vec<QueueEntry>,
    pub counts: Vec<StatusCount>,
}

/// A document of a dossier with its download address.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentEntry {
    /// The document type (`request_letter`, …).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: String,
    pub url: String,
}

/// A status change in the audit log.
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub at: String,
    pub username: String,
    pub action: Action,
    pub from: Status,
    pub to: Status,
    pub note: String,
    pub findings: Vec<Reason>,
}

/// A view or a download of the dossier.
#[derive(Serialize, ToSchema)]
pub struct AccessEntry {
    pub at: String,
    /// `view` or `download`.
    pub event: String,
    pub username: String,
    pub detail: String,
}

/// A dossier in the officer's scope.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    pub id: String,
    pub code: String,
    pub kind: String,
    pub status: Status,
    pub version: i64,
    pub received_at: String,
    pub forwarded_to_province: Option<i64>,
    pub decision_by: Option<String>,
    /// The dossier as filed.
    #[schema(value_type = Object)]
    pub dossier: Box<RawValue>,
    #[schema(value_type = ReportSchema)]
    pub report_at_submission: Box<RawValue>,
    /// The report computed now, with the server's date.
    #[schema(value_type = ReportSchema)]
    pub report: Box<RawValue>,
    #[schema(value_type = Option<Object>)]
    pub routing: serde_json::Value,
    pub attachments: Vec<AttachmentEntry>,
    pub history: Vec<HistoryEntry>,
    pub audit: Vec<AuditEntry>,
    /// The last 200 views and downloads.
    pub access: Vec<AccessEntry>,
    pub desk: DeskView,
    /// Earlier versions (before each supplement), oldest first.
    pub versions: Vec<VersionEntry>,
    /// Returns by the officer's unit so far: from 1 on, another return needs `confirmOverride`.
    pub returns_here: i64,
    /// The actions the officer's unit may take now (the state machine's answer).
    pub actions: Vec<crate::workflow::Action>,
}

/// The result of an action.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActionReply {
    pub id: String,
    pub status: Status,
    pub version: i64,
    pub decision_by: Option<String>,
}

/// One wrong field or parameter of a request, by its JSON Pointer.
#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    /// RFC 6901, e.g. `/findingCodes/3` or `/pageSize`; "" = the whole body.
    pub pointer: String,
    #[schema(value_type = String, example = "length")]
    pub code: &'static str,
    /// `min` and `max` of a length or range.
    #[schema(value_type = Object)]
    pub params: serde_json::Map<String, serde_json::Value>,
    pub message: Messages,
}

/// The error part of an error body.
#[derive(Serialize, ToSchema)]
pub struct ErrorInfo {
    #[schema(value_type = String, example = "INVALID_REQUEST")]
    pub code: &'static str,
    pub message: Messages,
    /// With `INVALID_REQUEST`: each wrong field or parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldProblem>>,
}

/// Every error: `{"error": {"code", "message": {"vi", "en"}}}`, with the report of an invalid
/// dossier and the SHA-256s of missing attachments where they apply.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ReportSchema>)]
    pub report: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<String>>,
}

/// One commune's count in the overview (`communeCode` null: filed at the province itself).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverviewCommune {
    pub commune_code: Option<i64>,
    pub name: String,
    pub n: i64,
}

/// Decided within the deadline or not: `overdue` counts the dossiers decided after their due
/// date and those still with an office past it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OnTime {
    pub decided: i64,
    pub within_deadline: i64,
    pub overdue: i64,
}

/// One month of the period: dossiers received in it, and dossiers decided in it.
#[derive(Serialize, ToSchema)]
pub struct OverviewMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub received: i64,
    pub decided: i64,
}

/// The overview of a unit over a period (the dossiers received in it), SPEC §12.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Every status, with the number of the period's dossiers in it now.
    pub by_status: std::collections::BTreeMap<String, i64>,
    /// Every kind.
    pub by_kind: std::collections::BTreeMap<String, i64>,
    pub by_commune: Vec<OverviewCommune>,
    pub on_time: OnTime,
    /// Working days from receipt to decision (the day of receipt not counted), median of the
    /// decided dossiers; null when none was decided.
    pub median_working_days: Option<f64>,
    /// Every month of the period.
    pub series: Vec<OverviewMonth>,
}

/// A set of error answers several endpoints share, described once.
macro_rules! shared_errors {
    ($(#[$meta:meta])* $name:ident { $($status:literal => $description:literal),+ $(,)? }) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> std::collections::BTreeMap<String, RefOr<utoipa::openapi::Response>> {
                [$(($status, $description)),+]
                    .into_iter()
                    .map(|(status, description)| (status.to_owned(), error_response(description)))
                    .collect()
            }
        }
    };
}

/// An error answer: `description`, with an `ErrorBody`.
fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

shared_errors! {
    /// What every staff endpoint may answer besides its own: no session, no storage.
    StaffErrors {
        "401" => "No live session",
        "503" => "Storage unavailable",
    }
}

shared_errors! {
    /// What an endpoint taking a dossier as JSON may answer about the body itself.
    JsonBodyErrors {
        "408" => "The body arrived too slowly",
        "413" => "Over 1 MiB",
        "415" => "Not declared as JSON",
    }
}

shared_errors! {
    /// What a tus request may also be answered: the wrong protocol version, or no storage.
    TusErrors {
        "412" => "Not Tus-Resumable 1.0.0",
        "503" => "Storage unavailable",
    }
}
