//! Quick breakdown of where validation time goes (parse vs full pipeline vs JSON output).
//! `cargo run --release -p dossier-core --example timing`
use dossier_core::{json, validate_str, Date, Options};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let text = include_str!("../../../tests/conformance/examples/conference_permit.json");
    let options = Options::new(Date::parse("2026-11-22").expect("date"));
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let t = Instant::now();
    for _ in 0..n {
        black_box(json::parse(black_box(text)).is_ok());
    }
    let parse = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    let t = Instant::now();
    for _ in 0..n {
        black_box(validate_str(black_box(text), &options).is_ok());
    }
    let full = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    let report = validate_str(text, &options).expect("options");
    let t = Instant::now();
    for _ in 0..n {
        black_box(report.to_json());
    }
    let out = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    let t = Instant::now();
    for _ in 0..n {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).is_ok());
    }
    let serde = t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!("parse {parse:.2} µs, validate {full:.2} µs, report→JSON {out:.2} µs, serde_json::Value parse {serde:.2} µs");
}
