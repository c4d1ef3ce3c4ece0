//! Runs the conformance corpus of `tests/conformance` natively: each case's report must equal
//! its expected file byte for byte. `DOSSIER_BLESS=1` writes the expected files instead (review
//! them before committing).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_core::{validate, Date, Lang, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance")
}

/// Applies RFC 6902 `add`, `remove` and `replace` operations.
fn apply_patch(doc: &mut Value, ops: &[Value]) -> Result<(), String> {
    for op in ops {
        let kind = op["op"].as_str().ok_or("op")?;
        let path = op["path"].as_str().ok_or("path")?;
        let (parent_path, last) = path.rsplit_once('/').ok_or("path must start with /")?;
        let last = last.replace("~1", "/").replace("~0", "~");
        let parent = doc
            .pointer_mut(parent_path)
            .ok_or_else(|| format!("no parent for {path}"))?;
        match (kind, parent) {
            ("remove", Value::Object(m)) => {
                m.remove(&last)
                    .ok_or_else(|| format!("nothing to remove at {path}"))?;
            }
            ("remove", Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| format!("bad index in {path}"))?;
                if i >= a.len() {
                    return Err(format!("nothing to remove at {path}"));
                }
                a.remove(i);
            }
            ("add" | "replace", Value::Object(m)) => {
                if kind == "replace" && !m.contains_key(&last) {
                    return Err(format!("nothing to replace at {path}"));
                }
                m.insert(last, op["value"].clone());
            }
            ("add", Value::Array(a)) if last == "-" => a.push(op["value"].clone()),
            ("add", Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| format!("bad index in {path}"))?;
                a.insert(i, op["value"].clone());
            }
            ("replace", Value::Array(a)) => {
                let i: usize = last.parse().map_err(|_| format!("bad index in {path}"))?;
                *a.get_mut(i)
                    .ok_or_else(|| format!("nothing to replace at {path}"))? = op["value"].clone();
            }
            _ => return Err(format!("unsupported op {kind} at {path}")),
        }
    }
    Ok(())
}

struct Case {
    name: String,
    input: Vec<u8>,
    options: Options,
}

fn load_case(path: &Path) -> Case {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let input = if let Some(text) = spec["inputText"].as_str() {
        text.as_bytes().to_vec()
    } else {
        let base = spec["base"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: base or inputText"));
        let text = std::fs::read_to_string(corpus().join(format!("examples/{base}.json"))).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        let ops = spec["patch"].as_array().cloned().unwrap_or_default();
        apply_patch(&mut doc, &ops).unwrap_or_else(|e| panic!("{name}: {e}"));
        serde_json::to_vec(&doc).unwrap()
    };
    let as_of = Date::parse(
        spec["asOf"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: asOf")),
    )
    .unwrap();
    let lang = spec["lang"]
        .as_str()
        .map_or(Lang::Vi, |l| Lang::parse(l).unwrap());
    let mut options = Options::new(as_of).lang(lang);
    if let Some(p) = spec["profile"].as_str() {
        options = options.profile(p);
    }
    Case {
        name,
        input,
        options,
    }
}

/// The corpus's case files, in name order.
fn case_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_case_matches_its_expected_report_exactly() {
    let bless = std::env::var_os("DOSSIER_BLESS").is_some();
    // `cargo xtask fuzz` seeds its corpus with the inputs of every case, as this test builds
    // them (the one place that applies the patches).
    let export = std::env::var_os("DOSSIER_EXPORT_INPUTS").map(PathBuf::from);
    let paths = case_paths();
    assert!(paths.len() >= 40, "the corpus lost cases: {}", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let case = load_case(path);
        if let Some(dir) = &export {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("{}.json", case.name)), &case.input).unwrap();
        }
        let report = validate(&case.input, &case.options).unwrap();
        let actual = report.to_json_pretty() + "\n";
        let expected_path = corpus().join(format!("expected/{}.json", case.name));
        if bless {
            std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{}: report differs from expected/{}.json\n--- expected\n{expected}\n--- actual\n{actual}",
                case.name, case.name
            )),
            Err(_) => failures.push(format!("{}: no expected/{}.json", case.name, case.name)),
        }
        // The compact JSON (what every target emits) parses to the same document.
        let compact: Value = serde_json::from_str(&report.to_json()).unwrap();
        let pretty: Value = serde_json::from_str(&actual).unwrap();
        assert_eq!(compact, pretty, "{}", case.name);
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_expected_file_without_a_case() {
    for entry in std::fs::read_dir(corpus().join("expected")).unwrap() {
        let path = entry.unwrap().path();
        let case = corpus().join("cases").join(path.file_name().unwrap());
        assert!(case.exists(), "{} has no case", path.display());
    }
}

/// Every input of the corpus and every shared example, read once by `intake::read`: the same
/// report as `validate`, the canonical text of `serde_json::Value` (what deployed servers hash),
/// and the facts a store keeps as the JSON says them.
#[test]
fn intake_reads_every_input_as_validate_and_serde_json_do() {
    let mut inputs: Vec<(String, Vec<u8>, Options)> = Vec::new();
    let paths = case_paths();
    for path in &paths {
        let case = load_case(path);
        inputs.push((case.name, case.input, case.options));
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/examples");
    for dir in [corpus().join("examples"), shared] {
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let path = entry.unwrap().path();
            let options = Options::new(Date::parse("2026-11-22").unwrap());
            inputs.push((
                path.display().to_string(),
                std::fs::read(&path).unwrap(),
                options,
            ));
        }
    }
    assert!(inputs.len() > 40);
    for (name, input, options) in inputs {
        let expected = validate(&input, &options).unwrap();
        let filed = match dossier_core::intake::read(&input, &options) {
            Ok(filed) => filed,
            Err(e) => {
                assert!(!expected.valid, "{name}: {e}");
                assert_eq!(expected.findings[0].code.as_str(), "JSON_SYNTAX", "{name}");
                continue;
            }
        };
        assert_eq!(filed.report.to_json(), expected.to_json(), "{name}");
        let Ok(doc) = serde_json::from_slice::<Value>(&input) else {
            continue;
        };
        assert_eq!(filed.canonical, doc.to_string(), "{name}");
        if filed.report.valid {
            let unit = &doc["receivingUnit"];
            let code = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
            assert_eq!(filed.province_code, code(&unit["provinceCode"]), "{name}");
            assert_eq!(filed.commune_code, code(&unit["communeCode"]), "{name}");
            assert_eq!(
                filed.kind.map(|k| k.as_str()),
                doc["kind"].as_str(),
                "{name}"
            );
            let mut hashes: Vec<String> = doc["documents"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d["sha256"].as_str())
                .map(str::to_ascii_lowercase)
                .collect();
            hashes.sort();
            hashes.dedup();
            assert_eq!(filed.attachments, hashes, "{name}");
            let applicant = &doc["applicant"];
            let text = |v: &Value| v.as_str().map(str::to_owned);
            assert_eq!(filed.applicant.name, text(&applicant["name"]), "{name}");
            assert_eq!(filed.applicant.phone, text(&applicant["phone"]), "{name}");
            assert_eq!(filed.applicant.email, text(&applicant["email"]), "{name}");
            assert_eq!(
                filed.applicant.street,
                text(&applicant["address"]["street"]),
                "{name}"
            );
            let files: Vec<Option<String>> = doc["documents"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| text(&d["fileName"]))
                .collect();
            let read: Vec<Option<String>> = filed
                .documents
                .iter()
                .map(|d| d.file_name.clone())
                .collect();
            assert_eq!(read, files, "{name}");
        }
    }
}
