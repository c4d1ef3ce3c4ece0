//! Finding parameters: a small map with keys in sorted order, so their JSON is canonical.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Int(i64),
    Str(Cow<'static, str>),
    List(Vec<Param>),
}

impl From<i64> for Param {
    fn from(v: i64) -> Param {
        Param::Int(v)
    }
}
impl From<u32> for Param {
    fn from(v: u32) -> Param {
        Param::Int(i64::from(v))
    }
}
impl From<&'static str> for Param {
    fn from(v: &'static str) -> Param {
        Param::Str(Cow::Borrowed(v))
    }
}
impl From<String> for Param {
    fn from(v: String) -> Param {
        Param::Str(Cow::Owned(v))
    }
}
impl<T: Into<Param>> From<Vec<T>> for Param {
    fn from(v: Vec<T>) -> Param {
        Param::List(v.into_iter().map(Into::into).collect())
    }
}

impl Serialize for Param {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Param::Int(i) => s.serialize_i64(*i),
            Param::Str(v) => s.serialize_str(v),
            Param::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

/// The `params` object of a finding. Keys are kept sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, Param)>);

impl Params {
    pub fn new() -> Params {
        Params(Vec::new())
    }

    /// Adds (or replaces) a parameter.
    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl Into<Param>) -> Params {
        let value = value.into();
        match self.0.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
        self
    }

    pub fn get(&self, key: &str) -> Option<&Param> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some(Param::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Param::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Param)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// The canonical JSON text (the third sort key of findings).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sorted_and_json_canonical() {
        let p = Params::new()
            .with("requiredDays", 30i64)
            .with("actualDays", 12i64)
            .with("allowed", vec!["a", "b"]);
        assert_eq!(
            p.to_json(),
            r#"{"actualDays":12,"allowed":["a","b"],"requiredDays":30}"#
        );
        assert_eq!(p.int("actualDays"), Some(12));
        assert_eq!(Params::new().to_json(), "{}");
    }
}
