//! The canonical text of `intake` is serde_json's: for any JSON text both parsers accept (any
//! key order, whitespace, escapes, number spelling), `intake::canonical` writes the bytes of
//! `serde_json::Value::to_string`, so idempotency hashes stored by deployed servers stay valid.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use dossier_core::{intake, json};
use proptest::prelude::*;

/// A JSON value written as text the way a client might: keys in any order, escapes or not,
/// numbers spelled any valid way.
#[derive(Debug, Clone)]
enum Tree {
    Null,
    Bool(bool),
    Number(String),
    String(Vec<(char, bool)>),
    Array(Vec<Tree>),
    Object(Vec<(Vec<(char, bool)>, Tree)>),
}

fn write_string(out: &mut String, chars: &[(char, bool)]) {
    out.push('"');
    for &(c, escaped) in chars {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str(if escaped { "\\u005C" } else { "\\\\" }),
            '/' if escaped => out.push_str("\\/"),
            c if escaped || u32::from(c) < 0x20 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write(out: &mut String, tree: &Tree, space: bool) {
    let gap = if space { " \n\t" } else { "" };
    match tree {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(&b.to_string()),
        Tree::Number(n) => out.push_str(n),
        Tree::String(s) => write_string(out, s),
        Tree::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(gap);
                write(out, item, space);
            }
            out.push(']');
        }
        Tree::Object(pairs) => {
            out.push('{');
            let mut seen = std::collections::HashSet::new();
            let mut first = true;
            for (key, value) in pairs {
                // Duplicate keys are refused by the core and resolved by serde_json: leave
                // them out of the comparison.
                if !seen.insert(key.iter().map(|&(c, _)| c).collect::<String>()) {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(gap);
                write_string(out, key);
                out.push_str(gap);
                out.push(':');
                write(out, value, space);
            }
            out.push('}');
        }
    }
}

fn arb_chars() -> impl Strategy<Value = Vec<(char, bool)>> {
    let c = prop_oneof![
        4 => any::<char>(),
        2 => proptest::char::range('\0', '\u{7f}'),
        1 => proptest::sample::select(vec!['"', '\\', '/', '\u{2028}', 'é', 'Đ', '😀', '\u{7f}']),
    ];
    proptest::collection::vec((c, any::<bool>()), 0..8)
}

fn arb_number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
    ]
}

fn arb_tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        Just(Tree::Null),
        any::<bool>().prop_map(Tree::Bool),
        arb_number().prop_map(Tree::Number),
        arb_chars().prop_map(Tree::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Tree::Array),
            proptest::collection::vec((arb_chars(), inner), 0..6).prop_map(Tree::Object),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn canonical_text_is_serde_json_value_text(tree in arb_tree(), space in any::<bool>()) {
        let mut text = String::new();
        write(&mut text, &tree, space);
        let arena = json::Arena::for_text(text.len());
        let ours = json::parse(&text, &arena);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => {
                prop_assert_eq!(intake::canonical(&ours), theirs.to_string(), "{}", text);
            }
            // Out of the binary64 range: both refuse.
            (Err(_), Err(_)) => {}
            (ours, theirs) => prop_assert!(false, "{text}: core {ours:?}, serde_json {theirs:?}"),
        }
    }
}
