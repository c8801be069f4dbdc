//! OpenAPI Overlay 1.0 applied to a published schema: each action's target is an RFC 9535
//! JSONPath, its `update` merged into every node it selects (appended to an array, merged into
//! an object) or the nodes removed. Amending a schema this way needs no recompiling. Every
//! document is first validated against the Overlay specification's own JSON Schema (vendored in
//! `crates/callspec/overlay-schema/`, see its README for source and licence).

use std::path::Path;
use std::sync::LazyLock;

use serde_json::Value;
use serde_json_path::JsonPath;
use sha2::{Digest, Sha256};

/// The OpenAPI Overlay 1.0 JSON Schema (`https://spec.openapis.org/overlay/1.0/schema/2024-10-17`),
/// as published by the OpenAPI Initiative.
pub const OVERLAY_SCHEMA_1_0: &str = include_str!("../overlay-schema/1.0.json");

static OVERLAY_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value =
        serde_json::from_str(OVERLAY_SCHEMA_1_0).map_err(|error| error.to_string())?;
    jsonschema::draft202012::options()
        .build(&schema)
        .map_err(|error| error.to_string())
});

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
    /// The file could not be read.
    #[error("{path}: cannot read the overlay")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{path}: not JSON (line {line}, column {column})")]
    Json {
        /// The file.
        path: String,
        /// Where the parser stopped.
        line: usize,
        /// Where the parser stopped.
        column: usize,
        /// The parser's reason.
        #[source]
        source: serde_json::Error,
    },
    /// The document does not conform to the OpenAPI Overlay 1.0 JSON Schema.
    #[error(
        "{path}: not a valid OpenAPI Overlay 1.0 document: at `{pointer}`: {message} (schema \
         keyword `{keyword}`)"
    )]
    Schema {
        /// The file (or `<document>` for a document given as a value).
        path: String,
        /// The JSON pointer of the offending value in the document (`""` is the whole document).
        pointer: String,
        /// What is wrong.
        message: String,
        /// The keyword of the Overlay schema that failed, as a JSON pointer into it.
        keyword: String,
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

/// The SHA-256 of `bytes`, as `sha256:` and 64 hex digits.
#[must_use]
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest.iter() {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Checks `document` against the OpenAPI Overlay 1.0 JSON Schema; the first error names the
/// JSON pointer of the offending value. `path` names the document in the error.
///
/// # Errors
///
/// The document does not conform.
pub fn check_schema(path: &str, document: &Value) -> Result<(), OverlayError> {
    let validator = match &*OVERLAY_VALIDATOR {
        Ok(validator) => validator,
        Err(message) => {
            return Err(OverlayError::Shape {
                reason: format!("the vendored Overlay schema does not compile: {message}"),
            });
        }
    };
    match validator.iter_errors(document).next() {
        None => Ok(()),
        Some(error) => Err(OverlayError::Schema {
            path: path.to_owned(),
            pointer: error.instance_path().as_str().to_owned(),
            message: error.to_string(),
            keyword: error.schema_path().as_str().to_owned(),
        }),
    }
}

/// One parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// Where it was read from (the path as given), or `<document>`.
    pub source: String,
    /// The SHA-256 of the file's bytes (`sha256:…`); of the compact JSON for a document given
    /// as a value.
    pub sha256: String,
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
    /// Per action, in order: the JSON pointers (into the schema as the action found it) of the
    /// nodes it selected.
    pub locations: Vec<Vec<String>>,
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
    /// Reads the overlay file at `path`: JSON, valid against the OpenAPI Overlay 1.0 JSON
    /// Schema, with targets that parse as RFC 9535 JSONPath.
    ///
    /// # Errors
    ///
    /// The file cannot be read, is not JSON, does not conform (the error names the file and
    /// the JSON pointer), or a target does not parse.
    pub fn load(path: &Path) -> Result<Overlay, OverlayError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| OverlayError::Read {
            path: name.clone(),
            source,
        })?;
        let document: Value =
            serde_json::from_slice(&bytes).map_err(|source| OverlayError::Json {
                path: name.clone(),
                line: source.line(),
                column: source.column(),
                source,
            })?;
        check_schema(&name, &document)?;
        let mut overlay = Overlay::parse(&document)?;
        overlay.source = name;
        overlay.sha256 = sha256(&bytes);
        Ok(overlay)
    }

    /// Reads an overlay document given as a value, validated against the OpenAPI Overlay 1.0
    /// JSON Schema like [`Overlay::load`].
    ///
    /// # Errors
    ///
    /// The document does not conform, or a target does not parse.
    pub fn from_document(document: &Value) -> Result<Overlay, OverlayError> {
        check_schema("<document>", document)?;
        Overlay::parse(document)
    }

    /// Reads an overlay document without the schema check: `overlay` a 1.x version, `info` with `title` and `version`,
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
            source: "<document>".to_owned(),
            sha256: sha256(document.to_string().as_bytes()),
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
            applied.locations.push(pointers.clone());
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
    fn the_overlay_schema_names_the_pointer() {
        let good = json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "x-callspec-kind": "acknowledge-drift",
            "actions": [{"target": "$.a", "update": 1, "description": "d"}]
        });
        assert!(Overlay::from_document(&good).is_ok());
        let bad = json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$.a", "update": 1}, {"target": "$.b", "updat": 2}]
        });
        let error = Overlay::from_document(&bad).unwrap_err().to_string();
        assert!(error.contains("<document>"), "{error}");
        assert!(error.contains("at `/actions/1`"), "{error}");
        let newer = json!({
            "overlay": "1.1.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$.a", "update": 1}]
        });
        let error = Overlay::from_document(&newer).unwrap_err().to_string();
        assert!(error.contains("at `/overlay`"), "{error}");
        let dir = std::env::temp_dir().join(format!("callspec-overlay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.overlay.json");
        std::fs::write(&file, bad.to_string()).unwrap();
        let error = Overlay::load(&file).unwrap_err().to_string();
        assert!(error.starts_with(&file.display().to_string()), "{error}");
        assert!(error.contains("/actions/1"), "{error}");
        let file = dir.join("good.overlay.json");
        std::fs::write(&file, good.to_string()).unwrap();
        let overlay = Overlay::load(&file).unwrap();
        assert_eq!(overlay.source, file.display().to_string());
        assert_eq!(overlay.sha256, super::sha256(good.to_string().as_bytes()));
        assert_eq!(
            super::sha256(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        std::fs::remove_dir_all(&dir).unwrap();
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
