//! What the procedures' names mean beyond the wire value.

use super::enums::Kind;
use crate::wire_enum::WireEnum;

/// A kind named by a caller (CLI argument, URL, JS argument) that is not one of the kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {given:?}; expected one of: {}", kinds())]
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

/// The kinds, comma-separated.
fn kinds() -> String {
    let mut out = String::new();
    for k in Kind::ALL {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(k.as_str());
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::enums::{DocType, Topic, TripFunding};

    fn round_trip<E: WireEnum + PartialEq + std::fmt::Debug>(table: &dossier_model::Choice) {
        assert_eq!(E::ALL.len(), table.opts.len(), "{}", table.name);
        for (v, o) in E::ALL.iter().zip(table.opts) {
            assert_eq!(v.as_str(), o.0);
            assert_eq!(E::from_wire(o.0), Some(*v));
        }
        assert_eq!(E::from_wire("zz_not_a_value"), None);
    }

    #[test]
    fn enums_read_their_wire_names_from_the_model() {
        use dossier_model::options as o;
        round_trip::<Kind>(&o::KIND);
        round_trip::<DocType>(&o::DOC_TYPE);
        round_trip::<Topic>(&o::TOPIC);
        round_trip::<TripFunding>(&o::TRIP_FUNDING);
        assert_eq!(TripFunding::SelfFunding.as_str(), "self");
        assert_eq!(Kind::parse_arg("trip").unwrap_err().given, "trip");
        assert!(Kind::parse_arg("trip")
            .unwrap_err()
            .message(crate::Lang::Vi)
            .contains("conference_permit, ngo_licence, outbound_trip"));
    }
}
