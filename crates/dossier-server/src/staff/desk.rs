//! The one-stop desk (SPEC §12): deadlines in working days, the citizen's supplement and
//! withdrawal, the decision document, filing at the counter, the printed forms and the
//! register. Each handler carries its OpenAPI description (`openapi::routes`).

use crate::citizen::api::{file_dossier, raw_json, Filing};
use crate::dto::{self, RangeQuery};
use crate::error::ApiError;
use crate::responses::{
    CitizenActionReply, DecisionView, DeskView, DossierSchema, ErrorBody, Messages, Named, Receipt,
};
use crate::responses::{JsonBodyErrors, StaffErrors};
use crate::security::body::read_all;
use crate::security::limits::MAX_JSON_BYTES;
use crate::staff::api::{bearer, file_response, in_scope, officer};
use crate::staff::{forms, register};
use crate::storage::desk_store::{Current, DeskFacts, Supplement};
use crate::workflow::{Channel, Status};
use crate::{clock, ids, AppState};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_core::rulebook::Step;
use dossier_core::{calendar, form, rulebook, Date, Kind, Lang, WireEnum};
use dossier_core::{DecisionBy, HandledBy};

type ApiResult = Result<Response, ApiError>;

/// The processing time of a kind (the edition in force on `on`): working days and basis.
pub fn processing(kind: &str, on: Date) -> Option<(u32, &'static str)> {
    let kind = <Kind as WireEnum>::from_wire(kind)?;
    let t = rulebook::edition_for(on)?.processing_time(kind, Step::Whole)?;
    Some((t.working_days, t.citation.text))
}

/// The deadline of a dossier of `kind` complete on `received` (the day itself not counted).
pub fn due_date(kind: &str, received: Date) -> Option<String> {
    let (days, _) = processing(kind, received)?;
    calendar::add_working_days(received, days).map(|d| d.to_string())
}

/// Both languages of a text chosen by language.
pub fn both(f: impl Fn(Lang) -> &'static str) -> Messages {
    Messages {
        vi: f(Lang::Vi).to_owned(),
        en: f(Lang::En).to_owned(),
    }
}

/// The routing of a stored report (the core's `Report` as JSON).
#[derive(Default, serde::Deserialize)]
struct StoredReport {
    routing: Option<StoredRouting>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredRouting {
    decision_by: Option<String>,
    handled_by: Option<String>,
}

/// The routing values of a stored report.
fn routing(report: &str) -> (Option<DecisionBy>, Option<HandledBy>) {
    let stored: StoredReport = serde_json::from_str(report).unwrap_or_default();
    let Some(r) = stored.routing else {
        return (None, None);
    };
    (
        r.decision_by
            .and_then(|s| <DecisionBy as WireEnum>::from_wire(&s)),
        r.handled_by
            .and_then(|s| <HandledBy as WireEnum>::from_wire(&s)),
    )
}

/// The desk's view of a dossier; `document_url` is where its decision document is served.
pub fn desk_view(
    kind: &str,
    status: Status,
    received_at: &str,
    facts: &DeskFacts,
    report: &str,
    document_url: Option<String>,
) -> DeskView {
    let received = received_at
        .get(..10)
        .and_then(Date::parse)
        .unwrap_or_else(clock::today);
    let (decision_by, handled_by) = routing(report);
    let processing = processing(kind, received);
    DeskView {
        kind_name: match <Kind as WireEnum>::from_wire(kind) {
            Some(k) => both(|l| form::kind_title(k, l)),
            None => Messages {
                vi: kind.to_owned(),
                en: kind.to_owned(),
            },
        },
        status_name: both(|l| status.label(l)),
        due_date: facts.due_date.clone(),
        processing_days: processing.map(|p| p.0),
        processing_basis: processing.map(|p| p.1.to_owned()),
        decision_by: decision_by.map(|d| Named {
            code: d.as_str().to_owned(),
            name: both(|l| d.label(l)),
        }),
        handled_by: handled_by.map(|h| Named {
            code: h.as_str().to_owned(),
            name: both(|l| h.label(l)),
        }),
        body_version: facts.body_version,
        channel: facts.channel.unwrap_or(Channel::Online),
        decision: facts.decision.as_ref().map(|d| DecisionView {
            result: d.result,
            result_name: both(|l| d.result.label(l)),
            number: d.number.clone(),
            date: d.date.clone(),
            signer_office: d.signer.clone(),
            decided_at: d.decided_at.clone(),
            document_url: d.sha256.as_ref().and(document_url),
        }),
        can_supplement: status == Status::Returned,
        can_withdraw: status.can_withdraw(),
    }
}

/// The citizen's dossier: the receipt code in the path and the access token; 404 for an
/// unknown code or a wrong token alike.
pub(crate) async fn citizen(
    state: &AppState,
    raw_code: &str,
    headers: &HeaderMap,
) -> Result<(String, Current), ApiError> {
    let code = ids::normalise_code(raw_code).ok_or_else(ApiError::not_found)?;
    let token = bearer(headers).ok_or_else(ApiError::not_found)?;
    let current = state
        .store
        .current(&code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !ids::same_digest(&current.token_hash, &ids::sha256_hex(token.as_bytes())) {
        return Err(ApiError::not_found());
    }
    Ok((code, current))
}

/// The receipt code of the path (a malformed path answers 404 like an unknown code).
fn code_param(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(s)| s).map_err(|_| ApiError::not_found())
}

/// A returned dossier, corrected by its citizen under the same code: validated as a
/// submission (with the server's date), kept as version n+1 while version n is kept too, and
/// `received` again with a new deadline. Sending the same supplement again answers the same.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/supplements", tag = "citizens",
    params(("code" = String, Path, description = "The receipt code, HS-XXXX-XXXX")),
    request_body(content = DossierSchema, content_type = "application/json"),
    responses(
        (status = 200, description = "Received again as the next version", body = CitizenActionReply),
        (status = 400, description = "The body is not JSON, or cut off", body = ErrorBody),
        (status = 404, description = "Unknown code, or a missing or wrong token", body = ErrorBody),
        (status = 409, description = "The dossier is not returned (nothing to supplement)", body = ErrorBody),
        (status = 422, description = "Not valid (DOSSIER_INVALID, with the report), another kind (KIND_CHANGED) or receiving unit (UNIT_CHANGED), or attachments missing", body = ErrorBody),
        (status = 503, description = "Storage unavailable: send it again", body = ErrorBody),
        JsonBodyErrors,
    ))]
