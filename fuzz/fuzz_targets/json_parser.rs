//! The core's JSON parser on any bytes: never panics; what it accepts, serde_json accepts too
//! (ours is stricter: duplicate keys and depth over 64 are refused), with the same value.
#![no_main]

use dossier_core::json::Json;
use libfuzzer_sys::fuzz_target;

/// serde_json reserves this key for its `RawValue` (feature `raw_value`, which a dependency
/// enables in this build): an object with it is JSON that serde_json refuses as a `Value`.
const SERDE_RAW_VALUE_KEY: &str = "$serde_json::private::RawValue";

fn has_key(v: &Json<'_>, key: &str) -> bool {
    match v {
        Json::Array(items) => items.iter().any(|i| has_key(i, key)),
        Json::Object(members) => members
            .iter()
            .any(|m| m.key == key || has_key(&m.value, key)),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let arena = dossier_core::json::Arena::for_text(data.len());
    if let Ok(tree) = dossier_core::json::parse_bytes(data, &arena) {
        let text = std::str::from_utf8(data).expect("accepted input is UTF-8");
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let theirs = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => v,
            Err(_) if has_key(&tree, SERDE_RAW_VALUE_KEY) => return,
            Err(e) => panic!("accepted by the core, refused by serde_json ({e}): {text:?}"),
        };
        assert_eq!(
            dossier_core::intake::canonical(&tree),
            theirs.to_string(),
            "a different value: {text:?}"
        );
    }
});
