//! One descent gives what one search per pointer gives: offsets, positions and excerpts, on
//! generated documents (compact, pretty, with duplicate keys and long lines) and on arbitrary
//! bytes.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use proptest::prelude::*;
use serde_json::Value;

use super::locate_all;
use crate::finding::Excerpt;
use crate::locate::{Position, locate_nearest};

/// What locating each pointer on its own gives.
fn one_by_one(body: &[u8], pointer: &str) -> Option<(usize, Position, Option<Excerpt>)> {
    let (location, _) = locate_nearest(body, pointer)?;
    let position = location.position();
    Some((location.offset, position, Excerpt::at(body, position)))
}

fn assert_same(body: &[u8], pointers: &[String]) -> Result<(), TestCaseError> {
    let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let all = locate_all(body, &refs);
    prop_assert_eq!(all.len(), pointers.len());
    for (pointer, located) in pointers.iter().zip(all) {
        let located = located.map(|l| (l.offset, l.position, l.excerpt));
        prop_assert_eq!(
            located,
            one_by_one(body, pointer),
            "{} in {}",
            pointer,
            String::from_utf8_lossy(body)
        );
    }
    Ok(())
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        "[a-zé\"\\\\/~ \t]{0,12}".prop_map(Value::String),
        "x{100,300}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[ab~/é]{0,3}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every pointer of `value`, and some beside them (missing members, indices past the end, into
/// scalars, not pointers at all).
fn pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    out.push(prefix.to_owned());
    out.push(format!("{prefix}/zz"));
    out.push(format!("{prefix}/7/a"));
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                pointers(child, &format!("{prefix}/{token}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{prefix}/{i}"), out);
            }
            out.push(format!("{prefix}/01"));
            out.push(format!("{prefix}/{}", items.len()));
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn same_as_one_by_one(value in json(), pretty in any::<bool>(), duplicate in any::<bool>()) {
        let mut text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        if duplicate && text.starts_with("{\"") {
            // The first member once more, first: the last occurrence counts.
            if let Some(end) = text.find(',') {
                let member = text[1..end].to_owned();
                text.insert_str(1, &format!("{member},"));
            }
        }
        let mut all = Vec::new();
        pointers(&value, "", &mut all);
        all.push("no-slash".to_owned());
        // Reversed too: the order of the pointers does not matter.
        assert_same(text.as_bytes(), &all)?;
        all.reverse();
        assert_same(text.as_bytes(), &all)?;
    }

    #[test]
    fn same_on_arbitrary_bytes(
        body in prop::collection::vec(prop::sample::select(b"{}[]\",: \n\r\tab0\\/".to_vec()), 0..64),
        pointers in prop::collection::vec("(/[ab0-2]{0,2}){0,3}", 0..6),
    ) {
        assert_same(&body, &pointers)?;
    }
}

#[test]
fn a_thousand_findings_on_one_line() {
    let page: Vec<String> = (0..1000)
        .map(|i| format!(r#"{{"id":{i},"x":"é{i}"}}"#))
        .collect();
    let body = format!("[{}]", page.join(","));
    let pointers: Vec<String> = (0..1000).map(|i| format!("/{i}/x")).collect();
    assert_same(body.as_bytes(), &pointers).unwrap();
}

/// An array cut short before the element a pointer descends into: no panic, and the same
/// answer as one search per pointer (found by the arbitrary-bytes property).
#[test]
fn an_array_cut_before_its_element() {
    for body in [&b"["[..], b"[ ", b"[1,", b"{\"a\":["] {
        let pointers = ["/0/".to_owned(), "/0".to_owned(), "/a/0/b".to_owned()];
        assert_same(body, &pointers).unwrap();
    }
}
