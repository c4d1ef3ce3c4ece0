//! A small, strict JSON parser that builds a borrowed tree for the lenient reader.
//!
//! Why not `serde_json::Value`: the reader needs the byte position of a syntax error as
//! line/column, a hard nesting limit, rejection of duplicate keys (JSON parsers disagree on
//! which duplicate wins, so the same text could mean two dossiers on two targets), and speed.
//!
//! The tree lives in an [`Arena`] (bumpalo): a container is one slice copied there when it
//! closes, a string with escapes is decoded there, and strings without escapes are borrowed
//! from the input. Nothing in the tree owns memory, so the tree is `Copy` and is freed at once
//! with its arena, with no walk over its nodes.

/// Deepest nesting accepted. The wire format is at most six levels deep.
pub const MAX_DEPTH: usize = 64;

/// Where a parsed tree lives; drop it to free the tree.
pub struct Arena(bumpalo::Bump);

impl Arena {
    /// An arena sized for a text of `len` bytes: one allocation for a typical dossier (its tree
    /// takes about twice the text), at most 64 KiB up front for a large one.
    pub fn for_text(len: usize) -> Arena {
        Arena(bumpalo::Bump::with_capacity(
            len.saturating_mul(2).clamp(256, 64 * 1024),
        ))
    }
}

/// The most an arena may hold to be kept for the thread's next parse.
const KEEP_BYTES: usize = 64 * 1024;

