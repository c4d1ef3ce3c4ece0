//! `validate` on any bytes, for the three kinds (seeded from the conformance corpus): never
//! panics; the report is deterministic, its JSON parses, and `valid` is true exactly when no
//! finding is an error.
#![no_main]

use dossier_core::{validate, Date, Lang, Options, Severity};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the date and language, so the corpus explores both.
    let (pick, input) = match data.split_first() {
        Some((p, rest)) => (*p, rest),
        None => (0, data),
    };
    let as_of = if pick & 1 == 0 {
        "2026-11-22"
    } else {
        "2031-01-15"
    };
    let lang = if pick & 2 == 0 { Lang::Vi } else { Lang::En };
    let options = Options::new(Date::parse(as_of).expect("a date")).lang(lang);
    let report = validate(input, &options).expect("no profile is named");
    let text = report.to_json();
    let again = validate(input, &options)
        .expect("no profile is named")
        .to_json();
    assert_eq!(text, again, "the same input gave two reports");
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("the report is JSON");
    assert_eq!(
        report.valid,
        !report
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error),
        "valid disagrees with the findings: {parsed}"
    );
});
