//! The wire format of every kind, field by field, with labels and hints (vi, en).

use crate::options as o;
use crate::{f, group, Cond, Field, Fmt, Group, Max, Page, Req, Text, Ty, L};
use Req::{No, Yes};

const NAME: Ty = Ty::Text(Text::Name);
const FREE: Ty = Ty::Text(Text::Free);
const CODE: Ty = Ty::Text(Text::Code);

const fn when(key: &'static str, any_of: &'static [&'static str]) -> Cond {
    Cond { key, any_of }
}

// ---- shared --------------------------------------------------------------------------------

pub static RECEIVING_UNIT: Group = group(
    "ReceivingUnit",
    &[
        f(
            "provinceCode",
            Ty::Province,
            Yes,
            L(
                "Tỉnh, thành phố nhận hồ sơ",
                "Province receiving the dossier",
            ),
        ),
        f(
            "communeCode",
            Ty::Commune {
                province_key: "provinceCode",
            },
            No,
            L("Xã, phường nhận hồ sơ", "Commune receiving the dossier"),
        )
        .hint(L(
            "Bỏ trống nếu nộp trực tiếp tại cấp tỉnh.",
            "Leave empty when filing at the province.",
        )),
    ],
);

const VN: Cond = when("countryCode", &["VN"]);

pub static ADDRESS: Group = group(
    "Address",
    &[
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
        f(
            "provinceCode",
            Ty::Province,
            No,
            L("Tỉnh, thành phố", "Province"),
        )
        .only_when(VN),
        f(
            "communeCode",
            Ty::Commune {
                province_key: "provinceCode",
            },
            No,
            L("Xã, phường, đặc khu", "Commune, ward or special zone"),
        )
        .only_when(VN),
        f("street", NAME, No, L("Số nhà, đường", "Street address")),
    ],
);

const INDIVIDUAL: Cond = when("type", &["individual"]);

pub static APPLICANT: Group = group(
    "Applicant",
    &[
        f(
            "type",
            Ty::Choice(&o::APPLICANT_TYPE),
            Yes,
            L("Người nộp là", "The applicant is"),
        ),
        f(
            "name",
            NAME,
            Yes,
            L(
                "Tên tổ chức hoặc họ và tên",
                "Organisation name or full name",
            ),
        ),
        f("taxCode", CODE, No, L("Mã số thuế", "Tax code")).hint(L(
            "10 chữ số, hoặc 10 chữ số-3 chữ số cho chi nhánh.",
            "10 digits, or 10 digits-3 digits for a branch.",
        )),
        f(
            "idNumber",
            CODE,
            No,
            L(
                "Số định danh cá nhân (CCCD) hoặc số hộ chiếu",
                "Citizen ID (CCCD) or passport number",
            ),
        )
        .hint(L(
            "Người có địa chỉ tại Việt Nam nhập số CCCD 12 chữ số.",
            "With an address in Viet Nam, enter the 12-digit citizen ID.",
        ))
        .only_when(INDIVIDUAL),
        f("dateOfBirth", Ty::Date, No, L("Ngày sinh", "Date of birth")).only_when(INDIVIDUAL),
        f(
            "email",
            Ty::Formatted(Text::Name, Fmt::Email),
            Yes,
            L("Thư điện tử", "Email"),
        ),
        f(
            "phone",
            Ty::Formatted(Text::Code, Fmt::Phone),
            Yes,
            L("Số điện thoại", "Phone number"),
        )
        .hint(L(
            "Ví dụ 0912 345 678, 024 3825 1234 hoặc +1 202 555 0143.",
            "For example 0912 345 678, 024 3825 1234 or +1 202 555 0143.",
        )),
        f("address", Ty::Group(&ADDRESS), Yes, L("Địa chỉ", "Address")),
    ],
)
.checked_by("applicant");

pub static DOCUMENT: Group = group(
    "Document",
    &[
        f(
            "type",
            Ty::DocType,
            Yes,
            L("Loại tài liệu", "Document type"),
        ),
        f(
            "fileName",
            Ty::Text(Text::FileName),
            Yes,
            L("Tên tệp", "File name"),
        ),
        f("mediaType", CODE, Yes, L("Định dạng tệp", "File type")).hint(o::MEDIA_TYPE_HINT),
        f(
            "sizeBytes",
            Ty::Int { min: 1 },
            Yes,
            L("Dung lượng (byte)", "Size (bytes)"),
        ),
        f(
            "sha256",
            Ty::Formatted(Text::Code, Fmt::Sha256),
            Yes,
            L("Mã SHA-256 của tệp", "SHA-256 of the file"),
        ),
        f(
            "language",
            CODE,
            Yes,
            L("Ngôn ngữ của tài liệu", "Language of the document"),
        )
        .hint(L(
            "Mã ngôn ngữ, ví dụ vi, en, ko.",
            "Language code, for example vi, en, ko.",
        )),
        f(
            "translated",
            Ty::Bool,
            No,
            L("Có bản dịch tiếng Việt", "Has a Vietnamese translation"),
        ),
        f(
            "legalization",
            Ty::Choice(&o::LEGALIZATION),
            No,
            L("Hợp pháp hóa lãnh sự", "Consular legalization"),
        ),
    ],
);

// ---- conference ----------------------------------------------------------------------------

const NOT_ONLINE: Cond = when("format", &["in_person", "hybrid"]);
const REMOTE: Cond = when("format", &["online", "hybrid"]);

pub static CONFERENCE: Group = group(
    "Conference",
    &[
    f(
        "title",
        NAME,
        Yes,
        L("Tên hội nghị, hội thảo", "Title of the event"),
    ),
    f(
        "purpose",
        FREE,
        Yes,
        L("Mục đích, nội dung", "Purpose and content"),
    ),
    f(
        "format",
        Ty::Choice(&o::CONFERENCE_FORMAT),
        Yes,
        L("Hình thức tổ chức", "Format"),
    ),
    f("startDate", Ty::Date, Yes, L("Ngày bắt đầu", "Start date")).hint(L(
        "Nộp hồ sơ trước ít nhất {leadDays} ngày ({leadDaysPrimeMinister} ngày nếu thuộc thẩm quyền Thủ tướng).",
        "File at least {leadDays} days ahead ({leadDaysPrimeMinister} when the Prime Minister decides).",
    )),
    f("endDate", Ty::Date, Yes, L("Ngày kết thúc", "End date")).not_before("startDate"),
    f(
        "venue",
        Ty::Group(&VENUE),
        No,
        L("Địa điểm tổ chức", "Venue"),
    )
    .only_when(NOT_ONLINE),
    f(
        "endpoints",
        Ty::Repeat {
            item: &ENDPOINT,
            item_label: L("Điểm cầu", "Endpoint"),
            max: Max::List,
        },
        No,
        L("Các điểm cầu", "Endpoints"),
    )
    .hint(L(
        "Phải có ít nhất một điểm cầu tại Việt Nam.",
        "At least one endpoint must be in Viet Nam.",
    ))
    .only_when(REMOTE),
    f(
        "organizer",
        Ty::Group(&ORGANIZER),
        Yes,
        L("Đơn vị tổ chức", "Organizer"),
    ),
    f(
        "coOrganizers",
        Ty::Repeat {
            item: &PARTY,
            item_label: L("Đơn vị phối hợp", "Co-organizer"),
            max: Max::List,
        },
        No,
        L("Đơn vị phối hợp tổ chức", "Co-organizers"),
    ),
    f(
        "hostedByProvince",
        Ty::Bool,
        Yes,
        L(
            "Do UBND tỉnh chủ trì",
            "Hosted by the provincial People's Committee",
        ),
    ),
    f(
        "sponsors",
        Ty::Repeat {
            item: &SPONSOR,
            item_label: L("Nhà tài trợ", "Sponsor"),
            max: Max::List,
        },
        No,
        L("Nhà tài trợ", "Sponsors"),
    ),
    f(
        "participants",
        Ty::Group(&PARTICIPANTS),
        Yes,
        L("Thành phần tham dự", "Participants"),
    ),
    f(
        "foreignDignitaries",
        Ty::Repeat {
            item: &DIGNITARY,
            item_label: L("Khách mời cấp cao", "Dignitary"),
            max: Max::List,
        },
        No,
        L("Khách mời cấp cao nước ngoài", "Foreign dignitaries"),
    ),
    f(
        "topics",
        Ty::Many(&Ty::Choice(&o::TOPIC), Max::List),
        Yes,
        L("Lĩnh vực, chủ đề", "Topics"),
    ),
    f(
        "stateSecret",
        Ty::Choice(&o::STATE_SECRET),
        Yes,
        L("Nội dung bí mật nhà nước", "State secret content"),
    ),
    f(
        "pressConference",
        Ty::Bool,
        Yes,
        L(
            "Có họp báo quốc tế",
            "Includes an international press conference",
        ),
    ),
    f(
        "agenda",
        Ty::Repeat {
            item: &AGENDA_ITEM,
            item_label: L("Mục chương trình", "Agenda item"),
            max: Max::List,
        },
        Yes,
        L("Chương trình", "Agenda"),
    ),
],
);

pub static VENUE: Group = group(
    "Venue",
    &[
        f(
            "provinceCode",
            Ty::Province,
            Yes,
            L("Tỉnh, thành phố", "Province"),
        ),
        f(
            "communeCode",
            Ty::Commune {
                province_key: "provinceCode",
            },
            Yes,
            L("Xã, phường, đặc khu", "Commune, ward or special zone"),
        ),
        f("address", NAME, Yes, L("Địa điểm", "Venue address")),
    ],
);

pub static ENDPOINT: Group = group(
    "Endpoint",
    &[
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
        f(
            "provinceCode",
            Ty::Province,
            No,
            L(
                "Tỉnh, thành phố (điểm cầu tại Việt Nam)",
                "Province (endpoints in Viet Nam)",
            ),
        ),
        f(
            "place",
            NAME,
            Yes,
            L("Địa điểm điểm cầu", "Endpoint location"),
        ),
    ],
);

pub static ORGANIZER: Group = group(
    "Organizer",
    &[
        f("name", NAME, Yes, L("Tên đơn vị tổ chức", "Organizer name")),
        f(
            "kind",
            Ty::Choice(&o::ORGANIZER_KIND),
            Yes,
            L("Loại đơn vị", "Kind of organizer"),
        ),
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
    ],
);

pub static PARTY: Group = group(
    "Party",
    &[
        f(
            "name",
            NAME,
            Yes,
            L("Tên đơn vị phối hợp", "Co-organizer name"),
        ),
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
    ],
);

pub static SPONSOR: Group = group(
    "Sponsor",
    &[
        f("name", NAME, Yes, L("Tên nhà tài trợ", "Sponsor name")),
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
        f(
            "amountVnd",
            Ty::Int { min: 0 },
            Yes,
            L("Số tiền tài trợ (đồng)", "Amount (VND)"),
        ),
    ],
);

pub static PARTICIPANTS: Group = group(
    "Participants",
    &[
        f(
            "vietnamese",
            Ty::Int { min: 0 },
            Yes,
            L("Số đại biểu Việt Nam", "Vietnamese participants"),
        ),
        f(
            "foreign",
            Ty::Int { min: 0 },
            Yes,
            L("Số đại biểu nước ngoài", "Foreign participants"),
        ),
    ],
);

pub static DIGNITARY: Group = group(
    "Dignitary",
    &[
        f("name", NAME, Yes, L("Họ và tên", "Full name")),
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
        f(
            "rank",
            Ty::Choice(&o::DIGNITARY_RANK),
            Yes,
            L("Cấp bậc", "Rank"),
        ),
        f("position", NAME, Yes, L("Chức vụ", "Position")),
    ],
);

pub static AGENDA_ITEM: Group = group(
    "AgendaItem",
    &[
        f("date", Ty::Date, Yes, L("Ngày", "Date")),
        f("item", FREE, Yes, L("Nội dung", "Item")),
    ],
);

// ---- NGO -----------------------------------------------------------------------------------

const RENEWING: Cond = when("requestType", &["extension", "amendment", "reissue"]);
const AS_OFFICE: Cond = when("certificateType", &["representative_office"]);

pub static NGO: Group = group(
    "Ngo",
    &[
        f(
            "certificateType",
            Ty::Choice(&o::CERTIFICATE_TYPE),
            Yes,
            L("Loại giấy đăng ký", "Certificate type"),
        ),
        f(
            "requestType",
            Ty::Choice(&o::REQUEST_TYPE),
            Yes,
            L("Đề nghị", "Request"),
        ),
        f(
            "organization",
            Ty::Group(&NGO_ORGANIZATION),
            Yes,
            L("Tổ chức phi chính phủ nước ngoài", "Foreign NGO"),
        ),
        f(
            "term",
            Ty::Group(&TERM),
            Yes,
            L("Thời hạn đề nghị", "Requested term"),
        )
        .hint(L(
            "Tối đa 3 năm (hoạt động) hoặc 5 năm (văn phòng đại diện).",
            "At most 3 years (operation) or 5 years (representative office).",
        )),
        f(
            "operatingProvinces",
            Ty::Many(&Ty::Province, Max::List),
            Yes,
            L("Địa bàn hoạt động", "Operating provinces"),
        ),
        f(
            "fields",
            Ty::Many(&Ty::Choice(&o::NGO_FIELD), Max::List),
            Yes,
            L("Lĩnh vực hoạt động", "Fields of activity"),
        ),
        f(
            "programmes",
            Ty::Repeat {
                item: &PROGRAMME,
                item_label: L("Chương trình, dự án", "Programme"),
                max: Max::List,
            },
            Yes,
            L("Chương trình, dự án dự kiến", "Planned programmes"),
        ),
        f(
            "fundingSources",
            Ty::Many(&Ty::Choice(&o::NGO_FUNDING), Max::List),
            Yes,
            L("Nguồn kinh phí", "Funding sources"),
        ),
        f(
            "office",
            Ty::Group(&OFFICE),
            No,
            L("Văn phòng đại diện", "Representative office"),
        )
        .only_when(AS_OFFICE)
        .required_by("Ngo12Required"),
        f(
            "representative",
            Ty::Group(&REPRESENTATIVE),
            Yes,
            L("Người đứng đầu", "Representative"),
        ),
        f(
            "currentCertificate",
            Ty::Group(&CURRENT_CERTIFICATE),
            No,
            L("Giấy đăng ký hiện có", "Current certificate"),
        )
        .only_when(RENEWING)
        .required_by("Ngo12Required"),
    ],
);

pub static NGO_ORGANIZATION: Group = group(
    "NgoOrganization",
    &[
        f("name", NAME, Yes, L("Tên tổ chức", "Organisation name")),
        f(
            "countryCode",
            Ty::Country,
            Yes,
            L("Quốc gia đăng ký", "Country of registration"),
        ),
        f(
            "homeRegistrationExpiry",
            Ty::Date,
            No,
            L("Hạn đăng ký tại nước sở tại", "Home registration expiry"),
        )
        .hint(L(
            "Bỏ trống nếu không thời hạn.",
            "Leave empty if it does not expire.",
        )),
    ],
);

pub static TERM: Group = group(
    "Term",
    &[
        f("from", Ty::Date, Yes, L("Từ ngày", "From")),
        f("to", Ty::Date, Yes, L("Đến ngày", "To")).not_before("from"),
    ],
);

pub static PROGRAMME: Group = group(
    "Programme",
    &[
        f(
            "title",
            NAME,
            Yes,
            L("Tên chương trình, dự án", "Programme title"),
        ),
        f(
            "provinces",
            Ty::Many(&Ty::Province, Max::List),
            Yes,
            L("Địa bàn", "Provinces"),
        ),
        f("from", Ty::Date, Yes, L("Từ ngày", "From")),
        f("to", Ty::Date, Yes, L("Đến ngày", "To")).not_before("from"),
        f(
            "budgetUsd",
            Ty::Int { min: 0 },
            Yes,
            L("Kinh phí (USD)", "Budget (USD)"),
        ),
    ],
);

pub static OFFICE: Group = group(
    "Office",
    &[
        f(
            "provinceCode",
            Ty::Province,
            Yes,
            L("Tỉnh, thành phố", "Province"),
        ),
        f(
            "communeCode",
            Ty::Commune {
                province_key: "provinceCode",
            },
            Yes,
            L("Xã, phường", "Commune or ward"),
        ),
        f("address", NAME, Yes, L("Địa chỉ", "Address")),
        f(
            "premises",
            Ty::Choice(&o::PREMISES),
            Yes,
            L("Trụ sở", "Premises"),
        ),
    ],
);

pub static REPRESENTATIVE: Group = group(
    "Representative",
    &[
        f("name", NAME, Yes, L("Họ và tên", "Full name")),
        f(
            "nationality",
            Ty::Country,
            Yes,
            L("Quốc tịch", "Nationality"),
        ),
        f(
            "passportNumber",
            Ty::Formatted(Text::Code, Fmt::PassportNumber),
            Yes,
            L("Số hộ chiếu", "Passport number"),
        ),
        f(
            "passportExpiry",
            Ty::Date,
            Yes,
            L("Hạn hộ chiếu", "Passport expiry"),
        ),
        f(
            "residencesLast6Months",
            Ty::Many(&Ty::Country, Max::List),
            Yes,
            L(
                "Các nước cư trú trong 6 tháng gần nhất",
                "Countries of residence in the last 6 months",
            ),
        ),
        f(
            "criminalRecordFrom",
            Ty::Many(&Ty::Country, Max::List),
            Yes,
            L(
                "Các nước cấp phiếu lý lịch tư pháp",
                "Countries issuing the criminal records",
            ),
        ),
    ],
);

pub static CURRENT_CERTIFICATE: Group = group(
    "CurrentCertificate",
    &[
        f(
            "number",
            CODE,
            Yes,
            L("Số giấy đăng ký", "Certificate number"),
        ),
        f("issuedOn", Ty::Date, Yes, L("Ngày cấp", "Issued on")),
        f("expiresOn", Ty::Date, Yes, L("Ngày hết hạn", "Expires on")).not_before("issuedOn"),
    ],
);

// ---- trip ----------------------------------------------------------------------------------

pub static TRIP: Group = group(
    "Trip",
    &[
        f(
            "purpose",
            Ty::Choice(&o::TRIP_PURPOSE),
            Yes,
            L("Mục đích chuyến đi", "Purpose of the trip"),
        ),
        f(
            "sendingAgency",
            Ty::Group(&SENDING_AGENCY),
            Yes,
            L("Cơ quan cử đi", "Sending agency"),
        ),
        f(
            "leaderRank",
            Ty::Choice(&o::LEADER_RANK),
            Yes,
            L("Cấp trưởng đoàn", "Rank of the delegation leader"),
        ),
        f(
            "departureDate",
            Ty::Date,
            Yes,
            L("Ngày xuất cảnh", "Departure date"),
        ),
        f(
            "returnDate",
            Ty::Date,
            Yes,
            L("Ngày nhập cảnh trở về", "Return date"),
        )
        .not_before("departureDate"),
        f(
            "itinerary",
            Ty::Repeat {
                item: &STOP,
                item_label: L("Điểm đến", "Stop"),
                max: Max::List,
            },
            Yes,
            L("Lịch trình", "Itinerary"),
        ),
        f(
            "importantEvent",
            Ty::Bool,
            Yes,
            L("Dự sự kiện quan trọng", "Attends an important event"),
        ),
        f(
            "funding",
            Ty::Group(&FUNDING),
            Yes,
            L("Kinh phí", "Funding"),
        ),
        f(
            "invitation",
            Ty::Group(&INVITATION),
            No,
            L("Thư mời", "Invitation"),
        )
        .only_when(when("purpose", &["official"]))
        .required_by("Trip07Invitation"),
        f(
            "members",
            Ty::Repeat {
                item: &MEMBER,
                item_label: L("Thành viên", "Member"),
                max: Max::List,
            },
            Yes,
            L("Thành viên đoàn", "Members"),
        ),
    ],
);

pub static SENDING_AGENCY: Group = group(
    "SendingAgency",
    &[
        f("name", NAME, Yes, L("Tên cơ quan cử đi", "Sending agency")),
        f(
            "level",
            Ty::Choice(&o::AGENCY_LEVEL),
            Yes,
            L("Cấp", "Level"),
        ),
        f(
            "provinceCode",
            Ty::Province,
            Yes,
            L("Tỉnh, thành phố", "Province"),
        ),
        f(
            "communeCode",
            Ty::Commune {
                province_key: "provinceCode",
            },
            No,
            L("Xã, phường", "Commune or ward"),
        )
        .only_when(when("level", &["commune"])),
    ],
);

pub static STOP: Group = group(
    "Stop",
    &[
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
        f("city", NAME, Yes, L("Thành phố", "City")),
        f("arrive", Ty::Date, Yes, L("Ngày đến", "Arrival")),
        f("leave", Ty::Date, Yes, L("Ngày rời", "Departure")).not_before("arrive"),
    ],
);

pub static FUNDING: Group = group(
    "Funding",
    &[
        f(
            "source",
            Ty::Choice(&o::TRIP_FUNDING),
            Yes,
            L("Nguồn kinh phí", "Source"),
        ),
        f(
            "estimateVnd",
            Ty::Int { min: 0 },
            Yes,
            L("Dự toán (đồng)", "Estimate (VND)"),
        ),
    ],
);

pub static INVITATION: Group = group(
    "Invitation",
    &[
        f("host", NAME, Yes, L("Cơ quan, tổ chức mời", "Host")),
        f("countryCode", Ty::Country, Yes, L("Quốc gia", "Country")),
    ],
);

pub static MEMBER: Group = group(
    "Member",
    &[
        f("name", NAME, Yes, L("Họ và tên", "Full name")),
        f("position", NAME, Yes, L("Chức vụ", "Position")),
        f("agency", NAME, Yes, L("Cơ quan", "Agency")),
        f(
            "keyLeader",
            Ty::Bool,
            Yes,
            L("Là lãnh đạo chủ chốt", "Key leader"),
        ),
        f(
            "officialTripsThisYear",
            Ty::Int { min: 0 },
            Yes,
            L(
                "Số lần đi công tác nước ngoài trong năm",
                "Official trips abroad this year",
            ),
        ),
        f(
            "passport",
            Ty::Group(&PASSPORT),
            Yes,
            L("Hộ chiếu", "Passport"),
        ),
    ],
);

pub static PASSPORT: Group = group(
    "Passport",
    &[
        f(
            "type",
            Ty::Choice(&o::PASSPORT_TYPE),
            Yes,
            L("Loại hộ chiếu", "Passport type"),
        ),
        f(
            "number",
            Ty::Formatted(Text::Code, Fmt::PassportNumber),
            Yes,
            L("Số hộ chiếu", "Passport number"),
        ),
        f("expiresOn", Ty::Date, Yes, L("Ngày hết hạn", "Expiry date")).hint(L(
            "Phải còn hạn ít nhất {passportValidityMonths} tháng kể từ ngày xuất cảnh.",
            "Must be valid for at least {passportValidityMonths} months after departure.",
        )),
    ],
);

/// The top level of a dossier of one kind (the `kind` field is fixed by the form).
pub fn top_level(body_key: &'static str, body: &'static Group, body_label: L) -> [Field; 5] {
    [
        f(
            "rulebookEdition",
            CODE,
            No,
            L("Phiên bản quy tắc", "Rulebook edition"),
        ),
        f(
            "receivingUnit",
            Ty::Group(&RECEIVING_UNIT),
            Yes,
            L("Nơi nhận hồ sơ", "Where the dossier is filed"),
        ),
        f(
            "applicant",
            Ty::Group(&APPLICANT),
            Yes,
            L("Người nộp hồ sơ", "Applicant"),
        ),
        f(
            "documents",
            Ty::Repeat {
                item: &DOCUMENT,
                item_label: L("Tài liệu", "Document"),
                max: Max::Documents,
            },
            No,
            L("Tài liệu đính kèm", "Attached documents"),
        ),
        f(body_key, Ty::Group(body), Yes, body_label),
    ]
}

pub static CONFERENCE_PAGES: &[Page] = &[
    Page {
        id: "applicant",
        title: L("Người nộp hồ sơ", "Applicant"),
        pointers: &["/receivingUnit", "/applicant"],
    },
    Page {
        id: "event",
        title: L("Hội nghị, hội thảo", "The event"),
        pointers: &[
            "/conference/title",
            "/conference/purpose",
            "/conference/format",
            "/conference/startDate",
            "/conference/endDate",
            "/conference/venue",
            "/conference/endpoints",
        ],
    },
    Page {
        id: "organizers",
        title: L("Tổ chức và tài trợ", "Organizers and sponsors"),
        pointers: &[
            "/conference/organizer",
            "/conference/coOrganizers",
            "/conference/hostedByProvince",
            "/conference/sponsors",
        ],
    },
    Page {
        id: "participants",
        title: L("Thành phần tham dự", "Participants"),
        pointers: &["/conference/participants", "/conference/foreignDignitaries"],
    },
    Page {
        id: "content",
        title: L("Nội dung và chương trình", "Content and agenda"),
        pointers: &[
            "/conference/topics",
            "/conference/stateSecret",
            "/conference/pressConference",
            "/conference/agenda",
        ],
    },
    Page {
        id: "documents",
        title: L("Tài liệu", "Documents"),
        pointers: &["/documents"],
    },
];

pub static NGO_PAGES: &[Page] = &[
    Page {
        id: "applicant",
        title: L("Người nộp hồ sơ", "Applicant"),
        pointers: &["/receivingUnit", "/applicant"],
    },
    Page {
        id: "organization",
        title: L("Tổ chức và đề nghị", "Organisation and request"),
        pointers: &[
            "/ngo/certificateType",
            "/ngo/requestType",
            "/ngo/organization",
            "/ngo/term",
            "/ngo/currentCertificate",
        ],
    },
    Page {
        id: "activities",
        title: L("Hoạt động", "Activities"),
        pointers: &[
            "/ngo/operatingProvinces",
            "/ngo/fields",
            "/ngo/programmes",
            "/ngo/fundingSources",
            "/ngo/office",
        ],
    },
    Page {
        id: "representative",
        title: L("Người đứng đầu", "Representative"),
        pointers: &["/ngo/representative"],
    },
    Page {
        id: "documents",
        title: L("Tài liệu", "Documents"),
        pointers: &["/documents"],
    },
];

pub static TRIP_PAGES: &[Page] = &[
    Page {
        id: "applicant",
        title: L("Người nộp hồ sơ", "Applicant"),
        pointers: &["/receivingUnit", "/applicant"],
    },
    Page {
        id: "trip",
        title: L("Chuyến đi", "The trip"),
        pointers: &[
            "/trip/purpose",
            "/trip/sendingAgency",
            "/trip/leaderRank",
            "/trip/departureDate",
            "/trip/returnDate",
            "/trip/itinerary",
            "/trip/importantEvent",
            "/trip/invitation",
            "/trip/funding",
        ],
    },
    Page {
        id: "members",
        title: L("Thành viên đoàn", "Members"),
        pointers: &["/trip/members"],
    },
    Page {
        id: "documents",
        title: L("Tài liệu", "Documents"),
        pointers: &["/documents"],
    },
];
