//! `ngo_licence` (RULES.md §4): NGO-01 … NGO-11 and the routing. NGO-12 (conditionally
//! required office and current certificate) is applied by the reader (`wire`).

use super::documents;
use crate::date::Date;
use crate::params::Params;
use crate::read::Ctx;
use crate::report::{DecisionBy, HandledBy, Routing};
use crate::rulebook::{NgoParams, RuleId};
use crate::wire::enums::{CertificateType, RequestType};
use crate::wire::Dossier;
use crate::wire::Ngo;

pub(crate) fn check(
    cx: &mut Ctx<'_>,
    d: &Dossier<'_>,
    n: &Ngo<'_>,
    as_of: Date,
) -> Option<Routing> {
    ngo01_project_office(cx, n);
    ngo02_term_too_long(cx, n);
    ngo03_home_registration(cx, n);
    ngo04_office_city(cx, n);
    ngo05_office_premises(cx, n);
    ngo06_plan_too_short(cx, n);
    ngo07_programme_area(cx, n);
    ngo08_passport_expired(cx, n, as_of);
    ngo09_criminal_record(cx, n);
    ngo10_domestic_fundraising(cx, n);
    ngo11_documents(cx, d, n);
    routing(d, n)
}

/// Term and plan length in years for a certificate type (`None`: the type has no such rule).
fn years(p: &NgoParams, t: Option<CertificateType>) -> Option<i32> {
    match t? {
        CertificateType::Operation => Some(p.years_operation),
        CertificateType::RepresentativeOffice => Some(p.years_representative_office),
        CertificateType::ProjectOffice => None,
    }
}

/// The last day of a period of `years` years starting on `from`: `from` + N years − 1 day.
fn period_end(from: Date, years: i32) -> Option<Date> {
    from.add_years_clamped(years)?.add_days(-1)
}

/// NGO-01: project offices belong to NĐ 12/2012, not NĐ 58/2022.
fn ngo01_project_office(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    if n.certificate_type == Some(CertificateType::ProjectOffice) {
        cx.emit_at(
            RuleId::Ngo01ProjectOffice,
            "/ngo/certificateType",
            Params::new(),
        );
    }
}

/// NGO-02: at most 3 years (operation) or 5 years (representative office).
fn ngo02_term_too_long(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let Some(max) = years(&cx.ed.ngo, n.certificate_type) else {
        return;
    };
    let Some(term) = &n.term else { return };
    let (Some(from), Some(to)) = (term.from, term.to) else {
        return;
    };
    if period_end(from, max).is_some_and(|last| to > last) {
        cx.emit_at(
            RuleId::Ngo02TermTooLong,
            "/ngo/term/to",
            Params::new().with("maxYears", i64::from(max)),
        );
    }
}

/// NGO-03: the term may not outlast the home registration.
fn ngo03_home_registration(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let expiry = n
        .organization
        .as_ref()
        .and_then(|o| o.home_registration_expiry);
    let to = n.term.as_ref().and_then(|t| t.to);
    if let (Some(expiry), Some(to)) = (expiry, to) {
        if to > expiry {
            cx.emit_at(RuleId::Ngo03HomeRegistration, "/ngo/term/to", Params::new());
        }
    }
}

fn representative_office(n: &Ngo<'_>) -> bool {
    n.certificate_type == Some(CertificateType::RepresentativeOffice)
}

/// NGO-04: a representative office only in Hà Nội, Đà Nẵng or TP Hồ Chí Minh.
fn ngo04_office_city(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let province = n.office.as_ref().and_then(|o| o.province_code);
    if representative_office(n)
        && province.is_some_and(|p| !cx.ed.ngo.office_provinces.contains(&p))
    {
        cx.emit_at(
            RuleId::Ngo04OfficeCity,
            "/ngo/office/provinceCode",
            Params::new(),
        );
    }
}

/// NGO-05: not in state, Party or socio-political premises.
fn ngo05_office_premises(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let premises = n.office.as_ref().and_then(|o| o.premises);
    if premises.is_some_and(|p| cx.ed.ngo.forbidden_premises.contains(&p)) {
        cx.emit_at(
            RuleId::Ngo05OfficePremises,
            "/ngo/office/premises",
            Params::new(),
        );
    }
}

