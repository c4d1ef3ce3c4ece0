//! The connection loop (SPEC §10): hyper's HTTP/1 server with a header timeout, a write-stall
//! timeout, a global and a per-address connection limit, and a graceful shutdown that ends
//! within a bounded time even when clients stall.
//!
//! `axum::serve` has none of these knobs, so connections are served here with hyper directly;
//! the router (handlers, body timeouts, rate limits) is the same.

use crate::security::client_addr::{canonical, is_trusted, network};
use crate::security::limits::Settings;
use axum::extract::ConnectInfo;
use axum::http::HeaderValue;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Sleep;
use tower::ServiceExt;

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets requests
/// in flight finish for `settings.shutdown_grace` and closes every connection left. With
/// `settings.tls`, every connection is TLS (the handshake must complete within the idle
/// timeout).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()>,
) {
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let tls = settings.tls.clone().map(tokio_rustls::TlsAcceptor::from);
    let global = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let per_ip = PerIp::default();
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        while tasks.try_join_next().is_some() {}
        let _ = stream.set_nodelay(true);
        let stream = WriteStall::new(stream, settings.idle_timeout);
        let Ok(global_permit) = global.clone().try_acquire_owned() else {
            if let Ok(permit) = refusing.clone().try_acquire_owned() {
                tasks.spawn(refuse(stream, tls.clone(), Refusal::Busy, permit));
            }
            continue;
        };
        let ip = canonical(peer.ip());
        let ip_permit = if is_trusted(ip, &settings.trusted_proxies) {
            None
        } else {
            // One client is one IPv4 address or one IPv6 /64, as for the rate limits.
            match per_ip.acquire(network(ip), settings.max_connections_per_ip) {
                Some(permit) => Some(permit),
                None => {
                    if let Ok(permit) = refusing.clone().try_acquire_owned() {
                        tasks.spawn(refuse(stream, tls.clone(), Refusal::PerAddress, permit));
                    }
                    continue;
                }
            }
        };
        let (app, settings, stopping, tls) =
            (app.clone(), settings.clone(), stopping.clone(), tls.clone());
        tasks.spawn(async move {
            match tls {
                None => connection(stream, peer, app, &settings, stopping).await,
                Some(acceptor) => {
                    let handshake = acceptor.accept(stream);
                    if let Ok(Ok(tls_stream)) =
                        tokio::time::timeout(settings.idle_timeout, handshake).await
                    {
                        connection(tls_stream, peer, app, &settings, stopping).await;
                    }
                }
            }
            drop(global_permit);
            drop(ip_permit);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    let drain = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(settings.shutdown_grace, drain)
        .await
        .is_err()
    {
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
}

/// One HTTP/1 connection; on `stopping`, it finishes the request in flight and closes.
async fn connection<I>(
    io: I,
    peer: SocketAddr,
    app: Router,
    settings: &Settings,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(req)
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        // Covers a slow request head and an idle keep-alive connection alike: the timer starts
        // whenever hyper waits for a request head.
        .header_read_timeout(settings.idle_timeout)
        .max_buf_size(64 * 1024)
        .serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopping.wait_for(|stop| *stop) => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}

/// Why a connection is refused.
#[derive(Clone, Copy)]
enum Refusal {
    Busy,
    PerAddress,
}

/// Connections being refused at once; beyond this a refused connection is closed at once.
const MAX_REFUSING: usize = 256;

/// Answers every request of a refused connection with a JSON error and closes it. The request
/// head is read first (within a short timeout) so that clients see a proper HTTP answer.
async fn refuse(
    stream: WriteStall,
    tls: Option<tokio_rustls::TlsAcceptor>,
    why: Refusal,
    permit: tokio::sync::OwnedSemaphorePermit,
) {
    let budget = Duration::from_secs(10);
    let _ = tokio::time::timeout(budget, async {
        match tls {
            None => answer_refusal(stream, why).await,
            Some(acceptor) => {
                if let Ok(tls_stream) = acceptor.accept(stream).await {
                    answer_refusal(tls_stream, why).await;
                }
            }
        }
    })
    .await;
    drop(permit);
}

async fn answer_refusal<I>(io: I, why: Refusal)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |_req: hyper::Request<Incoming>| async move {
        let (status, code, vi, en) = match why {
            Refusal::Busy => (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "SERVER_BUSY",
                "Máy chủ đang quá tải. Hãy thử lại sau ít phút.",
                "The server is busy. Try again in a few minutes.",
            ),
            Refusal::PerAddress => (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "TOO_MANY_CONNECTIONS",
                "Địa chỉ của bạn đang mở quá nhiều kết nối. Hãy đóng bớt rồi thử lại.",
                "Your address has too many open connections. Close some and try again.",
            ),
        };
        let mut response = axum::response::IntoResponse::into_response(
            crate::error::ApiError::new(status, code, vi, en).retry_after(5),
        );
        let h = response.headers_mut();
        h.insert(
            "x-content-type-options",
            HeaderValue::from_static("nosniff"),
        );
        h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
        h.insert("connection", HeaderValue::from_static("close"));
        Ok::<_, std::convert::Infallible>(response)
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(5))
        .keep_alive(false)
        .serve_connection(TokioIo::new(io), service);
    let _ = connection.await;
}

/// Open connections per peer address.
#[derive(Clone, Default)]
struct PerIp(Arc<Mutex<HashMap<IpAddr, usize>>>);

struct IpPermit {
    map: PerIp,
    ip: IpAddr,
}

impl PerIp {
    fn acquire(&self, ip: IpAddr, max: usize) -> Option<IpPermit> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = map.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(IpPermit {
            map: self.clone(),
            ip,
        })
    }
}

impl Drop for IpPermit {
    fn drop(&mut self) {
        let mut map = self
            .map
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// A socket whose writes fail when the client has read nothing for `timeout` (a client that
/// stops reading a response would otherwise hold its connection forever).
struct WriteStall {
    inner: TcpStream,
    timeout: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteStall {
    fn new(inner: TcpStream, timeout: Duration) -> WriteStall {
        WriteStall {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// Passes a ready result through; on `Pending`, arms (or checks) the stall timer.
    fn guard<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(result) => {
                self.stalled = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let timeout = self.timeout;
                let timer = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                if timer.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client stopped reading",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl AsyncRead for WriteStall {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteStall {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.guard(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.guard(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.guard(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
