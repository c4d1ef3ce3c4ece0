//! The Vietnamese lunar calendar (âm lịch), computed for UTC+7.
//!
//! Hồ Ngọc Đức's algorithm ("Thuật toán tính âm lịch"): new moons and the sun's longitude
//! from Jean Meeus, *Astronomical Algorithms*; a lunar month starts on the local day of its
//! new moon; month 11 holds the winter solstice; a year of 13 months repeats the first month
//! that holds no major solar term. Vietnam computes it for UTC+7 (China for UTC+8), which is
//! why their new years differ now and then (1985, 2007).
//!
//! The trigonometry comes from `libm`, the same pure-Rust code on every target, so a date is
//! the same natively and in WebAssembly.

use crate::date::Date;
use std::f64::consts::PI;

/// Vietnam's time zone, in hours east of UTC.
const TIME_ZONE: f64 = 7.0;
/// The Julian day number of 1970-01-01.
const JD_UNIX_EPOCH: i64 = 2_440_588;
/// The mean synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// The Julian day of the new moon of 1900-01-01 (k = 0).
const NEW_MOON_0: f64 = 2_415_021.076_998_695;

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    pub day: u8,
    pub month: u8,
    /// The lunar year, named after the solar year in which it mostly falls.
    pub year: i32,
    /// A repeated (leap, "nhuận") month.
    pub leap: bool,
}

fn jd(date: Date) -> i64 {
    date.days_since_epoch() + JD_UNIX_EPOCH
}

fn date_of_jd(jd: i64) -> Option<Date> {
    Date::from_days_since_epoch(jd - JD_UNIX_EPOCH)
}

#[allow(clippy::cast_possible_truncation)] // floors of values far inside i64's range
fn floor(x: f64) -> i64 {
    libm::floor(x) as i64
}

#[allow(clippy::cast_precision_loss)] // k counts months: far inside f64's exact integers
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let sin = |deg: f64| libm::sin(deg * dr);
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * sin(166.56 + 132.87 * t - 0.009_173 * t2);
    let m = 359.224_2 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.025_3 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.296_4 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.173_4 - 0.000_393 * t) * sin(m) + 0.002_1 * sin(2.0 * m);
    c1 = c1 - 0.406_8 * sin(mpr) + 0.016_1 * sin(2.0 * mpr);
    c1 -= 0.000_4 * sin(3.0 * mpr);
    c1 = c1 + 0.010_4 * sin(2.0 * f) - 0.005_1 * sin(m + mpr);
    c1 = c1 - 0.007_4 * sin(m - mpr) + 0.000_4 * sin(2.0 * f + m);
    c1 = c1 - 0.000_4 * sin(2.0 * f - m) - 0.000_6 * sin(2.0 * f + mpr);
    c1 = c1 + 0.001_0 * sin(2.0 * f - mpr) + 0.000_5 * sin(2.0 * mpr + m);
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude in radians, normalised to [0, 2π), at Julian day `jdn`.
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * libm::sin(dr * m);
    dl +=
        (0.019_993 - 0.000_101 * t) * libm::sin(dr * 2.0 * m) + 0.000_290 * libm::sin(dr * 3.0 * m);
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * libm::floor(l / (PI * 2.0))
}

/// The local day (Julian day number) of the k-th new moon after 1900-01-01.
fn new_moon_day(k: i64) -> i64 {
    floor(new_moon(k) + 0.5 + TIME_ZONE / 24.0)
}

/// Which of the 12 sectors of 30° the sun is in at the local midnight starting `day`.
#[allow(clippy::cast_precision_loss)]
fn sun_sector(day: i64) -> i64 {
    floor(sun_longitude(day as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0)
}

/// The first day of the lunar month 11 (the month of the winter solstice) of solar year `year`.
#[allow(clippy::cast_precision_loss)]
fn month_11(year: i32) -> Option<i64> {
    let dec31 = Date::new(u16::try_from(year).ok()?, 12, 31)?;
    let off = jd(dec31) - 2_415_021;
    let k = floor(off as f64 / SYNODIC_MONTH);
    let nm = new_moon_day(k);
    Some(if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    })
}

