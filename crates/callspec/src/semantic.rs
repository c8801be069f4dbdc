//! The semantic rules of the catalog: each resource's rules as its provider registers them
//! ([`semantics`]), and the published schema with the half of them JSON Schema can express
//! (state => presence and null-ness) added as `if`/`then` blocks in `allOf`, each with a
//! `$comment` naming the rule ([`published_schema`]). The specs writer publishes that schema;
//! the validator compiles the plain one and checks every rule itself.

use callspec_core::rule::{Semantics, if_then};
use serde_json::Value;

use crate::{Resource, registrations};

/// The semantic rules of the resource with this id ([`Semantics::NONE`] when it has none or
/// nothing registers it).
pub fn semantics(id: &str) -> Semantics {
    registrations()
        .iter()
        .find(|r| r.resource.id == id)
        .map_or(Semantics::NONE, |r| r.semantics)
}

/// The schema `specs/` publishes for `resource`: its model's schema, plus one `if`/`then`
/// block in `allOf` per state-and-fields rule, so any draft 2020-12 validator enforces that
/// half of the rules.
pub fn published_schema(resource: &Resource) -> Value {
    let mut schema = resource.schema().to_value();
    let blocks = if_then(&semantics(resource.id));
    if blocks.is_empty() {
        return schema;
    }
    if let Some(object) = schema.as_object_mut() {
        match object.get_mut("allOf").and_then(Value::as_array_mut) {
            Some(all_of) => all_of.extend(blocks),
            None => {
                object.insert("allOf".to_owned(), Value::Array(blocks));
            }
        }
    }
    schema
}
