//! The overview's response time over 100,000 dossiers (issue 16), on SQLite and, when
//! `DOSSIER_TEST_PG_URL` is set, on PostgreSQL: two years of filings across the communes of Đà
//! Nẵng (the example's 2.5 KB dossier as the body), a third decided, some late, some returned;
//! then the overview of one year for the province (every dossier of the year) and for one
//! commune, as the endpoint computes it (the scoped range query and the summary), median of 7
//! runs. A script, not a test: `cargo bench -p dossier-server --bench overview`.

#![allow(clippy::unwrap_used)] // a benchmark: a failed unwrap is a failed run

use dossier_core::{admin_units, Date};
use dossier_server::overview::summarise;
use dossier_server::staff_store::Unit;
use dossier_server::store::Store;
use dossier_server::testing::TempDatabase;
use std::time::Instant;

const DOSSIERS: usize = 100_000;
const BATCH: usize = 400;

async fn fill(store: &Store, body: &str) {
    let communes: Vec<i64> = admin_units::communes()
        .filter(|c| c.province == 48)
        .map(|c| i64::from(c.code))
        .collect();
    let start = Date::parse("2025-01-01").unwrap();
    let kinds = ["conference_permit", "ngo_licence", "outbound_trip"];
    let statuses = [
        "received",
        "prechecked",
        "forwarded",
        "decision_pending",
        "decided",
        "decided",
        "returned",
        "withdrawn",
    ];
    let mut tx = store.pool().begin().await.unwrap();
    for chunk in (0..DOSSIERS).collect::<Vec<_>>().chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO dossiers (id, code, token_hash, idempotency_key, body_hash, kind, province_code, \
             commune_code, status, received_at, body, report, due_date, decided_at, result) VALUES ",
        );
        for (j, _) in chunk.iter().enumerate() {
            let b = j * 15;
            if j > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${},${},${},${},${},${},${},${},${},${},${},${},${},${},${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10,
                b + 11,
                b + 12,
                b + 13,
                b + 14,
                b + 15
            ));
        }
        let mut q = sqlx::query(&sql);
        for &i in chunk {
            let received = start.add_days(i64::try_from(i % 730).unwrap()).unwrap();
            let status = statuses[i % statuses.len()];
            let due = received.add_days(21).unwrap();
            // Decided dossiers: most within 15 days, one in seven late.
            let decided = (status == "decided")
                .then(|| received.add_days(if i % 7 == 0 { 30 } else { 12 }).unwrap());
            q = q
                .bind(format!("bench-{i:08}"))
                .bind(format!("HS-B{i:07}"))
                .bind("x")
                .bind(format!("bench-key-{i}"))
                .bind("x")
                .bind(kinds[i % 3])
                .bind(48i64)
                .bind(communes[i % communes.len()])
                .bind(status)
                .bind(format!("{received}T09:00:00+07:00"))
                .bind(body)
                .bind("{\"valid\":true}")
                .bind(due.to_string())
                .bind(decided.map(|d| format!("{d}T15:00:00+07:00")))
                .bind(decided.map(|_| "approved"));
        }
        q.execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn time(store: &Store, unit: Unit, from: Date, to: Date) -> (f64, usize) {
    let today = Date::parse("2026-12-07").unwrap();
    let mut runs = Vec::new();
    let mut n = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let rows = store.counted(unit, from, to).await.unwrap();
        let o = summarise(unit, from, to, today, &rows);
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
        n = rows.len();
        std::hint::black_box(o);
    }
    runs.sort_by(f64::total_cmp);
    (runs[runs.len() / 2], n)
}

async fn run(engine: &str, db: &TempDatabase) {
    let store = Store::open(db.url()).await.unwrap();
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/examples/conference_permit.json"
    ))
    .unwrap();
    let t = Instant::now();
    fill(&store, &body).await;
    println!(
        "{engine}: {DOSSIERS} dossiers inserted in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let (from, to) = (
        Date::parse("2026-01-01").unwrap(),
        Date::parse("2026-12-31").unwrap(),
    );
    let commune = admin_units::communes()
        .find(|c| c.province == 48)
        .unwrap()
        .code;
    for (who, unit) in [
        ("province 48", Unit::Province(48)),
        ("one commune", Unit::Commune(i64::from(commune))),
    ] {
        let (ms, rows) = time(&store, unit, from, to).await;
        println!("| {engine} | {who}, 2026 | {rows} dossiers | {ms:.1} ms |");
    }
    let (ms, rows) = time(
        &store,
        Unit::Province(48),
        Date::parse("2026-10-01").unwrap(),
        Date::parse("2026-12-31").unwrap(),
    )
    .await;
    println!("| {engine} | province 48, one quarter | {rows} dossiers | {ms:.1} ms |");
    store.close().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo test --benches` runs this too: there it only checks that it builds.
    if std::env::args().any(|a| a == "--bench") {
        run("SQLite", &TempDatabase::sqlite()).await;
        match TempDatabase::for_test(true).await {
            Some(pg) => run("PostgreSQL", &pg).await,
            None => println!("PostgreSQL: DOSSIER_TEST_PG_URL is not set, skipped"),
        }
    }
}
