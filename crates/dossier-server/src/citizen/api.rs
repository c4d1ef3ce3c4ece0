//! The citizens' endpoints of SPEC §6 and §10. Each handler carries its OpenAPI description
//! (`#[utoipa::path]`): the router is built from these same descriptions (`openapi::routes`),
//! so the document and the routing cannot differ.

use crate::dto::{self, LangQuery, ValidateQuery};
use crate::error::ApiError;
use crate::responses::JsonBodyErrors;
use crate::responses::{
    DossierSchema, ErrorBody, Health, HistoryEntry, Reason, Receipt, ReportSchema, StatusView,
    Uploaded,
};
use crate::security::body::{declared_length, read_all, BodyError, Chunks};
use crate::security::client_addr::ClientAddr;
use crate::security::limits::{max_attachment_bytes, MAX_JSON_BYTES, UPLOAD_CHUNK_BYTES};
use crate::security::rate::{self, Bucket};
use crate::staff::desk;
use crate::storage::staff_store::{Staff, Unit};
use crate::storage::store::{Inserted, NewDossier, Stored};
use crate::workflow::Channel;
use crate::{clock, ids, openapi, AppState};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_core::{admin_units, form, intake, rulebook, validate, Kind, Lang, Options};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

type ApiResult = Result<Response, ApiError>;

pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime == "application/json" || mime.ends_with("+json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "CONTENT_TYPE",
            "Hãy gửi hồ sơ dạng JSON với tiêu đề Content-Type: application/json.",
            "Send the dossier as JSON with Content-Type: application/json.",
        ))
    }
}

fn path_param(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(s)| s).map_err(|_| {
        ApiError::bad_request(
            "PATH",
            "Đường dẫn không hợp lệ. Hãy kiểm tra địa chỉ.",
            "The path is malformed. Check the URL.",
        )
    })
}

fn kind_param(p: Result<Path<String>, PathRejection>) -> Result<Kind, ApiError> {
    let s = path_param(p)?;
    Kind::parse_arg(&s).map_err(|e| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "UNKNOWN_KIND",
            e.message(dossier_core::Lang::Vi),
            e.message(dossier_core::Lang::En),
        )
    })
}

/// Liveness: the process answers (it never looks at the database).
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process answers", body = Health)))]
pub async fn healthz() -> Response {
    Json(Health { status: "ok" }).into_response()
}

/// Readiness: the database answers within 2 s; otherwise 503, so a load balancer sends the
/// traffic to another instance.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database cannot be reached (NOT_READY)", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ))]
pub async fn readyz(State(state): State<AppState>) -> ApiResult {
    match tokio::time::timeout(std::time::Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => Ok(Json(Health { status: "ready" }).into_response()),
        _ => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "NOT_READY",
            "Máy chủ chưa sẵn sàng: không kết nối được cơ sở dữ liệu. Hãy thử lại sau ít phút.",
            "Not ready: the database cannot be reached. Try again in a few minutes.",
        )
        .retry_after(5)),
    }
}

/// Validates a dossier with the rulebook and answers the report (stateless: nothing is
/// stored). Any JSON is accepted: problems are findings of the report, not errors.
#[utoipa::path(post, path = "/api/v1/validate", tag = "citizens",
    params(crate::dto::ValidateQuery),
    request_body(content = Value, content_type = "application/json",
        description = "A dossier (SPEC §4); anything that is not one is reported as findings"),
    responses(
        (status = 200, description = "The report", body = ReportSchema),
        (status = 400, description = "A bad query parameter (INVALID_REQUEST), or the body was cut off", body = ErrorBody),
        (status = 408, description = "The body arrived too slowly", body = ErrorBody),
        (status = 413, description = "The body is over 1 MiB", body = ErrorBody),
        (status = 415, description = "The body is not declared as JSON", body = ErrorBody),
    ))]
