//! Every provider document's own example, checked against its resource: by the published
//! schema and by the typed model.

use std::path::Path;

use serde_json::Value;

/// Every registered resource's document examples that conform to its published schema, by
/// resource id. A test names every registered resource without one.
pub(crate) const EXAMPLES: &[(&str, &[&str])] = &[
    ("apifonica/v2/call", &["apifonica-v2-example.repaired.json"]),
    (
        "bandwidth/catapult-v1/list-calls",
        &[
            "catapult-v1-example-1.filled.json",
            "catapult-v1-example-2.filled.json",
        ],
    ),
    (
        "bandwidth/catapult-v1/list-calls.query",
        &["catapult-v1-example-query.json"],
    ),
    (
        "bandwidth/voice-v2/call-state",
        &["bandwidth-voice-v2-example.json"],
    ),
    (
        "signalwire/laml-2010-04-01/call",
        &["signalwire-laml-example.sep.json"],
    ),
    (
        "vonage/v0/call-detail",
        &[
            "vonage-v0-example-failed-call.json",
            "vonage-v0-example-presented-clid.json",
        ],
    ),
    ("vonage/v0/not-found", &["vonage-v0-example-not-found.json"]),
];

#[test]
fn every_registered_resource_has_a_document_example() {
    let missing: Vec<&str> = callspec::resources()
        .iter()
        .map(|r| r.id)
        .filter(|id| {
            !EXAMPLES
                .iter()
                .any(|(resource, files)| resource == id && !files.is_empty())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "registered resources without a document example (add one to \
         crates/callspec/tests/documents/ and list it in EXAMPLES): {missing:?}"
    );
}

#[test]
fn every_listed_example_conforms_to_its_schema() {
    for (resource, files) in EXAMPLES {
        assert!(
            callspec::resource(resource).is_some(),
            "EXAMPLES lists `{resource}`, which no provider registers"
        );
        for file in *files {
            let body: Value = serde_json::from_str(&document(file))
                .unwrap_or_else(|e| panic!("{file}: not JSON: {e}"));
            assert_eq!(errors(resource, &body), Vec::<String>::new(), "{file}");
        }
    }
}

fn document(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/documents")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(resource_id: &str, body: &Value) -> Vec<String> {
    let resource = callspec::resource(resource_id).expect("resource exists");
    let validator = callspec::compile(resource).expect("schema compiles");
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The example conforms to the schema and survives the typed round trip unchanged.
fn assert_conforms(resource_id: &str, name: &str) {
    let body: Value = serde_json::from_str(&document(name)).expect("valid JSON");
    assert_eq!(errors(resource_id, &body), Vec::<String>::new(), "{name}");
    let resource = callspec::resource(resource_id).expect("resource exists");
    let back = resource
        .typed_round_trip(body.clone())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(back, body, "{name}: typed round trip");
}

#[test]
fn bandwidth_voice_v2_example_conforms() {
    assert_conforms(
        "bandwidth/voice-v2/call-state",
        "bandwidth-voice-v2-example.json",
    );
}

#[test]
fn apifonica_example_is_not_json_and_names_the_first_missing_comma() {
    let error = serde_json::from_str::<Value>(&document("apifonica-v2-example.verbatim.json"))
        .expect_err("the published example lacks three commas");
    // `"price": 0.0294` ends line 17; `"record_sid"` opens line 18 where a comma was expected.
    assert_eq!((error.line(), error.column()), (18, 3), "{error}");
    assert!(
        error.to_string().starts_with("expected `,` or `}`"),
        "{error}"
    );
}

#[test]
fn apifonica_example_with_its_commas_restored_conforms() {
    assert_conforms("apifonica/v2/call", "apifonica-v2-example.repaired.json");
}

#[test]
fn signalwire_examples_conform_except_their_sept_dates() {
    assert_conforms(
        "signalwire/laml-2010-04-01/call",
        "signalwire-laml-example.sep.json",
    );
    let body: Value =
        serde_json::from_str(&document("signalwire-laml-example.as-published.json")).unwrap();
    let errors = errors("signalwire/laml-2010-04-01/call", &body);
    let mut pointers: Vec<&str> = errors
        .iter()
        .filter_map(|e| e.rsplit(" at ").next())
        .collect();
    pointers.dedup();
    assert_eq!(
        pointers,
        ["/date_created", "/date_updated", "/end_time", "/start_time"],
        "{errors:?}"
    );
}

#[test]
fn vonage_examples_conform() {
    assert_conforms(
        "vonage/v0/call-detail",
        "vonage-v0-example-failed-call.json",
    );
    assert_conforms(
        "vonage/v0/call-detail",
        "vonage-v0-example-presented-clid.json",
    );
    assert_conforms("vonage/v0/not-found", "vonage-v0-example-not-found.json");
}

#[test]
fn catapult_examples_conform_once_their_placeholders_are_filled() {
    for n in [1, 2] {
        let body: Value =
            serde_json::from_str(&document(&format!("catapult-v1-example-{n}.filled.json")))
                .unwrap();
        assert_eq!(
            errors("bandwidth/catapult-v1/list-calls", &body),
            Vec::<String>::new()
        );
        // Every property, `events` included, is known: the typed model keeps them all.
        let resource = callspec::resource("bandwidth/catapult-v1/list-calls").unwrap();
        assert_eq!(resource.typed_round_trip(body.clone()).unwrap(), body);
        let verbatim: Value =
            serde_json::from_str(&document(&format!("catapult-v1-example-{n}.verbatim.json")))
                .unwrap();
        let errors = errors("bandwidth/catapult-v1/list-calls", &verbatim);
        // Each placeholder fails the format and its portable pattern.
        let formats = errors
            .iter()
            .filter(|e| e.contains("is not a \"e164-or-sip\""))
            .count();
        let patterns = errors
            .iter()
            .filter(|e| e.contains("does not match"))
            .count();
        // The `{callIdN}` placeholder in each `events` URL fails the `uri` format.
        let events = errors
            .iter()
            .filter(|e| e.contains("is not a \"uri\""))
            .count();
        assert_eq!(
            (formats, patterns, events, errors.len()),
            (4, 4, 2, 10),
            "{errors:?}"
        );
    }
}
