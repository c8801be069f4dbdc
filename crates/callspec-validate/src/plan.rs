//! What the validator reads out of a published schema once per run: a shape tree that tells
//! drift (members outside `x-callspec-known-properties`, values outside
//! `x-callspec-known-values`) with one walk over the instance, and the root facts shape routing
//! scores records against.

use serde_json::{Map, Value};

use callspec_core::schema::{KNOWN_PROPERTIES, KNOWN_VALUES};

use crate::finding::{Code, Finding};
use crate::pointer::Pointer;

/// The drift-relevant shape of a schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Nothing to check for drift.
    Any,
    /// An object with known members; members not in `known` (sorted) are drift. `members[i]`
    /// is the shape of `known[i]`.
    Object {
        known: Vec<Box<str>>,
        members: Vec<Shape>,
    },
    /// An object used as a map: any key, each value of one shape.
    Map(Box<Shape>),
    /// An array of one shape.
    Array(Box<Shape>),
    /// An open enum: strings outside `known` are drift.
    OpenEnum(Vec<Box<str>>),
    /// Several alternatives (`anyOf`, other than a nullable pair): checked with the first whose
    /// JSON type fits.
    Union(Vec<(Option<&'static str>, Shape)>),
}

/// Reads the drift shape of `schema`, resolving `$ref`s into its `$defs`.
pub(crate) fn shape_of(root: &Value) -> Shape {
    let defs = root.get("$defs").and_then(Value::as_object);
    build(root, defs, 0)
}

fn build(schema: &Value, defs: Option<&Map<String, Value>>, depth: usize) -> Shape {
    let Some(object) = schema.as_object() else {
        return Shape::Any;
    };
    if depth > 64 {
        return Shape::Any;
    }
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/$defs/")
            .and_then(|name| defs.and_then(|d| d.get(name)));
        return target.map_or(Shape::Any, |t| build(t, defs, depth + 1));
    }
    if let Some(Value::Array(branches)) = object.get("anyOf") {
        let non_null: Vec<&Value> = branches
            .iter()
            .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        let shapes: Vec<(Option<&'static str>, Shape)> = non_null
            .iter()
            .map(|b| (json_type(b, defs), build(b, defs, depth + 1)))
            .filter(|(_, s)| *s != Shape::Any)
            .collect();
        return match shapes.len() {
            0 => Shape::Any,
            1 if non_null.len() == 1 => shapes.into_iter().next().map_or(Shape::Any, |(_, s)| s),
            _ => Shape::Union(shapes),
        };
    }
    if let Some(Value::Array(values)) = object.get(KNOWN_VALUES) {
        return Shape::OpenEnum(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(Into::into)
                .collect(),
        );
    }
    if let Some(Value::Array(known)) = object.get(KNOWN_PROPERTIES) {
        let properties = object.get("properties").and_then(Value::as_object);
        let mut known: Vec<Box<str>> = known
            .iter()
            .filter_map(Value::as_str)
            .map(Into::into)
            .collect();
        known.sort();
        let members = known
            .iter()
            .map(|k| {
                properties
                    .and_then(|p| p.get(&**k))
                    .map_or(Shape::Any, |v| build(v, defs, depth + 1))
            })
            .collect();
        return Shape::Object { known, members };
    }
    if let Some(additional) = object.get("additionalProperties").filter(|a| a.is_object()) {
        return Shape::Map(Box::new(build(additional, defs, depth + 1)));
    }
    if let Some(items) = object.get("items") {
        return Shape::Array(Box::new(build(items, defs, depth + 1)));
    }
    Shape::Any
}

/// The JSON type a branch requires, when it names exactly one (following `$ref`).
fn json_type(schema: &Value, defs: Option<&Map<String, Value>>) -> Option<&'static str> {
    let resolved = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/$defs/")
            .and_then(|n| defs.and_then(|d| d.get(n)))?,
        None => schema,
    };
    let ty = resolved.get("type").and_then(Value::as_str)?;
    ["object", "array", "string", "number", "integer", "boolean"]
        .into_iter()
        .find(|t| *t == ty)
}

