//! `outbound_trip` (RULES.md §5): statutory rules TRIP-01 … TRIP-08 (TRIP-07 is applied by the
//! reader), the profile rules of §5.3, and the routing.

use super::documents;
use crate::date::Date;
use crate::params::Params;
use crate::read::Ctx;
use crate::report::{DecisionBy, HandledBy, Routing};
use crate::rulebook::{Citation, Confidence, Profile, RuleId};
use crate::wire::enums::{AgencyLevel, TripPurpose};
use crate::wire::Dossier;
use crate::wire::Trip;

pub(crate) fn check(
    cx: &mut Ctx<'_>,
    d: &Dossier<'_>,
    t: &Trip<'_>,
    as_of: Date,
    profile: &Profile,
) -> Option<Routing> {
    trip01_departure_past(cx, t, as_of);
    trip02_itinerary_dates(cx, t);
    trip03_itinerary_vn(cx, t);
    trip04_passport_validity(cx, t);
    trip05_06_passport_type(cx, t);
    trip08_documents(cx, d, t);
    local_rules(cx, t, profile);
    routing(d, t)
}

/// TRIP-01: departure not before `as_of`.
fn trip01_departure_past(cx: &mut Ctx<'_>, t: &Trip<'_>, as_of: Date) {
    if t.departure_date.is_some_and(|d| d < as_of) {
        cx.emit_at(
            RuleId::Trip01DeparturePast,
            "/trip/departureDate",
            Params::new(),
        );
    }
}

/// TRIP-02: every stop's dates within departure..return.
fn trip02_itinerary_dates(cx: &mut Ctx<'_>, t: &Trip<'_>) {
    let (Some(dep), Some(ret)) = (t.departure_date, t.return_date) else {
        return;
    };
    let outside = |d: Option<Date>| d.is_some_and(|d| d < dep || d > ret);
    for (i, stop) in t.itinerary.iter().flatten().enumerate() {
        let Some(stop) = stop else { continue };
        for (key, date) in [("arrive", stop.arrive), ("leave", stop.leave)] {
            if outside(date) {
                cx.emit_at(
                    RuleId::Trip02ItineraryDates,
                    format!("/trip/itinerary/{i}/{key}"),
                    Params::new(),
                );
            }
        }
    }
}

/// TRIP-03: no stop in Viet Nam.
fn trip03_itinerary_vn(cx: &mut Ctx<'_>, t: &Trip<'_>) {
    for (i, stop) in t.itinerary.iter().flatten().enumerate() {
        if stop.as_ref().and_then(|s| s.country_code) == Some("VN") {
            cx.emit_at(
                RuleId::Trip03ItineraryVn,
                format!("/trip/itinerary/{i}/countryCode"),
                Params::new(),
            );
        }
    }
}

/// TRIP-04: each passport valid until departure + 6 months (same day, clamped to month end).
fn trip04_passport_validity(cx: &mut Ctx<'_>, t: &Trip<'_>) {
    let months = cx.ed.trip.passport_validity_months;
    let Some(min_expiry) = t.departure_date.and_then(|d| d.add_months_clamped(months)) else {
        return;
    };
    for (i, member) in t.members.iter().flatten().enumerate() {
        let expires = member
            .as_ref()
            .and_then(|m| m.passport.as_ref())
            .and_then(|p| p.expires_on);
        if expires.is_some_and(|e| e < min_expiry) {
            cx.emit_at(
                RuleId::Trip04PassportValidity,
                format!("/trip/members/{i}/passport/expiresOn"),
                Params::new().with("minExpiry", min_expiry.to_string()),
            );
        }
    }
}

/// TRIP-05 (private trip on a diplomatic or official passport, error) and TRIP-06 (official
/// trip on an ordinary passport, warning).
fn trip05_06_passport_type(cx: &mut Ctx<'_>, t: &Trip<'_>) {
    let p = &cx.ed.trip;
    let (rule, wrong) = match t.purpose {
        Some(TripPurpose::Private) => (
            RuleId::Trip05PrivateOfficialPassport,
            p.private_forbidden_passports,
        ),
        Some(TripPurpose::Official) => (
            RuleId::Trip06OfficialOrdinaryPassport,
            p.official_discouraged_passports,
        ),
        None => return,
    };
    for (i, member) in t.members.iter().flatten().enumerate() {
        let kind = member
            .as_ref()
            .and_then(|m| m.passport.as_ref())
            .and_then(|p| p.passport_type);
        if kind.is_some_and(|k| wrong.contains(&k)) {
            cx.emit_at(
                rule,
                format!("/trip/members/{i}/passport/type"),
                Params::new(),
            );
        }
    }
}

/// TRIP-08: documents of an official or a private trip.
fn trip08_documents(cx: &mut Ctx<'_>, d: &Dossier<'_>, t: &Trip<'_>) {
    let p = &cx.ed.trip;
    match t.purpose {
        Some(TripPurpose::Official) => {
            documents::require(cx, d, RuleId::Trip08Documents, p.documents_official);
            let source = t.funding.as_ref().and_then(|f| f.source);
            if source.is_some_and(|s| p.budget_document_funding.contains(&s)) {
                let doc = p.budget_document;
                documents::require(cx, d, RuleId::Trip08Documents, &[doc]);
            }
        }
        Some(TripPurpose::Private) => {
            documents::require(cx, d, RuleId::Trip08Documents, p.documents_private);
        }
        None => {}
    }
}

