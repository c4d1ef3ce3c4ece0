//! JSON text in, report out, for the bundled example dossiers. Results go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dossier_core::{validate_str, Date, Options};
use std::hint::black_box;

#[path = "../tests/common/examples.rs"]
mod examples;
use examples::EXAMPLES;

fn bench(c: &mut Criterion) {
    let options = Options::new(Date::parse("2026-11-22").expect("date"));
    let mut group = c.benchmark_group("validate_json_to_report_json");
    for (name, text) in EXAMPLES {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let report = validate_str(black_box(text), &options).expect("options");
                black_box(report.to_json())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
