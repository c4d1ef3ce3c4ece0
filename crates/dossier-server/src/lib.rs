//! # dossier-server
//!
//! The HTTP service of SPEC §6 and §10: stateless validation, submission once per idempotency
//! key, attachments, tracking, the staff workflow, exports and the OpenAPI document; built to
//! face the public internet (timeouts, bounded memory, connection and rate limits, login
//! throttling, security headers, audit). SQLite embedded by default, PostgreSQL when several
//! instances share one database. Every rule runs in `dossier-core`.
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

mod citizen;
mod clock;
pub mod dto;
pub mod error;
pub mod ids;
mod openapi;
pub mod responses;
pub mod security;
mod staff;
pub mod storage;
pub mod testing;
pub mod workflow;

// The modules by their earlier flat paths, for the command line and the tests.
pub use citizen::tus;
pub use security::{client_addr, download, limits, listen, passwords, rate, secret, tls};
pub use staff::{api as staff_api, overview};
pub use storage::{attachments, audit, backup, desk_store, gc, staff_store, store};

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::Router;
use citizen::api;
use limits::{max_attachment_bytes, Settings};
use security::headers;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;
use tower_http::compression::Predicate;

pub use clock::{now_rfc3339, unix_now};
pub use headers::CONTENT_SECURITY_POLICY;
pub use limits::MAX_JSON_BYTES;

/// What every handler shares, behind one `Arc`: the router clones the state for every request
/// (and the `State` extractor once more), so a clone is one atomic increment, not one per field
/// (measured: 3 % of a validate request's CPU under load went to cloning and dropping the fields).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub passwords: passwords::Checker,
    /// Dossiers parsed and validated at once (a 1 MiB body can take tens of MiB as a tree).
    pub dossier_work: Arc<tokio::sync::Semaphore>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, settings: Settings) -> AppState {
        let passwords = passwords::Checker::new(settings.hashing_permits());
        let dossier_work = Arc::new(tokio::sync::Semaphore::new(settings.dossier_permits()));
        AppState(Arc::new(Shared {
            store,
            settings: Arc::new(settings),
            passwords,
            dossier_work,
        }))
    }
}

