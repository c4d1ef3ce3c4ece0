//! A filed dossier read once: from one parse of the bytes, the report and the facts a store
//! keeps beside it (kind, receiving unit, the attachments it names) and its canonical text,
//! whose hash tells a retry of the same dossier from another one.
//!
//! ```
//! use dossier_core::{intake, Date, Options};
//!
//! let options = Options::new(Date::parse("2026-11-22").unwrap());
//! let filed = intake::read(br#"{"receivingUnit": {"provinceCode": 48}, "kind": "ngo_licence"}"#, &options).unwrap();
//! assert_eq!(filed.canonical, r#"{"kind":"ngo_licence","receivingUnit":{"provinceCode":48}}"#);
//! assert_eq!(filed.province_code, Some(48));
//! assert!(!filed.report.valid);
//! ```

use crate::engine::{run_with, Options, OptionsError};
use crate::json::{self, Json, SyntaxError};
use crate::messages::{self, Lang};
use crate::params::Params;
use crate::report::Report;
use crate::rulebook::Code;
use crate::wire::enums::{DocType, Kind};
use crate::wire::Dossier;

/// A dossier as a store files it.
#[derive(Debug, Clone)]
pub struct Filed {
    /// The report on `options.as_of`.
    pub report: Report,
    /// The kind, when it could be read.
    pub kind: Option<Kind>,
    /// The receiving unit's province, when known to the admin-unit table.
    pub province_code: Option<u32>,
    /// The receiving unit's commune, when known and in that province.
    pub commune_code: Option<u32>,
    /// The SHA-256 of every readable document, lower-case hex, sorted, without duplicates.
    pub attachments: Vec<String>,
    /// The readable documents in the dossier's order.
    pub documents: Vec<Attachment>,
    /// Who files the dossier, as far as it could be read.
    pub applicant: Contact,
    /// The text as `serde_json::Value` writes it: object keys sorted by their UTF-8 bytes, no
    /// whitespace, serde_json's numbers and string escapes. Two texts of the same JSON value
    /// (whitespace, key order, escapes) have the same canonical text.
    pub canonical: String,
}

/// A document of the dossier as it names its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub doc_type: Option<DocType>,
    pub file_name: Option<String>,
    pub media_type: Option<String>,
    pub size_bytes: Option<i64>,
    /// Lower-case hex (the dossier may write it in either case).
    pub sha256: Option<String>,
}

/// How to reach the applicant (printed forms, the register).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub street: Option<String>,
}

/// Why nothing could be filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The bytes are not JSON.
    Syntax(SyntaxError),
    /// A bad argument (an unknown profile).
    Options(OptionsError),
}

impl Error {
    /// What the sender should do, in `lang` (the report's own `JSON_SYNTAX` message).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Syntax(e) => messages::render(
                Code::JsonSyntax,
                &Params::new().with("line", e.line).with("column", e.column),
                lang,
            ),
            Error::Options(e) => e.to_string(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

/// Parses `input` once and reads everything a store needs of it. Text that is JSON but not a
/// dossier (an array, a number, an object of anything) is filed with its report, which says
/// why it is not valid; only text that is not JSON at all is an error.
pub fn read(input: &[u8], options: &Options) -> Result<Filed, Error> {
    json::with_arena(input.len(), |arena| read_in(input, options, arena))
}

fn read_in(input: &[u8], options: &Options, arena: &json::Arena) -> Result<Filed, Error> {
    let tree = json::parse_bytes(input, arena).map_err(Error::Syntax)?;
    let (report, facts) = run_with(Ok(&tree), options, Facts::of).map_err(Error::Options)?;
    Ok(Filed {
        report,
        kind: facts.kind,
        province_code: facts.province_code,
        commune_code: facts.commune_code,
        attachments: facts.attachments,
        documents: facts.documents,
        applicant: facts.applicant,
        canonical: canonical(&tree),
    })
}

/// What a store keeps of the typed dossier.
#[derive(Default)]
struct Facts {
    kind: Option<Kind>,
    province_code: Option<u32>,
    commune_code: Option<u32>,
    attachments: Vec<String>,
    documents: Vec<Attachment>,
    applicant: Contact,
}

impl Facts {
    fn of(d: &Dossier<'_>) -> Facts {
        let unit = d.receiving_unit.as_ref();
        let documents: Vec<Attachment> = d
            .documents()
            .map(|(_, doc)| Attachment {
                doc_type: doc.document_type,
                file_name: doc.file_name.map(str::to_owned),
                media_type: doc.media_type.map(str::to_owned),
                size_bytes: doc.size_bytes,
                sha256: doc.sha256.map(str::to_ascii_lowercase),
            })
            .collect();
        let mut attachments: Vec<String> =
            documents.iter().filter_map(|a| a.sha256.clone()).collect();
        attachments.sort();
        attachments.dedup();
        Facts {
            kind: d.kind,
            province_code: unit.and_then(|u| u.province_code),
            commune_code: unit.and_then(|u| u.commune_code),
            attachments,
            documents,
            applicant: d
                .applicant
                .as_ref()
                .map_or_else(Contact::default, |a| Contact {
                    name: a.name.map(str::to_owned),
                    phone: a.phone.map(str::to_owned),
                    email: a.email.map(str::to_owned),
                    street: a.address.as_ref().and_then(|x| x.street).map(str::to_owned),
                }),
        }
    }
}

/// The canonical text of a parsed value (see [`Filed::canonical`]).
pub fn canonical(value: &Json<'_>) -> String {
    let mut out = String::new();
    write_canonical(&mut out, value);
    out
}

fn write_canonical(out: &mut String, value: &Json<'_>) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => write_number(out, n),
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Json::Object(members) => {
            // The parser refuses duplicate keys, so the order is total.
            let mut sorted: Vec<&json::Member<'_>> = members.iter().collect();
            sorted.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
            out.push('{');
            for (i, member) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, member.key);
                out.push(':');
                write_canonical(out, &member.value);
            }
            out.push('}');
        }
    }
}

