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

/// Bytes of the first `PATCH`; later ones are sized to take about [`CHUNK_SECONDS`] at the
/// speed measured, between [`MIN_CHUNK_BYTES`] and [`MAX_CHUNK_BYTES`] (a retry resends at most
/// one chunk, and on a slow link a chunk must arrive well within the server's body deadline).
pub const CHUNK_BYTES: usize = 256 * 1024;
pub const MIN_CHUNK_BYTES: usize = 32 * 1024;
pub const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;
pub const CHUNK_SECONDS: f64 = 15.0;

/// The next chunk size after `bytes` went in `seconds` (`None`: the chunk failed: halve it).
pub fn next_chunk(current: usize, sent: Option<(usize, f64)>) -> usize {
    let next = match sent {
        Some((bytes, seconds)) if seconds > 0.0 => {
            // At most doubling per chunk, so one fast burst does not make the next chunk huge.
            let by_speed = (bytes as f64 / seconds * CHUNK_SECONDS) as usize;
            by_speed.min(current.saturating_mul(2))
        }
        Some(_) => current.saturating_mul(2),
        None => current / 2,
    };
    next.clamp(MIN_CHUNK_BYTES, MAX_CHUNK_BYTES)
}

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

    /// The scheme, host and port of the server.
    fn origin(&self) -> &str {
        self.base
            .find("://")
            .and_then(|i| {
                self.base[i + 3..]
                    .find('/')
                    .map(|j| &self.base[..i + 3 + j])
            })
            .unwrap_or(&self.base)
    }

    /// Whether `url` is an upload on this server: a kept URL or a `Location` pointing elsewhere
    /// is never followed (the file would go to another host).
    fn is_own_upload(&self, url: &str) -> bool {
        url.strip_prefix(self.origin())
            .is_some_and(|path| path.starts_with('/') && path.contains("/api/v1/uploads/"))
    }

    /// An absolute URL for a `Location` header (absolute, or a path on this server).
    fn absolute(&self, location: &str) -> String {
        if location.starts_with("http://") || location.starts_with("https://") {
            location.to_owned()
        } else {
            format!("{}{location}", self.origin())
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
        let mut url = options.resume.clone().filter(|u| self.is_own_upload(u));
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
        let url = self.absolute(location);
        if !self.is_own_upload(&url) {
            return Err(Error::Protocol(format!(
                "the server named an upload URL on another host ({url}); nothing was sent there"
            )));
        }
        Ok(url)
    }

    /// Sends what the server does not have yet, chunk by chunk, learning the offset again
    /// after every failure. Chunks follow the link's speed; the retry policy's attempts and
    /// budget count the failures since the last progress.
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
        let mut size = CHUNK_BYTES;
        let mut attempt = 0u32;
        let mut started = retry::now();
        loop {
            if let Some(f) = options.on_progress {
                f(offset, total);
            }
            let chunk = source.read(offset, size).await?;
            let checksum = format!("sha256 {}", b64(&Sha256::digest(&chunk)));
            attempt += 1;
            let sending = retry::now();
            let sent = self
                .http
                .send(
                    Client::tus("PATCH", url)
                        .header("upload-offset", offset.to_string())
                        .header("upload-checksum", checksum)
                        .header("content-type", "application/offset+octet-stream")
                        .body(chunk.clone()),
                )
                .await;
            let (failure, retry_after) = match sent {
                Ok(r) if r.status == 204 => {
                    let seconds = retry::elapsed(sending).as_secs_f64();
                    size = next_chunk(size, Some((chunk.len(), seconds)));
                    match tus_step(&r)? {
                        Step::Offset(o) => {
                            (offset, attempt, started) = (o, 0, retry::now());
                            continue;
                        }
                        done => return Ok(done),
                    }
                }
                Ok(r) if matches!(r.status, 404 | 410) => return Ok(Step::Gone),
                // Another request holds the upload (a PATCH the server still reads, another
                // tab): wait as long as it says, counting the attempt like any failure.
                Ok(r) if r.status == 409 && r.header("retry-after").is_some() => {
                    let wait = r
                        .header("retry-after")
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(std::time::Duration::from_secs);
                    (crate::Failure::Status(409), wait)
                }
                // Another offset (an earlier PATCH got through after all), or a damaged chunk:
                // go on from what the server has; the same offset again is a failure to retry
                // with backoff, never a tight loop.
                Ok(r) if matches!(r.status, 409 | 460) => match self.offset(url).await? {
                    Step::Offset(o) if o != offset => {
                        (offset, attempt, started) = (o, 0, retry::now());
                        continue;
                    }
                    Step::Offset(_) => {
                        size = next_chunk(size, None);
                        (crate::Failure::Status(r.status), None)
                    }
                    other => return Ok(other),
                },
                Ok(r) => match Client::failure(&r) {
                    Ok(retryable) => retryable,
                    Err(final_error) => {
                        if let Some(f) = options.on_url {
                            f(None);
                        }
                        return Err(final_error);
                    }
                },
                Err(e) => {
                    // A broken connection: a smaller chunk has a better chance next time.
                    size = next_chunk(size, None);
                    (crate::network_failure(e)?, None)
                }
            };
            match self
                .policy
                .delay(attempt, retry::elapsed(started), retry_after)
            {
                Some(delay) => {
                    retry::sleep(delay).await;
                    // The connection may have broken after the server stored the chunk.
                    match self.offset(url).await? {
                        Step::Offset(o) if o != offset => {
                            (offset, attempt, started) = (o, 0, retry::now());
                        }
                        Step::Offset(_) => {}
                        other => return Ok(other),
                    }
                }
                None => {
                    return Err(Error::Unavailable {
                        attempts: attempt,
                        last: failure,
                    })
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_the_link() {
        // 64 KiB in 8 s (64 kbit/s): the next chunk takes ~15 s, 120 KiB.
        assert_eq!(next_chunk(64 * 1024, Some((64 * 1024, 8.0))), 122_880);
        // A fast link: at most doubling, at most 4 MiB.
        assert_eq!(next_chunk(256 * 1024, Some((256 * 1024, 0.01))), 512 * 1024);
        assert_eq!(
            next_chunk(4 * 1024 * 1024, Some((4 * 1024 * 1024, 0.1))),
            MAX_CHUNK_BYTES
        );
        // A failure halves it, never below 32 KiB; a very slow link stays at the floor.
        assert_eq!(next_chunk(256 * 1024, None), 128 * 1024);
        assert_eq!(next_chunk(MIN_CHUNK_BYTES, None), MIN_CHUNK_BYTES);
        assert_eq!(
            next_chunk(64 * 1024, Some((64 * 1024, 600.0))),
            MIN_CHUNK_BYTES
        );
    }

    #[test]
    fn only_uploads_on_this_server_are_followed() {
        let c = Client::new("https://dichvucong.example.vn");
        assert!(c.is_own_upload("https://dichvucong.example.vn/api/v1/uploads/abc"));
        assert!(!c.is_own_upload("https://evil.example/api/v1/uploads/abc"));
        assert!(!c.is_own_upload("https://dichvucong.example.vn.evil.example/api/v1/uploads/abc"));
        assert!(!c.is_own_upload("http://dichvucong.example.vn/api/v1/uploads/abc"));
        assert!(!c.is_own_upload("https://dichvucong.example.vn/api/v1/dossiers"));
        assert_eq!(
            c.absolute("/api/v1/uploads/x"),
            "https://dichvucong.example.vn/api/v1/uploads/x"
        );
    }
}
