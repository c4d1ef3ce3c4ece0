//! Resumable uploads: tus 1.0.0 at `/api/v1/uploads` (SPEC §11) with the creation,
//! termination, checksum (sha256) and expiration extensions. Each `PATCH` is streamed to
//! storage in chunks as it arrives (without `Upload-Checksum`, the bytes received before a
//! connection breaks are kept, so the client goes on from there; with one, a request is kept
//! whole or not at all); the upload's state is in the `uploads` row, so any instance can take
//! the next `PATCH`. A `PATCH` holds the upload under a lease token that every chunk write, the
//! release and the finish must show; `DELETE` and the clean-up leave a held upload alone. The
//! lease lasts while the `PATCH` makes progress: each stored chunk renews it for
//! `LEASE_IDLE_SECONDS`, so when a client goes away in the middle of a body without closing
//! its connection (a page reloaded during an upload), the next `PATCH` takes the upload over
//! within seconds instead of waiting for the body deadline; the old request's next chunk write
//! then fails on the token. When
//! the last byte arrives the file gets the same checks as `POST /api/v1/attachments` (size,
//! magic bytes) and becomes an attachment known by its SHA-256, announced in
//! `Dossier-Attachment-Sha256`; the upload's id is remembered as done (`HEAD` and a repeated
//! last `PATCH` answer complete, with the SHA-256) until it would have expired. Unfinished
//! uploads expire with the orphan clean-up (24 hours).

use crate::citizen::api::{content_mismatch, sniff, unsupported_media_type};
use crate::error::ApiError;
use crate::responses::ErrorBody;
use crate::responses::TusErrors;
use crate::security::body::{BodyError, Chunks};
use crate::security::client_addr::ClientAddr;
use crate::security::limits::{max_attachment_bytes, ORPHAN_AGE, UPLOAD_CHUNK_BYTES};
use crate::security::rate::{self, Bucket};
use crate::storage::store::{Result as StoreResult, Store};
use crate::{clock, ids, AppState};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const VERSION: &str = "1.0.0";
pub const EXTENSIONS: &str = "creation,termination,checksum,expiration";
/// A `PATCH` holds its upload until this long after it started or last stored a chunk (128 KiB:
/// 20 s is a link of 52 kbit/s). Only another `PATCH` of the same upload can take it over after
/// that, which a client sends when it has given the first one up.
const LEASE_IDLE_SECONDS: i64 = 20;

type ApiResult = Result<Response, ApiError>;

/// An unfinished tus upload.
#[derive(Debug, Clone)]
pub struct TusUpload {
    pub id: String,
    pub length: i64,
    pub offset: i64,
    pub chunks: i64,
    pub media_type: String,
    pub created_at: i64,
}

