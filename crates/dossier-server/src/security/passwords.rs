//! Staff passwords: Argon2id hashes (PHC strings), checked off the async workers in a bounded
//! blocking pool so that a burst of logins cannot slow down the other endpoints (SPEC §10).

use crate::ids;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Hashes a password with Argon2id (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::encode_b64(&ids::random::<16>()).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// An Argon2id hash of a random password: checking against it spends the same time as a real
/// check, so an unknown username cannot be told from a wrong password by timing.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&ids::hex(&ids::random::<16>())).unwrap_or_default())
}

/// The pool that checks passwords: at most `permits` hashes at once, each on a blocking thread.
#[derive(Clone)]
pub struct Checker {
    permits: Arc<Semaphore>,
}

impl Checker {
    pub fn new(permits: usize) -> Checker {
        Checker {
            permits: Arc::new(Semaphore::new(permits.max(1))),
        }
    }

    /// Whether `password` matches `phc`; `None` checks against a dummy hash (same work) and
    /// answers `false`.
    pub async fn check(&self, password: &str, phc: Option<&str>) -> bool {
        let Ok(permit) = self.permits.clone().acquire_owned().await else {
            return false;
        };
        let password = password.to_owned();
        let phc = phc.map(str::to_owned);
        // The permit moves into the blocking task: it is released when the hash is done, even
        // if the client went away and this future was dropped meanwhile.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            match phc {
                Some(phc) => verify(&password, &phc),
                None => {
                    let _ = verify(&password, dummy_hash());
                    false
                }
            }
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn checks_run_off_the_workers_and_answer_correctly() {
        let phc = hash_password("correct horse battery").unwrap();
        let checker = Checker::new(1);
        assert!(checker.check("correct horse battery", Some(&phc)).await);
        assert!(!checker.check("wrong horse battery", Some(&phc)).await);
        assert!(!checker.check("correct horse battery", None).await);
        assert!(!checker.check("x", Some("not a phc string")).await);
    }
}