/// The API router (and the static pages, when `www` is given), with every layer of SPEC §10.
/// The routes are those of the OpenAPI document (`openapi::routes`).
pub fn router(state: AppState, www: Option<PathBuf>) -> Router {
    let (routes, _) = openapi::routes(Some(&state)).split_for_parts();
    let api = routes
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state.clone());
    let app = match www {
        Some(dir) => {
            use tower_http::services::{ServeDir, ServeFile};
            // The pages: one form page for every kind (rendered from the form description),
            // the status page, and the static files (the WASM packages under /pkg and
            // /pkg-client, the service worker). `no-cache`: a browser revalidates (a 304 when
            // nothing changed), so a new release is seen at once; offline, the service worker
            // answers.
            let fresh = || {
                tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                    axum::http::header::CACHE_CONTROL,
                    axum::http::HeaderValue::from_static("no-cache"),
                )
            };
            let file = |name: &str| {
                tower::ServiceBuilder::new()
                    .layer(fresh())
                    .service(ServeFile::new(dir.join(name)))
            };
            api.route_service("/forms/{kind}", file("form.html"))
                .route_service("/status", file("status.html"))
                .route_service("/staff", file("staff.html"))
                .route_service("/staff/overview", file("staff.html"))
                .fallback_service(
                    tower::ServiceBuilder::new()
                        .layer(fresh())
                        // The same address answers gzip or not by Accept-Encoding: caches must
                        // know (ServeDir does not say so for a precompressed file).
                        .layer(
                            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                                axum::http::header::VARY,
                                axum::http::HeaderValue::from_static("accept-encoding"),
                            ),
                        )
                        // The packages' `.gz` siblings (written by `cargo xtask wasm`) as they are.
                        .service(ServeDir::new(&dir).precompressed_gzip()),
                )
        }
        None => api.fallback(api::not_found),
    };
    let trusted = Arc::new(state.settings.trusted_proxies.clone());
    // HTTPS: browsers are told to come back over HTTPS only.
    let app = if state.settings.tls.is_some() {
        app.layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static(tls::HSTS),
        ))
    } else {
        app
    };
    app
        // Limits are enforced by the handlers with JSON errors; this only caps the worst case.
        .layer(DefaultBodyLimit::max(max_attachment_bytes() + 1024))
        // Defence in depth: a bug answers 500 with a JSON body instead of dropping the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(error::ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "Lỗi hệ thống. Hãy thử lại; nếu lỗi lặp lại, hãy báo cho cơ quan tiếp nhận.",
                "Internal error. Try again; if it happens again, tell the receiving office.",
            ))
        }))
        // gzip for pages, the WASM package and JSON (slow mobile networks); not for PDFs and
        // images, which are compressed already.
        .layer(
            tower_http::compression::CompressionLayer::new().compress_when(
                tower_http::compression::DefaultPredicate::new().and(
                    tower_http::compression::predicate::NotForContentType::const_new(
                        "application/pdf",
                    ),
                ),
            ),
        )
        .layer(headers::csp_for_html())
        .layer(headers::nosniff())
        .layer(headers::no_referrer())
        // A body that sends nothing for the idle timeout fails the request (408).
        .layer(security::body::idle_timeout(state.settings.idle_timeout))
        .layer(from_fn_with_state(trusted, client_addr::middleware))
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
    pub settings: Settings,
    /// Where the access-token key is (`DOSSIER_SECRET`, `--secret-file`).
    pub key: secret::KeySource,
}

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Open(#[from] store::OpenError),
    /// The access-token key could not be set up (`secret::install`).
    #[error("{0}")]
    Key(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Opens the database, binds, prints the URL, and serves until SIGTERM or Ctrl-C (graceful:
/// requests in flight finish within the grace period, then the pool closes).
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let shutdown = shutdown_signal();
    let store = Store::open(&config.db_url).await?;
    let store = secret::install(store, &config.key)
        .await
        .map_err(ServeError::Key)?;
    let listen = |source| ServeError::Listen {
        addr: config.addr,
        source,
    };
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(listen)?;
    let local = listener.local_addr().map_err(listen)?;
    let scheme = if config.settings.tls.is_some() {
        "https"
    } else {
        "http"
    };
    say(format_args!(
        "dossier: serving on {scheme}://{local}/ (database {})",
        redact(&config.db_url)
    ));
    let state = AppState::new(store.clone(), config.settings);
    run(listener, state, config.www, shutdown).await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), store.close()).await;
    say(format_args!("dossier: stopped"));
    Ok(())
}

/// Serves the router of `state` (and the pages of `www`) on `listener` until `shutdown`
/// completes, with the hourly clean-up running meanwhile (`dossier serve`, tests, embedding).
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    www: Option<PathBuf>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let settings = state.settings.clone();
    let cleanup = tokio::spawn(gc::hourly(state.store.clone()));
    let app = router(state, www);
    listen::serve(listener, app, settings, shutdown).await;
    cleanup.abort();
}

/// A line on standard output. A closed output (a pipe nobody reads any more, a supervisor that
/// went away) is no reason to stop serving, so write errors are ignored (`println!` panics).
pub(crate) fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// A line on standard error, written like [`say`].
pub(crate) fn warn(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A database URL without its credentials (user info and a `password=` parameter), for
/// messages and logs.
pub fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let mut out = match (base.find("://"), base.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…{}", &base[..scheme], &base[at..])
        }
        _ => base.to_owned(),
    };
    if let Some(query) = query {
        let params: Vec<String> = query
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=…"),
                _ => p.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

/// The future that completes on SIGTERM or Ctrl-C. The handlers are installed here, before the
/// server binds, not on the future's first poll: a signal that arrives as soon as the first
/// request has been answered must stop the server gracefully, not kill it.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate()).ok();
        let int = signal(SignalKind::interrupt()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! { () = wait(term) => {}, () = wait(int) => {} }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn credentials_never_reach_a_message() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example/dossier?sslmode=verify-full"),
            "postgres://…@db.example/dossier?sslmode=verify-full"
        );
        assert_eq!(
            redact("postgres://db.example/dossier?user=app&password=s3cret&sslmode=require"),
            "postgres://db.example/dossier?user=app&password=…&sslmode=require"
        );
        assert_eq!(redact("sqlite://dossier.db"), "sqlite://dossier.db");
    }
}
