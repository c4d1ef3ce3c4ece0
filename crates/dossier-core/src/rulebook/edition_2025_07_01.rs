//! Edition 2025-07-01: the two-tier local government (NĐ 134/2025/NĐ-CP). All parameters of
//! the rules of RULES.md live here.

use super::{
    Citation, ConferenceParams, Confidence, DelegationCap, DocSet, DocumentParams, Edition,
    KindDocuments, Limits, NgoParams, ProcessingTime, Profile, Step, TripParams, TripPolicy,
};
use crate::date::Date;
use crate::wire::enums::Kind;
use crate::wire::enums::{
    DignitaryRank, DocType, NgoFunding, PassportType, Premises, Topic, TripFunding,
};

/// The national profile enforces no local trip policy.
const NO_LOCAL_POLICY: TripPolicy = TripPolicy {
    max_countries: None,
    max_days_per_stop: None,
    max_trip_days: None,
    delegation: None,
    max_official_trips_per_year: None,
    one_key_leader_per_agency: false,
    forbidden_funding: &[],
};

pub(super) static EDITION: Edition = Edition {
    id: "2025-07-01",
    in_force_from: Date::ymd(2025, 7, 1),
    valid_until: Some(Date::ymd(2027, 2, 28)),
    limits: Limits {
        name_max: 300,
        free_text_max: 5000,
        file_name_max: 255,
        code_max: 64,
        documents_max: 50,
        list_max: 100,
    },
    documents: DocumentParams {
        max_bytes: 10 * 1024 * 1024,
        media_types: &["application/pdf", "image/jpeg", "image/png"],
    },
    cccd_province_codes: &[
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36,
        37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74,
        75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    ],
    conference: ConferenceParams {
        documents: KindDocuments {
            types: &[
                DocType::RequestLetter,
                DocType::ProjectPlan,
                DocType::SectorOpinion,
                DocType::Other,
            ],
            need_vietnamese: DocSet::All,
            foreign_official: DocSet::Only(&[]),
        },
        lead_days: 30,
        lead_days_prime_minister: 40,
        sensitive_topics: &[
            Topic::Sovereignty,
            Topic::BorderTerritory,
            Topic::Security,
            Topic::Defence,
            Topic::Ethnicity,
            Topic::Religion,
            Topic::HumanRights,
        ],
        prime_minister_ranks: &[DignitaryRank::HeadOfState, DignitaryRank::HeadOfGovernment],
        required_documents: &[DocType::RequestLetter, DocType::ProjectPlan],
        sensitive_topic_document: DocType::SectorOpinion,
    },
    ngo: NgoParams {
        documents: KindDocuments {
            types: &[
                DocType::ApplicationForm,
                DocType::Charter,
                DocType::LegalStatus,
                DocType::ProgrammeStatement,
                DocType::RepresentativeAppointment,
                DocType::RepresentativeCv,
                DocType::CriminalRecord,
                DocType::PassportCopy,
                DocType::CurrentCertificate,
                DocType::ActivityReport,
                DocType::Other,
            ],
            need_vietnamese: DocSet::AllExcept(&[DocType::PassportCopy]),
            foreign_official: DocSet::Only(&[
                DocType::Charter,
                DocType::LegalStatus,
                DocType::CriminalRecord,
            ]),
        },
        years_operation: 3,
        years_representative_office: 5,
        office_provinces: &[1, 48, 79],
        forbidden_premises: &[Premises::State, Premises::Party, Premises::SocioPolitical],
        forbidden_funding: &[NgoFunding::VietnameseDonations],
        documents_new: &[
            DocType::ApplicationForm,
            DocType::Charter,
            DocType::LegalStatus,
            DocType::ProgrammeStatement,
            DocType::RepresentativeAppointment,
            DocType::RepresentativeCv,
            DocType::CriminalRecord,
            DocType::PassportCopy,
        ],
        documents_extension: &[
            DocType::ApplicationForm,
            DocType::CurrentCertificate,
            DocType::ActivityReport,
            DocType::ProgrammeStatement,
        ],
        documents_amendment_reissue: &[DocType::ApplicationForm, DocType::CurrentCertificate],
    },
    trip: TripParams {
        documents: KindDocuments {
            types: &[
                DocType::SendingRequest,
                DocType::InvitationLetter,
                DocType::Programme,
                DocType::BudgetEstimate,
                DocType::PersonalApplication,
                DocType::Other,
            ],
            need_vietnamese: DocSet::Only(&[DocType::InvitationLetter, DocType::Programme]),
            foreign_official: DocSet::Only(&[]),
        },
        passport_validity_months: 6,
        private_forbidden_passports: &[PassportType::Diplomatic, PassportType::Official],
        official_discouraged_passports: &[PassportType::Ordinary],
        documents_official: &[
            DocType::SendingRequest,
            DocType::InvitationLetter,
            DocType::Programme,
        ],
        documents_private: &[DocType::PersonalApplication],
        budget_document: DocType::BudgetEstimate,
        budget_document_funding: &[TripFunding::StateBudget, TripFunding::Mixed],
    },
    profiles: &[
        Profile {
            id: "national",
            province: None,
            citation: None,
            trip: NO_LOCAL_POLICY,
        },
        Profile {
            id: "da-nang",
            province: Some(48),
            citation: Some(Citation {
                text: "Công văn 101/UBND-SNV ngày 09/07/2025 của UBND thành phố Đà Nẵng",
                confidence: Confidence::Local,
            }),
            trip: TripPolicy {
                max_countries: Some(3),
                max_days_per_stop: Some((3, 5)),
                max_trip_days: None,
                delegation: Some(DelegationCap::ByLeaderRank {
                    provincial_head: 10,
                    provincial_deputy_head: 7,
                    others: 5,
                }),
                max_official_trips_per_year: Some(2),
                one_key_leader_per_agency: true,
                forbidden_funding: &[TripFunding::Business],
            },
        },
        Profile {
            id: "ha-noi",
            province: Some(1),
            citation: Some(Citation {
                text: "Quy định quản lý đoàn ra của UBND thành phố Hà Nội",
                confidence: Confidence::Local,
            }),
            trip: TripPolicy {
                max_countries: Some(3),
                max_days_per_stop: None,
                max_trip_days: Some(10),
                delegation: Some(DelegationCap::Flat(10)),
                max_official_trips_per_year: Some(2),
                one_key_leader_per_agency: true,
                forbidden_funding: &[],
            },
        },
    ],
    // Outbound trips: no processing time found in the instruments read, so no deadline.
    processing: &[
        ProcessingTime {
            kind: Kind::ConferencePermit,
            step: Step::Consultation,
            working_days: 15,
            citation: Citation {
                text: "Quyết định 06/2020/QĐ-TTg, Điều 5 (cơ quan được xin ý kiến trả lời trong 15 ngày)",
                confidence: Confidence::Secondary,
            },
        },
        ProcessingTime {
            kind: Kind::ConferencePermit,
            step: Step::Whole,
            working_days: 15,
            citation: Citation {
                text: "Quyết định 06/2020/QĐ-TTg, Điều 5 (15 ngày lấy ý kiến); chưa tìm thấy thời hạn \
                       giải quyết chung, nên tính 15 ngày làm việc kể từ khi nhận đủ hồ sơ",
                confidence: Confidence::Inferred,
            },
        },
        ProcessingTime {
            kind: Kind::NgoLicence,
            step: Step::Whole,
            working_days: 30,
            citation: Citation {
                text: "Nghị định 58/2022/NĐ-CP (30 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ)",
                confidence: Confidence::Secondary,
            },
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_three_pre_merger_province_codes() {
        assert_eq!(EDITION.cccd_province_codes.len(), 63);
        // Every current province code is one of them.
        for p in crate::admin_units::provinces() {
            let code = u16::try_from(p.code).unwrap();
            assert!(EDITION.cccd_province_codes.contains(&code), "{}", p.code);
        }
    }
}
