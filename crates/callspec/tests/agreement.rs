//! Schema and serde agree: for a battery of payloads built from every document example (each
//! field removed, nulled, given a value of every other JSON type, given unknown enum values,
//! and an unknown field added), the typed model accepts exactly what the published schema
//! accepts.

use std::path::Path;

use serde_json::{Value, json};

/// Values every field is tried with.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("x"),
        json!("unknown-future-value"),
        json!("+15553334444"),
        json!("sip:alice@example.com"),
        json!("2019-10-21T16:45:11.293Z"),
        json!("Fri, 21 Apr 2017 13:01:25 +0000"),
        json!("94e5928c-7f7e-4645-ad72-61010f906449"),
        json!("https://example.com/x"),
        json!([]),
        json!({}),
    ]
}

/// Every payload derived from `body` by one change at one place, with a name for the change.
fn mutations(body: &Value) -> Vec<(String, Value)> {
    let mut out = vec![("as is".to_owned(), body.clone())];
    // The whole body replaced: a struct is never its fields in an array.
    for replacement in replacements() {
        out.push((format!("body = {replacement}"), replacement));
    }
    if let Some(object) = body.as_object() {
        out.push((
            "body as an array of its values".into(),
            Value::Array(object.values().cloned().collect()),
        ));
    }
    let mut add_unknown = body.clone();
    if let Some(object) = add_unknown.as_object_mut() {
        object.insert("someFutureField".into(), json!({"nested": [1, 2]}));
        out.push(("unknown field".into(), add_unknown));
    }
    collect(body, String::new(), body, &mut out);
    out
}

fn collect(root: &Value, pointer: String, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_pointer =
                    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let mut removed = root.clone();
                if let Some(parent) = removed.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                    parent.remove(key);
                }
                out.push((format!("remove {child_pointer}"), removed));
                replace_each(root, &child_pointer, out);
                collect(root, child_pointer, child, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let child_pointer = format!("{pointer}/{i}");
                replace_each(root, &child_pointer, out);
                collect(root, child_pointer, child, out);
            }
        }
        _ => {}
    }
}

fn replace_each(root: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
    let mut replacements = replacements();
    // An object replaced by the array of its values.
    if let Some(Value::Object(object)) = root.pointer(pointer) {
        replacements.push(Value::Array(object.values().cloned().collect()));
    }
    for replacement in replacements {
        let mut changed = root.clone();
        if let Some(slot) = changed.pointer_mut(pointer) {
            *slot = replacement.clone();
            out.push((format!("{pointer} = {replacement}"), changed));
        }
    }
}

#[test]
fn typed_models_accept_exactly_what_the_schemas_accept() {
    let mut checked = 0;
    let mut disagreements = Vec::new();
    let cases = callspec::resources().iter().flat_map(|r| {
        crate::documents::examples(r.id)
            .into_iter()
            .map(|p| (r.id, p))
    });
    for (resource_id, path) in cases {
        let body: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let resource = callspec::resource(resource_id).unwrap();
        let validator = callspec::compile(resource).unwrap();
        for (change, payload) in mutations(&body) {
            let schema_ok = validator.is_valid(&payload);
            let serde = resource.typed_round_trip(payload.clone());
            checked += 1;
            if schema_ok != serde.is_ok() {
                disagreements.push(format!(
                    "{resource_id} ({}) {change}: schema {}, serde {}",
                    path.display(),
                    if schema_ok { "accepts" } else { "rejects" },
                    match &serde {
                        Ok(_) => "accepts".to_owned(),
                        Err(e) => format!("rejects ({e})"),
                    }
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {checked} payloads disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(checked > 2000, "only {checked} payloads");
}

#[test]
fn open_enum_values_and_extra_fields_are_accepted_by_both() {
    let resource = callspec::resource("bandwidth/voice-v2/call-state").unwrap();
    let validator = callspec::compile(resource).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/bandwidth/voice-v2/call-state/valid/document-example.json");
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    body["disconnectCause"] = json!("carrier-dropped");
    body["tags"] = json!({"team": "a"});
    assert!(validator.is_valid(&body));
    let back = resource.typed_round_trip(body.clone()).unwrap();
    // The open enum keeps the unknown value; the unknown field is not part of the model.
    assert_eq!(back["disconnectCause"], "carrier-dropped");
    assert!(back.get("tags").is_none());
    // A closed enum does not.
    body["direction"] = json!("sideways");
    assert!(!validator.is_valid(&body));
    assert!(resource.typed_round_trip(body).is_err());
}

#[test]
fn query_parameters_agree() {
    let resource = callspec::resource("bandwidth/catapult-v1/list-calls.query").unwrap();
    let validator = callspec::compile(resource).unwrap();
    for (query, ok) in [
        (json!({}), true),
        (json!({"page": 0, "size": 1, "sortOrder": "asc"}), true),
        (
            json!({"size": 1000, "sortOrder": "desc", "from": "+19195551212", "to": "sip:someone@somewhere.com"}),
            true,
        ),
        (json!({"bridgeId": "brg-1", "conferenceId": "conf-1"}), true),
        (json!({"size": 0}), false),
        (json!({"size": 1001}), false),
        (json!({"page": -1}), false),
        (json!({"page": "1"}), false),
        (json!({"sortOrder": "random"}), false),
        (json!({"from": "someone@somewhere.com"}), false),
        (json!({"page": null}), false),
    ] {
        assert_eq!(validator.is_valid(&query), ok, "schema: {query}");
        assert_eq!(
            resource.typed_round_trip(query.clone()).is_ok(),
            ok,
            "serde: {query}"
        );
    }
}
