//! Every enumeration of the wire format with its values and their labels: one table each.
//! `cargo xtask gen` makes the Rust enums of `dossier_core::wire::enums` from these tables.

use crate::{Choice, Opt, L};

pub static KIND: Choice = Choice {
    name: "Kind",
    opts: &[
        Opt(
            "conference_permit",
            L(
                "Xin phép tổ chức hội nghị, hội thảo quốc tế",
                "Permit for an international conference",
            ),
        ),
        Opt(
            "ngo_licence",
            L(
                "Đăng ký hoạt động của tổ chức phi chính phủ nước ngoài",
                "Registration of a foreign NGO",
            ),
        ),
        Opt(
            "outbound_trip",
            L(
                "Cử cán bộ đi công tác nước ngoài",
                "Sending officials abroad",
            ),
        ),
    ],
};

pub static APPLICANT_TYPE: Choice = Choice {
    name: "ApplicantType",
    opts: &[
        Opt("organization", L("Tổ chức", "Organisation")),
        Opt("individual", L("Cá nhân", "Individual")),
    ],
};

pub static LEGALIZATION: Choice = Choice {
    name: "Legalization",
    opts: &[
        Opt(
            "consular",
            L("Đã hợp pháp hóa lãnh sự", "Consular legalization"),
        ),
        Opt(
            "exempt_treaty",
            L("Miễn theo điều ước quốc tế", "Exempt by treaty"),
        ),
        Opt(
            "exempt_reciprocity",
            L("Miễn theo nguyên tắc có đi có lại", "Exempt by reciprocity"),
        ),
    ],
};

pub static DOC_TYPE: Choice = Choice {
    name: "DocType",
    opts: &[
        Opt(
            "request_letter",
            L("Công văn đề nghị cho phép tổ chức", "Request letter"),
        ),
        Opt(
            "project_plan",
            L("Đề án tổ chức hội nghị, hội thảo", "Event plan"),
        ),
        Opt(
            "sector_opinion",
            L(
                "Ý kiến của cơ quan quản lý chuyên ngành",
                "Opinion of the sector authority",
            ),
        ),
        Opt("application_form", L("Đơn đề nghị", "Application form")),
        Opt(
            "charter",
            L("Điều lệ của tổ chức", "Charter of the organisation"),
        ),
        Opt(
            "legal_status",
            L(
                "Giấy tờ chứng minh tư cách pháp nhân",
                "Proof of legal status",
            ),
        ),
        Opt(
            "programme_statement",
            L(
                "Bản tóm tắt chương trình, dự án hoạt động",
                "Programme statement",
            ),
        ),
        Opt(
            "representative_appointment",
            L(
                "Văn bản bổ nhiệm người đứng đầu",
                "Appointment of the representative",
            ),
        ),
        Opt(
            "representative_cv",
            L(
                "Sơ yếu lý lịch của người đứng đầu",
                "CV of the representative",
            ),
        ),
        Opt(
            "criminal_record",
            L("Phiếu lý lịch tư pháp", "Criminal record certificate"),
        ),
        Opt("passport_copy", L("Bản sao hộ chiếu", "Passport copy")),
        Opt(
            "current_certificate",
            L("Giấy đăng ký đang có hiệu lực", "Current certificate"),
        ),
        Opt(
            "activity_report",
            L("Báo cáo kết quả hoạt động", "Activity report"),
        ),
        Opt(
            "sending_request",
            L("Công văn đề nghị cử đoàn", "Request to send the delegation"),
        ),
        Opt("invitation_letter", L("Thư mời", "Invitation letter")),
        Opt("programme", L("Chương trình làm việc", "Working programme")),
        Opt("budget_estimate", L("Dự toán kinh phí", "Budget estimate")),
        Opt(
            "personal_application",
            L(
                "Đơn xin đi nước ngoài về việc riêng",
                "Personal application",
            ),
        ),
        Opt("other", L("Tài liệu khác", "Other document")),
    ],
};

pub static MEDIA_TYPE_HINT: L = L(
    "{mediaTypes}, tối đa {documentMaxSize}.",
    "{mediaTypes}, at most {documentMaxSize}.",
);

pub static CONFERENCE_FORMAT: Choice = Choice {
    name: "ConferenceFormat",
    opts: &[
        Opt("in_person", L("Trực tiếp", "In person")),
        Opt("online", L("Trực tuyến", "Online")),
        Opt("hybrid", L("Kết hợp trực tiếp và trực tuyến", "Hybrid")),
    ],
};

