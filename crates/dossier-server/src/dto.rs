//! Request bodies of the staff API and query parameters as typed structs validated with the
//! `validator` crate (SPEC §10). Every problem becomes one entry of a 400 error, named by the
//! JSON Pointer of the field or parameter (`/note`, `/findingCodes/3`, `/pageSize`), with a
//! message in Vietnamese and English that says what to do.
//!
//! Dossiers are not read here: the core's lenient reader reports their problems as findings.

use crate::error::{ApiError, FieldError};
use crate::security::limits::{
    FINDING_CODES_MAX, NOTE_MAX_CHARS, PAGE_MAX, PAGE_SIZE_MAX, PASSWORD_MAX_CHARS,
    PASSWORD_MIN_CHARS, USERNAME_PATTERN,
};
use crate::workflow::{Action, DecisionResult, Status};
use dossier_core::{Code, Date, Kind, Lang, WireEnum};
use regex::Regex;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::sync::LazyLock;
use utoipa::openapi::schema::{ObjectBuilder, Schema};
use utoipa::openapi::RefOr;
use utoipa::{IntoParams, PartialSchema, ToSchema};
use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

static USERNAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(USERNAME_PATTERN).unwrap_or_else(|e| panic!("USERNAME_PATTERN is a regex: {e}"))
});

/// Whether `s` is an acceptable username (the CLI checks new accounts with the same rule).
pub fn valid_username(s: &str) -> bool {
    USERNAME.is_match(s)
}

// The OpenAPI attributes (`schema`, `param`) repeat the limits of `limits.rs` as literals (the
// macros take no constants); `openapi::tests` checks that the document states exactly them.

/// `POST /api/v1/staff/login`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    #[validate(regex(path = *USERNAME, code = "pattern"))]
    #[schema(pattern = "^[a-z0-9._-]{3,64}$")]
    pub username: String,
    #[validate(
        length(min = "PASSWORD_MIN_CHARS", max = "PASSWORD_MAX_CHARS"),
        custom(function = "no_control")
    )]
    #[schema(
        min_length = 12,
        max_length = 1024,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub password: String,
}

/// `POST /api/v1/staff/dossiers/{id}/actions`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ActionBody {
    pub action: Action,
    /// Shown to the citizen with a return; line breaks and tabs are kept.
    #[serde(default)]
    #[validate(
        length(max = "NOTE_MAX_CHARS"),
        custom(function = "no_control_in_text")
    )]
    #[schema(
        max_length = 2000,
        pattern = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
    )]
    pub note: String,
    #[serde(default)]
    #[validate(length(max = "FINDING_CODES_MAX"))]
    #[schema(max_items = 50)]
    pub finding_codes: Vec<FindingCode>,
    /// The version of the dossier as the officer saw it (optimistic concurrency).
    #[validate(range(min = 0))]
    #[schema(minimum = 0)]
    pub version: i64,
    /// With `decide`: the decision.
    #[serde(default)]
    #[validate(nested)]
    pub decision: Option<DecisionBody>,
    /// With `return`: the officer confirms a second return at the same unit ("guide once").
    #[serde(default)]
    pub confirm_override: bool,
}

/// The decision recorded with `decide`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DecisionBody {
    pub result: DecisionResult,
    /// The decision's number, e.g. `125/QĐ-UBND`.
    #[validate(length(min = 1, max = 64), custom(function = "no_control"))]
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub number: String,
    /// The date it was signed.
    #[schema(value_type = DateParam)]
    pub date: DateParam,
    /// The office of the signer, e.g. `Chủ tịch UBND thành phố Đà Nẵng`.
    #[validate(length(min = 1, max = 300), custom(function = "no_control"))]
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub signer_office: String,
    /// The SHA-256 of the uploaded decision document (PDF), any case.
    #[serde(default)]
    #[validate(regex(path = *SHA256, code = "pattern"))]
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub document_sha256: Option<String>,
}

static SHA256: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^[0-9a-fA-F]{64}$").unwrap_or_else(|e| panic!("a regex: {e}")));
static RECEIPT_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^[A-Za-z0-9-]{1,20}$").unwrap_or_else(|e| panic!("a regex: {e}")));

/// The queue's order.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// Running deadlines first, by due date (the default).
    Due,
    /// Newest first.
    Received,
}

/// `?from=&to=` of the register.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// The first day (received on or after), YYYY-MM-DD.
    pub from: DateParam,
    /// The last day (received on or before), YYYY-MM-DD.
    pub to: DateParam,
}

