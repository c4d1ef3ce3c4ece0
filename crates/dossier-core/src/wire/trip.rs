//! The `trip` body (RULES.md §5).

use super::conference::List;
use super::enums::{AgencyLevel, LeaderRank, PassportType, TripFunding, TripPurpose};
use crate::date::Date;
use crate::read::{Ctx, Need, Obj, Text};
use crate::rulebook::RuleId;

const REQ: Need = Need::Required;

#[derive(Debug, Clone, Default)]
pub struct Trip<'v> {
    pub purpose: Option<TripPurpose>,
    pub sending_agency: Option<SendingAgency<'v>>,
    pub leader_rank: Option<LeaderRank>,
    pub departure_date: Option<Date>,
    pub return_date: Option<Date>,
    pub itinerary: Option<List<Stop<'v>>>,
    pub important_event: Option<bool>,
    pub funding: Option<Funding>,
    pub invitation: Option<Invitation<'v>>,
    pub members: Option<List<Member<'v>>>,
}

#[derive(Debug, Clone, Default)]
pub struct SendingAgency<'v> {
    pub name: Option<&'v str>,
    pub level: Option<AgencyLevel>,
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
}

#[derive(Debug, Clone, Default)]
pub struct Stop<'v> {
    pub country_code: Option<&'v str>,
    pub city: Option<&'v str>,
    pub arrive: Option<Date>,
    pub leave: Option<Date>,
}

#[derive(Debug, Clone, Default)]
pub struct Funding {
    pub source: Option<TripFunding>,
    pub estimate_vnd: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Invitation<'v> {
    pub host: Option<&'v str>,
    pub country_code: Option<&'v str>,
}

#[derive(Debug, Clone, Default)]
pub struct Member<'v> {
    pub name: Option<&'v str>,
    pub position: Option<&'v str>,
    pub agency: Option<&'v str>,
    pub key_leader: Option<bool>,
    pub official_trips_this_year: Option<i64>,
    pub passport: Option<Passport<'v>>,
}

#[derive(Debug, Clone, Default)]
pub struct Passport<'v> {
    pub passport_type: Option<PassportType>,
    pub number: Option<&'v str>,
    pub expires_on: Option<Date>,
}

impl<'v> Trip<'v> {
    pub(crate) fn read(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>) -> Trip<'v> {
        let max = cx.ed.limits.list_max;
        let purpose = o.choice::<TripPurpose>(cx, "purpose", REQ);
        let sending_agency = o.object(cx, "sendingAgency", REQ, |cx, o| {
            let name = o.text(cx, "name", REQ, Text::Name);
            let level = o.choice::<AgencyLevel>(cx, "level", REQ);
            let commune_need = Need::when(level == Some(AgencyLevel::Commune));
            let (province_code, commune_code) =
                o.admin_unit(cx, "provinceCode", "communeCode", REQ, commune_need);
            SendingAgency {
                name,
                level,
                province_code,
                commune_code,
            }
        });
        let leader_rank = o.choice::<LeaderRank>(cx, "leaderRank", REQ);
        let departure_date = o.date(cx, "departureDate", REQ);
        let return_date = o.date(cx, "returnDate", REQ);
        cx.date_order("departureDate", departure_date, "returnDate", return_date);
        let itinerary = o.list(cx, "itinerary", REQ, max, |cx, v| {
            cx.object(v, |cx, o| {
                let country_code = o.country(cx, "countryCode", REQ);
                let city = o.text(cx, "city", REQ, Text::Name);
                let arrive = o.date(cx, "arrive", REQ);
                let leave = o.date(cx, "leave", REQ);
                cx.date_order("arrive", arrive, "leave", leave);
                Stop {
                    country_code,
                    city,
                    arrive,
                    leave,
                }
            })
        });
        let important_event = o.bool(cx, "importantEvent", REQ);
        let funding = o.object(cx, "funding", REQ, |cx, o| Funding {
            source: o.choice(cx, "source", REQ),
            estimate_vnd: o.int(cx, "estimateVnd", REQ, 0),
        });
        // TRIP-07: official trips need the invitation.
        let official = purpose == Some(TripPurpose::Official);
        let invitation_need = Need::when_by(official, RuleId::Trip07Invitation);
        let invitation = o.object(cx, "invitation", invitation_need, |cx, o| Invitation {
            host: o.text(cx, "host", REQ, Text::Name),
            country_code: o.country(cx, "countryCode", REQ),
        });
        let members = o.list(cx, "members", REQ, max, |cx, v| {
            cx.object(v, |cx, o| {
                let name = o.text(cx, "name", REQ, Text::Name);
                let position = o.text(cx, "position", REQ, Text::Name);
                let agency = o.text(cx, "agency", REQ, Text::Name);
                let key_leader = o.bool(cx, "keyLeader", REQ);
                let official_trips_this_year = o.int(cx, "officialTripsThisYear", REQ, 0);
                let passport = o.object(cx, "passport", REQ, |cx, o| {
                    let passport_type = o.choice::<PassportType>(cx, "type", REQ);
                    let number = o.text(cx, "number", REQ, Text::Code);
                    if number.is_some_and(|p| !crate::checks::formats::is_passport_number(p)) {
                        cx.at("number", |cx| {
                            super::common::format_error(cx, "passport_number")
                        });
                    }
                    let expires_on = o.date(cx, "expiresOn", REQ);
                    Passport {
                        passport_type,
                        number,
                        expires_on,
                    }
                });
                Member {
                    name,
                    position,
                    agency,
                    key_leader,
                    official_trips_this_year,
                    passport,
                }
            })
        });
        Trip {
            purpose,
            sending_agency,
            leader_rank,
            departure_date,
            return_date,
            itinerary,
            important_event,
            funding,
            invitation,
            members,
        }
    }
}
