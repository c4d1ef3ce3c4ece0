//! The HTTP handlers of SPEC §6 (the staff endpoints come with the staff issue).

use crate::error::ApiError;
use crate::store::{Inserted, NewDossier, Stored};
use crate::{clock, ids, openapi, AppState};
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_core::{admin_units, form, rulebook, validate, Date, Kind, Lang, Options};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::HashMap;

/// JSON bodies (dossiers) are at most 1 MiB.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;
/// Attachments are at most 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

type ApiResult = Result<Response, ApiError>;

async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    to_bytes(body, limit).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BODY_TOO_LARGE",
            format!(
                "Nội dung gửi lên vượt quá {} byte. Hãy giảm dung lượng rồi gửi lại.",
                limit
            ),
            format!("The body is larger than {limit} bytes. Make it smaller and send it again."),
        )
    })
}

fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
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

fn query(
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<HashMap<String, String>, ApiError> {
    q.map(|Query(m)| m).map_err(|_| {
        ApiError::bad_request(
            "QUERY",
            "Tham số truy vấn không hợp lệ. Hãy kiểm tra địa chỉ.",
            "The query string is malformed. Check the URL.",
        )
    })
}

fn lang_of(q: &HashMap<String, String>) -> Result<Lang, ApiError> {
    match q.get("lang") {
        None => Ok(Lang::Vi),
        Some(l) => Lang::parse(l).ok_or_else(|| {
            ApiError::bad_request(
                "LANG",
                "Tham số lang phải là vi hoặc en.",
                "The lang parameter must be vi or en.",
            )
        }),
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
    Kind::parse_arg(&s).map_err(|en| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "UNKNOWN_KIND",
            "Không có loại hồ sơ này. Hãy dùng conference_permit, ngo_licence hoặc outbound_trip.",
            en,
        )
    })
}

pub async fn healthz() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

pub async fn validate_dossier(
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let q = query(q)?;
    require_json(&headers)?;
    let lang = lang_of(&q)?;
    let as_of = match q.get("asOf") {
        None => clock::today(),
        Some(s) => Date::parse(s).ok_or_else(|| {
            ApiError::bad_request(
                "AS_OF",
                "Tham số asOf phải là ngày dạng YYYY-MM-DD.",
                "The asOf parameter must be a date as YYYY-MM-DD.",
            )
        })?,
    };
    let bytes = read_body(body, MAX_JSON_BYTES).await?;
    let report = validate(&bytes, &Options::new(as_of).lang(lang))
        .map_err(|e| ApiError::bad_request("OPTIONS", e.to_string(), e.to_string()))?;
    Ok(json_text(StatusCode::OK, report.to_json()))
}

fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

pub async fn schema(p: Result<Path<String>, PathRejection>) -> ApiResult {
    let kind = kind_param(p)?;
    Ok(Json(form::json_schema(kind, rulebook::newest())).into_response())
}

pub async fn form_description(
    p: Result<Path<String>, PathRejection>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let kind = kind_param(p)?;
    let lang = lang_of(&query(q)?)?;
    Ok(Json(form::describe(kind, lang, rulebook::newest())).into_response())
}

pub async fn admin_units_all() -> Response {
    Json(admin_units::tree()).into_response()
}

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

pub async fn rulebook_export() -> Response {
    Json(rulebook::export::export()).into_response()
}

pub async fn openapi_json() -> Response {
    Json(openapi::document()).into_response()
}

/// The declared media type, if the content really is one: magic bytes of PDF, JPEG, PNG.
fn sniff(declared: &str, data: &[u8]) -> Option<&'static str> {
    match declared {
        "application/pdf" if data.starts_with(b"%PDF-") => Some("application/pdf"),
        "image/jpeg" if data.starts_with(&[0xFF, 0xD8, 0xFF]) => Some("image/jpeg"),
        "image/png" if data.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        _ => None,
    }
}

pub async fn upload_attachment(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
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
    if !matches!(
        declared.as_str(),
        "application/pdf" | "image/jpeg" | "image/png"
    ) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "MEDIA_TYPE",
            "Chỉ nhận tệp PDF, JPEG hoặc PNG. Hãy gửi với Content-Type tương ứng.",
            "Only PDF, JPEG or PNG files are accepted. Send one with the matching Content-Type.",
        ));
    }
    let data = read_body(body, MAX_ATTACHMENT_BYTES).await?;
    if data.is_empty() {
        return Err(ApiError::bad_request(
            "EMPTY",
            "Tệp rỗng. Hãy chọn lại tệp.",
            "The file is empty. Choose the file again.",
        ));
    }
    let media_type = sniff(&declared, &data).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "CONTENT_MISMATCH",
            format!("Nội dung tệp không phải {declared}. Hãy kiểm tra tệp hoặc loại tệp đã khai."),
            format!("The file content is not {declared}. Check the file or its declared type."),
        )
    })?;
    let sha256 = ids::sha256_hex(&data);
    state
        .store
        .put_attachment(&sha256, media_type, &data, &clock::now_rfc3339())
        .await
        .map_err(|e| ApiError::storage(&e))?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "sha256": sha256, "sizeBytes": data.len(), "mediaType": media_type })),
    )
        .into_response())
}

