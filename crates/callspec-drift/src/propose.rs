//! Proposing a spec change from a report, as OpenAPI Overlay 1.0 documents targeting the
//! published schema: one that acknowledges drift (values added to `x-callspec-known-values`,
//! properties added with the schema their observations support), which leaves the contract
//! unchanged, and one that relaxes the contract (a value added to a closed `enum`, a field made
//! nullable, a field made optional, a type widened), for deliberate review; each relaxing
//! action says so in its `description` and in `x-callspec-relax`. An update to an array is an
//! array of the items to append, which Overlay implementations read alike (`openapi-format`
//! merges a single value over an array instead of appending it). Thresholds keep one-off garbage
//! out; unreadable records contribute nothing, since the report counts values from readable
//! records only.

use std::collections::BTreeMap;

use callspec_core::schema::KNOWN_PROPERTIES;
use serde_json::{Value, json};

use crate::collect::json_type;
use crate::declared::{Declared, child_pointer, declared_pointers, segment};
use crate::model::{DriftReport, PointerStats, ResourceReport};

pub use callspec::overlay::schema_hash;

/// What an observation needs to be proposed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Occurrences at least.
    pub min_count: u64,
    /// Share of the occasions at least (0 to 1): of the parent objects for a field, of the
    /// values at the pointer for a value.
    pub min_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_count: 1,
            min_share: 0.0,
        }
    }
}

/// The overlays proposed for one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The resource id.
    pub resource: String,
    /// Acknowledging drift: the contract is unchanged.
    pub acknowledge: Option<Value>,
    /// Relaxing the contract: to review deliberately.
    pub relax: Option<Value>,
}

/// The overlays `report` supports, one [`Proposal`] per resource with anything to propose.
#[must_use]
pub fn propose(report: &DriftReport, thresholds: Thresholds) -> Vec<Proposal> {
    let mut out = Vec::new();
    for (id, resource) in &report.resources {
        let Some(spec) = callspec::resource(id) else {
            continue;
        };
        let schema = spec.schema().to_value();
        let declared = declared_pointers(&schema);
        let (acknowledge, relax) = actions(resource, &declared, thresholds);
        let document = |kind: &str, actions: Vec<Value>| {
            (!actions.is_empty()).then(|| {
                json!({
                    "overlay": "1.0.0",
                    "info": {
                        "title": format!("{id}: {kind}"),
                        "version": "1.0.0",
                    },
                    "extends": schema.get("$id").cloned().unwrap_or(Value::Null),
                    "x-callspec-schema-hash": schema_hash(&schema),
                    "x-callspec-kind": kind,
                    "actions": actions,
                })
            })
        };
        let proposal = Proposal {
            resource: id.clone(),
            acknowledge: document("acknowledge-drift", acknowledge),
            relax: document("relax-contract", relax),
        };
        if proposal.acknowledge.is_some() || proposal.relax.is_some() {
            out.push(proposal);
        }
    }
    out
}

