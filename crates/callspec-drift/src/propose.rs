//! Proposing a spec change from a report, as OpenAPI Overlay 1.0 documents targeting the
//! published schema: one that acknowledges drift (values added to `x-callspec-known-values`,
//! properties added with the schema their observations support), which leaves the contract
//! unchanged, and one that relaxes the contract (values added to a closed `enum`), for
//! deliberate review. Thresholds keep one-off garbage out; unreadable records contribute
//! nothing, since the report counts values from readable records only.

use std::collections::BTreeMap;

use callspec_core::schema::KNOWN_PROPERTIES;
use serde_json::{Value, json};

use crate::declared::{Declared, declared_pointers, segment};
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
                let action = json!({
                    "target": path,
                    "description": format!("{} {evidence}", if decl.closed { "Relax the contract: add to the closed enum" } else { "Acknowledge a known value" }),
                    "update": value,
                });
                if decl.closed {
                    relax.push(action);
                } else {
                    acknowledge.push(action);
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
            "update": name,
        }));
    }
    (acknowledge, relax)
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