impl Store {
    pub async fn tus_create(
        &self,
        length: i64,
        file_name: &str,
        media_type: &str,
        now: i64,
    ) -> StoreResult<String> {
        let id = ids::new_dossier_id();
        sqlx::query(
            "INSERT INTO uploads (id, created_at, upload_length, upload_offset, chunks, file_name, media_type, busy_until) \
             VALUES ($1, $2, $3, 0, 0, $4, $5, 0)",
        )
        .bind(&id)
        .bind(now)
        .bind(length)
        .bind(file_name)
        .bind(media_type)
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn tus_get(&self, id: &str) -> StoreResult<Option<TusUpload>> {
        let row = sqlx::query(
            "SELECT id, upload_length, upload_offset, chunks, media_type, created_at FROM uploads \
             WHERE id = $1 AND upload_length IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(TusUpload {
                id: r.try_get("id")?,
                length: r.try_get("upload_length")?,
                offset: r.try_get("upload_offset")?,
                chunks: r.try_get("chunks")?,
                media_type: r
                    .try_get::<Option<String>, _>("media_type")?
                    .unwrap_or_default(),
                created_at: r.try_get("created_at")?,
            })
        })
        .transpose()
    }

    /// Takes the upload for one `PATCH` at `offset` for `lease_seconds`, under a fresh lease
    /// token that every chunk write and the release must show. Chunks left beyond the count by
    /// a `PATCH` that died go.
    pub async fn tus_claim(
        &self,
        u: &TusUpload,
        offset: i64,
        now: i64,
        lease_seconds: i64,
    ) -> StoreResult<Claim> {
        let lease = ids::hex(&ids::random::<16>());
        let taken = sqlx::query(
            "UPDATE uploads SET busy_until = $1, lease = $2 WHERE id = $3 AND upload_offset = $4 AND busy_until < $5",
        )
        .bind(now + lease_seconds)
        .bind(&lease)
        .bind(&u.id)
        .bind(offset)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1;
        if taken {
            self.tus_forget_chunks_from(&u.id, u.chunks).await?;
            return Ok(Claim::Taken(lease));
        }
        let row = sqlx::query("SELECT busy_until, upload_offset FROM uploads WHERE id = $1")
            .bind(&u.id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) if r.try_get::<i64, _>("upload_offset")? == offset => {
                Claim::Busy(r.try_get::<i64, _>("busy_until")? - now)
            }
            _ => Claim::Moved,
        })
    }

    /// Writes chunk `seq` while `lease` holds the upload, and renews the lease until
    /// `busy_until` (`false`: the lease does not hold the upload any more).
    pub async fn tus_chunk(
        &self,
        id: &str,
        lease: &str,
        seq: i64,
        data: Vec<u8>,
        busy_until: i64,
    ) -> StoreResult<bool> {
        // Renewed first: nobody can take the upload before `busy_until`, so the chunk written
        // next is still under this lease.
        let held = sqlx::query("UPDATE uploads SET busy_until = $1 WHERE id = $2 AND lease = $3")
            .bind(busy_until)
            .bind(id)
            .bind(lease)
            .execute(self.pool())
            .await?
            .rows_affected()
            == 1;
        if held {
            sqlx::query("INSERT INTO blob_chunks (blob_id, seq, data) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(seq)
                .bind(data)
                .execute(self.pool())
                .await?;
        }
        Ok(held)
    }

    pub async fn tus_forget_chunks_from(&self, id: &str, seq: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM blob_chunks WHERE blob_id = $1 AND seq >= $2")
            .bind(id)
            .bind(seq)
            .execute(self.pool())
            .await
            .map(|_| ())
    }

    /// Records what a `PATCH` stored and gives the upload back (if `lease` still holds it).
    pub async fn tus_release(
        &self,
        id: &str,
        lease: &str,
        offset: i64,
        chunks: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE uploads SET upload_offset = $1, chunks = $2, busy_until = 0, lease = NULL WHERE id = $3 AND lease = $4",
        )
        .bind(offset)
        .bind(chunks)
        .bind(id)
        .bind(lease)
        .execute(self.pool())
        .await
        .map(|_| ())
    }

    /// A finished upload: (the attachment's SHA-256, the length).
    pub async fn tus_done(&self, id: &str) -> StoreResult<Option<(String, i64)>> {
        sqlx::query("SELECT sha256, upload_length FROM tus_done WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .map(|r| Ok((r.try_get("sha256")?, r.try_get("upload_length")?)))
            .transpose()
    }

    /// Deletes an upload no `PATCH` holds, with its chunks, in one transaction; a finished one
    /// is forgotten (its attachment stays).
    pub async fn tus_terminate(&self, id: &str, now: i64) -> StoreResult<Terminated> {
        let mut tx = self.pool().begin().await?;
        let gone = sqlx::query(
            "DELETE FROM uploads WHERE id = $1 AND upload_length IS NOT NULL AND busy_until < $2",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if gone {
            crate::storage::attachments::delete_chunks(&mut tx, id).await?;
            tx.commit().await?;
            return Ok(Terminated::Deleted);
        }
        let busy: Option<i64> = sqlx::query(
            "SELECT busy_until FROM uploads WHERE id = $1 AND upload_length IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("busy_until"))
        .transpose()?;
        if let Some(until) = busy {
            tx.rollback().await?;
            return Ok(Terminated::Busy(until - now));
        }
        let done = sqlx::query("DELETE FROM tus_done WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(if done {
            Terminated::Deleted
        } else {
            Terminated::NotFound
        })
    }
}

/// The outcome of [`Store::tus_claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Held under this lease token.
    Taken(String),
    /// Another `PATCH` holds it for this many seconds more.
    Busy(i64),
    /// The offset is not the server's any more (or the upload is gone).
    Moved,
}

