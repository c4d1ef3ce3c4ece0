//! Country names: ISO 3166-1 codes with their English names and Vietnamese translations from
//! Debian's iso-codes, corrected by the official names of the Ministry of Foreign Affairs where
//! Debian's differ, compiled into the core with their display order in each language.
//!
//! Two steps, so that CI does not depend on the machine's packages:
//! - `cargo xtask import-iso-codes` reads Debian's files (`/usr/share/iso-codes/json/
//!   iso_3166-1.json` and the Vietnamese `iso_3166-1.mo`) into the committed
//!   `data/countries/iso-codes.json`;
//! - `cargo xtask gen` turns that file and `data/countries/vi-official.json` (the corrections,
//!   each with its reason) into `crates/dossier-core/src/countries/table.rs`.

use crate::Result;
use serde_json::{json, Value};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

pub const IMPORTED: &str = "data/countries/iso-codes.json";
pub const OFFICIAL: &str = "data/countries/vi-official.json";
pub const TARGET: &str = "crates/dossier-core/src/countries/table.rs";
const DEBIAN_JSON: &str = "/usr/share/iso-codes/json/iso_3166-1.json";
const DEBIAN_MO: &str = "/usr/share/locale/vi/LC_MESSAGES/iso_3166-1.mo";

/// `cargo xtask import-iso-codes`: Debian's files → `data/countries/iso-codes.json`.
pub fn import(root: &Path) -> Result {
    let text = std::fs::read_to_string(DEBIAN_JSON).map_err(|e| {
        format!(
            "{DEBIAN_JSON}: {e} (install Debian's iso-codes package: apt-get install iso-codes)"
        )
    })?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{DEBIAN_JSON}: {e}"))?;
    let mo = std::fs::read(DEBIAN_MO).map_err(|e| format!("{DEBIAN_MO}: {e}"))?;
    let vi = parse_mo(&mo).map_err(|e| format!("{DEBIAN_MO}: {e}"))?;
    let version = std::process::Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", "iso-codes"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    let mut rows = Vec::new();
    for c in doc["3166-1"].as_array().ok_or("no 3166-1 list")? {
        let code = c["alpha_2"].as_str().ok_or("alpha_2")?;
        let name = c["name"].as_str().ok_or("name")?;
        rows.push(json!({ "code": code, "en": name, "vi": vi.get(name) }));
    }
    rows.sort_by(|a, b| a["code"].as_str().cmp(&b["code"].as_str()));
    let out = json!({
        "source": format!("Debian iso-codes {version}: {DEBIAN_JSON} (name) and {DEBIAN_MO} (its Vietnamese translation; null where there is none)"),
        "countries": rows,
    });
    let path = root.join(IMPORTED);
    let text = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "import-iso-codes: wrote {} ({} countries)",
        path.display(),
        rows.len()
    );
    Ok(())
}

/// A GNU gettext `.mo` file: msgid → msgstr (both byte orders; contexts and plurals skipped).
fn parse_mo(bytes: &[u8]) -> Result<BTreeMap<String, String>> {
    let word = |at: usize, le: bool| -> Result<usize> {
        let b: [u8; 4] = bytes
            .get(at..at + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or("truncated")?;
        let v = if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        };
        usize::try_from(v).map_err(|e| e.to_string())
    };
    let le = match bytes.get(..4) {
        Some([0xde, 0x12, 0x04, 0x95]) => true,
        Some([0x95, 0x04, 0x12, 0xde]) => false,
        _ => return Err("not a .mo file".into()),
    };
    let count = word(8, le)?;
    let (originals, translations) = (word(12, le)?, word(16, le)?);
    let string = |table: usize, i: usize| -> Result<String> {
        let len = word(table + 8 * i, le)?;
        let at = word(table + 8 * i + 4, le)?;
        let raw = bytes.get(at..at + len).ok_or("string out of range")?;
        String::from_utf8(raw.to_vec()).map_err(|e| e.to_string())
    };
    let mut map = BTreeMap::new();
    for i in 0..count {
        let id = string(originals, i)?;
        if id.is_empty() || id.contains('\u{4}') || id.contains('\0') {
            continue; // the header, a context, a plural
        }
        let text = string(translations, i)?;
        if !text.is_empty() {
            map.insert(id, text);
        }
    }
    Ok(map)
}

