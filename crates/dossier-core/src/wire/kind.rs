//! What the procedures' names mean beyond the wire value.

use super::enums::Kind;
use crate::wire_enum::WireEnum;

/// A kind named by a caller (CLI argument, URL, JS argument) that is not one of the kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("There is no kind {given:?}. Use one of: {}.", kinds())]
pub struct UnknownKind {
    pub given: String,
}

impl UnknownKind {
    /// The message in `lang` (the `Display` text is the English one).
    pub fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Vi => format!(
                "Không có loại hồ sơ {:?}. Hãy dùng một trong các loại: {}.",
                self.given,
                kinds()
            ),
            crate::Lang::En => self.to_string(),
        }
    }
}

fn kinds() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Kind {
    /// A kind named by a caller.
    pub fn parse_arg(s: &str) -> Result<Kind, UnknownKind> {
        Kind::from_wire(s).ok_or_else(|| UnknownKind {
            given: s.to_owned(),
        })
    }

    /// The key of this kind's body in the dossier object.
    pub fn body_key(self) -> &'static str {
        match self {
            Kind::ConferencePermit => "conference",
            Kind::NgoLicence => "ngo",
            Kind::OutboundTrip => "trip",
        }
    }
}
