//! A dossier's statuses and the staff actions that move it, as enums (stored and sent as their
//! snake_case wire names), and the state machine between them.

use crate::staff_store::Unit;
use serde::{Deserialize, Serialize};

macro_rules! wire_names {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        // snake_case of the variant is the wire name (checked by a test): serde and the
        // OpenAPI schema read the same attribute.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_names! {
    /// Where a dossier is in its life.
    pub enum Status {
        Received = "received",
        Prechecked = "prechecked",
        Returned = "returned",
        Forwarded = "forwarded",
        DecisionPending = "decision_pending",
    }
}

wire_names! {
    /// What an officer can do to a dossier.
    pub enum Action {
        PrecheckOk = "precheck_ok",
        Return = "return",
        Forward = "forward",
    }
}

/// The state machine: who may do what from which status, and where it leads.
pub fn transition(unit: Unit, status: Status, action: Action) -> Option<Status> {
    use Action::{Forward, PrecheckOk, Return};
    use Status::{DecisionPending, Forwarded, Prechecked, Received, Returned};
    match (unit, status, action) {
        (Unit::Commune(_), Received, PrecheckOk) => Some(Prechecked),
        (Unit::Commune(_), Received | Prechecked, Return) => Some(Returned),
        (Unit::Commune(_), Prechecked, Forward) => Some(Forwarded),
        (Unit::Province(_), Received | Forwarded, PrecheckOk) => Some(Prechecked),
        (Unit::Province(_), Received | Prechecked | Forwarded, Return) => Some(Returned),
        (Unit::Province(_), Received | Prechecked | Forwarded, Forward) => Some(DecisionPending),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(*a));
        }
        assert_eq!(Status::parse("Received"), None);
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for a in Action::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }

    #[test]
    fn a_commune_forwards_only_after_the_precheck() {
        let commune = Unit::Commune(20242);
        assert_eq!(transition(commune, Status::Received, Action::Forward), None);
        assert_eq!(
            transition(commune, Status::Prechecked, Action::Forward),
            Some(Status::Forwarded)
        );
        assert_eq!(
            transition(Unit::Province(48), Status::Forwarded, Action::Forward),
            Some(Status::DecisionPending)
        );
        assert_eq!(
            transition(Unit::Province(48), Status::Returned, Action::Return),
            None
        );
    }
}