fn actions(
    resource: &ResourceReport,
    declared: &BTreeMap<String, Declared>,
    thresholds: Thresholds,
) -> (Vec<Value>, Vec<Value>) {
    let (mut acknowledge, mut relax) = (Vec::new(), Vec::new());
    let passes = |count: u64, of: u64| {
        count >= thresholds.min_count
            && of > 0
            && (count as f64 / of as f64) >= thresholds.min_share
    };
    for (pointer, stats) in &resource.pointers {
        // New values at declared enums.
        if let (Some(values), Some(decl)) = (&stats.values, declared.get(pointer)) {
            let Some(path) = &decl.values_path else {
                continue;
            };
            let of = stats.present - stats.null;
            for (value, stat) in values.counted.iter().filter(|(_, s)| !s.known) {
                if !passes(stat.count, of) {
                    continue;
                }
                let evidence = format!(
                    "`{value}` at {pointer}: {} of {of} values ({}){}{}",
                    stat.count,
                    share(stat.count, of),
                    seen(stat.first_seen.as_deref(), stat.last_seen.as_deref()),
                    stat.example
                        .as_ref()
                        .map(|e| format!(", e.g. {e}"))
                        .unwrap_or_default()
                );
                if decl.closed {
                    relax.push(json!({
                        "target": path,
                        "description": format!("Relax the contract: add to the closed enum {evidence}"),
                        "update": [value],
                        (RELAX): "enum-value",
                    }));
                } else {
                    acknowledge.push(json!({
                        "target": path,
                        "description": format!("Acknowledge a known value {evidence}"),
                        "update": [value],
                    }));
                }
            }
        }
        // New fields under declared objects.
        if stats.declared {
            continue;
        }
        let Some((parent, name)) = pointer.rsplit_once('/') else {
            continue;
        };
        let Some(properties_path) = declared
            .get(parent)
            .and_then(|d| d.properties_path.as_ref())
        else {
            continue;
        };
        let Some(parent_stats) = resource.pointers.get(parent) else {
            continue;
        };
        let of = parent_stats.types.get("object").copied().unwrap_or(0);
        if name == "*" || !passes(stats.present, of) {
            continue;
        }
        let name = name.replace("~1", "/").replace("~0", "~");
        let evidence = format!(
            "{pointer}: in {} of {of} objects ({}){}{}",
            stats.present,
            share(stats.present, of),
            seen(stats.first_seen.as_deref(), stats.last_seen.as_deref()),
            stats
                .examples
                .first()
                .map(|e| format!(", e.g. {}", e.at))
                .unwrap_or_default()
        );
        acknowledge.push(json!({
            "target": format!("{properties_path}['properties']"),
            "description": format!("Acknowledge a known field {evidence}"),
            "update": { name.clone(): observed_schema(stats) },
        }));
        acknowledge.push(json!({
            "target": format!("{properties_path}{}", segment(KNOWN_PROPERTIES)),
            "description": format!("List the field as known {evidence}"),
            "update": [name],
        }));
    }
    relax_types(resource, declared, &passes, &mut relax);
    relax_required(resource, declared, &passes, &mut relax);
    (acknowledge, relax)
}

/// The extension member naming how an action relaxes the contract: `enum-value`, `nullable`,
/// `widen-type` or `optional`.
const RELAX: &str = "x-callspec-relax";

/// Declared pointers whose values had a type the schema forbids: `null` (made nullable) or
/// another type (widened; not at enumerated pointers, where a new value is proposed instead).
fn relax_types(
    resource: &ResourceReport,
    declared: &BTreeMap<String, Declared>,
    passes: &dyn Fn(u64, u64) -> bool,
    relax: &mut Vec<Value>,
) {
    for (pointer, decl) in declared.iter().filter(|(p, _)| !p.is_empty()) {
        let (Some(stats), false) = (resource.pointers.get(pointer), decl.types.is_empty()) else {
            continue;
        };
        let allows = |t: &str| {
            decl.types
                .iter()
                .any(|d| d == t || (t == "integer" && d == "number"))
        };
        let of = stats.present;
        let mut extra: Vec<&str> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        let mut kinds: Vec<&str> = Vec::new();
        let null_known = decl.known.iter().any(|k| k == "null");
        if stats.null > 0 && !allows("null") && !null_known && passes(stats.null, of) {
            extra.push("null");
            kinds.push("nullable");
            reasons.push(format!(
                "make {pointer} nullable: null in {} of {of} values ({})",
                stats.null,
                share(stats.null, of)
            ));
        }
        if !decl.enumerated {
            for (ty, count) in &stats.types {
                if ty == "null" || allows(ty) || !passes(*count, of) {
                    continue;
                }
                extra.push(ty);
                if !kinds.contains(&"widen-type") {
                    kinds.push("widen-type");
                }
                reasons.push(format!(
                    "widen the type of {pointer} to {ty}: {count} of {of} values ({})",
                    share(*count, of)
                ));
            }
        }
        if extra.contains(&"number") {
            extra.retain(|t| *t != "integer");
        }
        if extra.is_empty() {
            continue;
        }
        let Some((path, node)) = &decl.node else {
            continue;
        };
        // An example position only where one of the kept examples holds such a value.
        let example = stats.examples.iter().find(|e| {
            serde_json::from_str::<Value>(&e.value)
                .is_ok_and(|v| extra.iter().any(|t| json_type(&v) == *t))
        });
        let description = format!(
            "Relax the contract: {}{}{}",
            reasons.join("; "),
            seen(stats.first_seen.as_deref(), stats.last_seen.as_deref()),
            example
                .map(|e| format!(", e.g. {}", e.at))
                .unwrap_or_default()
        );
        let kind = kinds.join(" ");
        let added = if extra.len() == 1 {
            json!({"type": extra[0]})
        } else {
            json!({"type": extra})
        };
        if let Some(existing) = node.get("type") {
            // A `type` array gets the types appended; a single `type` is replaced by the list.
            relax.push(if existing.is_array() {
                json!({
                    "target": format!("{path}['type']"),
                    "description": description,
                    "update": extra,
                    (RELAX): kind,
                })
            } else {
                let mut types = vec![existing.clone()];
                types.extend(extra.iter().map(|t| json!(t)));
                json!({
                    "target": path,
                    "description": description,
                    "update": {"type": types},
                    (RELAX): kind,
                })
            });
            if extra.contains(&"null") && node.get("enum").is_some_and(Value::is_array) {
                relax.push(json!({
                    "target": format!("{path}['enum']"),
                    "description": format!("Relax the contract: list null in the enum of {pointer}"),
                    "update": [Value::Null],
                    (RELAX): "nullable",
                }));
            }
        } else if node.get("anyOf").is_some_and(Value::is_array) {
            relax.push(json!({
                "target": format!("{path}['anyOf']"),
                "description": description,
                "update": [added],
                (RELAX): kind,
            }));
        } else if let Some(reference) = node.get("$ref") {
            relax.push(json!({
                "target": format!("{path}['$ref']"),
                "description": format!("Relax the contract: move the `$ref` of {pointer} into an `anyOf` (the next action)"),
                "remove": true,
                (RELAX): kind,
            }));
            relax.push(json!({
                "target": path,
                "description": description,
                "update": {"anyOf": [{"$ref": reference}, added]},
                (RELAX): kind,
            }));
        }
    }
}

