//! `dossier calendar`: working days of the one-stop desk (SPEC §12), from the core's calendar.

use crate::{Fatal, LangArg};
use clap::Subcommand;
use dossier_core::calendar::{self, Calendar, Day};
use dossier_core::{Date, Lang};

#[derive(Subcommand)]
pub(crate) enum CalendarCommand {
    /// Print the N-th working day after DATE (DATE itself is not counted; N = 0 rolls a day
    /// off forward to the next working day).
    AddWorkingDays {
        /// YYYY-MM-DD
        date: String,
        n: u32,
    },
    /// Exit 0 if DATE is a working day, 1 if it is a day off (the reason on standard output).
    IsWorkingDay {
        /// YYYY-MM-DD
        date: String,
        #[arg(long, value_enum, default_value = "vi")]
        lang: LangArg,
    },
    /// List the days off (beyond Saturdays and Sundays) and the worked Saturdays of YEAR.
    Holidays {
        year: u16,
        #[arg(long, value_enum, default_value = "vi")]
        lang: LangArg,
    },
}

fn date(s: &str) -> Result<Date, Fatal> {
    Date::parse(s).ok_or_else(|| {
        Fatal(format!(
            "{s:?} is not a date: write it as YYYY-MM-DD (for example 2026-02-10)"
        ))
    })
}

fn describe(day: Day, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    match day {
        Day::Working => (if vi {
            "ngày làm việc"
        } else {
            "working day"
        })
        .to_owned(),
        Day::Weekend => (if vi {
            "nghỉ cuối tuần"
        } else {
            "weekend"
        })
        .to_owned(),
        Day::WorkedSaturday(h) => format!(
            "{} ({})",
            if vi {
                "thứ Bảy làm bù"
            } else {
                "Saturday worked in exchange"
            },
            h.name(lang)
        ),
        Day::Holiday(h) => format!(
            "{}: {}",
            if vi {
                "nghỉ lễ, tết"
            } else {
                "public holiday"
            },
            h.name(lang)
        ),
        Day::Compensatory(h) => format!(
            "{} ({})",
            if vi {
                "nghỉ bù"
            } else {
                "compensating day off"
            },
            h.name(lang)
        ),
        Day::Announced(h) => format!(
            "{} ({})",
            if vi {
                "nghỉ theo lịch đã công bố"
            } else {
                "day off as announced"
            },
            h.name(lang)
        ),
    }
}

pub(crate) fn run(command: CalendarCommand) -> Result<u8, Fatal> {
    match command {
        CalendarCommand::AddWorkingDays { date: d, n } => {
            let due = calendar::add_working_days(date(&d)?, n)
                .ok_or_else(|| Fatal("the date would be after 9999-12-31".to_owned()))?;
            println!("{due}");
            Ok(0)
        }
        CalendarCommand::IsWorkingDay { date: d, lang } => {
            let day = Calendar::new().day(date(&d)?);
            println!("{d}: {}", describe(day, lang.into()));
            Ok(if day.is_working() { 0 } else { 1 })
        }
        CalendarCommand::Holidays { year, lang } => {
            if !(2..=9998).contains(&year) {
                return Err(Fatal(format!("{year}: give a year from 2 to 9998")));
            }
            let lang: Lang = lang.into();
            for (d, day) in calendar::Year::compute(year).days {
                println!("{d}\t{}", describe(day, lang));
            }
            for h in <calendar::Holiday as dossier_core::WireEnum>::ALL {
                if let Some(a) = calendar::announcement(year, *h) {
                    println!(
                        "# {}: {} ({})",
                        h.name(lang),
                        a.source.text,
                        a.source.confidence.as_str()
                    );
                }
            }
            Ok(0)
        }
    }
}
