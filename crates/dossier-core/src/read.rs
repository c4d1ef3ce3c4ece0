//! The lenient reader: walks the JSON tree once, turns it into the typed wire structs of
//! `wire`, and records every structural problem (`FIELD_*`) at its JSON Pointer, then goes on.
//! A value that cannot be read becomes `None` in the typed struct; rules skip what is `None`.
//!
//! The reader also holds the rulebook edition (length limits are rulebook data) and the
//! findings of the whole run.

use crate::admin_units;
use crate::countries;
use crate::date::Date;
use crate::json::{key_tag, Json, Member};
use crate::params::Params;
use crate::report::Finding;
use crate::rulebook::{Citation, Edition, RuleId};
use crate::wire::enums::DocType;
use crate::wire_enum::WireEnum;

/// Whether a field must be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Optional,
    Required,
    /// Required by a specific rule (NGO-12, TRIP-07), reported with that rule's basis.
    RequiredBy(RuleId),
}

impl Need {
    /// Required when `cond` holds, optional otherwise.
    pub fn when(cond: bool) -> Need {
        Need::when_by(cond, RuleId::FieldRequired)
    }

    /// Required by `rule` when `cond` holds, optional otherwise.
    pub fn when_by(cond: bool, rule: RuleId) -> Need {
        match (cond, rule) {
            (false, _) => Need::Optional,
            (true, RuleId::FieldRequired) => Need::Required,
            (true, rule) => Need::RequiredBy(rule),
        }
    }
    fn rule(self) -> Option<RuleId> {
        match self {
            Need::Optional => None,
            Need::Required => Some(RuleId::FieldRequired),
            Need::RequiredBy(rule) => Some(rule),
        }
    }
}

pub use dossier_model::Text;

/// One step of the path being read: a key of the wire format (every key the reader looks up
/// is a literal of the model) or a list index.
#[derive(Debug, Clone, Copy)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// The run's state: the edition, the current path and the findings so far.
pub struct Ctx<'e> {
    pub ed: &'e Edition,
    /// The document types the dossier's kind accepts (all of them while the kind is unknown).
    pub doc_types: &'e [DocType],
    pub findings: Vec<Finding>,
    /// Where the reader is, as steps: written out as a JSON Pointer only when a finding is
    /// recorded, so a valid dossier builds no path text at all.
    path: Vec<Step>,
}

impl<'e> Ctx<'e> {
    pub fn new(ed: &'e Edition) -> Ctx<'e> {
        Ctx {
            ed,
            doc_types: DocType::ALL,
            findings: Vec::new(),
            path: Vec::with_capacity(16),
        }
    }

    /// Runs `f` with `key` appended to the path.
    #[inline]
    pub fn at<T>(&mut self, key: &'static str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.enter(Step::Key(key));
        let out = f(self);
        self.path.pop();
        out
    }

    /// Runs `f` with the list index `i` appended to the path.
    #[inline]
    pub fn at_index<T>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        self.enter(Step::Index(i));
        let out = f(self);
        self.path.pop();
        out
    }

