//! Exponential backoff with full jitter inside a budget of attempts and time.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The cap of the first backoff window; it doubles per attempt.
    pub base_delay: Duration,
    /// No single wait is longer.
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1`, or `None` when the budget is spent. Full jitter:
    /// uniform in [0, min(max, base·2^(attempt−1))], but at least `Retry-After` when the server
    /// asked for it.
    pub fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let window = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        let jittered = window.mul_f64(random_unit());
        let wait = retry_after
            .map_or(jittered, |r| jittered.max(r))
            .min(self.max_delay);
        (elapsed + wait <= self.budget).then_some(wait)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    use std::time::{Duration, Instant};

    pub fn now() -> Instant {
        Instant::now()
    }

    pub fn elapsed(start: Instant) -> Duration {
        start.elapsed()
    }

    pub async fn sleep(d: Duration) {
        tokio::time::sleep(d).await;
    }

    pub fn random_bytes(buf: &mut [u8]) {
        // Jitter and keys: the OS generator; on failure the bytes stay zero (still correct,
        // only less spread).
        let _ = getrandom::fill(buf);
    }
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use std::time::Duration;

    pub fn now() -> f64 {
        js_sys::Date::now()
    }

    pub fn elapsed(start: f64) -> Duration {
        Duration::from_secs_f64(((js_sys::Date::now() - start) / 1000.0).max(0.0))
    }

    pub async fn sleep(d: Duration) {
        gloo_timers::future::sleep(d).await;
    }

    /// `crypto.getRandomValues` (browsers and Node); `Math.random` only where there is none.
    pub fn random_bytes(buf: &mut [u8]) {
        use wasm_bindgen::JsCast;
        let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok();
        let get = crypto.as_ref().and_then(|c| {
            js_sys::Reflect::get(c, &"getRandomValues".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        });
        if let (Some(crypto), Some(get)) = (crypto, get) {
            let array = js_sys::Uint8Array::new_with_length(buf.len() as u32);
            if get.call1(&crypto, &array).is_ok() {
                array.copy_to(buf);
                return;
            }
        }
        for b in buf {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

pub use platform::{elapsed, now, random_bytes, sleep};

fn random_unit() -> f64 {
    let mut b = [0u8; 8];
    platform::random_bytes(&mut b);
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_jittered_capped_and_bounded() {
        let p = RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            budget: Duration::from_secs(2),
        };
        for _ in 0..200 {
            assert!(p.delay(1, Duration::ZERO, None).unwrap() <= Duration::from_millis(100));
            assert!(p.delay(2, Duration::ZERO, None).unwrap() <= Duration::from_millis(200));
            assert!(p.delay(4, Duration::ZERO, None).unwrap() <= Duration::from_millis(350));
        }
        assert_eq!(p.delay(5, Duration::ZERO, None), None, "attempts exhausted");
        assert_eq!(
            p.delay(
                1,
                Duration::from_millis(1990),
                Some(Duration::from_millis(50))
            ),
            None,
            "time budget"
        );
        let honoured = p
            .delay(1, Duration::ZERO, Some(Duration::from_millis(300)))
            .unwrap();
        assert!(honoured >= Duration::from_millis(300) && honoured <= Duration::from_millis(350));
        let spread: std::collections::BTreeSet<u128> = (0..50)
            .map(|_| p.delay(3, Duration::ZERO, None).unwrap().as_micros())
            .collect();
        assert!(spread.len() > 10, "full jitter spreads the waits");
    }
}
