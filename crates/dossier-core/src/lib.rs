//! # dossier-core
//!
//! One set of rules for Vietnam's foreign-affairs dossiers (international conference permits,
//! foreign NGO licences, officials' outbound trips): the wire format, the rulebook editions,
//! the rules, the report and its messages (Vietnamese and English), the admin-unit table and
//! the routing. The same crate runs natively and in WebAssembly, so the same dossier, date and
//! edition give the same report, byte for byte, everywhere.
//!
//! *Architecture invariant*: pure. No I/O, no clock, no network, no randomness: `as_of` is an
//! input and every table is compiled in.
//!
//! ```
//! use dossier_core::{validate_str, Date, Lang, Options};
//!
//! let options = Options::new(Date::parse("2026-11-22").unwrap()).lang(Lang::En);
//! let report = validate_str(r#"{"kind": "conference_permit"}"#, &options).unwrap();
//! assert!(!report.valid);
//! assert!(report.findings.iter().any(|f| f.path == "/applicant"));
//! println!("{}", report.to_json());
//! ```
#![forbid(unsafe_code)]

pub mod admin_units;
pub mod calendar;
pub mod checks;
pub mod countries;
mod date;
mod engine;
pub mod form;
pub mod intake;
pub mod json;
pub mod messages;
mod params;
mod read;
mod report;
pub mod rulebook;
mod rules;
pub mod wire;
mod wire_enum;

pub use date::{Date, InvalidDate};
pub use engine::{validate, validate_str, Options, OptionsError, OptionsInput, ENGINE_VERSION};
pub use messages::Lang;
pub use params::{Param, Params};
pub use report::{Basis, DecisionBy, HandledBy, Report, ReportFinding, Routing, RulebookRef};
pub use rulebook::{Code, Confidence, Severity};
pub use wire::enums::Kind;
pub use wire_enum::WireEnum;