pub async fn validate_dossier(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let q: ValidateQuery = dto::query(q.as_deref())?;
    require_json(&headers)?;
    let lang = q.lang.map_or(dossier_core::Lang::Vi, |l| l.0);
    let as_of = q.as_of.map_or_else(clock::today, |d| d.0);
    let bytes = read_all(&headers, body, MAX_JSON_BYTES, state.settings.body_deadline).await?;
    let _work = state.dossier_work.acquire().await;
    let report = validate(&bytes, &Options::new(as_of).lang(lang))
        .map_err(|e| ApiError::bad_request("OPTIONS", e.to_string(), e.to_string()))?;
    Ok(json_text(StatusCode::OK, report.to_json()))
}

fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// The JSON Schema (2020-12) of a kind's wire format, generated from the core's field model.
#[utoipa::path(get, path = "/api/v1/schema/{kind}", tag = "exports",
    params(("kind" = crate::dto::KindParam, Path, description = "The kind of dossier")),
    responses(
        (status = 200, description = "JSON Schema 2020-12", body = Value),
        (status = 400, description = "The path is malformed", body = ErrorBody),
        (status = 404, description = "No such kind (UNKNOWN_KIND)", body = ErrorBody),
    ))]
pub async fn schema(p: Result<Path<String>, PathRejection>) -> ApiResult {
    let kind = kind_param(p)?;
    Ok(Json(form::json_schema(kind, rulebook::newest())).into_response())
}

/// The form description the pages render: pages, fields, labels, hints, options, conditions.
#[utoipa::path(get, path = "/api/v1/forms/{kind}", tag = "exports",
    params(("kind" = crate::dto::KindParam, Path, description = "The kind of dossier"), crate::dto::LangQuery),
    responses(
        (status = 200, description = "The form description", body = Value),
        (status = 400, description = "A bad parameter (INVALID_REQUEST)", body = ErrorBody),
        (status = 404, description = "No such kind (UNKNOWN_KIND)", body = ErrorBody),
    ))]
pub async fn form_description(
    p: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let kind = kind_param(p)?;
    let lang = dto::query::<LangQuery>(q.as_deref())?.lang();
    Ok(Json(form::describe(kind, lang, rulebook::newest())).into_response())
}

/// The 34 provinces and 3,321 communes in force since 1 July 2025.
#[utoipa::path(get, path = "/api/v1/admin-units", tag = "exports",
    responses((status = 200, description = "Provinces with their communes", body = Value)))]
pub async fn admin_units_all() -> Response {
    Json(admin_units::tree()).into_response()
}

/// One province with its communes.
#[utoipa::path(get, path = "/api/v1/admin-units/{province}", tag = "exports",
    params(("province" = i64, Path, description = "The province code (2025 list)")),
    responses(
        (status = 200, description = "The province", body = Value),
        (status = 400, description = "Not a number", body = ErrorBody),
        (status = 404, description = "No such province", body = ErrorBody),
    ))]
pub async fn admin_units_one(p: Result<Path<String>, PathRejection>) -> ApiResult {
    let s = path_param(p)?;
    let code: i64 = s.parse().map_err(|_| {
        ApiError::bad_request(
            "PROVINCE_CODE",
            "Mã tỉnh phải là một số.",
            "The province code must be a number.",
        )
    })?;
    let province = admin_units::province(code).ok_or_else(ApiError::not_found)?;
    Ok(Json(admin_units::province_tree(province)).into_response())
}

/// Editions, profiles, every rule with its parameters and citation.
#[utoipa::path(get, path = "/api/v1/rulebook", tag = "exports",
    responses((status = 200, description = "The rulebook", body = Value)))]
pub async fn rulebook_export() -> Response {
    Json(rulebook::export::export()).into_response()
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1", body = Value)))]
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::document_json(),
    )
        .into_response()
}

