//! Exports generated from one field model (`fields`): the JSON Schema (2020-12) of each kind's
//! wire format and the form description the web pages render. Labels, hints and options are
//! single-sourced here.

pub use dossier_model as model;
use dossier_model::{fields, options};

use crate::admin_units;
use crate::countries;
use crate::messages::Lang;
use crate::read::Text;
use crate::rulebook::Edition;
use crate::wire::enums::Kind;
use model::{Cond, Field, Fmt, Group, Max, Page, Req, Ty, L};
use serde_json::{json, Map, Value};

fn body(kind: Kind) -> (&'static Group, L, &'static [Page]) {
    match kind {
        Kind::ConferencePermit => (
            &fields::CONFERENCE,
            L("Hội nghị, hội thảo", "Conference"),
            fields::CONFERENCE_PAGES,
        ),
        Kind::NgoLicence => (
            &fields::NGO,
            L("Tổ chức phi chính phủ nước ngoài", "Foreign NGO"),
            fields::NGO_PAGES,
        ),
        Kind::OutboundTrip => (
            &fields::TRIP,
            L("Chuyến công tác", "Trip"),
            fields::TRIP_PAGES,
        ),
    }
}

/// The label of `wire` in `choice`.
fn label(choice: &model::Choice, wire: &str) -> Option<L> {
    choice.get(wire).map(|o| o.1)
}

/// The label of a document type's wire value (`request_letter` → "Công văn đề nghị cho phép
/// tổ chức"), for people; `None` for an unknown value.
pub fn document_type_label(wire: &str, lang: Lang) -> Option<&'static str> {
    label(&options::DOC_TYPE, wire).map(|l| pick(l, lang))
}

/// The procedure's title ("Xin phép tổ chức hội nghị, hội thảo quốc tế"), for people.
pub fn kind_title(kind: Kind, lang: Lang) -> &'static str {
    options::KIND
        .opts
        .get(kind as usize)
        .map_or(kind.as_str(), |o| pick(o.1, lang))
}

/// The top-level fields of a dossier of `kind` (besides `kind` itself).
pub fn top_level(kind: Kind) -> [Field; 5] {
    let (b, label, _) = body(kind);
    fields::top_level(kind.body_key(), b, label)
}

fn text_max(ed: &Edition, t: Text) -> u32 {
    match t {
        Text::Name => ed.limits.name_max,
        Text::Free => ed.limits.free_text_max,
        Text::FileName => ed.limits.file_name_max,
        Text::Code => ed.limits.code_max,
    }
}

fn list_max(ed: &Edition, m: Max) -> u32 {
    match m {
        Max::List => ed.limits.list_max,
        Max::Documents => ed.limits.documents_max,
    }
}

fn pick(l: L, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => l.0,
        Lang::En => l.1,
    }
}

// ---- JSON Schema ---------------------------------------------------------------------------

struct SchemaGen<'e> {
    ed: &'e Edition,
    kind: Kind,
}

impl SchemaGen<'_> {
    fn ty(&self, ty: &Ty) -> Value {
        match ty {
            Ty::Text(t) => {
                json!({ "type": "string", "pattern": "\\S", "maxLength": text_max(self.ed, *t) })
            }
            Ty::Formatted(t, fmt) => {
                let pattern = match fmt {
                    Fmt::Email => {
                        r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
                    }
                    Fmt::Phone => r"^\+?[0-9 .()\[\]-]{8,}$",
                    Fmt::Sha256 => "^[0-9a-fA-F]{64}$",
                    Fmt::PassportNumber => "^[A-Z0-9]{6,9}$",
                };
                json!({ "type": "string", "pattern": pattern, "maxLength": text_max(self.ed, *t) })
            }
            Ty::Int { min } => json!({ "type": "integer", "minimum": min }),
            Ty::Bool => json!({ "type": "boolean" }),
            Ty::Date => json!({ "$ref": "#/$defs/date" }),
            Ty::Choice(c) => json!({ "enum": c.opts.iter().map(|o| o.0).collect::<Vec<_>>() }),
            Ty::DocType => json!({
                "enum": self.ed.documents_for(self.kind).types.iter().map(|t| t.as_str()).collect::<Vec<_>>()
            }),
            Ty::Country => json!({ "$ref": "#/$defs/countryCode" }),
            Ty::Province => json!({ "$ref": "#/$defs/provinceCode" }),
            Ty::Commune { .. } => json!({ "$ref": "#/$defs/communeCode" }),
            Ty::Group(g) => self.object(g.fields),
            Ty::Repeat { item, max, .. } => json!({
                "type": "array", "items": self.object(item.fields), "maxItems": list_max(self.ed, *max)
            }),
            Ty::Many(item, max) => json!({
                "type": "array", "items": self.ty(item), "maxItems": list_max(self.ed, *max)
            }),
        }
    }

    fn field(&self, f: &Field) -> Value {
        let mut schema = self.ty(&f.ty);
        if let Value::Object(m) = &mut schema {
            m.insert("title".into(), Value::from(f.label.1));
        }
        if matches!(f.req, Req::Yes) {
            if let (Ty::Repeat { .. } | Ty::Many(..), Value::Object(m)) = (&f.ty, &mut schema) {
                m.insert("minItems".into(), Value::from(1));
            }
            schema
        } else {
            // Optional: `null` and a blank string count as absent.
            let mut absent = vec![json!({ "type": "null" })];
            if matches!(f.ty, Ty::Text(_) | Ty::Formatted(..) | Ty::Date) {
                absent.push(json!({ "type": "string", "pattern": "^\\s*$" }));
            }
            let mut any = vec![schema];
            any.extend(absent);
            json!({ "anyOf": any })
        }
    }

    fn object(&self, fields: &[Field]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut conditions = Vec::new();
        for f in fields {
            properties.insert(f.key.into(), self.field(f));
            match f.req {
                Req::Yes => required.push(f.key),
                Req::No => {}
                Req::When(Cond { key, any_of }) => conditions.push(json!({
                    "if": { "properties": { key: { "enum": any_of } }, "required": [key] },
                    "then": {
                        "required": [f.key],
                        "properties": { f.key: { "not": { "type": "null" } } }
                    }
                })),
            }
        }
        let mut schema = json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        });
        if !conditions.is_empty() {
            schema["allOf"] = Value::from(conditions);
        }
        schema
    }
}

