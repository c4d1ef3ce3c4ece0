//! Working days for the one-stop desk (SPEC §12): Saturdays and Sundays off, the public
//! holidays of Bộ luật Lao động 2019 Điều 112 (lunar ones from [`lunar`], UTC+7) with the
//! compensating day of Điều 111 khoản 3 when a holiday falls on a weekend, and each year's
//! announced days off and swapped working Saturdays ([`announced`]) overriding the computation
//! for the holiday they decide. Pure: the caller passes the dates.
//!
//! Deadlines follow the usual reading of the one-stop rules: the day of receipt is not
//! counted, and the deadline is the n-th working day after it (so it is never a day off).

pub mod announced;
pub mod lunar;

use crate::date::Date;
use crate::rulebook::Citation;
use announced::{Announced, ANNOUNCED};
use lunar::LunarDate;

crate::wire_enum::wire_enum! {
    /// A public holiday of Điều 112 khoản 1.
    pub enum Holiday {
        NewYear = "new_year",
        Tet = "tet",
        HungKings = "hung_kings",
        Reunification = "reunification",
        Labour = "labour",
        National = "national",
    }
}

impl Holiday {
    /// Its name, Vietnamese or English.
    pub fn name(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Vi};
        match (self, lang) {
            (Holiday::NewYear, Vi) => "Tết Dương lịch",
            (Holiday::NewYear, En) => "New Year's Day",
            (Holiday::Tet, Vi) => "Tết Âm lịch",
            (Holiday::Tet, En) => "Lunar New Year (Tết)",
            (Holiday::HungKings, Vi) => "Giỗ Tổ Hùng Vương",
            (Holiday::HungKings, En) => "Hùng Kings' Commemoration Day",
            (Holiday::Reunification, Vi) => "Ngày Chiến thắng",
            (Holiday::Reunification, En) => "Victory Day",
            (Holiday::Labour, Vi) => "Ngày Quốc tế lao động",
            (Holiday::Labour, En) => "International Labour Day",
            (Holiday::National, Vi) => "Quốc khánh",
            (Holiday::National, En) => "National Day",
        }
    }
}

/// The legal basis of the computed calendar.
pub const BASIS: Citation = Citation {
    text: "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù) và Điều 112 khoản 1 (ngày nghỉ lễ, tết); \
           Quyết định 188/1999/QĐ-TTg (cán bộ, công chức nghỉ thứ Bảy và Chủ nhật)",
    confidence: crate::Confidence::Secondary,
};

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    Working,
    /// A Saturday worked in exchange for a day off around `Holiday` (announced).
    WorkedSaturday(Holiday),
    Weekend,
    /// A day of the holiday itself (Điều 112), computed.
    Holiday(Holiday),
    /// The working day after a holiday that fell on a weekend (Điều 111 khoản 3), computed.
    Compensatory(Holiday),
    /// A day off of the holiday's announced schedule for the year.
    Announced(Holiday),
}

impl Day {
    pub fn is_working(self) -> bool {
        matches!(self, Day::Working | Day::WorkedSaturday(_))
    }

    pub fn holiday(self) -> Option<Holiday> {
        match self {
            Day::Working | Day::Weekend => None,
            Day::WorkedSaturday(h) | Day::Holiday(h) | Day::Compensatory(h) | Day::Announced(h) => {
                Some(h)
            }
        }
    }
}

/// Saturday or Sunday.
pub fn is_weekend(date: Date) -> bool {
    // 1970-01-01 was a Thursday: days 2 and 3 (mod 7) after it are Saturday and Sunday.
    matches!(date.days_since_epoch().rem_euclid(7), 2 | 3)
}

/// The days of one year that are not plain weekdays or plain weekends: holidays, compensating
/// days, announced days off and worked Saturdays. Sorted by date.
#[derive(Debug, Clone)]
pub struct Year {
    pub year: u16,
    pub days: Vec<(Date, Day)>,
}

fn d(year: u16, month: u8, day: u8) -> Option<Date> {
    Date::new(year, month, day)
}

