//! Helpers shared by the integration tests of the `dossier` binary (each test uses some).
#![allow(dead_code)]
pub mod certs;
pub mod slow;

/// Today in Viet Nam (UTC+7), the date a submission is validated on.
pub fn today() -> dossier_core::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    dossier_core::Date::in_vietnam_from_unix_seconds(i64::try_from(secs).unwrap()).unwrap()
}

/// `dossier serve` flags that turn the per-address rate limits off, for tests whose load all
/// comes from one address.
pub const NO_RATE_LIMITS: [&str; 6] = [
    "--limit-submissions-per-hour",
    "0",
    "--limit-uploads-per-hour",
    "0",
    "--limit-upload-bytes-per-hour",
    "0",
];