fn fits(ty: Option<&str>, value: &Value) -> bool {
    match (ty, value) {
        (None, _) => true,
        (Some("object"), Value::Object(_)) | (Some("array"), Value::Array(_)) => true,
        (Some("string"), Value::String(_)) | (Some("boolean"), Value::Bool(_)) => true,
        (Some("number"), Value::Number(_)) => true,
        (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
        _ => false,
    }
}

impl Shape {
    /// Whether `value` has no drift, allocating nothing. The engine's fast path asks the closed
    /// schema instead; this is the oracle its tests compare that with.
    #[cfg(test)]
    pub(crate) fn is_drift_free(&self, value: &Value) -> bool {
        match (self, value) {
            (Shape::Object { known, members }, Value::Object(object)) => {
                // Both sides are sorted (serde_json's map is a BTreeMap): one merge walk.
                let mut k = 0;
                for (key, child) in object {
                    while k < known.len() && *known[k] < **key {
                        k += 1;
                    }
                    if k == known.len() || *known[k] != **key || !members[k].is_drift_free(child) {
                        return false;
                    }
                    k += 1;
                }
                true
            }
            (Shape::Map(shape), Value::Object(object)) => {
                object.values().all(|v| shape.is_drift_free(v))
            }
            (Shape::Array(shape), Value::Array(items)) => {
                items.iter().all(|v| shape.is_drift_free(v))
            }
            (Shape::OpenEnum(known), Value::String(s)) => known.iter().any(|k| **k == **s),
            (Shape::Union(branches), v) => branches
                .iter()
                .find(|(ty, _)| fits(*ty, v))
                .is_none_or(|(_, s)| s.is_drift_free(v)),
            _ => true,
        }
    }

    /// Every drift finding in `value`, in document order.
    pub(crate) fn drift(&self, value: &Value, pointer: &mut Pointer, out: &mut Vec<Finding>) {
        match (self, value) {
            (Shape::Object { known, members }, Value::Object(object)) => {
                for (key, child) in object {
                    pointer.push_key(key);
                    if known
                        .binary_search_by(|probe| (**probe).cmp(key.as_str()))
                        .is_err()
                    {
                        out.push(
                            Finding::new(
                                Code::DriftUnknownField,
                                pointer.as_str(),
                                format!("field `{key}` is not in the spec"),
                            )
                            .expected(format!("one of the {} fields the spec lists", known.len()))
                            .actual(format!("`{key}`")),
                        );
                    } else if let Ok(i) =
                        known.binary_search_by(|probe| (**probe).cmp(key.as_str()))
                    {
                        members[i].drift(child, pointer, out);
                    }
                    pointer.pop();
                }
            }
            (Shape::Map(shape), Value::Object(object)) => {
                for (key, child) in object {
                    pointer.push_key(key);
                    shape.drift(child, pointer, out);
                    pointer.pop();
                }
            }
            (Shape::Array(shape), Value::Array(items)) => {
                for (i, child) in items.iter().enumerate() {
                    pointer.push_index(i);
                    shape.drift(child, pointer, out);
                    pointer.pop();
                }
            }
            (Shape::OpenEnum(known), Value::String(s)) if !known.iter().any(|k| **k == **s) => {
                out.push(
                    Finding::new(
                        Code::DriftUnknownValue,
                        pointer.as_str(),
                        format!("value `{s}` is not among the known values of this open enum"),
                    )
                    .expected(format!("one of {}", join_ticks(known)))
                    .actual(format!("`{s}`")),
                );
            }
            (Shape::Union(branches), v) => {
                if let Some((_, shape)) = branches.iter().find(|(ty, _)| fits(*ty, v)) {
                    shape.drift(v, pointer, out);
                }
            }
            _ => {}
        }
    }

    /// The known members of the root, for shape routing.
    pub(crate) fn known(&self) -> &[Box<str>] {
        match self {
            Shape::Object { known, .. } => known,
            Shape::Array(item) => item.known(),
            _ => &[],
        }
    }
}

fn join_ticks(items: &[Box<str>]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(item);
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(id: &str) -> Shape {
        let resource = callspec::resource(id).unwrap();
        shape_of(resource.schema().as_value())
    }

    #[test]
    fn bandwidth_drift() {
        let shape = shape("bandwidth/voice-v2/call-state");
        let body = json!({"callId": "c", "disconnectCause": "hangup", "errorId": null});
        assert!(shape.is_drift_free(&body));
        let body = json!({"callId": "c", "disconnectCause": "carrier", "extra": 1});
        assert!(!shape.is_drift_free(&body));
        let mut out = Vec::new();
        shape.drift(&body, &mut Pointer::default(), &mut out);
        let found: Vec<(&str, &str)> = out
            .iter()
            .map(|f| (f.code.as_str(), f.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("drift/unknown-value", "/disconnectCause"),
                ("drift/unknown-field", "/extra")
            ]
        );
    }

    #[test]
    fn nested_and_maps() {
        let shape = shape("bandwidth/catapult-v1/list-calls");
        let body = json!([{"id": "a", "sipHeaders": {"X-Any": "v"}}, {"id": "b", "tag": "x"}]);
        let mut out = Vec::new();
        shape.drift(&body, &mut Pointer::default(), &mut out);
        let found: Vec<&str> = out.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(found, ["/1/tag"]);
        let shape = self::shape("vonage/v0/call-detail");
        let body = json!({"from": {"telephoneNumber": "0", "queue": "q"}, "result": {"code": "x", "extra": 1}});
        let mut out = Vec::new();
        shape.drift(&body, &mut Pointer::default(), &mut out);
        let found: Vec<&str> = out.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(found, ["/from/queue", "/result/extra"]);
    }
}
