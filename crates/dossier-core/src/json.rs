//! A small, strict JSON parser that builds a borrowed tree for the lenient reader.
//!
//! Why not `serde_json::Value`: the reader needs the byte position of a syntax error as
//! line/column, a hard nesting limit, rejection of duplicate keys (JSON parsers disagree on
//! which duplicate wins, so the same text could mean two dossiers on two targets), and speed:
//! strings without escapes are borrowed, objects are small vectors in input order.

use std::borrow::Cow;

/// Deepest nesting accepted. The wire format is at most six levels deep.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// The number's text, already checked against the JSON grammar.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Where and why the text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    pub reason: &'static str,
}

/// The digits of 2^1024 − 2^970, the smallest magnitude that rounds to infinity in binary64
/// (`f64::MAX` plus half an ulp): 309 digits, so its decimal exponent is 308.
const OVERFLOW: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a number token (already known to be valid JSON) rounds to infinity as a binary64,
/// decided on its digits (no float parsing, which would add its tables to the WASM build).
fn overflows_binary64(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exp) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], &unsigned[i + 1..]),
        None => (unsigned, "0"),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Significant digits, and the decimal exponent of the first of them.
    let digits: String = int.chars().chain(frac.chars()).collect();
    let Some(first) = digits.find(|c: char| c != '0') else {
        return false; // zero
    };
    let digits = digits[first..].trim_end_matches('0');
    let negative = exp.starts_with('-');
    let exp_digits = exp.trim_start_matches(['+', '-']).trim_start_matches('0');
    if exp_digits.len() > 9 {
        return !negative;
    }
    let e: i64 = exp_digits.parse().unwrap_or(0);
    let e = if negative { -e } else { e };
    let len = |s: &str| i64::try_from(s.len()).unwrap_or(i64::MAX);
    let magnitude = len(int) - 1 - len(&int[..first.min(int.len())]) + e
        - if first > int.len() {
            len(&frac[..first - int.len()])
        } else {
            0
        };
    match magnitude.cmp(&308) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => digits >= OVERFLOW.trim_end_matches('0'),
    }
}

/// Parses UTF-8 bytes; invalid UTF-8 is a syntax error at the first bad byte.
pub fn parse_bytes(input: &[u8]) -> Result<Json<'_>, SyntaxError> {
    match std::str::from_utf8(input) {
        Ok(s) => parse(s),
        Err(e) => {
            let valid = &input[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let text = std::str::from_utf8(valid).unwrap_or("");
            Err(position(text, text.len(), "invalid UTF-8"))
        }
    }
}

/// Parses one JSON value (a leading UTF-8 byte-order mark is ignored).
pub fn parse(input: &str) -> Result<Json<'_>, SyntaxError> {
    let start = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        s: input,
        b: input.as_bytes(),
        i: start,
        depth: 0,
        items: Vec::new(),
        pairs: Vec::new(),
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
    /// Scratch stacks: children are collected here and moved into an exactly sized `Vec` when
    /// their array or object closes (one allocation per container, no regrowth).
    items: Vec<Json<'a>>,
    pairs: Vec<(Cow<'a, str>, Json<'a>)>,
}

/// Index of the first byte that is `"`, `\\` or a control character, eight bytes at a time.
fn string_run(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let special = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        if special & HIGH != 0 {
            break;
        }
        i += 8;
    }
    i + b[i..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .unwrap_or(b.len() - i)
}

