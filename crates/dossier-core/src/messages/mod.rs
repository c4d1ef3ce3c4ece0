//! The message catalogue: one Vietnamese (default) and one English message per finding code,
//! rendered from the code and its params. Every message says what to do, not only what is wrong.
//! The `match` in each language is exhaustive, so a new code cannot ship without both.

mod en;
mod labels;
mod vi;

use crate::params::{Param, Params};
use crate::rulebook::{Code, Edition};

crate::wire_enum::wire_enum! {
    /// Message language: Vietnamese (default) or English.
    #[derive(Default)]
    pub enum Lang {
        #[default]
        Vi = "vi",
        En = "en",
    }
}

impl Lang {
    /// `vi` or `en` (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A size in whole MiB as people read it (`N MiB`), rounded; messages give the exact bytes
/// beside it.
pub fn bytes_in_mib(bytes: i64) -> String {
    const MIB: i64 = 1024 * 1024;
    format!("{} MiB", bytes.saturating_add(MIB / 2) / MIB)
}

/// The message for a finding, with the newest edition's values.
pub fn render(code: Code, params: &Params, lang: Lang) -> String {
    render_in(code, params, lang, crate::rulebook::newest())
}

/// The message for a finding of a report under `ed`, whose values (such as the passport
/// validity) the message states.
pub fn render_in(code: Code, params: &Params, lang: Lang, ed: &Edition) -> String {
    let p = P { params, lang, ed };
    match lang {
        Lang::Vi => vi::message(code, &p),
        Lang::En => en::message(code, &p),
    }
}

/// Param access for the message functions, with values shown in the message's language.
pub(crate) struct P<'a> {
    params: &'a Params,
    lang: Lang,
    /// The edition whose values a message states.
    pub ed: &'a Edition,
}

impl P<'_> {
    /// A param as text: numbers as digits, wire tokens by their label, lists joined.
    pub fn get(&self, key: &str) -> String {
        match self.params.get(key) {
            Some(v) => self.show(v),
            None => String::new(),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.params.get(key).is_some()
    }

    /// A byte count param in whole MiB.
    pub fn mib(&self, key: &str) -> String {
        match self.params.get(key) {
            Some(Param::Int(i)) => bytes_in_mib(*i),
            _ => String::new(),
        }
    }

    /// A param shown verbatim (pointers, codes), without label lookup.
    pub fn raw(&self, key: &str) -> String {
        match self.params.get(key) {
            Some(Param::Str(s)) => s.to_string(),
            Some(Param::Int(i)) => i.to_string(),
            Some(v) => self.show(v),
            None => String::new(),
        }
    }

    fn show(&self, v: &Param) -> String {
        match v {
            Param::Int(i) => i.to_string(),
            Param::Str(s) => {
                labels::label(s, self.lang).map_or_else(|| s.to_string(), |l| l.into_owned())
            }
            Param::List(items) => items
                .iter()
                .map(|i| self.show(i))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire_enum::WireEnum;

    fn sample_params() -> Params {
        Params::new()
            .with("line", 3i64)
            .with("column", 7i64)
            .with("expected", "date")
            .with("allowed", vec!["a", "b"])
            .with("format", "email")
            .with("min", 1i64)
            .with("max", 300i64)
            .with("start", "/conference/startDate")
            .with("code", "XX")
            .with("provinceCode", 48i64)
            .with("reason", "length")
            .with("inForce", "2025-07-01")
            .with("edition", "2025-07-01")
            .with("validUntil", "2027-02-28")
            .with("type", "request_letter")
            .with("requiredDays", 30i64)
            .with("actualDays", 12i64)
            .with("maxYears", 3i64)
            .with("requiredYears", 3i64)
            .with("countryCode", "US")
            .with("minExpiry", "2027-09-10")
            .with("actual", 4i64)
    }

    #[test]
    fn every_code_has_a_vietnamese_and_an_english_message() {
        let params = sample_params();
        for code in Code::ALL {
            let vi = render(*code, &params, Lang::Vi);
            let en = render(*code, &params, Lang::En);
            assert!(vi.len() > 20 && en.len() > 20, "{code}: {vi:?} / {en:?}");
            assert_ne!(vi, en, "{code}");
            for m in [&vi, &en] {
                let placeholder = m
                    .as_bytes()
                    .windows(2)
                    .any(|w| w[0] == b'{' && w[1].is_ascii_alphabetic());
                assert!(!placeholder, "{code}: unrendered placeholder in {m}");
            }
            // Full diacritics: every Vietnamese message has at least one Vietnamese letter
            // outside ASCII.
            assert!(
                !vi.is_ascii(),
                "{code}: Vietnamese message without diacritics: {vi}"
            );
        }
    }

    #[test]
    fn params_are_shown_with_labels() {
        let p = Params::new().with("type", "request_letter");
        let vi = render(Code::DocumentMissing, &p, Lang::Vi);
        assert!(vi.contains("Công văn đề nghị"), "{vi}");
        let en = render(Code::DocumentMissing, &p, Lang::En);
        assert!(en.contains("request letter"), "{en}");
        let p = Params::new()
            .with("requiredDays", 30i64)
            .with("actualDays", 12i64);
        let en = render(Code::ConfLeadTime, &p, Lang::En);
        assert!(en.contains("30") && en.contains("12"), "{en}");
    }

    #[test]
    fn lang_parsing() {
        assert_eq!(Lang::parse("VI"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(<Lang as WireEnum>::ALL.len(), 2);
    }
}
