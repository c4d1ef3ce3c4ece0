//! A dossier's statuses and the staff actions that move it, as enums (stored and sent as their
//! snake_case wire names), and the state machine between them.

use crate::storage::staff_store::Unit;
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

            /// The value stored in `column` of a row; an unknown name fails the row.
            #[allow(dead_code)] // not every enumeration has a NOT NULL column
            pub(crate) fn column(row: &sqlx::any::AnyRow, column: &str) -> sqlx::Result<$name> {
                $name::optional_column(row, column)?.ok_or_else(|| {
                    sqlx::Error::Decode(format!("no {} in {column}", stringify!($name)).into())
                })
            }

            /// Like `column`, with `NULL` as `None`.
            pub(crate) fn optional_column(
                row: &sqlx::any::AnyRow,
                column: &str,
            ) -> sqlx::Result<Option<$name>> {
                let s: Option<String> = sqlx::Row::try_get(row, column)?;
                s.map(|s| {
                    $name::parse(&s).ok_or_else(|| {
                        let what = concat!("unknown ", stringify!($name));
                        sqlx::Error::Decode(format!("{what} {s:?} in {column}").into())
                    })
                })
                .transpose()
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
        Decided = "decided",
        Withdrawn = "withdrawn",
    }
}

impl Status {
    /// The deadline runs: the dossier is with an office (not returned, decided or withdrawn).
    pub fn deadline_runs(self) -> bool {
        matches!(
            self,
            Status::Received | Status::Prechecked | Status::Forwarded | Status::DecisionPending
        )
    }

    /// The citizen may still withdraw the dossier.
    pub fn can_withdraw(self) -> bool {
        self.deadline_runs() || self == Status::Returned
    }

    /// Its name for people.
    pub fn label(self, lang: dossier_core::Lang) -> &'static str {
        use dossier_core::Lang::{En, Vi};
        match (self, lang) {
            (Status::Received, Vi) => "Đã tiếp nhận",
            (Status::Received, En) => "Received",
            (Status::Prechecked, Vi) => "Đã kiểm tra sơ bộ",
            (Status::Prechecked, En) => "Pre-checked",
            (Status::Returned, Vi) => "Trả lại để bổ sung",
            (Status::Returned, En) => "Returned for completion",
            (Status::Forwarded, Vi) => "Đã chuyển lên tỉnh",
            (Status::Forwarded, En) => "Forwarded to the province",
            (Status::DecisionPending, Vi) => "Chờ quyết định",
            (Status::DecisionPending, En) => "Awaiting the decision",
            (Status::Decided, Vi) => "Đã có kết quả",
            (Status::Decided, En) => "Decided",
            (Status::Withdrawn, Vi) => "Đã rút hồ sơ",
            (Status::Withdrawn, En) => "Withdrawn",
        }
    }
}

wire_names! {
    /// The result of a decided dossier.
    pub enum DecisionResult {
        Approved = "approved",
        Refused = "refused",
    }
}

impl DecisionResult {
    pub fn label(self, lang: dossier_core::Lang) -> &'static str {
        use dossier_core::Lang::{En, Vi};
        match (self, lang) {
            (DecisionResult::Approved, Vi) => "Chấp thuận",
            (DecisionResult::Approved, En) => "Approved",
            (DecisionResult::Refused, Vi) => "Không chấp thuận",
            (DecisionResult::Refused, En) => "Refused",
        }
    }
}

wire_names! {
    /// How a dossier reached the office: online by the applicant, or at the counter by an
    /// officer on the applicant's behalf.
    pub enum Channel {
        Online = "online",
        Counter = "counter",
    }
}

wire_names! {
    /// The level of an officer's unit.
    pub enum UnitKind {
        Commune = "commune",
        Province = "province",
    }
}

wire_names! {
    /// What an officer can do to a dossier.
    pub enum Action {
        PrecheckOk = "precheck_ok",
        Return = "return",
        Forward = "forward",
        Decide = "decide",
    }
}

/// The state machine: who may do what from which status, and where it leads.
pub fn transition(unit: Unit, status: Status, action: Action) -> Option<Status> {
    use Action::{Decide, Forward, PrecheckOk, Return};
    use Status::{Decided, DecisionPending, Forwarded, Prechecked, Received, Returned};
    match (unit, status, action) {
        (Unit::Commune(_), Received, PrecheckOk) => Some(Prechecked),
        (Unit::Commune(_), Received | Prechecked, Return) => Some(Returned),
        (Unit::Commune(_), Prechecked, Forward) => Some(Forwarded),
        (Unit::Province(_), Received | Forwarded, PrecheckOk) => Some(Prechecked),
        (Unit::Province(_), Received | Prechecked | Forwarded | DecisionPending, Return) => {
            Some(Returned)
        }
        (Unit::Province(_), Received | Prechecked | Forwarded, Forward) => Some(DecisionPending),
        (Unit::Province(_), DecisionPending, Decide) => Some(Decided),
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
        // Only the province decides, and only once the dossier awaits the decision.
        assert_eq!(
            transition(Unit::Province(48), Status::DecisionPending, Action::Decide),
            Some(Status::Decided)
        );
        assert_eq!(
            transition(commune, Status::DecisionPending, Action::Decide),
            None
        );
        assert_eq!(
            transition(Unit::Province(48), Status::Forwarded, Action::Decide),
            None
        );
        for s in [Status::Decided, Status::Withdrawn] {
            for a in Action::ALL {
                assert_eq!(transition(Unit::Province(48), s, *a), None);
                assert_eq!(transition(commune, s, *a), None);
            }
            assert!(!s.can_withdraw());
        }
    }
}
