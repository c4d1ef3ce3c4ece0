//! Labels for wire tokens that appear as param values: document types (from their one table,
//! `dossier_model::options::DOC_TYPE`), and the tokens only messages show (formats, JSON types,
//! reasons).

use super::Lang;
use dossier_model::options::DOC_TYPE;
use std::borrow::Cow;

/// (token, Vietnamese, English)
static LABELS: &[(&str, &str, &str)] = &[
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

pub(super) fn label(token: &str, lang: Lang) -> Option<Cow<'static, str>> {
    if let Some(l) = document_type(token, lang) {
        return Some(l);
    }
    LABELS
        .iter()
        .find(|(t, _, _)| *t == token)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => Cow::Borrowed(*vi),
            Lang::En => Cow::Borrowed(*en),
        })
}

/// A document type's label inside a sentence: the form's label, in English with a lower-case
/// first letter unless it starts an abbreviation ("CV of the representative"). The catch-all
/// `other` stays its wire value, as the reports of edition 2025-07-01 show it.
fn document_type(token: &str, lang: Lang) -> Option<Cow<'static, str>> {
    let opt = DOC_TYPE.get(token).filter(|o| o.0 != "other")?;
    Some(match lang {
        Lang::Vi => Cow::Borrowed(opt.1 .0),
        Lang::En => {
            let en = opt.1 .1;
            match en.as_bytes() {
                [_, second, ..] if !second.is_ascii_uppercase() => {
                    let mut lower = en.to_owned();
                    lower[..1].make_ascii_lowercase();
                    Cow::Owned(lower)
                }
                _ => Cow::Borrowed(en),
            }
        }
    })
}