/// The declared media type, if the content really is one: magic bytes of PDF, JPEG, PNG.
pub(crate) fn sniff(declared: &str, data: &[u8]) -> Option<&'static str> {
    match declared {
        "application/pdf" if data.starts_with(b"%PDF-") => Some("application/pdf"),
        "image/jpeg" if data.starts_with(&[0xFF, 0xD8, 0xFF]) => Some("image/jpeg"),
        "image/png" if data.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        _ => None,
    }
}

/// The content is not the type the client declared.
pub(crate) fn content_mismatch(declared: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "CONTENT_MISMATCH",
        format!("Nội dung tệp không phải {declared}. Hãy kiểm tra tệp hoặc loại tệp đã khai."),
        format!("The file content is not {declared}. Check the file or its declared type."),
    )
}

pub(crate) fn unsupported_media_type() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "MEDIA_TYPE",
        "Chỉ nhận tệp PDF, JPEG hoặc PNG. Hãy gửi với Content-Type tương ứng.",
        "Only PDF, JPEG or PNG files are accepted. Send one with the matching Content-Type.",
    )
}

/// The declared media type of an upload, if it is one the rulebook accepts.
fn declared_media_type(headers: &HeaderMap) -> Result<String, ApiError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if rulebook::newest()
        .documents
        .media_types
        .contains(&declared.as_str())
    {
        Ok(declared)
    } else {
        Err(unsupported_media_type())
    }
}

