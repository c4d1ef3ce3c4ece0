//! Every limit of the server, in one place (SPEC §10). The flags of `dossier serve` set the
//! fields of [`Settings`]; the constants are not configurable. ARCHITECTURE.md lists where each
//! one is enforced.

use ipnet::IpNet;
use std::time::Duration;

/// JSON bodies (dossiers) are at most 1 MiB.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;
/// Attachments are at most the rulebook's document size limit (`documents.max_bytes` of the
/// newest edition): the same number the engine checks `sizeBytes` against.
pub fn max_attachment_bytes() -> usize {
    usize::try_from(dossier_core::rulebook::newest().documents.max_bytes).unwrap_or(0)
}
/// Bodies of the staff API (login, actions) are at most 64 KiB.
pub const MAX_STAFF_BODY_BYTES: usize = 64 * 1024;
/// Uploads are written to storage in chunks of this size: the most memory one upload holds.
pub const UPLOAD_CHUNK_BYTES: usize = 128 * 1024;

/// Unreferenced attachments and unfinished uploads are deleted after this long.
pub const ORPHAN_AGE: Duration = Duration::from_secs(24 * 3600);
/// How often the server collects orphans (and expired sessions and counters).
pub const GC_INTERVAL: Duration = Duration::from_secs(3600);

/// Failed logins counted per (username, client address) in one window, then 429.
pub const LOGIN_FAILURES_PER_PAIR: i64 = 5;
/// Failed logins counted per client address across usernames in one window, then 429.
pub const LOGIN_FAILURES_PER_ADDRESS: i64 = 50;
/// The login throttling window.
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;
/// Staff sessions last 8 hours.
pub const SESSION_SECONDS: i64 = 8 * 3600;

/// A staff note is at most this many characters.
pub const NOTE_MAX_CHARS: u64 = 2000;
/// A return names at most this many finding codes.
pub const FINDING_CODES_MAX: u64 = 50;
/// The staff queue's page size: 1 to 100 (20 when not given).
pub const PAGE_SIZE_MAX: i64 = 100;
pub const PAGE_SIZE_DEFAULT: i64 = 20;
/// The highest page number the queue accepts.
pub const PAGE_MAX: i64 = 100_000;
/// Usernames: lower-case ASCII letters, digits, `.`, `_`, `-`; 3 to 64 characters.
pub const USERNAME_PATTERN: &str = "^[a-z0-9._-]{3,64}$";
/// Passwords: 12 to 1,024 characters.
pub const PASSWORD_MIN_CHARS: u64 = 12;
pub const PASSWORD_MAX_CHARS: u64 = 1024;

/// One hour, the period of every rate limit.
pub const RATE_PERIOD: Duration = Duration::from_secs(3600);

/// The settings of one server instance (flags of `dossier serve`; defaults as SPEC §10).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Connections served at once; more are answered 503 and closed (`--max-connections`).
    pub max_connections: usize,
    /// Connections at once from one peer address (`--max-connections-per-ip`); trusted proxies
    /// are exempt.
    pub max_connections_per_ip: usize,
    /// Peers whose `X-Forwarded-For` is believed (`--trusted-proxy CIDR`, repeatable).
    pub trusted_proxies: Vec<IpNet>,
    /// `POST /api/v1/dossiers` per client address per hour, whatever the outcome; 0 = off.
    pub submissions_per_hour: u64,
    /// Upload requests per client address per hour; 0 = off.
    pub uploads_per_hour: u64,
    /// Uploaded bytes per client address per hour; 0 = off.
    pub upload_bytes_per_hour: u64,
    /// A connection that sends nothing for this long (headers or body) is closed.
    pub idle_timeout: Duration,
    /// A request body must be complete within this long.
    pub body_deadline: Duration,
    /// Graceful shutdown waits this long for requests in flight, then closes what is left.
    pub shutdown_grace: Duration,
    /// Concurrent password hashes (the blocking pool for Argon2id); 0 = one less than the
    /// number of cores, at least one, so hashing never takes every core.
    pub hashing_threads: usize,
    /// HTTPS (`--tls-cert`, `--tls-key`); HSTS is sent when it is on.
    pub tls: Option<std::sync::Arc<rustls::ServerConfig>>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            max_connections: 4096,
            max_connections_per_ip: 64,
            trusted_proxies: Vec::new(),
            submissions_per_hour: 120,
            uploads_per_hour: 600,
            upload_bytes_per_hour: 2 * 1024 * 1024 * 1024,
            idle_timeout: Duration::from_secs(15),
            body_deadline: Duration::from_secs(120),
            shutdown_grace: Duration::from_secs(5),
            hashing_threads: 0,
            tls: None,
        }
    }
}

impl Settings {
    /// Settings without rate limits (tests and benchmarks that submit a lot from one address).
    #[must_use]
    pub fn without_rate_limits(mut self) -> Settings {
        self.submissions_per_hour = 0;
        self.uploads_per_hour = 0;
        self.upload_bytes_per_hour = 0;
        self
    }

    /// Dossier bodies parsed and validated at once: twice the cores (the work is short and
    /// CPU-bound; the bound is on memory, since a 1 MiB body can take tens of MiB as a tree).
    pub fn dossier_permits(&self) -> usize {
        2 * std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    }

    /// The number of Argon2id hashes computed at once.
    pub fn hashing_permits(&self) -> usize {
        if self.hashing_threads > 0 {
            return self.hashing_threads;
        }
        std::thread::available_parallelism()
            .map_or(1, |n| n.get().saturating_sub(1))
            .max(1)
    }
}

/// The most dossiers one register export holds (a longer range is refused with 400: memory
/// and time stay bounded whatever the period).
pub const REGISTER_MAX_ROWS: usize = 10_000;
