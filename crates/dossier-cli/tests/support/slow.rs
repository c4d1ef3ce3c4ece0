//! Misbehaving clients on loopback, against the real `dossier serve`: uploads that stall,
//! request heads sent one byte at a time, and the server's resident memory. Shared by the
//! slow-client test and the abuse benchmark (`cargo bench -p dossier-cli --bench abuse`).
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A `dossier serve` child process.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `dossier serve` on 127.0.0.1 (a free port) with `db` and extra flags, and waits
    /// for its "serving on" line.
    pub fn start(exe: &str, db: &str, extra: &[&str]) -> Server {
        Server::start_env(exe, db, extra, &[])
    }

    /// Like [`Server::start`], with environment variables for the server.
    pub fn start_env(exe: &str, db: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(exe)
            .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        let addr = url
            .split_once("://")
            .unwrap()
            .1
            .trim_end_matches('/')
            .parse()
            .unwrap();
        Server { child, addr }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory of the server, in KiB (Linux /proc).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// Sends SIGTERM and waits for the exit; the time it took.
    pub fn terminate(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        while started.elapsed() < limit {
            if let Some(exit) = self.child.try_wait().unwrap() {
                // A graceful stop exits 0; a crash or the default SIGTERM action does not.
                assert!(exit.success(), "exit status after SIGTERM: {exit}");
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection to `server` from the loopback address `from` (127.0.0.2, 127.0.0.3, …).
pub async fn connect(from: IpAddr, server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(server).await
}

/// Starts an upload that declares `declared` bytes, sends `sent` of them, and stops sending.
pub async fn stalled_upload(
    from: IpAddr,
    server: SocketAddr,
    declared: usize,
    sent: usize,
) -> std::io::Result<TcpStream> {
    let mut stream = connect(from, server).await?;
    let head = format!(
        "POST /api/v1/attachments HTTP/1.1\r\nhost: {server}\r\ncontent-type: application/pdf\r\ncontent-length: {declared}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    let mut block = vec![b'x'; 64 * 1024];
    block[..8].copy_from_slice(b"%PDF-1.4");
    let mut left = sent;
    while left > 0 {
        let n = left.min(block.len());
        stream.write_all(&block[..n]).await?;
        block[..8].copy_from_slice(b"xxxxxxxx");
        left -= n;
    }
    stream.flush().await?;
    Ok(stream)
}

/// Sends a request head one byte every `every`; `Ok(true)` when the server closed the
/// connection before the head was complete.
pub async fn slow_head(from: IpAddr, server: SocketAddr, every: Duration) -> std::io::Result<bool> {
    let mut stream = connect(from, server).await?;
    let head = format!(
        "GET /healthz HTTP/1.1\r\nhost: {server}\r\nx-slow: {}\r\n\r\n",
        "a".repeat(64)
    );
    for byte in head.bytes() {
        if stream.write_all(&[byte]).await.is_err() {
            return Ok(true);
        }
        let mut buf = [0u8; 1];
        match tokio::time::timeout(every, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return Ok(true),
            Ok(Ok(_)) => return Ok(false), // answered before the head was complete?
            Err(_) => {}                   // nothing yet: send the next byte
        }
    }
    Ok(false)
}

/// Waits until the server closes `stream` (EOF or reset), reading and dropping what it sends;
/// the time it took, or `None` when `limit` passed first.
pub async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = vec![0u8; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
            Err(_) => return None,
        }
    }
}

/// The time `GET /healthz` takes on a new connection from `from` (`None`: no 200 within 5 s).
pub async fn healthz(from: IpAddr, server: SocketAddr) -> Option<Duration> {
    let started = Instant::now();
    let attempt = async {
        let mut stream = connect(from, server).await.ok()?;
        stream
            .write_all(
                format!("GET /healthz HTTP/1.1\r\nhost: {server}\r\nconnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await
            .ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.ok()?;
        response.starts_with(b"HTTP/1.1 200").then_some(())
    };
    tokio::time::timeout(Duration::from_secs(5), attempt)
        .await
        .ok()
        .flatten()
        .map(|()| started.elapsed())
}

/// The p-th percentile (0–100) of `samples`.
pub fn percentile(samples: &mut [Duration], p: usize) -> Duration {
    samples.sort();
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples[(samples.len() - 1) * p / 100]
}

/// `POST path` with a JSON body on a new connection from `from`; the status code.
pub async fn post_json(from: IpAddr, server: SocketAddr, path: &str, body: &str) -> Option<u16> {
    let mut stream = connect(from, server).await.ok()?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nhost: {server}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut response))
        .await
        .ok()?
        .ok()?;
    std::str::from_utf8(response.get(9..12)?).ok()?.parse().ok()
}
