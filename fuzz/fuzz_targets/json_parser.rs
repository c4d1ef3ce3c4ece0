//! The core's JSON parser on any bytes: never panics; what it accepts, serde_json accepts too
//! (ours is stricter: duplicate keys and depth over 64 are refused), with the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if dossier_core::json::parse_bytes(data).is_ok() {
        let text = std::str::from_utf8(data).expect("accepted input is UTF-8");
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_ok(),
            "accepted by the core, refused by serde_json: {text:?}"
        );
    }
});
