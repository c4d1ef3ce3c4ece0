//! The reader is generated from the field model (`cargo xtask gen`); this test checks what the
//! generator made against the model, field by field, for every kind. For every field: a value of
//! the wrong JSON type gives `FIELD_TYPE` at exactly its pointer, removing it gives
//! `FIELD_REQUIRED` exactly when the model requires it, and an unknown key next to it gives
//! `FIELD_UNKNOWN`. A text one character over the edition's limit gives `FIELD_LENGTH` with that
//! limit; a malformed formatted text gives `FIELD_FORMAT` with its format; a value outside an
//! enumeration gives `FIELD_ENUM`; a date before the date it may not precede gives `DATE_ORDER`
//! pointing at that date.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_core::form::model::{Field, Req, Text, Ty};
use dossier_core::form::top_level;
use dossier_core::rulebook::editions;
use dossier_core::{validate_str, Date, Kind, Options};
use serde_json::{json, Value};

#[path = "common/examples.rs"]
mod examples;
use examples::EXAMPLES;

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

            self.values(&base, f, parent, &ptr);

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
                    self.walk(&d, children.fields, &ptr);
                }
                Ty::Repeat { item, .. } => {
                    let mut d = base.clone();
                    let list = &mut pointer_mut(&mut d, parent)[f.key];
                    if !present || list.as_array().is_none_or(Vec::is_empty) {
                        *list = json!([{}]);
                    }
                    self.walk(&d, item.fields, &format!("{ptr}/0"));
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

/// The edition's limit for a text kind.
fn text_max(t: Text) -> usize {
    let limits = &editions()[0].limits;
    let max = match t {
        Text::Name => limits.name_max,
        Text::Free => limits.free_text_max,
        Text::FileName => limits.file_name_max,
        Text::Code => limits.code_max,
    };
    max as usize
}

impl Checker {
    /// Values of the right JSON type that break the field's length, format, enumeration or
    /// date order.
    fn values(&mut self, base: &Value, f: &Field, parent: &str, ptr: &str) {
        let with = |v: Value| {
            let mut d = base.clone();
            pointer_mut(&mut d, parent)[f.key] = v;
            d
        };
        match f.ty {
            Ty::Text(t) | Ty::Formatted(t, _) => {
                let max = text_max(t);
                let params = format!(r#"{{"max":{max},"min":1}}"#);
                let d = with(json!("A".repeat(max + 1)));
                self.expect(&d, "FIELD_LENGTH", ptr, Some(&params), true, "too long");
                let d = with(json!("A".repeat(max.min(8))));
                if !matches!(f.ty, Ty::Formatted(..)) && f.key != "taxCode" && f.key != "idNumber" {
                    self.expect(&d, "FIELD_LENGTH", ptr, None, false, "within the limit");
                }
            }
            _ => {}
        }
        if let Ty::Formatted(_, fmt) = f.ty {
            // The applicant's country decides which phone numbers are valid.
            let d = with(json!("@@ not valid @@"));
            let params = format!(r#"{{"format":"{}"}}"#, fmt.token());
            self.expect(&d, "FIELD_FORMAT", ptr, Some(&params), true, "malformed");
        }
        if let Ty::Choice(_) | Ty::DocType = f.ty {
            let d = with(json!("zz_not_a_value"));
            self.expect(&d, "FIELD_ENUM", ptr, None, true, "outside the enumeration");
        }
        if let Some(before) = f.not_before {
            let start = format!("{parent}/{before}");
            let mut d = with(json!("1900-01-01"));
            if d.pointer(&start).is_none_or(Value::is_null) {
                pointer_mut(&mut d, parent)[before] = json!("2000-01-01");
            }
            let params = format!(r#"{{"start":"{start}"}}"#);
            self.expect(
                &d,
                "DATE_ORDER",
                ptr,
                Some(&params),
                true,
                "before its start",
            );
        }
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
    assert!(checker.checked > 500, "only {} checks", checker.checked);
    assert!(
        checker.failures.is_empty(),
        "{} disagreements:\n{}",
        checker.failures.len(),
        checker.failures.join("\n")
    );
}
