//! JSON text in, report out, for the bundled example dossiers, beside the peers on the same
//! text: serde_json's `Value` parse, serde_json + jsonschema-rs checking the exported JSON
//! Schema (structure only), and simd-json's parse. After criterion's groups, `cargo bench`
//! prints the ratios of SPEC §9 against their bars, measured interleaved in one run (this
//! machine's absolute times drift). Results go to BENCHMARKS.md.

use criterion::{Criterion, Throughput};
use dossier_core::{form, rulebook, validate_str, Date, Kind, Options};
use serde_json::Value;
use std::hint::black_box;
use std::time::Instant;

#[path = "../tests/common/examples.rs"]
mod examples;
use examples::EXAMPLES;

/// One way of handling a dossier's text.
type Run = Box<dyn Fn(&str)>;

/// The engine and its peers, by name, for one kind.
fn candidates(kind: Kind) -> Vec<(&'static str, Run)> {
    let options = Options::new(Date::parse("2026-11-22").expect("date"));
    let schema = form::json_schema(kind, rulebook::newest());
    let validator = jsonschema::validator_for(&schema).expect("the exported schema compiles");
    vec![
        (
            "engine (validate + report JSON)",
            Box::new(move |text: &str| {
                let report = validate_str(black_box(text), &options).expect("options");
                black_box(report.to_json());
            }),
        ),
        (
            "serde_json Value parse",
            Box::new(|text: &str| {
                black_box(serde_json::from_str::<Value>(black_box(text)).expect("JSON"));
            }),
        ),
        (
            "serde_json + jsonschema-rs",
            Box::new(move |text: &str| {
                let value: Value = serde_json::from_str(black_box(text)).expect("JSON");
                black_box(validator.iter_errors(&value).count());
            }),
        ),
        (
            "simd-json parse (with the copy it needs)",
            Box::new(|text: &str| {
                let mut bytes = black_box(text).as_bytes().to_vec();
                black_box(simd_json::to_borrowed_value(&mut bytes).is_ok());
            }),
        ),
    ]
}

fn kind_of(name: &str) -> Kind {
    Kind::parse_arg(name).expect("an example is named by its kind")
}

fn criterion_groups(c: &mut Criterion) {
    for (name, text) in EXAMPLES {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        for (label, run) in candidates(kind_of(name)) {
            group.bench_function(label, |b| b.iter(|| run(text)));
        }
        group.finish();
    }
}

/// The median time per call of each candidate, measured in interleaved rounds.
fn medians(text: &str, runs: &[(&'static str, Run)], rounds: usize, calls: u32) -> Vec<f64> {
    let mut samples = vec![Vec::with_capacity(rounds); runs.len()];
    for _ in 0..rounds {
        for (i, (_, run)) in runs.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..calls {
                run(text);
            }
            samples[i].push(start.elapsed().as_secs_f64() * 1e6 / f64::from(calls));
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect()
}

/// The ratios of SPEC §9 and issue 15, printed against their bars.
fn ratios(rounds: usize, calls: u32) {
    println!("\nengine ÷ peer, median of {rounds} interleaved rounds of {calls} calls:");
    println!(
        "{:<18} {:>9} {:>9} {:>9} {:>9}   {:>22} {:>26} {:>16}",
        "dossier",
        "engine µs",
        "serde µs",
        "+schema",
        "simd µs",
        "÷ serde_json (bar 1.0)",
        "÷ serde+jsonschema (bar 0.6)",
        "÷ simd-json"
    );
    for (name, text) in EXAMPLES {
        let runs = candidates(kind_of(name));
        let m = medians(text, &runs, rounds, calls);
        let verdict = |ratio: f64, bar: f64| if ratio <= bar { "met" } else { "NOT met" };
        let (serde, schema) = (m[0] / m[1], m[0] / m[2]);
        println!(
            "{name:<18} {:>9.2} {:>9.2} {:>9.2} {:>9.2}   {:>13.2} {:>8} {:>17.2} {:>8} {:>16.2}",
            m[0],
            m[1],
            m[2],
            m[3],
            serde,
            verdict(serde, 1.0),
            schema,
            verdict(schema, 0.6),
            m[0] / m[3],
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    criterion_groups(&mut c);
    c.final_summary();
    // `cargo test --benches` runs each benchmark once: a short pass of the ratios there, the
    // full one under `cargo bench`.
    if std::env::args().any(|a| a == "--bench") {
        ratios(41, 2_000);
    } else {
        ratios(1, 1);
    }
}
