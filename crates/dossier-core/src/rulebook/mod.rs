//! Rulebook editions: the rule table, the parameters of each edition (days, caps, document
//! lists) and the profiles. Parameters are data here, never literals in rule code, so a new
//! decree is a new edition plus, at most, new rule functions.

pub mod codes;
mod edition_2025_07_01;
pub mod export;
pub mod rules;

use crate::date::Date;
use crate::wire::enums::{
    DignitaryRank, DocType, Kind, LeaderRank, NgoFunding, PassportType, Premises, Topic,
    TripFunding,
};

pub use codes::{Code, Confidence, Severity};
pub use rules::{Citation, RuleId, RuleSpec, RULES};

/// A rulebook edition: the law in force from `in_force_from`.
#[derive(Debug)]
pub struct Edition {
    pub id: &'static str,
    pub in_force_from: Date,
    /// The last day the edition's legal basis is reported to apply; later dates still use the
    /// newest edition but get `RULEBOOK_EDITION_EXPIRED`.
    pub valid_until: Option<Date>,
    pub limits: Limits,
    pub documents: DocumentParams,
    /// Birth-registration province codes a citizen ID (CCCD) may start with: the 63 province
    /// codes in use before 1 July 2025 (IDs issued before the merger keep them; the 34 current
    /// codes are a subset).
    pub cccd_province_codes: &'static [u16],
    pub conference: ConferenceParams,
    pub ngo: NgoParams,
    pub trip: TripParams,
    pub profiles: &'static [Profile],
    /// Processing times of the one-stop desk (SPEC §12), per kind and step; a kind with no
    /// `Whole` entry has no deadline.
    pub processing: &'static [ProcessingTime],
}

crate::wire_enum::wire_enum! {
    /// A step of a dossier's processing that has a time limit.
    pub enum Step {
        /// From a complete, valid dossier to the result: the dossier's deadline.
        Whole = "whole",
        /// Agencies asked for their opinion answer within this time.
        Consultation = "consultation",
    }
}

/// How long a step may take, in working days, and where that comes from.
#[derive(Debug)]
pub struct ProcessingTime {
    pub kind: Kind,
    pub step: Step,
    pub working_days: u32,
    pub citation: Citation,
}

/// Limits of the wire format (RULES.md §1, `FIELD_LENGTH`, `FIELD_RANGE`), and explicit caps on
/// list lengths so that no input makes the work unbounded.
#[derive(Debug)]
pub struct Limits {
    pub name_max: u32,
    pub free_text_max: u32,
    pub file_name_max: u32,
    /// Short codes (tax code, ID number, passport number, language, media type).
    pub code_max: u32,
    pub documents_max: u32,
    pub list_max: u32,
}

#[derive(Debug)]
pub struct DocumentParams {
    pub max_bytes: i64,
    pub media_types: &'static [&'static str],
}

