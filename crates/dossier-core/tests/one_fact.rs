//! One fact, one place: the values of the edition that people see (the attachment size limit,
//! the CONF-03 lead days, the passport validity) are written only in the edition. The field
//! model, the messages, the server and the pages take them from the core; this test fails when
//! one of them spells such a value itself. (The pages have their own, finer test:
//! `tests/js/edition.test.mjs`.)

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_core::messages::bytes_in_mib;
use dossier_core::rulebook::editions;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "js" || e == "html")
        {
            out.push(path);
        }
    }
}

#[test]
fn edition_values_are_written_only_in_the_edition() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/dossier-model/src",
        "crates/dossier-core/src/messages",
        "crates/dossier-core/src/form",
        "crates/dossier-server/src",
        "www",
    ] {
        sources(&root.join(dir), &mut files);
    }
    assert!(files.len() > 40, "only {} files", files.len());
    let mut literals = Vec::new();
    for ed in editions() {
        let bytes = ed.documents.max_bytes;
        literals.push(bytes.to_string());
        literals.push(bytes_in_mib(bytes));
        literals.push(format!("{} * 1024 * 1024", bytes / (1024 * 1024)));
        for days in [
            ed.conference.lead_days,
            ed.conference.lead_days_prime_minister,
        ] {
            literals.push(format!("{days} ngày"));
            literals.push(format!("{days} days"));
        }
        let months = ed.trip.passport_validity_months;
        literals.push(format!("ít nhất {months} tháng"));
        literals.push(format!("at least {months} months"));
    }
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for literal in &literals {
                if line.contains(literal.as_str()) {
                    found.push(format!("{}:{}: {literal}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "edition values written outside the edition:\n{}",
        found.join("\n")
    );
}
