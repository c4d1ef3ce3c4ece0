//! Security headers (SPEC §10), as tower-http layers: `nosniff` and `no-referrer` on every
//! response, the Content-Security-Policy on every HTML page, `Cache-Control: no-store` on every
//! response that carries personal data (set by the routes that do: receipts, status, staff API,
//! downloads).

use axum::http::{header, HeaderValue, Response};
use tower_http::set_header::SetResponseHeaderLayer;

/// The pages load only their own scripts, styles, WASM and data; nothing inline, no frames.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// An attachment is a document to save, never a page: no script, no plugin, no origin.
pub const DOWNLOAD_POLICY: &str = "default-src 'none'; sandbox";

pub fn nosniff() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    )
}

pub fn no_referrer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    )
}

pub fn no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

fn is_html<B>(response: &Response<B>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

/// The CSP on HTML responses (a response that sets its own policy keeps it).
pub fn csp_for_html<B>(
) -> SetResponseHeaderLayer<impl Fn(&Response<B>) -> Option<HeaderValue> + Clone> {
    SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, |r: &Response<B>| {
        is_html(r).then(|| HeaderValue::from_static(CONTENT_SECURITY_POLICY))
    })
}
