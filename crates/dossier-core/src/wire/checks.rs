//! The checks the field model names (`Group::check`) for what depends on several fields, and
//! the `FIELD_FORMAT` finding the generated readers emit.

use super::enums::ApplicantType;
use super::Applicant;
use crate::checks::formats::{self, PhoneRegion};
use crate::checks::ids;
use crate::date::Date;
use crate::params::Params;
use crate::read::Ctx;
use crate::rulebook::RuleId;

pub(crate) fn format_error(cx: &mut Ctx<'_>, format: &'static str) {
    cx.emit(RuleId::FieldFormat, Params::new().with("format", format));
}

/// The applicant's tax code; the phone number, whose forms depend on the address's country; the
/// ID number, which depends on the country and the date of birth.
pub(crate) fn applicant(cx: &mut Ctx<'_>, a: &Applicant<'_>) {
    let country = a.address.as_ref().and_then(|a| a.country_code);
    if a.tax_code.is_some_and(|t| !ids::is_tax_code(t)) {
        cx.at("taxCode", |cx| {
            cx.emit(RuleId::TaxCodeInvalid, Params::new())
        });
    }
    let region = match country {
        Some("VN") => PhoneRegion::Vietnam,
        Some(_) => PhoneRegion::International,
        None => PhoneRegion::Unknown,
    };
    if a.phone.is_some_and(|p| !formats::is_phone(p, region)) {
        cx.at("phone", |cx| format_error(cx, "phone"));
    }
    let individual = a.applicant_type == Some(ApplicantType::Individual);
    if let (true, Some(id)) = (individual, a.id_number) {
        id_number(cx, id, a.date_of_birth, country);
    }
}

/// A Vietnamese address needs a valid citizen ID; elsewhere a passport number (or a
/// Vietnamese citizen ID, for Vietnamese living abroad).
fn id_number(cx: &mut Ctx<'_>, id: &str, dob: Option<Date>, country: Option<&str>) {
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