fn position(text: &str, byte: usize, reason: &'static str) -> SyntaxError {
    let byte = byte.min(text.len());
    let before = text.get(..byte).unwrap_or(text);
    let line = before.bytes().filter(|&c| c == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = before[line_start..].chars().count() + 1;
    SyntaxError {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        reason,
    }
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> SyntaxError {
        // Positions are always at a char boundary or the end: we only stop on ASCII bytes
        // or at the start of a multi-byte char.
        let mut at = self.i.min(self.b.len());
        while !self.s.is_char_boundary(at) {
            at -= 1;
        }
        position(self.s, at, reason)
    }

    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self) -> Result<Json<'a>, SyntaxError> {
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &'static str, v: Json<'a>) -> Result<Json<'a>, SyntaxError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Json<'a>, SyntaxError> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        let text = &self.s[start..self.i];
        // I-JSON (RFC 7493): a number a binary64 cannot hold is refused, as serde_json and
        // JavaScript (Infinity) would disagree on it. Short plain integers cannot overflow.
        if (text.len() > 15 || text.contains(['e', 'E'])) && overflows_binary64(text) {
            self.i = start;
            return Err(self.err("number out of range"));
        }
        Ok(Json::Number(text))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let c = self.b.get(self.i).copied().unwrap_or(0);
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.i += 1; // opening quote
        let start = self.i;
        // Fast path: scan to the first quote, backslash or control character.
        self.i += string_run(&self.b[self.i..]);
        match self.b.get(self.i) {
            None => return Err(self.err("unterminated string")),
            Some(b'"') => {
                let s = &self.s[start..self.i];
                self.i += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.err("control character in string")),
        }
        let mut out = String::with_capacity(self.i - start + 16);
        out.push_str(&self.s[start..self.i]);
        loop {
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.b.get(self.i).copied();
                    self.i += 1;
                    match c {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.b.get(self.i) != Some(&b'\\')
                                    || self.b.get(self.i + 1) != Some(&b'u')
                                {
                                    return Err(self.err("unpaired surrogate in \\u escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(ch) => out.push(ch),
                                None => return Err(self.err("unpaired surrogate in \\u escape")),
                            }
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    }
                }
                Some(&c) if c < 0x20 => return Err(self.err("control character in string")),
                Some(_) => {
                    let run = self.i;
                    while self
                        .b
                        .get(self.i)
                        .is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20)
                    {
                        self.i += 1;
                    }
                    out.push_str(&self.s[run..self.i]);
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting deeper than 64 levels"));
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    fn array(&mut self) -> Result<Json<'a>, SyntaxError> {
        self.enter()?;
        let mark = self.items.len();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Json::Array(Vec::new()));
        }
        loop {
            let v = self.value()?;
            self.items.push(v);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(Json::Array(self.items.drain(mark..).collect()));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self) -> Result<Json<'a>, SyntaxError> {
        self.enter()?;
        let mark = self.pairs.len();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Json::Object(Vec::new()));
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a quoted key"));
            }
            let key_at = self.i;
            let key = self.string()?;
            let siblings = &self.pairs[mark..];
            if siblings.len() < 32 && siblings.iter().any(|(k, _)| *k == key) {
                self.i = key_at;
                return Err(self.err("duplicate key"));
            }
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let v = self.value()?;
            self.pairs.push((key, v));
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    let pairs: Vec<(Cow<'a, str>, Json<'a>)> = self.pairs.drain(mark..).collect();
                    if pairs.len() > 32 {
                        // Large objects: one sort instead of quadratic scans.
                        let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_ref()).collect();
                        keys.sort_unstable();
                        if keys.windows(2).any(|w| w[0] == w[1]) {
                            return Err(self.err("duplicate key in this object"));
                        }
                    }
                    return Ok(Json::Object(pairs));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }
}

