//! Staff endpoints: login/logout, the scoped queue, dossier detail, attachments, and actions
//! through a state machine with optimistic concurrency and an audit log.

use crate::api::raw_json;
use crate::error::ApiError;
use crate::staff_store::{Change, Staff, StaffDossier, Unit};
use crate::{clock, ids, AppState};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::{to_bytes, Body};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_core::{validate, Code, Lang, Options, WireEnum};
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;

/// Sessions last 8 hours.
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// At most this many failed logins per account, and (×4) per client address, per window.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
const PAGE_SIZE: i64 = 20;

type ApiResult = Result<Response, ApiError>;

/// Hashes a password with Argon2id (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::encode_b64(&ids::random::<16>()).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

fn unauthorized() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Hãy đăng nhập lại.",
        "The session is missing, invalid or expired. Log in again.",
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

async fn officer(state: &AppState, headers: &HeaderMap) -> Result<Staff, ApiError> {
    let token = bearer(headers).ok_or_else(unauthorized)?;
    state
        .store
        .session(&ids::sha256_hex(token.as_bytes()), clock::unix_now())
        .await
        .map_err(|e| ApiError::storage(&e))?
        .ok_or_else(unauthorized)
}

pub async fn login(State(state): State<AppState>, req: Request) -> ApiResult {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
    let bytes = to_bytes(req.into_body(), 16 * 1024).await.map_err(|_| {
        ApiError::bad_request(
            "BODY",
            "Nội dung đăng nhập quá lớn.",
            "The login body is too large.",
        )
    })?;
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let (Some(username), Some(password)) = (body["username"].as_str(), body["password"].as_str())
    else {
        return Err(ApiError::bad_request(
            "LOGIN_BODY",
            "Hãy gửi {\"username\", \"password\"} dạng JSON.",
            "Send {\"username\", \"password\"} as JSON.",
        ));
    };
    let now = clock::unix_now();
    let (user_key, ip_key) = (format!("user:{username}"), format!("ip:{ip}"));
    let store = &state.store;
    let storage = |e: sqlx::Error| ApiError::storage(&e);
    let user_failures = store
        .login_failures(&user_key, now, FAILURE_WINDOW_SECONDS)
        .await
        .map_err(storage)?;
    let ip_failures = store
        .login_failures(&ip_key, now, FAILURE_WINDOW_SECONDS)
        .await
        .map_err(storage)?;
    if user_failures >= MAX_FAILURES || ip_failures >= 4 * MAX_FAILURES {
        let mut resp = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "LOGIN_THROTTLED",
            "Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại, hoặc liên hệ quản trị viên.",
            "Too many failed logins. Wait 15 minutes and try again, or contact the administrator.",
        )
        .into_response();
        resp.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(FAILURE_WINDOW_SECONDS as u64),
        );
        return Ok(resp);
    }
    let account = store.staff_by_username(username).await.map_err(storage)?;
    // Verify against a fixed hash when the account does not exist: same work, same answer.
    let ok = match &account {
        Some(a) => verify_password(password, &a.password_hash) && !a.disabled,
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    };
    let Some(account) = account.filter(|_| ok) else {
        store
            .record_login_failure(&user_key, now, FAILURE_WINDOW_SECONDS)
            .await
            .map_err(storage)?;
        store
            .record_login_failure(&ip_key, now, FAILURE_WINDOW_SECONDS)
            .await
            .map_err(storage)?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_CREDENTIALS",
            "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra rồi thử lại.",
            "Wrong username or password. Check them and try again.",
        ));
    };
    store
        .clear_login_failures(&user_key)
        .await
        .map_err(storage)?;
    let token = ids::hex(&ids::random::<32>());
    let expires = now + SESSION_SECONDS;
    store
        .create_session(&ids::sha256_hex(token.as_bytes()), &account.id, expires)
        .await
        .map_err(storage)?;
    Ok(Json(json!({
        "token": token,
        "expiresAt": clock::rfc3339(expires),
        "username": account.username,
        "unit": unit_json(account.unit),
    }))
    .into_response())
}

