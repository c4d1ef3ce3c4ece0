//! Format and identity checks used by the reader and the rules: pure predicates.

pub mod formats;
pub mod ids;