    /// Not generic: in WebAssembly it stays out of line so the many instances of `at` are
    /// small; natively it is inlined.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn enter(&mut self, step: Step) {
        self.path.push(step);
    }

    /// The current path as a JSON Pointer (RFC 6901).
    fn pointer(&self) -> String {
        let mut out = String::with_capacity(64);
        for step in &self.path {
            match *step {
                Step::Key(key) => push_key(&mut out, key),
                Step::Index(i) => {
                    out.push('/');
                    push_decimal(&mut out, i);
                }
            }
        }
        out
    }

    /// The JSON Pointer of `key` (any text, escaped) in the object being read.
    fn pointer_to(&self, key: &str) -> String {
        let mut out = self.pointer();
        push_key(&mut out, key);
        out
    }

    /// Records a finding at the current path.
    pub fn emit(&mut self, rule: RuleId, params: Params) {
        let path = self.pointer();
        self.findings.push(Finding::new(rule, path, params));
    }

    /// Records a finding at an explicit path.
    pub fn emit_at(&mut self, rule: RuleId, path: impl Into<String>, params: Params) {
        self.findings.push(Finding::new(rule, path, params));
    }

    /// Records a finding of a profile's local rule, with the profile's legal basis.
    pub fn emit_local(
        &mut self,
        rule: RuleId,
        path: impl Into<String>,
        params: Params,
        basis: Citation,
    ) {
        let mut f = Finding::new(rule, path, params);
        f.local_basis = Some(basis);
        self.findings.push(f);
    }

    /// `DATE_ORDER` at `end_key` when the end date is before the start date (keys of the
    /// object being read).
    pub fn date_order(
        &mut self,
        start_key: &'static str,
        start: Option<Date>,
        end_key: &'static str,
        end: Option<Date>,
    ) {
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                let start_pointer = self.pointer_to(start_key);
                self.at(end_key, |cx| {
                    cx.emit(
                        RuleId::DateOrder,
                        Params::new().with("start", start_pointer),
                    )
                });
            }
        }
    }

    fn type_error(&mut self, expected: &'static str) {
        self.emit(RuleId::FieldType, Params::new().with("expected", expected));
    }

    fn missing(&mut self, need: Need) {
        if let Some(rule) = need.rule() {
            self.emit(rule, Params::new());
        }
    }

    fn text_bounds(&self, kind: Text) -> u32 {
        let l = &self.ed.limits;
        match kind {
            Text::Name => l.name_max,
            Text::Free => l.free_text_max,
            Text::FileName => l.file_name_max,
            Text::Code => l.code_max,
        }
    }

    // ---- value readers: the path already points at `v` -------------------------------------

    /// A string; empty (after trimming) counts as absent.
    pub fn str<'v>(&mut self, v: &'v Json<'_>, need: Need) -> Option<&'v str> {
        match v {
            Json::String(s) if blank(s) => {
                self.missing(need);
                None
            }
            Json::String(s) => Some(s),
            _ => {
                self.type_error("string");
                None
            }
        }
    }

    /// A string within the length limits of `kind`.
    pub fn text<'v>(&mut self, v: &'v Json<'_>, need: Need, kind: Text) -> Option<&'v str> {
        let s = self.str(v, need)?;
        let max = self.text_bounds(kind);
        // Bytes bound characters from above: count characters only for long strings.
        if s.len() > max as usize && s.chars().count() > max as usize {
            self.emit(
                RuleId::FieldLength,
                Params::new().with("min", 1i64).with("max", max),
            );
            return None;
        }
        Some(s)
    }

    /// An integer (no fraction, no exponent) not below `min`.
    pub fn int(&mut self, v: &Json<'_>, min: i64) -> Option<i64> {
        let Json::Number(text) = v else {
            self.type_error("integer");
            return None;
        };
        let Some(n) = text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-')
            .then(|| text.parse::<i64>().ok())
            .flatten()
        else {
            self.type_error("integer");
            return None;
        };
        if n < min {
            self.emit(RuleId::FieldRange, Params::new().with("min", min));
            return None;
        }
        Some(n)
    }

    pub fn bool(&mut self, v: &Json<'_>) -> Option<bool> {
        match v {
            Json::Bool(b) => Some(*b),
            _ => {
                self.type_error("boolean");
                None
            }
        }
    }

    pub fn date(&mut self, v: &Json<'_>, need: Need) -> Option<Date> {
        match v {
            Json::String(s) if blank(s) => {
                self.missing(need);
                None
            }
            Json::String(s) => {
                let d = Date::parse(s);
                if d.is_none() {
                    self.emit(RuleId::FieldFormat, Params::new().with("format", "date"));
                }
                d
            }
            _ => {
                self.type_error("date");
                None
            }
        }
    }

    /// One value of a closed enumeration.
    pub fn choice<E: WireEnum>(&mut self, v: &Json<'_>, need: Need) -> Option<E> {
        self.choice_in(v, need, E::ALL)
    }

    /// One value of `allowed` (a subset of an enumeration).
    pub fn choice_in<E: WireEnum>(&mut self, v: &Json<'_>, need: Need, allowed: &[E]) -> Option<E> {
        let s = self.str(v, need)?;
        match E::from_wire(s).filter(|e| allowed.iter().any(|a| a.as_str() == e.as_str())) {
            Some(e) => Some(e),
            None => {
                let list: Vec<&'static str> = allowed.iter().map(|e| e.as_str()).collect();
                self.emit(RuleId::FieldEnum, Params::new().with("allowed", list));
                None
            }
        }
    }

    /// An ISO 3166-1 alpha-2 code.
    pub fn country<'v>(&mut self, v: &'v Json<'_>, need: Need) -> Option<&'v str> {
        let s = self.str(v, need)?;
        if countries::is_known(s) {
            Some(s)
        } else {
            self.emit(
                RuleId::CountryUnknown,
                Params::new().with("code", s.to_owned()),
            );
            None
        }
    }

    /// A province code of the 2025 list.
    pub fn province(&mut self, v: &Json<'_>) -> Option<u32> {
        let code = self.int(v, i64::MIN)?;
        match admin_units::province(code) {
            Some(p) => Some(p.code),
            None => {
                self.emit(RuleId::AdminUnitUnknown, Params::new().with("code", code));
                None
            }
        }
    }

    /// A JSON object, read by `f`; unknown keys are reported when `f` returns.
    pub fn object<'v, 'a, T>(
        &mut self,
        v: &'v Json<'a>,
        f: impl FnOnce(&mut Self, &mut Obj<'v, 'a>) -> T,
    ) -> Option<T> {
        let Json::Object(members) = v else {
            self.type_error("object");
            return None;
        };
        let mut obj = Obj {
            members,
            seen: 0,
            seen_more: Vec::new(),
        };
        let out = f(self, &mut obj);
        obj.finish(self);
        Some(out)
    }

    /// A list; each item is read by `f` at its index. Items that cannot be read stay `None`
    /// so indices in paths match the input.
    pub fn list<'v, 'a, T>(
        &mut self,
        v: &'v Json<'a>,
        need: Need,
        max: u32,
        mut f: impl FnMut(&mut Self, &'v Json<'a>) -> Option<T>,
    ) -> Option<Vec<Option<T>>> {
        let items = self.items(v, need, max)?;
        Some(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| self.at_index(i, |cx| f(cx, item)))
                .collect(),
        )
    }
}

