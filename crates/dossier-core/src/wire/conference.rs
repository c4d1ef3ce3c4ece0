//! The `conference` body (RULES.md §3).

use super::enums::{ConferenceFormat, DignitaryRank, OrganizerKind, StateSecret, Topic};
use crate::date::Date;
use crate::read::{Ctx, Need, Obj, Text};

const REQ: Need = Need::Required;
const OPT: Need = Need::Optional;

/// A list whose unreadable items stay `None`, so indices match the input.
pub type List<T> = Vec<Option<T>>;

#[derive(Debug, Clone, Default)]
pub struct Conference<'v> {
    pub title: Option<&'v str>,
    pub purpose: Option<&'v str>,
    pub format: Option<ConferenceFormat>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub venue: Option<Venue<'v>>,
    pub endpoints: Option<List<Endpoint<'v>>>,
    pub organizer: Option<Organizer<'v>>,
    pub co_organizers: Option<List<Party<'v>>>,
    pub hosted_by_province: Option<bool>,
    pub sponsors: Option<List<Sponsor<'v>>>,
    pub participants: Option<Participants>,
    pub foreign_dignitaries: Option<List<Dignitary<'v>>>,
    pub topics: Option<List<Topic>>,
    pub state_secret: Option<StateSecret>,
    pub press_conference: Option<bool>,
    pub agenda: Option<List<AgendaItem<'v>>>,
}

#[derive(Debug, Clone, Default)]
pub struct Venue<'v> {
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
    pub address: Option<&'v str>,
}

#[derive(Debug, Clone, Default)]
pub struct Endpoint<'v> {
    pub country_code: Option<&'v str>,
    pub province_code: Option<u32>,
    pub place: Option<&'v str>,
}

#[derive(Debug, Clone, Default)]
pub struct Organizer<'v> {
    pub name: Option<&'v str>,
    pub kind: Option<OrganizerKind>,
    pub country_code: Option<&'v str>,
}

/// A co-organizer: a name and a country.
#[derive(Debug, Clone, Default)]
pub struct Party<'v> {
    pub name: Option<&'v str>,
    pub country_code: Option<&'v str>,
}

#[derive(Debug, Clone, Default)]
pub struct Sponsor<'v> {
    pub name: Option<&'v str>,
    pub country_code: Option<&'v str>,
    pub amount_vnd: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Participants {
    pub vietnamese: Option<i64>,
    pub foreign: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Dignitary<'v> {
    pub name: Option<&'v str>,
    pub country_code: Option<&'v str>,
    pub rank: Option<DignitaryRank>,
    pub position: Option<&'v str>,
}

#[derive(Debug, Clone, Default)]
pub struct AgendaItem<'v> {
    pub date: Option<Date>,
    pub item: Option<&'v str>,
}

impl<'v> Conference<'v> {
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>) -> Conference<'v> {
        let max = cx.ed.limits.list_max;
        let title = o.text(cx, "title", REQ, Text::Name);
        let purpose = o.text(cx, "purpose", REQ, Text::Free);
        let format = o.choice::<ConferenceFormat>(cx, "format", REQ);
        let start_date = o.date(cx, "startDate", REQ);
        let end_date = o.date(cx, "endDate", REQ);
        cx.date_order("startDate", start_date, "endDate", end_date);
        // The venue is required unless the event is online; endpoints for online and hybrid.
        let venue_need = Need::when(matches!(
            format,
            Some(ConferenceFormat::InPerson | ConferenceFormat::Hybrid)
        ));
        let venue = o.object(cx, "venue", venue_need, |cx, o| {
            let (province_code, commune_code) =
                o.admin_unit(cx, "provinceCode", "communeCode", REQ, REQ);
            let address = o.text(cx, "address", REQ, Text::Name);
            Venue {
                province_code,
                commune_code,
                address,
            }
        });
        let endpoints_need = Need::when(matches!(
            format,
            Some(ConferenceFormat::Online | ConferenceFormat::Hybrid)
        ));
        let endpoints = o.list(cx, "endpoints", endpoints_need, max, |cx, v| {
            cx.object(v, |cx, o| {
                let country_code = o.country(cx, "countryCode", REQ);
                let province_code = o.province(cx, "provinceCode", OPT);
                let place = o.text(cx, "place", REQ, Text::Name);
                Endpoint {
                    country_code,
                    province_code,
                    place,
                }
            })
        });
        let organizer = o.object(cx, "organizer", REQ, |cx, o| Organizer {
            name: o.text(cx, "name", REQ, Text::Name),
            kind: o.choice(cx, "kind", REQ),
            country_code: o.country(cx, "countryCode", REQ),
        });
        let co_organizers = o.list(cx, "coOrganizers", OPT, max, |cx, v| {
            cx.object(v, |cx, o| Party {
                name: o.text(cx, "name", REQ, Text::Name),
                country_code: o.country(cx, "countryCode", REQ),
            })
        });
        let hosted_by_province = o.bool(cx, "hostedByProvince", REQ);
        let sponsors = o.list(cx, "sponsors", OPT, max, |cx, v| {
            cx.object(v, |cx, o| Sponsor {
                name: o.text(cx, "name", REQ, Text::Name),
                country_code: o.country(cx, "countryCode", REQ),
                amount_vnd: o.int(cx, "amountVnd", REQ, 0),
            })
        });
        let participants = o.object(cx, "participants", REQ, |cx, o| Participants {
            vietnamese: o.int(cx, "vietnamese", REQ, 0),
            foreign: o.int(cx, "foreign", REQ, 0),
        });
        let foreign_dignitaries = o.list(cx, "foreignDignitaries", OPT, max, |cx, v| {
            cx.object(v, |cx, o| Dignitary {
                name: o.text(cx, "name", REQ, Text::Name),
                country_code: o.country(cx, "countryCode", REQ),
                rank: o.choice(cx, "rank", REQ),
                position: o.text(cx, "position", REQ, Text::Name),
            })
        });
        let topics = o.list(cx, "topics", REQ, max, |cx, v| cx.choice::<Topic>(v, REQ));
        let state_secret = o.choice::<StateSecret>(cx, "stateSecret", REQ);
        let press_conference = o.bool(cx, "pressConference", REQ);
        let agenda = o.list(cx, "agenda", REQ, max, |cx, v| {
            cx.object(v, |cx, o| AgendaItem {
                date: o.date(cx, "date", REQ),
                item: o.text(cx, "item", REQ, Text::Free),
            })
        });
        Conference {
            title,
            purpose,
            format,
            start_date,
            end_date,
            venue,
            endpoints,
            organizer,
            co_organizers,
            hosted_by_province,
            sponsors,
            participants,
            foreign_dignitaries,
            topics,
            state_secret,
            press_conference,
            agenda,
        }
    }
}