/// The outcome of [`Store::tus_terminate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminated {
    Deleted,
    /// A `PATCH` holds it for this many seconds more.
    Busy(i64),
    NotFound,
}

fn tus_error(status: StatusCode, code: &'static str, vi: &str, en: &str) -> ApiError {
    ApiError::new(status, code, vi, en)
}

fn not_found() -> ApiError {
    tus_error(
        StatusCode::NOT_FOUND,
        "UPLOAD_NOT_FOUND",
        "Không có lượt tải lên này (có thể đã hết hạn sau 24 giờ). Hãy tải tệp lên lại từ đầu.",
        "No such upload (it may have expired after 24 hours). Upload the file again from the start.",
    )
}

/// `Tus-Resumable: 1.0.0` is required on every request but OPTIONS.
fn check_version(headers: &HeaderMap) -> Result<(), ApiError> {
    match headers.get("tus-resumable").and_then(|v| v.to_str().ok()) {
        Some(VERSION) => Ok(()),
        _ => Err(tus_error(
            StatusCode::PRECONDITION_FAILED,
            "TUS_VERSION",
            "Hãy gửi tiêu đề Tus-Resumable: 1.0.0 (giao thức tải lên tiếp tục được).",
            "Send the header Tus-Resumable: 1.0.0 (resumable upload protocol).",
        )),
    }
}

fn header_i64(headers: &HeaderMap, name: &str) -> Option<i64> {
    headers
        .get(name)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|n: &i64| *n >= 0)
}

/// `Upload-Metadata`: `key base64,key base64`.
fn metadata(headers: &HeaderMap) -> Result<Vec<(String, String)>, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "UPLOAD_METADATA",
            "Tiêu đề Upload-Metadata không hợp lệ: hãy gửi \"filename <base64>,filetype <base64>\".",
            "Upload-Metadata is malformed: send \"filename <base64>,filetype <base64>\".",
        )
    };
    let Some(raw) = headers.get("upload-metadata") else {
        return Ok(Vec::new());
    };
    let raw = raw.to_str().map_err(|_| bad())?;
    let mut out = Vec::new();
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once(' ').unwrap_or((pair, ""));
        let value = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| bad())?;
        out.push((key.to_owned(), String::from_utf8(value).map_err(|_| bad())?));
    }
    Ok(out)
}

fn expires(u: &TusUpload) -> HeaderValue {
    let at = u.created_at + i64::try_from(ORPHAN_AGE.as_secs()).unwrap_or(86_400);
    HeaderValue::from_str(&clock::http_date(at)).unwrap_or(HeaderValue::from_static(""))
}

fn upload_id(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(s)| s).map_err(|_| not_found())
}

/// What the server supports.
#[utoipa::path(options, path = "/api/v1/uploads", tag = "citizens",
    responses((status = 204, description = "tus capabilities", headers(
        ("Tus-Version" = String, description = "1.0.0"),
        ("Tus-Extension" = String, description = "creation,termination,checksum,expiration"),
        ("Tus-Max-Size" = u64, description = "{documents.max_bytes}"),
        ("Tus-Checksum-Algorithm" = String, description = "sha256")))))]
pub async fn options() -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let h = r.headers_mut();
    h.insert("tus-version", HeaderValue::from_static(VERSION));
    h.insert("tus-extension", HeaderValue::from_static(EXTENSIONS));
    h.insert("tus-max-size", HeaderValue::from(max_attachment_bytes()));
    h.insert("tus-checksum-algorithm", HeaderValue::from_static("sha256"));
    r
}