/// The JSON Schema (2020-12) of the wire format of `kind`. It expresses the structure (types,
/// required fields, enumerations, lengths, unknown fields) but not the rules; see
/// ARCHITECTURE.md for what it cannot express.
pub fn json_schema(kind: Kind, ed: &Edition) -> Value {
    let gen = SchemaGen { ed, kind };
    let mut root = gen.object(&top_level(kind));
    root["properties"]["kind"] = json!({ "const": kind.as_str() });
    if let Value::Array(req) = &mut root["required"] {
        req.insert(0, Value::from("kind"));
    }
    let mut out = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("https://dossier.gov.vn/schema/{}/{}.json", ed.id, kind.as_str()),
        "title": kind_title(kind, Lang::En),
    });
    if let (Value::Object(out), Value::Object(root)) = (&mut out, root) {
        out.extend(root);
        out.insert(
            "$defs".into(),
            json!({
                "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date" },
                "countryCode": { "enum": countries::codes().collect::<Vec<_>>() },
                "provinceCode": { "enum": admin_units::provinces().iter().map(|p| p.code).collect::<Vec<_>>() },
                "communeCode": { "type": "integer", "minimum": 1 },
            }),
        );
    }
    out
}

// ---- form description ----------------------------------------------------------------------

struct FormGen<'e> {
    ed: &'e Edition,
    kind: Kind,
    lang: Lang,
}

fn options_json(opts: &[model::Opt], lang: Lang) -> Value {
    Value::from(
        opts.iter()
            .map(|o| json!({ "value": o.0, "label": pick(o.1, lang) }))
            .collect::<Vec<_>>(),
    )
}

