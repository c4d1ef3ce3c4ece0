//! The validation pipeline: bytes → JSON tree → typed dossier + structural findings → rules →
//! routing → sorted, rendered report. Pure: `as_of` is an input.

use crate::date::Date;
use crate::json::{self, Json};
use crate::messages::Lang;
use crate::params::Params;
use crate::read::Ctx;
use crate::report::{sort_findings, Finding, Report, ReportFinding, Routing, RulebookRef};
use crate::rulebook::{self, Edition, Profile, RuleId, Severity};
use crate::rules;
use crate::wire::enums::Kind;
use crate::wire::{Body, Dossier};

/// The engine version reported in every report.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a validation run needs besides the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The date the rules are applied on (Asia/Ho_Chi_Minh). The core never reads a clock.
    pub as_of: Date,
    pub lang: Lang,
    /// A profile id to apply instead of the one the dossier's province selects.
    pub profile: Option<String>,
}

impl Options {
    pub fn new(as_of: Date) -> Options {
        Options {
            as_of,
            lang: Lang::Vi,
            profile: None,
        }
    }

    #[must_use]
    pub fn lang(mut self, lang: Lang) -> Options {
        self.lang = lang;
        self
    }

    #[must_use]
    pub fn profile(mut self, profile: impl Into<String>) -> Options {
        self.profile = Some(profile.into());
        self
    }
}

/// Options as they arrive over a boundary (JS object, query string, JSON):
/// `{ asOf: "YYYY-MM-DD", lang?: "vi" | "en", profile?: string }`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OptionsInput {
    pub as_of: Option<String>,
    pub lang: Option<String>,
    pub profile: Option<String>,
}

impl TryFrom<OptionsInput> for Options {
    type Error = OptionsError;

    fn try_from(input: OptionsInput) -> Result<Options, OptionsError> {
        let as_of = input.as_of.ok_or(OptionsError::AsOfMissing)?;
        let as_of = Date::parse(&as_of).ok_or(OptionsError::AsOfInvalid { given: as_of })?;
        let lang = match input.lang {
            None => Lang::Vi,
            Some(l) => Lang::parse(&l).ok_or(OptionsError::LangInvalid { given: l })?,
        };
        Ok(Options {
            as_of,
            lang,
            profile: input.profile,
        })
    }
}

/// A problem with the *arguments* of a validation (never with the dossier: that is a report).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error("options.asOf is required: the date the rules apply on, as YYYY-MM-DD")]
    AsOfMissing,
    #[error("options.asOf must be a calendar date as YYYY-MM-DD, got {given:?}")]
    AsOfInvalid { given: String },
    #[error("options.lang must be \"vi\" or \"en\", got {given:?}")]
    LangInvalid { given: String },
    #[error("unknown profile {profile:?}; known profiles: {}", known.join(", "))]
    UnknownProfile {
        profile: String,
        known: Vec<&'static str>,
    },
}

/// Validates a dossier given as UTF-8 JSON text.
pub fn validate_str(input: &str, options: &Options) -> Result<Report, OptionsError> {
    json::with_arena(input.len(), |arena| run(json::parse(input, arena), options))
}

/// Validates a dossier given as bytes (invalid UTF-8 is a `JSON_SYNTAX` finding).
pub fn validate(input: &[u8], options: &Options) -> Result<Report, OptionsError> {
    json::with_arena(input.len(), |arena| {
        run(json::parse_bytes(input, arena), options)
    })
}

fn run(
    parsed: Result<Json<'_>, json::SyntaxError>,
    options: &Options,
) -> Result<Report, OptionsError> {
    let (report, ()) = run_with(parsed.as_ref(), options, |_| ())?;
    Ok(report)
}