pub async fn supplement(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let (code, current) = citizen(&state, &code_param(p)?, &headers).await?;
    crate::citizen::api::require_json(&headers)?;
    let bytes = read_all(&headers, body, MAX_JSON_BYTES, state.settings.body_deadline).await?;
    let crate::citizen::api::Filed {
        body_hash,
        report,
        hashes,
        kind,
        province_code,
        commune_code,
    } = crate::citizen::api::parse_filed(&state, &bytes).await?;
    let reply = |status, body_version, due_date, report: &str| {
        Json(CitizenActionReply {
            code: code.clone(),
            status,
            body_version,
            due_date,
            report: raw_json(report),
        })
        .into_response()
    };
    if current.status != Status::Returned {
        // The same supplement again (a retry after a lost answer): the same answer.
        if current.body_version > 1 && ids::same_digest(&current.body_hash, &body_hash) {
            let facts = state.store.desk_facts(&current.id).await?;
            return Ok(reply(
                current.status,
                current.body_version,
                facts.due_date,
                &current.report,
            ));
        }
        return Err(ApiError::conflict(
            "Hồ sơ không ở trạng thái trả lại để bổ sung, nên không thể bổ sung. Hãy xem trạng thái hồ sơ.",
            "The dossier is not returned for completion, so it cannot be supplemented. Check its status.",
        ));
    }
    if (current.province_code, current.commune_code) != (province_code, commune_code) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "UNIT_CHANGED",
            "Hồ sơ bổ sung phải gửi đến cùng nơi nhận hồ sơ (receivingUnit) như hồ sơ đã nộp. Muốn nộp nơi khác, hãy rút hồ sơ này rồi nộp hồ sơ mới.",
            "A supplement must go to the same receiving unit as the dossier filed. To file elsewhere, withdraw this dossier and file a new one.",
        ));
    }
    if kind.map(Kind::as_str) != Some(current.kind.as_str()) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "KIND_CHANGED",
            "Hồ sơ bổ sung phải cùng loại thủ tục với hồ sơ đã nộp. Hãy sửa hồ sơ cũ thay vì nộp thủ tục khác.",
            "A supplement must be of the same kind as the dossier filed. Correct that dossier instead of filing another procedure.",
        ));
    }
    let report_json = report.to_json();
    if !report.valid {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "DOSSIER_INVALID",
            "Hồ sơ bổ sung chưa hợp lệ. Hãy sửa các lỗi trong báo cáo rồi gửi lại.",
            "The supplement is not valid. Fix the findings in the report and send it again.",
        )
        .with_report(report_json));
    }
    let missing = state.store.missing_attachments(&hashes).await?;
    if !missing.is_empty() {
        return Err(crate::citizen::api::attachment_missing(missing));
    }
    let today = clock::today();
    let due = due_date(&current.kind, today);
    let done = state
        .store
        .supplement(&Supplement {
            current: &current,
            body: std::str::from_utf8(&bytes).unwrap_or(""),
            body_hash: &body_hash,
            report: &report_json,
            due_date: due.as_deref(),
            attachments: &hashes,
            at: &clock::now_rfc3339(),
        })
        .await?;
    if !done {
        return Err(ApiError::conflict(
            "Hồ sơ vừa thay đổi. Hãy tải lại trạng thái rồi thử lại.",
            "The dossier just changed. Reload its status and try again.",
        ));
    }
    Ok(reply(
        Status::Received,
        current.body_version + 1,
        due,
        &report_json,
    ))
}

