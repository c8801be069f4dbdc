//! What the published schema says about each place in a payload: its JSON types, whether it
//! may be null, whether its parent requires it, its format, pattern, enum, bounds and known
//! properties. The edge, drift and invalid catalogues are derived from these slots, so they
//! follow the specs as the models change.

use serde_json::{Map, Value};

/// One step of a slot's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// An object member (names come from the schema, built once per resource and kept for
    /// the life of the program).
    Key(&'static str),
    /// Any element of an array.
    Each,
}

/// What the schema says about one place.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    /// JSON types allowed besides null: `string`, `integer`, `number`, `boolean`, `object`,
    /// `array`.
    pub(crate) types: Vec<String>,
    pub(crate) nullable: bool,
    pub(crate) format: Option<String>,
    pub(crate) pattern: Option<String>,
    /// A closed enum's values.
    pub(crate) enum_values: Option<Vec<String>>,
    /// An open enum's known values (`x-callspec-known-values`).
    pub(crate) known_values: Option<Vec<String>>,
    pub(crate) minimum: Option<f64>,
    pub(crate) maximum: Option<f64>,
    /// For an object with listed properties: each property and whether it is required.
    pub(crate) properties: Vec<(String, Shape, bool)>,
    /// `x-callspec-known-properties`, when the object lists properties.
    pub(crate) known_properties: Option<Vec<String>>,
    /// `maxProperties`, `propertyNames` or `additionalProperties` constrain the object (a map
    /// such as `sipHeaders`).
    pub(crate) is_map: bool,
    pub(crate) items: Option<Box<Shape>>,
}

impl Shape {
    pub(crate) fn is(&self, ty: &str) -> bool {
        self.types.iter().any(|t| t == ty)
    }
}

/// A place in a resource's payloads.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) path: Vec<Seg>,
    pub(crate) shape: Shape,
    /// Whether the parent object requires the member.
    pub(crate) required: bool,
}

impl Slot {
    /// The slot's name in case names: members joined by `.`, array elements as `[]`
    /// (`links[].href`, `[].startTime`).
    pub(crate) fn name(&self) -> String {
        path_name(&self.path)
    }

    /// Whether the slot is an object member (not the root, not an array element).
    pub(crate) fn is_member(&self) -> bool {
        matches!(self.path.last(), Some(Seg::Key(_)))
    }

    /// Whether the slot lies below a top-level member, so a rich base is needed to reach it.
    pub(crate) fn nested(&self) -> bool {
        self.path.len() > 1
    }
}

/// The display name of a path.
pub(crate) fn path_name(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Each => out.push_str("[]"),
        }
    }
    if out.is_empty() {
        out.push_str("body");
    }
    out
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
            .map_or(node, |target| resolve(root, target)),
        None => node,
    }
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    value.and_then(Value::as_array).map(|items| {
        items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    })
}

/// Reads the shape of `node` (resolving `$ref` and merging `anyOf` branches).
pub(crate) fn shape(root: &Value, node: &Value) -> Shape {
    let node = resolve(root, node);
    let mut out = Shape::default();
    if let Some(branches) = node.get("anyOf").and_then(Value::as_array) {
        for branch in branches {
            merge(&mut out, shape(root, branch));
        }
    }
    let Some(object) = node.as_object() else {
        return out;
    };
    read_own(root, object, &mut out);
    out
}

fn merge(into: &mut Shape, from: Shape) {
    for ty in from.types {
        if !into.types.contains(&ty) {
            into.types.push(ty);
        }
    }
    into.nullable |= from.nullable;
    into.format = into.format.take().or(from.format);
    into.pattern = into.pattern.take().or(from.pattern);
    into.enum_values = into.enum_values.take().or(from.enum_values);
    into.known_values = into.known_values.take().or(from.known_values);
    into.minimum = into.minimum.or(from.minimum);
    into.maximum = into.maximum.or(from.maximum);
    if into.properties.is_empty() {
        into.properties = from.properties;
    }
    into.known_properties = into.known_properties.take().or(from.known_properties);
    into.is_map |= from.is_map;
    into.items = into.items.take().or(from.items);
}

fn read_own(root: &Value, object: &Map<String, Value>, out: &mut Shape) {
    match object.get("type") {
        Some(Value::String(ty)) => push_type(out, ty),
        Some(Value::Array(types)) => {
            for ty in types.iter().filter_map(Value::as_str) {
                push_type(out, ty);
            }
        }
        _ => {}
    }
    if let Some(format) = object.get("format").and_then(Value::as_str) {
        out.format = Some(format.to_owned());
    }
    if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
        out.pattern = Some(pattern.to_owned());
    }
    if let Some(values) = strings(object.get("enum")) {
        out.enum_values = Some(values);
    }
    if let Some(values) = strings(object.get(callspec_core::schema::KNOWN_VALUES)) {
        out.known_values = Some(values);
    }
    out.minimum = out
        .minimum
        .or(object.get("minimum").and_then(Value::as_f64));
    out.maximum = out
        .maximum
        .or(object.get("maximum").and_then(Value::as_f64));
    if let Some(Value::Object(properties)) = object.get("properties") {
        let required = strings(object.get("required")).unwrap_or_default();
        out.properties = properties
            .iter()
            .map(|(name, node)| (name.clone(), shape(root, node), required.contains(name)))
            .collect();
    }
    if let Some(known) = strings(object.get(callspec_core::schema::KNOWN_PROPERTIES)) {
        out.known_properties = Some(known);
    }
    out.is_map |= ["maxProperties", "propertyNames", "additionalProperties"]
        .iter()
        .any(|k| object.contains_key(*k));
    if let Some(items) = object.get("items") {
        out.items = Some(Box::new(shape(root, items)));
    }
}

fn push_type(out: &mut Shape, ty: &str) {
    if ty == "null" {
        out.nullable = true;
    } else if !out.types.iter().any(|t| t == ty) {
        out.types.push(ty.to_owned());
    }
}

/// Every slot of a schema, depth first, the root first (its path is empty).
pub(crate) fn slots(schema: &Value) -> Vec<Slot> {
    let root = shape(schema, schema);
    let mut out = Vec::new();
    walk(&root, &mut Vec::new(), true, &mut out);
    out
}

fn walk(shape: &Shape, path: &mut Vec<Seg>, required: bool, out: &mut Vec<Slot>) {
    out.push(Slot {
        path: path.clone(),
        shape: shape.clone(),
        required,
    });
    for (name, child, required) in &shape.properties {
        // Leaked once per property of each resource's schema: the catalogues live as long as
        // the program, and borrowed keys keep generation free of key allocations.
        path.push(Seg::Key(Box::leak(name.clone().into_boxed_str())));
        walk(child, path, *required, out);
        path.pop();
    }
    if let Some(items) = &shape.items {
        path.push(Seg::Each);
        walk(items, path, true, out);
        path.pop();
    }
}
