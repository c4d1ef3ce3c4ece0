//! API errors: always a 4xx (or 5xx only for storage failures) with a JSON body
//! `{"error": {"code", "message": {"vi", "en"}}}` whose message says what to do.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub vi: String,
    pub en: String,
    pub extra: Option<Box<(&'static str, Value)>>,
    /// A report embedded byte for byte (422 for an invalid dossier).
    pub report: Option<Box<serde_json::value::RawValue>>,
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
            extra: None,
            report: None,
        }
    }

    #[must_use]
    pub fn with(mut self, key: &'static str, value: Value) -> ApiError {
        self.extra = Some(Box::new((key, value)));
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

    pub fn storage(e: &sqlx::Error) -> ApiError {
        eprintln!("dossier-server: storage error: {e}");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "STORAGE_UNAVAILABLE",
            "Hệ thống lưu trữ tạm thời không phản hồi. Hãy thử lại sau ít phút; hồ sơ gửi lại với cùng khóa sẽ không bị trùng.",
            "Storage is temporarily unavailable. Try again in a few minutes; resending with the same key cannot create a duplicate.",
        )
    }
}

#[derive(serde::Serialize)]
struct Body {
    error: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<Box<serde_json::value::RawValue>>,
    #[serde(flatten)]
    extra: serde_json::Map<String, Value>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut extra = serde_json::Map::new();
        if let Some(pair) = self.extra {
            let (key, value) = *pair;
            extra.insert(key.to_owned(), value);
        }
        let body = Body {
            error: json!({ "code": self.code, "message": { "vi": self.vi, "en": self.en } }),
            report: self.report,
            extra,
        };
        (self.status, Json(body)).into_response()
    }
}
