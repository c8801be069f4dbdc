//! How callspec writes JSON Schemas: the `x-callspec-*` annotation keywords that carry what
//! drift detection needs, and the generator settings every resource schema is built with. The
//! formats the schemas use are in [`crate::format`], re-exported here.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

use crate::descriptor::SourceDocument;

/// The JSON Schema dialect of every published schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The base of every schema's `$id`.
pub const ID_BASE: &str = "https://callspec.dev/specs/";

pub use crate::format::{
    FORMAT_RFC2822, FORMAT_RFC3339, FORMAT_URI, FORMAT_URI_REFERENCE, FORMAT_UUID, Format, formats,
};

/// Annotation on every object schema: the property names the spec knows. Anything else is drift.
pub const KNOWN_PROPERTIES: &str = "x-callspec-known-properties";
/// Annotation on every open enum: the values the spec knows. Any other string is drift.
pub const KNOWN_VALUES: &str = "x-callspec-known-values";
/// Annotation on the root: the public URL of the provider document the schema encodes.
pub const SOURCE: &str = "x-callspec-source";
/// Annotation on the root: the resource id.
pub const RESOURCE: &str = "x-callspec-resource";

/// The generator settings of every resource schema: draft 2020-12, definitions under `$defs`.
pub fn settings() -> SchemaSettings {
    SchemaSettings::draft2020_12()
}

/// Builds the published schema of a resource: the root schema of `T`, with `$id`, the resource
/// and source annotations, the source document cited at the end of the root description, and
/// `x-callspec-known-properties` on every object that lists properties.
pub fn resource_schema<T: JsonSchema>(id: &str, source: &SourceDocument) -> Schema {
    let mut schema = settings().into_generator().into_root_schema_for::<T>();
    let object = schema.ensure_object();
    object.insert(
        "$id".into(),
        Value::String(format!("{ID_BASE}{id}.schema.json")),
    );
    object.insert(RESOURCE.into(), Value::String(id.to_owned()));
    object.insert(SOURCE.into(), Value::String(source.url.to_owned()));
    annotate_known_properties(object);
    let cited = format!("Source: {}.", source.citation());
    let description = match object.get("description").and_then(Value::as_str) {
        Some(text) => format!("{text}\n\n{cited}"),
        None => cited,
    };
    object.insert("description".into(), Value::String(description));
    schema
}

/// schemars' integer formats (`uint32`, `int64`, ...) are not JSON Schema formats: the type and
/// the `minimum`/`maximum` bounds say the same, and a validator asserting formats would reject
/// an unknown one.
const NUMERIC_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "int128", "int", "uint8", "uint16", "uint32", "uint64",
    "uint128", "uint", "float", "double",
];

fn annotate_known_properties(object: &mut Map<String, Value>) {
    if object
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| NUMERIC_FORMATS.contains(&f))
    {
        object.remove("format");
    }
    if let Some(Value::String(description)) = object.get_mut("description") {
        *description = unwrap_lines(description);
    }
    if let Some(Value::Object(properties)) = object.get("properties") {
        let known: Vec<Value> = properties.keys().cloned().map(Value::String).collect();
        object.insert(KNOWN_PROPERTIES.into(), Value::Array(known));
    }
    for (_, value) in object.iter_mut() {
        annotate_value(value);
    }
}

fn annotate_value(value: &mut Value) {
    match value {
        Value::Object(object) => annotate_known_properties(object),
        Value::Array(items) => items.iter_mut().for_each(annotate_value),
        _ => {}
    }
}

/// Joins the lines of each paragraph of a doc comment, as a reader of the schema sees prose.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Joins doc-comment lines into a schema description the way schemars does: lines of one
/// paragraph joined with spaces, paragraphs separated by a blank line.
pub fn doc_text(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines.iter().map(|l| l.trim()) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { " " });
        }
        blank = false;
        out.push_str(line);
    }
    out
}
