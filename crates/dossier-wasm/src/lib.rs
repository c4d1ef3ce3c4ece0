//! WebAssembly facade over `dossier-core`. Conversion only: JS value → core → report.
//! No rule lives here. Values cross the boundary as JSON text (`JSON.stringify` / `JSON.parse`),
//! so JS receives plain objects produced by the very serializer the native build uses.
#![forbid(unsafe_code)]

use dossier_core::{form, rulebook, Kind, Lang, Options, OptionsInput};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("internal: JSON.parse of an export failed"))
}

#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder, writing straight into linear memory. wasm-bindgen passes a
    /// string by copying it character by character in JS up to its first non-ASCII one: 5.1 µs
    /// for the NGO example (its first accent is at character 2,541), 1.5 µs with `encodeInto`.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &js_sys::JsString, into: &mut [u8]) -> Encoded;

    /// `TextEncoder.encodeInto`'s answer.
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// UTF-8 JSON text of a JS value: a string as is; anything else through `JSON.stringify`. A value
/// it cannot encode (a cycle, a BigInt, `undefined`) becomes empty text, which is not JSON. Lone
/// surrogates become U+FFFD, as in every string wasm-bindgen passes.
fn json_text(value: &JsValue) -> Vec<u8> {
    let text: js_sys::JsString = match value.dyn_ref::<js_sys::JsString>() {
        Some(text) => text.clone(),
        // `JSON.stringify(undefined)` answers `undefined`, not a string.
        None => match js_sys::JSON::stringify(value) {
            Ok(text) if text.is_string() => text,
            _ => return Vec::new(),
        },
    };
    // At most 3 bytes of UTF-8 per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    let mut bytes = vec![0; text.length() as usize * 3];
    let written = ENCODER.with(|encoder| encoder.encode_into(&text, &mut bytes).written());
    bytes.truncate(written as usize);
    bytes
}

fn options(value: &JsValue) -> Result<Options, JsError> {
    let shape = || JsError::new("options must be an object { asOf, lang?, profile? } of strings");
    if !value.is_object() {
        return Err(shape());
    }
    let mut input = OptionsInput::default();
    let object: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        let slot = match key.as_str() {
            "asOf" => &mut input.as_of,
            "lang" => &mut input.lang,
            "profile" => &mut input.profile,
            other => {
                return Err(JsError::new(&format!(
                    "options: unknown field `{other}`; expected asOf, lang, profile"
                )))
            }
        };
        let field = js_sys::Reflect::get(value, &JsValue::from_str(&key)).map_err(|_| shape())?;
        if !field.is_undefined() && !field.is_null() {
            *slot = Some(field.as_string().ok_or_else(shape)?);
        }
    }
    Options::try_from(input).map_err(|e| JsError::new(&e.to_string()))
}

/// Validates a dossier (a JS object or JSON text); returns the report as a plain object (the
/// canonical report text, `JSON.parse`d: faster and smaller than serialising it through serde).
#[wasm_bindgen]
pub fn validate(input: JsValue, options_value: JsValue) -> Result<JsValue, JsError> {
    let report = dossier_core::validate(&json_text(&input), &options(&options_value)?)?;
    js_sys::JSON::parse(&report.to_json())
        .map_err(|_| JsError::new("internal: JSON.parse of the report failed"))
}

/// Validates a dossier; returns the report as JSON text (byte-identical to the native output).
#[wasm_bindgen(js_name = validateJson)]
pub fn validate_json(input: JsValue, options_value: JsValue) -> Result<String, JsError> {
    Ok(dossier_core::validate(&json_text(&input), &options(&options_value)?)?.to_json())
}

/// The form description of a kind (`lang`: "vi" by default, or "en").
#[wasm_bindgen(js_name = describeForm)]
pub fn describe_form(kind: &str, lang: Option<String>) -> Result<JsValue, JsError> {
    let kind = Kind::parse_arg(kind).map_err(|e| JsError::new(&e.to_string()))?;
    let lang = match lang.as_deref() {
        None => Lang::Vi,
        Some(l) => Lang::parse(l)
            .ok_or_else(|| JsError::new(&format!("lang must be \"vi\" or \"en\", got {l:?}")))?,
    };
    to_js(&form::describe(kind, lang, rulebook::newest()))
}

/// The JSON Schema (2020-12) of a kind's wire format.
#[wasm_bindgen(js_name = jsonSchema)]
pub fn json_schema(kind: &str) -> Result<JsValue, JsError> {
    let kind = Kind::parse_arg(kind).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&form::json_schema(kind, rulebook::newest()))
}

/// Every rule with its parameters and citation, and every profile.
#[wasm_bindgen(js_name = rulebook)]
pub fn rulebook_export() -> Result<JsValue, JsError> {
    to_js(&rulebook::export::export())
}

/// The 34 provinces with their 3,321 communes.
#[wasm_bindgen(js_name = adminUnits)]
pub fn admin_units() -> Result<JsValue, JsError> {
    to_js(&dossier_core::admin_units::tree())
}

/// The engine version reported in every report.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    dossier_core::ENGINE_VERSION.to_owned()
}
