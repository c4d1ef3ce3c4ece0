//! # dossier-client
//!
//! Submits a dossier to a Dossier server exactly once, on a bad network: validates locally with
//! the same core the server runs, uploads the attachments, then submits with an idempotency key
//! that the caller creates once per dossier and reuses on every retry. Connection errors, 5xx
//! and 429 are retried with exponential backoff and full jitter inside a budget of attempts and
//! time (honouring `Retry-After`); any other 4xx is final. Native (tokio) and wasm32 (fetch).
#![forbid(unsafe_code)]

mod retry;

use dossier_core::{validate, Date, Options, Report};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

pub use retry::RetryPolicy;

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
    Invalid(Box<Report>),
    /// The server refused (a 4xx other than 429): final, not retried.
    Rejected {
        status: u16,
        code: String,
        message: String,
        body: Value,
    },
    /// Retries exhausted on connection errors, 5xx or 429.
    Unavailable { attempts: u32, last: String },
    /// The TLS handshake failed (an untrusted or wrong certificate, a protocol mismatch): final,
    /// never retried, since trying again cannot change the certificate.
    Tls(String),
    /// The client could not be set up (e.g. a CA file that is not PEM).
    Config(String),
    /// The server answered something that is not the API's JSON.
    Protocol(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
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

/// A new idempotency key: create one per dossier, keep it with the draft, reuse it on retries.
pub fn new_idempotency_key() -> String {
    retry::random_hex(16)
}

pub struct Client {
    base: String,
    http: reqwest::Client,
    pub policy: RetryPolicy,
}

impl Client {
    /// A client for the server at `base` (e.g. `https://dichvucong.example.vn`); HTTPS servers
    /// are verified against the web PKI roots.
    pub fn new(base: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').to_owned(),
            http: http_client(None).unwrap_or_default(),
            policy: RetryPolicy::default(),
        }
    }

    /// A client that also trusts the CA certificates of `pem` (a private or test CA).
    pub fn with_ca_pem(base: &str, pem: &[u8]) -> Result<Client, Error> {
        Ok(Client {
            base: base.trim_end_matches('/').to_owned(),
            http: http_client(Some(pem))?,
            policy: RetryPolicy::default(),
        })
    }

    #[must_use]
    pub fn with_policy(mut self, policy: RetryPolicy) -> Client {
        self.policy = policy;
        self
    }

    /// The local check, with the same core and the same date the server will use.
    pub fn check(dossier_json: &str, as_of: Date) -> Report {
        let options = Options::new(as_of);
        validate(dossier_json.as_bytes(), &options)
            .unwrap_or_else(|_| unreachable!("no profile is named"))
    }

    /// Uploads one file (PDF, JPEG or PNG); uploading the same bytes again is harmless.
    pub async fn upload(&self, bytes: Vec<u8>, media_type: &str) -> Result<Attachment, Error> {
        let url = format!("{}/api/v1/attachments", self.base);
        let body = self
            .send_with_retries(|| {
                self.http
                    .post(&url)
                    .header("content-type", media_type)
                    .body(bytes.clone())
            })
            .await?;
        serde_json::from_value(body).map_err(|e| Error::Protocol(e.to_string()))
    }

    /// Checks locally (as of `as_of`), then submits with `idempotency_key`, retrying within the
    /// policy. The same key and body always yield the same receipt.
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
        let url = format!("{}/api/v1/dossiers", self.base);
        let body = self
            .send_with_retries(|| {
                self.http
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", idempotency_key)
                    .body(dossier_json.to_owned())
            })
            .await?;
        serde_json::from_value(body).map_err(|e| Error::Protocol(e.to_string()))
    }

    /// Status and history of a dossier (`None` when the code or token is wrong).
    pub async fn status(&self, code: &str, access_token: &str) -> Result<Option<Value>, Error> {
        let url = format!("{}/api/v1/dossiers/{code}", self.base);
        match self
            .send_with_retries(|| self.http.get(&url).bearer_auth(access_token))
            .await
        {
            Ok(v) => Ok(Some(v)),
            Err(Error::Rejected { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn send_with_retries(
        &self,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<Value, Error> {
        let started = retry::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let (last, retry_after) = match request().send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let retry_after = resp
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let text = resp.text().await.unwrap_or_default();
                    if (200..300).contains(&status) {
                        return serde_json::from_str(&text)
                            .map_err(|e| Error::Protocol(format!("{e}: {text}")));
                    }
                    if status != 429 && status < 500 {
                        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                        return Err(Error::Rejected {
                            status,
                            code: body["error"]["code"].as_str().unwrap_or("").to_owned(),
                            message: body["error"]["message"]["en"]
                                .as_str()
                                .unwrap_or(&text)
                                .to_owned(),
                            body,
                        });
                    }
                    (format!("HTTP {status}"), retry_after)
                }
                Err(e) => {
                    if let Some(tls) = tls_failure(&e) {
                        return Err(Error::Tls(tls));
                    }
                    (describe(&e), None)
                }
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
}

/// The HTTP client: web PKI roots, plus the CAs of `pem`; bounded connect and request times.
#[cfg(not(target_arch = "wasm32"))]
fn http_client(pem: Option<&[u8]>) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(180));
    if let Some(pem) = pem {
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| Error::Config(format!("the CA certificate is not PEM: {e}")))?;
        if certs.is_empty() {
            return Err(Error::Config("the CA file holds no PEM certificate".into()));
        }
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder
        .build()
        .map_err(|e| Error::Config(format!("cannot set up HTTPS: {e}")))
}

/// In the browser, the browser does TLS and its own trust store applies.
#[cfg(target_arch = "wasm32")]
fn http_client(pem: Option<&[u8]>) -> Result<reqwest::Client, Error> {
    if pem.is_some() {
        return Err(Error::Config(
            "a CA certificate cannot be added in the browser".into(),
        ));
    }
    Ok(reqwest::Client::new())
}

/// A reqwest error with its causes (reqwest's own message is only the outermost one).
fn describe(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// The TLS error inside a failed request, if the failure was the TLS handshake.
#[cfg(not(target_arch = "wasm32"))]
fn tls_failure(e: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = source {
        // io::Error hides its custom inner error from `source()`, and the TLS stack nests one
        // io::Error in another: look inside each.
        let mut inner: &(dyn std::error::Error + 'static) = err;
        loop {
            if let Some(tls) = inner.downcast_ref::<rustls::Error>() {
                return Some(tls.to_string());
            }
            match inner
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
            {
                Some(next) => inner = next,
                None => break,
            }
        }
        source = err.source();
    }
    None
}

#[cfg(target_arch = "wasm32")]
fn tls_failure(_: &reqwest::Error) -> Option<String> {
    None
}
