//! The parts every kind shares: receiving unit, applicant, documents.

use super::enums::{ApplicantType, DocType, Legalization};
use crate::checks::formats::{self, PhoneRegion};
use crate::checks::ids;
use crate::date::Date;
use crate::params::Params;
use crate::read::{Ctx, Need, Obj, Text};
use crate::rulebook::RuleId;

const REQ: Need = Need::Required;
const OPT: Need = Need::Optional;

/// Where the dossier is filed.
#[derive(Debug, Clone, Default)]
pub struct ReceivingUnit {
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
    /// `communeCode` is present (filed at a commune), whether or not it is valid.
    pub commune_present: bool,
}

impl ReceivingUnit {
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'_, '_>) -> ReceivingUnit {
        let commune_present = o.has("communeCode");
        let (province_code, commune_code) =
            o.admin_unit(cx, "provinceCode", "communeCode", REQ, OPT);
        ReceivingUnit {
            province_code,
            commune_code,
            commune_present,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Address<'v> {
    pub country_code: Option<&'v str>,
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
    pub street: Option<&'v str>,
}

impl<'v> Address<'v> {
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>) -> Address<'v> {
        let country_code = o.country(cx, "countryCode", REQ);
        let in_vietnam = country_code == Some("VN");
        let (province_code, commune_code) = o.admin_unit(
            cx,
            "provinceCode",
            "communeCode",
            Need::when(in_vietnam),
            Need::when(in_vietnam),
        );
        let street = o.text(cx, "street", OPT, Text::Name);
        Address {
            country_code,
            province_code,
            commune_code,
            street,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Applicant<'v> {
    pub applicant_type: Option<ApplicantType>,
    pub name: Option<&'v str>,
    pub tax_code: Option<&'v str>,
    pub id_number: Option<&'v str>,
    pub date_of_birth: Option<Date>,
    pub email: Option<&'v str>,
    pub phone: Option<&'v str>,
    pub address: Option<Address<'v>>,
}

impl<'v> Applicant<'v> {
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>) -> Applicant<'v> {
        let applicant_type = o.choice::<ApplicantType>(cx, "type", REQ);
        let individual = applicant_type == Some(ApplicantType::Individual);
        let name = o.text(cx, "name", REQ, Text::Name);
        let tax_code = o.text(cx, "taxCode", OPT, Text::Code);
        let id_number = o.text(cx, "idNumber", Need::when(individual), Text::Code);
        let date_of_birth = o.date(cx, "dateOfBirth", Need::when(individual));
        let email = o.text(cx, "email", REQ, Text::Name);
        let phone = o.text(cx, "phone", REQ, Text::Code);
        let address = o.object(cx, "address", REQ, Address::read);

        let country = address.as_ref().and_then(|a| a.country_code);
        if tax_code.is_some_and(|t| !ids::is_tax_code(t)) {
            cx.at("taxCode", |cx| {
                cx.emit(RuleId::TaxCodeInvalid, Params::new())
            });
        }
        if email.is_some_and(|e| !formats::is_email(e)) {
            cx.at("email", |cx| format_error(cx, "email"));
        }
        let region = match country {
            Some("VN") => PhoneRegion::Vietnam,
            Some(_) => PhoneRegion::International,
            None => PhoneRegion::Unknown,
        };
        if phone.is_some_and(|p| !formats::is_phone(p, region)) {
            cx.at("phone", |cx| format_error(cx, "phone"));
        }
        if let (true, Some(id)) = (individual, id_number) {
            Self::check_id_number(cx, id, date_of_birth, country);
        }
        Applicant {
            applicant_type,
            name,
            tax_code,
            id_number,
            date_of_birth,
            email,
            phone,
            address,
        }
    }

    /// A Vietnamese address needs a valid citizen ID; elsewhere a passport number (or a
    /// Vietnamese citizen ID, for Vietnamese living abroad).
    fn check_id_number(cx: &mut Ctx<'_>, id: &str, dob: Option<Date>, country: Option<&str>) {
        match country {
            Some("VN") => {
                if let Err(problem) = ids::check_cccd(id, dob, cx.ed.cccd_province_codes) {
                    cx.at("idNumber", |cx| {
                        cx.emit(
                            RuleId::IdNumberInvalid,
                            Params::new().with("reason", problem.as_str()),
                        )
                    });
                }
            }
            Some(_) => {
                let cccd_shaped = id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit());
                if !cccd_shaped && !formats::is_passport_number(id) {
                    cx.at("idNumber", |cx| format_error(cx, "passport_number"));
                }
            }
            None => {}
        }
    }
}

pub(crate) fn format_error(cx: &mut Ctx<'_>, format: &'static str) {
    cx.emit(RuleId::FieldFormat, Params::new().with("format", format));
}

/// Metadata of one attached file.
#[derive(Debug, Clone, Default)]
pub struct Document<'v> {
    pub doc_type: Option<DocType>,
    pub file_name: Option<&'v str>,
    pub media_type: Option<&'v str>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<&'v str>,
    pub language: Option<&'v str>,
    pub translated: Option<bool>,
    pub legalization: Option<Legalization>,
}

impl<'v> Document<'v> {
    /// `types` are the document types the dossier's kind accepts.
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>, types: &[DocType]) -> Document<'v> {
        let doc_type = o.field(cx, "type", REQ, |cx, v| cx.choice_in(v, REQ, types));
        let file_name = o.text(cx, "fileName", REQ, Text::FileName);
        let media_type = o.text(cx, "mediaType", REQ, Text::Code);
        let size_bytes = o.field(cx, "sizeBytes", REQ, |cx, v| cx.int(v, 1));
        let sha256 = o.text(cx, "sha256", REQ, Text::Code);
        if sha256.is_some_and(|s| !formats::is_sha256(s)) {
            cx.at("sha256", |cx| format_error(cx, "sha256"));
        }
        let language = o.text(cx, "language", REQ, Text::Code);
        let translated = o.bool(cx, "translated", OPT);
        let legalization = o.choice::<Legalization>(cx, "legalization", OPT);
        Document {
            doc_type,
            file_name,
            media_type,
            size_bytes,
            sha256,
            language,
            translated,
            legalization,
        }
    }
}