impl FormGen<'_> {
    /// A hint with the edition's values in place of its `{name}` placeholders.
    fn fill(&self, hint: &str) -> String {
        let mut out = String::with_capacity(hint.len());
        let mut rest = hint;
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            let Some((name, after)) = after.split_once('}') else {
                out.push('{');
                rest = after;
                continue;
            };
            self.value(name, &mut out);
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// The edition's value a hint placeholder names.
    fn value(&self, name: &str, out: &mut String) {
        let ed = self.ed;
        match name {
            "mediaTypes" => {
                let types = ed.documents.media_types;
                for (i, m) in types.iter().enumerate() {
                    if i > 0 {
                        out.push_str(match (i + 1 == types.len(), self.lang) {
                            (false, _) => ", ",
                            (true, Lang::Vi) => " hoặc ",
                            (true, Lang::En) => " or ",
                        });
                    }
                    let subtype = m.split_once('/').map_or(*m, |(_, sub)| sub);
                    out.push_str(&subtype.to_ascii_uppercase());
                }
            }
            "documentMaxSize" => {
                out.push_str(&crate::messages::bytes_in_mib(ed.documents.max_bytes))
            }
            "leadDays" => out.push_str(&ed.conference.lead_days.to_string()),
            "passportValidityMonths" => {
                out.push_str(&ed.trip.passport_validity_months.to_string());
            }
            "leadDaysPrimeMinister" => {
                out.push_str(&ed.conference.lead_days_prime_minister.to_string());
            }
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
    }

    fn province_options(&self) -> Value {
        Value::from(
            admin_units::provinces()
                .iter()
                .map(|p| json!({ "value": p.code, "label": p.name }))
                .collect::<Vec<_>>(),
        )
    }

    fn country_options(&self) -> Value {
        Value::from(
            countries::in_display_order(self.lang)
                .map(|c| json!({ "value": c.code, "label": c.name(self.lang) }))
                .collect::<Vec<_>>(),
        )
    }

    fn yes_no(&self) -> Value {
        let (yes, no) = match self.lang {
            Lang::Vi => ("Có", "Không"),
            Lang::En => ("Yes", "No"),
        };
        json!([{ "value": true, "label": yes }, { "value": false, "label": no }])
    }

    fn condition(&self, parent: &str, c: Cond) -> Value {
        json!({ "pointer": format!("{parent}/{}", c.key), "id": id_of(&format!("{parent}/{}", c.key)), "anyOf": c.any_of })
    }

    fn field(&self, parent: &str, f: &Field) -> Value {
        let pointer = format!("{parent}/{}", f.key);
        let mut d = Map::new();
        d.insert("pointer".into(), Value::from(pointer.clone()));
        d.insert("id".into(), Value::from(id_of(&pointer)));
        d.insert("label".into(), Value::from(pick(f.label, self.lang)));
        if let Some(h) = f.hint {
            d.insert("hint".into(), Value::from(self.fill(pick(h, self.lang))));
        }
        let (required, when) = match f.req {
            Req::Yes => (true, None),
            Req::No => (false, None),
            Req::When(c) => (false, Some(c)),
        };
        d.insert("required".into(), Value::from(required));
        if let Some(c) = when {
            d.insert("requiredWhen".into(), self.condition(parent, c));
        }
        if let Some(c) = f.show() {
            d.insert("showWhen".into(), self.condition(parent, c));
        }
        let (input, extra) = self.input(&pointer, &f.ty);
        d.insert("input".into(), Value::from(input));
        if matches!(f.ty, Ty::Repeat { .. } | Ty::Many(..)) {
            d.insert("minItems".into(), Value::from(u32::from(required)));
        }
        d.extend(extra);
        Value::Object(d)
    }

    fn input(&self, pointer: &str, ty: &Ty) -> (&'static str, Map<String, Value>) {
        let mut x = Map::new();
        let input = match ty {
            Ty::Text(t) => {
                x.insert("maxLength".into(), Value::from(text_max(self.ed, *t)));
                if *t == Text::Free {
                    "textarea"
                } else {
                    "text"
                }
            }
            Ty::Formatted(t, fmt) => {
                x.insert("maxLength".into(), Value::from(text_max(self.ed, *t)));
                match fmt {
                    Fmt::Email => "email",
                    Fmt::Phone => "tel",
                    Fmt::Sha256 | Fmt::PassportNumber => "text",
                }
            }
            Ty::Int { min } => {
                x.insert("min".into(), Value::from(*min));
                "number"
            }
            Ty::Bool => {
                x.insert("options".into(), self.yes_no());
                "radio"
            }
            Ty::Date => "date",
            Ty::Choice(c) => {
                x.insert("options".into(), options_json(c.opts, self.lang));
                if c.opts.len() <= 5 {
                    "radio"
                } else {
                    "select"
                }
            }
            Ty::DocType => {
                let types = self.ed.documents_for(self.kind).types;
                let opts: Vec<model::Opt> = options::DOC_TYPE
                    .opts
                    .iter()
                    .filter(|o| types.iter().any(|t| t.as_str() == o.0))
                    .copied()
                    .collect();
                x.insert("options".into(), options_json(&opts, self.lang));
                "select"
            }
            Ty::Country => {
                x.insert("options".into(), self.country_options());
                "select"
            }
            Ty::Province => {
                x.insert("options".into(), self.province_options());
                "select"
            }
            Ty::Commune { province_key } => {
                let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
                x.insert(
                    "provinceField".into(),
                    Value::from(format!("{parent}/{province_key}")),
                );
                x.insert("optionsSource".into(), Value::from("adminUnits"));
                "commune"
            }
            Ty::Group(g) => {
                x.insert(
                    "fields".into(),
                    Value::from(
                        g.fields
                            .iter()
                            .map(|f| self.field(pointer, f))
                            .collect::<Vec<_>>(),
                    ),
                );
                "group"
            }
            Ty::Repeat {
                item,
                item_label,
                max,
            } => {
                let each = format!("{pointer}/{{i}}");
                x.insert(
                    "itemLabel".into(),
                    Value::from(pick(*item_label, self.lang)),
                );
                x.insert("maxItems".into(), Value::from(list_max(self.ed, *max)));
                x.insert(
                    "fields".into(),
                    Value::from(
                        item.fields
                            .iter()
                            .map(|f| self.field(&each, f))
                            .collect::<Vec<_>>(),
                    ),
                );
                "repeat"
            }
            Ty::Many(item, max) => {
                x.insert("maxItems".into(), Value::from(list_max(self.ed, *max)));
                let options = match item {
                    Ty::Choice(c) => options_json(c.opts, self.lang),
                    Ty::Province => self.province_options(),
                    _ => self.country_options(),
                };
                let many = matches!(item, Ty::Country);
                x.insert("options".into(), options);
                if many {
                    "multiselect"
                } else {
                    "checkboxes"
                }
            }
        };
        (input, x)
    }
}

/// The element id the pages use for a pointer: without the leading `/`, `/` replaced by `.`.
pub fn id_of(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

fn find<'a>(fields: &'a [Field], pointer: &str) -> Option<&'a Field> {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let first = parts.next()?;
    let mut field = fields.iter().find(|f| f.key == first)?;
    for part in parts {
        let Ty::Group(g) = &field.ty else {
            return None;
        };
        field = g.fields.iter().find(|f| f.key == part)?;
    }
    Some(field)
}

