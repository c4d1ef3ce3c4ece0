//! The dossier wire format (SPEC §4) as typed, borrowed structs, read leniently from JSON.
//! The structs, their readers and the enums are generated from the field model
//! (`dossier-model`) by `cargo xtask gen`; this module holds the top level, which dispatches on
//! `kind`, and `checks` the hand-written checks the model names.

pub mod checks;
pub mod enums;
mod generated;
mod kind;

pub use generated::*;
pub use kind::UnknownKind;

/// A list whose unreadable items stay `None`, so indices match the input.
pub type List<T> = Vec<Option<T>>;

use crate::json::Json;
use crate::params::Params;
use crate::read::{Ctx, Need, Obj, Text};
use crate::rulebook::RuleId;
use crate::wire_enum::WireEnum;
use enums::{DocType, Kind};

/// A dossier as read.
#[derive(Debug, Clone, Default)]
pub struct Dossier<'v> {
    pub kind: Option<Kind>,
    pub rulebook_edition: Option<&'v str>,
    pub receiving_unit: Option<ReceivingUnit>,
    pub applicant: Option<Applicant<'v>>,
    pub documents: Option<List<Document<'v>>>,
    pub body: Body<'v>,
}

/// The kind-specific body matching `kind`.
#[derive(Debug, Clone, Default)]
pub enum Body<'v> {
    Conference(Conference<'v>),
    Ngo(Ngo<'v>),
    Trip(Trip<'v>),
    /// Absent, unreadable, or `kind` unknown.
    #[default]
    None,
}

impl<'v> Dossier<'v> {
    /// The documents that could be read, with their indices.
    pub fn documents(&self) -> impl Iterator<Item = (usize, &Document<'v>)> {
        self.documents
            .iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, d)| d.as_ref().map(|d| (i, d)))
    }

    /// Whether a readable document of type `t` is attached.
    pub fn has_document(&self, t: DocType) -> bool {
        self.documents().any(|(_, d)| d.document_type == Some(t))
    }

    /// Reads the top-level object.
    pub(crate) fn read<'a>(cx: &mut Ctx<'_>, o: &mut Obj<'v, 'a>) -> Dossier<'v> {
        let kind = o.choice::<Kind>(cx, "kind", Need::Required);
        let rulebook_edition = o.text(cx, "rulebookEdition", Need::Optional, Text::Code);
        let receiving_unit = o.object(cx, "receivingUnit", Need::Required, ReceivingUnit::read);
        let applicant = o.object(cx, "applicant", Need::Required, Applicant::read);
        cx.doc_types = match kind {
            Some(k) => cx.ed.documents_for(k).types,
            None => DocType::ALL,
        };
        let max_docs = cx.ed.limits.documents_max;
        let documents = o.list(cx, "documents", Need::Optional, max_docs, |cx, v| {
            cx.object(v, Document::read)
        });
        let mut body = Body::None;
        for k in Kind::ALL {
            let key = k.body_key();
            if kind == Some(*k) {
                body = read_body(cx, o, *k);
            } else if let Some(v) = o.take(key) {
                match kind {
                    // A body that does not match `kind` is not part of this dossier.
                    Some(_) => cx.at(key, |cx| cx.emit(RuleId::FieldUnknown, Params::new())),
                    // Kind unknown: still report the body's own structural problems.
                    None => {
                        cx.at(key, |cx| read_body_value(cx, v, *k));
                    }
                }
            }
        }
        Dossier {
            kind,
            rulebook_edition,
            receiving_unit,
            applicant,
            documents,
            body,
        }
    }
}

fn read_body<'v>(cx: &mut Ctx<'_>, o: &mut Obj<'v, '_>, kind: Kind) -> Body<'v> {
    o.field(cx, kind.body_key(), Need::Required, |cx, v| {
        Some(read_body_value(cx, v, kind))
    })
    .unwrap_or_default()
}

fn read_body_value<'v>(cx: &mut Ctx<'_>, v: &'v Json<'_>, kind: Kind) -> Body<'v> {
    let body = match kind {
        Kind::ConferencePermit => cx.object(v, Conference::read).map(Body::Conference),
        Kind::NgoLicence => cx.object(v, Ngo::read).map(Body::Ngo),
        Kind::OutboundTrip => cx.object(v, Trip::read).map(Body::Trip),
    };
    body.unwrap_or_default()
}
