//! Slow and stalled clients against the real `dossier serve` (SPEC §10): 50 uploads that send
//! 5 MiB of a 10 MiB body and stall keep the server's memory bounded and `/healthz` answering,
//! and are closed after the idle timeout; a request head sent one byte every 5 s is cut; a
//! shutdown with stalled clients completes within 10 s.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod support;

use std::net::IpAddr;
use std::time::{Duration, Instant};
use support::slow::{self, Server};

const MIB: usize = 1024 * 1024;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_uploads_are_bounded_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("slow.db").display());
    let server = Server::start(env!("CARGO_BIN_EXE_dossier"), &db, &[]);
    let addr = server.addr;
    // Warm up (first connections, the database pool) before the baseline.
    for _ in 0..5 {
        slow::healthz(ip("127.0.0.1"), addr).await.unwrap();
    }
    let before = server.rss_kib();

    // The head sent one byte every 5 s, from its own address.
    let slowloris = tokio::spawn(async move {
        let started = Instant::now();
        let cut = slow::slow_head(ip("127.0.0.4"), addr, Duration::from_secs(5))
            .await
            .unwrap();
        (cut, started.elapsed())
    });

    // 50 uploads from 127.0.0.2: 5 MiB of 10 MiB each, then silence.
    let mut stalled = Vec::new();
    for _ in 0..50 {
        stalled.push(tokio::spawn(slow::stalled_upload(
            ip("127.0.0.2"),
            addr,
            10 * MIB,
            5 * MIB,
        )));
    }
    let mut streams = Vec::new();
    for s in stalled {
        streams.push(s.await.unwrap().unwrap());
    }
    let sent_at = Instant::now();

    // While they stall: /healthz answers within 1 s, every 250 ms, from another address.
    let mut worst = Duration::ZERO;
    let mut peak = 0u64;
    while sent_at.elapsed() < Duration::from_secs(10) {
        let took = slow::healthz(ip("127.0.0.3"), addr)
            .await
            .expect("healthz answered");
        worst = worst.max(took);
        peak = peak.max(server.rss_kib());
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let grown_mib = peak.saturating_sub(before) / 1024;
    eprintln!(
        "50 stalled uploads: RSS {before} KiB before, {peak} KiB peak (+{grown_mib} MiB); healthz worst {worst:?}"
    );
    assert!(worst < Duration::from_secs(1), "healthz took {worst:?}");
    assert!(grown_mib < 100, "the server grew by {grown_mib} MiB");

    // Every stalled upload is closed by the server after the 15 s idle timeout. The timer starts
    // when the server has read the last byte, and it stores every 128 KiB durably as it reads
    // (250 MB in all here, SQLite with synchronous=FULL), which on a slow disk ends seconds
    // after the client sent it: hence 45 s of room, not 15 + a little.
    for s in &mut streams {
        let left = Duration::from_secs(45).saturating_sub(sent_at.elapsed());
        assert!(
            slow::closed_within(s, left).await.is_some(),
            "a stalled upload was still open {:?} after its last byte",
            sent_at.elapsed()
        );
    }
    let closed_after = sent_at.elapsed();
    assert!(
        closed_after >= Duration::from_secs(14),
        "closed before the idle timeout: {closed_after:?}"
    );
    eprintln!("stalled uploads closed {closed_after:?} after their last byte");

    let (cut, took) = slowloris.await.unwrap();
    assert!(cut, "a head sent one byte every 5 s was not cut");
    assert!(
        took < Duration::from_secs(25),
        "the slow head took {took:?} to be cut"
    );
    eprintln!("slow head cut after {took:?}");

    // The clean-up of the aborted uploads left nothing behind that a healthy server keeps.
    let after = server.rss_kib();
    eprintln!("RSS after the stalled uploads were closed: {after} KiB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_completes_with_stalled_clients() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("stop.db").display());
    let mut server = Server::start(env!("CARGO_BIN_EXE_dossier"), &db, &[]);
    let addr = server.addr;
    let mut streams = Vec::new();
    for i in 0..10u8 {
        streams.push(
            slow::stalled_upload(ip(&format!("127.0.1.{}", i + 1)), addr, 10 * MIB, MIB)
                .await
                .unwrap(),
        );
    }
    // And idle keep-alive connections that sent half a head.
    for _ in 0..10 {
        let mut s = slow::connect(ip("127.0.2.1"), addr).await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut s, b"GET /healthz HTTP/1.1\r\nho")
            .await
            .unwrap();
        streams.push(s);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let took = server
        .terminate(Duration::from_secs(10))
        .expect("the server did not stop within 10 s");
    eprintln!("shutdown with 20 stalled clients took {took:?}");
    drop(streams);
}