/// Uploads one file (PDF, JPEG or PNG; at most {documents.max_bytes}), streamed to storage
/// in chunks and checked by its magic bytes; known afterwards by its SHA-256. The same bytes
/// again are harmless.
#[utoipa::path(post, path = "/api/v1/attachments", tag = "citizens",
    request_body(description = "The file", content(
        (Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"))),
    responses(
        (status = 201, description = "Stored", body = Uploaded),
        (status = 400, description = "Empty, or cut off", body = ErrorBody),
        (status = 408, description = "The body arrived too slowly", body = ErrorBody),
        (status = 413, description = "Over {documents.max_bytes}", body = ErrorBody),
        (status = 415, description = "Not declared as PDF, JPEG or PNG", body = ErrorBody),
        (status = 422, description = "The content is not the declared type", body = ErrorBody),
        (status = 429, description = "Upload requests or bytes per hour used up for this address", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
        (status = 503, description = "Storage unavailable: send again", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let declared = declared_media_type(&headers)?;
    let limit = max_attachment_bytes();
    if declared_length(&headers).is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge(limit).into());
    }
    let store = &state.store;
    let blob = store.upload_begin(clock::unix_now()).await?;
    let outcome = receive_upload(&state, client, &blob, body, limit).await;
    let (sha256, size, head) = match outcome {
        Ok(done) => done,
        Err(e) => {
            // Best effort: what is left is collected as an unfinished upload.
            let _ = store.upload_discard(&blob).await;
            return Err(e);
        }
    };
    let checked = if size == 0 {
        Err(ApiError::bad_request(
            "EMPTY",
            "Tệp rỗng. Hãy chọn lại tệp.",
            "The file is empty. Choose the file again.",
        ))
    } else {
        sniff(&declared, &head).ok_or_else(|| content_mismatch(&declared))
    };
    let media_type = match checked {
        Ok(m) => m,
        Err(e) => {
            let _ = store.upload_discard(&blob).await;
            return Err(e);
        }
    };
    let size_bytes = i64::try_from(size).unwrap_or(i64::MAX);
    store
        .upload_finish(
            &blob,
            &sha256,
            media_type,
            size_bytes,
            clock::unix_now(),
            &clock::now_rfc3339(),
        )
        .await?;
    // 201 also when the same bytes were stored before: the attachment exists either way.
    Ok((
        StatusCode::CREATED,
        Json(Uploaded {
            sha256,
            size_bytes: size as u64,
            media_type,
        }),
    )
        .into_response())
}

/// Reads an upload's body chunk by chunk into storage under `blob`, charging the client's
/// byte bucket as it goes. Returns (SHA-256 hex, size, first bytes).
async fn receive_upload(
    state: &AppState,
    client: ClientAddr,
    blob: &str,
    body: Body,
    limit: usize,
) -> Result<(String, usize, Vec<u8>), ApiError> {
    let mut chunks = Chunks::new(
        body,
        limit,
        UPLOAD_CHUNK_BYTES,
        state.settings.body_deadline,
    );
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    let mut seq = 0i64;
    while let Some(chunk) = chunks.next().await? {
        rate::charge(state, client, Bucket::UploadBytes, chunk.len() as u64).await?;
        hasher.update(&chunk);
        if head.is_empty() {
            head = chunk[..chunk.len().min(16)].to_vec();
        }
        state.store.upload_chunk(blob, seq, chunk).await?;
        seq += 1;
    }
    Ok((ids::hex(&hasher.finalize()), chunks.total(), head))
}

/// Stored JSON text embedded byte for byte (not re-serialised); `null` if it is not JSON.
pub(crate) fn raw_json(text: &str) -> Box<RawValue> {
    RawValue::from_string(text.to_owned())
        .unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap_or_default())
}

fn receipt(state: &AppState, s: &Stored) -> Receipt {
    Receipt {
        id: s.id.clone(),
        code: s.code.clone(),
        // The server always runs with its key (`secret::install`).
        access_token: state.store.token_for(&s.id).unwrap_or_default(),
        status: s.status,
        received_at: s.received_at.clone(),
        report: raw_json(&s.report),
        due_date: s.due_date.clone(),
    }
}

/// The reasons kept with an event (stored as JSON text).
pub(crate) fn reasons(stored: &str) -> Vec<Reason> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// The prefix of the keys of dossiers filed at the counter (`desk::counter_filing`).
pub(crate) const COUNTER_KEYS: &str = "counter:";

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty()
        || key.len() > 200
        || !key.bytes().all(|b| (0x21..=0x7e).contains(&b))
        // The counter's keys are `counter:<officer>:<key>`: no client may name one.
        || key.starts_with(COUNTER_KEYS)
    {
        return Err(ApiError::bad_request(
            "IDEMPOTENCY_KEY",
            "Thiếu tiêu đề Idempotency-Key (1–200 ký tự ASCII in được). Hãy tạo một khóa cho mỗi hồ sơ và dùng lại khi gửi lại.",
            "The Idempotency-Key header (1–200 printable ASCII characters) is missing. Create one key per dossier and reuse it on every retry.",
        ));
    }
    Ok(key.to_owned())
}

/// Submits a dossier once: validated with the server's date; stored only when valid and
/// every attachment it names is uploaded; answered 201 with the receipt after the commit. The
/// same key with the same body replays the first receipt.
#[utoipa::path(post, path = "/api/v1/dossiers", tag = "citizens",
    params(("Idempotency-Key" = String, Header, description = "One key per dossier (1–200 printable ASCII characters), reused on every retry")),
    request_body(content = DossierSchema, content_type = "application/json"),
    responses(
        (status = 201, description = "The receipt (also for a replay with the same key and body)", body = Receipt,
            headers(("Idempotent-Replayed" = String, description = "`true` when this is the first receipt again"))),
        (status = 400, description = "No valid Idempotency-Key, the body is not JSON, or cut off", body = ErrorBody),
        (status = 422, description = "Not valid (DOSSIER_INVALID, with the report), attachments missing (ATTACHMENT_MISSING), or the key used with another body (IDEMPOTENCY_KEY_REUSED)", body = ErrorBody),
        (status = 429, description = "Submissions per hour used up for this address", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
        (status = 503, description = "Storage unavailable: send again with the same key", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
        JsonBodyErrors,
    ))]
pub async fn submit_dossier(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let key = idempotency_key(&headers)?;
    require_json(&headers)?;
    let bytes = read_all(&headers, body, MAX_JSON_BYTES, state.settings.body_deadline).await?;
    file_dossier(
        &state,
        &key,
        &bytes,
        Filing {
            channel: Channel::Online,
            officer: None,
        },
    )
    .await
}

/// What storage needs of a dossier body: its canonical hash, the report with the server's
/// date, the attachments it names, its kind and receiving unit.
pub(crate) struct Filed {
    pub body_hash: String,
    pub report: dossier_core::Report,
    pub hashes: Vec<String>,
    pub kind: Option<Kind>,
    pub province_code: Option<i64>,
    pub commune_code: Option<i64>,
}

/// Parses and validates a dossier body (a submission, a counter filing, a supplement) once,
/// under the work limit, keeping only what storage needs.
pub(crate) async fn parse_filed(state: &AppState, bytes: &[u8]) -> Result<Filed, ApiError> {
    let _work = state.dossier_work.acquire().await;
    let filed = read_dossier(bytes, &Options::new(clock::today()))?;
    Ok(Filed {
        // Canonical JSON (sorted keys): the same dossier re-serialised is the same body.
        body_hash: ids::sha256_hex(filed.canonical.as_bytes()),
        report: filed.report,
        hashes: filed.attachments,
        kind: filed.kind,
        province_code: filed.province_code.map(i64::from),
        commune_code: filed.commune_code.map(i64::from),
    })
}

/// Reads a dossier once with the core: the report and the facts beside it. Text that is not
/// JSON is a 400 with the core's message.
pub(crate) fn read_dossier(bytes: &[u8], options: &Options) -> Result<intake::Filed, ApiError> {
    intake::read(bytes, options).map_err(|e| {
        let code = match e {
            intake::Error::Syntax(_) => "JSON",
            intake::Error::Options(_) => "OPTIONS",
        };
        ApiError::bad_request(code, e.message(Lang::Vi), e.message(Lang::En))
    })
}

/// Who files a dossier: the applicant online, or an officer at the counter.
pub(crate) struct Filing<'a> {
    pub channel: Channel,
    /// At the counter: the officer, whose unit the dossier must be for.
    pub officer: Option<&'a Staff>,
}

