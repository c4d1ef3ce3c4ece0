//! API errors: always a 4xx (or 5xx only for storage failures) with a JSON body
//! `{"error": {"code", "message": {"vi", "en"}}}` whose message says what to do. The body is
//! the `ErrorBody` wire type, the same that the OpenAPI document describes.

use crate::responses::{ErrorBody, ErrorInfo, FieldProblem, Messages};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub vi: String,
    pub en: String,
    /// The SHA-256s of attachments a dossier names that are not stored (422).
    pub missing: Option<Box<[String]>>,
    /// A report embedded byte for byte (422 for an invalid dossier).
    pub report: Option<Box<serde_json::value::RawValue>>,
    /// The fields of a request that are wrong, each by its JSON Pointer (400).
    pub fields: Box<[FieldError]>,
    /// Seconds, sent as `Retry-After` (429, 503); 0 = none.
    pub retry_after: u32,
}

/// One wrong field or parameter of a request.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// RFC 6901 JSON Pointer in wire names (`/findingCodes/3`, `/pageSize`); "" = the whole body.
    pub pointer: String,
    /// `required`, `unknown`, `duplicate`, `value`, `length`, `range`, `pattern`, `control`, `json`.
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
    pub vi: String,
    pub en: String,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            vi: vi.into(),
            en: en.into(),
            missing: None,
            report: None,
            fields: Box::default(),
            retry_after: 0,
        }
    }

    #[must_use]
    pub fn with_missing(mut self, missing: Vec<String>) -> ApiError {
        self.missing = Some(missing.into_boxed_slice());
        self
    }

    #[must_use]
    pub fn with_fields(mut self, fields: Vec<FieldError>) -> ApiError {
        self.fields = fields.into_boxed_slice();
        self
    }

    #[must_use]
    pub fn retry_after(mut self, seconds: u64) -> ApiError {
        self.retry_after = u32::try_from(seconds.max(1)).unwrap_or(u32::MAX);
        self
    }

    #[must_use]
    pub fn with_report(mut self, report_json: String) -> ApiError {
        self.report = serde_json::value::RawValue::from_string(report_json).ok();
        self
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "Không tìm thấy. Hãy kiểm tra lại địa chỉ, mã hồ sơ và mã truy cập.",
            "Not found. Check the address, the receipt code and the access token.",
        )
    }

    pub fn bad_request(
        code: &'static str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, vi, en)
    }

    /// 409: the dossier is not in a state for this; `vi`/`en` say what to do.
    pub fn conflict(vi: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "CONFLICT", vi, en)
    }

    pub fn storage(e: &sqlx::Error) -> ApiError {
        crate::warn(format_args!("dossier-server: storage error: {e}"));
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "STORAGE_UNAVAILABLE",
            "Hệ thống lưu trữ tạm thời không phản hồi. Hãy thử lại sau ít phút; hồ sơ gửi lại với cùng khóa sẽ không bị trùng.",
            "Storage is temporarily unavailable. Try again in a few minutes; resending with the same key cannot create a duplicate.",
        )
        .retry_after(5)
    }
}

/// A storage failure is a 503 the client may retry (`?` on any store call).
impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError::storage(&e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let fields = (!self.fields.is_empty()).then(|| {
            self.fields
                .iter()
                .map(|f| FieldProblem {
                    pointer: f.pointer.clone(),
                    code: f.code,
                    params: f
                        .params
                        .iter()
                        .map(|(k, v)| {
                            let value = v
                                .parse::<i64>()
                                .map_or_else(|_| Value::from(v.as_str()), Value::from);
                            ((*k).to_owned(), value)
                        })
                        .collect(),
                    message: Messages {
                        vi: f.vi.clone(),
                        en: f.en.clone(),
                    },
                })
                .collect()
        });
        let body = ErrorBody {
            error: ErrorInfo {
                code: self.code,
                message: Messages {
                    vi: self.vi,
                    en: self.en,
                },
                fields,
            },
            report: self.report,
            missing: self.missing.map(Vec::from),
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.retry_after > 0 {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, self.retry_after.into());
        }
        response
    }
}