/// An Argon2id hash of a random password: spends the same time when the account is unknown.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&ids::hex(&ids::random::<16>())).unwrap_or_default())
}

fn unit_json(unit: Unit) -> Value {
    match unit {
        Unit::Commune(c) => json!({ "kind": "commune", "code": c }),
        Unit::Province(c) => json!({ "kind": "province", "code": c }),
    }
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let token = bearer(&headers).ok_or_else(unauthorized)?;
    state
        .store
        .delete_session(&ids::sha256_hex(token.as_bytes()))
        .await
        .map_err(|e| ApiError::storage(&e))?;
    Ok(Json(json!({ "status": "logged_out" })).into_response())
}

pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    Ok(Json(json!({ "username": staff.username, "unit": unit_json(staff.unit) })).into_response())
}

pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let q = q.map(|Query(m)| m).unwrap_or_default();
    let page: i64 = match q.get("page") {
        None => 1,
        Some(p) => p
            .parse()
            .ok()
            .filter(|p| *p >= 1 && *p <= 100_000)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "PAGE",
                    "Tham số page phải là số nguyên dương.",
                    "The page parameter must be a positive integer.",
                )
            })?,
    };
    let items = state
        .store
        .queue(
            staff.unit,
            q.get("status").map(String::as_str),
            q.get("kind").map(String::as_str),
            page,
            PAGE_SIZE,
        )
        .await
        .map_err(|e| ApiError::storage(&e))?;
    Ok(Json(json!({
        "page": page,
        "pageSize": PAGE_SIZE,
        "items": items.iter().map(|i| json!({
            "id": i.id, "code": i.code, "kind": i.kind, "status": i.status, "receivedAt": i.received_at,
            "provinceCode": i.province_code, "communeCode": i.commune_code, "version": i.version,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

fn id_param(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(s)| s).map_err(|_| ApiError::not_found())
}

/// The dossier `id` if it is in the officer's scope; 404 otherwise, like an unknown id.
async fn in_scope(state: &AppState, staff: &Staff, id: &str) -> Result<StaffDossier, ApiError> {
    state
        .store
        .staff_dossier(staff.unit, id)
        .await
        .map_err(|e| ApiError::storage(&e))?
        .ok_or_else(ApiError::not_found)
}

/// The report of a stored dossier computed now, with the server's date.
fn report_now(body: &str, lang: Lang) -> Result<dossier_core::Report, ApiError> {
    validate(body.as_bytes(), &Options::new(clock::today()).lang(lang))
        .map_err(|e| ApiError::bad_request("OPTIONS", e.to_string(), e.to_string()))
}

pub async fn detail(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Result<Path<String>, PathRejection>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let id = id_param(p)?;
    let lang = q
        .ok()
        .and_then(|Query(m)| m.get("lang").and_then(|l| Lang::parse(l)))
        .unwrap_or(Lang::Vi);
    let storage = |e: sqlx::Error| ApiError::storage(&e);
    let d = in_scope(&state, &staff, &id).await?;
    let fresh = report_now(&d.body, lang)?;
    let body: Value = serde_json::from_str(&d.body).unwrap_or(Value::Null);
    let attachments: Vec<Value> = body["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|doc| json!({
            "type": doc["type"], "fileName": doc["fileName"], "mediaType": doc["mediaType"], "sizeBytes": doc["sizeBytes"],
            "sha256": doc["sha256"],
            "url": format!("/api/v1/staff/dossiers/{}/attachments/{}", d.item.id, doc["sha256"].as_str().unwrap_or("")),
        }))
        .collect();
    let history = state.store.events(&d.item.id).await.map_err(storage)?;
    let audit = state.store.audit(&d.item.id).await.map_err(storage)?;
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Detail {
        id: String,
        code: String,
        kind: String,
        status: String,
        version: i64,
        received_at: String,
        forwarded_to_province: Option<i64>,
        decision_by: Option<String>,
        dossier: Box<RawValue>,
        report_at_submission: Box<RawValue>,
        report: Box<RawValue>,
        routing: Value,
        attachments: Vec<Value>,
        history: Vec<Value>,
        audit: Vec<Value>,
    }
    let fresh_json = fresh.to_json();
    let routing = serde_json::from_str::<Value>(&fresh_json)
        .map(|r| r["routing"].clone())
        .unwrap_or(Value::Null);
    Ok(Json(Detail {
        id: d.item.id.clone(),
        code: d.item.code.clone(),
        kind: d.item.kind.clone(),
        status: d.item.status.clone(),
        version: d.item.version,
        received_at: d.item.received_at.clone(),
        forwarded_to_province: d.forwarded_to_province,
        decision_by: d.decision_by.clone(),
        dossier: raw_json(&d.body),
        report_at_submission: raw_json(&d.report),
        report: raw_json(&fresh_json),
        routing,
        attachments,
        history: history.iter().map(|e| json!({ "at": e.at, "status": e.status, "actor": e.actor, "note": e.note,
            "findings": serde_json::from_str::<Value>(&e.findings).unwrap_or(json!([])) })).collect(),
        audit: audit.iter().map(|a| json!({ "at": a.at, "username": a.username, "action": a.action, "from": a.from_status,
            "to": a.to_status, "note": a.note, "findings": serde_json::from_str::<Value>(&a.findings).unwrap_or(json!([])) })).collect(),
    })
    .into_response())
}

pub async fn attachment(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Result<Path<(String, String)>, PathRejection>,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let (id, sha) = p.map(|Path(x)| x).map_err(|_| ApiError::not_found())?;
    let storage = |e: sqlx::Error| ApiError::storage(&e);
    let d = in_scope(&state, &staff, &id).await?;
    let body: Value = serde_json::from_str(&d.body).unwrap_or(Value::Null);
    let referenced = body["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|doc| doc["sha256"].as_str() == Some(sha.as_str()));
    if !referenced {
        return Err(ApiError::not_found());
    }
    let (media_type, data) = state
        .store
        .attachment(&sha)
        .await
        .map_err(storage)?
        .ok_or_else(ApiError::not_found)?;
    Ok(([(header::CONTENT_TYPE, media_type)], Body::from(data)).into_response())
}

/// The state machine: who may do what from which status, and where it leads.
pub fn transition(unit: Unit, status: &str, action: &str) -> Option<&'static str> {
    match (unit, status, action) {
        (Unit::Commune(_), "received", "precheck_ok") => Some("prechecked"),
        (Unit::Commune(_), "received" | "prechecked", "return") => Some("returned"),
        (Unit::Commune(_), "prechecked", "forward") => Some("forwarded"),
        (Unit::Province(_), "received" | "forwarded", "precheck_ok") => Some("prechecked"),
        (Unit::Province(_), "received" | "prechecked" | "forwarded", "return") => Some("returned"),
        (Unit::Province(_), "received" | "prechecked" | "forwarded", "forward") => {
            Some("decision_pending")
        }
        _ => None,
    }
}

fn conflict(vi: &str, en: &str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "CONFLICT", vi, en)
}

pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Result<Path<String>, PathRejection>,
    body: Body,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let id = id_param(p)?;
    let bytes = to_bytes(body, 64 * 1024).await.map_err(|_| {
        ApiError::bad_request("BODY", "Nội dung quá lớn.", "The body is too large.")
    })?;
    let req: Value = serde_json::from_slice(&bytes).map_err(|_| {
        ApiError::bad_request(
            "ACTION_BODY",
            "Hãy gửi {action, note, findingCodes, version} dạng JSON.",
            "Send {action, note, findingCodes, version} as JSON.",
        )
    })?;
    let action = req["action"].as_str().unwrap_or("");
    if !matches!(action, "precheck_ok" | "return" | "forward") {
        return Err(ApiError::bad_request(
            "ACTION",
            "action phải là precheck_ok, return hoặc forward.",
            "action must be precheck_ok, return or forward.",
        ));
    }
    let version = req["version"].as_i64().ok_or_else(|| {
        ApiError::bad_request(
            "VERSION",
            "Thiếu version (phiên bản hồ sơ đang xem).",
            "version (of the dossier as you saw it) is missing.",
        )
    })?;
    let note = req["note"].as_str().unwrap_or("").trim().to_owned();
    if note.chars().count() > 2000 {
        return Err(ApiError::bad_request(
            "NOTE",
            "Ghi chú tối đa 2000 ký tự.",
            "The note is at most 2000 characters.",
        ));
    }
    let mut codes: Vec<Code> = Vec::new();
    for c in req["findingCodes"].as_array().into_iter().flatten() {
        let code = c
            .as_str()
            .and_then(<Code as WireEnum>::from_wire)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "FINDING_CODE",
                    format!("Mã lỗi không hợp lệ: {c}."),
                    format!("Unknown finding code: {c}."),
                )
            })?;
        codes.push(code);
    }
    if action == "return" && note.is_empty() && codes.is_empty() {
        return Err(ApiError::bad_request(
            "RETURN_REASON",
            "Khi trả hồ sơ, hãy ghi lý do hoặc chọn lỗi.",
            "To return a dossier, give a note or finding codes.",
        ));
    }
    let storage = |e: sqlx::Error| ApiError::storage(&e);
    let d = in_scope(&state, &staff, &id).await?;
    if d.item.version != version {
        return Err(conflict(
            "Hồ sơ vừa được người khác xử lý. Hãy tải lại rồi thử lại.",
            "Someone else acted on this dossier. Reload it and try again.",
        ));
    }
    let to = transition(staff.unit, &d.item.status, action).ok_or_else(|| {
        conflict(
            "Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.",
            "This action is not possible in the dossier's current status.",
        )
    })?;
    // The reasons shown to the citizen: the findings of a fresh report with those codes (with
    // their params), else the code's generic message; in both languages.
    let vi = report_now(&d.body, Lang::Vi)?;
    let en = report_now(&d.body, Lang::En)?;
    let findings: Vec<Value> = codes
        .iter()
        .map(|code| {
            let pick = |r: &dossier_core::Report, lang| {
                r.findings.iter().find(|f| f.code == *code).map_or_else(
                    || dossier_core::messages::render(*code, &dossier_core::Params::new(), lang),
                    |f| f.message.clone(),
                )
            };
            json!({ "code": code.as_str(), "message": { "vi": pick(&vi, Lang::Vi), "en": pick(&en, Lang::En) } })
        })
        .collect();
    let forwarded_to = match (staff.unit, action) {
        (Unit::Commune(c), "forward") => {
            dossier_core::admin_units::commune(c).map(|c| i64::from(c.province))
        }
        _ => None,
    };
    let decision_by = if to == "decision_pending" {
        vi.routing.as_ref().map(|r| r.decision_by.as_str())
    } else {
        None
    };
    let findings_json = Value::from(findings).to_string();
    let at = clock::now_rfc3339();
    let applied = state
        .store
        .apply_change(&Change {
            dossier_id: &d.item.id,
            version,
            from_status: &d.item.status,
            to_status: to,
            action,
            note: &note,
            findings: &findings_json,
            forwarded_to_province: forwarded_to,
            decision_by,
            at: &at,
            staff: &staff,
        })
        .await
        .map_err(storage)?;
    if !applied {
        return Err(conflict(
            "Hồ sơ vừa được người khác xử lý. Hãy tải lại rồi thử lại.",
            "Someone else acted on this dossier. Reload it and try again.",
        ));
    }
    Ok(Json(
        json!({ "id": d.item.id, "status": to, "version": version + 1, "decisionBy": decision_by }),
    )
    .into_response())
}