/// A finding code of the rulebook (`DOCUMENT_MISSING`, …).
#[derive(Debug, Clone, Copy)]
pub struct FindingCode(pub Code);

/// A string schema with these allowed values.
fn enum_schema(values: impl IntoIterator<Item = &'static str>, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values))
        .description(Some(description))
        .into()
}

impl PartialSchema for FindingCode {
    fn schema() -> RefOr<Schema> {
        enum_schema(
            <Code as WireEnum>::ALL.iter().map(|c| c.as_str()),
            "A finding code of the rulebook",
        )
    }
}

impl ToSchema for FindingCode {}

impl PartialSchema for KindParam {
    fn schema() -> RefOr<Schema> {
        enum_schema(
            <Kind as WireEnum>::ALL.iter().map(|k| k.as_str()),
            "The kind of dossier",
        )
    }
}

impl ToSchema for KindParam {}

impl PartialSchema for LangParam {
    fn schema() -> RefOr<Schema> {
        enum_schema(
            ["vi", "en"],
            "The language of messages (Vietnamese by default)",
        )
    }
}

impl ToSchema for LangParam {}

impl PartialSchema for DateParam {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            )))
            .description(Some("A date as YYYY-MM-DD"))
            .into()
    }
}

impl ToSchema for DateParam {}

impl serde::Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FindingCode, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        <Code as WireEnum>::from_wire(&s)
            .map(FindingCode)
            .ok_or_else(|| serde::de::Error::custom("not a finding code of the rulebook"))
    }
}

/// `?kind=` as one of the core's kinds.
#[derive(Debug, Clone, Copy)]
pub struct KindParam(pub Kind);

impl<'de> Deserialize<'de> for KindParam {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KindParam, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        <Kind as WireEnum>::from_wire(&s)
            .map(KindParam)
            .ok_or_else(|| serde::de::Error::custom("not a kind of dossier"))
    }
}

/// `?lang=vi|en`.
#[derive(Debug, Clone, Copy)]
pub struct LangParam(pub Lang);

impl<'de> Deserialize<'de> for LangParam {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LangParam, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        Lang::parse(&s)
            .map(LangParam)
            .ok_or_else(|| serde::de::Error::custom("not vi or en"))
    }
}

/// `?asOf=YYYY-MM-DD`.
#[derive(Debug, Clone, Copy)]
pub struct DateParam(pub Date);

impl<'de> Deserialize<'de> for DateParam {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DateParam, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        Date::parse(&s)
            .map(DateParam)
            .ok_or_else(|| serde::de::Error::custom("not a date as YYYY-MM-DD"))
    }
}

/// `?lang=` alone (form description, staff detail).
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `vi` (default) or `en`.
    pub lang: Option<LangParam>,
}

impl LangQuery {
    pub fn lang(&self) -> Lang {
        self.lang.map_or(Lang::Vi, |l| l.0)
    }
}

/// `POST /api/v1/validate?lang=&asOf=`.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ValidateQuery {
    /// `vi` (default) or `en`.
    pub lang: Option<LangParam>,
    /// The date the rules apply on [default: today in Asia/Ho_Chi_Minh].
    pub as_of: Option<DateParam>,
}

/// `GET /api/v1/staff/dossiers?status=&kind=&page=&pageSize=`.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only dossiers in this status.
    pub status: Option<Status>,
    /// Only dossiers of this kind.
    pub kind: Option<KindParam>,
    /// The page, from 1.
    #[validate(range(min = 1, max = "PAGE_MAX"))]
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<i64>,
    /// Dossiers per page (20 when not given).
    #[validate(range(min = 1, max = "PAGE_SIZE_MAX"))]
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<i64>,
    /// Only the dossier with this receipt code (`HS-XXXX-XXXX`, any case).
    #[validate(regex(path = *RECEIPT_CODE, code = "pattern"))]
    #[param(pattern = "^[A-Za-z0-9-]{1,20}$")]
    pub code: Option<String>,
    /// `due` (default: running deadlines first, by due date) or `received` (newest first).
    #[param(inline)]
    pub sort: Option<QueueSort>,
}

/// No control characters at all (C0, DEL, C1): passwords, one-line fields.
fn no_control(s: &str) -> Result<(), ValidationError> {
    if s.chars().any(char::is_control) {
        return Err(ValidationError::new("control"));
    }
    Ok(())
}

