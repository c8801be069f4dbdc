//! The pointers a resource's published schema declares, with the enum each one lists and where
//! in the schema (as RFC 9535 JSONPath) its values and properties are: what the report tells
//! known from unknown by, and what an overlay targets.

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
    /// The JSONPath (normalized) of the schema node listing the values.
    pub values_path: Option<String>,
    /// The JSONPath of the schema node declaring the object's `properties`.
    pub properties_path: Option<String>,
    /// The JSON types the schema allows here (`type` keywords, `$ref`s and branches followed);
    /// empty when no `type` says.
    pub types: Vec<String>,
    /// The outermost schema node of the pointer (the property's own schema, before any `$ref`),
    /// with its JSONPath: what a relaxing overlay amends.
    pub node: Option<(String, Value)>,
    /// The `required` arrays of this object's schema nodes: the JSONPath of each array, and its
    /// names in order.
    pub required: Vec<(String, Vec<String>)>,
}

/// How deep `$ref`s are followed (recursive schemas stop there).
const MAX_DEPTH: usize = 24;

/// Every pointer `schema` declares (array items as `*`, the root as `""`), `$ref`s into `$defs`
/// and `anyOf`/`oneOf`/`allOf` branches followed.
#[must_use]
pub fn declared_pointers(schema: &Value) -> BTreeMap<String, Declared> {
    let mut out = BTreeMap::new();
    walk(schema, schema, String::new(), "$", &mut out, 0);
    out
}

fn walk(
    root: &Value,
    node: &Value,
    pointer: String,
    path: &str,
    out: &mut BTreeMap<String, Declared>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let entry = out.entry(pointer.clone()).or_default();
    entry
        .node
        .get_or_insert_with(|| (path.to_owned(), node.clone()));
    let types = match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for ty in types {
        if !entry.types.iter().any(|t| t == ty) {
            entry.types.push(ty.to_owned());
        }
    }
    if let Some(required) = node.get("required").and_then(Value::as_array) {
        let names = required
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        let at = format!("{path}['required']");
        if !entry.required.iter().any(|(p, _)| *p == at) {
            entry.required.push((at, names));
        }
    }
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        add_values(entry, values, true);
        entry
            .values_path
            .get_or_insert_with(|| format!("{path}['enum']"));
    }
    if let Some(values) = node.get(KNOWN_VALUES).and_then(Value::as_array) {
        add_values(entry, values, false);
        entry.values_path = Some(format!("{path}{}", segment(KNOWN_VALUES)));
    }
    if node.get("properties").is_some_and(Value::is_object) {
        entry.properties_path.get_or_insert_with(|| path.to_owned());
    }
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        && let Some(target) = root.get("$defs").and_then(|d| d.get(name))
    {
        let target_path = format!("$['$defs']{}", segment(name));
        walk(root, target, pointer.clone(), &target_path, out, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        let branches = node.get(key).and_then(Value::as_array);
        for (i, branch) in branches.into_iter().flatten().enumerate() {
            let branch_path = format!("{path}{}[{i}]", segment(key));
            walk(root, branch, pointer.clone(), &branch_path, out, depth + 1);
        }
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            let child_path = format!("{path}['properties']{}", segment(name));
            let child_ptr = child_pointer(&pointer, name);
            walk(root, child, child_ptr, &child_path, out, depth + 1);
        }
    }
    if let Some(items) = node.get("items").filter(|i| i.is_object()) {
        let items_path = format!("{path}['items']");
        walk(
            root,
            items,
            format!("{pointer}/*"),
            &items_path,
            out,
            depth + 1,
        );
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

/// A JSONPath name selector in normalized form (RFC 9535 section 2.7).
pub(crate) fn segment(name: &str) -> String {
    let mut out = String::from("['");
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str("']");
    out
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
