//! Every rule the engine runs: id, finding code, severity and legal basis. One row per rule;
//! `dossier rulebook` prints this table.

use super::codes::{Code, Confidence, Severity};

/// The legal basis of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    pub text: &'static str,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSpec {
    pub id: &'static str,
    pub code: Code,
    pub severity: Severity,
    /// `None` for format rules of the wire format itself, which have no legal basis.
    pub citation: Option<Citation>,
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $code:ident, $sev:ident, $cite:expr;)+) => {
        /// A rule of the rulebook.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId { $($variant),+ }

        /// All rules, in `RuleId` order.
        pub static RULES: &[RuleSpec] = &[
            $(RuleSpec { id: $id, code: Code::$code, severity: Severity::$sev, citation: $cite }),+
        ];

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),+];
        }
    };
}

const fn cite(text: &'static str, confidence: Confidence) -> Option<Citation> {
    Some(Citation { text, confidence })
}

use Confidence::{Confirmed, Inferred, Secondary};

const ADMIN_2025: &str = "Nghị quyết 202/2025/QH15 (34 tỉnh, thành phố); các nghị quyết năm 2025 \
                          của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã";

rules! {
    JsonSyntax => "GEN-01", JsonSyntax, Error, None;
    FieldRequired => "GEN-02", FieldRequired, Error, None;
    FieldType => "GEN-03", FieldType, Error, None;
    FieldUnknown => "GEN-04", FieldUnknown, Error, None;
    FieldEnum => "GEN-05", FieldEnum, Error, None;
    FieldFormat => "GEN-06", FieldFormat, Error, None;
    FieldLength => "GEN-07", FieldLength, Error, None;
    FieldRange => "GEN-08", FieldRange, Error, None;
    DateOrder => "GEN-09", DateOrder, Error, None;
    AdminUnitUnknown => "GEN-10", AdminUnitUnknown, Error, cite(ADMIN_2025, Secondary);
    AdminUnitMismatch => "GEN-11", AdminUnitMismatch, Error, cite(ADMIN_2025, Secondary);
    CountryUnknown => "GEN-12", CountryUnknown, Error, None;
    IdNumberInvalid => "GEN-13", IdNumberInvalid, Error,
        cite("Luật Căn cước 2023, Điều 12; Thông tư 59/2021/TT-BCA, Điều 7 (cấu trúc số định danh cá nhân)", Secondary);
    TaxCodeInvalid => "GEN-14", TaxCodeInvalid, Error,
        cite("Thông tư 105/2020/TT-BTC, Điều 5 (cấu trúc mã số thuế)", Secondary);
    ReceivingUnitProvince => "GEN-15", ReceivingUnitProvince, Warning,
        cite("NĐ 134/2025/NĐ-CP (thẩm quyền theo địa bàn cấp tỉnh)", Inferred);
    RulebookEditionMismatch => "GEN-16", RulebookEditionMismatch, Warning, None;
    RulebookEditionExpired => "GEN-17", RulebookEditionExpired, Warning,
        cite("NĐ 134/2025/NĐ-CP (áp dụng đến hết 28/02/2027)", Secondary);
    AsofBeforeEdition => "GEN-18", AsofBeforeEdition, Error,
        cite("Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp từ 01/7/2025)", Secondary);
    DocumentMediaType => "GEN-19", DocumentMediaType, Error,
        cite("Nghị định 45/2020/NĐ-CP (thủ tục hành chính trên môi trường điện tử)", Inferred);
    DocumentTooLarge => "GEN-20", DocumentTooLarge, Error,
        cite("Nghị định 45/2020/NĐ-CP (thủ tục hành chính trên môi trường điện tử)", Inferred);
    DocumentTranslation => "GEN-21", DocumentTranslation, Error,
        cite("Nghị định 23/2015/NĐ-CP (bản dịch tiếng Việt, chứng thực chữ ký người dịch)", Inferred);
    DocumentLegalization => "GEN-22", DocumentLegalization, Error,
        cite("Nghị định 111/2011/NĐ-CP (chứng nhận lãnh sự, hợp pháp hóa lãnh sự)", Secondary);

    Conf01NotInternational => "CONF-01", ConfNotInternational, Warning,
        cite("QĐ 06/2020/QĐ-TTg, Điều 1–2", Confirmed);
    Conf02PressConference => "CONF-02", ConfPressConference, Error,
        cite("QĐ 06/2020/QĐ-TTg, Điều 1.1", Confirmed);
    Conf03LeadTime => "CONF-03", ConfLeadTime, Error,
        cite("QĐ 06/2020/QĐ-TTg, Điều 4.1.a", Confirmed);
    Conf04Documents => "CONF-04", DocumentMissing, Error,
        cite("QĐ 06/2020/QĐ-TTg, Điều 4.1.a", Confirmed);
    Conf05SectorOpinion => "CONF-05", DocumentMissing, Warning,
        cite("QĐ 06/2020/QĐ-TTg, Điều 4.1.a", Inferred);
    Conf06NoVnEndpoint => "CONF-06", ConfNoVnEndpoint, Error,
        cite("QĐ 06/2020/QĐ-TTg, Điều 2.1", Confirmed);
    Conf07DignitaryCount => "CONF-07", ConfDignitaryCount, Error,
        cite("QĐ 06/2020/QĐ-TTg (danh sách đại biểu nước ngoài)", Inferred);
    Conf08AgendaOutsideDates => "CONF-08", ConfAgendaOutsideDates, Error,
        cite("QĐ 06/2020/QĐ-TTg (chương trình hội nghị trong thời gian được phép)", Inferred);
    Conf09StateSecret => "CONF-09", ConfStateSecret, Warning,
        cite("Luật Bảo vệ bí mật nhà nước 2018, Điều 18", Confirmed);

    Ngo01ProjectOffice => "NGO-01", NgoProjectOfficeAbolished, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 9", Inferred);
    Ngo02TermTooLong => "NGO-02", NgoTermTooLong, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 9.1", Confirmed);
    Ngo03HomeRegistration => "NGO-03", NgoTermExceedsHomeRegistration, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 9.1", Confirmed);
    Ngo04OfficeCity => "NGO-04", NgoOfficeCity, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 8.2", Confirmed);
    Ngo05OfficePremises => "NGO-05", NgoOfficePremises, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 8.3", Confirmed);
    Ngo06PlanTooShort => "NGO-06", NgoPlanTooShort, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 10, 14", Secondary);
    Ngo07ProgrammeArea => "NGO-07", NgoProgrammeOutsideArea, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 8.1", Confirmed);
    Ngo08PassportExpired => "NGO-08", NgoRepresentativePassportExpired, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 11", Secondary);
    Ngo09CriminalRecord => "NGO-09", NgoCriminalRecordCoverage, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 11", Secondary);
    Ngo10DomesticFundraising => "NGO-10", NgoDomesticFundraising, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 2", Secondary);
    Ngo11Documents => "NGO-11", DocumentMissing, Error,
        cite("NĐ 58/2022/NĐ-CP, Điều 11, 16, 17", Secondary);
    Ngo12Required => "NGO-12", FieldRequired, Error, None;

    Trip01DeparturePast => "TRIP-01", TripDeparturePast, Error, None;
    Trip02ItineraryDates => "TRIP-02", TripItineraryOutsideDates, Error, None;
    Trip03ItineraryVn => "TRIP-03", TripItineraryVn, Error, None;
    Trip04PassportValidity => "TRIP-04", TripPassportValidity, Error,
        cite("Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019, Điều 33.1.a", Confirmed);
    Trip05PrivateOfficialPassport => "TRIP-05", TripPassportType, Error,
        cite("QĐ 58/2012/QĐ-TTg", Secondary);
    Trip06OfficialOrdinaryPassport => "TRIP-06", TripPassportType, Warning,
        cite("Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 2019, Điều 10", Secondary);
    Trip07Invitation => "TRIP-07", FieldRequired, Error, None;
    Trip08Documents => "TRIP-08", DocumentMissing, Error,
        cite("Thủ tục hành chính cấp tỉnh về cử cán bộ, công chức đi công tác nước ngoài", Secondary);

    // Local policy: the citation comes from the profile that enables the rule.
    LocalTooManyCountries => "TRIP-L1", TripTooManyCountries, Error, None;
    LocalDaysPerCountry => "TRIP-L2", TripDaysPerCountry, Error, None;
    LocalTooLong => "TRIP-L3", TripTooLong, Error, None;
    LocalDelegationSize => "TRIP-L4", TripDelegationSize, Error, None;
    LocalTripsPerYear => "TRIP-L5", TripTripsPerYear, Warning, None;
    LocalKeyLeadersTogether => "TRIP-L6", TripKeyLeadersTogether, Error, None;
    LocalBusinessFunded => "TRIP-L7", TripBusinessFunded, Error, None;
}

impl RuleId {
    pub fn spec(self) -> &'static RuleSpec {
        &RULES[self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_in_order() {
        assert_eq!(RULES.len(), RuleId::ALL.len());
        for (i, r) in RuleId::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }

    #[test]
    fn statutory_rules_carry_their_catalogue_severity() {
        assert_eq!(
            RuleId::Conf05SectorOpinion.spec().severity,
            Severity::Warning
        );
        assert_eq!(RuleId::Conf04Documents.spec().severity, Severity::Error);
        assert_eq!(RuleId::Conf04Documents.spec().code, Code::DocumentMissing);
        assert_eq!(
            RuleId::ReceivingUnitProvince.spec().severity,
            Severity::Warning
        );
    }
}
