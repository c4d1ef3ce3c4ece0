//! Resumable uploads with tus 1.0.0 (core, creation, termination, checksum) at
//! `/api/v1/uploads`: the file goes up in chunks, each with its SHA-256; after a dropped
//! connection the client asks the server how much it has (`HEAD`) and goes on from there; after
//! a reload it goes on from the upload URL the caller kept (`on_url`). The retry policy is the
//! one of every other call (backoff with full jitter, `Retry-After`, a budget per chunk).

use crate::http::{Request, Response};
use crate::{retry, Attachment, Client, Error};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::future::Future;

/// Bytes sent per `PATCH` (one retry resends at most this much).
pub const CHUNK_BYTES: usize = 512 * 1024;

/// The bytes of a file, read piece by piece (a `Vec<u8>`, or a browser `Blob`).
pub trait Source {
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// `len` bytes from `offset` (fewer at the end).
    fn read(&self, offset: u64, len: usize) -> impl Future<Output = Result<Vec<u8>, Error>>;
}

impl Source for Vec<u8> {
    fn len(&self) -> u64 {
        self.len() as u64
    }

    async fn read(&self, offset: u64, len: usize) -> Result<Vec<u8>, Error> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.len());
        let end = start.saturating_add(len).min(self.len());
        Ok(self[start..end].to_vec())
    }
}

/// What the caller says about the file, and where it hears about progress.
pub struct UploadOptions<'a> {
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub media_type: &'a str,
    pub file_name: &'a str,
    /// An upload URL from an earlier attempt (a reload): the upload goes on from there.
    pub resume: Option<String>,
    /// Called with (bytes the server has, total) after each chunk.
    pub on_progress: Option<&'a dyn Fn(u64, u64)>,
    /// Called with the upload URL once it exists (keep it to resume after a reload), and with
    /// `None` when the upload is finished or abandoned.
    pub on_url: Option<&'a UrlSink<'a>>,
}

/// Where the upload URL goes (to be kept for a resume after a reload), and `None` once done.
pub type UrlSink<'a> = dyn Fn(Option<&str>) + 'a;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// What a tus request answered, as far as the upload is concerned.
enum Step {
    /// The server has this many bytes.
    Offset(u64),
    /// Finished: the attachment's SHA-256.
    Done(String),
    /// The upload is gone (expired, collected): start again.
    Gone,
}

impl Client {
    fn tus(method: &'static str, url: &str) -> Request {
        Request::new(method, url).header("tus-resumable", "1.0.0")
    }

    /// An absolute URL for a `Location` header (absolute, or a path on this server).
    fn absolute(&self, location: &str) -> String {
        if location.starts_with("http://") || location.starts_with("https://") {
            location.to_owned()
        } else {
            let origin = self
                .base
                .find("://")
                .and_then(|i| {
                    self.base[i + 3..]
                        .find('/')
                        .map(|j| &self.base[..i + 3 + j])
                })
                .unwrap_or(&self.base);
            format!("{origin}{location}")
        }
    }

    /// Uploads `source` resumably; the same bytes again are harmless (the attachment is known
    /// by its SHA-256).
    pub async fn upload_resumable(
        &self,
        source: &impl Source,
        options: &UploadOptions<'_>,
    ) -> Result<Attachment, Error> {
        let total = source.len();
        let mut url = options.resume.clone();
        let mut restarts = 0;
        loop {
            let current = match url.take() {
                Some(u) => u,
                None => {
                    let created = self.create(total, options).await?;
                    if let Some(f) = options.on_url {
                        f(Some(&created));
                    }
                    created
                }
            };
            match self.send_all(&current, source, options).await? {
                Step::Done(sha256) => {
                    if let Some(f) = options.on_progress {
                        f(total, total);
                    }
                    if let Some(f) = options.on_url {
                        f(None);
                    }
                    return Ok(Attachment {
                        sha256,
                        size_bytes: total,
                        media_type: options.media_type.to_owned(),
                    });
                }
                Step::Gone if restarts < 2 => {
                    restarts += 1;
                    if let Some(f) = options.on_url {
                        f(None);
                    }
                }
                Step::Gone | Step::Offset(_) => {
                    return Err(Error::Protocol(
                        "the server lost the upload twice; start it again".into(),
                    ))
                }
            }
        }
    }

