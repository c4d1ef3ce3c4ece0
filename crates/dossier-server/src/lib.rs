//! # dossier-server
//!
//! The HTTP service of SPEC §6: stateless validation, submission once per idempotency key,
//! attachments, tracking, exports and the OpenAPI document. SQLite embedded by default,
//! PostgreSQL when several instances share one database. Every rule runs in `dossier-core`.
#![forbid(unsafe_code)]

mod api;
mod clock;
mod error;
pub mod ids;
mod openapi;
pub mod staff_api;
pub mod staff_store;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use store::Store;

pub use api::{MAX_ATTACHMENT_BYTES, MAX_JSON_BYTES};
pub use clock::now_rfc3339;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// The API router (and the static pages, when `www` is given).
pub fn router(state: AppState, www: Option<PathBuf>) -> Router {
    let api = Router::new()
        .route("/healthz", get(api::healthz))
        .route("/api/v1/validate", post(api::validate_dossier))
        .route("/api/v1/schema/{kind}", get(api::schema))
        .route("/api/v1/forms/{kind}", get(api::form_description))
        .route("/api/v1/admin-units", get(api::admin_units_all))
        .route("/api/v1/admin-units/{province}", get(api::admin_units_one))
        .route("/api/v1/rulebook", get(api::rulebook_export))
        .route("/api/v1/openapi.json", get(api::openapi_json))
        .route("/api/v1/attachments", post(api::upload_attachment))
        .route("/api/v1/dossiers", post(api::submit_dossier))
        .route("/api/v1/dossiers/{code}", get(api::dossier_status))
        .route("/api/v1/staff/login", post(staff_api::login))
        .route("/api/v1/staff/logout", post(staff_api::logout))
        .route("/api/v1/staff/me", get(staff_api::me))
        .route("/api/v1/staff/dossiers", get(staff_api::queue))
        .route("/api/v1/staff/dossiers/{id}", get(staff_api::detail))
        .route(
            "/api/v1/staff/dossiers/{id}/attachments/{sha256}",
            get(staff_api::attachment),
        )
        .route("/api/v1/staff/dossiers/{id}/actions", post(staff_api::act))
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        // Limits are enforced by the handlers with JSON errors; this only caps the worst case.
        .layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES + 1024))
        .method_not_allowed_fallback(method_not_allowed)
        // Defence in depth: a bug answers 500 with a JSON body instead of dropping the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(error::ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "Lỗi hệ thống. Hãy thử lại; nếu lỗi lặp lại, hãy báo cho cơ quan tiếp nhận.",
                "Internal error. Try again; if it happens again, tell the receiving office.",
            ))
        }))
        .with_state(state);
    let app = match www {
        Some(dir) => {
            use tower_http::services::{ServeDir, ServeFile};
            // The pages: one form page for every kind (rendered from the form description),
            // the status page, and the static files (the WASM package under /pkg).
            api.route_service("/forms/{kind}", ServeFile::new(dir.join("form.html")))
                .route_service("/status", ServeFile::new(dir.join("status.html")))
                .route_service("/staff", ServeFile::new(dir.join("staff.html")))
                .fallback_service(ServeDir::new(dir))
        }
        None => api.fallback(api::not_found),
    };
    // gzip for pages, the WASM package and JSON (slow mobile networks).
    app.layer(tower_http::compression::CompressionLayer::new())
}

async fn method_not_allowed() -> error::ApiError {
    error::ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "Phương thức HTTP này không dùng được ở địa chỉ này. Hãy xem /api/v1/openapi.json.",
        "This HTTP method is not allowed here. See /api/v1/openapi.json.",
    )
}

/// Server settings.
pub struct Config {
    pub addr: SocketAddr,
    pub db_url: String,
    pub www: Option<PathBuf>,
}

/// Opens the database, binds, prints the URL, and serves until SIGTERM or Ctrl-C (graceful:
/// requests in flight finish, then the pool closes).
pub async fn serve(config: Config) -> Result<(), String> {
    let store = Store::open(&config.db_url).await?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "dossier: serving on http://{local}/ (database {})",
        redact(&config.db_url)
    );
    let app = router(
        AppState {
            store: store.clone(),
        },
        config.www,
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))?;
    store.close().await;
    println!("dossier: stopped");
    Ok(())
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