/// The holidays of Điều 112 khoản 1 in `year`, as computed (before announcements).
pub fn statutory(year: u16) -> Vec<(Date, Holiday)> {
    let mut out = Vec::with_capacity(11);
    let y = i32::from(year);
    let mut push = |date: Option<Date>, h| {
        if let Some(date) = date {
            out.push((date, h));
        }
    };
    push(d(year, 1, 1), Holiday::NewYear);
    // Tết: five days, read as the last day of the old year and the first four of the new one
    // (the schedule every year's announcement has used since 2021).
    if let Some(tet) = lunar::tet(y) {
        for offset in -1..=3 {
            push(tet.add_days(offset), Holiday::Tet);
        }
    }
    push(
        lunar::to_solar(LunarDate {
            day: 10,
            month: 3,
            year: y,
            leap: false,
        }),
        Holiday::HungKings,
    );
    push(d(year, 4, 30), Holiday::Reunification);
    push(d(year, 5, 1), Holiday::Labour);
    // Quốc khánh: 2 September and one day next to it, chosen each year; computed as the day
    // that joins a weekend (Monday → Tuesday 3rd, Thursday → Friday 3rd, Sunday → Monday 3rd,
    // otherwise the 1st).
    if let Some(national) = d(year, 9, 2) {
        let weekday = national.days_since_epoch().rem_euclid(7); // 0 = Thursday
        let adjacent = match weekday {
            0 | 3 | 4 => national.add_days(1), // Thursday, Sunday, Monday
            _ => national.add_days(-1),
        };
        push(Some(national), Holiday::National);
        push(adjacent, Holiday::National);
    }
    out.sort_by_key(|(date, _)| *date);
    out
}

/// The announced schedule of `holiday` in `year`, if one is known.
pub fn announcement(year: u16, holiday: Holiday) -> Option<&'static Announced> {
    ANNOUNCED
        .iter()
        .find(|a| a.year == year && a.holiday == holiday)
}

impl Year {
    /// The special days of `year`.
    pub fn compute(year: u16) -> Year {
        let statutory = statutory(year);
        let mut days: Vec<(Date, Day)> = Vec::new();
        // Computed holidays, and their compensating days, for holidays without an announcement.
        let computed: Vec<(Date, Holiday)> = statutory
            .iter()
            .copied()
            .filter(|(_, h)| announcement(year, *h).is_none())
            .collect();
        let is_holiday = |x: Date| statutory.iter().any(|(s, _)| *s == x);
        let mut compensatory: Vec<(Date, Holiday)> = Vec::new();
        for (date, h) in &computed {
            if is_weekend(*date) {
                let mut next = date.add_days(1);
                while let Some(n) = next {
                    if !is_weekend(n)
                        && !is_holiday(n)
                        && !compensatory.iter().any(|(c, _)| *c == n)
                    {
                        compensatory.push((n, *h));
                        break;
                    }
                    next = n.add_days(1);
                }
            }
        }
        for (date, h) in computed {
            days.push((date, Day::Holiday(h)));
        }
        for (date, h) in compensatory {
            days.push((date, Day::Compensatory(h)));
        }
        for a in ANNOUNCED.iter().filter(|a| a.year == year) {
            let mut date = Some(a.from);
            while let Some(x) = date.filter(|x| *x <= a.to) {
                if !is_weekend(x) {
                    days.push((x, Day::Announced(a.holiday)));
                }
                date = x.add_days(1);
            }
            for w in a.worked {
                days.push((*w, Day::WorkedSaturday(a.holiday)));
            }
        }
        days.sort_by_key(|(date, _)| *date);
        // A date named twice (a computed compensating day on an announced one) keeps the first.
        days.dedup_by_key(|(date, _)| *date);
        Year { year, days }
    }

    /// What `date` (in this year) is.
    pub fn day(&self, date: Date) -> Day {
        match self.days.binary_search_by_key(&date, |(x, _)| *x) {
            Ok(i) => self.days[i].1,
            Err(_) if is_weekend(date) => Day::Weekend,
            Err(_) => Day::Working,
        }
    }
}

/// Looks days up year by year, computing each year once.
#[derive(Debug, Default)]
pub struct Calendar {
    years: Vec<Year>,
}

impl Calendar {
    pub fn new() -> Calendar {
        Calendar::default()
    }

    /// What `date` is.
    pub fn day(&mut self, date: Date) -> Day {
        let year = date.year();
        if let Some(y) = self.years.iter().find(|y| y.year == year) {
            return y.day(date);
        }
        let y = Year::compute(year);
        let day = y.day(date);
        self.years.push(y);
        day
    }

    pub fn is_working_day(&mut self, date: Date) -> bool {
        self.day(date).is_working()
    }

