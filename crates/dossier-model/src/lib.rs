//! The field model: the one description of the dossier wire format (SPEC §4). From it come
//! - the reader's structs and read functions (`dossier-core/src/wire/generated.rs`, written by
//!   `cargo xtask gen` and checked by `gen --check` in CI),
//! - the enumerations with their labels (`options`),
//! - the JSON Schema and the form description (`dossier_core::form`).
//!
//! What the model cannot say in data it names: a group's `check` is a hand-written function of
//! `dossier_core::wire::checks`, a field's `required_by` is the rule whose basis a missing field
//! is reported with. The crate has no dependencies so that xtask can read it without building
//! the code it generates.

pub mod fields;
pub mod options;

/// A label or hint in Vietnamese and English.
#[derive(Debug, Clone, Copy)]
pub struct L(pub &'static str, pub &'static str);

/// One option of a choice: wire value and label.
#[derive(Debug, Clone, Copy)]
pub struct Opt(pub &'static str, pub L);

impl Opt {
    /// The Rust variant of the wire value: `in_person` → `InPerson`.
    pub fn variant(self) -> String {
        camel(self.0)
    }
}

/// A closed enumeration of the wire format: its Rust name and its values with labels.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub name: &'static str,
    pub opts: &'static [Opt],
}

impl Choice {
    /// The option of `wire`, if it is one.
    pub fn get(&self, wire: &str) -> Option<&'static Opt> {
        self.opts.iter().find(|o| o.0 == wire)
    }
}

/// Length limits of text fields (RULES.md §1 `FIELD_LENGTH`), resolved from the edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Names and titles.
    Name,
    /// Free text.
    Free,
    /// File names.
    FileName,
    /// Short codes and identifiers.
    Code,
}

/// Text formats checked beyond length (`FIELD_FORMAT` with `format` = [`Fmt::token`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    Email,
    /// Checked by the group's `check`: the allowed forms depend on the address's country.
    Phone,
    Sha256,
    PassportNumber,
}

impl Fmt {
    /// The `format` param of `FIELD_FORMAT`.
    pub fn token(self) -> &'static str {
        match self {
            Fmt::Email => "email",
            Fmt::Phone => "phone",
            Fmt::Sha256 => "sha256",
            Fmt::PassportNumber => "passport_number",
        }
    }

    /// Whether the generated reader checks the format itself (the others are checked by the
    /// group's `check`, which knows their context).
    pub fn context_free(self) -> bool {
        !matches!(self, Fmt::Phone)
    }
}

/// Which list-length limit of the edition applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Max {
    List,
    Documents,
}

/// An object of the wire format: the Rust struct it is read into and its fields.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    pub name: &'static str,
    pub fields: &'static [Field],
    /// A hand-written check of `dossier_core::wire::checks` run on the read struct, for what
    /// depends on several fields (an ID number and the address's country…).
    pub check: Option<&'static str>,
}

/// A group read into the struct `name`.
pub const fn group(name: &'static str, fields: &'static [Field]) -> Group {
    Group {
        name,
        fields,
        check: None,
    }
}

impl Group {
    /// The same group, checked afterwards by `checks::<check>`.
    pub const fn checked_by(mut self, check: &'static str) -> Group {
        self.check = Some(check);
        self
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Text(Text),
    Formatted(Text, Fmt),
    Int {
        min: i64,
    },
    Bool,
    Date,
    Choice(&'static Choice),
    /// The document type: the kind's own subset of `DocType`.
    DocType,
    Country,
    Province,
    /// A commune of the province given in the sibling field `province_key`.
    Commune {
        province_key: &'static str,
    },
    Group(&'static Group),
    /// A list of groups (agenda items, members…).
    Repeat {
        item: &'static Group,
        item_label: L,
        max: Max,
    },
    /// A list of scalar values (topics, provinces, countries).
    Many(&'static Ty, Max),
}

/// A condition on a sibling field: its value is one of `any_of`.
#[derive(Debug, Clone, Copy)]
pub struct Cond {
    pub key: &'static str,
    pub any_of: &'static [&'static str],
}

/// Whether a field must be filled.
#[derive(Debug, Clone, Copy)]
pub enum Req {
    Yes,
    No,
    /// Required (and shown) only when the condition holds.
    When(Cond),
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    pub req: Req,
    pub label: L,
    /// May hold `{name}` placeholders the form description fills from the edition.
    pub hint: Option<L>,
    /// The `RuleId` (variant name) a missing conditional field is reported under, when a rule
    /// rather than the structure requires it.
    pub required_by: Option<&'static str>,
    /// For a date: the sibling date it may not precede (`DATE_ORDER`).
    pub not_before: Option<&'static str>,
}

/// A page of a form: a title and the pointers of what it asks.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub id: &'static str,
    pub title: L,
    pub pointers: &'static [&'static str],
}

pub const fn f(key: &'static str, ty: Ty, req: Req, label: L) -> Field {
    Field {
        key,
        ty,
        req,
        label,
        hint: None,
        required_by: None,
        not_before: None,
    }
}

impl Field {
    pub const fn hint(mut self, hint: L) -> Field {
        self.hint = Some(hint);
        self
    }

    /// Shown and required only when `cond` holds.
    pub const fn only_when(mut self, cond: Cond) -> Field {
        self.req = Req::When(cond);
        self
    }

    /// Shown only when this holds: a conditional field is asked only when it is required.
    pub fn show(&self) -> Option<Cond> {
        match self.req {
            Req::When(c) => Some(c),
            Req::Yes | Req::No => None,
        }
    }

    /// Required by the rule `rule` (a `RuleId` variant) when its condition holds.
    pub const fn required_by(mut self, rule: &'static str) -> Field {
        self.required_by = Some(rule);
        self
    }

    /// A date that may not precede the sibling date `key`.
    pub const fn not_before(mut self, key: &'static str) -> Field {
        self.not_before = Some(key);
        self
    }

    /// The Rust name of the field in its struct `owner`: snake case, and `type` prefixed with
    /// the owner (`applicant_type`) since `type` is a keyword.
    pub fn rust_name(&self, owner: &str) -> String {
        if self.key == "type" {
            format!("{}_type", snake(owner))
        } else {
            snake(self.key)
        }
    }
}

/// `residencesLast6Months` → `residences_last_6_months`; `ApplicantType` → `applicant_type`;
/// `sha256` → `sha256` (a number is a word of its own only between words).
pub fn snake(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let starts_number = c.is_ascii_digit() && i > 0 && !chars[i - 1].is_ascii_digit() && {
            let after = chars[i..].iter().find(|c| !c.is_ascii_digit());
            after.is_some_and(char::is_ascii_uppercase)
        };
        if i > 0 && (c.is_ascii_uppercase() || starts_number) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `in_person` → `InPerson`.
pub fn camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("residencesLast6Months"), "residences_last_6_months");
        assert_eq!(snake("ApplicantType"), "applicant_type");
        assert_eq!(snake("amountVnd"), "amount_vnd");
        assert_eq!(snake("sha256"), "sha256");
        assert_eq!(camel("in_person"), "InPerson");
        assert_eq!(camel("representative_cv"), "RepresentativeCv");
    }
}