/// Validates and stores a dossier once per idempotency key (the citizen's submission and the
/// counter's assisted filing): 201 with the receipt after the commit, a replay for the same
/// key and body.
pub(crate) async fn file_dossier(
    state: &AppState,
    key: &str,
    bytes: &[u8],
    filing: Filing<'_>,
) -> ApiResult {
    let Filed {
        body_hash,
        report,
        hashes,
        kind,
        province_code,
        commune_code,
    } = parse_filed(state, bytes).await?;
    let report_json = report.to_json();
    if !report.valid {
        // An earlier acknowledged submission with this key and body still replays.
        if let Ok(Inserted::Replay(s)) = replay_only(state, key, &body_hash).await {
            return Ok((
                StatusCode::CREATED,
                [("idempotent-replayed", "true")],
                Json(receipt(state, &s)),
            )
                .into_response());
        }
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "DOSSIER_INVALID",
            "Hồ sơ chưa hợp lệ. Hãy sửa các lỗi trong báo cáo rồi gửi lại.",
            "The dossier is not valid. Fix the findings in the report and send it again.",
        )
        .with_report(report_json));
    }
    if let Some(officer) = filing.officer {
        let in_scope = match officer.unit {
            Unit::Commune(c) => commune_code == Some(c),
            Unit::Province(p) => province_code == Some(p),
        };
        if !in_scope {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "OUT_OF_SCOPE",
                "Hồ sơ này gửi đến đơn vị khác (receivingUnit). Hãy hướng dẫn người nộp nộp tại đơn vị đó.",
                "This dossier is for another unit (receivingUnit). Direct the applicant to that unit.",
            ));
        }
    }
    // A valid dossier has a kind.
    let kind = kind.map_or("", Kind::as_str);
    let due_date = desk::due_date(kind, clock::today());
    let missing = state.store.missing_attachments(&hashes).await?;
    if !missing.is_empty() {
        return Err(attachment_missing(missing));
    }
    let inserted = state
        .store
        .insert_dossier(NewDossier {
            idempotency_key: key,
            body_hash: &body_hash,
            kind,
            province_code,
            commune_code,
            body: std::str::from_utf8(bytes).unwrap_or(""),
            report: &report_json,
            received_at: &clock::now_rfc3339(),
            attachments: &hashes,
            due_date: due_date.as_deref(),
            channel: filing.channel,
            filed_by: filing.officer.map(|o| o.username.as_str()),
        })
        .await?;
    match inserted {
        Inserted::New(s) => Ok((StatusCode::CREATED, Json(receipt(state, &s))).into_response()),
        Inserted::Replay(s) => Ok((
            StatusCode::CREATED,
            [("idempotent-replayed", "true")],
            Json(receipt(state, &s)),
        )
            .into_response()),
        Inserted::KeyReused => Err(key_reused()),
        Inserted::AttachmentMissing => {
            let missing = state.store.missing_attachments(&hashes).await?;
            Err(attachment_missing(missing))
        }
    }
}

