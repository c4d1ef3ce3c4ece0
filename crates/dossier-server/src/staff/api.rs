//! Staff endpoints: login/logout, the scoped queue, dossier detail, attachments, and actions
//! through a state machine with optimistic concurrency and an audit log. Each handler carries
//! its OpenAPI description; the router is built from them (`openapi::routes`).

use crate::citizen::api::{history_entry, raw_json, read_dossier, reasons};
use crate::dto::{self, ActionBody, LangQuery, LoginBody, QueueQuery, QueueSort};
use crate::error::ApiError;
use crate::responses::StaffErrors;
use crate::responses::{
    AccessEntry, ActionReply, AttachmentEntry, AuditEntry, Detail, ErrorBody, Health, LoginReply,
    Me, Messages, QueueEntry, QueueReply, Reason, StatusCount, UnitKind, UnitRef, VersionEntry,
};
use crate::security::body::read_all;
use crate::security::client_addr::ClientAddr;
use crate::security::download;
use crate::security::headers::DOWNLOAD_POLICY;
use crate::security::limits::{
    LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_PAIR, LOGIN_WINDOW_SECONDS,
    MAX_STAFF_BODY_BYTES, PAGE_SIZE_DEFAULT, SESSION_SECONDS,
};
use crate::staff::desk;
use crate::storage::audit::{AuditEvent, Entry};
use crate::storage::desk_store::Decision;
use crate::storage::staff_store::{Change, QueueFilter, QueueOrder, Staff, StaffDossier, Unit};
use crate::workflow::{transition, Action, Status};
use crate::{clock, ids, AppState};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_core::{validate, Lang, Options};
use serde_json::Value;

type ApiResult = Result<Response, ApiError>;

fn unauthorized() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Hãy đăng nhập lại.",
        "The session is missing, invalid or expired. Log in again.",
    )
}

/// The token of `Authorization: Bearer …` (staff sessions, citizens' access tokens).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

pub(crate) async fn officer(state: &AppState, headers: &HeaderMap) -> Result<Staff, ApiError> {
    let token = bearer(headers).ok_or_else(unauthorized)?;
    state
        .store
        .session(&ids::sha256_hex(token.as_bytes()), clock::unix_now())
        .await?
        .ok_or_else(unauthorized)
}

/// A staff API body: at most 64 KiB, complete within the body deadline, typed and validated.
async fn staff_body<T: serde::de::DeserializeOwned + validator::Validate>(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<T, ApiError> {
    let bytes = read_all(
        headers,
        body,
        MAX_STAFF_BODY_BYTES,
        state.settings.body_deadline,
    )
    .await?;
    dto::json_body(&bytes)
}

fn throttled(retry_after: i64) -> ApiError {
    let minutes = (retry_after.max(1) + 59) / 60;
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "LOGIN_THROTTLED",
        format!("Đăng nhập sai quá nhiều lần từ địa chỉ này. Hãy đợi khoảng {minutes} phút rồi thử lại, hoặc liên hệ quản trị viên."),
        format!("Too many failed logins from this address. Wait about {minutes} minutes and try again, or contact the administrator."),
    )
    .retry_after(u64::try_from(retry_after).unwrap_or(1))
}