/// Free text (notes): line breaks and tabs are fine, other control characters (NUL, …) not.
fn no_control_in_text(s: &str) -> Result<(), ValidationError> {
    if s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ValidationError::new("control"));
    }
    Ok(())
}

/// Parses and validates a JSON body.
pub fn json_body<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| invalid(vec![serde_problem(e.path(), &e.inner().to_string(), true)]))?;
    de.end().map_err(|_| {
        invalid(vec![field_error(
            String::new(),
            "json",
            &[],
            "Nội dung phải là đúng một đối tượng JSON",
            "The body must be exactly one JSON object",
        )])
    })?;
    value
        .validate()
        .map_err(|e| invalid(validation_problems(&e)))?;
    Ok(value)
}

/// Parses and validates a query string (absent = empty). Unknown parameters are ignored.
pub fn query<T: DeserializeOwned + Validate>(raw: Option<&str>) -> Result<T, ApiError> {
    let raw = raw.unwrap_or("");
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw.as_bytes()));
    let value: T = serde_path_to_error::deserialize(de)
        .map_err(|e| invalid(vec![serde_problem(e.path(), &e.inner().to_string(), false)]))?;
    value
        .validate()
        .map_err(|e| invalid(validation_problems(&e)))?;
    Ok(value)
}

/// The dates of a range, `from ≤ to` and at most five years apart (400 at `/to` otherwise).
pub fn checked_range(q: &RangeQuery) -> Result<(Date, Date), ApiError> {
    let (from, to) = (q.from.0, q.to.0);
    if from > to || from.days_until(to) > RANGE_MAX_DAYS {
        return Err(one_field(
            "/to",
            "range",
            "Ngày kết thúc phải sau ngày bắt đầu, và khoảng thời gian không quá 5 năm.",
            "The end date must not be before the start date, and the range at most 5 years.",
        ));
    }
    Ok((from, to))
}

/// The longest range of the register and the overview: five years.
pub const RANGE_MAX_DAYS: i64 = 5 * 366;

/// A 400 `INVALID_REQUEST` for one field or parameter, checked beyond its own bounds (a
/// range's end before its start, …).
pub fn one_field(pointer: &str, code: &'static str, vi: &str, en: &str) -> ApiError {
    invalid(vec![field_error(pointer.to_owned(), code, &[], vi, en)])
}