/// NGO-06: for a new or extended registration, the programmes together cover at least the
/// term's length (earliest `from` to latest `to`).
fn ngo06_plan_too_short(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    if !matches!(
        n.request_type,
        Some(RequestType::New | RequestType::Extension)
    ) {
        return;
    }
    let Some(required) = years(&cx.ed.ngo, n.certificate_type) else {
        return;
    };
    let programmes: Vec<_> = n.programmes.iter().flatten().flatten().collect();
    let earliest = programmes.iter().filter_map(|p| p.from).min();
    let latest = programmes.iter().filter_map(|p| p.to).max();
    let (Some(earliest), Some(latest)) = (earliest, latest) else {
        return;
    };
    if period_end(earliest, required).is_some_and(|last| latest < last) {
        cx.emit_at(
            RuleId::Ngo06PlanTooShort,
            "/ngo/programmes",
            Params::new().with("requiredYears", i64::from(required)),
        );
    }
}

/// NGO-07: every programme province is an operating province.
fn ngo07_programme_area(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let Some(operating) = &n.operating_provinces else {
        return;
    };
    let operating: Vec<u32> = operating.iter().flatten().copied().collect();
    for (i, programme) in n.programmes.iter().flatten().enumerate() {
        let Some(provinces) = programme.as_ref().and_then(|p| p.provinces.as_ref()) else {
            continue;
        };
        let mut reported: Vec<u32> = Vec::new();
        for &code in provinces.iter().flatten() {
            if !operating.contains(&code) && !reported.contains(&code) {
                reported.push(code);
                cx.emit_at(
                    RuleId::Ngo07ProgrammeArea,
                    format!("/ngo/programmes/{i}/provinces"),
                    Params::new().with("provinceCode", code),
                );
            }
        }
    }
}

/// NGO-08: the representative's passport must not have expired on `as_of`.
fn ngo08_passport_expired(cx: &mut Ctx<'_>, n: &Ngo<'_>, as_of: Date) {
    let expiry = n.representative.as_ref().and_then(|r| r.passport_expiry);
    if expiry.is_some_and(|e| e < as_of) {
        cx.emit_at(
            RuleId::Ngo08PassportExpired,
            "/ngo/representative/passportExpiry",
            Params::new(),
        );
    }
}

/// NGO-09: a criminal record from every country of residence in the last 6 months.
fn ngo09_criminal_record(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let Some(rep) = &n.representative else { return };
    let (Some(residences), Some(records)) =
        (&rep.residences_last_6_months, &rep.criminal_record_from)
    else {
        return;
    };
    let missing = residences
        .iter()
        .flatten()
        .find(|country| !records.iter().flatten().any(|r| r == *country));
    if let Some(country) = missing {
        cx.emit_at(
            RuleId::Ngo09CriminalRecord,
            "/ngo/representative/criminalRecordFrom",
            Params::new().with("countryCode", (*country).to_owned()),
        );
    }
}

/// NGO-10: no fundraising in Viet Nam.
fn ngo10_domestic_fundraising(cx: &mut Ctx<'_>, n: &Ngo<'_>) {
    let forbidden = cx.ed.ngo.forbidden_funding;
    if n.funding_sources
        .iter()
        .flatten()
        .flatten()
        .any(|f| forbidden.contains(f))
    {
        cx.emit_at(
            RuleId::Ngo10DomesticFundraising,
            "/ngo/fundingSources",
            Params::new(),
        );
    }
}

/// NGO-11: the documents of the request type.
fn ngo11_documents(cx: &mut Ctx<'_>, d: &Dossier<'_>, n: &Ngo<'_>) {
    let p = &cx.ed.ngo;
    let required = match n.request_type {
        Some(RequestType::New) => p.documents_new,
        Some(RequestType::Extension) => p.documents_extension,
        Some(RequestType::Amendment | RequestType::Reissue) => p.documents_amendment_reissue,
        None => return,
    };
    documents::require(cx, d, RuleId::Ngo11Documents, required);
}

/// RULES.md §4 routing: decided by MOFA, handled by the NGO committee, no province; consult
/// each operating province and the office's province.
fn routing(d: &Dossier<'_>, n: &Ngo<'_>) -> Option<Routing> {
    let operating = n.operating_provinces.as_ref().filter(|l| !l.is_empty())?;
    let mut provinces: Vec<u32> = operating.iter().copied().collect::<Option<Vec<u32>>>()?;
    match n.office.as_ref().map(|o| o.province_code) {
        Some(Some(office)) => provinces.push(office),
        // The office is required (NGO-12) and unreadable or absent: consult is unknown.
        Some(None) | None if representative_office(n) => return None,
        _ => {}
    }
    let mut consult: Vec<String> = provinces.iter().map(|p| format!("province:{p}")).collect();
    consult.sort();
    consult.dedup();
    Some(Routing {
        decision_by: DecisionBy::Mofa,
        province_code: None,
        commune_code: None,
        handled_by: HandledBy::NgoCommittee,
        forwarded_from_commune: d.receiving_unit.as_ref().is_some_and(|r| r.commune_present),
        consult,
    })
}