#[cfg(test)]
impl Json<'_> {
    fn to_string_for_test(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => (*n).to_owned(),
            Json::String(s) => format!("{s:?}"),
            Json::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Json::to_string_for_test)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Json::Object(pairs) => format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("{k:?}:{}", v.to_string_for_test()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn overflow_is_decided_at_the_exact_rounding_boundary() {
        // As a correctly rounding parser (serde_json, JavaScript) sees it.
        let just_below = format!("0.{}1e309", &OVERFLOW[..OVERFLOW.len() - 1]);
        let at = format!("0.{OVERFLOW}e309");
        for (text, overflows) in [
            ("1.7976931348623158e308", false),
            (just_below.as_str(), false),
            (at.as_str(), true),
            (OVERFLOW, true),
            ("17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985557136695962284291481986083493647529271907416844436551070434271155969950809304288017790417449779e1", false),
            ("0.0000000000001e321", false),
            ("0.0000000000001e322", true),
            ("1e99999999999999999999", true),
            ("1e-99999999999999999999", false),
            ("0e99999", false),
            ("-1e309", true),
        ] {
            assert_eq!(overflows_binary64(text), overflows, "{text}");
            // serde_json, which rounds correctly, agrees.
            let serde_refuses = serde_json::from_str::<serde_json::Value>(text).is_err();
            assert_eq!(serde_refuses, overflows, "serde_json on {text}");
        }
    }

    #[test]
    fn numbers_out_of_the_binary64_range_are_refused() {
        for bad in ["1e400", "-1e309", &"9".repeat(400)] {
            let e = parse(bad).err().unwrap_or_else(|| panic!("{bad} accepted"));
            assert_eq!((e.line, e.column, e.reason), (1, 1, "number out of range"));
        }
        for good in [
            "1e308",
            "-1.7976931348623157e308",
            "1e-400",
            "123456789012345678901",
        ] {
            assert!(parse(good).is_ok(), "{good}");
        }
    }

    use super::*;

    #[test]
    fn parses_values_and_borrows_plain_strings() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\n", "c": "plain"} "#)
            .unwrap();
        let Json::Object(pairs) = v else {
            panic!("object expected")
        };
        assert_eq!(pairs[0].0, "a");
        assert_eq!(
            pairs[0].1,
            Json::Array(vec![
                Json::Number("1"),
                Json::Number("-2.5e3"),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ])
        );
        assert_eq!(pairs[1].1, Json::String(Cow::Owned("xé\n".into())));
        assert!(matches!(pairs[2].1, Json::String(Cow::Borrowed("plain"))));
    }

    #[test]
    fn surrogate_pairs_decode_and_lone_ones_fail() {
        assert_eq!(
            parse(r#""\ud83d\ude00""#).unwrap(),
            Json::String("😀".into())
        );
        assert!(parse(r#""\ud83d""#).is_err());
        assert!(parse(r#""\ude00""#).is_err());
    }

    #[test]
    fn errors_carry_line_and_character_column() {
        let e = parse("{\n  \"tên\": 1,\n  \"b\": }").unwrap_err();
        assert_eq!((e.line, e.column), (3, 8));
        let e = parse("{\"ả\": 1 x").unwrap_err();
        assert_eq!((e.line, e.column), (1, 9));
        let e = parse("").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        let e = parse_bytes(b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!((e.line, e.column, e.reason), (1, 8, "invalid UTF-8"));
    }

    #[test]
    fn rejects_what_json_does_not_allow() {
        for bad in [
            "{a:1}",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "tru",
            "nul",
            "\"\t\"",
            "\"\\x\"",
            "[1] [2]",
            "NaN",
            "{\"a\" 1}",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn rejects_duplicate_keys_small_and_large_objects() {
        let e = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap_err();
        assert_eq!((e.reason, e.column), ("duplicate key", 14));
        let mut big = String::from("{");
        for i in 0..40 {
            big.push_str(&format!("\"k{i}\":0,"));
        }
        big.push_str("\"k3\":1}");
        assert_eq!(
            parse(&big).unwrap_err().reason,
            "duplicate key in this object"
        );
    }

    #[test]
    fn nesting_is_limited_without_recursion_blowup() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep).unwrap_err().reason,
            "nesting deeper than 64 levels"
        );
    }

    #[test]
    fn string_scan_finds_the_first_special_byte_at_every_offset() {
        for len in 0..40 {
            for (special, at) in [(b'"', 0usize), (b'\\', 3), (0x1f, 7), (0x00, 8), (b'"', 17)] {
                if at >= len {
                    continue;
                }
                let mut bytes = vec![b'a'; len];
                bytes[at] = special;
                assert_eq!(
                    string_run(&bytes),
                    at,
                    "len {len} special {special} at {at}"
                );
            }
            assert_eq!(string_run(&vec![0xC3; len]), len);
            assert_eq!(string_run(&vec![b' '; len]), len);
        }
        assert_eq!(parse("\"ả😀\\n\"").unwrap(), Json::String("ả😀\n".into()));
    }

    #[test]
    fn nested_containers_keep_their_own_children() {
        let v = parse(r#"{"a":[1,[2,3],{"b":[4]}],"c":{"d":5,"e":[]},"f":6}"#).unwrap();
        assert_eq!(
            v.to_string_for_test(),
            r#"{"a":[1,[2,3],{"b":[4]}],"c":{"d":5,"e":[]},"f":6}"#
        );
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        assert_eq!(parse("\u{feff}{}").unwrap(), Json::Object(vec![]));
    }
}
