//! The server under abuse, measured on the release build (`cargo bench -p dossier-cli --bench
//! abuse`, run by `cargo xtask bench`): resident memory with 50 and 200 stalled uploads (5 MiB
//! sent of 10 MiB, then silence) and `/healthz` latency meanwhile; `/healthz` latency while 40
//! staff logins are hashed. Prints numbers for BENCHMARKS.md; asserts nothing. Under
//! `cargo test --benches` (no `--bench` argument) it only checks that it starts.

#![allow(clippy::unwrap_used)]

#[path = "../tests/support/slow.rs"]
mod slow;

use slow::Server;
use std::net::IpAddr;
use std::time::{Duration, Instant};

const MIB: usize = 1024 * 1024;
const PASSWORD: &str = "benchmark password 2026";

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// `/healthz` from 127.0.0.3 every 100 ms for `how_long`; (samples, peak RSS KiB).
async fn probe(server: &Server, how_long: Duration) -> (Vec<Duration>, u64) {
    let started = Instant::now();
    let (mut samples, mut peak) = (Vec::new(), 0);
    while started.elapsed() < how_long {
        samples.push(
            slow::healthz(ip("127.0.0.3"), server.addr)
                .await
                .unwrap_or(Duration::from_secs(5)),
        );
        peak = peak.max(server.rss_kib());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (samples, peak)
}

/// `n` stalled uploads, twice on the same server (the second round shows whether memory kept
/// after the first is reused or grows).
async fn stalled(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("bench.db").display());
    let server = Server::start(
        env!("CARGO_BIN_EXE_dossier"),
        &db,
        &[
            "--limit-uploads-per-hour",
            "0",
            "--limit-upload-bytes-per-hour",
            "0",
        ],
    );
    for _ in 0..5 {
        slow::healthz(ip("127.0.0.1"), server.addr).await;
    }
    for round in 1..=2 {
        let before = server.rss_kib();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..n {
            // At most 20 per address (the per-address connection limit is 64).
            let from = ip(&format!("127.0.{}.{}", 10 + i / 20, 2 + i % 20));
            tasks.push(tokio::spawn(slow::stalled_upload(
                from,
                server.addr,
                10 * MIB,
                5 * MIB,
            )));
        }
        let mut streams = Vec::new();
        for t in tasks {
            streams.push(t.await.unwrap().unwrap());
        }
        let sent = started.elapsed();
        let (mut samples, peak) = probe(&server, Duration::from_secs(8)).await;
        let mut closed = Vec::new();
        for s in &mut streams {
            closed.push(slow::closed_within(s, Duration::from_secs(60)).await);
        }
        let all_closed = closed.iter().all(Option::is_some);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let after = server.rss_kib();
        println!(
            "{n} stalled uploads, round {round} (5 MiB of 10 MiB each, sent in {sent:.1?}): RSS {} MiB before, {} MiB peak (+{} MiB, {} KiB per upload), {} MiB after they were closed; healthz p50 {:.1?} p99 {:.1?} max {:.1?}; all closed by the server: {all_closed}",
            before / 1024,
            peak / 1024,
            peak.saturating_sub(before) / 1024,
            peak.saturating_sub(before) / n as u64,
            after / 1024,
            slow::percentile(&mut samples, 50),
            slow::percentile(&mut samples, 99),
            slow::percentile(&mut samples, 100),
        );
    }
}

async fn login_burst(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("bench.db").display());
    {
        let store = dossier_server::store::Store::open(&db).await.unwrap();
        let hash = dossier_server::passwords::hash_password(PASSWORD).unwrap();
        for i in 0..n {
            store
                .add_staff(
                    &format!("officer-{i:03}"),
                    dossier_server::staff_store::Unit::Province(48),
                    &hash,
                    "now",
                )
                .await
                .unwrap();
        }
        store.close().await;
    }
    let server = Server::start(env!("CARGO_BIN_EXE_dossier"), &db, &[]);
    let (mut idle, _) = probe(&server, Duration::from_secs(2)).await;
    let addr = server.addr;
    let started = Instant::now();
    let logins: Vec<_> = (0..n)
        .map(|i| {
            tokio::spawn(async move {
                let body = format!(r#"{{"username":"officer-{i:03}","password":"{PASSWORD}"}}"#);
                slow::post_json(
                    ip(&format!("127.0.20.{}", 2 + i)),
                    addr,
                    "/api/v1/staff/login",
                    &body,
                )
                .await
            })
        })
        .collect();
    let mut samples = Vec::new();
    while logins.iter().any(|l| !l.is_finished()) {
        samples.push(
            slow::healthz(ip("127.0.0.3"), addr)
                .await
                .unwrap_or(Duration::from_secs(5)),
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let burst = started.elapsed();
    let mut ok = 0;
    for l in logins {
        ok += usize::from(l.await.unwrap() == Some(200));
    }
    println!(
        "{n} logins (Argon2id, {ok} accepted) in {burst:.2?}: healthz during the burst p50 {:.2?} p99 {:.2?} max {:.2?} ({} samples); idle p50 {:.2?} p99 {:.2?}",
        slow::percentile(&mut samples, 50),
        slow::percentile(&mut samples, 99),
        slow::percentile(&mut samples, 100),
        samples.len(),
        slow::percentile(&mut idle, 50),
        slow::percentile(&mut idle, 99),
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --benches`: start and stop once.
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let db = format!("sqlite://{}", dir.path().join("smoke.db").display());
            let server = Server::start(env!("CARGO_BIN_EXE_dossier"), &db, &[]);
            assert!(slow::healthz(ip("127.0.0.1"), server.addr).await.is_some());
        });
        return;
    }
    println!(
        "abuse benchmark (release build, SQLite, loopback; {} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    runtime.block_on(async {
        stalled(50).await;
        stalled(200).await;
        login_burst(40).await;
    });
}