/// The form description of `kind` in `lang`: ordered pages, each with its fields (pointer, id,
/// input type, label, hint, required / requiredWhen, showWhen, options, limits, nested fields).
/// Fields inside repeatable groups have `{i}` in their pointer and id.
pub fn describe(kind: Kind, lang: Lang, ed: &Edition) -> Value {
    let top = top_level(kind);
    let (_, _, pages) = body(kind);
    let gen = FormGen { ed, kind, lang };
    let pages: Vec<Value> = pages
        .iter()
        .map(|p| {
            let fields: Vec<Value> = p
                .pointers
                .iter()
                .filter_map(|ptr| {
                    let f = find(&top, ptr)?;
                    let parent = ptr.rsplit_once('/').map_or("", |(parent, _)| parent);
                    Some(gen.field(parent, f))
                })
                .collect();
            json!({ "id": p.id, "title": pick(p.title, lang), "fields": fields })
        })
        .collect();
    json!({
        "kind": kind.as_str(),
        "lang": lang.as_str(),
        "edition": ed.id,
        "title": kind_title(kind, lang),
        "pages": pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::editions;
    use crate::wire_enum::WireEnum;

    #[test]
    fn every_page_pointer_resolves_and_every_body_field_is_on_a_page() {
        for kind in Kind::ALL {
            let top = top_level(*kind);
            let (b, _, pages) = body(*kind);
            let on_pages: Vec<&str> = pages
                .iter()
                .flat_map(|p| p.pointers.iter().copied())
                .collect();
            for ptr in &on_pages {
                assert!(find(&top, ptr).is_some(), "{kind}: {ptr}");
            }
            for f in b.fields {
                let ptr = format!("/{}/{}", kind.body_key(), f.key);
                assert!(
                    on_pages.contains(&ptr.as_str()),
                    "{kind}: {ptr} is on no page"
                );
            }
        }
    }

    #[test]
    fn description_has_ids_labels_and_conditions() {
        let ed = editions()[0];
        let d = describe(Kind::ConferencePermit, Lang::Vi, ed);
        let event = &d["pages"][1];
        assert_eq!(event["id"], "event");
        let start = &event["fields"][3];
        assert_eq!(start["pointer"], "/conference/startDate");
        assert_eq!(start["id"], "conference.startDate");
        assert_eq!(start["input"], "date");
        assert_eq!(start["label"], "Ngày bắt đầu");
        assert_eq!(start["required"], true);
        let venue = &event["fields"][5];
        assert_eq!(venue["showWhen"]["pointer"], "/conference/format");
        assert_eq!(venue["showWhen"]["anyOf"], json!(["in_person", "hybrid"]));
        assert_eq!(
            venue["fields"][1]["provinceField"],
            "/conference/venue/provinceCode"
        );
        let agenda = &d["pages"][4]["fields"][3];
        assert_eq!(agenda["input"], "repeat");
        assert_eq!(agenda["minItems"], 1);
        assert_eq!(agenda["maxItems"], 100);
        assert_eq!(agenda["fields"][0]["id"], "conference.agenda.{i}.date");
        let en = describe(Kind::OutboundTrip, Lang::En, ed);
        assert_eq!(en["pages"][1]["fields"][0]["label"], "Purpose of the trip");
    }

    #[test]
    fn schema_is_strict_about_structure() {
        let s = json_schema(Kind::NgoLicence, editions()[0]);
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["properties"]["kind"]["const"], "ngo_licence");
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(
            s["required"],
            json!(["kind", "receivingUnit", "applicant", "ngo"])
        );
        assert!(s["properties"].get("conference").is_none());
        assert_eq!(
            s["$defs"]["provinceCode"]["enum"].as_array().unwrap().len(),
            34
        );
    }
}