/// Staff login: a session token for 8 hours. Failures are counted per (username, client
/// address) and per client address; each attempt is counted before its password is checked, in
/// one atomic statement, so parallel guesses cannot get more checks than the limit.
#[utoipa::path(post, path = "/api/v1/staff/login", tag = "staff",
    request_body(content = LoginBody, content_type = "application/json"),
    responses(
        (status = 200, description = "A session", body = LoginReply),
        (status = 400, description = "An invalid body (INVALID_REQUEST, each field by JSON Pointer)", body = ErrorBody),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 408, description = "The body arrived too slowly", body = ErrorBody),
        (status = 413, description = "Over 64 KiB", body = ErrorBody),
        (status = 429, description = "Too many failed logins: 5 per (username, address), 50 per address, in 15 minutes", body = ErrorBody,
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
        (status = 503, description = "Storage unavailable", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let req: LoginBody = staff_body(&state, &headers, body).await?;
    let store = &state.store;
    let now = clock::unix_now();
    let address = client.bucket();
    let client_text = client.to_string();
    let pair_key = format!("login:{}|{address}", req.username);
    let address_key = format!("login-address:{address}");
    let audit = |event, detail: &'static str| Entry {
        event,
        username: &req.username,
        staff_id: None,
        client_addr: &client_text,
        dossier_id: None,
        detail,
    };

    // A pair or an address over its limit is refused by a read (and, once per window, a
    // one-row update that marks the throttling for the audit): hammering a blocked login adds
    // no rows.
    for (key, limit, what) in [
        (&address_key, LOGIN_FAILURES_PER_ADDRESS, "address"),
        (&pair_key, LOGIN_FAILURES_PER_PAIR, "username and address"),
    ] {
        let (count, start) = store.login_attempts(key, now, LOGIN_WINDOW_SECONDS).await?;
        if count >= limit {
            if store.mark_login_throttled(key, limit).await? {
                store
                    .audit_event(&audit(AuditEvent::LoginThrottled, what))
                    .await?;
            }
            return Err(throttled(start + LOGIN_WINDOW_SECONDS - now));
        }
    }
    // Then each attempt is counted before its check, atomically: of parallel attempts, only
    // as many as the limit allows go on to a password check.
    let mut counted: Option<&str> = None;
    for (key, limit, what) in [
        (&pair_key, LOGIN_FAILURES_PER_PAIR, "username and address"),
        (&address_key, LOGIN_FAILURES_PER_ADDRESS, "address"),
    ] {
        let (count, start) = store
            .count_login_attempt(key, now, LOGIN_WINDOW_SECONDS)
            .await?;
        if count > limit {
            // Refused before the check: this attempt is not a failure of the keys before.
            if let Some(earlier) = counted {
                store.uncount_login_attempt(earlier).await?;
            }
            if count == limit + 1 {
                store
                    .audit_event(&audit(AuditEvent::LoginThrottled, what))
                    .await?;
            }
            return Err(throttled(start + LOGIN_WINDOW_SECONDS - now));
        }
        counted = Some(key);
    }

    let account = store.staff_by_username(&req.username).await?;
    // An unknown account is checked against a dummy hash: same work, same answer.
    let matches = state
        .passwords
        .check(
            &req.password,
            account.as_ref().map(|a| a.password_hash.as_str()),
        )
        .await;
    let account = match account {
        Some(a) if matches && !a.disabled => a,
        other => {
            let detail = match other {
                None => "unknown username",
                Some(a) if a.disabled => "disabled account",
                Some(_) => "wrong password",
            };
            store
                .audit_event(&audit(AuditEvent::LoginFailed, detail))
                .await?;
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "INVALID_CREDENTIALS",
                "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra rồi thử lại.",
                "Wrong username or password. Check them and try again.",
            ));
        }
    };
    store.clear_login_failures(&pair_key).await?;
    store.uncount_login_attempt(&address_key).await?;
    let token = ids::hex(&ids::random::<32>());
    let expires = now + SESSION_SECONDS;
    store
        .create_session(&ids::sha256_hex(token.as_bytes()), &account.id, expires)
        .await?;
    store
        .audit_event(&Entry {
            staff_id: Some(&account.id),
            ..audit(AuditEvent::LoginOk, "")
        })
        .await?;
    Ok(Json(LoginReply {
        token,
        expires_at: clock::rfc3339(expires),
        username: account.username,
        unit: unit_ref(account.unit),
    })
    .into_response())
}

fn unit_ref(unit: Unit) -> UnitRef {
    match unit {
        Unit::Commune(code) => UnitRef {
            kind: UnitKind::Commune,
            code,
        },
        Unit::Province(code) => UnitRef {
            kind: UnitKind::Province,
            code,
        },
    }
}