impl Ctx<'_> {
    /// The items of a list, after its type, emptiness and length are checked (the part of
    /// `list` that does not depend on the item type; out of line in WebAssembly, inlined
    /// natively).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn items<'v, 'a>(&mut self, v: &'v Json<'a>, need: Need, max: u32) -> Option<&'v [Json<'a>]> {
        let Json::Array(items) = v else {
            self.type_error("array");
            return None;
        };
        if items.is_empty() {
            self.missing(need);
            return Some(&[]);
        }
        if items.len() > max as usize {
            let min = i64::from(need != Need::Optional);
            self.emit(
                RuleId::FieldLength,
                Params::new().with("min", min).with("max", max),
            );
        }
        Some(items)
    }
}

/// Whether `s` is empty after trimming (a text starting with a visible ASCII character is not,
/// which decides almost every value without scanning it).
#[inline]
fn blank(s: &str) -> bool {
    !s.as_bytes().first().is_some_and(|&b| b > b' ' && b < 0x80) && s.trim().is_empty()
}

/// Appends `/key`, escaped as RFC 6901 says.
fn push_key(out: &mut String, key: &str) {
    out.push('/');
    if key.contains(['~', '/']) {
        out.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(key);
    }
}

/// Appends `n` in decimal without going through `fmt`.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// An object being read: remembers which keys were read, to report the others.
pub struct Obj<'v, 'a> {
    members: &'v [Member<'a>],
    seen: u64,
    seen_more: Vec<usize>,
}

impl<'v, 'a> Obj<'v, 'a> {
    /// The value of `key`, marking it as known. `null` is returned as `Json::Null`.
    pub fn take(&mut self, key: &str) -> Option<&'v Json<'a>> {
        let tag = key_tag(key);
        let i = self.members.iter().position(|m| m.is(key, tag))?;
        if i < 64 {
            self.seen |= 1 << i;
        } else {
            self.seen_more.push(i);
        }
        Some(&self.members[i].value)
    }