/// Creates an upload (`Upload-Length` at most {documents.max_bytes}; `Upload-Metadata` with `filename` and
/// `filetype`, a PDF, JPEG or PNG).
#[utoipa::path(post, path = "/api/v1/uploads", tag = "citizens",
    params(
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Length" = u64, Header, description = "The file's size in bytes (1 to {documents.max_bytes})"),
        ("Upload-Metadata" = Option<String>, Header, description = "filename <base64>,filetype <base64>")),
    responses(
        (status = 201, description = "Created", headers(
            ("Location" = String, description = "The upload's URL"),
            ("Upload-Expires" = String, description = "When an unfinished upload is deleted"))),
        (status = 400, description = "No Upload-Length, an empty file, or malformed metadata", body = ErrorBody),
        (status = 413, description = "Over {documents.max_bytes}", body = ErrorBody),
        (status = 415, description = "filetype is not PDF, JPEG or PNG", body = ErrorBody),
        (status = 429, description = "Upload requests per hour used up for this address", body = ErrorBody),
        TusErrors,
    ))]
pub async fn create(State(state): State<AppState>, headers: HeaderMap) -> ApiResult {
    check_version(&headers)?;
    let length = header_i64(&headers, "upload-length").ok_or_else(|| {
        ApiError::bad_request(
            "UPLOAD_LENGTH",
            "Thiếu tiêu đề Upload-Length (kích thước tệp, tính bằng byte).",
            "The Upload-Length header (the file's size in bytes) is missing.",
        )
    })?;
    if length == 0 {
        return Err(ApiError::bad_request(
            "EMPTY",
            "Tệp rỗng. Hãy chọn lại tệp.",
            "The file is empty. Choose the file again.",
        ));
    }
    let limit = max_attachment_bytes();
    if length > i64::try_from(limit).unwrap_or(i64::MAX) {
        return Err(BodyError::TooLarge(limit).into());
    }
    let meta = metadata(&headers)?;
    let get = |k: &str| {
        meta.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let media_type = get("filetype").unwrap_or("").to_ascii_lowercase();
    if !dossier_core::rulebook::newest()
        .documents
        .media_types
        .contains(&media_type.as_str())
    {
        return Err(unsupported_media_type());
    }
    let file_name: String = get("filename")
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(255)
        .collect();
    let now = clock::unix_now();
    let id = state
        .store
        .tus_create(length, &file_name, &media_type, now)
        .await?;
    let upload = TusUpload {
        id: id.clone(),
        length,
        offset: 0,
        chunks: 0,
        media_type,
        created_at: now,
    };
    let mut r = StatusCode::CREATED.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/uploads/{id}")) {
        h.insert(header::LOCATION, v);
    }
    h.insert("upload-expires", expires(&upload));
    Ok(r)
}

/// How much of the upload the server has.
#[utoipa::path(head, path = "/api/v1/uploads/{upload}", tag = "citizens",
    params(("upload" = String, Path, description = "The upload's id (from Location)"),
           ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses(
        (status = 200, description = "The offset", headers(
            ("Upload-Offset" = u64, description = "Bytes the server has"),
            ("Upload-Length" = u64, description = "The file's size"),
            ("Upload-Expires" = String, description = "When it is deleted unfinished"),
            ("Dossier-Attachment-Sha256" = String, description = "Once finished: the attachment's SHA-256"))),
        (status = 404, description = "No such upload"),
        (status = 412, description = "Not Tus-Resumable 1.0.0"),
        (status = 503, description = "Storage unavailable"),
    ))]
pub async fn head(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult {
    check_version(&headers)?;
    let id = upload_id(p)?;
    let Some(u) = state.store.tus_get(&id).await? else {
        // Finished (the answer to its last PATCH may have been lost): complete, and its result.
        let (sha256, length) = state.store.tus_done(&id).await?.ok_or_else(not_found)?;
        return Ok(finished(length, &sha256, StatusCode::OK));
    };
    let mut r = StatusCode::OK.into_response();
    let h = r.headers_mut();
    h.insert("upload-offset", HeaderValue::from(u.offset));
    h.insert("upload-length", HeaderValue::from(u.length));
    h.insert("upload-expires", expires(&u));
    Ok(r)
}

/// Abandons an upload (termination).
#[utoipa::path(delete, path = "/api/v1/uploads/{upload}", tag = "citizens",
    params(("upload" = String, Path, description = "The upload's id"),
           ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such upload", body = ErrorBody),
        (status = 409, description = "A PATCH is running: try again after Retry-After", body = ErrorBody),
        TusErrors,
    ))]