/// The generated table from the committed inputs.
pub fn table(root: &Path) -> Result<String> {
    let read = |rel: &str| -> Result<Value> {
        let path = root.join(rel);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let imported = read(IMPORTED)?;
    let official = read(OFFICIAL)?;
    let mut corrections = BTreeMap::new();
    for c in official["names"]
        .as_array()
        .ok_or("vi-official.json: no names list")?
    {
        let code = c["code"].as_str().ok_or("vi-official.json: code")?;
        let vi = c["vi"].as_str().ok_or("vi-official.json: vi")?;
        if c["reason"].as_str().is_none_or(str::is_empty) {
            return Err(format!("vi-official.json: {code} has no reason"));
        }
        if corrections.insert(code.to_owned(), vi.to_owned()).is_some() {
            return Err(format!("vi-official.json: {code} twice"));
        }
    }
    let mut rows = Vec::new();
    for c in imported["countries"]
        .as_array()
        .ok_or("iso-codes.json: no countries")?
    {
        let code = c["code"].as_str().ok_or("code")?.to_owned();
        let en = c["en"].as_str().ok_or("en")?.to_owned();
        let vi = match corrections.remove(&code) {
            Some(v) => v,
            None => c["vi"].as_str().map(str::to_owned).ok_or_else(|| {
                format!("{code} ({en}) has no Vietnamese name: add it to {OFFICIAL}")
            })?,
        };
        rows.push((code, en, vi));
    }
    if let Some(code) = corrections.keys().next() {
        return Err(format!("{OFFICIAL}: {code} is not an ISO 3166-1 code"));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let order = |key: &dyn Fn(&(String, String, String)) -> &str,
                 cmp: fn(&str, &str) -> Ordering| {
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        idx.sort_by(|&a, &b| cmp(key(&rows[a]), key(&rows[b])));
        idx.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let by_vi = order(&|r| &r.2, vietnamese);
    let by_en = order(&|r| &r.1, |a, b| {
        english_key(a).cmp(&english_key(b)).then(a.cmp(b))
    });
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by `cargo xtask gen` from {IMPORTED} and {OFFICIAL}. Do not edit.\n\
         // ISO 3166-1 alpha-2 codes sorted by code (binary search), with their English and\n\
         // Vietnamese names (one column each), and the display order of each language\n\
         // (Vietnamese collation).\n"
    );
    // One string per column and the names' byte lengths, not a (code, en, vi) tuple per
    // country: the tuples were 6 KB of pointers and lengths in the WebAssembly data, which
    // compresses poorly (measured: −2.4 KB gzip for the package).
    let codes: String = rows.iter().map(|r| r.0.as_str()).collect();
    if rows.iter().any(|r| r.0.len() != 2) {
        return Err("a country code is not two letters".into());
    }
    let _ = writeln!(
        out,
        "/// The codes, two letters each, sorted.\npub(super) static CODES: &str = {codes:?};\n"
    );
    for (name, column, what) in [
        (
            "EN",
            rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
            "English",
        ),
        (
            "VI",
            rows.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
            "Vietnamese",
        ),
    ] {
        let joined: String = column.concat();
        u16::try_from(joined.len()).map_err(|_| format!("{what} names exceed 64 KiB"))?;
        let lens = column
            .iter()
            .map(|n| u8::try_from(n.len()).map(|l| l.to_string()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|_| format!("an {what} name is longer than 255 bytes"))?;
        let _ = writeln!(
            out,
            "/// The {what} names, in code order, one after another.\npub(super) static {name}: &str = {joined:?};\n"
        );
        let _ = writeln!(
            out,
            "/// The byte length of each {what} name in `{name}`.\npub(super) static {name}_LEN: [u8; {}] = [{}];\n",
            rows.len(),
            lens.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "pub(super) static ORDER_VI: [u8; {}] = [{by_vi}];\n",
        rows.len()
    );
    let _ = writeln!(
        out,
        "pub(super) static ORDER_EN: [u8; {}] = [{by_en}];",
        rows.len()
    );
    Ok(out)
}

fn english_key(s: &str) -> String {
    s.nfd()
        .filter(char::is_ascii)
        .collect::<String>()
        .to_lowercase()
}

/// The Vietnamese alphabet order (a ă â b c d đ e ê … ơ p q r s t u ư v x y), the letters
/// foreign names add (f j w z) in their Latin places, spaces and punctuation first.
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// One character: (letter rank, tone, upper case); tone 0 none, 1 huyền, 2 hỏi, 3 ngã, 4 sắc,
/// 5 nặng (the dictionary order).
fn weights(c: char) -> (usize, u8, bool) {
    let mut base = String::new();
    let mut tone = 0;
    for d in c.to_lowercase().collect::<String>().nfd() {
        match d {
            '\u{300}' => tone = 1,
            '\u{309}' => tone = 2,
            '\u{303}' => tone = 3,
            '\u{301}' => tone = 4,
            '\u{323}' => tone = 5,
            other => base.push(other),
        }
    }
    let letter: String = base.nfc().collect();
    let rank = ALPHABET
        .chars()
        .position(|a| letter == a.to_string())
        .map_or_else(
            || {
                if c.is_alphanumeric() {
                    100 + c as usize
                } else {
                    0
                }
            },
            |p| p + 1,
        );
    (rank, tone, c.is_uppercase())
}

/// Vietnamese collation: letters first, then tones, then case; then the code points.
pub fn vietnamese(a: &str, b: &str) -> Ordering {
    let wa: Vec<_> = a.chars().map(weights).collect();
    let wb: Vec<_> = b.chars().map(weights).collect();
    let letters = |w: &[(usize, u8, bool)]| w.iter().map(|x| x.0).collect::<Vec<_>>();
    let tones = |w: &[(usize, u8, bool)]| w.iter().map(|x| x.1).collect::<Vec<_>>();
    let cases = |w: &[(usize, u8, bool)]| w.iter().map(|x| x.2).collect::<Vec<_>>();
    letters(&wa)
        .cmp(&letters(&wb))
        .then_with(|| tones(&wa).cmp(&tones(&wb)))
        .then_with(|| cases(&wa).cmp(&cases(&wb)))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::vietnamese;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| (*s).to_owned()).collect();
        v.sort_by(|a, b| vietnamese(a, b));
        v
    }

    #[test]
    fn the_vietnamese_alphabet_orders_letters_then_tones() {
        // ă and â are letters after a; đ after d; ơ after ô after o; ư after u.
        assert_eq!(
            sorted(&["Ấn Độ", "Anh", "Ăng-gô-la", "Ai Cập"]),
            ["Ai Cập", "Anh", "Ăng-gô-la", "Ấn Độ"]
        );
        assert_eq!(
            sorted(&["Đức", "Đan Mạch", "Dominica"]),
            ["Dominica", "Đan Mạch", "Đức"]
        );
        assert_eq!(sorted(&["Ôman", "Ơ", "Oa"]), ["Oa", "Ôman", "Ơ"]);
        // Tones only decide between the same letters: ma, mà, mả, mã, má, mạ.
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        assert_eq!(
            sorted(&["Nhật Bản", "Nam Phi", "Na Uy"]),
            ["Na Uy", "Nam Phi", "Nhật Bản"]
        );
    }
}