    /// `POST /api/v1/uploads`: a new upload; its absolute URL.
    async fn create(&self, total: u64, options: &UploadOptions<'_>) -> Result<String, Error> {
        let url = format!("{}/api/v1/uploads", self.base);
        let metadata = format!(
            "filename {},filetype {}",
            b64(options.file_name.as_bytes()),
            b64(options.media_type.as_bytes())
        );
        let response = self
            .send_raw_with_retries(|| {
                Client::tus("POST", &url)
                    .header("upload-length", total.to_string())
                    .header("upload-metadata", metadata.clone())
            })
            .await?;
        let location = response
            .header("location")
            .ok_or_else(|| Error::Protocol("the upload was created without a Location".into()))?;
        Ok(self.absolute(location))
    }

    /// Sends what the server does not have yet, chunk by chunk, learning the offset again
    /// after every failure.
    async fn send_all(
        &self,
        url: &str,
        source: &impl Source,
        options: &UploadOptions<'_>,
    ) -> Result<Step, Error> {
        let total = source.len();
        let mut offset = match self.offset(url).await? {
            Step::Offset(o) => o,
            other => return Ok(other),
        };
        loop {
            if let Some(f) = options.on_progress {
                f(offset, total);
            }
            let chunk = source.read(offset, CHUNK_BYTES).await?;
            let checksum = format!("sha256 {}", b64(&Sha256::digest(&chunk)));
            let started = retry::now();
            let mut attempt = 0u32;
            let step = loop {
                attempt += 1;
                let sent = self
                    .http
                    .send(
                        Client::tus("PATCH", url)
                            .header("upload-offset", offset.to_string())
                            .header("upload-checksum", checksum.clone())
                            .header("content-type", "application/offset+octet-stream")
                            .body(chunk.clone()),
                    )
                    .await;
                let (failure, retry_after) = match sent {
                    Ok(r) if r.status == 204 => break tus_step(&r)?,
                    Ok(r) if matches!(r.status, 404 | 410) => break Step::Gone,
                    // Another offset (an earlier PATCH got through after all), or a damaged
                    // chunk: ask again and go on from what the server has.
                    Ok(r) if matches!(r.status, 409 | 460) => break self.offset(url).await?,
                    Ok(r) => match Client::failure(&r) {
                        Ok(retryable) => retryable,
                        Err(final_error) => {
                            if let Some(f) = options.on_url {
                                f(None);
                            }
                            return Err(final_error);
                        }
                    },
                    Err(e) => (crate::network_failure(e)?, None),
                };
                match self
                    .policy
                    .delay(attempt, retry::elapsed(started), retry_after)
                {
                    Some(delay) => {
                        retry::sleep(delay).await;
                        // The connection may have broken after the server stored the chunk.
                        match self.offset(url).await? {
                            Step::Offset(o) if o != offset => break Step::Offset(o),
                            Step::Offset(_) => {}
                            other => break other,
                        }
                    }
                    None => {
                        return Err(Error::Unavailable {
                            attempts: attempt,
                            last: failure,
                        })
                    }
                }
            };
            match step {
                Step::Offset(o) => offset = o,
                done => return Ok(done),
            }
        }
    }

    /// `HEAD`: how many bytes the server has (with retries).
    async fn offset(&self, url: &str) -> Result<Step, Error> {
        let response = self
            .send_raw_with_retries(|| Client::tus("HEAD", url))
            .await;
        match response {
            Ok(r) => tus_step(&r),
            Err(Error::Rejected {
                status: 404 | 410, ..
            }) => Ok(Step::Gone),
            Err(e) => Err(e),
        }
    }
}

/// The offset (or the finished attachment) a tus answer carries.
fn tus_step(r: &Response) -> Result<Step, Error> {
    if let Some(sha) = r.header("dossier-attachment-sha256") {
        return Ok(Step::Done(sha.to_ascii_lowercase()));
    }
    r.header("upload-offset")
        .and_then(|v| v.trim().parse().ok())
        .map(Step::Offset)
        .ok_or_else(|| {
            Error::Protocol(format!("a tus answer ({}) without Upload-Offset", r.status))
        })
}