pub async fn terminate(
    State(state): State<AppState>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ApiResult {
    check_version(&headers)?;
    let id = upload_id(p)?;
    match state.store.tus_terminate(&id, clock::unix_now()).await? {
        Terminated::Deleted => Ok(StatusCode::NO_CONTENT.into_response()),
        Terminated::Busy(left) => Err(busy(left)),
        Terminated::NotFound => Err(not_found()),
    }
}

/// Sends bytes from `Upload-Offset` (`Content-Type: application/offset+octet-stream`), with an
/// optional `Upload-Checksum: sha256 <base64>` of this request's bytes. The last `PATCH` answers
/// with `Dossier-Attachment-Sha256` once the file passed the checks.
#[utoipa::path(patch, path = "/api/v1/uploads/{upload}", tag = "citizens",
    params(("upload" = String, Path, description = "The upload's id"),
           ("Tus-Resumable" = String, Header, description = "1.0.0"),
           ("Upload-Offset" = u64, Header, description = "Where these bytes start (the server's offset)"),
           ("Upload-Checksum" = Option<String>, Header, description = "sha256 <base64 digest of this request's bytes>")),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses(
        (status = 204, description = "Stored", headers(
            ("Upload-Offset" = u64, description = "Bytes the server has now"),
            ("Dossier-Attachment-Sha256" = String, description = "On the last PATCH: the attachment's SHA-256"))),
        (status = 400, description = "No Upload-Offset, or a malformed checksum", body = ErrorBody),
        (status = 404, description = "No such upload", body = ErrorBody),
        (status = 408, description = "The body arrived too slowly", body = ErrorBody),
        (status = 409, description = "Upload-Offset is not the server's (ask with HEAD), or another PATCH is running", body = ErrorBody),
        (status = 413, description = "More bytes than Upload-Length", body = ErrorBody),
        (status = 415, description = "Not application/offset+octet-stream", body = ErrorBody),
        (status = 422, description = "The finished file is not the declared type", body = ErrorBody),
        (status = 429, description = "Upload requests or bytes per hour used up for this address", body = ErrorBody),
        (status = 460, description = "The checksum does not match: send these bytes again", body = ErrorBody),
        TusErrors,
    ))]
pub async fn patch(
    State(state): State<AppState>,
    Extension(client): Extension<ClientAddr>,
    p: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    check_version(&headers)?;
    let id = upload_id(p)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.eq_ignore_ascii_case("application/offset+octet-stream") {
        return Err(tus_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "CONTENT_TYPE",
            "Hãy gửi với Content-Type: application/offset+octet-stream.",
            "Send with Content-Type: application/offset+octet-stream.",
        ));
    }
    let offset = header_i64(&headers, "upload-offset").ok_or_else(|| {
        ApiError::bad_request(
            "UPLOAD_OFFSET",
            "Thiếu tiêu đề Upload-Offset. Hãy hỏi vị trí hiện tại bằng HEAD.",
            "The Upload-Offset header is missing. Ask for the current offset with HEAD.",
        )
    })?;
    let checksum = match headers.get("upload-checksum") {
        None => None,
        Some(v) => Some(parse_checksum(v)?),
    };
    let store = &state.store;
    let Some(u) = store.tus_get(&id).await? else {
        // Finished already: the last PATCH again (its answer was lost) learns the result.
        let (sha256, length) = store.tus_done(&id).await?.ok_or_else(not_found)?;
        return if offset == length {
            Ok(finished(length, &sha256, StatusCode::NO_CONTENT))
        } else {
            Err(conflict())
        };
    };
    if offset != u.offset {
        return Err(conflict());
    }
    let lease = claim(store, &u, offset).await?;
    let (added, new_chunks, outcome) =
        receive(&state, client, &u, &lease, body, checksum.as_ref()).await;
    let new_offset = u.offset + added;
    if outcome.is_ok() && new_offset == u.length {
        // Still holding the lease: nothing else can touch the upload while it is checked.
        let sha256 = finish(&state, &u, &lease, new_chunks).await?;
        return Ok(finished(u.length, &sha256, StatusCode::NO_CONTENT));
    }
    store
        .tus_release(&u.id, &lease, new_offset, new_chunks)
        .await?;
    outcome?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert("upload-offset", HeaderValue::from(new_offset));
    Ok(r)
}

