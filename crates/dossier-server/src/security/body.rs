//! Reading request bodies under the limits of SPEC §10: an explicit size limit, a deadline for
//! the whole body, and (from the router's `RequestBodyTimeoutLayer`) an idle timeout between
//! frames. Large bodies are read in fixed-size chunks, so an upload never holds more than one
//! chunk in memory.

use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::time::Instant;

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than the limit (the limit in bytes).
    TooLarge(usize),
    /// The client sent too slowly: idle between frames, or past the deadline.
    Timeout,
    /// The connection broke or the framing was invalid.
    Aborted,
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> ApiError {
        match e {
            BodyError::TooLarge(limit) => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BODY_TOO_LARGE",
                format!("Nội dung gửi lên vượt quá {limit} byte. Hãy giảm dung lượng rồi gửi lại."),
                format!("The body is larger than {limit} bytes. Make it smaller and send it again."),
            ),
            BodyError::Timeout => ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "REQUEST_TIMEOUT",
                "Dữ liệu gửi lên quá chậm hoặc bị ngừng giữa chừng. Hãy kiểm tra kết nối mạng rồi gửi lại.",
                "The data arrived too slowly or stopped. Check the network connection and send it again.",
            ),
            BodyError::Aborted => ApiError::bad_request(
                "BODY_INCOMPLETE",
                "Nội dung gửi lên bị ngắt giữa chừng. Hãy gửi lại.",
                "The body was cut off. Send it again.",
            ),
        }
    }
}

fn classify(e: &axum::Error) -> BodyError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<tower_http::timeout::TimeoutError>() {
            return BodyError::Timeout;
        }
        if err.is::<http_body_util::LengthLimitError>() {
            return BodyError::TooLarge(0);
        }
        source = err.source();
    }
    BodyError::Aborted
}

/// The declared `Content-Length`, if any.
pub fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// A body read in chunks of `chunk` bytes (the last may be shorter), at most `limit` bytes in
/// all, complete before `deadline`.
pub struct Chunks {
    stream: axum::body::BodyDataStream,
    limit: usize,
    chunk: usize,
    deadline: Instant,
    pending: Bytes,
    total: usize,
    done: bool,
}

impl Chunks {
    pub fn new(body: Body, limit: usize, chunk: usize, within: Duration) -> Chunks {
        Chunks {
            stream: body.into_data_stream(),
            limit,
            chunk: chunk.max(1),
            deadline: Instant::now() + within,
            pending: Bytes::new(),
            total: 0,
            done: false,
        }
    }

    /// Bytes read so far.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn next(&mut self) -> Result<Option<Vec<u8>>, BodyError> {
        let mut out = Vec::new();
        while out.len() < self.chunk {
            if self.pending.is_empty() {
                if self.done {
                    break;
                }
                let frame = tokio::time::timeout_at(self.deadline, self.stream.next())
                    .await
                    .map_err(|_| BodyError::Timeout)?;
                match frame {
                    None => {
                        self.done = true;
                        break;
                    }
                    Some(Err(e)) => {
                        return Err(match classify(&e) {
                            BodyError::TooLarge(_) => BodyError::TooLarge(self.limit),
                            other => other,
                        })
                    }
                    Some(Ok(bytes)) => {
                        self.total += bytes.len();
                        if self.total > self.limit {
                            return Err(BodyError::TooLarge(self.limit));
                        }
                        self.pending = bytes;
                    }
                }
            }
            if out.capacity() == 0 {
                out.reserve_exact(self.chunk.min(self.limit.max(1)));
            }
            let take = (self.chunk - out.len()).min(self.pending.len());
            out.extend_from_slice(&self.pending.split_to(take));
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

/// Reads a whole (small) body: at most `limit` bytes, within `within`.
pub async fn read_all(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    within: Duration,
) -> Result<Vec<u8>, BodyError> {
    let declared = declared_length(headers);
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge(limit));
    }
    let deadline = Instant::now() + within;
    let mut stream = body.into_data_stream();
    let mut out = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    loop {
        let frame = tokio::time::timeout_at(deadline, stream.next())
            .await
            .map_err(|_| BodyError::Timeout)?;
        match frame {
            None => return Ok(out),
            Some(Err(e)) => {
                return Err(match classify(&e) {
                    BodyError::TooLarge(_) => BodyError::TooLarge(limit),
                    other => other,
                })
            }
            Some(Ok(bytes)) => {
                if out.len() + bytes.len() > limit {
                    return Err(BodyError::TooLarge(limit));
                }
                out.extend_from_slice(&bytes);
            }
        }
    }
}