/// The citizen withdraws the dossier (any time before the decision). Withdrawing again
/// answers the same.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/withdraw", tag = "citizens",
    params(("code" = String, Path, description = "The receipt code, HS-XXXX-XXXX")),
    responses(
        (status = 200, description = "Withdrawn", body = CitizenActionReply),
        (status = 404, description = "Unknown code, or a missing or wrong token", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 503, description = "Storage unavailable: send it again", body = ErrorBody),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult {
    let (code, current) = citizen(&state, &code_param(p)?, &headers).await?;
    let reply = || {
        Json(CitizenActionReply {
            code: code.clone(),
            status: Status::Withdrawn,
            body_version: current.body_version,
            due_date: None,
            report: raw_json(&current.report),
        })
        .into_response()
    };
    if current.status == Status::Withdrawn {
        return Ok(reply());
    }
    if !current.status.can_withdraw() {
        return Err(ApiError::conflict(
            "Hồ sơ đã có kết quả nên không thể rút. Hãy liên hệ cơ quan giải quyết nếu cần.",
            "The dossier has been decided and cannot be withdrawn. Contact the deciding office if needed.",
        ));
    }
    if !state
        .store
        .withdraw(&current, &clock::now_rfc3339())
        .await?
    {
        return Err(ApiError::conflict(
            "Hồ sơ vừa thay đổi. Hãy tải lại trạng thái rồi thử lại.",
            "The dossier just changed. Reload its status and try again.",
        ));
    }
    Ok(reply())
}

/// The decision document of a decided dossier, for its citizen.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/decision", tag = "citizens",
    params(("code" = String, Path, description = "The receipt code, HS-XXXX-XXXX")),
    responses(
        (status = 200, description = "The decision document", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png")),
            headers(("Content-Disposition" = String, description = "attachment; filename=…"))),
        (status = 404, description = "Unknown code, a wrong token, or no decision document yet", body = ErrorBody),
        (status = 503, description = "Storage unavailable", body = ErrorBody),
    ))]
pub async fn decision_document(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult {
    let (code, current) = citizen(&state, &code_param(p)?, &headers).await?;
    let sha = state
        .store
        .decision_sha256(&current.id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let meta = state
        .store
        .attachment_meta(&sha)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(file_response(state, &meta, &format!("quyet-dinh-{code}")))
}

/// An officer files a dossier at the counter on a person's behalf (channel `counter`, the
/// officer recorded): the same checks as a citizen's submission, for the officer's own unit.
#[utoipa::path(post, path = "/api/v1/staff/dossiers", tag = "staff", security(("staff" = [])),
    params(("Idempotency-Key" = String, Header, description = "One key per dossier (1–200 printable ASCII characters), reused on every retry")),
    request_body(content = DossierSchema, content_type = "application/json"),
    responses(
        (status = 201, description = "The receipt, to hand to the applicant", body = Receipt),
        (status = 400, description = "No valid Idempotency-Key, the body is not JSON, or cut off", body = ErrorBody),
        (status = 401, description = "No live session", body = ErrorBody),
        (status = 422, description = "Not valid (DOSSIER_INVALID), for another unit (OUT_OF_SCOPE), attachments missing, or the key used with another body", body = ErrorBody),
        (status = 503, description = "Storage unavailable: send again with the same key", body = ErrorBody),
        JsonBodyErrors,
    ))]
pub async fn counter_filing(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let key = crate::citizen::api::idempotency_key(&headers)?;
    crate::citizen::api::require_json(&headers)?;
    let bytes = read_all(&headers, body, MAX_JSON_BYTES, state.settings.body_deadline).await?;
    // The counter's keys live in their own space: a citizen's key cannot replay them.
    let key = format!("{}{}:{key}", crate::citizen::api::COUNTER_KEYS, staff.id);
    file_dossier(
        &state,
        &key,
        &bytes,
        Filing {
            channel: Channel::Counter,
            officer: Some(&staff),
        },
    )
    .await
}