/// Which document types a rule applies to.
#[derive(Debug, Clone, Copy)]
pub enum DocSet {
    All,
    AllExcept(&'static [DocType]),
    Only(&'static [DocType]),
}

impl DocSet {
    pub fn contains(self, t: DocType) -> bool {
        match self {
            DocSet::All => true,
            DocSet::AllExcept(list) => !list.contains(&t),
            DocSet::Only(list) => list.contains(&t),
        }
    }
}

/// The document rules of one kind.
#[derive(Debug)]
pub struct KindDocuments {
    /// The `type` values this kind accepts.
    pub types: &'static [DocType],
    /// Types that must be in Vietnamese or come with a translation (`DOCUMENT_TRANSLATION`).
    pub need_vietnamese: DocSet,
    /// Foreign official documents that need consular legalization (`DOCUMENT_LEGALIZATION`).
    pub foreign_official: DocSet,
}

#[derive(Debug)]
pub struct ConferenceParams {
    pub documents: KindDocuments,
    /// CONF-03: minimum calendar days between `asOf` and `startDate`.
    pub lead_days: i64,
    pub lead_days_prime_minister: i64,
    /// Topics that lift an event to Prime-Minister level (QĐ 06 Điều 3.1).
    pub sensitive_topics: &'static [Topic],
    /// Dignitary ranks that lift an event to Prime-Minister level (since NĐ 134/2025 not
    /// `minister`).
    pub prime_minister_ranks: &'static [DignitaryRank],
    /// CONF-04.
    pub required_documents: &'static [DocType],
    /// CONF-05: the document expected when a topic is sensitive.
    pub sensitive_topic_document: DocType,
}

#[derive(Debug)]
pub struct NgoParams {
    pub documents: KindDocuments,
    /// NGO-02 and NGO-06: longest term and shortest plan, in years, per certificate type.
    pub years_operation: i32,
    pub years_representative_office: i32,
    /// NGO-04: where a representative office may be.
    pub office_provinces: &'static [u32],
    /// NGO-05: premises an office may not use.
    pub forbidden_premises: &'static [Premises],
    /// NGO-10: funding sources a foreign NGO may not use.
    pub forbidden_funding: &'static [NgoFunding],
    /// NGO-11: documents per request type.
    pub documents_new: &'static [DocType],
    pub documents_extension: &'static [DocType],
    pub documents_amendment_reissue: &'static [DocType],
}

#[derive(Debug)]
pub struct TripParams {
    pub documents: KindDocuments,
    /// TRIP-04: a passport must be valid this many months after departure.
    pub passport_validity_months: i32,
    /// TRIP-05: passports a private trip may not use.
    pub private_forbidden_passports: &'static [PassportType],
    /// TRIP-06: passports an official trip should not use (warning).
    pub official_discouraged_passports: &'static [PassportType],
    /// TRIP-08.
    pub documents_official: &'static [DocType],
    pub documents_private: &'static [DocType],
    /// TRIP-08: the budget estimate, when the state pays.
    pub budget_document: DocType,
    pub budget_document_funding: &'static [TripFunding],
}

/// A profile: the national rules plus one province's local policy.
#[derive(Debug)]
pub struct Profile {
    pub id: &'static str,
    /// The province whose dossiers get this profile; `None` for `national`.
    pub province: Option<u32>,
    /// The local text the profile's rules rest on (confidence `local`).
    pub citation: Option<Citation>,
    pub trip: TripPolicy,
}

/// A province's policy on outbound trips (RULES.md §5.3). `None` / `false`: not enforced.
#[derive(Debug, Default)]
pub struct TripPolicy {
    /// `TRIP_TOO_MANY_COUNTRIES`: most distinct countries.
    pub max_countries: Option<i64>,
    /// `TRIP_DAYS_PER_COUNTRY`: most days per stop, normally and with an important event.
    pub max_days_per_stop: Option<(i64, i64)>,
    /// `TRIP_TOO_LONG`: most days from departure to return.
    pub max_trip_days: Option<i64>,
    /// `TRIP_DELEGATION_SIZE`.
    pub delegation: Option<DelegationCap>,
    /// `TRIP_TRIPS_PER_YEAR`: official trips a member may already have made this year.
    pub max_official_trips_per_year: Option<i64>,
    /// `TRIP_KEY_LEADERS_TOGETHER`.
    pub one_key_leader_per_agency: bool,
    /// `TRIP_BUSINESS_FUNDED`.
    pub forbidden_funding: &'static [TripFunding],
}

/// The largest delegation a profile allows.
#[derive(Debug, Clone, Copy)]
pub enum DelegationCap {
    Flat(i64),
    ByLeaderRank {
        provincial_head: i64,
        provincial_deputy_head: i64,
        others: i64,
    },
}

impl DelegationCap {
    pub fn max(self, rank: Option<LeaderRank>) -> Option<i64> {
        match self {
            DelegationCap::Flat(n) => Some(n),
            DelegationCap::ByLeaderRank {
                provincial_head,
                provincial_deputy_head,
                others,
            } => Some(match rank? {
                LeaderRank::ProvincialHead => provincial_head,
                LeaderRank::ProvincialDeputyHead => provincial_deputy_head,
                _ => others,
            }),
        }
    }
}

/// Every edition, oldest first.
pub fn editions() -> &'static [&'static Edition] {
    static EDITIONS: [&Edition; 1] = [&edition_2025_07_01::EDITION];
    &EDITIONS
}

/// The newest edition (the one the schema and form exports describe).
pub fn newest() -> &'static Edition {
    editions()[editions().len() - 1]
}

/// The edition in force on `as_of`: the newest one that started on or before it.
pub fn edition_for(as_of: Date) -> Option<&'static Edition> {
    editions()
        .iter()
        .rev()
        .find(|e| e.in_force_from <= as_of)
        .copied()
}

impl Edition {
    /// The document rules of a kind.
    pub fn documents_for(&self, kind: Kind) -> &KindDocuments {
        match kind {
            Kind::ConferencePermit => &self.conference.documents,
            Kind::NgoLicence => &self.ngo.documents,
            Kind::OutboundTrip => &self.trip.documents,
        }
    }

    /// The documents the usual case of `kind` requires: a conference, a new NGO licence, an
    /// official trip (CONF-04, NGO-11 `new`, TRIP-08 `official`).
    pub fn usual_documents(&self, kind: Kind) -> &'static [DocType] {
        match kind {
            Kind::ConferencePermit => self.conference.required_documents,
            Kind::NgoLicence => self.ngo.documents_new,
            Kind::OutboundTrip => self.trip.documents_official,
        }
    }

    /// The time limit of `step` for `kind`, if the edition knows one.
    pub fn processing_time(&self, kind: Kind, step: Step) -> Option<&ProcessingTime> {
        self.processing
            .iter()
            .find(|p| p.kind == kind && p.step == step)
    }

    pub fn profile(&self, id: &str) -> Option<&'static Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    /// The profile for dossiers governed by `province` (the national one if it has none).
    pub fn profile_for_province(&self, province: Option<u32>) -> &'static Profile {
        province
            .and_then(|code| self.profiles.iter().find(|p| p.province == Some(code)))
            .unwrap_or(&self.profiles[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_selection_by_date() {
        assert_eq!(edition_for(Date::ymd(2025, 6, 30)).map(|e| e.id), None);
        assert_eq!(
            edition_for(Date::ymd(2025, 7, 1)).map(|e| e.id),
            Some("2025-07-01")
        );
        assert_eq!(
            edition_for(Date::ymd(2030, 1, 1)).map(|e| e.id),
            Some("2025-07-01")
        );
    }

    #[test]
    fn national_profile_is_first_and_the_default() {
        let e = editions()[0];
        assert_eq!(e.profiles[0].id, "national");
        assert_eq!(e.profile_for_province(None).id, "national");
        assert_eq!(
            e.profile_for_province(Some(48)).id,
            e.profile_for_province(Some(48)).id
        );
        assert!(e.profile("nowhere").is_none());
    }
}
