//! What overlays changed, record by record: a resource amended by overlays keeps its published
//! schema's validators beside the amended ones, so each record's findings are compared with what
//! the published schema gives. A finding the overlays brought or changed (a new code at a
//! pointer) names the overlay actions that govern its place; a finding they removed is counted
//! for the json summary.

use std::collections::HashMap;

use serde_json::Value;

use crate::contract;
use crate::finding::{Code, Finding};
use crate::plan::Shape;
use crate::pointer::Pointer;

/// The published schema's checks for a resource overlays amended, and the actions that did it.
#[derive(Debug)]
pub(super) struct Overlaid {
    pub(super) validator: jsonschema::Validator,
    pub(super) closed: jsonschema::Validator,
    pub(super) shape: Shape,
    pub(super) actions: Vec<ActionRef>,
}

/// One overlay action that selected something in a resource's schema.
#[derive(Debug, Clone)]
pub(super) struct ActionRef {
    /// The overlay's index in the run.
    pub(super) overlay: usize,
    /// The action's index in the overlay.
    pub(super) action: usize,
    /// How a finding names it: `FILE` action N (`TARGET`).
    pub(super) label: String,
    /// The instance pointers (array items as `*`) the selected schema nodes govern.
    pub(super) governs: Vec<String>,
}

/// What an overlay did to one finding of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverlayEffect {
    /// The overlay's index, in the order given.
    pub overlay: usize,
    /// The action's index in that overlay.
    pub action: usize,
    /// The finding's code: with the published schema for a removed finding, with the amended
    /// one for a changed finding.
    pub code: Code,
    /// Which finding of the record, so a finding several actions govern counts once.
    pub finding: usize,
    /// Whether the finding is gone (the published schema gives it, the amended one does not);
    /// otherwise the amended schema gives a finding the published one does not.
    pub removed: bool,
}

impl Overlaid {
    /// Compares `findings` (the amended schema's, for `value`) with the published schema's:
    /// each finding the overlays brought gets the actions named in its message; each one they
    /// removed comes back as an effect, as do the changed ones.
    pub(super) fn compare(&self, value: &Value, findings: &mut [Finding]) -> Vec<OverlayEffect> {
        let mut base = Vec::new();
        if !self.closed.is_valid(value) {
            base.extend(contract::findings(&self.validator, value));
            self.shape.drift(value, &mut Pointer::default(), &mut base);
        }
        let mut unmatched: Vec<(Code, &str)> =
            base.iter().map(|f| (f.code, f.pointer.as_str())).collect();
        let mut effects = Vec::new();
        let reported = findings.len();
        for (index, finding) in findings.iter_mut().enumerate() {
            let key = (finding.code, finding.pointer.as_str());
            if let Some(i) = unmatched.iter().position(|k| *k == key) {
                unmatched.swap_remove(i);
                continue;
            }
            let actions = self.responsible(&finding.pointer);
            let labels: Vec<&str> = actions.iter().map(|a| a.label.as_str()).collect();
            finding.message = format!(
                "{} [changed by overlay: {}]",
                finding.message,
                labels.join("; ")
            );
            effects.extend(actions.iter().map(|a| OverlayEffect {
                overlay: a.overlay,
                action: a.action,
                code: finding.code,
                finding: index,
                removed: false,
            }));
        }
        for (index, (code, pointer)) in unmatched.into_iter().enumerate() {
            effects.extend(self.responsible(pointer).iter().map(|a| OverlayEffect {
                overlay: a.overlay,
                action: a.action,
                code,
                finding: reported + index,
                removed: true,
            }));
        }
        effects
    }

