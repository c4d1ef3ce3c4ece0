//! Document checks shared by every kind (RULES.md §1): media type, size, translation,
//! legalization, and the `DOCUMENT_MISSING` helper the kind rules use.

use crate::params::Params;
use crate::read::Ctx;
use crate::rulebook::{KindDocuments, RuleId};
use crate::wire::enums::DocType;
use crate::wire::Dossier;

/// Checks each readable document against the kind's document rules.
pub(crate) fn check_each(cx: &mut Ctx<'_>, d: &Dossier<'_>, rules: &KindDocuments) {
    let media_types = cx.ed.documents.media_types;
    let max_bytes = cx.ed.documents.max_bytes;
    for (i, doc) in d.documents() {
        cx.at("documents", |cx| {
            cx.at_index(i, |cx| {
                if doc.media_type.is_some_and(|m| !media_types.contains(&m)) {
                    cx.at("mediaType", |cx| {
                        let allowed: Vec<&'static str> = media_types.to_vec();
                        cx.emit(
                            RuleId::DocumentMediaType,
                            Params::new().with("allowed", allowed),
                        )
                    });
                }
                if doc.size_bytes.is_some_and(|s| s > max_bytes) {
                    cx.at("sizeBytes", |cx| {
                        cx.emit(
                            RuleId::DocumentTooLarge,
                            Params::new().with("max", max_bytes),
                        )
                    });
                }
                let (Some(t), Some(language)) = (doc.document_type, doc.language) else {
                    return;
                };
                if language.eq_ignore_ascii_case("vi") {
                    return;
                }
                if rules.need_vietnamese.contains(t) && doc.translated != Some(true) {
                    cx.at("translated", |cx| {
                        cx.emit(RuleId::DocumentTranslation, Params::new())
                    });
                }
                if rules.foreign_official.contains(t) && doc.legalization.is_none() {
                    cx.at("legalization", |cx| {
                        cx.emit(RuleId::DocumentLegalization, Params::new())
                    });
                }
            })
        });
    }
}

/// `DOCUMENT_MISSING` at `/documents` for each type of `required` that is not attached,
/// reported under `rule` (which carries the severity and the legal basis).
pub(crate) fn require(cx: &mut Ctx<'_>, d: &Dossier<'_>, rule: RuleId, required: &[DocType]) {
    for &t in required {
        if !d.has_document(t) {
            cx.emit_at(rule, "/documents", Params::new().with("type", t.as_str()));
        }
    }
}
