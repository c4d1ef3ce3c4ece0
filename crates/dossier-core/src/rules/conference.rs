//! `conference_permit` (RULES.md §3): CONF-01 … CONF-09 and the routing.

use super::documents;
use crate::date::Date;
use crate::params::Params;
use crate::read::Ctx;
use crate::report::{DecisionBy, HandledBy, Routing};
use crate::rulebook::{ConferenceParams, RuleId};
use crate::wire::enums::{ConferenceFormat, OrganizerKind, StateSecret};
use crate::wire::Dossier;
use crate::wire::{Conference, List};

/// Runs every conference rule; returns the routing when it can be determined.
pub(crate) fn check(
    cx: &mut Ctx<'_>,
    d: &Dossier<'_>,
    c: &Conference<'_>,
    as_of: Date,
) -> Option<Routing> {
    let p: &ConferenceParams = &cx.ed.conference;
    let pm = prime_minister_level(c, p);
    conf01_not_international(cx, c);
    conf02_press_conference(cx, c);
    conf03_lead_time(cx, c, as_of, pm);
    conf04_05_documents(cx, d, c);
    conf06_vn_endpoint(cx, c);
    conf07_dignitary_count(cx, c);
    conf08_agenda_dates(cx, c);
    conf09_state_secret(cx, c);
    routing(d, c, pm)
}

/// Every readable item of an optional list, or `None` if any item could not be read
/// (an absent list is an empty one).
fn all_items<T>(list: Option<&List<T>>) -> Option<Vec<&T>> {
    list.map_or(Some(Vec::new()), |l| l.iter().map(Option::as_ref).collect())
}

/// Prime-Minister level (QĐ 06 Điều 3.1): a head of state or government, a sensitive topic,
/// or state secrets. `None` when a value it depends on could not be read and nothing else
/// already decides it.
pub(crate) fn prime_minister_level(c: &Conference<'_>, p: &ConferenceParams) -> Option<bool> {
    let mut unknown = false;
    let mut lifted = false;
    match all_items(c.foreign_dignitaries.as_ref()) {
        Some(ds) => {
            for d in ds {
                match d.rank {
                    Some(r) => lifted |= p.prime_minister_ranks.contains(&r),
                    None => unknown = true,
                }
            }
        }
        None => unknown = true,
    }
    match &c.topics {
        Some(topics) if !topics.is_empty() => {
            for t in topics {
                match t {
                    Some(t) => lifted |= p.sensitive_topics.contains(t),
                    None => unknown = true,
                }
            }
        }
        _ => unknown = true,
    }
    match c.state_secret {
        Some(s) => lifted |= s != StateSecret::None,
        None => unknown = true,
    }
    if lifted {
        Some(true)
    } else if unknown {
        None
    } else {
        Some(false)
    }
}

/// CONF-01: no foreign element at all (warning).
fn conf01_not_international(cx: &mut Ctx<'_>, c: &Conference<'_>) {
    let domestic = |code: Option<&str>| code == Some("VN");
    let no_foreign_participants = c.participants.as_ref().and_then(|p| p.foreign) == Some(0);
    let organizer = c
        .organizer
        .as_ref()
        .is_some_and(|o| domestic(o.country_code));
    let co = all_items(c.co_organizers.as_ref())
        .is_some_and(|l| l.iter().all(|x| domestic(x.country_code)));
    let sponsors =
        all_items(c.sponsors.as_ref()).is_some_and(|l| l.iter().all(|x| domestic(x.country_code)));
    let endpoints =
        all_items(c.endpoints.as_ref()).is_some_and(|l| l.iter().all(|x| domestic(x.country_code)));
    if no_foreign_participants && organizer && co && sponsors && endpoints {
        cx.emit_at(RuleId::Conf01NotInternational, "", Params::new());
    }
}

/// CONF-02: a press conference is another procedure.
fn conf02_press_conference(cx: &mut Ctx<'_>, c: &Conference<'_>) {
    if c.press_conference == Some(true) {
        cx.emit_at(
            RuleId::Conf02PressConference,
            "/conference/pressConference",
            Params::new(),
        );
    }
}

/// CONF-03: file at least 30 days ahead (40 at Prime-Minister level), calendar days.
fn conf03_lead_time(cx: &mut Ctx<'_>, c: &Conference<'_>, as_of: Date, pm: Option<bool>) {
    let Some(start) = c.start_date else { return };
    let p = &cx.ed.conference;
    let required = if pm == Some(true) {
        p.lead_days_prime_minister
    } else {
        p.lead_days
    };
    let actual = as_of.days_until(start);
    if actual < required {
        cx.emit_at(
            RuleId::Conf03LeadTime,
            "/conference/startDate",
            Params::new()
                .with("requiredDays", required)
                .with("actualDays", actual),
        );
    }
}