/// Ends the session (401 when there is no live session).
#[utoipa::path(post, path = "/api/v1/staff/logout", tag = "staff", security(("staff" = [])),
    responses(
        (status = 200, description = "Logged out", body = Health),
        StaffErrors,
    ))]
pub async fn logout(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let token = bearer(&headers).ok_or_else(unauthorized)?;
    state
        .store
        .delete_session(&ids::sha256_hex(token.as_bytes()))
        .await?;
    state
        .store
        .audit_event(&Entry {
            event: AuditEvent::Logout,
            username: &staff.username,
            staff_id: Some(&staff.id),
            client_addr: &client.to_string(),
            dossier_id: None,
            detail: "",
        })
        .await?;
    Ok(Json(Health {
        status: "logged_out",
    })
    .into_response())
}

/// The officer and unit of the session.
#[utoipa::path(get, path = "/api/v1/staff/me", tag = "staff", security(("staff" = [])),
    responses(
        (status = 200, description = "The officer", body = Me),
        StaffErrors,
    ))]
pub async fn me(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    Ok(Json(Me {
        username: staff.username,
        unit: unit_ref(staff.unit),
    })
    .into_response())
}

/// The queue of the officer's unit, newest first: a commune officer sees the dossiers filed at
/// the commune, a province officer those filed at or forwarded to the province.
#[utoipa::path(get, path = "/api/v1/staff/dossiers", tag = "staff", security(("staff" = [])),
    params(QueueQuery),
    responses(
        (status = 200, description = "A page of the queue", body = QueueReply),
        (status = 400, description = "A bad query parameter (INVALID_REQUEST)", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let q: QueueQuery = dto::query(q.as_deref())?;
    let page = q.page.unwrap_or(1);
    let page_size = q.page_size.unwrap_or(PAGE_SIZE_DEFAULT);
    let code = q.code.as_deref().and_then(ids::normalise_code);
    let items = state
        .store
        .queue(
            staff.unit,
            QueueFilter {
                status: q.status,
                kind: q.kind.map(|k| k.0),
                code: code.as_deref().or(q.code.as_deref()),
                order: match q.sort {
                    Some(QueueSort::Received) => QueueOrder::Received,
                    Some(QueueSort::Due) | None => QueueOrder::Due,
                },
            },
            page,
            page_size,
        )
        .await?;
    let counts = state.store.status_counts(staff.unit).await?;
    let today = clock::today();
    let mut calendar = dossier_core::calendar::Calendar::new();
    Ok(Json(QueueReply {
        page,
        page_size,
        items: items
            .into_iter()
            .map(|i| {
                let due = i.due_date.as_deref().and_then(dossier_core::Date::parse);
                let runs = i.status.deadline_runs();
                let overdue = runs && due.is_some_and(|d| d < today);
                let due_soon = runs
                    && !overdue
                    && due.is_some_and(|d| calendar.working_days_between(today, d) <= 2);
                QueueEntry {
                    kind_name: match <dossier_core::Kind as dossier_core::WireEnum>::from_wire(
                        &i.kind,
                    ) {
                        Some(k) => desk::both(|l| dossier_core::form::kind_title(k, l)),
                        None => Messages {
                            vi: i.kind.clone(),
                            en: i.kind.clone(),
                        },
                    },
                    status_name: desk::both(|l| i.status.label(l)),
                    id: i.id,
                    code: i.code,
                    kind: i.kind,
                    status: i.status,
                    received_at: i.received_at,
                    province_code: i.province_code,
                    commune_code: i.commune_code,
                    version: i.version,
                    due_date: i.due_date,
                    overdue,
                    due_soon,
                }
            })
            .collect(),
        counts: counts
            .into_iter()
            .map(|(status, n)| StatusCount { status, n })
            .collect(),
    })
    .into_response())
}

fn id_param(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(s)| s).map_err(|_| ApiError::not_found())
}

