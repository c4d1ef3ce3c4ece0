//! # dossier-client
//!
//! Submits a dossier to a Dossier server exactly once, on a bad network: validates locally with
//! the same core the server runs (feature `local-check`, on by default; the browser build
//! leaves it to the validator package the pages already load), uploads the attachments
//! resumably (tus 1.0.0), then submits with an idempotency key that the caller creates once per
//! dossier and reuses on every retry. Connection errors, 5xx and 429 are retried with
//! exponential backoff and full jitter inside a budget of attempts and time (honouring
//! `Retry-After`); any other 4xx, and any TLS failure, is final. Native (tokio, rustls) and
//! wasm32 (fetch): the CLI and the web pages share this one client.
#![forbid(unsafe_code)]

mod http;
mod retry;
pub mod tus;

use http::{Request, Response, SendError};

#[cfg(feature = "local-check")]
use dossier_core::{validate, Date, Options, Report};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

pub use retry::RetryPolicy;
pub use tus::{Source, UploadOptions};

/// What the server answers to a successful submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub id: String,
    pub code: String,
    pub access_token: String,
    pub status: String,
    pub received_at: String,
    pub report: Value,
    /// The deadline (YYYY-MM-DD), when the kind has a processing time.
    #[serde(default)]
    pub due_date: Option<String>,
}

/// An uploaded file as the server knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub sha256: String,
    pub size_bytes: u64,
    pub media_type: String,
}

/// Why a call failed.
#[derive(Debug)]
pub enum Error {
    /// The local check found errors: nothing was sent.
    #[cfg(feature = "local-check")]
    Invalid(Box<Report>),
    /// The server refused (a 4xx other than 429): final, not retried.
    Rejected {
        status: u16,
        code: String,
        message: String,
        body: Value,
    },
    /// Retries exhausted on connection errors, 5xx or 429.
    Unavailable { attempts: u32, last: Failure },
    /// The TLS handshake failed (an untrusted or wrong certificate, a protocol mismatch): final,
    /// never retried, since trying again cannot change the certificate.
    Tls(String),
    /// The server answered something that is not the API's JSON.
    Protocol(String),
    /// The client could not be set up (e.g. a CA file that is not PEM).
    Config(String),
}

/// The last failure of a retried call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No connection, or it broke.
    Network(String),
    /// No answer in time.
    Timeout(String),
    /// The server answered with this status (5xx, 429).
    Status(u16),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Network(m) => write!(f, "{m}"),
            Failure::Timeout(m) => write!(f, "timed out: {m}"),
            Failure::Status(s) => write!(f, "HTTP {s}"),
        }
    }
}

impl Error {
    /// A short code for programs: the server's error code, or `NETWORK`, `TIMEOUT`, `TLS`,
    /// `UNAVAILABLE` (5xx/429 to the end), `PROTOCOL`, `CONFIG`, `DOSSIER_INVALID`.
    pub fn code(&self) -> &str {
        match self {
            #[cfg(feature = "local-check")]
            Error::Invalid(_) => "DOSSIER_INVALID",
            Error::Rejected { code, .. } if !code.is_empty() => code,
            Error::Rejected { .. } => "REJECTED",
            Error::Unavailable {
                last: Failure::Network(_),
                ..
            } => "NETWORK",
            Error::Unavailable {
                last: Failure::Timeout(_),
                ..
            } => "TIMEOUT",
            Error::Unavailable { .. } => "UNAVAILABLE",
            Error::Tls(_) => "TLS",
            Error::Protocol(_) => "PROTOCOL",
            Error::Config(_) => "CONFIG",
        }
    }