/// Required fields that were absent from objects of their parent: removed from `required`,
/// last index first so each action's index still names its field.
fn relax_required(
    resource: &ResourceReport,
    declared: &BTreeMap<String, Declared>,
    passes: &dyn Fn(u64, u64) -> bool,
    relax: &mut Vec<Value>,
) {
    let mut removals: Vec<(String, usize, Value)> = Vec::new();
    for (parent, decl) in declared {
        let Some(parent_stats) = resource.pointers.get(parent) else {
            continue;
        };
        let objects = parent_stats.types.get("object").copied().unwrap_or(0);
        for (path, names) in &decl.required {
            for (index, name) in names.iter().enumerate() {
                let pointer = child_pointer(parent, name);
                let stats = resource.pointers.get(&pointer);
                let present = stats.map_or(0, |s| s.present);
                let absent = objects.saturating_sub(present);
                if absent == 0 || !passes(absent, objects) {
                    continue;
                }
                let description = format!(
                    "Relax the contract: make {pointer} optional: absent from {absent} of \
                     {objects} objects ({}){}{}",
                    share(absent, objects),
                    seen(
                        parent_stats.first_seen.as_deref(),
                        parent_stats.last_seen.as_deref()
                    ),
                    parent_stats
                        .examples
                        .first()
                        .map(|e| format!(", e.g. an object at {}", e.at))
                        .unwrap_or_default()
                );
                removals.push((
                    path.clone(),
                    index,
                    json!({
                        "target": format!("{path}[{index}]"),
                        "description": description,
                        "remove": true,
                        (RELAX): "optional",
                    }),
                ));
            }
        }
    }
    removals.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    relax.extend(removals.into_iter().map(|(_, _, action)| action));
}

/// The schema a field's observations support: the types seen, and `date-time` when every
/// string was RFC 3339.
fn observed_schema(stats: &PointerStats) -> Value {
    let mut types: Vec<&str> = stats.types.keys().map(String::as_str).collect();
    if types.contains(&"number") {
        types.retain(|t| *t != "integer");
    }
    let mut schema = serde_json::Map::new();
    schema.insert(
        "type".into(),
        if types.len() == 1 {
            json!(types[0])
        } else {
            json!(types)
        },
    );
    if !stats.formats.is_empty() && stats.formats.keys().all(|f| f.starts_with("rfc3339/")) {
        schema.insert("format".into(), json!("date-time"));
    }
    Value::Object(schema)
}

fn share(count: u64, of: u64) -> String {
    format!("{:.1}%", 100.0 * count as f64 / of.max(1) as f64)
}

fn seen(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => format!(", first seen {first}, last seen {last}"),
        _ => String::new(),
    }
}