/// The dossier `id` if it is in the officer's scope; 404 otherwise, like an unknown id.
pub(crate) async fn in_scope(
    state: &AppState,
    staff: &Staff,
    id: &str,
) -> Result<StaffDossier, ApiError> {
    state
        .store
        .staff_dossier(staff.unit, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// The report of a stored dossier computed now, with the server's date.
fn report_now(body: &str, lang: Lang) -> Result<dossier_core::Report, ApiError> {
    validate(body.as_bytes(), &Options::new(clock::today()).lang(lang))
        .map_err(|e| ApiError::bad_request("OPTIONS", e.to_string(), e.to_string()))
}

/// A dossier in the officer's scope (404 outside it, like an unknown id): the dossier, the
/// report at submission and a fresh one, routing, attachments, history, audit; the view is
/// audited.
#[utoipa::path(get, path = "/api/v1/staff/dossiers/{id}", tag = "staff", security(("staff" = [])),
    params(("id" = String, Path, description = "The dossier's id"), LangQuery),
    responses(
        (status = 200, description = "The dossier", body = Detail),
        (status = 400, description = "A bad query parameter (INVALID_REQUEST)", body = ErrorBody),
        (status = 404, description = "Unknown or out of scope", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn detail(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    p: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let id = id_param(p)?;
    let lang = dto::query::<LangQuery>(q.as_deref())?.lang();
    let d = in_scope(&state, &staff, &id).await?;
    state
        .store
        .audit_event(&Entry {
            event: AuditEvent::View,
            username: &staff.username,
            staff_id: Some(&staff.id),
            client_addr: &client.to_string(),
            dossier_id: Some(&d.item.id),
            detail: "",
        })
        .await?;
    let filed = read_dossier(d.body.as_bytes(), &Options::new(clock::today()).lang(lang))?;
    let attachments: Vec<AttachmentEntry> = filed
        .documents
        .into_iter()
        .map(|doc| {
            let sha = doc.sha256.unwrap_or_default();
            AttachmentEntry {
                kind: doc.doc_type.map(|t| t.as_str().to_owned()),
                file_name: doc.file_name,
                media_type: doc.media_type,
                size_bytes: doc.size_bytes,
                url: format!("/api/v1/staff/dossiers/{}/attachments/{sha}", d.item.id),
                sha256: sha,
            }
        })
        .collect();
    let history = state.store.events(&d.item.id).await?;
    let audit = state.store.audit(&d.item.id).await?;
    let access = state.store.dossier_access(&d.item.id).await?;
    let facts = state.store.desk_facts(&d.item.id).await?;
    let versions = state.store.versions(&d.item.id).await?;
    let returns_here = state.store.returns_by_unit(&d.item.id, staff.unit).await?;
    let desk = desk::desk_view(
        &d.item.kind,
        d.item.status,
        &d.item.received_at,
        &facts,
        &d.report,
        facts
            .decision
            .as_ref()
            .and_then(|x| x.sha256.as_ref())
            .map(|sha| format!("/api/v1/staff/dossiers/{}/attachments/{sha}", d.item.id)),
    );
    let fresh_json = filed.report.to_json();
    let routing = serde_json::to_value(&filed.report.routing).unwrap_or(Value::Null);
    Ok(Json(Detail {
        id: d.item.id.clone(),
        code: d.item.code.clone(),
        kind: d.item.kind.clone(),
        status: d.item.status,
        version: d.item.version,
        received_at: d.item.received_at.clone(),
        forwarded_to_province: d.forwarded_to_province,
        decision_by: d.decision_by.clone(),
        dossier: raw_json(&d.body),
        report_at_submission: raw_json(&d.report),
        report: raw_json(&fresh_json),
        routing,
        attachments,
        history: history.iter().map(history_entry).collect(),
        audit: audit
            .into_iter()
            .map(|a| AuditEntry {
                findings: reasons(&a.findings),
                at: a.at,
                username: a.username,
                action: a.action,
                from: a.from_status,
                to: a.to_status,
                note: a.note,
            })
            .collect(),
        access: access
            .into_iter()
            .map(|a| AccessEntry {
                at: a.at,
                event: a.event,
                username: a.username,
                detail: a.detail,
            })
            .collect(),
        desk,
        versions: versions
            .into_iter()
            .map(|v| VersionEntry {
                version: v.version,
                received_at: v.received_at,
                dossier: raw_json(&v.body),
                report: raw_json(&v.report),
            })
            .collect(),
        returns_here,
        actions: Action::ALL
            .iter()
            .copied()
            .filter(|a| transition(staff.unit, d.item.status, *a).is_some())
            .collect(),
    })
    .into_response())
}

/// A file of a dossier in scope, streamed chunk by chunk, always as a download with a safe
/// name (the extension from the stored type); the download is audited. The SHA-256 is compared
/// case-insensitively.
#[utoipa::path(get, path = "/api/v1/staff/dossiers/{id}/attachments/{sha256}", tag = "staff", security(("staff" = [])),
    params(("id" = String, Path, description = "The dossier's id"),
           ("sha256" = String, Path, description = "The file's SHA-256 as the dossier names it (any case)")),
    responses(
        (status = 200, description = "The file", content(
            (Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png")),
            headers(("Content-Disposition" = String, description = "attachment; filename=…; filename*=UTF-8''…"))),
        (status = 404, description = "Unknown, out of scope, or not a file of this dossier", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn attachment(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    p: Result<Path<(String, String)>, PathRejection>,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let (id, sha) = p.map(|Path(x)| x).map_err(|_| ApiError::not_found())?;
    let sha = sha.to_ascii_lowercase();
    let d = in_scope(&state, &staff, &id).await?;
    let filed = read_dossier(d.body.as_bytes(), &Options::new(clock::today()))?;
    let document = filed
        .documents
        .iter()
        .find(|doc| doc.sha256.as_deref() == Some(sha.as_str()));
    // The decision document is a file of the dossier too.
    let is_decision = document.is_none()
        && state
            .store
            .decision_sha256(&d.item.id)
            .await?
            .is_some_and(|s| s.eq_ignore_ascii_case(&sha));
    if document.is_none() && !is_decision {
        return Err(ApiError::not_found());
    }
    let decision_name = format!("quyet-dinh-{}", d.item.code);
    let meta = state
        .store
        .attachment_meta(&sha)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let file_name = document
        .and_then(|doc| doc.file_name.as_deref())
        .unwrap_or(&decision_name);
    state
        .store
        .audit_event(&Entry {
            event: AuditEvent::Download,
            username: &staff.username,
            staff_id: Some(&staff.id),
            client_addr: &client.to_string(),
            dossier_id: Some(&d.item.id),
            detail: &meta.sha256,
        })
        .await?;
    Ok(file_response(state, &meta, file_name))
}

/// A stored file as a download: streamed chunk by chunk, with a safe name whose extension
/// comes from the stored type, and a CSP that runs nothing.
pub(crate) fn file_response(
    state: AppState,
    meta: &crate::storage::attachments::AttachmentMeta,
    file_name: &str,
) -> Response {
    let store = state.store.clone();
    let blob = meta.blob_id.clone();
    let chunks = futures_util::stream::unfold(Some(0i64), move |seq| {
        let store = store.clone();
        let blob = blob.clone();
        async move {
            let seq = seq?;
            match store.blob_chunk(&blob, seq).await {
                Ok(Some(data)) => Some((Ok::<_, sqlx::Error>(data), Some(seq + 1))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        }
    });
    let disposition = download::content_disposition(file_name, &meta.media_type);
    let mut response = Body::from_stream(chunks).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&meta.media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(meta.size_bytes));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOWNLOAD_POLICY),
    );
    response
}

/// Checks a decision before it is recorded: its number and signer are not blank once trimmed,
/// and its document is an uploaded PDF that belongs to no other dossier. Returns the
/// document's SHA-256 (lower-case).
async fn decision_document(
    state: &AppState,
    dossier_id: &str,
    decision: &dto::DecisionBody,
) -> Result<Option<String>, ApiError> {
    for (pointer, value) in [
        ("/decision/number", &decision.number),
        ("/decision/signerOffice", &decision.signer_office),
    ] {
        if value.trim().is_empty() {
            return Err(dto::one_field(
                pointer,
                "length",
                "Hãy nhập nội dung (không chỉ khoảng trắng).",
                "Fill it in (not only spaces).",
            ));
        }
    }
    let Some(sha) = decision.document_sha256.as_deref() else {
        return Ok(None);
    };
    let sha = sha.to_ascii_lowercase();
    let meta = state
        .store
        .attachment_meta(&sha)
        .await?
        .ok_or_else(|| crate::citizen::api::attachment_missing(vec![sha.clone()]))?;
    let elsewhere = state.store.linked_elsewhere(&sha, dossier_id).await?;
    if meta.media_type != "application/pdf" || elsewhere {
        return Err(dto::one_field(
            "/decision/documentSha256",
            "value",
            "Văn bản quyết định phải là một tệp PDF mới tải lên cho hồ sơ này.",
            "The decision document must be a PDF uploaded for this dossier.",
        ));
    }
    Ok(Some(sha))
}

/// An action on a dossier in scope, through the state machine; `version` is the dossier's
/// version as the officer saw it (409 when another officer acted first).
#[utoipa::path(post, path = "/api/v1/staff/dossiers/{id}/actions", tag = "staff", security(("staff" = [])),
    params(("id" = String, Path, description = "The dossier's id")),
    request_body(content = ActionBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Done", body = ActionReply),
        (status = 400, description = "An invalid body (INVALID_REQUEST, each field by JSON Pointer), a return without reasons (RETURN_REASON) or a decide without the decision (DECISION_REQUIRED)", body = ErrorBody),
        (status = 404, description = "Unknown or out of scope", body = ErrorBody),
        (status = 408, description = "The body arrived too slowly", body = ErrorBody),
        (status = 409, description = "Not possible in this status, another officer acted first, or a second return without confirmOverride (RETURN_ONCE)", body = ErrorBody),
        (status = 413, description = "Over 64 KiB", body = ErrorBody),
        (status = 422, description = "The decision document is not uploaded (ATTACHMENT_MISSING)", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Result<Path<String>, PathRejection>,
    body: Body,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let id = id_param(p)?;
    let req: ActionBody = staff_body(&state, &headers, body).await?;
    let note = req.note.trim().to_owned();
    let codes: Vec<dossier_core::Code> = req.finding_codes.iter().map(|c| c.0).collect();
    check_complete(&req, &note, &codes)?;
    let d = in_scope(&state, &staff, &id).await?;
    let to = check_allowed(&state, &staff, &d, &req).await?;
    let decision_sha = match req.decision.as_ref().filter(|_| to == Status::Decided) {
        Some(decision) => decision_document(&state, &d.item.id, decision).await?,
        None => None,
    };
    let (findings, routing) = return_reasons(&d.body, &codes)?;
    let decision_by = routing
        .filter(|_| to == Status::DecisionPending)
        .map(|r| r.decision_by.as_str());
    let findings_json = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".into());
    let at = clock::now_rfc3339();
    let decision = req
        .decision
        .as_ref()
        .filter(|_| req.action == Action::Decide)
        .map(|x| Decision {
            result: x.result,
            number: x.number.trim().to_owned(),
            date: x.date.0.to_string(),
            signer: x.signer_office.trim().to_owned(),
            sha256: decision_sha,
            decided_at: at.clone(),
        });
    let applied = state
        .store
        .apply_change(&Change {
            dossier_id: &d.item.id,
            version: req.version,
            from_status: d.item.status,
            to_status: to,
            action: req.action,
            note: &note,
            findings: &findings_json,
            forwarded_to_province: forwarded_to(staff.unit, req.action),
            decision_by,
            at: &at,
            staff: &staff,
            decision: decision.as_ref(),
        })
        .await?;
    if !applied {
        return Err(acted_meanwhile());
    }
    Ok(Json(ActionReply {
        id: d.item.id,
        status: to,
        version: req.version + 1,
        decision_by: decision_by.map(str::to_owned),
    })
    .into_response())
}

/// An action carries what it needs: a return its reasons, a decision the decision.
fn check_complete(
    req: &ActionBody,
    note: &str,
    codes: &[dossier_core::Code],
) -> Result<(), ApiError> {
    if req.action == Action::Return && note.is_empty() && codes.is_empty() {
        return Err(ApiError::bad_request(
            "RETURN_REASON",
            "Khi trả hồ sơ, hãy ghi lý do hoặc chọn lỗi.",
            "To return a dossier, give a note or finding codes.",
        ));
    }
    if req.action == Action::Decide && req.decision.is_none() {
        return Err(ApiError::bad_request(
            "DECISION_REQUIRED",
            "Khi ghi nhận kết quả, hãy nhập quyết định: kết quả, số, ngày ký, chức vụ người ký.",
            "To record the decision, give it: result, number, date signed and the signer's office.",
        ));
    }
    Ok(())
}

/// The officer may do this now: a second return of the unit is confirmed, nobody acted since
/// the officer looked, and the state machine allows it. Returns the status it leads to.
async fn check_allowed(
    state: &AppState,
    staff: &Staff,
    d: &StaffDossier,
    req: &ActionBody,
) -> Result<Status, ApiError> {
    if req.action == Action::Return
        && !req.confirm_override
        && state.store.returns_by_unit(&d.item.id, staff.unit).await? > 0
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "RETURN_ONCE",
            "Đơn vị đã trả hồ sơ này một lần (hướng dẫn một lần). Chỉ trả lại lần nữa khi thật cần và xác nhận (confirmOverride).",
            "Your unit has returned this dossier once already (guide once). Return it again only if truly needed, confirming the override (confirmOverride).",
        ));
    }
    if d.item.version != req.version {
        return Err(acted_meanwhile());
    }
    transition(staff.unit, d.item.status, req.action).ok_or_else(|| {
        ApiError::conflict(
            "Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.",
            "This action is not possible in the dossier's current status.",
        )
    })
}

fn acted_meanwhile() -> ApiError {
    ApiError::conflict(
        "Hồ sơ vừa được người khác xử lý. Hãy tải lại rồi thử lại.",
        "Someone else acted on this dossier. Reload it and try again.",
    )
}

/// The reasons shown to the citizen for `codes`: the findings of a fresh report with those
/// codes (with their params), else the code's generic message; in both languages. Also the
/// fresh routing.
fn return_reasons(
    body: &str,
    codes: &[dossier_core::Code],
) -> Result<(Vec<Reason>, Option<dossier_core::Routing>), ApiError> {
    let vi = report_now(body, Lang::Vi)?;
    let en = report_now(body, Lang::En)?;
    let pick = |r: &dossier_core::Report, code: dossier_core::Code, lang| {
        r.findings.iter().find(|f| f.code == code).map_or_else(
            || dossier_core::messages::render(code, &dossier_core::Params::new(), lang),
            |f| f.message.clone(),
        )
    };
    let reasons = codes
        .iter()
        .map(|&code| Reason {
            code: code.as_str().to_owned(),
            message: Messages {
                vi: pick(&vi, code, Lang::Vi),
                en: pick(&en, code, Lang::En),
            },
        })
        .collect();
    Ok((reasons, vi.routing))
}

/// A commune forwards to its province.
fn forwarded_to(unit: Unit, action: Action) -> Option<i64> {
    match (unit, action) {
        (Unit::Commune(c), Action::Forward) => {
            dossier_core::admin_units::commune(c).map(|c| i64::from(c.province))
        }
        _ => None,
    }
}