    /// The `n`-th working day after `start` (the start day is not counted); `n = 0` gives
    /// `start` itself if it is a working day, else the next working day. `None` past 9999.
    pub fn add_working_days(&mut self, start: Date, n: u32) -> Option<Date> {
        let mut date = start;
        if n == 0 {
            while !self.is_working_day(date) {
                date = date.add_days(1)?;
            }
            return Some(date);
        }
        let mut left = n;
        while left > 0 {
            date = date.add_days(1)?;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        Some(date)
    }

    /// Working days after `from` up to and including `to` (0 when `to <= from`): the number
    /// of working days a dossier received on `from` has used by the end of `to`.
    pub fn working_days_between(&mut self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            let Some(next) = date.add_days(1) else { break };
            date = next;
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }
}

/// The `n`-th working day after `start` (see [`Calendar::add_working_days`]).
pub fn add_working_days(start: Date, n: u32) -> Option<Date> {
    Calendar::new().add_working_days(start, n)
}

pub fn is_working_day(date: Date) -> bool {
    Calendar::new().is_working_day(date)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::date::d as date;
    use proptest::prelude::*;

    #[test]
    fn the_issue_s_example() {
        // Tuesday 10 February 2026 + 5 working days, over the Tết break of 14–22 February.
        assert_eq!(
            add_working_days(date("2026-02-10"), 5),
            Some(date("2026-02-24"))
        );
    }

    #[test]
    fn the_announced_2026_days() {
        let mut c = Calendar::new();
        for off in [
            "2026-01-01",
            "2026-01-02",
            "2026-02-16",
            "2026-02-20",
            "2026-08-31",
            "2026-09-01",
            "2026-09-02",
        ] {
            assert!(!c.is_working_day(date(off)), "{off} is a day off");
        }
        for worked in ["2026-01-10", "2026-08-22", "2026-01-05", "2026-02-23"] {
            assert!(c.is_working_day(date(worked)), "{worked} is worked");
        }
        assert_eq!(
            c.day(date("2026-01-10")),
            Day::WorkedSaturday(Holiday::NewYear)
        );
        // Giỗ Tổ on Sunday 26 April 2026: Monday 27 April is the compensating day.
        assert_eq!(c.day(date("2026-04-26")), Day::Holiday(Holiday::HungKings));
        assert_eq!(
            c.day(date("2026-04-27")),
            Day::Compensatory(Holiday::HungKings)
        );
        assert_eq!(
            c.day(date("2026-04-30")),
            Day::Holiday(Holiday::Reunification)
        );
    }

    #[test]
    fn a_computed_year_compensates_weekend_holidays() {
        // 2027 has no announcement on file: Tết is Saturday 6 February, so the five days are
        // Friday 5 to Tuesday 9, and the Saturday and Sunday are made up on 10 and 11.
        let mut c = Calendar::new();
        assert_eq!(c.day(date("2027-02-05")), Day::Holiday(Holiday::Tet));
        assert_eq!(c.day(date("2027-02-09")), Day::Holiday(Holiday::Tet));
        assert_eq!(c.day(date("2027-02-10")), Day::Compensatory(Holiday::Tet));
        assert_eq!(c.day(date("2027-02-11")), Day::Compensatory(Holiday::Tet));
        assert_eq!(c.day(date("2027-02-12")), Day::Working);
        // 2 September 2027 is a Thursday: Friday 3 September joins the weekend.
        assert_eq!(c.day(date("2027-09-03")), Day::Holiday(Holiday::National));
    }

    #[test]
    fn zero_days_rolls_to_the_next_working_day() {
        assert_eq!(
            add_working_days(date("2026-02-14"), 0),
            Some(date("2026-02-23"))
        );
        assert_eq!(
            add_working_days(date("2026-02-24"), 0),
            Some(date("2026-02-24"))
        );
        assert_eq!(
            Calendar::new().working_days_between(date("2026-02-10"), date("2026-02-24")),
            5
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (0i64..(365 * 30)).prop_map(|n| date("2020-01-01").add_days(n).unwrap())
    }

    proptest! {
        #[test]
        fn adding_n_then_m_is_adding_n_plus_m(start in any_date(), n in 1u32..60, m in 1u32..60) {
            let mut c = Calendar::new();
            let a = c.add_working_days(start, n).unwrap();
            prop_assert_eq!(c.add_working_days(a, m), c.add_working_days(start, n + m));
        }

        #[test]
        fn a_due_date_is_never_a_day_off(start in any_date(), n in 0u32..90) {
            let mut c = Calendar::new();
            let due = c.add_working_days(start, n).unwrap();
            prop_assert!(c.is_working_day(due));
            prop_assert!(due >= start);
            if n > 0 {
                prop_assert_eq!(c.working_days_between(start, due), n);
            }
        }
    }
}
