//! OpenAPI Overlay 1.0 applied to a published schema: each action's target is an RFC 9535
//! JSONPath, its `update` merged into every node it selects (appended to an array, merged into
//! an object) or the nodes removed. Amending a schema this way needs no recompiling.

use serde_json::Value;
use serde_json_path::JsonPath;

/// Why an overlay document could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OverlayError {
    /// The document is not an Overlay 1.x document.
    #[error("not an OpenAPI Overlay 1.x document: {reason}")]
    Shape {
        /// What is wrong, and where.
        reason: String,
    },
    /// An action's target is not an RFC 9535 JSONPath.
    #[error("action {index}: the target `{target}` is not an RFC 9535 JSONPath")]
    Target {
        /// The action's index.
        index: usize,
        /// The target.
        target: String,
        /// The parser's reason.
        #[source]
        source: serde_json_path::ParseError,
    },
}

/// The hash of a schema an overlay names: FNV-1a 64 over its compact JSON (keys sorted), as
/// `fnv1a64:` and 16 hex digits.
#[must_use]
pub fn schema_hash(schema: &Value) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in schema.to_string().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}

/// One parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// What the document says it extends (a schema `$id`).
    pub extends: Option<String>,
    /// The hash of the schema it was made against (`x-callspec-schema-hash`), when given.
    pub schema_hash: Option<String>,
    /// The actions, in order.
    pub actions: Vec<Action>,
    /// The document's `info.title`.
    pub title: String,
}

/// One action.
#[derive(Debug, Clone)]
pub struct Action {
    /// The target, as written.
    pub target: String,
    path: JsonPath,
    /// The description (the evidence, for a proposed overlay).
    pub description: Option<String>,
    /// What to merge in.
    pub update: Option<Value>,
    /// Whether to remove the selected nodes.
    pub remove: bool,
}

/// What applying an overlay did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Per action, in order: how many nodes it selected.
    pub selected: Vec<usize>,
}

impl Applied {
    /// The indexes of the actions that selected nothing.
    #[must_use]
    pub fn unmatched(&self) -> Vec<usize> {
        (0..self.selected.len())
            .filter(|i| self.selected[*i] == 0)
            .collect()
    }
}

impl Overlay {
    /// Reads an overlay document: `overlay` a 1.x version, `info` with `title` and `version`,
    /// `actions` a non-empty array of objects each with a string `target` and `update` or
    /// `remove: true`.
    ///
    /// # Errors
    ///
    /// The document is not of that shape, or a target does not parse.
    pub fn parse(document: &Value) -> Result<Overlay, OverlayError> {
        let shape = |reason: &str| OverlayError::Shape {
            reason: reason.to_owned(),
        };
        let version = document
            .get("overlay")
            .and_then(Value::as_str)
            .ok_or_else(|| shape("`overlay` (the version, a string) is missing"))?;
        if !version.starts_with("1.") {
            return Err(shape(&format!("`overlay` is `{version}`; expected 1.x")));
        }
        let info = document
            .get("info")
            .and_then(Value::as_object)
            .ok_or_else(|| shape("`info` (an object) is missing"))?;
        let title = info
            .get("title")
            .and_then(Value::as_str)
            .ok_or_else(|| shape("`info.title` (a string) is missing"))?;
        if !info.get("version").is_some_and(Value::is_string) {
            return Err(shape("`info.version` (a string) is missing"));
        }
        let actions = document
            .get("actions")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty())
            .ok_or_else(|| shape("`actions` (a non-empty array) is missing"))?;
        let mut parsed = Vec::with_capacity(actions.len());
        for (index, action) in actions.iter().enumerate() {
            let target = action
                .get("target")
                .and_then(Value::as_str)
                .ok_or_else(|| shape(&format!("action {index}: `target` (a string) is missing")))?;
            let path = JsonPath::parse(target).map_err(|source| OverlayError::Target {
                index,
                target: target.to_owned(),
                source,
            })?;
            let remove = action
                .get("remove")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let update = action.get("update").cloned();
            if update.is_none() && !remove {
                return Err(shape(&format!(
                    "action {index}: neither `update` nor `remove: true`"
                )));
            }
            parsed.push(Action {
                target: target.to_owned(),
                path,
                description: action
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                update,
                remove,
            });
        }
        Ok(Overlay {
            extends: document
                .get("extends")
                .and_then(Value::as_str)
                .map(str::to_owned),
            schema_hash: document
                .get("x-callspec-schema-hash")
                .and_then(Value::as_str)
                .map(str::to_owned),
            actions: parsed,
            title: title.to_owned(),
        })
    }

    /// Applies the actions in order to `schema`.
    pub fn apply(&self, schema: &mut Value) -> Applied {
        let mut applied = Applied::default();
        for action in &self.actions {
            let pointers: Vec<String> = action
                .path
                .query_located(schema)
                .locations()
                .map(|location| location.to_json_pointer())
                .collect();
            applied.selected.push(pointers.len());
            // Deepest and last first, so removing array items keeps the other pointers valid.
            for pointer in pointers.iter().rev() {
                if action.remove {
                    remove_at(schema, pointer);
                } else if let (Some(node), Some(update)) =
                    (schema.pointer_mut(pointer), &action.update)
                {
                    merge(node, update);
                }
            }
        }
        applied
    }
}

/// Overlay 1.0's merge: an array target gets the update appended (each item of an array
/// update), an object target gets the update's members merged in recursively, anything else
/// is replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::Array(items), one) => items.push(one.clone()),
        (Value::Object(members), Value::Object(more)) => {
            for (key, value) in more {
                match members.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value);
                    }
                    _ => {
                        members.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (target, other) => *target = other.clone(),
    }
}

fn remove_at(root: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match root.pointer_mut(parent) {
        Some(Value::Object(members)) => {
            members.remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Overlay;

    #[test]
    fn actions_append_merge_and_remove() {
        let overlay = Overlay::parse(&json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [
                {"target": "$['$defs']['Cause']['x-callspec-known-values']", "update": "new"},
                {"target": "$.properties", "update": {"extra": {"type": "string"}}},
                {"target": "$.required[?@ == 'b']", "remove": true},
                {"target": "$.nothing", "update": 1}
            ]
        }))
        .unwrap();
        let mut schema = json!({
            "$defs": {"Cause": {"x-callspec-known-values": ["old"]}},
            "properties": {"a": {"type": "string"}},
            "required": ["a", "b"]
        });
        let applied = overlay.apply(&mut schema);
        assert_eq!(applied.selected, [1, 1, 1, 0]);
        assert_eq!(applied.unmatched(), [3]);
        assert_eq!(
            schema,
            json!({
                "$defs": {"Cause": {"x-callspec-known-values": ["old", "new"]}},
                "properties": {"a": {"type": "string"}, "extra": {"type": "string"}},
                "required": ["a"]
            })
        );
    }

    #[test]
    fn a_bad_document_is_refused_with_its_reason() {
        let error = Overlay::parse(&json!({"overlay": "2.0.0"})).unwrap_err();
        assert!(error.to_string().contains("expected 1.x"));
        let error = Overlay::parse(&json!({
            "overlay": "1.0.0", "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$[", "update": 1}]
        }))
        .unwrap_err();
        assert!(error.to_string().contains("action 0"));
    }
}
