//! The `ngo` body (RULES.md §4).

use super::conference::List;
use super::enums::{CertificateType, NgoField, NgoFunding, Premises, RequestType};
use crate::date::Date;
use crate::read::{Ctx, Need, Obj, Text};
use crate::rulebook::RuleId;

const REQ: Need = Need::Required;
const OPT: Need = Need::Optional;

#[derive(Debug, Clone, Default)]
pub struct Ngo<'v> {
    pub certificate_type: Option<CertificateType>,
    pub request_type: Option<RequestType>,
    pub organization: Option<NgoOrganization<'v>>,
    pub term: Option<Term>,
    pub operating_provinces: Option<List<u32>>,
    pub fields: Option<List<NgoField>>,
    pub programmes: Option<List<Programme<'v>>>,
    pub funding_sources: Option<List<NgoFunding>>,
    pub office: Option<Office<'v>>,
    pub representative: Option<Representative<'v>>,
    pub current_certificate: Option<CurrentCertificate<'v>>,
}

#[derive(Debug, Clone, Default)]
pub struct NgoOrganization<'v> {
    pub name: Option<&'v str>,
    pub country_code: Option<&'v str>,
    /// `None`: no end (or not given).
    pub home_registration_expiry: Option<Date>,
}

#[derive(Debug, Clone, Default)]
pub struct Term {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

#[derive(Debug, Clone, Default)]
pub struct Programme<'v> {
    pub title: Option<&'v str>,
    pub provinces: Option<List<u32>>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub budget_usd: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Office<'v> {
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
    pub address: Option<&'v str>,
    pub premises: Option<Premises>,
}

#[derive(Debug, Clone, Default)]
pub struct Representative<'v> {
    pub name: Option<&'v str>,
    pub nationality: Option<&'v str>,
    pub passport_number: Option<&'v str>,
    pub passport_expiry: Option<Date>,
    pub residences_last_6_months: Option<List<&'v str>>,
    pub criminal_record_from: Option<List<&'v str>>,
}

#[derive(Debug, Clone, Default)]
pub struct CurrentCertificate<'v> {
    pub number: Option<&'v str>,
    pub issued_on: Option<Date>,
    pub expires_on: Option<Date>,
}

impl<'v> Ngo<'v> {
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>) -> Ngo<'v> {
        let max = cx.ed.limits.list_max;
        let certificate_type = o.choice::<CertificateType>(cx, "certificateType", REQ);
        let request_type = o.choice::<RequestType>(cx, "requestType", REQ);
        let organization = o.object(cx, "organization", REQ, |cx, o| NgoOrganization {
            name: o.text(cx, "name", REQ, Text::Name),
            country_code: o.country(cx, "countryCode", REQ),
            home_registration_expiry: o.date(cx, "homeRegistrationExpiry", OPT),
        });
        let term = o.object(cx, "term", REQ, |cx, o| {
            let from = o.date(cx, "from", REQ);
            let to = o.date(cx, "to", REQ);
            cx.date_order("from", from, "to", to);
            Term { from, to }
        });
        let operating_provinces =
            o.list(cx, "operatingProvinces", REQ, max, |cx, v| cx.province(v));
        let fields = o.list(cx, "fields", REQ, max, |cx, v| {
            cx.choice::<NgoField>(v, REQ)
        });
        let programmes = o.list(cx, "programmes", REQ, max, |cx, v| {
            cx.object(v, |cx, o| {
                let title = o.text(cx, "title", REQ, Text::Name);
                let provinces = o.list(cx, "provinces", REQ, max, |cx, v| cx.province(v));
                let from = o.date(cx, "from", REQ);
                let to = o.date(cx, "to", REQ);
                cx.date_order("from", from, "to", to);
                let budget_usd = o.int(cx, "budgetUsd", REQ, 0);
                Programme {
                    title,
                    provinces,
                    from,
                    to,
                    budget_usd,
                }
            })
        });
        let funding_sources = o.list(cx, "fundingSources", REQ, max, |cx, v| {
            cx.choice::<NgoFunding>(v, REQ)
        });
        // NGO-12: a representative office needs its office; extension, amendment and reissue
        // need the current certificate.
        let is_office = certificate_type == Some(CertificateType::RepresentativeOffice);
        let office = o.object(
            cx,
            "office",
            Need::when_by(is_office, RuleId::Ngo12Required),
            |cx, o| {
                let (province_code, commune_code) =
                    o.admin_unit(cx, "provinceCode", "communeCode", REQ, REQ);
                Office {
                    province_code,
                    commune_code,
                    address: o.text(cx, "address", REQ, Text::Name),
                    premises: o.choice(cx, "premises", REQ),
                }
            },
        );
        let representative = o.object(cx, "representative", REQ, |cx, o| {
            let name = o.text(cx, "name", REQ, Text::Name);
            let nationality = o.country(cx, "nationality", REQ);
            let passport_number = o.text(cx, "passportNumber", REQ, Text::Code);
            if passport_number.is_some_and(|p| !crate::checks::formats::is_passport_number(p)) {
                cx.at("passportNumber", |cx| {
                    super::common::format_error(cx, "passport_number")
                });
            }
            Representative {
                name,
                nationality,
                passport_number,
                passport_expiry: o.date(cx, "passportExpiry", REQ),
                residences_last_6_months: o.list(cx, "residencesLast6Months", REQ, max, |cx, v| {
                    cx.country(v, REQ)
                }),
                criminal_record_from: o.list(cx, "criminalRecordFrom", REQ, max, |cx, v| {
                    cx.country(v, REQ)
                }),
            }
        });
        let renewing = matches!(
            request_type,
            Some(RequestType::Extension | RequestType::Amendment | RequestType::Reissue)
        );
        let cert_need = Need::when_by(renewing, RuleId::Ngo12Required);
        let current_certificate = o.object(cx, "currentCertificate", cert_need, |cx, o| {
            let number = o.text(cx, "number", REQ, Text::Code);
            let issued_on = o.date(cx, "issuedOn", REQ);
            let expires_on = o.date(cx, "expiresOn", REQ);
            cx.date_order("issuedOn", issued_on, "expiresOn", expires_on);
            CurrentCertificate {
                number,
                issued_on,
                expires_on,
            }
        });
        Ngo {
            certificate_type,
            request_type,
            organization,
            term,
            operating_provinces,
            fields,
            programmes,
            funding_sources,
            office,
            representative,
            current_certificate,
        }
    }
}
