//! The rulebook as data for people and other systems: every rule with its id, code, severity,
//! parameters (from the edition), citation and confidence, and every profile with its local
//! policy. `dossier rulebook` prints it as JSON or Markdown; `docs/rules.md` is the Markdown.

use super::{editions, DelegationCap, Edition, Profile, RuleId};
use crate::engine::ENGINE_VERSION;
use crate::rulebook::{Confidence, Severity};
use crate::wire::enums::Kind;
use crate::wire_enum::WireEnum;
use serde::Serialize;
use serde_json::{json, Map, Value};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RulebookExport {
    pub engine: &'static str,
    /// Every kind of dossier, in the order the pages list them.
    pub kinds: Vec<&'static str>,
    pub editions: Vec<EditionExport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditionExport {
    pub id: &'static str,
    pub in_force_from: String,
    pub valid_until: Option<String>,
    pub rules: Vec<RuleExport>,
    pub profiles: Vec<ProfileExport>,
    /// The one-stop desk's time limits (SPEC §12).
    pub processing_times: Vec<ProcessingTimeExport>,
    /// The documents of each kind: the types it accepts and those its usual case requires.
    pub documents: Vec<KindDocumentsExport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KindDocumentsExport {
    pub kind: &'static str,
    pub accepted: Vec<&'static str>,
    pub required: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessingTimeExport {
    pub kind: &'static str,
    pub step: &'static str,
    pub working_days: u32,
    pub citation: &'static str,
    pub confidence: Confidence,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleExport {
    pub id: &'static str,
    pub code: &'static str,
    pub severity: Severity,
    pub parameters: Map<String, Value>,
    /// `null` for format rules and for local rules (their basis is the profile's).
    pub citation: Option<&'static str>,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileExport {
    pub id: &'static str,
    pub province_code: Option<u32>,
    pub citation: Option<&'static str>,
    pub confidence: Option<Confidence>,
    /// The local rules this profile enforces, with their parameters.
    pub rules: Vec<LocalRuleExport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalRuleExport {
    pub id: &'static str,
    pub code: &'static str,
    pub parameters: Map<String, Value>,
}

/// Every edition, rule and profile.
pub fn export() -> RulebookExport {
    RulebookExport {
        engine: ENGINE_VERSION,
        kinds: Kind::ALL.iter().map(|k| k.as_str()).collect(),
        editions: editions().iter().map(|e| edition_export(e)).collect(),
    }
}

fn strs<E: WireEnum>(list: &[E]) -> Value {
    Value::from(list.iter().map(|e| e.as_str()).collect::<Vec<_>>())
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The parameters a rule reads from the edition. Exhaustive: a new rule must say.
fn parameters(ed: &Edition, rule: RuleId) -> Map<String, Value> {
    let c = &ed.conference;
    let n = &ed.ngo;
    let t = &ed.trip;
    let l = &ed.limits;
    obj(match rule {
        RuleId::FieldLength => json!({
            "nameMax": l.name_max, "freeTextMax": l.free_text_max,
            "fileNameMax": l.file_name_max, "codeMax": l.code_max,
            "documentsMax": l.documents_max, "listMax": l.list_max,
        }),
        RuleId::IdNumberInvalid => json!({ "provinceCodes": ed.cccd_province_codes }),
        RuleId::RulebookEditionExpired => {
            json!({ "validUntil": ed.valid_until.map(|d| d.to_string()) })
        }
        RuleId::AsofBeforeEdition => json!({ "inForceFrom": ed.in_force_from.to_string() }),
        RuleId::DocumentMediaType => json!({ "allowed": ed.documents.media_types }),
        RuleId::DocumentTooLarge => json!({ "maxBytes": ed.documents.max_bytes }),
        RuleId::Conf03LeadTime => json!({
            "days": c.lead_days, "daysPrimeMinister": c.lead_days_prime_minister,
            "sensitiveTopics": strs(c.sensitive_topics),
            "primeMinisterRanks": strs(c.prime_minister_ranks),
        }),
        RuleId::Conf04Documents => json!({ "types": strs(c.required_documents) }),
        RuleId::Conf05SectorOpinion => json!({
            "type": c.sensitive_topic_document.as_str(), "sensitiveTopics": strs(c.sensitive_topics),
        }),
        RuleId::Ngo02TermTooLong | RuleId::Ngo06PlanTooShort => json!({
            "yearsOperation": n.years_operation,
            "yearsRepresentativeOffice": n.years_representative_office,
        }),
        RuleId::Ngo04OfficeCity => json!({ "provinceCodes": n.office_provinces }),
        RuleId::Ngo05OfficePremises => json!({ "forbidden": strs(n.forbidden_premises) }),
        RuleId::Ngo10DomesticFundraising => json!({ "forbidden": strs(n.forbidden_funding) }),
        RuleId::Ngo11Documents => json!({
            "new": strs(n.documents_new), "extension": strs(n.documents_extension),
            "amendmentOrReissue": strs(n.documents_amendment_reissue),
        }),
        RuleId::Trip04PassportValidity => json!({ "months": t.passport_validity_months }),
        RuleId::Trip05PrivateOfficialPassport => {
            json!({ "forbidden": strs(t.private_forbidden_passports) })
        }
        RuleId::Trip06OfficialOrdinaryPassport => {
            json!({ "discouraged": strs(t.official_discouraged_passports) })
        }
        RuleId::Trip08Documents => json!({
            "official": strs(t.documents_official), "private": strs(t.documents_private),
            "budget": t.budget_document.as_str(), "budgetWhenFunding": strs(t.budget_document_funding),
        }),
        RuleId::JsonSyntax
        | RuleId::FieldRequired
        | RuleId::FieldType
        | RuleId::FieldUnknown
        | RuleId::FieldEnum
        | RuleId::FieldFormat
        | RuleId::FieldRange
        | RuleId::DateOrder
        | RuleId::AdminUnitUnknown
        | RuleId::AdminUnitMismatch
        | RuleId::CountryUnknown
        | RuleId::TaxCodeInvalid
        | RuleId::ReceivingUnitProvince
        | RuleId::RulebookEditionMismatch
        | RuleId::DocumentTranslation
        | RuleId::DocumentLegalization
        | RuleId::Conf01NotInternational
        | RuleId::Conf02PressConference
        | RuleId::Conf06NoVnEndpoint
        | RuleId::Conf07DignitaryCount
        | RuleId::Conf08AgendaOutsideDates
        | RuleId::Conf09StateSecret
        | RuleId::Ngo01ProjectOffice
        | RuleId::Ngo03HomeRegistration
        | RuleId::Ngo07ProgrammeArea
        | RuleId::Ngo08PassportExpired
        | RuleId::Ngo09CriminalRecord
        | RuleId::Ngo12Required
        | RuleId::Trip01DeparturePast
        | RuleId::Trip02ItineraryDates
        | RuleId::Trip03ItineraryVn
        | RuleId::Trip07Invitation
        | RuleId::LocalTooManyCountries
        | RuleId::LocalDaysPerCountry
        | RuleId::LocalTooLong
        | RuleId::LocalDelegationSize
        | RuleId::LocalTripsPerYear
        | RuleId::LocalKeyLeadersTogether
        | RuleId::LocalBusinessFunded => json!({}),
    })
}

/// The local rules a profile enables, with their parameters.
fn local_rules(p: &Profile) -> Vec<LocalRuleExport> {
    let t = &p.trip;
    let mut out = Vec::new();
    let mut add = |rule: RuleId, v: Value| {
        let spec = rule.spec();
        out.push(LocalRuleExport {
            id: spec.id,
            code: spec.code.as_str(),
            parameters: obj(v),
        });
    };
    if let Some(max) = t.max_countries {
        add(RuleId::LocalTooManyCountries, json!({ "max": max }));
    }
    if let Some((normal, important)) = t.max_days_per_stop {
        add(
            RuleId::LocalDaysPerCountry,
            json!({ "max": normal, "maxImportantEvent": important }),
        );
    }
    if let Some(max) = t.max_trip_days {
        add(RuleId::LocalTooLong, json!({ "max": max }));
    }
    match t.delegation {
        Some(DelegationCap::Flat(max)) => add(RuleId::LocalDelegationSize, json!({ "max": max })),
        Some(DelegationCap::ByLeaderRank {
            provincial_head,
            provincial_deputy_head,
            others,
        }) => add(
            RuleId::LocalDelegationSize,
            json!({ "maxProvincialHead": provincial_head, "maxProvincialDeputyHead": provincial_deputy_head, "maxOthers": others }),
        ),
        None => {}
    }
    if let Some(max) = t.max_official_trips_per_year {
        add(RuleId::LocalTripsPerYear, json!({ "max": max }));
    }
    if t.one_key_leader_per_agency {
        add(RuleId::LocalKeyLeadersTogether, json!({}));
    }
    if !t.forbidden_funding.is_empty() {
        add(
            RuleId::LocalBusinessFunded,
            json!({ "forbidden": strs(t.forbidden_funding) }),
        );
    }
    out
}

fn edition_export(ed: &Edition) -> EditionExport {
    let names = |list: &[crate::wire::enums::DocType]| list.iter().map(|t| t.as_str()).collect();
    let documents = Kind::ALL
        .iter()
        .map(|&kind| KindDocumentsExport {
            kind: kind.as_str(),
            accepted: names(ed.documents_for(kind).types),
            required: names(ed.usual_documents(kind)),
        })
        .collect();
    EditionExport {
        id: ed.id,
        in_force_from: ed.in_force_from.to_string(),
        valid_until: ed.valid_until.map(|d| d.to_string()),
        documents,
        rules: RuleId::ALL
            .iter()
            .map(|&r| {
                let spec = r.spec();
                RuleExport {
                    id: spec.id,
                    code: spec.code.as_str(),
                    severity: spec.severity,
                    parameters: parameters(ed, r),
                    citation: spec.citation.map(|c| c.text),
                    confidence: spec.citation.map(|c| c.confidence),
                }
            })
            .collect(),
        profiles: ed
            .profiles
            .iter()
            .map(|p| ProfileExport {
                id: p.id,
                province_code: p.province,
                citation: p.citation.map(|c| c.text),
                confidence: p.citation.map(|c| c.confidence),
                rules: local_rules(p),
            })
            .collect(),
        processing_times: ed
            .processing
            .iter()
            .map(|p| ProcessingTimeExport {
                kind: p.kind.as_str(),
                step: p.step.as_str(),
                working_days: p.working_days,
                citation: p.citation.text,
                confidence: p.citation.confidence,
            })
            .collect(),
    }
}

fn cell(v: &Map<String, Value>) -> String {
    if v.is_empty() {
        return "—".to_owned();
    }
    v.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("`{k}`: {v}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rulebook as Markdown (committed as `docs/rules.md`).
pub fn markdown() -> String {
    let x = export();
    let mut out = String::new();
    out.push_str("# Rulebook\n\n");
    out.push_str("<!-- Generated by `dossier rulebook --format markdown`; a test fails when this file is stale. -->\n\n");
    out.push_str(&format!("Engine {}.\n", x.engine));
    for e in &x.editions {
        out.push_str(&format!(
            "\n## Edition {}\n\nIn force from {}{}.\n\n",
            e.id,
            e.in_force_from,
            e.valid_until.as_ref().map_or(String::new(), |u| format!(
                ", legal basis reported valid until {u}"
            ))
        ));
        out.push_str("| rule | code | severity | parameters | citation | confidence |\n|---|---|---|---|---|---|\n");
        for r in &e.rules {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} | {} |\n",
                r.id,
                r.code,
                r.severity,
                cell(&r.parameters),
                r.citation.unwrap_or("—"),
                r.confidence.map_or("—", |c| c.as_str())
            ));
        }
        out.push_str("\n### Profiles\n\n| profile | province | local rules | citation | confidence |\n|---|---|---|---|---|\n");
        for p in &e.profiles {
            let rules = if p.rules.is_empty() {
                "none".to_owned()
            } else {
                p.rules
                    .iter()
                    .map(|r| format!("{} `{}` ({})", r.id, r.code, cell(&r.parameters)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                p.id,
                p.province_code.map_or("all".to_owned(), |c| c.to_string()),
                rules,
                p.citation.unwrap_or("—"),
                p.confidence.map_or("—", |c| c.as_str())
            ));
        }
        out.push_str("\n### Processing times (working days; the day of receipt is not counted)\n\n| kind | step | working days | citation | confidence |\n|---|---|---|---|---|\n");
        for t in &e.processing_times {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                t.kind,
                t.step,
                t.working_days,
                t.citation,
                t.confidence.as_str()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_exported_with_its_parameters() {
        let x = export();
        let e = &x.editions[0];
        assert_eq!(e.rules.len(), RuleId::ALL.len());
        let conf03 = e.rules.iter().find(|r| r.id == "CONF-03").unwrap();
        assert_eq!(conf03.parameters["days"], 30);
        assert_eq!(conf03.parameters["daysPrimeMinister"], 40);
        assert_eq!(conf03.confidence, Some(Confidence::Confirmed));
        let dn = e.profiles.iter().find(|p| p.id == "da-nang").unwrap();
        assert_eq!(dn.province_code, Some(48));
        assert_eq!(dn.rules.len(), 6);
        let hn = e.profiles.iter().find(|p| p.id == "ha-noi").unwrap();
        assert_eq!(
            hn.rules.iter().map(|r| r.code).collect::<Vec<_>>(),
            [
                "TRIP_TOO_MANY_COUNTRIES",
                "TRIP_TOO_LONG",
                "TRIP_DELEGATION_SIZE",
                "TRIP_TRIPS_PER_YEAR",
                "TRIP_KEY_LEADERS_TOGETHER"
            ]
        );
    }

    #[test]
    fn committed_markdown_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if std::env::var_os("DOSSIER_BLESS").is_some() {
            std::fs::write(path, markdown()).unwrap();
            return;
        }
        assert!(
            committed == markdown(),
            "docs/rules.md is stale: run `dossier rulebook --format markdown > docs/rules.md` \
             (or DOSSIER_BLESS=1 cargo test -p dossier-core committed_markdown)"
        );
    }
}
