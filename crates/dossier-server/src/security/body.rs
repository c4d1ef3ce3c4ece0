//! Reading request bodies under the limits of SPEC §10: an explicit size limit, a deadline for
//! the whole body, and (from the router's [`idle_timeout`] layer) an idle timeout between frames.
//! Large bodies are read in fixed-size chunks, so an upload never holds more than one chunk in
//! memory.
//!
//! Both timers are armed only while the body waits for data. A small body usually arrives with
//! its head, so it is read without touching tokio's timer wheel. tower-http's
//! `RequestBodyTimeoutLayer` armed a timer for every frame poll, the last one included. Measured
//! under load, with the whole-body timer armed per frame: the two timers cost 1.0–1.5 µs of the
//! 24–27 µs of server CPU per `POST /api/v1/validate` (issue 15).

use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use futures_util::Stream;
use http_body::{Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

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

/// The body sent nothing for the idle timeout.
#[derive(Debug, thiserror::Error)]
#[error("the request body sent nothing for the idle timeout")]
pub struct IdleTimeout;

/// The layer that gives every request body the idle timeout (SPEC §10): a body that sends
/// nothing for `timeout` fails with [`IdleTimeout`], answered 408 by the handlers.
pub fn idle_timeout(
    timeout: Duration,
) -> tower_http::map_request_body::MapRequestBodyLayer<impl Fn(Body) -> Body + Clone> {
    tower_http::map_request_body::MapRequestBodyLayer::new(move |body| {
        Body::new(IdleBody {
            body,
            timeout,
            timer: None,
        })
    })
}

/// A body whose idle timer runs only while it waits for data, and restarts after each frame.
struct IdleBody {
    body: Body,
    timeout: Duration,
    timer: Option<Pin<Box<Sleep>>>,
}

impl http_body::Body for IdleBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            this.timer = None;
            return Poll::Ready(frame);
        }
        let timeout = this.timeout;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(IdleTimeout)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The next data frame of `stream`, or `Timeout` once `deadline` has passed. The deadline's
/// timer (`timer`, kept across calls) is created only when no frame is ready.
async fn next_frame(
    stream: &mut axum::body::BodyDataStream,
    deadline: Instant,
    timer: &mut Option<Pin<Box<Sleep>>>,
) -> Result<Option<Result<Bytes, axum::Error>>, BodyError> {
    std::future::poll_fn(|cx| {
        if let Poll::Ready(frame) = Pin::new(&mut *stream).poll_next(cx) {
            return Poll::Ready(Ok(frame));
        }
        let timer = timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        timer.as_mut().poll(cx).map(|()| Err(BodyError::Timeout))
    })
    .await
}

fn classify(e: &axum::Error) -> BodyError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<IdleTimeout>() {
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
    timer: Option<Pin<Box<Sleep>>>,
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
            timer: None,
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
                let frame = next_frame(&mut self.stream, self.deadline, &mut self.timer).await?;
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
    let mut timer = None;
    loop {
        let frame = next_frame(&mut stream, deadline, &mut timer).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt as _;

    /// A body that sends `first`, then nothing, behind the idle timer of `idle`.
    fn stalled(first: &'static [u8], idle: Duration) -> Body {
        let frames = futures::stream::iter([Ok::<_, std::io::Error>(Frame::data(
            Bytes::from_static(first),
        ))])
        .chain(futures::stream::pending());
        Body::new(IdleBody {
            body: Body::new(http_body_util::StreamBody::new(frames)),
            timeout: idle,
            timer: None,
        })
    }

    #[tokio::test]
    async fn a_body_idle_for_the_timeout_fails_with_timeout() {
        let started = std::time::Instant::now();
        let read = read_all(
            &HeaderMap::new(),
            stalled(b"{\"kind\"", Duration::from_millis(200)),
            1024,
            Duration::from_secs(60),
        )
        .await;
        assert_eq!(read, Err(BodyError::Timeout));
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(200),
            "timed out after {took:?}"
        );
    }

    #[tokio::test]
    async fn a_body_past_its_deadline_fails_with_timeout_though_never_idle_long() {
        // A frame every 50 ms (never idle for the 1 s idle timeout), for longer than the 300 ms
        // deadline of the whole body.
        let frames = futures::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Some((
                Ok::<_, std::io::Error>(Frame::data(Bytes::from_static(b" "))),
                (),
            ))
        });
        let body = Body::new(IdleBody {
            body: Body::new(http_body_util::StreamBody::new(frames)),
            timeout: Duration::from_secs(1),
            timer: None,
        });
        let read = read_all(&HeaderMap::new(), body, 1 << 20, Duration::from_millis(300)).await;
        assert_eq!(read, Err(BodyError::Timeout));
    }

    #[tokio::test]
    async fn a_complete_body_is_read_whole_and_the_limit_holds() {
        let body = || {
            Body::new(IdleBody {
                body: Body::from(r#"{"kind":"ngo_licence"}"#),
                timeout: Duration::from_millis(1),
                timer: None,
            })
        };
        let read = read_all(&HeaderMap::new(), body(), 1024, Duration::from_millis(1)).await;
        assert_eq!(read.as_deref(), Ok(&br#"{"kind":"ngo_licence"}"#[..]));
        let read = read_all(&HeaderMap::new(), body(), 8, Duration::from_secs(1)).await;
        assert_eq!(read, Err(BodyError::TooLarge(8)));
    }
}