/// A printed form of the one-stop mechanism (Thông tư 03/2025/TT-VPCP Phụ lục I) for a
/// dossier in scope, as an A4 HTML page in Vietnamese.
#[utoipa::path(get, path = "/api/v1/staff/dossiers/{id}/forms/{form}", tag = "staff", security(("staff" = [])),
    params(("id" = String, Path, description = "The dossier's id"),
           ("form" = String, Path, description = "mau-01 receipt, mau-02 request to supplement, mau-03 refusal to receive, mau-06 control sheet")),
    responses(
        (status = 200, description = "The form, ready to print", content_type = "text/html"),
        (status = 404, description = "Unknown, out of scope, or no such form", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn printed_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    p: Result<Path<(String, String)>, PathRejection>,
) -> ApiResult {
    let staff = officer(&state, &headers).await?;
    let (id, form) = p.map(|Path(x)| x).map_err(|_| ApiError::not_found())?;
    let form = forms::FormId::parse(&form).ok_or_else(ApiError::not_found)?;
    let d = in_scope(&state, &staff, &id).await?;
    let facts = state.store.desk_facts(&d.item.id).await?;
    let events = state.store.events(&d.item.id).await?;
    let hand_overs = state.store.hand_overs(&d.item.id).await?;
    let html = forms::render(
        form,
        &forms::Input {
            staff: &staff,
            dossier: &d,
            facts: &facts,
            events: &events,
            hand_overs: &hand_overs,
        },
    );
    Ok(html_response(html))
}

fn html_response(html: String) -> Response {
    let mut r = html.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

async fn register_rows(
    state: &AppState,
    headers: &HeaderMap,
    q: Option<&str>,
) -> Result<
    (
        crate::storage::staff_store::Staff,
        Date,
        Date,
        Vec<crate::storage::desk_store::RegisterRow>,
    ),
    ApiError,
> {
    let staff = officer(state, headers).await?;
    let q: RangeQuery = dto::query(q)?;
    let (from, to) = dto::checked_range(&q)?;
    // Stored times are RFC 3339 with +07:00: a day's range compares as text.
    let end = to.add_days(1).unwrap_or(to);
    let rows = state
        .store
        .register(staff.unit, &from.to_string(), &end.to_string())
        .await?;
    if rows.len() > crate::security::limits::REGISTER_MAX_ROWS {
        return Err(dto::one_field(
            "/to",
            "range",
            &format!(
                "Khoảng thời gian này có hơn {} hồ sơ. Hãy chọn khoảng ngắn hơn (ví dụ theo tháng hoặc quý).",
                crate::security::limits::REGISTER_MAX_ROWS
            ),
            &format!(
                "This range holds more than {} dossiers. Choose a shorter one (a month or a quarter).",
                crate::security::limits::REGISTER_MAX_ROWS
            ),
        ));
    }
    Ok((staff, from, to, rows))
}

/// The register (Mẫu 07, Sổ theo dõi hồ sơ) of the officer's unit as an XLSX workbook: one
/// row per dossier received from `from` to `to`.
#[utoipa::path(get, path = "/api/v1/staff/register.xlsx", tag = "staff", security(("staff" = [])),
    params(RangeQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "A bad date or range (INVALID_REQUEST)", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn register_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let (staff, from, to, rows) = register_rows(&state, &headers, q.as_deref()).await?;
    let unit = staff.unit;
    xlsx_download(
        move || register::xlsx(unit, from, to, &rows),
        &format!("so-theo-doi-ho-so-{from}-{to}.xlsx"),
    )
    .await
}

/// A workbook built off the async workers (it is CPU work), sent as a download named `name`.
pub(crate) async fn xlsx_download(
    build: impl FnOnce() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> + Send + 'static,
    name: &str,
) -> ApiResult {
    let bytes = tokio::task::spawn_blocking(build)
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| e.to_string()))
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                format!("Không tạo được tệp ({e}). Hãy thử lại."),
                format!("The file could not be made ({e}). Try again."),
            )
        })?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    ))
}

/// The register as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Vietnamese correctly).
#[utoipa::path(get, path = "/api/v1/staff/register.csv", tag = "staff", security(("staff" = [])),
    params(RangeQuery),
    responses(
        (status = 200, description = "The register", content_type = "text/csv"),
        (status = 400, description = "A bad date or range (INVALID_REQUEST)", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn register_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let (_, from, to, rows) = register_rows(&state, &headers, q.as_deref()).await?;
    Ok(download(
        register::csv(&rows).into_bytes(),
        "text/csv; charset=utf-8",
        &format!("so-theo-doi-ho-so-{from}-{to}.csv"),
    ))
}

pub(crate) fn download(bytes: Vec<u8>, media_type: &'static str, name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}