    /// The HTTP status of the last answer (0 when there was none).
    pub fn status(&self) -> u16 {
        match self {
            Error::Rejected { status, .. }
            | Error::Unavailable {
                last: Failure::Status(status),
                ..
            } => *status,
            _ => 0,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            #[cfg(feature = "local-check")]
            Error::Invalid(r) => write!(
                f,
                "the dossier has {} error(s); nothing was sent",
                r.error_count()
            ),
            Error::Rejected {
                status,
                code,
                message,
                ..
            } => write!(f, "refused ({status} {code}): {message}"),
            Error::Unavailable { attempts, last } => {
                write!(f, "server unavailable after {attempts} attempt(s): {last}")
            }
            Error::Protocol(m) => write!(f, "unexpected answer: {m}"),
            Error::Tls(m) => write!(f, "TLS failure, not retried: {m}"),
            Error::Config(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

/// A new idempotency key (a UUID v4 from the system's random generator): create one per
/// dossier, keep it with the draft, reuse it on every retry.
pub fn new_idempotency_key() -> String {
    let mut b = [0u8; 16];
    retry::random_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

pub struct Client {
    base: String,
    http: http::Http,
    pub policy: RetryPolicy,
}

impl Client {
    /// A client for the server at `base` (e.g. `https://dichvucong.example.vn`); HTTPS servers
    /// are verified against the web PKI roots (natively) or by the browser.
    pub fn new(base: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').to_owned(),
            http: http::Http::new(None).unwrap_or_else(|e| panic!("HTTP client: {e}")),
            policy: RetryPolicy::default(),
        }
    }

    /// A client that also trusts the CA certificates of `pem` (a private or test CA; native
    /// only).
    pub fn with_ca_pem(base: &str, pem: &[u8]) -> Result<Client, Error> {
        Ok(Client {
            base: base.trim_end_matches('/').to_owned(),
            http: http::Http::new(Some(pem))?,
            policy: RetryPolicy::default(),
        })
    }

    #[must_use]
    pub fn with_policy(mut self, policy: RetryPolicy) -> Client {
        self.policy = policy;
        self
    }

    /// The local check, with the same core and the same date the server will use.
    #[cfg(feature = "local-check")]
    pub fn check(dossier_json: &str, as_of: Date) -> Report {
        let options = Options::new(as_of);
        validate(dossier_json.as_bytes(), &options)
            .unwrap_or_else(|_| unreachable!("no profile is named"))
    }

    /// Uploads one small file in one request (`POST /api/v1/attachments`); uploading the same
    /// bytes again is harmless. `upload_resumable` is the way for anything a network may cut.
    pub async fn upload(&self, bytes: Vec<u8>, media_type: &str) -> Result<Attachment, Error> {
        let url = format!("{}/api/v1/attachments", self.base);
        let body = self
            .send_with_retries(|| {
                Request::new("POST", &url)
                    .header("content-type", media_type)
                    .body(bytes.clone())
            })
            .await?;
        serde_json::from_value(body).map_err(|e| Error::Protocol(e.to_string()))
    }

    /// Checks locally (as of `as_of`), then submits with `idempotency_key`, retrying within the
    /// policy. The same key and body always yield the same receipt.
    #[cfg(feature = "local-check")]
    pub async fn submit(
        &self,
        dossier_json: &str,
        idempotency_key: &str,
        as_of: Date,
    ) -> Result<Receipt, Error> {
        let report = Client::check(dossier_json, as_of);
        if !report.valid {
            return Err(Error::Invalid(Box::new(report)));
        }
        self.submit_checked(dossier_json, idempotency_key).await
    }

    /// Submits with `idempotency_key` (the caller has checked the dossier), retrying within the
    /// policy. The same key and body always yield the same receipt.
    pub async fn submit_checked(
        &self,
        dossier_json: &str,
        idempotency_key: &str,
    ) -> Result<Receipt, Error> {
        let url = format!("{}/api/v1/dossiers", self.base);
        let body = self
            .send_with_retries(|| {
                Request::new("POST", &url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", idempotency_key)
                    .body(dossier_json.as_bytes().to_vec())
            })
            .await?;
        serde_json::from_value(body).map_err(|e| Error::Protocol(e.to_string()))
    }

    /// Files a dossier at the counter with an officer's session (`staff_token`), retrying
    /// within the policy; the same key and body always yield the same receipt.
    pub async fn submit_at_counter(
        &self,
        staff_token: &str,
        dossier_json: &str,
        idempotency_key: &str,
    ) -> Result<Receipt, Error> {
        let url = format!("{}/api/v1/staff/dossiers", self.base);
        let body = self
            .send_with_retries(|| {
                Request::new("POST", &url)
                    .header("authorization", format!("Bearer {staff_token}"))
                    .header("content-type", "application/json")
                    .header("idempotency-key", idempotency_key)
                    .body(dossier_json.as_bytes().to_vec())
            })
            .await?;
        serde_json::from_value(body).map_err(|e| Error::Protocol(e.to_string()))
    }

    /// Sends the corrected dossier of a returned one under the same code (the next version),
    /// retrying within the policy: the server answers a repeated supplement as the first.
    pub async fn supplement(
        &self,
        code: &str,
        access_token: &str,
        dossier_json: &str,
    ) -> Result<Value, Error> {
        let url = format!("{}/api/v1/dossiers/{code}/supplements", self.base);
        self.send_with_retries(|| {
            Request::new("POST", &url)
                .header("authorization", format!("Bearer {access_token}"))
                .header("content-type", "application/json")
                .body(dossier_json.as_bytes().to_vec())
        })
        .await
    }

    /// Withdraws a dossier (before its decision); withdrawing again answers the same.
    pub async fn withdraw(&self, code: &str, access_token: &str) -> Result<Value, Error> {
        let url = format!("{}/api/v1/dossiers/{code}/withdraw", self.base);
        self.send_with_retries(|| {
            Request::new("POST", &url).header("authorization", format!("Bearer {access_token}"))
        })
        .await
    }

    /// Status and history of a dossier (`None` when the code or token is wrong).
    pub async fn status(&self, code: &str, access_token: &str) -> Result<Option<Value>, Error> {
        let url = format!("{}/api/v1/dossiers/{code}", self.base);
        match self
            .send_with_retries(|| {
                Request::new("GET", &url).header("authorization", format!("Bearer {access_token}"))
            })
            .await
        {
            Ok(v) => Ok(Some(v)),
            Err(Error::Rejected { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// For an answer that is not a success: `Ok` with what to report when it is worth another
    /// attempt (5xx, 429; with its `Retry-After`), `Err` with the final error otherwise.
    fn failure(resp: &Response) -> Result<(Failure, Option<Duration>), Error> {
        let status = resp.status;
        let retry_after = resp
            .header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        if status == 429 || status >= 500 {
            return Ok((Failure::Status(status), retry_after));
        }
        let text = resp.text();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        Err(Error::Rejected {
            status,
            code: body["error"]["code"].as_str().unwrap_or("").to_owned(),
            message: body["error"]["message"]["en"]
                .as_str()
                .unwrap_or(&text)
                .to_owned(),
            body,
        })
    }

    /// Sends until a success (2xx), a final refusal, a TLS failure or the end of the budget.
    async fn send_raw_with_retries(
        &self,
        request: impl Fn() -> Request,
    ) -> Result<Response, Error> {
        let started = retry::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let (last, retry_after) = match self.http.send(request()).await {
                Ok(resp) if (200..300).contains(&resp.status) => return Ok(resp),
                Ok(resp) => Client::failure(&resp)?,
                Err(e) => (network_failure(e)?, None),
            };
            match self
                .policy
                .delay(attempt, retry::elapsed(started), retry_after)
            {
                Some(delay) => retry::sleep(delay).await,
                None => {
                    return Err(Error::Unavailable {
                        attempts: attempt,
                        last,
                    })
                }
            }
        }
    }

    async fn send_with_retries(&self, request: impl Fn() -> Request) -> Result<Value, Error> {
        let resp = self.send_raw_with_retries(request).await?;
        let text = resp.text();
        serde_json::from_str(&text).map_err(|e| Error::Protocol(format!("{e}: {text}")))
    }
}

/// A request that got no answer: `Ok` with the failure to retry, `Err` for a TLS failure.
pub(crate) fn network_failure(e: SendError) -> Result<Failure, Error> {
    match e {
        SendError::Tls(m) => Err(Error::Tls(m)),
        SendError::Timeout(m) => Ok(Failure::Timeout(m)),
        SendError::Network(m) => Ok(Failure::Network(m)),
        SendError::TooLarge => Err(Error::Protocol(format!(
            "the server's answer is larger than {} bytes: not read",
            http::MAX_RESPONSE_BYTES
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_uuid_v4() {
        let k = new_idempotency_key();
        assert_eq!(k.len(), 36);
        assert_eq!(&k[14..15], "4");
        assert!(matches!(&k[19..20], "8" | "9" | "a" | "b"), "{k}");
        assert_ne!(k, new_idempotency_key());
    }
}