thread_local! {
    /// The arena of this thread's last parse, emptied, when it was small enough to keep.
    static SPARE: std::cell::Cell<Option<bumpalo::Bump>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with an empty arena for a text of `len` bytes: the thread's spare one when it has
/// one (a parse then allocates nothing), a new one otherwise. Afterwards the arena is emptied
/// and kept for the next call if it holds at most 64 KiB (a large text's tree is freed).
pub fn with_arena<T>(len: usize, f: impl FnOnce(&Arena) -> T) -> T {
    let arena = SPARE
        .with(std::cell::Cell::take)
        .map_or_else(|| Arena::for_text(len), Arena);
    let out = f(&arena);
    let mut bump = arena.0;
    if bump.allocated_bytes() <= KEEP_BYTES {
        bump.reset();
        SPARE.with(|spare| spare.set(Some(bump)));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// The number's text, already checked against the JSON grammar.
    Number(&'a str),
    String(&'a str),
    Array(&'a [Json<'a>]),
    Object(&'a [Member<'a>]),
}

/// One key and its value, in input order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Member<'a> {
    pub key: &'a str,
    pub value: Json<'a>,
    /// [`key_tag`] of the key: compared before the key itself.
    tag: u64,
}

impl<'a> Member<'a> {
    /// Whether this member's key is `key`, whose [`key_tag`] is `tag`.
    #[inline]
    pub fn is(&self, key: &str, tag: u64) -> bool {
        // The tag holds every byte of a key of up to eight bytes.
        self.tag == tag && self.key.len() == key.len() && (key.len() <= 8 || self.key == key)
    }
}

/// A summary of a key: its first and last four bytes (all its bytes when it is shorter than
/// four). Keys of the same length with different tags differ; keys of up to eight bytes with
/// the same length and tag are equal; longer ones are compared in full.
#[inline]
pub fn key_tag(key: &str) -> u64 {
    let b = key.as_bytes();
    let n = b.len();
    let word = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    if n >= 4 {
        word(0) | word(n - 4) << 32
    } else {
        b.iter().fold(0u64, |acc, &c| acc << 8 | u64::from(c))
    }
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
pub fn parse_bytes<'a>(input: &'a [u8], arena: &'a Arena) -> Result<Json<'a>, SyntaxError> {
    match std::str::from_utf8(input) {
        Ok(s) => parse(s, arena),
        Err(e) => {
            let valid = &input[..e.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let text = std::str::from_utf8(valid).unwrap_or("");
            Err(position(text, text.len(), "invalid UTF-8"))
        }
    }
}

/// Parses one JSON value (a leading UTF-8 byte-order mark is ignored) into `arena`.
pub fn parse<'a>(input: &'a str, arena: &'a Arena) -> Result<Json<'a>, SyntaxError> {
    let start = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        s: input,
        b: input.as_bytes(),
        i: start,
        depth: 0,
        arena: &arena.0,
        items: Vec::new(),
        members: Vec::new(),
        decoded: String::new(),
        failure: "",
    };
    let parsed = (|| {
        p.ws();
        let v = p.value()?;
        p.ws();
        if p.i != p.b.len() {
            return Err(p.fail("unexpected text after the JSON value"));
        }
        Ok(v)
    })();
    parsed.map_err(|Fail| p.err(p.failure))
}

/// A syntax error was found; the parser holds its position and reason.
struct Fail;

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
    arena: &'a bumpalo::Bump,
    /// Scratch stacks: children are collected here and copied into the arena as one slice when
    /// their array or object closes.
    items: Vec<Json<'a>>,
    members: Vec<Member<'a>>,
    /// Scratch for a string with escapes, before it is copied into the arena.
    decoded: String,
    failure: &'static str,
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

    /// Records why parsing stops at the current position.
    #[cold]
    fn fail(&mut self, reason: &'static str) -> Fail {
        self.failure = reason;
        Fail
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    /// The top-level value.
    fn value(&mut self) -> Result<Json<'a>, Fail> {
        let mut out = Json::Null;
        self.value_then(|_, v| out = v)?;
        Ok(out)
    }

    /// Parses a value and hands it to `put`, which is inlined into each arm: a scalar goes
    /// from registers straight into its scratch stack. Built at one join point and copied from
    /// there, each value cost a store-forwarding stall (a quarter of the parser's time).
    #[inline(always)]
    fn value_then(&mut self, put: impl FnOnce(&mut Self, Json<'a>)) -> Result<(), Fail> {
        match self.b.get(self.i) {
            Some(b'"') => {
                let s = self.string()?;
                put(self, Json::String(s));
            }
            Some(b'{') => {
                let v = self.object()?;
                put(self, v);
            }
            Some(b'[') => {
                let v = self.array()?;
                put(self, v);
            }
            Some(b't') => {
                self.literal("true")?;
                put(self, Json::Bool(true));
            }
            Some(b'f') => {
                self.literal("false")?;
                put(self, Json::Bool(false));
            }
            Some(b'n') => {
                self.literal("null")?;
                put(self, Json::Null);
            }
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number()?;
                put(self, Json::Number(n));
            }
            None => return Err(self.fail("unexpected end of input")),
            Some(_) => return Err(self.fail("expected a JSON value")),
        }
        Ok(())
    }

    fn literal(&mut self, word: &'static str) -> Result<(), Fail> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<&'a str, Fail> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        let text = &self.s[start..self.i];
        // I-JSON (RFC 7493): a number a binary64 cannot hold is refused, as serde_json and
        // JavaScript (Infinity) would disagree on it. Short plain integers cannot overflow.
        if (text.len() > 15 || text.contains(['e', 'E'])) && overflows_binary64(text) {
            self.i = start;
            return Err(self.fail("number out of range"));
        }
        Ok(text)
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let mut v = 0u32;
        for _ in 0..4 {
            let c = self.b.get(self.i).copied().unwrap_or(0);
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.fail("invalid \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    #[inline]
    fn string(&mut self) -> Result<&'a str, Fail> {
        self.i += 1; // opening quote
        let start = self.i;
        // Fast path: scan to the first quote, backslash or control character.
        self.i += string_run(&self.b[self.i..]);
        match self.b.get(self.i) {
            Some(b'"') => {
                let s = &self.s[start..self.i];
                self.i += 1;
                Ok(s)
            }
            _ => self.escaped_string(start),
        }
    }

    /// The rest of a string from its first backslash or control character: decoded into the
    /// arena.
    #[inline(never)]
    fn escaped_string(&mut self, start: usize) -> Result<&'a str, Fail> {
        match self.b.get(self.i) {
            None => return Err(self.fail("unterminated string")),
            Some(b'\\') => {}
            Some(_) => return Err(self.fail("control character in string")),
        }
        let mut out = std::mem::take(&mut self.decoded);
        out.clear();
        out.push_str(&self.s[start..self.i]);
        let decoded = self.decode(&mut out);
        let s = decoded.map(|()| &*self.arena.alloc_str(&out));
        self.decoded = out;
        s
    }

    fn decode(&mut self, out: &mut String) -> Result<(), Fail> {
        loop {
            match self.b.get(self.i) {
                None => return Err(self.fail("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
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
                                    return Err(self.fail("unpaired surrogate in \\u escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.fail("unpaired surrogate in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(ch) => out.push(ch),
                                None => return Err(self.fail("unpaired surrogate in \\u escape")),
                            }
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.fail("invalid escape"));
                        }
                    }
                }
                Some(&c) if c < 0x20 => return Err(self.fail("control character in string")),
                Some(_) => {
                    let run = self.i;
                    self.i += string_run(&self.b[self.i..]);
                    out.push_str(&self.s[run..self.i]);
                }
            }
        }
    }

    fn enter(&mut self) -> Result<(), Fail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("nesting deeper than 64 levels"));
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    #[inline(never)]
    fn array(&mut self) -> Result<Json<'a>, Fail> {
        self.enter()?;
        let mark = self.items.len();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Json::Array(&[]));
        }
        loop {
            self.value_then(|p, v| p.items.push(v))?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    let items = self.arena.alloc_slice_copy(&self.items[mark..]);
                    self.items.truncate(mark);
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.fail("expected ',' or ']'")),
            }
        }
    }

    #[inline(never)]
    fn object(&mut self) -> Result<Json<'a>, Fail> {
        self.enter()?;
        let mark = self.members.len();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Json::Object(&[]));
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') {
                return Err(self.fail("expected a quoted key"));
            }
            let key_at = self.i;
            let key = self.string()?;
            let tag = key_tag(key);
            let siblings = &self.members[mark..];
            if siblings.len() < 32 && siblings.iter().any(|m| m.is(key, tag)) {
                self.i = key_at;
                return Err(self.fail("duplicate key"));
            }
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.fail("expected ':'"));
            }
            self.i += 1;
            self.ws();
            self.value_then(|p, value| p.members.push(Member { key, value, tag }))?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                }
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    let members = self.arena.alloc_slice_copy(&self.members[mark..]);
                    self.members.truncate(mark);
                    if members.len() > 32 {
                        // Large objects: one sort instead of quadratic scans.
                        let mut keys: Vec<&str> = members.iter().map(|m| m.key).collect();
                        keys.sort_unstable();
                        if keys.windows(2).any(|w| w[0] == w[1]) {
                            return Err(self.fail("duplicate key in this object"));
                        }
                    }
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.fail("expected ',' or '}'")),
            }
        }
    }
}