pub static ORGANIZER_KIND: Choice = Choice {
    name: "OrganizerKind",
    opts: &[
        Opt(
            "provincial_agency",
            L("Cơ quan, đơn vị cấp tỉnh", "Provincial agency"),
        ),
        Opt(
            "commune_agency",
            L("Cơ quan, đơn vị cấp xã", "Commune agency"),
        ),
        Opt(
            "vietnamese_organization",
            L("Tổ chức Việt Nam", "Vietnamese organisation"),
        ),
        Opt(
            "foreign_organization",
            L("Tổ chức nước ngoài", "Foreign organisation"),
        ),
        Opt("association_or_fund", L("Hội, quỹ", "Association or fund")),
    ],
};

pub static DIGNITARY_RANK: Choice = Choice {
    name: "DignitaryRank",
    opts: &[
        Opt("head_of_state", L("Nguyên thủ quốc gia", "Head of state")),
        Opt(
            "head_of_government",
            L("Người đứng đầu Chính phủ", "Head of government"),
        ),
        Opt("minister", L("Cấp bộ trưởng", "Minister")),
        Opt("deputy_minister", L("Cấp thứ trưởng", "Deputy minister")),
        Opt("other", L("Khác", "Other")),
    ],
};

pub static TOPIC: Choice = Choice {
    name: "Topic",
    opts: &[
        Opt("sovereignty", L("Chủ quyền", "Sovereignty")),
        Opt(
            "border_territory",
            L("Biên giới, lãnh thổ", "Borders and territory"),
        ),
        Opt("security", L("An ninh", "Security")),
        Opt("defence", L("Quốc phòng", "Defence")),
        Opt("ethnicity", L("Dân tộc", "Ethnic affairs")),
        Opt("religion", L("Tôn giáo", "Religion")),
        Opt("human_rights", L("Nhân quyền", "Human rights")),
        Opt("economy", L("Kinh tế", "Economy")),
        Opt(
            "trade_investment",
            L("Thương mại, đầu tư", "Trade and investment"),
        ),
        Opt("culture", L("Văn hóa", "Culture")),
        Opt("education", L("Giáo dục", "Education")),
        Opt("health", L("Y tế", "Health")),
        Opt(
            "science_technology",
            L("Khoa học, công nghệ", "Science and technology"),
        ),
        Opt("environment", L("Môi trường", "Environment")),
        Opt("agriculture", L("Nông nghiệp", "Agriculture")),
        Opt("social", L("Xã hội", "Social affairs")),
        Opt("other", L("Khác", "Other")),
    ],
};

pub static STATE_SECRET: Choice = Choice {
    name: "StateSecret",
    opts: &[
        Opt("none", L("Không có", "None")),
        Opt("mat", L("Mật", "Confidential (mật)")),
        Opt("toi_mat", L("Tối mật", "Secret (tối mật)")),
        Opt("tuyet_mat", L("Tuyệt mật", "Top secret (tuyệt mật)")),
    ],
};

pub static CERTIFICATE_TYPE: Choice = Choice {
    name: "CertificateType",
    opts: &[
        Opt(
            "operation",
            L("Giấy đăng ký hoạt động", "Operation certificate"),
        ),
        Opt(
            "representative_office",
            L(
                "Giấy đăng ký lập văn phòng đại diện",
                "Representative office",
            ),
        ),
        Opt(
            "project_office",
            L(
                "Văn phòng dự án (theo NĐ 12/2012, đã bãi bỏ)",
                "Project office (NĐ 12/2012, abolished)",
            ),
        ),
    ],
};

pub static REQUEST_TYPE: Choice = Choice {
    name: "RequestType",
    opts: &[
        Opt("new", L("Cấp mới", "New")),
        Opt("extension", L("Gia hạn", "Extension")),
        Opt("amendment", L("Sửa đổi, bổ sung", "Amendment")),
        Opt("reissue", L("Cấp lại", "Reissue")),
    ],
};

