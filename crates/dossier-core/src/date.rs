//! Calendar dates (proleptic Gregorian, no time zone): the only notion of time in the core.
//! The caller supplies `as_of`; the core never reads a clock.

use std::fmt;

/// A calendar date, `YYYY-MM-DD` on the wire, years 0001–9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, or `None` if no such day exists.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year < 1 || year > 9999 || month < 1 || month > 12 {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// A date for compiled-in data; an impossible date fails the build.
    pub(crate) const fn ymd(year: u16, month: u8, day: u8) -> Date {
        match Date::new(year, month, day) {
            Some(d) => d,
            None => panic!("impossible date in compiled-in data"),
        }
    }

    /// Parses exactly `YYYY-MM-DD` (ten ASCII characters, a real calendar day).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        let year = num(0..4)?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, if it lies in years 0001–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(
            u16::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }

    /// Calendar days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// The same day of the month `months` later, clamped to the month's last day
    /// (2027-08-31 + 6 months = 2028-02-29).
    pub fn add_months_clamped(self, months: i32) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
        let year = u16::try_from(index.div_euclid(12)).ok()?;
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }

    /// `years` later on the same day, 29 February clamped to 28 February.
    pub fn add_years_clamped(self, years: i32) -> Option<Date> {
        self.add_months_clamped(years.checked_mul(12)?)
    }

    /// Today in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving) for a Unix time in
    /// seconds. The core never reads the clock: callers pass the time in.
    pub fn in_vietnam_from_unix_seconds(unix_seconds: i64) -> Option<Date> {
        Date::from_days_since_epoch((unix_seconds + 7 * 3600).div_euclid(86_400))
    }
}

pub const fn is_leap_year(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::str::FromStr for Date {
    type Err = InvalidDate;
    fn from_str(s: &str) -> Result<Date, InvalidDate> {
        Date::parse(s).ok_or(InvalidDate)
    }
}

/// The text is not a `YYYY-MM-DD` calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidDate;

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a calendar date as YYYY-MM-DD")
    }
}

impl std::error::Error for InvalidDate {}

/// A date written in a test.
#[cfg(test)]
#[allow(clippy::unwrap_used)] // test code: a bad literal is a failed test
pub(crate) fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_days_in_the_exact_format() {
        assert_eq!(d("2026-11-22").to_string(), "2026-11-22");
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "0000-01-01",
            "2026-1-01",
            "2026/01/01",
            "20261122",
            "2026-11-22T00:00",
            " 2026-11-22",
            "２０２６-11-22",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(d("2028-02-29").day(), 29);
        assert_eq!(Date::parse("1900-02-29"), None);
        assert_eq!(d("2000-02-29").month(), 2);
    }

    #[test]
    fn epoch_day_round_trip_and_known_values() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        for days in [-719_162i64, -1, 0, 1, 20_000, 2_932_896] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(2_932_897), None); // 10000-01-01
        assert_eq!(Date::from_days_since_epoch(-719_163), None); // 0000-12-31
    }

    #[test]
    fn day_differences_are_calendar_days() {
        assert_eq!(d("2026-11-22").days_until(d("2027-01-14")), 53);
        assert_eq!(d("2026-11-22").days_until(d("2026-12-22")), 30);
        assert_eq!(d("2026-11-22").days_until(d("2026-11-01")), -21);
        assert_eq!(d("2028-02-28").days_until(d("2028-03-01")), 2);
        assert_eq!(d("2026-12-31").add_days(1), Some(d("2027-01-01")));
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(d("2027-03-10").add_months_clamped(6), Some(d("2027-09-10")));
        assert_eq!(d("2027-08-31").add_months_clamped(6), Some(d("2028-02-29")));
        assert_eq!(d("2026-08-31").add_months_clamped(6), Some(d("2027-02-28")));
        assert_eq!(d("2027-03-31").add_months_clamped(6), Some(d("2027-09-30")));
        assert_eq!(d("2027-12-15").add_months_clamped(1), Some(d("2028-01-15")));
        assert_eq!(
            d("2027-01-15").add_months_clamped(-1),
            Some(d("2026-12-15"))
        );
        assert_eq!(d("2028-02-29").add_years_clamped(3), Some(d("2031-02-28")));
        assert_eq!(d("2027-01-01").add_years_clamped(3), Some(d("2030-01-01")));
        assert_eq!(d("9999-12-01").add_months_clamped(1), None);
    }

    #[test]
    fn vietnam_today_is_utc_plus_seven() {
        // 2026-11-21T17:00:00Z is midnight 2026-11-22 in Hà Nội.
        let t = d("2026-11-21").days_since_epoch() * 86_400 + 17 * 3600;
        assert_eq!(Date::in_vietnam_from_unix_seconds(t), Some(d("2026-11-22")));
        assert_eq!(
            Date::in_vietnam_from_unix_seconds(t - 1),
            Some(d("2026-11-21"))
        );
    }
}
