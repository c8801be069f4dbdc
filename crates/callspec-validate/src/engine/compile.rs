//! Compiling the catalog once per run: each resource's validator, the closed schema of the fast
//! path, the drift shape, and the field table shape routing scores records with.

use std::collections::HashMap;
use std::sync::Arc;

use callspec_core::Resource;
use serde_json::Value;

use super::fast::Program;
use super::lazy::{LazyProgram, LazyValidator};
use super::overlaid::{ActionRef, Overlaid, governed, governs_at};
use super::route::FieldHash;
use super::{Engine, EngineError, Options};
use crate::plan::{Shape, shape_of};

#[derive(Debug)]
pub(super) struct Compiled {
    pub(super) resource: &'static Resource,
    pub(super) validator: LazyValidator,
    /// The fast path's schema: the published one closed over what the spec knows (every object
    /// `additionalProperties: false`, every open enum an `enum` of its known values), so one
    /// `is_valid` answers "conforms and drift-free".
    pub(super) closed: LazyValidator,
    /// The closed schema compiled for the fast path, which decides without building a
    /// `serde_json::Value`; `None` when the schema uses something it does not cover.
    pub(super) fast: Option<Program>,
    /// The published (or amended) schema itself compiled the same way: it accepts exactly what
    /// the contract accepts, so a record with drift alone needs no `jsonschema` validator.
    pub(super) open: LazyProgram,
    pub(super) shape: Shape,
    pub(super) is_array: bool,
    pub(super) required: Vec<Box<str>>,
    /// For a query resource: the JSON type of each parameter, to read query text as.
    pub(super) parameter_types: HashMap<String, &'static str>,
    /// Whether shape routing may pick it (response bodies; not query parameters).
    pub(super) routable: bool,
    /// When overlays amended it: the published schema's checks and the actions, so findings the
    /// overlays changed name them.
    pub(super) overlaid: Option<Box<Overlaid>>,
    /// Its semantic rules, looked up once here rather than per record.
    pub(super) semantics: callspec_core::rule::Semantics,
}

/// The most resources the router tells apart (a bit each in a `u64`).
pub(super) const MAX_RESOURCES: usize = 64;

impl Engine {
    /// Compiles every resource's schema.
    pub fn new(options: Options) -> Result<Engine, EngineError> {
        Engine::with_overlays(options, &[]).map(|(engine, _)| engine)
    }