pub static NGO_FIELD: Choice = Choice {
    name: "NgoField",
    opts: &[
        Opt("health", L("Y tế", "Health")),
        Opt("education", L("Giáo dục", "Education")),
        Opt(
            "water_sanitation",
            L("Nước sạch và vệ sinh", "Water and sanitation"),
        ),
        Opt("environment", L("Môi trường", "Environment")),
        Opt("agriculture", L("Nông nghiệp", "Agriculture")),
        Opt("disaster_relief", L("Cứu trợ thiên tai", "Disaster relief")),
        Opt("social_welfare", L("An sinh xã hội", "Social welfare")),
        Opt("disability", L("Người khuyết tật", "Disability")),
        Opt("child_protection", L("Bảo vệ trẻ em", "Child protection")),
        Opt("gender_equality", L("Bình đẳng giới", "Gender equality")),
        Opt(
            "science_technology",
            L("Khoa học, công nghệ", "Science and technology"),
        ),
        Opt("culture", L("Văn hóa", "Culture")),
        Opt(
            "economic_development",
            L("Phát triển kinh tế", "Economic development"),
        ),
        Opt("other", L("Khác", "Other")),
    ],
};

pub static NGO_FUNDING: Choice = Choice {
    name: "NgoFunding",
    opts: &[
        Opt("foreign", L("Nguồn nước ngoài", "Foreign sources")),
        Opt(
            "vietnamese_donations",
            L("Tài trợ trong nước", "Donations in Viet Nam"),
        ),
    ],
};

pub static PREMISES: Choice = Choice {
    name: "Premises",
    opts: &[
        Opt("private", L("Trụ sở thuê của tư nhân", "Private premises")),
        Opt("state", L("Trụ sở cơ quan nhà nước", "State premises")),
        Opt("party", L("Trụ sở tổ chức đảng", "Party premises")),
        Opt(
            "socio_political",
            L(
                "Trụ sở tổ chức chính trị - xã hội",
                "Socio-political organisation premises",
            ),
        ),
    ],
};

pub static TRIP_PURPOSE: Choice = Choice {
    name: "TripPurpose",
    opts: &[
        Opt("official", L("Công vụ", "Official")),
        Opt("private", L("Việc riêng", "Private")),
    ],
};

pub static AGENCY_LEVEL: Choice = Choice {
    name: "AgencyLevel",
    opts: &[
        Opt("province", L("Cấp tỉnh", "Province level")),
        Opt("commune", L("Cấp xã", "Commune level")),
    ],
};

pub static LEADER_RANK: Choice = Choice {
    name: "LeaderRank",
    opts: &[
        Opt(
            "provincial_head",
            L("Người đứng đầu cấp tỉnh", "Provincial head"),
        ),
        Opt(
            "provincial_deputy_head",
            L(
                "Cấp phó của người đứng đầu cấp tỉnh",
                "Provincial deputy head",
            ),
        ),
        Opt(
            "department_head",
            L("Người đứng đầu sở, ngành", "Department head"),
        ),
        Opt("commune_head", L("Người đứng đầu cấp xã", "Commune head")),
        Opt("other", L("Khác", "Other")),
    ],
};

pub static TRIP_FUNDING: Choice = Choice {
    name: "TripFunding",
    opts: &[
        Opt("state_budget", L("Ngân sách nhà nước", "State budget")),
        Opt("foreign_host", L("Phía mời chi trả", "Paid by the host")),
        Opt("business", L("Doanh nghiệp chi trả", "Paid by a business")),
        Opt("self", L("Tự túc", "Self-funded")),
        Opt("mixed", L("Nhiều nguồn", "Mixed")),
    ],
};

pub static PASSPORT_TYPE: Choice = Choice {
    name: "PassportType",
    opts: &[
        Opt(
            "diplomatic",
            L("Hộ chiếu ngoại giao", "Diplomatic passport"),
        ),
        Opt("official", L("Hộ chiếu công vụ", "Official passport")),
        Opt("ordinary", L("Hộ chiếu phổ thông", "Ordinary passport")),
    ],
};

/// Every enumeration, in the order `dossier_core::wire::enums` declares them.
pub static ALL: &[&Choice] = &[
    &KIND,
    &APPLICANT_TYPE,
    &LEGALIZATION,
    &DOC_TYPE,
    &CONFERENCE_FORMAT,
    &ORGANIZER_KIND,
    &DIGNITARY_RANK,
    &TOPIC,
    &STATE_SECRET,
    &CERTIFICATE_TYPE,
    &REQUEST_TYPE,
    &NGO_FIELD,
    &NGO_FUNDING,
    &PREMISES,
    &TRIP_PURPOSE,
    &AGENCY_LEVEL,
    &LEADER_RANK,
    &TRIP_FUNDING,
    &PASSPORT_TYPE,
];