/// A number token (valid JSON, in the binary64 range) as serde_json writes the value it reads:
/// an integer within `i64`/`u64` as written; anything else (fractions, exponents, `-0`, larger
/// integers) as serde_json's `f64` — its own reading and its own shortest form, so the bytes
/// are its bytes.
fn write_number(out: &mut String, text: &str) {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) && text != "-0";
    if plain {
        out.push_str(text);
        return;
    }
    match serde_json::from_str::<serde_json::Number>(text) {
        Ok(n) => out.push_str(&n.to_string()),
        // Unreachable for a token the parser accepted; the text itself is the best answer.
        Err(_) => out.push_str(text),
    }
}

/// A string as serde_json escapes it: `"` and `\` with a backslash, the control characters
/// U+0000–U+001F as `\b \t \n \f \r` or `\u00xx` (lower-case hex), everything else as is.
fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            0x08 => Some("\\b"),
            0x09 => Some("\\t"),
            0x0A => Some("\\n"),
            0x0C => Some("\\f"),
            0x0D => Some("\\r"),
            0x00..=0x1F => Some(""),
            _ => None,
        };
        let Some(escape) = escape else { continue };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

    use super::*;
    use crate::date::Date;

    fn same_as_serde(text: &str) {
        let arena = json::Arena::for_text(text.len());
        let ours = canonical(&json::parse(text, &arena).unwrap());
        let theirs = serde_json::from_str::<serde_json::Value>(text)
            .unwrap()
            .to_string();
        assert_eq!(ours, theirs, "{text}");
    }

    #[test]
    fn canonical_text_is_serde_json_text() {
        for text in [
            r#"{"b": 1, "a": [true, false, null], "A": {"z": "\u00e9\n\u0001\u001f\"\\\/"}}"#,
            r#"{"é": 1, "e": 2, "ê": 3, "": 4, "\u0000": 5}"#,
            "[0, -0, -0.0, 1.0, 1.50, 1e5, 1E+5, 2.5e-3, 1e21, 123456789012345678901]",
            "[18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809]",
            "[999999999999999999, 1000000000000000000, -999999999999999999, 0.1, 1e-7, 5e-324]",
            "[1.7976931348623157e308, 0.30000000000000004, 100, 1e0, 10e-1]",
            "\"\u{2028}\u{7f}😀\"",
        ] {
            same_as_serde(text);
        }
    }

    #[test]
    fn not_json_is_an_error_with_the_reports_message() {
        let options = Options::new(Date::parse("2026-11-22").unwrap());
        let e = read(b"{\"a\": }", &options).unwrap_err();
        assert!(matches!(e, Error::Syntax(_)));
        assert!(e.message(Lang::Vi).contains("dòng 1, cột 7"), "{e}");
        assert!(e.message(Lang::En).contains("line 1, column 7"), "{e}");
        // JSON that is not a dossier is filed with its report.
        let filed = read(b"[1]", &options).unwrap();
        assert!(!filed.report.valid);
        assert_eq!(filed.kind, None);
        assert_eq!(filed.canonical, "[1]");
    }
}
