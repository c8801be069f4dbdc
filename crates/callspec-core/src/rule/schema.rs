//! The half of the semantic rules JSON Schema can express: "when the state is X, field Y is
//! present and not null (or absent or null)", as `if`/`then` blocks for a schema's `allOf`,
//! each with a `$comment` naming the rule. Comparing two fields (time order, durations) is
//! beyond JSON Schema and stays callspec's.

use serde_json::{Map, Value, json};

use super::{Check, Semantics};

/// One `if`/`then` block per state-and-fields rule of `semantics`, for the resource schema's
/// `allOf` (wrapped in `items` for a list resource).
pub fn if_then(semantics: &Semantics) -> Vec<Value> {
    semantics
        .rules
        .iter()
        .filter_map(|rule| {
            let Check::Fields {
                when,
                is,
                set,
                unset,
            } = rule.check
            else {
                return None;
            };
            let strings: Vec<&str> = is.iter().flatten().copied().collect();
            let mut alternatives = Vec::new();
            if is.iter().any(Option::is_none) {
                alternatives.push(json!({ "properties": { when: { "type": "null" } } }));
            }
            if !strings.is_empty() {
                alternatives.push(json!({
                    "properties": { when: { "enum": strings } },
                    "required": [when],
                }));
            }
            let condition = if alternatives.len() == 1 {
                alternatives.remove(0)
            } else {
                json!({ "anyOf": alternatives })
            };
            let mut properties = Map::new();
            for name in set {
                properties.insert((*name).to_owned(), json!({ "not": { "type": "null" } }));
            }
            for name in unset {
                properties.insert((*name).to_owned(), json!({ "type": "null" }));
            }
            let mut then = Map::new();
            if !set.is_empty() {
                then.insert("required".into(), json!(set));
            }
            then.insert("properties".into(), Value::Object(properties));
            let block = json!({
                "if": condition,
                "then": Value::Object(then),
            });
            let block = if semantics.each_item {
                json!({ "items": block })
            } else {
                block
            };
            let mut block = match block {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            block.insert(
                "$comment".into(),
                Value::String(format!(
                    "{}: {} ({}, {})",
                    rule.code, rule.summary, rule.citation.document, rule.citation.url
                )),
            );
            Some(Value::Object(block))
        })
        .collect()
}
