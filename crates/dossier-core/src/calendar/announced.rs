//! Each year's announced holiday schedules for civil servants (cán bộ, công chức, viên chức),
//! which override the computed days of the holiday they decide: the days off from `from` to
//! `to` (weekdays in that span are off) and the Saturdays worked in exchange.
//!
//! Only what could be checked is here, each with its source and how it was read. A holiday
//! with no entry for a year is computed (Điều 112 and the compensating day of Điều 111).
//! Not yet law as read on 2026-12-07: Ngày Văn hóa Việt Nam (24 November), which Nghị quyết
//! 80-NQ/TW and Nghị quyết 30/NQ-CP (2026) ask to add to Điều 112 by an amendment of the
//! Labour Code; add it to [`super::statutory`] when that amendment is in force.

use super::Holiday;
use crate::date::Date;
use crate::rulebook::Citation;
use crate::Confidence::Secondary;

/// One holiday's announced schedule in one year.
#[derive(Debug)]
pub struct Announced {
    pub year: u16,
    pub holiday: Holiday,
    pub from: Date,
    pub to: Date,
    /// Saturdays worked in exchange for a weekday off.
    pub worked: &'static [Date],
    pub source: Citation,
}

const fn ymd(y: u16, m: u8, d: u8) -> Date {
    Date::ymd(y, m, d)
}

pub static ANNOUNCED: &[Announced] = &[
    Announced {
        year: 2025,
        holiday: Holiday::Tet,
        from: ymd(2025, 1, 25),
        to: ymd(2025, 2, 2),
        worked: &[],
        source: Citation {
            text: "Bộ Lao động – Thương binh và Xã hội, thông báo lịch nghỉ Tết Âm lịch 2025 \
                   (25/01–02/02/2025, 9 ngày) đã được Thủ tướng đồng ý; số văn bản chưa đọc được, \
                   theo báo chí",
            confidence: Secondary,
        },
    },
    Announced {
        year: 2025,
        holiday: Holiday::Reunification,
        from: ymd(2025, 4, 30),
        to: ymd(2025, 5, 4),
        worked: &[ymd(2025, 4, 26)],
        source: Citation {
            text: "Thủ tướng đồng ý hoán đổi ngày làm việc: nghỉ thứ Sáu 02/5/2025, làm bù thứ Bảy \
                   26/4/2025 (nghỉ 30/4–04/5/2025); số văn bản chưa đọc được, theo báo chí",
            confidence: Secondary,
        },
    },
    Announced {
        year: 2026,
        holiday: Holiday::NewYear,
        from: ymd(2026, 1, 1),
        to: ymd(2026, 1, 4),
        worked: &[ymd(2026, 1, 10)],
        source: Citation {
            text: "Bộ Nội vụ, phương án Tết Dương lịch 2026 được Thủ tướng đồng ý: nghỉ 01–04/01/2026, \
                   hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026; số văn bản chưa đọc được, theo báo chí",
            confidence: Secondary,
        },
    },
    Announced {
        year: 2026,
        holiday: Holiday::Tet,
        from: ymd(2026, 2, 14),
        to: ymd(2026, 2, 22),
        worked: &[],
        source: Citation {
            text: "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ: nghỉ Tết Âm lịch từ thứ Hai \
                   16/02 (29 tháng Chạp) đến thứ Sáu 20/02/2026, nối tiếp hai kỳ nghỉ cuối tuần \
                   (14–22/02/2026); nội dung theo báo chí",
            confidence: Secondary,
        },
    },
    Announced {
        year: 2026,
        holiday: Holiday::National,
        from: ymd(2026, 8, 29),
        to: ymd(2026, 9, 2),
        worked: &[ymd(2026, 8, 22)],
        source: Citation {
            text: "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ: nghỉ Quốc khánh 29/8–02/9/2026, \
                   hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026; nội dung theo báo chí",
            confidence: Secondary,
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_announcement_is_in_its_year_and_swaps_saturdays_only() {
        for a in ANNOUNCED {
            assert!(a.from <= a.to);
            assert!(a.from.year() == a.year || a.to.year() == a.year);
            for w in a.worked {
                // 1970-01-01 was a Thursday: Saturdays are 2 (mod 7) days after it.
                assert_eq!(w.days_since_epoch().rem_euclid(7), 2, "{w} is a Saturday");
            }
        }
    }
}
