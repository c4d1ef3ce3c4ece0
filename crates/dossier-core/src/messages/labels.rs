//! Labels for wire tokens that appear as param values (document types, formats, JSON types).

use super::Lang;

/// (token, Vietnamese, English)
static LABELS: &[(&str, &str, &str)] = &[
    // document types
    (
        "request_letter",
        "Công văn đề nghị cho phép tổ chức",
        "request letter",
    ),
    (
        "project_plan",
        "Đề án tổ chức hội nghị, hội thảo",
        "event plan",
    ),
    (
        "sector_opinion",
        "Ý kiến của cơ quan quản lý chuyên ngành",
        "opinion of the sector authority",
    ),
    ("application_form", "Đơn đề nghị", "application form"),
    (
        "charter",
        "Điều lệ của tổ chức",
        "charter of the organisation",
    ),
    (
        "legal_status",
        "Giấy tờ chứng minh tư cách pháp nhân",
        "proof of legal status",
    ),
    (
        "programme_statement",
        "Bản tóm tắt chương trình, dự án hoạt động",
        "programme statement",
    ),
    (
        "representative_appointment",
        "Văn bản bổ nhiệm người đứng đầu",
        "appointment of the representative",
    ),
    (
        "representative_cv",
        "Sơ yếu lý lịch của người đứng đầu",
        "CV of the representative",
    ),
    (
        "criminal_record",
        "Phiếu lý lịch tư pháp",
        "criminal record certificate",
    ),
    ("passport_copy", "Bản sao hộ chiếu", "passport copy"),
    (
        "current_certificate",
        "Giấy đăng ký đang có hiệu lực",
        "current certificate",
    ),
    (
        "activity_report",
        "Báo cáo kết quả hoạt động",
        "activity report",
    ),
    (
        "sending_request",
        "Công văn đề nghị cử đoàn",
        "request to send the delegation",
    ),
    ("invitation_letter", "Thư mời", "invitation letter"),
    ("programme", "Chương trình làm việc", "working programme"),
    ("budget_estimate", "Dự toán kinh phí", "budget estimate"),
    (
        "personal_application",
        "Đơn xin đi nước ngoài về việc riêng",
        "personal application",
    ),
    // formats
    (
        "date",
        "ngày theo dạng YYYY-MM-DD (ví dụ 2027-01-14)",
        "date as YYYY-MM-DD (for example 2027-01-14)",
    ),
    (
        "email",
        "địa chỉ thư điện tử (ví dụ ten@example.vn)",
        "email address (for example name@example.org)",
    ),
    ("phone", "số điện thoại", "phone number"),
    (
        "sha256",
        "mã SHA-256 gồm 64 ký tự thập lục phân",
        "SHA-256 digest of 64 hexadecimal characters",
    ),
    (
        "passport_number",
        "số hộ chiếu (6–9 chữ in hoa và chữ số)",
        "passport number (6–9 capital letters and digits)",
    ),
    // JSON types
    ("string", "chuỗi ký tự", "text"),
    ("integer", "số nguyên", "whole number"),
    (
        "boolean",
        "giá trị đúng/sai (true hoặc false)",
        "true or false",
    ),
    ("array", "danh sách", "list"),
    (
        "object",
        "nhóm thông tin (đối tượng JSON)",
        "group of fields (JSON object)",
    ),
    // ID_NUMBER_INVALID reasons
    (
        "length",
        "số định danh phải gồm đúng 12 chữ số",
        "a citizen ID has exactly 12 digits",
    ),
    (
        "province",
        "ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh",
        "the first three digits are not a birth-registration province code",
    ),
    (
        "birth_year",
        "chữ số thế kỷ/giới tính và năm sinh không khớp với ngày sinh",
        "the century/sex digit and the year digits do not match the date of birth",
    ),
];

pub(super) fn label(token: &str, lang: Lang) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(t, _, _)| *t == token)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        })
}
