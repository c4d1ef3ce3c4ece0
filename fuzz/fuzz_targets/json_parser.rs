//! The core's JSON parser on any bytes: never panics; what it accepts, serde_json accepts too
//! (ours is stricter: duplicate keys and depth over 64 are refused), with the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let arena = dossier_core::json::Arena::for_text(data.len());
    if let Ok(tree) = dossier_core::json::parse_bytes(data, &arena) {
        let text = std::str::from_utf8(data).expect("accepted input is UTF-8");
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text)
            .unwrap_or_else(|e| panic!("accepted by the core, refused by serde_json ({e}): {text:?}"));
        assert_eq!(
            dossier_core::intake::canonical(&tree),
            theirs.to_string(),
            "a different value: {text:?}"
        );
    }
});