    /// The actions whose schema nodes govern `pointer` most closely: the value itself, else its
    /// parent object (a property added, a field made optional), else the nearest ancestor;
    /// every action when none does.
    fn responsible(&self, pointer: &str) -> Vec<&ActionRef> {
        let segments: Vec<&str> = pointer.split('/').collect();
        for keep in (1..=segments.len()).rev() {
            let prefix = &segments[..keep];
            let found: Vec<&ActionRef> = self
                .actions
                .iter()
                .filter(|a| a.governs.iter().any(|g| pattern_matches(g, prefix)))
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        self.actions.iter().collect()
    }
}

/// Whether the instance pattern `pattern` (array items as `*`) names the pointer whose
/// segments are `segments`.
fn pattern_matches(pattern: &str, segments: &[&str]) -> bool {
    let mut parts = pattern.split('/');
    let mut count = 0;
    for segment in segments {
        match parts.next() {
            Some(p) if p == *segment || (p == "*" && segment.parse::<usize>().is_ok()) => {}
            _ => return false,
        }
        count += 1;
    }
    parts.next().is_none() && count == segments.len()
}

/// How deep `$ref`s are followed (recursive schemas stop there).
const MAX_DEPTH: usize = 24;

/// For every schema node (a JSON pointer into `schema`), the instance pointers it governs
/// (array items as `*`), following `properties`, `items`, `$ref`s into `$defs` and
/// `anyOf`/`oneOf`/`allOf` branches.
pub(super) fn governed(schema: &Value) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    walk(schema, schema, String::new(), String::new(), &mut out, 0);
    out
}

fn walk(
    root: &Value,
    node: &Value,
    at: String,
    instance: String,
    out: &mut HashMap<String, Vec<String>>,
    depth: usize,
) {
    if depth > MAX_DEPTH || !node.is_object() {
        return;
    }
    let entry = out.entry(at.clone()).or_default();
    if entry.contains(&instance) {
        return;
    }
    entry.push(instance.clone());
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        && let Some(target) = root.get("$defs").and_then(|d| d.get(name))
    {
        let target_at = format!("/$defs/{}", escape(name));
        walk(root, target, target_at, instance.clone(), out, depth + 1);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        let branches = node.get(key).and_then(Value::as_array);
        for (i, branch) in branches.into_iter().flatten().enumerate() {
            let branch_at = format!("{at}/{key}/{i}");
            walk(root, branch, branch_at, instance.clone(), out, depth + 1);
        }
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            let child_at = format!("{at}/properties/{}", escape(name));
            let child_instance = format!("{instance}/{}", escape(name));
            walk(root, child, child_at, child_instance, out, depth + 1);
        }
    }
    if let Some(items) = node.get("items") {
        let items_at = format!("{at}/items");
        walk(
            root,
            items,
            items_at,
            format!("{instance}/*"),
            out,
            depth + 1,
        );
    }
}

/// RFC 6901 escaping of one segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The instance pointers the schema node at `location` governs: the node itself, or the nearest
/// enclosing schema node (a keyword such as `enum` or `required` belongs to the schema holding
/// it).
pub(super) fn governs_at(map: &HashMap<String, Vec<String>>, location: &str) -> Vec<String> {
    let mut at = location;
    loop {
        if let Some(found) = map.get(at) {
            return found.clone();
        }
        match at.rsplit_once('/') {
            Some((parent, _)) => at = parent,
            None => return map.get("").cloned().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{governed, governs_at, pattern_matches};

    #[test]
    fn schema_nodes_govern_instance_pointers() {
        let schema = json!({
            "type": "object",
            "properties": {
                "calls": {"type": "array", "items": {"$ref": "#/$defs/Call"}},
                "a/b": {"type": "string"}
            },
            "$defs": {"Call": {"properties": {"dir": {"enum": ["in", "out"]}}}}
        });
        let map = governed(&schema);
        assert_eq!(
            governs_at(&map, "/$defs/Call/properties/dir/enum"),
            ["/calls/*/dir"]
        );
        assert_eq!(governs_at(&map, "/properties/a~1b"), ["/a~1b"]);
        assert_eq!(governs_at(&map, "/required/0"), [""]);
        assert!(pattern_matches("/calls/*/dir", &["", "calls", "3", "dir"]));
        assert!(!pattern_matches("/calls/*/dir", &["", "calls", "x", "dir"]));
        assert!(!pattern_matches("/calls/*", &["", "calls", "3", "dir"]));
        assert!(pattern_matches("", &[""]));
    }
}