/// The answer about a finished upload: complete, and the attachment it became.
fn finished(length: i64, sha256: &str, status: StatusCode) -> Response {
    let mut r = status.into_response();
    let h = r.headers_mut();
    h.insert("upload-offset", HeaderValue::from(length));
    h.insert("upload-length", HeaderValue::from(length));
    if let Ok(v) = HeaderValue::from_str(sha256) {
        h.insert("dossier-attachment-sha256", v);
    }
    r
}

fn conflict() -> ApiError {
    tus_error(
        StatusCode::CONFLICT,
        "UPLOAD_OFFSET_CONFLICT",
        "Vị trí gửi không khớp với máy chủ. Hãy hỏi vị trí hiện tại bằng HEAD rồi gửi tiếp.",
        "The offset is not the server's. Ask for the offset with HEAD and go on from there.",
    )
}

/// Another `PATCH` holds the upload: try again when its lease ends.
/// Takes the upload for this `PATCH`. When another request holds it, waits up to
/// [`CLAIM_WAIT`] for it to let go: a client that reconnects right after its connection broke
/// usually arrives before the server has seen the break, and would otherwise send its body
/// for nothing and wait out `Retry-After`.
async fn claim(store: &Store, u: &TusUpload, offset: i64) -> Result<String, ApiError> {
    let started = std::time::Instant::now();
    loop {
        match store
            .tus_claim(u, offset, clock::unix_now(), LEASE_IDLE_SECONDS)
            .await?
        {
            Claim::Taken(lease) => return Ok(lease),
            Claim::Moved => return Err(conflict()),
            Claim::Busy(left) if started.elapsed() >= CLAIM_WAIT => return Err(busy(left)),
            Claim::Busy(_) => tokio::time::sleep(CLAIM_POLL).await,
        }
    }
}

/// How long a `PATCH` waits for the request holding its upload, and how often it looks.
const CLAIM_WAIT: std::time::Duration = std::time::Duration::from_secs(2);
const CLAIM_POLL: std::time::Duration = std::time::Duration::from_millis(100);

fn busy(seconds_left: i64) -> ApiError {
    tus_error(
        StatusCode::CONFLICT,
        "UPLOAD_BUSY",
        "Một lần gửi khác của tệp này đang chạy. Hãy thử lại sau ít phút (xem Retry-After).",
        "Another request is sending this file. Try again in a moment (see Retry-After).",
    )
    .retry_after(u64::try_from(seconds_left.max(1)).unwrap_or(1))
}

fn parse_checksum(v: &HeaderValue) -> Result<Vec<u8>, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "UPLOAD_CHECKSUM",
            "Tiêu đề Upload-Checksum phải là \"sha256 <base64>\".",
            "Upload-Checksum must be \"sha256 <base64>\".",
        )
    };
    let text = v.to_str().map_err(|_| bad())?;
    let (algorithm, digest) = text.split_once(' ').ok_or_else(bad)?;
    if !algorithm.eq_ignore_ascii_case("sha256") {
        return Err(bad());
    }
    base64::engine::general_purpose::STANDARD
        .decode(digest.trim())
        .ok()
        .filter(|d| d.len() == 32)
        .ok_or_else(bad)
}

