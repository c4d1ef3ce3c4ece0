//! The server's clock, in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).

use dossier_core::Date;
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970 (session expiry, login throttling).
pub fn unix_now() -> i64 {
    unix_seconds()
}

fn unix_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Today in Viet Nam: the `asOf` of server-side validation.
pub fn today() -> Date {
    Date::in_vietnam_from_unix_seconds(unix_seconds())
        .expect("the system clock is within the years 0001-9999")
}

/// Now as RFC 3339 with the +07:00 offset, e.g. `2026-11-22T17:03:05+07:00`.
pub fn now_rfc3339() -> String {
    rfc3339(unix_seconds())
}

/// A Unix time as RFC 3339 in Asia/Ho_Chi_Minh.
pub fn rfc3339(unix: i64) -> String {
    let local = unix + 7 * 3600;
    let day = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let date =
        Date::from_days_since_epoch(day).map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
    format!(
        "{date}T{:02}:{:02}:{:02}+07:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A Unix time as an HTTP date (RFC 9110 IMF-fixdate), e.g. `Tue, 24 Nov 2026 10:00:00 GMT`.
pub fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let weekday = DAYS[usize::try_from(day.rem_euclid(7)).unwrap_or(0)];
    let date =
        Date::from_days_since_epoch(day).map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
    let (y, m, d) = (&date[..4], &date[5..7], &date[8..10]);
    let month = MONTHS[m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1];
    format!(
        "{weekday}, {d} {month} {y} {:02}:{:02}:{:02} GMT",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn http_dates() {
        assert_eq!(super::http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            super::http_date(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }
}
