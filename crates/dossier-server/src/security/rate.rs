//! Rate limits per client address, kept in the database so that every instance counts (SPEC
//! §10). Each limit is a token bucket of `limit` per hour, stored as one number per bucket: the
//! generic cell rate algorithm's "theoretical arrival time" (`tat`, microseconds). Taking is one
//! atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING` on both engines: no read-then-write race.

use crate::error::ApiError;
use crate::security::client_addr::ClientAddr;
use crate::security::limits::RATE_PERIOD;
use crate::storage::store::{Result, Store};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::Row;

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// `POST /api/v1/dossiers`, whatever the outcome.
    Submissions,
    /// Requests to the upload endpoints.
    Uploads,
    /// Bytes uploaded.
    UploadBytes,
}

impl Bucket {
    fn prefix(self) -> &'static str {
        match self {
            Bucket::Submissions => "submissions",
            Bucket::Uploads => "uploads",
            Bucket::UploadBytes => "upload-bytes",
        }
    }

    /// The hourly limit in the server's settings (0 = off).
    pub fn limit(self, state: &AppState) -> u64 {
        match self {
            Bucket::Submissions => state.settings.submissions_per_hour,
            Bucket::Uploads => state.settings.uploads_per_hour,
            Bucket::UploadBytes => state.settings.upload_bytes_per_hour,
        }
    }
}

/// The answer of the bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    Allowed,
    /// Denied; try again after this many seconds.
    Denied {
        retry_after: u64,
    },
}

fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

impl Store {
    /// Takes `amount` from the bucket `key` that holds `limit` per hour. A denied take changes
    /// nothing.
    pub async fn take(&self, key: &str, amount: u64, limit: u64) -> Result<Taken> {
        let period = i64::try_from(RATE_PERIOD.as_micros()).unwrap_or(i64::MAX);
        // Each unit costs period/limit microseconds of the bucket's hour.
        let limit = i128::from(limit.max(1));
        let cost = i64::try_from((i128::from(amount) * i128::from(period) + limit - 1) / limit)
            .unwrap_or(i64::MAX);
        let now = now_micros();
        // from = max(tat, now); allowed iff from + cost - period <= now.
        let from = "(CASE WHEN rate_limits.tat > $2 THEN rate_limits.tat ELSE $2 END)";
        let sql = format!(
            "INSERT INTO rate_limits (bucket, tat, ok) VALUES ($1, $2 + $3, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
             ok = CASE WHEN {from} + $3 - $4 <= $2 THEN 1 ELSE 0 END, \
             tat = CASE WHEN {from} + $3 - $4 <= $2 THEN {from} + $3 ELSE rate_limits.tat END \
             RETURNING tat, ok"
        );
        let row = sqlx::query(&sql)
            .bind(key)
            .bind(now)
            .bind(cost)
            .bind(period)
            .fetch_one(self.pool())
            .await?;
        let ok: i64 = row.try_get("ok")?;
        if ok == 1 {
            return Ok(Taken::Allowed);
        }
        let tat: i64 = row.try_get("tat")?;
        let wait = (tat.max(now).saturating_add(cost) - period - now).max(0);
        Ok(Taken::Denied {
            retry_after: u64::try_from((wait + 999_999) / 1_000_000)
                .unwrap_or(1)
                .max(1),
        })
    }

    /// Buckets that are full again hold nothing worth keeping.
    pub async fn forget_full_buckets(&self) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM rate_limits WHERE tat < $1")
            .bind(now_micros())
            .execute(self.pool())
            .await?
            .rows_affected())
    }
}

/// Takes `amount` of `bucket` for the request's client; `Err` is the 429 to answer.
pub async fn charge(
    state: &AppState,
    client: ClientAddr,
    bucket: Bucket,
    amount: u64,
) -> std::result::Result<(), ApiError> {
    let limit = bucket.limit(state);
    if limit == 0 {
        return Ok(());
    }
    let key = format!("{}:{}", bucket.prefix(), client.bucket());
    match state.store.take(&key, amount, limit).await? {
        Taken::Allowed => Ok(()),
        Taken::Denied { retry_after } => Err(too_many(bucket, limit, retry_after)),
    }
}

fn too_many(bucket: Bucket, limit: u64, retry_after: u64) -> ApiError {
    let minutes = retry_after.div_ceil(60);
    let (vi, en) = match bucket {
        Bucket::Submissions => (
            format!("Địa chỉ của bạn đã gửi quá {limit} lần nộp hồ sơ trong một giờ. Hãy thử lại sau khoảng {minutes} phút."),
            format!("Your address has sent more than {limit} submissions in an hour. Try again in about {minutes} minutes."),
        ),
        Bucket::Uploads => (
            format!("Địa chỉ của bạn đã tải lên quá {limit} lần trong một giờ. Hãy thử lại sau khoảng {minutes} phút."),
            format!("Your address has made more than {limit} uploads in an hour. Try again in about {minutes} minutes."),
        ),
        Bucket::UploadBytes => (
            format!("Địa chỉ của bạn đã tải lên quá {} MiB trong một giờ. Hãy thử lại sau khoảng {minutes} phút.", limit / (1024 * 1024)),
            format!("Your address has uploaded more than {} MiB in an hour. Try again in about {minutes} minutes.", limit / (1024 * 1024)),
        ),
    };
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", vi, en).retry_after(retry_after)
}

/// Middleware: one request of `POST /api/v1/dossiers` from this client.
pub async fn submissions(State(state): State<AppState>, req: Request, next: Next) -> Response {
    limited(state, req, next, Bucket::Submissions).await
}

/// Middleware: one request of an upload endpoint from this client.
pub async fn uploads(State(state): State<AppState>, req: Request, next: Next) -> Response {
    limited(state, req, next, Bucket::Uploads).await
}

async fn limited(state: AppState, req: Request, next: Next, bucket: Bucket) -> Response {
    let client = req
        .extensions()
        .get::<ClientAddr>()
        .copied()
        .unwrap_or(ClientAddr(std::net::IpAddr::from([0, 0, 0, 0])));
    match charge(&state, client, bucket, 1).await {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}
