//! The rules of RULES.md, one function per rule, grouped by kind. Parameters come from the
//! edition (`cx.ed`); nothing here reads a clock or does I/O.

pub mod conference;
pub mod documents;
pub mod general;
pub mod ngo;
pub mod trip;