    /// Compiles every resource's schema, amended first by the `overlays` whose `extends` names
    /// its `$id` (in order); the amended schema must be a valid draft 2020-12 schema. Returns
    /// what each overlay did: the actions that selected nothing and hash mismatches are
    /// warnings, and under `strict` an action that selected nothing is an error.
    pub fn with_overlays(
        options: Options,
        overlays: &[callspec::overlay::Overlay],
    ) -> Result<(Engine, Vec<OverlayReport>), EngineError> {
        let mut compiled = Vec::new();
        let mut reports: Vec<OverlayReport> = overlays
            .iter()
            .map(|o| OverlayReport {
                source: o.source.clone(),
                sha256: o.sha256.clone(),
                title: o.title.clone(),
                extends: o.extends.clone(),
                ..OverlayReport::default()
            })
            .collect();
        for resource in callspec::resources() {
            let mut schema = resource.schema().to_value();
            let published = schema.clone();
            let mut selected: Vec<(usize, usize, String, Vec<String>)> = Vec::new();
            let id = schema.get("$id").and_then(Value::as_str).map(str::to_owned);
            for (index, (overlay, report)) in overlays.iter().zip(&mut reports).enumerate() {
                if overlay.extends.is_none() || overlay.extends != id {
                    continue;
                }
                let hash = callspec::overlay::schema_hash(&schema);
                if let Some(theirs) = &overlay.schema_hash
                    && *theirs != hash
                {
                    report.warnings.push(format!(
                        "made against the schema {theirs}, applied to {hash} of `{}`",
                        resource.id
                    ));
                }
                let applied = overlay.apply(&mut schema);
                for index in applied.unmatched() {
                    let message = format!(
                        "action {index} (`{}`) selects nothing in `{}`",
                        overlay.actions[index].target, resource.id
                    );
                    if options.strict {
                        return Err(EngineError::Overlay { message });
                    }
                    report.warnings.push(message);
                }
                for (action, locations) in applied.locations.into_iter().enumerate() {
                    if !locations.is_empty() {
                        let label = format!(
                            "{} action {action} (`{}`)",
                            overlay.source, overlay.actions[action].target
                        );
                        selected.push((index, action, label, locations));
                    }
                }
                report.resource = Some(resource.id);
                report.hash = Some(hash);
                report.selected = applied.selected;
                if let Err(error) = jsonschema::meta::validate(&schema) {
                    return Err(EngineError::Overlay {
                        message: format!(
                            "the schema of `{}` amended by `{}` is not a valid draft 2020-12 \
                             schema: {error}",
                            resource.id, overlay.title
                        ),
                    });
                }
            }
            let compile = |schema: &Value| {
                callspec::validator_options()
                    .build(schema)
                    .map_err(|source| EngineError::Compile {
                        resource: resource.id,
                        source: Box::new(source),
                    })
            };
            let overlaid = if selected.is_empty() {
                None
            } else {
                let map = governed(&schema);
                let actions = selected
                    .into_iter()
                    .map(|(overlay, action, label, locations)| {
                        let mut governs: Vec<String> = Vec::new();
                        for location in &locations {
                            for pointer in governs_at(&map, location) {
                                if !governs.contains(&pointer) {
                                    governs.push(pointer);
                                }
                            }
                        }
                        ActionRef {
                            overlay,
                            action,
                            label,
                            governs,
                        }
                    })
                    .collect();
                Some(Box::new(Overlaid {
                    validator: compile(&published)?,
                    closed: compile(&closed_schema(published.clone()))?,
                    shape: shape_of(&published),
                    actions,
                }))
            };
            let closed_value = closed_schema(schema.clone());
            let semantics = callspec::semantic::semantics(resource.id);
            let mut fast = Program::compile(&closed_value).ok();
            // A published schema is compiled when a record first needs it; one an overlay
            // amended, now, so its errors show at once. Its validator and its program read one
            // copy.
            let shared = Arc::new(schema.clone());
            let (validator, closed) = if overlaid.is_some() {
                (
                    LazyValidator::compiled(resource.id, compile(&schema)?),
                    LazyValidator::compiled(resource.id, compile(&closed_value)?),
                )
            } else {
                (
                    LazyValidator::new(resource.id, Arc::clone(&shared)),
                    LazyValidator::new(resource.id, Arc::new(closed_value)),
                )
            };
            let open = LazyProgram::new(shared);
            if let Some(fast) = &mut fast
                && !options.no_semantic
            {
                // The members the rules read are kept as the fast path reads a body.
                fast.keep(
                    &super::semantic::rule_fields(&semantics),
                    semantics.each_item,
                );
            }
            let required = resolve_root(&schema)
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).map(Into::into).collect())
                .unwrap_or_default();
            let parameter_types = schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .filter_map(|(k, v)| {
                            let ty = v.get("type").and_then(Value::as_str)?;
                            let ty = ["integer", "number", "boolean"]
                                .into_iter()
                                .find(|t| *t == ty)?;
                            Some((k.clone(), ty))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let routable = !callspec::endpoints()
                .iter()
                .any(|e| e.query == Some(resource.id));
            compiled.push(Compiled {
                routable,
                resource,
                semantics,
                is_array: schema.get("type").and_then(Value::as_str) == Some("array"),
                shape: shape_of(&schema),
                validator,
                closed,
                fast,
                open,
                required,
                parameter_types,
                overlaid,
            });
        }
        let forced = match &options.resource {
            None => None,
            Some(id) => Some(
                compiled
                    .iter()
                    .position(|c| c.resource.id == id)
                    .ok_or_else(|| EngineError::UnknownResource {
                        id: id.clone(),
                        known: callspec::resources().iter().map(|r| r.id).collect(),
                    })?,
            ),
        };
        if compiled.len() > MAX_RESOURCES {
            return Err(EngineError::TooManyResources { max: MAX_RESOURCES });
        }
        let mut keys: HashMap<Box<str>, (u64, u64), FieldHash> = HashMap::default();
        for (i, c) in compiled.iter().enumerate().filter(|(_, c)| c.routable) {
            for key in c.shape.known() {
                keys.entry(key.clone()).or_default().0 |= 1 << i;
            }
            for key in &c.required {
                keys.entry(key.clone()).or_default().1 |= 1 << i;
            }
        }
        for report in &mut reports {
            if report.resource.is_none() {
                report.warnings.push(format!(
                    "extends {}, which is no resource's `$id`",
                    report.extends.as_deref().unwrap_or("nothing")
                ));
            }
        }
        let overlay_summaries = overlays
            .iter()
            .zip(&reports)
            .map(|(overlay, report)| crate::run::OverlaySummary {
                source: overlay.source.clone(),
                sha256: overlay.sha256.clone(),
                title: overlay.title.clone(),
                resource: report.resource,
                actions: report.selected.len(),
                applied: report.selected.iter().filter(|n| **n > 0).count(),
                unmatched: (0..report.selected.len())
                    .filter(|i| report.selected[*i] == 0)
                    .collect(),
                changed: 0,
                removed: 0,
            })
            .collect();
        let engine = Engine {
            overlays: overlay_summaries,
            keys,
            compiled,
            forced,
            max_depth: None,
            strict: options.strict,
            semantic: !options.no_semantic,
            rule_levels: options.rules,
        };
        Ok((engine, reports))
    }
}

/// What one overlay did to the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverlayReport {
    /// Where the overlay was read from.
    pub source: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// The overlay's `info.title`.
    pub title: String,
    /// What it extends.
    pub extends: Option<String>,
    /// The resource it amended.
    pub resource: Option<&'static str>,
    /// The hash of the schema it was applied to.
    pub hash: Option<String>,
    /// Per action: how many nodes it selected.
    pub selected: Vec<usize>,
    /// Actions that selected nothing, hash mismatches, an `extends` naming no resource.
    pub warnings: Vec<String>,
}

/// The published schema closed over what the spec knows: valid against it means conforming and
/// drift-free. Objects that list their known properties forbid others; open enums allow only
/// their known values.
pub(super) fn closed_schema(mut schema: Value) -> Value {
    fn close(value: &mut Value) {
        match value {
            Value::Object(object) => {
                if object.contains_key(callspec_core::schema::KNOWN_PROPERTIES) {
                    object.insert("additionalProperties".into(), Value::Bool(false));
                }
                if let Some(known) = object.get(callspec_core::schema::KNOWN_VALUES).cloned() {
                    object.insert("enum".into(), known);
                }
                object.values_mut().for_each(close);
            }
            Value::Array(items) => items.iter_mut().for_each(close),
            _ => {}
        }
    }
    close(&mut schema);
    schema
}

/// The root schema with its `$ref` followed (a list resource's items are the shape that counts).
fn resolve_root(schema: &Value) -> &Value {
    let target = schema.get("items").unwrap_or(schema);
    match target
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => schema
            .get("$defs")
            .and_then(|d| d.get(name))
            .unwrap_or(target),
        None => target,
    }
}
