//! The attachment size limit is a parameter of the rulebook edition (`documents.max_bytes`):
//! the server's code and its OpenAPI descriptions take it from there, never as a literal.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_attachment_size_literal_in_the_server() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 30, "{} files", files.len());
    // Spelled in pieces, so this file does not match itself if it ever moves into src/.
    let literals = [
        format!("{} MiB", 10),
        (10 * 1024 * 1024).to_string(),
        ["10", "*", "1024", "*", "1024"].join(" "),
    ];
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
        "the attachment size belongs to the edition (dossier_core::rulebook, documents.max_bytes):\n{}",
        found.join("\n")
    );
}
