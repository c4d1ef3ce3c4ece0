//! The field model (which generates the JSON Schema and the form description) and the lenient
//! reader (which validates) must describe the same wire format. For every field of every kind:
//! a value of the wrong JSON type gives `FIELD_TYPE` at exactly its pointer (so the reader knows
//! the field and its type), removing it gives `FIELD_REQUIRED` exactly when the model says it is
//! required, and an unknown key next to it gives `FIELD_UNKNOWN`.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_core::form::model::{Field, Req, Ty};
use dossier_core::form::top_level;
use dossier_core::{validate_str, Date, Kind, Options};
use serde_json::{json, Value};

const EXAMPLES: [(&str, &str); 3] = [
    (
        "conference_permit",
        include_str!("../../../tests/conformance/examples/conference_permit.json"),
    ),
    (
        "ngo_licence",
        include_str!("../../../tests/conformance/examples/ngo_licence.json"),
    ),
    (
        "outbound_trip",
        include_str!("../../../tests/conformance/examples/outbound_trip.json"),
    ),
];

fn findings(doc: &Value) -> Vec<(String, String, String)> {
    let options = Options::new(Date::parse("2026-11-22").unwrap());
    let report = validate_str(&doc.to_string(), &options).unwrap();
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.code.as_str().to_owned(),
                f.path.clone(),
                f.params.to_json(),
            )
        })
        .collect()
}

/// A value of the wrong JSON type for `ty`, and the `expected` param the reader reports.
fn wrong(ty: &Ty) -> (Value, &'static str) {
    match ty {
        Ty::Date => (json!(20270114), "date"),
        Ty::Text(_) | Ty::Formatted(..) | Ty::Choice(_) | Ty::DocType | Ty::Country => {
            (json!(12345), "string")
        }
        Ty::Int { .. } | Ty::Province | Ty::Commune { .. } => (json!("x"), "integer"),
        Ty::Bool => (json!("x"), "boolean"),
        Ty::Group(_) => (json!("x"), "object"),
        Ty::Repeat { .. } | Ty::Many(..) => (json!("x"), "array"),
    }
}

fn pointer_mut<'a>(doc: &'a mut Value, ptr: &str) -> &'a mut Value {
    doc.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
}

fn condition_holds(doc: &Value, parent: &str, key: &str, any_of: &[&str]) -> bool {
    doc.pointer(&format!("{parent}/{key}"))
        .and_then(Value::as_str)
        .is_some_and(|v| any_of.contains(&v))
}

struct Checker {
    checked: usize,
    failures: Vec<String>,
}

impl Checker {
    fn expect(
        &mut self,
        doc: &Value,
        code: &str,
        ptr: &str,
        params: Option<&str>,
        present: bool,
        what: &str,
    ) {
        self.checked += 1;
        let found = findings(doc)
            .iter()
            .any(|(c, p, pr)| c == code && p == ptr && params.is_none_or(|x| x == pr));
        if found != present {
            self.failures.push(format!(
                "{what}: expected {}{code} at {ptr}",
                if present { "" } else { "no " }
            ));
        }
    }

    fn walk(&mut self, doc: &Value, fields: &[Field], parent: &str) {
        for f in fields {
            let ptr = format!("{parent}/{}", f.key);
            let mut base = doc.clone();
            let node = pointer_mut(&mut base, parent);
            let present = node.get(f.key).is_some_and(|v| !v.is_null());

            // Wrong type → FIELD_TYPE here, whether or not the example has the field.
            let (bad, expected) = wrong(&f.ty);
            let mut d = base.clone();
            pointer_mut(&mut d, parent)[f.key] = bad;
            let params = format!(r#"{{"expected":"{expected}"}}"#);
            self.expect(&d, "FIELD_TYPE", &ptr, Some(&params), true, "wrong type");

            // Removal → FIELD_REQUIRED exactly when the model requires it.
            if present {
                let mut d = base.clone();
                pointer_mut(&mut d, parent)
                    .as_object_mut()
                    .unwrap()
                    .remove(f.key);
                let required = match f.req {
                    Req::Yes => true,
                    Req::No => false,
                    Req::When(c) => condition_holds(&base, parent, c.key, c.any_of),
                };
                self.expect(&d, "FIELD_REQUIRED", &ptr, None, required, "removed");
            }

            // Into groups and the first item of lists (an empty one when the example has none).
            match &f.ty {
                Ty::Group(children) => {
                    let mut d = base.clone();
                    if !present {
                        pointer_mut(&mut d, parent)[f.key] = json!({});
                    }
                    self.walk(&d, children, &ptr);
                }
                Ty::Repeat { item, .. } => {
                    let mut d = base.clone();
                    let list = &mut pointer_mut(&mut d, parent)[f.key];
                    if !present || list.as_array().is_none_or(Vec::is_empty) {
                        *list = json!([{}]);
                    }
                    self.walk(&d, item, &format!("{ptr}/0"));
                }
                Ty::Many(item, _) => {
                    let mut d = base.clone();
                    let (bad, expected) = wrong(item);
                    pointer_mut(&mut d, parent)[f.key] = json!([bad]);
                    let params = format!(r#"{{"expected":"{expected}"}}"#);
                    self.expect(
                        &d,
                        "FIELD_TYPE",
                        &format!("{ptr}/0"),
                        Some(&params),
                        true,
                        "wrong item type",
                    );
                }
                _ => {}
            }
        }
        // An unknown key next to these fields.
        let mut d = doc.clone();
        pointer_mut(&mut d, parent)["zzNotAField"] = json!(1);
        self.expect(
            &d,
            "FIELD_UNKNOWN",
            &format!("{parent}/zzNotAField"),
            None,
            true,
            "unknown key",
        );
    }
}

#[test]
fn the_field_model_and_the_reader_agree_on_every_field() {
    let mut checker = Checker {
        checked: 0,
        failures: Vec::new(),
    };
    for (name, text) in EXAMPLES {
        let kind = Kind::parse_arg(name).unwrap();
        assert_eq!(kind.as_str(), name);
        let doc: Value = serde_json::from_str(text).unwrap();
        checker.walk(&doc, &top_level(kind), "");
    }
    assert!(checker.checked > 350, "only {} checks", checker.checked);
    assert!(
        checker.failures.is_empty(),
        "{} disagreements:\n{}",
        checker.failures.len(),
        checker.failures.join("\n")
    );
}