/// How many months after month 11 (starting at `a11`) the leap month comes.
#[allow(clippy::cast_precision_loss)]
fn leap_month_offset(a11: i64) -> i64 {
    let k = floor((a11 as f64 - NEW_MOON_0) / SYNODIC_MONTH + 0.5);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// The solar date of a lunar date, or `None` if there is no such day (a leap month that the
/// year does not have, a day past the month's end, a year outside 0002–9998).
#[allow(clippy::cast_precision_loss)]
pub fn to_solar(lunar: LunarDate) -> Option<Date> {
    if !(2..=9998).contains(&lunar.year)
        || !(1..=12).contains(&lunar.month)
        || !(1..=30).contains(&lunar.day)
    {
        return None;
    }
    let (a11, b11) = if lunar.month < 11 {
        (month_11(lunar.year - 1)?, month_11(lunar.year)?)
    } else {
        (month_11(lunar.year)?, month_11(lunar.year + 1)?)
    };
    let k = floor(0.5 + (a11 as f64 - NEW_MOON_0) / SYNODIC_MONTH);
    let mut off = i64::from(lunar.month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if lunar.leap && i64::from(lunar.month) != leap_month {
            return None;
        }
        if lunar.leap || off >= leap_off {
            off += 1;
        }
    } else if lunar.leap {
        return None;
    }
    let start = new_moon_day(k + off);
    let next = new_moon_day(k + off + 1);
    if start + i64::from(lunar.day) > next {
        return None;
    }
    date_of_jd(start + i64::from(lunar.day) - 1)
}

/// The lunar date of a solar date (years 0002–9998).
#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
pub fn to_lunar(date: Date) -> Option<LunarDate> {
    let year = i32::from(date.year());
    if !(2..=9998).contains(&year) {
        return None;
    }
    let day_number = jd(date);
    let k = floor((day_number as f64 - NEW_MOON_0) / SYNODIC_MONTH);
    let mut month_start = new_moon_day(k + 1);
    if month_start > day_number {
        month_start = new_moon_day(k);
    }
    let mut a11 = month_11(year)?;
    let b11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = year;
        b11 = a11;
        a11 = month_11(year - 1)?;
    } else {
        lunar_year = year + 1;
        b11 = month_11(year + 1)?;
    }
    let day = day_number - month_start + 1;
    let diff = floor((month_start - a11) as f64 / 29.0);
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    Some(LunarDate {
        day: u8::try_from(day).ok()?,
        month: u8::try_from(month).ok()?,
        year: lunar_year,
        leap,
    })
}

/// Tết Nguyên đán: the first day of the lunar year `year`.
pub fn tet(year: i32) -> Option<Date> {
    to_solar(LunarDate {
        day: 1,
        month: 1,
        year,
        leap: false,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::date::d;

    #[test]
    fn tet_of_the_years_the_issue_names() {
        for (year, date) in [
            (2025, "2025-01-29"),
            (2026, "2026-02-17"),
            (2027, "2027-02-06"),
            (2028, "2028-01-26"),
            (2029, "2029-02-13"),
        ] {
            assert_eq!(tet(year), Some(d(date)), "Tết {year}");
        }
        // 2030: the issue gave 2030-02-03, which is China's date. The new moon is at 16:07 UTC
        // on 2 February 2030 (this algorithm, and PyEphem's VSOP87/ELP theory checked beside
        // it): 23:07 in Vietnam, 00:07 on the 3rd in China. Vietnam's Tết is the 2nd.
        assert_eq!(tet(2030), Some(d("2030-02-02")));
    }

    #[test]
    fn vietnam_computes_for_utc_plus_7() {
        // The years Vietnam's new year differs from China's (UTC+8: 1985-02-20, 2007-02-18).
        assert_eq!(tet(1985), Some(d("1985-01-21")));
        assert_eq!(tet(2007), Some(d("2007-02-17")));
        assert_eq!(tet(2024), Some(d("2024-02-10")));
        assert_eq!(tet(2020), Some(d("2020-01-25")));
    }

    #[test]
    fn hung_kings_day_and_leap_months() {
        // Giỗ Tổ Hùng Vương, 10/3 âm lịch.
        let hung = |y| {
            to_solar(LunarDate {
                day: 10,
                month: 3,
                year: y,
                leap: false,
            })
        };
        assert_eq!(hung(2025), Some(d("2025-04-07")));
        assert_eq!(hung(2026), Some(d("2026-04-26")));
        assert_eq!(hung(2024), Some(d("2024-04-18")));
        // 2025 repeats its 6th month; 2026 has no leap month.
        assert!(to_solar(LunarDate {
            day: 1,
            month: 6,
            year: 2025,
            leap: true
        })
        .is_some());
        assert!(to_solar(LunarDate {
            day: 1,
            month: 6,
            year: 2026,
            leap: true
        })
        .is_none());
    }

    #[test]
    fn the_round_trip_holds_day_by_day() {
        let mut date = d("2024-01-01");
        while date < d("2031-01-01") {
            let lunar = to_lunar(date).unwrap();
            assert_eq!(to_solar(lunar), Some(date), "{date} → {lunar:?}");
            date = date.add_days(1).unwrap();
        }
        // The last day of the year before Tết 2026 is the 29th of the 12th month.
        assert_eq!(
            to_lunar(d("2026-02-16")),
            Some(LunarDate {
                day: 29,
                month: 12,
                year: 2025,
                leap: false
            })
        );
    }
}