/// The pipeline over a parsed text: the report, and what `facts` takes from the typed dossier
/// (`T::default()` when no dossier was read: not JSON, not an object, or no edition).
pub(crate) fn run_with<T: Default>(
    parsed: Result<&Json<'_>, &json::SyntaxError>,
    options: &Options,
    facts: impl FnOnce(&Dossier<'_>) -> T,
) -> Result<(Report, T), OptionsError> {
    let as_of = options.as_of;
    let lang = options.lang;
    let Some(ed) = rulebook::edition_for(as_of) else {
        let only = Finding::new(RuleId::AsofBeforeEdition, "", Params::new());
        return Ok((
            finish(None, as_of, None, vec![only], None, lang),
            T::default(),
        ));
    };
    let forced_profile = match &options.profile {
        Some(id) => Some(ed.profile(id).ok_or_else(|| OptionsError::UnknownProfile {
            profile: id.clone(),
            known: ed.profiles.iter().map(|p| p.id).collect(),
        })?),
        None => None,
    };
    let tree = match parsed {
        Ok(tree @ Json::Object(_)) => tree,
        not_an_object => {
            let params = match not_an_object {
                Err(e) => Params::new().with("line", e.line).with("column", e.column),
                Ok(_) => Params::new(),
            };
            let only = Finding::new(RuleId::JsonSyntax, "", params);
            let profile = forced_profile.unwrap_or_else(|| ed.profile_for_province(None));
            let report = finish(None, as_of, Some((ed, profile)), vec![only], None, lang);
            return Ok((report, T::default()));
        }
    };
    let mut cx = Ctx::new(ed);
    let dossier = cx.object(tree, Dossier::read).unwrap_or_default();
    let profile =
        forced_profile.unwrap_or_else(|| ed.profile_for_province(governing_province(&dossier)));
    let routing = run_rules(&mut cx, &dossier, as_of, profile);
    let taken = facts(&dossier);
    let findings = cx.findings;
    let report = finish(
        dossier.kind,
        as_of,
        Some((ed, profile)),
        findings,
        routing,
        lang,
    );
    Ok((report, taken))
}

fn run_rules(cx: &mut Ctx<'_>, d: &Dossier<'_>, as_of: Date, profile: &Profile) -> Option<Routing> {
    if let Some(kind) = d.kind {
        let docs = cx.ed.documents_for(kind);
        rules::documents::check_each(cx, d, docs);
    }
    let routing = match &d.body {
        Body::Conference(c) => rules::conference::check(cx, d, c, as_of),
        Body::Ngo(n) => rules::ngo::check(cx, d, n, as_of),
        Body::Trip(t) => rules::trip::check(cx, d, t, as_of, profile),
        Body::None => None,
    };
    rules::general::receiving_unit_province(cx, d, routing.as_ref());
    rules::general::edition_mismatch(cx, d);
    rules::general::edition_expired(cx, as_of);
    routing
}

/// The province whose profile applies: the sending agency's for a trip, the receiving unit's
/// otherwise.
fn governing_province(d: &Dossier<'_>) -> Option<u32> {
    match (&d.body, d.kind) {
        (Body::Trip(t), _) => t.sending_agency.as_ref().and_then(|a| a.province_code),
        (_, Some(Kind::OutboundTrip)) => None,
        _ => d.receiving_unit.as_ref().and_then(|r| r.province_code),
    }
}

fn finish(
    kind: Option<Kind>,
    as_of: Date,
    rulebook: Option<(&'static Edition, &'static Profile)>,
    mut findings: Vec<Finding>,
    routing: Option<Routing>,
    lang: Lang,
) -> Report {
    sort_findings(&mut findings);
    let valid = findings.iter().all(|f| f.severity() != Severity::Error);
    // Messages state the values of the report's edition (the newest when none applies).
    let messages_edition = rulebook.map_or_else(crate::rulebook::newest, |(e, _)| e);
    Report {
        kind,
        valid,
        as_of,
        rulebook: RulebookRef {
            edition: rulebook.map(|(e, _)| e.id),
            profile: rulebook.map(|(_, p)| p.id),
            engine: ENGINE_VERSION,
        },
        findings: findings
            .into_iter()
            .map(|f| ReportFinding::render(f, lang, messages_edition))
            .collect(),
        routing,
    }
}