/// Streams one `PATCH` body into chunks after the upload's last one, while `lease` holds the
/// upload. Returns the bytes added, the new chunk count and how it ended; on failure with a
/// checksum nothing is kept (the checksum covers the whole request and cannot vouch for part).
async fn receive(
    state: &AppState,
    client: ClientAddr,
    u: &TusUpload,
    lease: &str,
    body: Body,
    checksum: Option<&Vec<u8>>,
) -> (i64, i64, Result<(), ApiError>) {
    let room = usize::try_from(u.length - u.offset).unwrap_or(0);
    let mut chunks = Chunks::new(body, room, UPLOAD_CHUNK_BYTES, state.settings.body_deadline);
    let mut hasher = Sha256::new();
    let mut seq = u.chunks;
    let mut added = 0i64;
    let failed = loop {
        match chunks.next().await {
            Ok(None) => break None,
            Ok(Some(chunk)) => {
                if let Err(e) =
                    rate::charge(state, client, Bucket::UploadBytes, chunk.len() as u64).await
                {
                    break Some(e);
                }
                hasher.update(&chunk);
                let n = i64::try_from(chunk.len()).unwrap_or(0);
                let busy_until = clock::unix_now() + LEASE_IDLE_SECONDS;
                match state
                    .store
                    .tus_chunk(&u.id, lease, seq, chunk, busy_until)
                    .await
                {
                    Ok(true) => {}
                    // The lease ran out (storage stalled) and another request took the upload.
                    Ok(false) => break Some(conflict()),
                    Err(e) => break Some(ApiError::storage(&e)),
                }
                seq += 1;
                added += n;
            }
            Err(e) => break Some(ApiError::from(e)),
        }
    };
    let verified = match (checksum, &failed) {
        (Some(expected), None) => hasher.finalize().as_slice() == expected.as_slice(),
        _ => true,
    };
    if checksum.is_some() && (failed.is_some() || !verified) {
        let _ = state.store.tus_forget_chunks_from(&u.id, u.chunks).await;
        let e = failed.unwrap_or_else(|| {
            tus_error(
                StatusCode::from_u16(460).unwrap_or(StatusCode::BAD_REQUEST),
                "CHECKSUM_MISMATCH",
                "Dữ liệu nhận được không khớp mã kiểm tra. Hãy gửi lại đoạn này.",
                "The data received does not match its checksum. Send these bytes again.",
            )
        });
        return (0, u.chunks, Err(e));
    }
    (added, seq, failed.map_or(Ok(()), Err))
}

/// The last byte is in (and `lease` still holds the upload): every byte and chunk accounted
/// for, the same checks as a direct upload, then an attachment.
async fn finish(
    state: &AppState,
    u: &TusUpload,
    lease: &str,
    chunks: i64,
) -> Result<String, ApiError> {
    let store = &state.store;
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    let mut seq = 0;
    let mut total = 0i64;
    while let Some(chunk) = store.blob_chunk(&u.id, seq).await? {
        if head.len() < 16 {
            head.extend_from_slice(&chunk[..chunk.len().min(16 - head.len())]);
        }
        hasher.update(&chunk);
        total += i64::try_from(chunk.len()).unwrap_or(i64::MAX);
        seq += 1;
    }
    if total != u.length || seq != chunks {
        // Never expected (the lease guards every write): start the upload again rather than
        // store a file that is not the one sent.
        let _ = store.upload_discard(&u.id).await;
        return Err(tus_error(
            StatusCode::CONFLICT,
            "UPLOAD_INCOMPLETE",
            "Máy chủ không nhận đủ tệp. Hãy tải tệp lên lại từ đầu.",
            "The server does not have the whole file. Upload it again from the start.",
        ));
    }
    let Some(media_type) = sniff(&u.media_type, &head) else {
        let _ = store.upload_discard(&u.id).await;
        return Err(content_mismatch(&u.media_type));
    };
    let sha256 = ids::hex(&hasher.finalize());
    let at = clock::now_rfc3339();
    let file = crate::storage::attachments::Complete {
        sha256: &sha256,
        media_type,
        size_bytes: u.length,
        now: clock::unix_now(),
        at: &at,
    };
    match store.tus_finish(&u.id, lease, &file).await {
        Ok(_) => Ok(sha256),
        // The lease ran out meanwhile: the client asks with HEAD and goes on.
        Err(sqlx::Error::RowNotFound) => Err(conflict()),
        Err(e) => Err(e.into()),
    }
}
