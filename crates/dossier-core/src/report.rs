//! The report (SPEC §5): the one output every target produces, and its wire types.
//!
//! *API boundary*: these structs are the wire format. Field order is declaration order;
//! findings are sorted by path, code, then params JSON. Nothing else is serialised.

use crate::date::Date;
use crate::messages::{self, Lang};
use crate::params::Params;
use crate::rulebook::{Citation, Code, Confidence, RuleId, Severity};
use crate::wire::enums::Kind;
use serde::Serialize;
use std::cmp::Ordering;

/// A problem found, before it is rendered in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    /// RFC 6901 JSON Pointer in wire names; `""` is the whole dossier.
    pub path: String,
    pub params: Params,
    /// The legal basis when it is not the rule's own: a profile's local rule.
    pub local_basis: Option<Citation>,
}

impl Finding {
    pub fn new(rule: RuleId, path: impl Into<String>, params: Params) -> Finding {
        Finding {
            rule,
            path: path.into(),
            params,
            local_basis: None,
        }
    }
}

impl Finding {
    pub fn code(&self) -> Code {
        self.rule.spec().code
    }
    pub fn severity(&self) -> Severity {
        self.rule.spec().severity
    }
}

/// Sorts findings: path, then code, then the JSON of params.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then_with(|| a.code().as_str().cmp(b.code().as_str()))
            .then_with(|| match a.params == b.params {
                true => Ordering::Equal,
                false => a.params.to_json().cmp(&b.params.to_json()),
            })
    });
}

/// The validation report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// `null` when the kind could not be read.
    pub kind: Option<Kind>,
    /// True iff no finding has severity `error`.
    pub valid: bool,
    pub as_of: Date,
    pub rulebook: RulebookRef,
    pub findings: Vec<ReportFinding>,
    /// Present whenever the kind and the fields it depends on could be read.
    pub routing: Option<Routing>,
}

impl Report {
    /// The report as compact JSON: the byte-identical form every target produces.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The report as indented JSON (for people and for the expected files of the corpus).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Number of findings with severity `error`.
    pub fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
}

/// Which rules produced the report.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RulebookRef {
    /// `null` only when no edition was in force on `asOf`.
    pub edition: Option<&'static str>,
    pub profile: Option<&'static str>,
    /// The engine version (this crate's).
    pub engine: &'static str,
}

/// One finding, rendered in the requested language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportFinding {
    pub code: Code,
    pub severity: Severity,
    pub path: String,
    pub params: Params,
    pub message: String,
    /// `null` for rules of the wire format itself, which have no legal basis.
    pub basis: Option<Basis>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Basis {
    pub rule: &'static str,
    pub citation: &'static str,
    pub confidence: Confidence,
}

impl ReportFinding {
    pub(crate) fn render(f: Finding, lang: Lang, ed: &crate::rulebook::Edition) -> ReportFinding {
        let spec = f.rule.spec();
        ReportFinding {
            code: spec.code,
            severity: spec.severity,
            message: messages::render_in(spec.code, &f.params, lang, ed),
            basis: f.local_basis.or(spec.citation).map(|c| Basis {
                rule: spec.id,
                citation: c.text,
                confidence: c.confidence,
            }),
            path: f.path,
            params: f.params,
        }
    }
}

crate::wire_enum::wire_enum! {
    /// Who decides (RULES.md §2).
    pub enum DecisionBy {
        PrimeMinister = "prime_minister",
        ProvincialChair = "provincial_chair",
        SectorAgency = "sector_agency",
        Mofa = "mofa",
        CommuneChair = "commune_chair",
        AgencyHead = "agency_head",
    }
}

crate::wire_enum::wire_enum! {
    /// Who handles the file (RULES.md §2).
    pub enum HandledBy {
        ProvincialForeignAffairsOffice = "provincial_foreign_affairs_office",
        NgoCommittee = "ngo_committee",
        CommuneOffice = "commune_office",
        SendingAgency = "sending_agency",
    }
}

impl DecisionBy {
    /// Who decides, for people.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Vi};
        match (self, lang) {
            (DecisionBy::PrimeMinister, Vi) => "Thủ tướng Chính phủ",
            (DecisionBy::PrimeMinister, En) => "The Prime Minister",
            (DecisionBy::ProvincialChair, Vi) => "Chủ tịch Ủy ban nhân dân tỉnh, thành phố",
            (DecisionBy::ProvincialChair, En) => "The chair of the provincial People's Committee",
            (DecisionBy::SectorAgency, Vi) => "Cơ quan quản lý ngành",
            (DecisionBy::SectorAgency, En) => "The sector's managing agency",
            (DecisionBy::Mofa, Vi) => "Bộ Ngoại giao",
            (DecisionBy::Mofa, En) => "The Ministry of Foreign Affairs",
            (DecisionBy::CommuneChair, Vi) => "Chủ tịch Ủy ban nhân dân xã, phường",
            (DecisionBy::CommuneChair, En) => "The chair of the commune People's Committee",
            (DecisionBy::AgencyHead, Vi) => "Người đứng đầu cơ quan cử đi",
            (DecisionBy::AgencyHead, En) => "The head of the sending agency",
        }
    }
}

impl HandledBy {
    /// Who handles the file, for people.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Vi};
        match (self, lang) {
            (HandledBy::ProvincialForeignAffairsOffice, Vi) => {
                "Sở Ngoại vụ (cơ quan ngoại vụ cấp tỉnh)"
            }
            (HandledBy::ProvincialForeignAffairsOffice, En) => {
                "The provincial foreign affairs office"
            }
            (HandledBy::NgoCommittee, Vi) => {
                "Ủy ban công tác về các tổ chức phi chính phủ nước ngoài"
            }
            (HandledBy::NgoCommittee, En) => {
                "The Committee for Foreign Non-Governmental Organisations"
            }
            (HandledBy::CommuneOffice, Vi) => "Văn phòng Ủy ban nhân dân xã, phường",
            (HandledBy::CommuneOffice, En) => "The commune People's Committee office",
            (HandledBy::SendingAgency, Vi) => "Cơ quan cử đi",
            (HandledBy::SendingAgency, En) => "The sending agency",
        }
    }
}

/// Where the dossier must go (RULES.md §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Routing {
    pub decision_by: DecisionBy,
    pub province_code: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_code: Option<u32>,
    pub handled_by: HandledBy,
    pub forwarded_from_commune: bool,
    /// Sorted: `mofa`, `mps`, `province:<code>`.
    pub consult: Vec<String>,
}