pub(crate) fn attachment_missing(missing: Vec<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "ATTACHMENT_MISSING",
        "Một số tài liệu chưa được tải lên. Hãy tải các tệp này lên (POST /api/v1/attachments) rồi gửi lại.",
        "Some documents have not been uploaded. Upload them (POST /api/v1/attachments) and send the dossier again.",
    )
    .with_missing(missing)
}

fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "IDEMPOTENCY_KEY_REUSED",
        "Khóa Idempotency-Key này đã được dùng cho một hồ sơ khác. Hãy tạo khóa mới cho hồ sơ mới.",
        "This Idempotency-Key was used for a different dossier. Create a new key for a new dossier.",
    )
}

async fn replay_only(state: &AppState, key: &str, body_hash: &str) -> Result<Inserted, ApiError> {
    let existing = state.store.by_key_public(key).await?;
    match existing {
        Some(s) if ids::same_digest(&s.body_hash, body_hash) => Ok(Inserted::Replay(s)),
        Some(_) => Err(key_reused()),
        None => Ok(Inserted::KeyReused),
    }
}

/// The status and history of a dossier. Needs `Authorization: Bearer <accessToken>` from the
/// receipt; a missing or wrong token answers 404, exactly like an unknown code.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", tag = "citizens",
    params(("code" = String, Path, description = "The receipt code, HS-XXXX-XXXX (case and look-alike letters are forgiven)")),
    responses(
        (status = 200, description = "Status, history and report", body = StatusView),
        (status = 400, description = "The path is malformed", body = ErrorBody),
        (status = 404, description = "Unknown code, or a missing or wrong token", body = ErrorBody),
        (status = 503, description = "Storage unavailable", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ))]
pub async fn dossier_status(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult {
    let (_, current) = desk::citizen(&state, &path_param(p)?, &headers).await?;
    let history = state.store.events(&current.id).await?;
    let facts = state.store.desk_facts(&current.id).await?;
    Ok(Json(StatusView {
        desk: desk::desk_view(
            &current.kind,
            current.status,
            &current.received_at,
            &facts,
            &current.report,
            Some(format!("/api/v1/dossiers/{}/decision", current.code)),
        ),
        history: history.iter().map(history_entry).collect(),
        report: raw_json(&current.report),
        dossier: raw_json(&current.body),
        id: current.id,
        code: current.code,
        status: current.status,
        received_at: current.received_at,
    })
    .into_response())
}

/// An event of the history, as sent.
pub(crate) fn history_entry(e: &crate::storage::store::Event) -> HistoryEntry {
    HistoryEntry {
        at: e.at.clone(),
        status: e.status,
        actor: e.actor.clone(),
        note: e.note.clone(),
        findings: reasons(&e.findings),
    }
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}
