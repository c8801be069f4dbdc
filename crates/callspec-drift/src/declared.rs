//! The pointers a resource's published schema declares, with the enum each one lists: what the
//! report tells known from unknown by.

use std::collections::BTreeMap;

use callspec_core::schema::KNOWN_VALUES;
use serde_json::Value;

/// What the schema says about one pointer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// The values listed (`enum` or `x-callspec-known-values`), empty when none.
    pub known: Vec<String>,
    /// Whether the list is a closed `enum`.
    pub closed: bool,
    /// Whether the values are listed at all.
    pub enumerated: bool,
}

/// How deep `$ref`s are followed (recursive schemas stop there).
const MAX_DEPTH: usize = 24;

/// Every pointer `schema` declares (array items as `*`, the root as `""`), `$ref`s into `$defs`
/// and `anyOf`/`oneOf`/`allOf` branches followed.
#[must_use]
pub fn declared_pointers(schema: &Value) -> BTreeMap<String, Declared> {
    let mut out = BTreeMap::new();
    walk(schema, schema, String::new(), &mut out, 0);
    out
}

fn walk(
    root: &Value,
    node: &Value,
    pointer: String,
    out: &mut BTreeMap<String, Declared>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let entry = out.entry(pointer.clone()).or_default();
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        add_values(entry, values, true);
    }
    if let Some(values) = node.get(KNOWN_VALUES).and_then(Value::as_array) {
        add_values(entry, values, false);
    }
    if let Some(target) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .and_then(|name| root.get("$defs")?.get(name))
    {
        walk(root, target, pointer.clone(), out, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(root, branch, pointer.clone(), out, depth + 1);
        }
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            walk(root, child, child_pointer(&pointer, name), out, depth + 1);
        }
    }
    if let Some(items) = node.get("items").filter(|i| i.is_object()) {
        walk(root, items, format!("{pointer}/*"), out, depth + 1);
    }
}

fn add_values(entry: &mut Declared, values: &[Value], closed: bool) {
    // An `enum` closes the list unless `x-callspec-known-values` opened it.
    if !closed {
        entry.closed = false;
    } else if !entry.enumerated {
        entry.closed = true;
    }
    entry.enumerated = true;
    for value in values {
        let text = value_text(value);
        if !entry.known.contains(&text) {
            entry.known.push(text);
        }
    }
}

/// A value as the report names it: a string as it is, anything else as JSON text.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `pointer` extended by the member `name` (RFC 6901 escaping).
pub(crate) fn child_pointer(pointer: &str, name: &str) -> String {
    format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"))
}
