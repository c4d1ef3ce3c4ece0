//! The `dossier` command as scripts use it: output, exit codes 0/1/2, stdin, JSONL.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn example(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../tests/conformance/examples/{kind}.json"))
}

fn dossier() -> Command {
    Command::cargo_bin("dossier").unwrap()
}

fn report(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).expect("stdout is one JSON document")
}

#[test]
fn valid_example_exits_0_with_routing() {
    let out = dossier()
        .args(["validate", "--as-of", "2026-11-22", "--format", "json"])
        .arg(example("conference_permit"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r = report(&out.stdout);
    assert_eq!(r["valid"], true);
    assert_eq!(r["asOf"], "2026-11-22");
    assert_eq!(r["routing"]["decisionBy"], "provincial_chair");
    assert_eq!(r["routing"]["provinceCode"], 48);
    assert_eq!(r["findings"], Value::Array(vec![]));
}

#[test]
fn other_examples_read_without_structural_findings() {
    for kind in ["ngo_licence", "outbound_trip"] {
        let out = dossier()
            .args(["validate", "--as-of", "2026-11-22"])
            .arg(example(kind))
            .output()
            .unwrap();
        let r = report(&out.stdout);
        let codes: Vec<&str> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.iter().all(|c| !c.starts_with("FIELD_")),
            "{kind}: {codes:?}"
        );
        assert_eq!(r["kind"], kind);
    }
}

#[test]
fn five_missing_fields_give_five_findings_exit_1() {
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(example("conference_permit")).unwrap())
            .unwrap();
    for (obj, key) in [
        ("conference", "title"),
        ("conference", "purpose"),
        ("conference", "format"),
        ("applicant", "name"),
        ("applicant", "phone"),
    ] {
        doc[obj].as_object_mut().unwrap().remove(key);
    }
    let out = dossier()
        .args(["validate", "--as-of", "2026-11-22", "-"])
        .write_stdin(doc.to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out.stdout);
    let found: Vec<(String, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let required: Vec<&str> = found
        .iter()
        .filter(|(c, _)| c == "FIELD_REQUIRED")
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(
        required,
        [
            "/applicant/name",
            "/applicant/phone",
            "/conference/format",
            "/conference/purpose",
            "/conference/title"
        ]
    );
}

#[test]
fn malformed_json_is_one_syntax_finding_exit_1() {
    let out = dossier()
        .args(["validate", "--as-of", "2026-11-22", "-"])
        .write_stdin("{\"kind\": \"conference_permit\",,}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out.stdout);
    let findings = r["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["code"], "JSON_SYNTAX");
    assert_eq!(
        findings[0]["params"],
        serde_json::json!({"line": 1, "column": 30})
    );
}

#[test]
fn missing_file_exits_2_with_a_message() {
    let out = dossier()
        .args(["validate", "/nonexistent/dossier.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot open /nonexistent/dossier.json"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["validate", "--as-of", "2026-02-30", "x.json"],
        vec!["validate", "--lang", "fr", "x.json"],
        vec!["validate"],
        vec!["frobnicate"],
    ] {
        let out = dossier().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = dossier()
        .args(["validate", "--profile", "atlantis", "--as-of", "2026-11-22"])
        .arg(example("conference_permit"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown profile \"atlantis\""));
}

#[test]
fn text_format_in_english_shows_messages_and_routing() {
    let out = dossier()
        .args([
            "validate",
            "--as-of",
            "2026-12-20",
            "--lang",
            "en",
            "--format",
            "text",
        ])
        .arg(example("conference_permit"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("CONF_LEAD_TIME at /conference/startDate"),
        "{text}"
    );
    assert!(
        text.contains("at least 30 days before the event starts, but only 25 days remain"),
        "{text}"
    );
    assert!(
        text.contains("routing: decided by provincial_chair in province 48"),
        "{text}"
    );
}

#[test]
fn default_as_of_is_today_and_vietnamese() {
    let out = dossier()
        .arg("validate")
        .arg(example("conference_permit"))
        .output()
        .unwrap();
    let r = report(&out.stdout);
    assert_eq!(r["asOf"].as_str().unwrap().len(), 10);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
}

#[test]
fn jsonl_streams_one_report_per_line() {
    let good = std::fs::read_to_string(example("conference_permit")).unwrap();
    let good: Value = serde_json::from_str(&good).unwrap();
    let input = format!(
        "{}\n\n{{not json}}\r\n{}\n",
        good,
        serde_json::json!({"kind": "ngo_licence"})
    );
    let out = dossier()
        .args(["validate", "--jsonl", "--as-of", "2026-11-22", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["findings"][0]["code"], "JSON_SYNTAX");
    assert_eq!(lines[2]["kind"], "ngo_licence");
    assert_eq!(lines[2]["valid"], false);
}

#[test]
fn jsonl_all_valid_exits_0_and_over_long_lines_are_reported() {
    let good: Value =
        serde_json::from_str(&std::fs::read_to_string(example("conference_permit")).unwrap())
            .unwrap();
    let out = dossier()
        .args(["validate", "--jsonl", "--as-of", "2026-11-22", "-"])
        .write_stdin(format!("{good}\n{good}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);

    let long = format!("\"{}\"\n{good}\n", "x".repeat(1024 * 1024 + 10));
    let out = dossier()
        .args(["validate", "--jsonl", "--as-of", "2026-11-22", "-"])
        .write_stdin(long)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("JSON_SYNTAX"));
    assert!(lines[1].contains("\"valid\":true"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1 is longer than"));
}

#[test]
fn oversized_single_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, vec![b' '; 1024 * 1024 + 1]).unwrap();
    let out = dossier().args(["validate"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at most 1 MiB"));
}

#[test]
fn rulebook_markdown_is_the_committed_docs_and_json_lists_every_rule() {
    let out = dossier()
        .args(["rulebook", "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md"),
    )
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);

    let out = dossier()
        .args(["rulebook", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let x: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = x["editions"][0]["rules"].as_array().unwrap();
    let trip04 = rules.iter().find(|r| r["id"] == "TRIP-04").unwrap();
    assert_eq!(trip04["code"], "TRIP_PASSPORT_VALIDITY");
    assert_eq!(trip04["severity"], "error");
    assert_eq!(trip04["parameters"]["months"], 6);
    assert_eq!(trip04["confidence"], "confirmed");
    let profiles: Vec<&str> = x["editions"][0]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["national", "da-nang", "ha-noi"]);
}

#[test]
fn profile_override_applies_another_provinces_policy() {
    let run = |profile: Option<&str>| {
        let mut cmd = dossier();
        cmd.args(["validate", "--as-of", "2026-11-22"]);
        if let Some(p) = profile {
            cmd.args(["--profile", p]);
        }
        report(&cmd.arg(example("outbound_trip")).output().unwrap().stdout)
    };
    let own = run(None);
    assert_eq!(own["rulebook"]["profile"], "ha-noi");
    assert_eq!(own["valid"], true);
    let dn = run(Some("da-nang"));
    assert_eq!(dn["rulebook"]["profile"], "da-nang");
    assert_eq!(dn["findings"][0]["code"], "TRIP_DAYS_PER_COUNTRY");
    assert_eq!(dn["findings"][0]["basis"]["confidence"], "local");
}

#[test]
fn all_three_examples_are_valid_with_their_routing() {
    let run = |kind: &str| {
        report(
            &dossier()
                .args(["validate", "--as-of", "2026-11-22", "--format", "json"])
                .arg(example(kind))
                .output()
                .unwrap()
                .stdout,
        )
    };
    let ngo = run("ngo_licence");
    assert_eq!(ngo["valid"], true);
    assert_eq!(ngo["routing"]["decisionBy"], "mofa");
    assert_eq!(ngo["routing"]["provinceCode"], Value::Null);
    assert_eq!(
        ngo["routing"]["consult"],
        serde_json::json!(["province:15", "province:20"])
    );
    let trip = run("outbound_trip");
    assert_eq!(trip["valid"], true);
    assert_eq!(trip["rulebook"]["profile"], "ha-noi");
    assert_eq!(trip["routing"]["decisionBy"], "provincial_chair");
}

#[test]
fn staff_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("staff.db").display());
    let add = |unit: &str, user: &str, password: &str| {
        dossier()
            .args([
                "staff",
                "add",
                "--db",
                &db,
                "--unit",
                unit,
                "--username",
                user,
            ])
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap()
    };
    let ok = add("commune:20242", "haichau1", "a long enough password");
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(
        add("province:48", "danang1", "a long enough password")
            .status
            .code(),
        Some(0)
    );
    for (unit, user, password, message) in [
        (
            "commune:99999",
            "x01",
            "a long enough password",
            "not in the 2025 list",
        ),
        (
            "district:1",
            "x02",
            "a long enough password",
            "commune:CODE or province:CODE",
        ),
        (
            "province:48",
            "x03",
            "short",
            "must have 12 to 1024 characters",
        ),
        (
            "province:48",
            "Hai Chau",
            "a long enough password",
            "--username must match",
        ),
        (
            "province:48",
            "danang1",
            "a long enough password",
            "exist already",
        ),
    ] {
        let out = add(unit, user, password);
        assert_eq!(out.status.code(), Some(2), "{unit} {user}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = dossier()
        .args(["staff", "disable", "--db", &db, "--username", "danang1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = dossier()
        .args(["staff", "disable", "--db", &db, "--username", "nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn calendar_commands_count_working_days() {
    let out = dossier()
        .args(["calendar", "add-working-days", "2026-02-10", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2026-02-24\n");
    // Monday 16 February 2026 (29 tháng Chạp) is off; Saturday 10 January 2026 is worked.
    let off = dossier()
        .args(["calendar", "is-working-day", "2026-02-16"])
        .output()
        .unwrap();
    assert_eq!(off.status.code(), Some(1));
    assert!(String::from_utf8(off.stdout)
        .unwrap()
        .contains("Tết Âm lịch"));
    let worked = dossier()
        .args(["calendar", "is-working-day", "2026-01-10", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(worked.status.code(), Some(0));
    assert!(String::from_utf8(worked.stdout)
        .unwrap()
        .contains("Saturday worked"));
    for bad in [
        &["calendar", "is-working-day", "2026-02-30"][..],
        &["calendar", "add-working-days", "tomorrow", "1"][..],
        &["calendar", "add-working-days", "2026-02-10", "-1"][..],
    ] {
        let out = dossier().args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!out.stderr.is_empty());
    }
}