fn invalid(fields: Vec<FieldError>) -> ApiError {
    ApiError::bad_request(
        "INVALID_REQUEST",
        "Yêu cầu có trường không hợp lệ. Hãy sửa từng trường được nêu trong danh sách rồi gửi lại.",
        "The request has invalid fields. Correct each field listed and send it again.",
    )
    .with_fields(fields)
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `finding_codes` → `findingCodes` (the DTOs are camelCase on the wire).
fn wire_name(rust: &str) -> String {
    let mut out = String::with_capacity(rust.len());
    let mut upper = false;
    for c in rust.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `pointer` with the field `name` appended, unless the path already ends with it.
fn child(pointer: &str, name: &str) -> String {
    let last = format!("/{}", escape(name));
    if pointer.ends_with(&last) {
        pointer.to_owned()
    } else {
        format!("{pointer}{last}")
    }
}

/// The text between the first pair of backticks of a serde message (a field's name).
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

fn serde_problem(path: &serde_path_to_error::Path, message: &str, json: bool) -> FieldError {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    if json && (message.starts_with("expected") || message.contains("EOF while parsing"))
        || message.starts_with("key must be a string")
        || message.starts_with("trailing")
    {
        return field_error(
            String::new(),
            "json",
            &[],
            "Nội dung không phải JSON hợp lệ",
            "The body is not valid JSON",
        );
    }
    if let Some(name) = message
        .strip_prefix("missing field ")
        .and_then(|_| quoted(message))
    {
        let pointer = child(&pointer, name);
        return field_error(
            pointer,
            "required",
            &[],
            "Thiếu trường này",
            "This field is missing",
        );
    }
    if let Some(name) = message
        .strip_prefix("unknown field ")
        .and_then(|_| quoted(message))
    {
        let pointer = child(&pointer, name);
        return field_error(
            pointer,
            "unknown",
            &[],
            "Trường này không được nhận; hãy bỏ nó",
            "This field is not accepted; remove it",
        );
    }
    if let Some(name) = message
        .strip_prefix("duplicate field ")
        .and_then(|_| quoted(message))
    {
        let pointer = child(&pointer, name);
        return field_error(
            pointer,
            "duplicate",
            &[],
            "Trường này xuất hiện hai lần; hãy chỉ gửi một lần",
            "This field appears twice; send it once",
        );
    }
    let (vi, en) = value_hint(&pointer);
    field_error(pointer, "value", &[], &vi, &en)
}

/// `a, b hoặc c` / `a, b or c`.
fn one_of(names: &[&str], or: &str) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {or} {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// What a wrong value of a field should be instead; the allowed values from their enums.
fn value_hint(pointer: &str) -> (Cow<'static, str>, Cow<'static, str>) {
    let field = pointer.rsplit('/').find(|t| t.parse::<usize>().is_err());
    let listed = |vi: &str, en: &str, names: &[&str]| {
        (
            Cow::Owned(format!("{vi} {}", one_of(names, "hoặc"))),
            Cow::Owned(format!("{en} {}", one_of(names, "or"))),
        )
    };
    let statics = |vi: &'static str, en: &'static str| (Cow::Borrowed(vi), Cow::Borrowed(en));
    match field {
        Some("action") => {
            let names: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
            listed("Thao tác phải là", "The action must be", &names)
        }
        Some("findingCodes") => statics(
            "Mã lỗi không có trong bộ quy tắc; hãy chọn mã trong /api/v1/rulebook",
            "Not a finding code of the rulebook; choose one from /api/v1/rulebook",
        ),
        Some("status") => {
            let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            listed("Trạng thái phải là", "The status must be", &names)
        }
        Some("kind") => {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            listed("Loại hồ sơ phải là", "The kind must be", &names)
        }
        Some("lang") => statics(
            "Ngôn ngữ phải là vi hoặc en",
            "The language must be vi or en",
        ),
        Some("asOf") => statics(
            "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật",
            "The date must be a real day written as YYYY-MM-DD",
        ),
        Some("page" | "pageSize" | "version") => {
            statics("Hãy nhập một số nguyên", "Give a whole number")
        }
        Some("username" | "password" | "note") => {
            statics("Hãy gửi dạng chuỗi", "Send it as a string")
        }
        _ => statics(
            "Giá trị không đúng kiểu; hãy sửa lại",
            "The value has the wrong type; correct it",
        ),
    }
}

fn validation_problems(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.code.cmp(b.code)));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let pointer = format!("{prefix}/{}", escape(&wire_name(field)));
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push(validation_problem(&pointer, e));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &pointer, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{pointer}/{i}"), out);
                }
            }
        }
    }
}