/// RULES.md §5.3: the profile's local policy. The national profile enforces none.
fn local_rules(cx: &mut Ctx<'_>, t: &Trip<'_>, profile: &Profile) {
    let Some(basis) = profile.citation else {
        return;
    };
    let policy = &profile.trip;
    let basis = Citation {
        confidence: Confidence::Local,
        ..basis
    };
    let cap = |max: i64, actual: i64| Params::new().with("max", max).with("actual", actual);
    let len = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);

    if let Some(max) = policy.max_countries {
        let mut countries: Vec<&str> = t
            .itinerary
            .iter()
            .flatten()
            .flatten()
            .filter_map(|s| s.country_code)
            .collect();
        countries.sort_unstable();
        countries.dedup();
        if len(countries.len()) > max {
            cx.emit_local(
                RuleId::LocalTooManyCountries,
                "/trip/itinerary",
                cap(max, len(countries.len())),
                basis,
            );
        }
    }
    if let (Some((normal, important)), Some(event)) = (policy.max_days_per_stop, t.important_event)
    {
        let max = if event { important } else { normal };
        for (i, stop) in t.itinerary.iter().flatten().enumerate() {
            let Some((arrive, leave)) = stop.as_ref().and_then(|s| Some((s.arrive?, s.leave?)))
            else {
                continue;
            };
            let days = arrive.days_until(leave) + 1;
            if days > max {
                cx.emit_local(
                    RuleId::LocalDaysPerCountry,
                    format!("/trip/itinerary/{i}/leave"),
                    cap(max, days),
                    basis,
                );
            }
        }
    }
    if let (Some(max), Some(dep), Some(ret)) =
        (policy.max_trip_days, t.departure_date, t.return_date)
    {
        let days = dep.days_until(ret) + 1;
        if days > max {
            cx.emit_local(
                RuleId::LocalTooLong,
                "/trip/returnDate",
                cap(max, days),
                basis,
            );
        }
    }
    if let (Some(delegation), Some(members)) = (policy.delegation, &t.members) {
        if let Some(max) = delegation.max(t.leader_rank) {
            if len(members.len()) > max {
                cx.emit_local(
                    RuleId::LocalDelegationSize,
                    "/trip/members",
                    cap(max, len(members.len())),
                    basis,
                );
            }
        }
    }
    if let (Some(max), Some(TripPurpose::Official)) =
        (policy.max_official_trips_per_year, t.purpose)
    {
        for (i, member) in t.members.iter().flatten().enumerate() {
            let Some(done) = member.as_ref().and_then(|m| m.official_trips_this_year) else {
                continue;
            };
            if done >= max {
                cx.emit_local(
                    RuleId::LocalTripsPerYear,
                    format!("/trip/members/{i}/officialTripsThisYear"),
                    cap(max, done),
                    basis,
                );
            }
        }
    }
    if policy.one_key_leader_per_agency {
        let mut agencies_with_leader: Vec<String> = Vec::new();
        for (j, member) in t.members.iter().flatten().enumerate() {
            let Some(m) = member else { continue };
            let (Some(true), Some(agency)) = (m.key_leader, m.agency) else {
                continue;
            };
            // Same agency: equal after collapsing white space and folding ASCII case (Unicode
            // case tables would add ~10 KB to the WebAssembly build).
            let agency = agency
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            if agencies_with_leader.contains(&agency) {
                cx.emit_local(
                    RuleId::LocalKeyLeadersTogether,
                    format!("/trip/members/{j}/keyLeader"),
                    Params::new(),
                    basis,
                );
            } else {
                agencies_with_leader.push(agency);
            }
        }
    }
    let source = t.funding.as_ref().and_then(|f| f.source);
    if source.is_some_and(|s| policy.forbidden_funding.contains(&s)) {
        cx.emit_local(
            RuleId::LocalBusinessFunded,
            "/trip/funding/source",
            Params::new(),
            basis,
        );
    }
}

/// RULES.md §5.2 routing.
fn routing(d: &Dossier<'_>, t: &Trip<'_>) -> Option<Routing> {
    let agency = t.sending_agency.as_ref()?;
    let province = agency.province_code?;
    let (decision_by, handled_by, commune_code) = match t.purpose? {
        TripPurpose::Official => (
            DecisionBy::ProvincialChair,
            HandledBy::ProvincialForeignAffairsOffice,
            None,
        ),
        TripPurpose::Private => match agency.level? {
            AgencyLevel::Commune => (
                DecisionBy::CommuneChair,
                HandledBy::CommuneOffice,
                Some(agency.commune_code?),
            ),
            AgencyLevel::Province => (DecisionBy::AgencyHead, HandledBy::SendingAgency, None),
        },
    };
    Some(Routing {
        decision_by,
        province_code: Some(province),
        commune_code,
        handled_by,
        forwarded_from_commune: d.receiving_unit.as_ref().is_some_and(|r| r.commune_present),
        consult: Vec::new(),
    })
}