#[cfg(test)]
impl Json<'_> {
    fn to_string_for_test(self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(n) => n.to_owned(),
            Json::String(s) => format!("{s:?}"),
            Json::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|v| v.to_string_for_test())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Json::Object(pairs) => format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|m| format!("{:?}:{}", m.key, m.value.to_string_for_test()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Parses a copy of `text` into an arena that lives as long as the test.
    fn parse(text: &str) -> Result<Json<'static>, SyntaxError> {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let arena: &'static Arena = Box::leak(Box::new(Arena::for_text(text.len())));
        super::parse(text, arena)
    }

    fn parse_bytes(bytes: &[u8]) -> Result<Json<'static>, SyntaxError> {
        let bytes: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        let arena: &'static Arena = Box::leak(Box::new(Arena::for_text(bytes.len())));
        super::parse_bytes(bytes, arena)
    }

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
        let text = r#" {"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\n", "c": "plain"} "#;
        let arena = Arena::for_text(text.len());
        let v = super::parse(text, &arena).unwrap();
        let Json::Object(members) = v else {
            panic!("object expected")
        };
        assert_eq!(members[0].key, "a");
        assert_eq!(
            members[0].value,
            Json::Array(&[
                Json::Number("1"),
                Json::Number("-2.5e3"),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ])
        );
        assert_eq!(members[1].value, Json::String("xé\n"));
        // A string without escapes is the input's own bytes.
        let Json::String(plain) = members[2].value else {
            panic!("string expected")
        };
        assert_eq!(plain, "plain");
        assert!(text.as_bytes().as_ptr_range().contains(&plain.as_ptr()));
    }

    #[test]
    fn surrogate_pairs_decode_and_lone_ones_fail() {
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap(), Json::String("😀"));
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
        assert_eq!(parse("\"ả😀\\n\"").unwrap(), Json::String("ả😀\n"));
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
    fn keys_are_equal_exactly_when_their_members_say_so() {
        let keys = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "abd",
            "abcd",
            "abce",
            "bbcd",
            "abcde",
            "abcdf",
            "abcdefgh",
            "abcdefgi",
            "abcxefgh",
            "abcdefghi",
            "abcdXfghi",
            "abcdYfghi",
            "provinceCode",
            "communeCode",
            "provinceName",
            "\0",
            "\0\0",
            "a\0",
            "\0a",
        ];
        for a in keys {
            let m = Member {
                key: a,
                value: Json::Null,
                tag: key_tag(a),
            };
            for b in keys {
                assert_eq!(m.is(b, key_tag(b)), a == b, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn the_threads_arena_is_reused_when_small_and_dropped_when_large() {
        let small = r#"{"a":[1,2,3],"b":"x\u00e9"}"#;
        let read = || {
            with_arena(small.len(), |a| {
                super::parse(small, a).map(|v| v.to_string_for_test())
            })
        };
        assert_eq!(read().ok().as_deref(), Some(r#"{"a":[1,2,3],"b":"xé"}"#));
        // Kept, and the same text reads the same from the reused arena.
        assert_eq!(read().ok().as_deref(), Some(r#"{"a":[1,2,3],"b":"xé"}"#));
        assert!(SPARE.with(|s| {
            let b = s.take();
            let kept = b
                .as_ref()
                .is_some_and(|b| b.allocated_bytes() <= KEEP_BYTES);
            s.set(b);
            kept
        }));
        // A text whose tree is over the limit: its arena is not kept.
        let big = format!("[{}0]", "0,".repeat(20_000));
        assert!(with_arena(big.len(), |a| super::parse(&big, a).is_ok()));
        assert!(SPARE.with(|s| {
            let b = s.take();
            let none = b.is_none();
            s.set(b);
            none
        }));
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        assert_eq!(parse("\u{feff}{}").unwrap(), Json::Object(&[]));
    }
}