/// CONF-04: request letter and plan; CONF-05: a sector opinion for sensitive topics.
fn conf04_05_documents(cx: &mut Ctx<'_>, d: &Dossier<'_>, c: &Conference<'_>) {
    let p = &cx.ed.conference;
    documents::require(cx, d, RuleId::Conf04Documents, p.required_documents);
    let sensitive = c
        .topics
        .iter()
        .flatten()
        .flatten()
        .any(|t| p.sensitive_topics.contains(t));
    if sensitive {
        let doc = p.sensitive_topic_document;
        documents::require(cx, d, RuleId::Conf05SectorOpinion, &[doc]);
    }
}

/// CONF-06: an online or hybrid event needs an endpoint in Viet Nam.
fn conf06_vn_endpoint(cx: &mut Ctx<'_>, c: &Conference<'_>) {
    if !matches!(
        c.format,
        Some(ConferenceFormat::Online | ConferenceFormat::Hybrid)
    ) {
        return;
    }
    let Some(endpoints) = c.endpoints.as_ref().filter(|l| !l.is_empty()) else {
        return; // FIELD_REQUIRED already says so
    };
    let countries: Option<Vec<&str>> = endpoints
        .iter()
        .map(|e| e.as_ref().and_then(|e| e.country_code))
        .collect();
    if countries.is_some_and(|cs| !cs.contains(&"VN")) {
        cx.emit_at(
            RuleId::Conf06NoVnEndpoint,
            "/conference/endpoints",
            Params::new(),
        );
    }
}

/// CONF-07: more foreign dignitaries listed than foreign participants.
fn conf07_dignitary_count(cx: &mut Ctx<'_>, c: &Conference<'_>) {
    let listed = c.foreign_dignitaries.as_ref().map_or(0, Vec::len);
    let foreign = c.participants.as_ref().and_then(|p| p.foreign);
    if foreign.is_some_and(|f| i64::try_from(listed).unwrap_or(i64::MAX) > f) {
        cx.emit_at(
            RuleId::Conf07DignitaryCount,
            "/conference/participants/foreign",
            Params::new(),
        );
    }
}

/// CONF-08: each agenda date within start..end.
fn conf08_agenda_dates(cx: &mut Ctx<'_>, c: &Conference<'_>) {
    let (Some(start), Some(end)) = (c.start_date, c.end_date) else {
        return;
    };
    if end < start {
        return; // DATE_ORDER already says so
    }
    for (i, item) in c.agenda.iter().flatten().enumerate() {
        if item
            .as_ref()
            .and_then(|a| a.date)
            .is_some_and(|date| date < start || date > end)
        {
            cx.emit_at(
                RuleId::Conf08AgendaOutsideDates,
                format!("/conference/agenda/{i}/date"),
                Params::new(),
            );
        }
    }
}

/// CONF-09: state secrets need approvals and restricted attendance (warning).
fn conf09_state_secret(cx: &mut Ctx<'_>, c: &Conference<'_>) {
    if c.state_secret.is_some_and(|s| s != StateSecret::None) {
        cx.emit_at(
            RuleId::Conf09StateSecret,
            "/conference/stateSecret",
            Params::new(),
        );
    }
}

/// RULES.md §3 routing: the venue's province (the receiving unit's when online); the Prime
/// Minister at PM level (consulting MOFA and MPS), a sector agency for associations and funds,
/// otherwise the provincial chair.
fn routing(d: &Dossier<'_>, c: &Conference<'_>, pm: Option<bool>) -> Option<Routing> {
    let province_code = match c.format? {
        ConferenceFormat::Online => d.receiving_unit.as_ref()?.province_code?,
        ConferenceFormat::InPerson | ConferenceFormat::Hybrid => c.venue.as_ref()?.province_code?,
    };
    let (decision_by, consult) = if pm? {
        (
            DecisionBy::PrimeMinister,
            vec!["mofa".to_owned(), "mps".to_owned()],
        )
    } else if c.organizer.as_ref()?.kind? == OrganizerKind::AssociationOrFund {
        (DecisionBy::SectorAgency, Vec::new())
    } else {
        (DecisionBy::ProvincialChair, Vec::new())
    };
    Some(Routing {
        decision_by,
        province_code: Some(province_code),
        commune_code: None,
        handled_by: HandledBy::ProvincialForeignAffairsOffice,
        forwarded_from_commune: d.receiving_unit.as_ref().is_some_and(|r| r.commune_present),
        consult,
    })
}
