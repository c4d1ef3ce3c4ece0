//! Where validation time goes (parse vs full pipeline vs JSON output), for BENCHMARKS.md.
//! `cargo run --release -p dossier-core --example timing [ITERATIONS] [only-validate|only-serde]`
//! (the single modes are what `cargo xtask bench` counts instructions of, under callgrind)
use dossier_core::{json, validate_str, Date, Options};
use std::hint::black_box;
use std::time::Instant;

fn per_call(n: u32, mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let mode = args.next();
    let only_validate = mode.as_deref() == Some("only-validate");
    let text = include_str!("../../../tests/conformance/examples/conference_permit.json");
    let options = Options::new(Date::parse("2026-11-22").expect("date"));
    if mode.as_deref() == Some("only-serde") {
        let serde = per_call(n, || {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).is_ok());
        });
        println!("serde_json::Value parse {serde:.2} µs");
        return;
    }
    let full = per_call(n, || {
        black_box(
            validate_str(black_box(text), &options)
                .map(|r| r.to_json())
                .is_ok(),
        );
    });
    if only_validate {
        println!("validate + to_json {full:.2} µs");
        return;
    }
    let parse = per_call(n, || {
        let arena = json::Arena::for_text(text.len());
        black_box(json::parse(black_box(text), &arena).is_ok());
    });
    let serde = per_call(n, || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).is_ok());
    });
    println!(
        "validate + to_json {full:.2} µs, of which JSON parse {parse:.2} µs; \
         serde_json::Value parse of the same text {serde:.2} µs"
    );
}
