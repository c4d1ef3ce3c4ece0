//! Bounded property tests: no input makes the validator panic, and every report keeps its
//! invariants (sorted findings, `valid` iff no error, byte-identical JSON on a second run).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_core::{validate, Date, Lang, Options, Severity};
use proptest::prelude::*;
use serde_json::{json, Value};

#[path = "common/examples.rs"]
mod examples;
use examples::EXAMPLES;

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("2027-01-14"),
            Just("2025-02-29"),
            Just("VN"),
            Just("conference_permit"),
            Just("ngo_licence"),
            Just("outbound_trip"),
            Just("hybrid"),
            Just("online"),
            Just("individual"),
            Just("official"),
            Just("private"),
            Just("001090012345"),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("kind".to_owned()),
                    Just("applicant".to_owned()),
                    Just("conference".to_owned()),
                    Just("trip".to_owned()),
                    Just("ngo".to_owned()),
                    Just("documents".to_owned()),
                    Just("receivingUnit".to_owned()),
                    "[a-zA-Z~/]{1,8}",
                ],
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every pointer of a JSON document.
fn pointers(v: &Value, prefix: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let p = format!("{prefix}/{i}");
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        _ => {}
    }
}

fn check_invariants(input: &[u8], as_of: Date) {
    for lang in [Lang::Vi, Lang::En] {
        let options = Options::new(as_of).lang(lang);
        let report = validate(input, &options).expect("no profile given");
        let errors = report
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error);
        assert_eq!(report.valid, !errors);
        for w in report.findings.windows(2) {
            assert!(w[0].path <= w[1].path, "findings not sorted by path");
        }
        for f in &report.findings {
            assert!(
                f.path.is_empty() || f.path.starts_with('/'),
                "bad pointer {:?}",
                f.path
            );
            assert!(!f.message.is_empty());
        }
        let again = validate(input, &options).expect("no profile given");
        assert_eq!(report.to_json(), again.to_json(), "not deterministic");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check_invariants(&bytes, Date::parse("2026-11-22").unwrap());
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json(), day in 0i64..5000) {
        let as_of = Date::from_days_since_epoch(20_000 + day).unwrap();
        check_invariants(v.to_string().as_bytes(), as_of);
    }

    #[test]
    fn mutated_examples_never_panic(which in 0usize..3, pick in any::<prop::sample::Index>(),
                                    value in arb_json(), remove in any::<bool>()) {
        let mut doc: Value = serde_json::from_str(EXAMPLES[which].1).unwrap();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let target = pick.get(&all).clone();
        let (parent, last) = target.rsplit_once('/').unwrap();
        let last = last.replace("~1", "/").replace("~0", "~");
        match doc.pointer_mut(parent) {
            Some(Value::Object(m)) => {
                if remove { m.remove(&last); } else { m.insert(last, value); }
            }
            Some(Value::Array(a)) => {
                let i: usize = last.parse().unwrap();
                if remove { a.remove(i); } else { a[i] = value; }
            }
            _ => {}
        }
        check_invariants(doc.to_string().as_bytes(), Date::parse("2026-11-22").unwrap());
    }

    #[test]
    fn truncated_examples_give_json_syntax(which in 0usize..3, cut in 1usize..2000) {
        let text = EXAMPLES[which].1.trim_end();
        let cut = cut.min(text.len() - 1);
        if text.is_char_boundary(cut) {
            let options = Options::new(Date::parse("2026-11-22").unwrap());
            let report = validate(&text.as_bytes()[..cut], &options).unwrap();
            prop_assert_eq!(report.findings.len(), 1);
            prop_assert_eq!(report.findings[0].code.as_str(), "JSON_SYNTAX");
            prop_assert!(!report.valid);
        }
    }
}

#[test]
fn deep_nesting_and_huge_lists_are_bounded() {
    let options = Options::new(Date::parse("2026-11-22").unwrap());
    let deep = "[".repeat(200_000);
    let r = validate(deep.as_bytes(), &options).unwrap();
    assert_eq!(r.findings[0].code.as_str(), "JSON_SYNTAX");
    // 20,000 agenda items: one FIELD_LENGTH for the list, each item still read.
    let mut doc: Value = serde_json::from_str(EXAMPLES[0].1).unwrap();
    let item = json!({"date": "2027-01-14", "item": "x"});
    doc["conference"]["agenda"] = Value::Array(vec![item; 20_000]);
    let r = validate(doc.to_string().as_bytes(), &options).unwrap();
    let codes: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(codes, vec![("FIELD_LENGTH", "/conference/agenda")]);
    assert_eq!(r.findings[0].params.to_json(), r#"{"max":100,"min":1}"#);
}