fn param(e: &ValidationError, name: &str) -> Option<String> {
    e.params.get(name).map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn validation_problem(pointer: &str, e: &ValidationError) -> FieldError {
    let min = param(e, "min");
    let max = param(e, "max");
    let field = pointer.rsplit('/').next().unwrap_or("");
    let params: Vec<(&'static str, String)> = [("min", min.clone()), ("max", max.clone())]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let (vi, en): (String, String) = match (e.code.as_ref(), field) {
        ("pattern", "username") => (
            "Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang".into(),
            "A username has 3–64 characters: lower-case letters without accents, digits, dots, underscores or hyphens".into(),
        ),
        ("control", _) => (
            "Có ký tự điều khiển (ví dụ NUL); hãy xóa chúng rồi gửi lại".into(),
            "It contains control characters (such as NUL); remove them and send it again".into(),
        ),
        ("length", "findingCodes") => (
            format!("Chọn tối đa {} mã lỗi", max.as_deref().unwrap_or("?")),
            format!("Choose at most {} finding codes", max.as_deref().unwrap_or("?")),
        ),
        ("length", _) => match (&min, &max) {
            (Some(min), Some(max)) => (
                format!("Độ dài phải từ {min} đến {max} ký tự"),
                format!("The length must be {min} to {max} characters"),
            ),
            (None, Some(max)) => (
                format!("Tối đa {max} ký tự; hãy rút gọn"),
                format!("At most {max} characters; shorten it"),
            ),
            (Some(min), None) => (
                format!("Ít nhất {min} ký tự"),
                format!("At least {min} characters"),
            ),
            (None, None) => ("Độ dài không hợp lệ".into(), "The length is not valid".into()),
        },
        ("range", _) => match (&min, &max) {
            (Some(min), Some(max)) => (
                format!("Hãy nhập một số từ {min} đến {max}"),
                format!("Give a number from {min} to {max}"),
            ),
            (Some(min), None) => (
                format!("Hãy nhập một số không nhỏ hơn {min}"),
                format!("Give a number of at least {min}"),
            ),
            (None, Some(max)) => (
                format!("Hãy nhập một số không lớn hơn {max}"),
                format!("Give a number of at most {max}"),
            ),
            (None, None) => ("Giá trị ngoài khoảng cho phép".into(), "The value is out of range".into()),
        },
        _ => ("Giá trị không hợp lệ; hãy sửa lại".into(), "The value is not valid; correct it".into()),
    };
    FieldError {
        pointer: pointer.to_owned(),
        code: match e.code.as_ref() {
            "pattern" => "pattern",
            "control" => "control",
            "length" => "length",
            "range" => "range",
            _ => "value",
        },
        params,
        vi,
        en,
    }
}

fn field_error(
    pointer: String,
    code: &'static str,
    params: &[(&'static str, String)],
    vi: &str,
    en: &str,
) -> FieldError {
    FieldError {
        pointer,
        code,
        params: params.to_vec(),
        vi: vi.to_owned(),
        en: en.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn pointers(e: &ApiError) -> Vec<(String, &'static str)> {
        e.fields
            .iter()
            .map(|f| (f.pointer.clone(), f.code))
            .collect()
    }

    #[test]
    fn serde_problems_are_named_by_pointer() {
        let e = json_body::<ActionBody>(
            br#"{"action":"return","version":1,"findingCodes":["DOCUMENT_MISSING","NOPE"]}"#,
        )
        .unwrap_err();
        assert_eq!(pointers(&e), vec![("/findingCodes/1".into(), "value")]);
        let e = json_body::<ActionBody>(br#"{"action":"return"}"#).unwrap_err();
        assert_eq!(pointers(&e), vec![("/version".into(), "required")]);
        let e =
            json_body::<ActionBody>(br#"{"action":"return","version":1,"notes":""}"#).unwrap_err();
        assert_eq!(pointers(&e), vec![("/notes".into(), "unknown")]);
        let e = json_body::<ActionBody>(br#"{"action":"x","version":1}"#).unwrap_err();
        assert_eq!(pointers(&e), vec![("/action".into(), "value")]);
        let e = json_body::<ActionBody>(b"{").unwrap_err();
        assert_eq!(pointers(&e), vec![(String::new(), "json")]);
        let e = json_body::<ActionBody>(br#"{"action":"return","version":1} {}"#).unwrap_err();
        assert_eq!(pointers(&e), vec![(String::new(), "json")]);
    }

    #[test]
    fn validator_problems_are_named_by_pointer() {
        let body = serde_json::json!({ "action": "return", "version": -1, "note": "a\u{0}b",
            "findingCodes": vec!["DOCUMENT_MISSING"; 51] });
        let e = json_body::<ActionBody>(body.to_string().as_bytes()).unwrap_err();
        assert_eq!(
            pointers(&e),
            vec![
                ("/findingCodes".into(), "length"),
                ("/note".into(), "control"),
                ("/version".into(), "range")
            ]
        );
        assert!(json_body::<ActionBody>(
            br#"{"action":"return","version":0,"note":"line 1\nline 2\ttab"}"#
        )
        .is_ok());
    }

    #[test]
    fn queries_are_typed() {
        let q: QueueQuery = query(Some("status=returned&kind=ngo_licence&pageSize=100")).unwrap();
        assert_eq!(q.status, Some(Status::Returned));
        assert_eq!(q.page_size, Some(100));
        let e = query::<QueueQuery>(Some("pageSize=101&page=0")).unwrap_err();
        assert_eq!(
            pointers(&e),
            vec![("/page".into(), "range"), ("/pageSize".into(), "range")]
        );
        let e = query::<QueueQuery>(Some("page=abc")).unwrap_err();
        assert_eq!(pointers(&e), vec![("/page".into(), "value")]);
        let e = query::<ValidateQuery>(Some("asOf=2026-02-30")).unwrap_err();
        assert_eq!(pointers(&e), vec![("/asOf".into(), "value")]);
        assert!(query::<ValidateQuery>(None).is_ok());
    }

    #[test]
    fn usernames_follow_the_pattern() {
        assert!(valid_username("haichau1"));
        assert!(valid_username("a.b_c-d"));
        assert!(!valid_username("ab"));
        assert!(!valid_username("HaiChau"));
        assert!(!valid_username("hai chau"));
        assert!(!valid_username(&"a".repeat(65)));
    }
}