/// Stored JSON text embedded byte for byte (not re-serialised); `null` if it is not JSON.
pub(crate) fn raw_json(text: &str) -> Box<RawValue> {
    RawValue::from_string(text.to_owned())
        .unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap_or_default())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Receipt {
    id: String,
    code: String,
    access_token: String,
    status: String,
    received_at: String,
    report: Box<RawValue>,
}

fn receipt(state: &AppState, s: &Stored) -> Receipt {
    Receipt {
        id: s.id.clone(),
        code: s.code.clone(),
        access_token: state.store.token_for(&s.id),
        status: s.status.clone(),
        received_at: s.received_at.clone(),
        report: raw_json(&s.report),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusView {
    id: String,
    code: String,
    status: String,
    received_at: String,
    history: Vec<Value>,
    report: Box<RawValue>,
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(ApiError::bad_request(
            "IDEMPOTENCY_KEY",
            "Thiếu tiêu đề Idempotency-Key (1–200 ký tự ASCII in được). Hãy tạo một khóa cho mỗi hồ sơ và dùng lại khi gửi lại.",
            "The Idempotency-Key header (1–200 printable ASCII characters) is missing. Create one key per dossier and reuse it on every retry.",
        ));
    }
    Ok(key.to_owned())
}

fn document_hashes(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = doc["documents"]
        .as_array()
        .map(|docs| {
            docs.iter()
                .filter_map(|d| d["sha256"].as_str())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

pub async fn submit_dossier(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let key = idempotency_key(&headers)?;
    require_json(&headers)?;
    let bytes = read_body(body, MAX_JSON_BYTES).await?;
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(
            "JSON",
            format!("Nội dung không phải JSON hợp lệ ({e}). Hãy kiểm tra rồi gửi lại."),
            format!("The body is not valid JSON ({e}). Fix it and send it again."),
        )
    })?;
    // Canonical JSON (sorted keys): the same dossier re-serialised is the same body.
    let body_hash = ids::sha256_hex(doc.to_string().as_bytes());
    let as_of = clock::today();
    let report = validate(&bytes, &Options::new(as_of))
        .map_err(|e| ApiError::bad_request("OPTIONS", e.to_string(), e.to_string()))?;
    let report_json = report.to_json();
    if !report.valid {
        // An earlier acknowledged submission with this key and body still replays.
        if let Ok(Inserted::Replay(s)) = replay_only(&state, &key, &body_hash).await {
            return Ok((
                StatusCode::CREATED,
                [("idempotent-replayed", "true")],
                Json(receipt(&state, &s)),
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
    let missing = state
        .store
        .missing_attachments(&document_hashes(&doc))
        .await
        .map_err(|e| ApiError::storage(&e))?;
    if !missing.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ATTACHMENT_MISSING",
            "Một số tài liệu chưa được tải lên. Hãy tải các tệp này lên (POST /api/v1/attachments) rồi gửi lại.",
            "Some documents have not been uploaded. Upload them (POST /api/v1/attachments) and send the dossier again.",
        )
        .with("missing", json!(missing)));
    }
    let unit = &doc["receivingUnit"];
    let inserted = state
        .store
        .insert_dossier(NewDossier {
            idempotency_key: &key,
            body_hash: &body_hash,
            kind: doc["kind"].as_str().unwrap_or(""),
            province_code: unit["provinceCode"].as_i64(),
            commune_code: unit["communeCode"].as_i64(),
            body: std::str::from_utf8(&bytes).unwrap_or(""),
            report: &report_json,
            received_at: &clock::now_rfc3339(),
        })
        .await
        .map_err(|e| ApiError::storage(&e))?;
    match inserted {
        Inserted::New(s) => Ok((StatusCode::CREATED, Json(receipt(&state, &s))).into_response()),
        Inserted::Replay(s) => Ok((
            StatusCode::CREATED,
            [("idempotent-replayed", "true")],
            Json(receipt(&state, &s)),
        )
            .into_response()),
        Inserted::KeyReused => Err(key_reused()),
    }
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
    let existing = state
        .store
        .by_key_public(key)
        .await
        .map_err(|e| ApiError::storage(&e))?;
    match existing {
        Some(s) if ids::same_digest(&s.body_hash, body_hash) => Ok(Inserted::Replay(s)),
        Some(_) => Err(key_reused()),
        None => Ok(Inserted::KeyReused),
    }
}

pub async fn dossier_status(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult {
    let code = ids::normalise_code(&path_param(p)?).ok_or_else(ApiError::not_found)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(ApiError::not_found)?;
    let stored = state
        .store
        .by_code(&code)
        .await
        .map_err(|e| ApiError::storage(&e))?
        .ok_or_else(ApiError::not_found)?;
    if !ids::same_digest(&stored.token_hash, &ids::sha256_hex(token.as_bytes())) {
        return Err(ApiError::not_found());
    }
    let history = state
        .store
        .events(&stored.id)
        .await
        .map_err(|e| ApiError::storage(&e))?;
    Ok(Json(StatusView {
        id: stored.id.clone(),
        code: stored.code.clone(),
        status: stored.status.clone(),
        received_at: stored.received_at.clone(),
        history: history
            .iter()
            .map(|e| {
                let findings = serde_json::from_str::<Value>(&e.findings).unwrap_or(json!([]));
                json!({ "at": e.at, "status": e.status, "actor": e.actor, "note": e.note, "findings": findings })
            })
            .collect(),
        report: raw_json(&stored.report),
    })
    .into_response())
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}