    /// Whether `key` is present with a value other than `null`.
    pub fn has(&self, key: &str) -> bool {
        let tag = key_tag(key);
        self.members
            .iter()
            .any(|m| m.is(key, tag) && !matches!(m.value, Json::Null))
    }

    fn finish(self, cx: &mut Ctx<'_>) {
        for (i, m) in self.members.iter().enumerate() {
            let seen = if i < 64 {
                self.seen & (1 << i) != 0
            } else {
                self.seen_more.contains(&i)
            };
            if !seen {
                let path = cx.pointer_to(m.key);
                cx.emit_at(RuleId::FieldUnknown, path, Params::new());
            }
        }
    }

    /// Reads field `key` with `f`; absent or `null` is reported when `need` requires it.
    pub fn field<T>(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        need: Need,
        f: impl FnOnce(&mut Ctx<'_>, &'v Json<'a>) -> Option<T>,
    ) -> Option<T> {
        match self.take(key) {
            None | Some(Json::Null) => {
                cx.at(key, |cx| cx.missing(need));
                None
            }
            Some(v) => cx.at(key, |cx| f(cx, v)),
        }
    }

    pub fn text(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        need: Need,
        kind: Text,
    ) -> Option<&'v str> {
        self.field(cx, key, need, |cx, v| cx.text(v, need, kind))
    }

    pub fn int(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        need: Need,
        min: i64,
    ) -> Option<i64> {
        self.field(cx, key, need, |cx, v| cx.int(v, min))
    }

    pub fn bool(&mut self, cx: &mut Ctx<'_>, key: &'static str, need: Need) -> Option<bool> {
        self.field(cx, key, need, |cx, v| cx.bool(v))
    }

    pub fn date(&mut self, cx: &mut Ctx<'_>, key: &'static str, need: Need) -> Option<Date> {
        self.field(cx, key, need, |cx, v| cx.date(v, need))
    }

    pub fn choice<E: WireEnum>(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        need: Need,
    ) -> Option<E> {
        self.field(cx, key, need, |cx, v| cx.choice(v, need))
    }

    pub fn country(&mut self, cx: &mut Ctx<'_>, key: &'static str, need: Need) -> Option<&'v str> {
        self.field(cx, key, need, |cx, v| cx.country(v, need))
    }

    pub fn province(&mut self, cx: &mut Ctx<'_>, key: &'static str, need: Need) -> Option<u32> {
        self.field(cx, key, need, |cx, v| cx.province(v))
    }

    pub fn object<T>(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        need: Need,
        f: impl FnOnce(&mut Ctx<'_>, &mut Obj<'v, 'a>) -> T,
    ) -> Option<T> {
        self.field(cx, key, need, |cx, v| cx.object(v, f))
    }

    pub fn list<T>(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        need: Need,
        max: u32,
        f: impl FnMut(&mut Ctx<'_>, &'v Json<'a>) -> Option<T>,
    ) -> Option<Vec<Option<T>>> {
        self.field(cx, key, need, |cx, v| cx.list(v, need, max, f))
    }

    /// A province code and a commune code side by side (`ADMIN_UNIT_UNKNOWN`,
    /// `ADMIN_UNIT_MISMATCH`). Returns the known province and commune codes.
    pub fn admin_unit(
        &mut self,
        cx: &mut Ctx<'_>,
        province_key: &'static str,
        commune_key: &'static str,
        province_need: Need,
        commune_need: Need,
    ) -> (Option<u32>, Option<u32>) {
        let province = self.province(cx, province_key, province_need);
        let province_unreadable = province.is_none() && self.has(province_key);
        let commune = self.field(cx, commune_key, commune_need, |cx, v| {
            let code = cx.int(v, i64::MIN)?;
            let Some(c) = admin_units::commune(code) else {
                cx.emit(RuleId::AdminUnitUnknown, Params::new().with("code", code));
                return None;
            };
            match province {
                Some(p) if p != c.province => {
                    cx.emit(
                        RuleId::AdminUnitMismatch,
                        Params::new().with("provinceCode", c.province),
                    );
                    None
                }
                _ if province_unreadable => None,
                _ => Some(c.code),
            }
        });
        (province, commune)
    }
}
