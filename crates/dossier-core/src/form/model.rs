//! The field model: one static description of the wire format with labels, from which the JSON
//! Schema and the form description are generated. The reader (`wire`) implements the same
//! fields; `tests/form_matches_reader.rs` checks that the two agree field by field.

use crate::read::Text;

/// A label or hint in Vietnamese and English.
#[derive(Debug, Clone, Copy)]
pub struct L(pub &'static str, pub &'static str);

impl L {
    /// The text in `lang`.
    pub fn get(self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Vi => self.0,
            crate::Lang::En => self.1,
        }
    }
}

/// One option of a choice: wire value and label.
#[derive(Debug, Clone, Copy)]
pub struct Opt(pub &'static str, pub L);

/// Text formats checked beyond length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    Email,
    Phone,
    Sha256,
    PassportNumber,
}

/// Which list-length limit of the edition applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Max {
    List,
    Documents,
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
    Choice(&'static [Opt]),
    /// The document type: the kind's own subset of `DocType`.
    DocType,
    Country,
    Province,
    /// A commune of the province given in the sibling field `province_key`.
    Commune {
        province_key: &'static str,
    },
    Group(&'static [Field]),
    /// A list of groups (agenda items, members…).
    Repeat {
        item: &'static [Field],
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
    pub hint: Option<L>,
    /// Shown only when this holds (the field is then also only required when shown).
    pub show: Option<Cond>,
}

/// A page of a form: a title and the pointers of what it asks.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub id: &'static str,
    pub title: L,
    pub pointers: &'static [&'static str],
}

pub(crate) const fn f(key: &'static str, ty: Ty, req: Req, label: L) -> Field {
    Field {
        key,
        ty,
        req,
        label,
        hint: None,
        show: None,
    }
}

impl Field {
    pub(crate) const fn hint(mut self, hint: L) -> Field {
        self.hint = Some(hint);
        self
    }

    /// Shown and required only when `cond` holds.
    pub(crate) const fn only_when(mut self, cond: Cond) -> Field {
        self.show = Some(cond);
        self.req = Req::When(cond);
        self
    }
}
