//! Every provider document's own example, checked against its resource: by the published
//! schema and by the typed model. A document example is a corpus case named by convention:
//! `corpus/<resource id>/valid/document-example*.json` conforms, and the published example
//! that does not (placeholders, a date the format refuses) sits beside it under `invalid/`,
//! with the manifest saying what was changed.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The corpus directory of a resource.
fn corpus(resource_id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus")
        .join(resource_id)
}

/// The conforming document examples of a resource: `valid/document-example*.json` in its corpus
/// directory, sorted.
pub(crate) fn examples(resource_id: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(corpus(resource_id).join("valid"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("document-example") && n.ends_with(".json"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_registered_resource_has_a_document_example() {
    let missing: Vec<String> = callspec::resources()
        .iter()
        .filter(|r| examples(r.id).is_empty())
        .map(|r| format!("{0} (corpus/{0}/valid/document-example.json)", r.id))
        .collect();
    assert!(
        missing.is_empty(),
        "registered resources without a document example (add the document's own example \
         as this corpus case, with its entry in the manifest beside it): {missing:?}"
    );
}

#[test]
fn every_document_example_conforms_and_survives_the_typed_round_trip() {
    for resource in callspec::resources() {
        for path in examples(resource.id) {
            let body: Value = serde_json::from_str(&read(&path))
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
            assert_eq!(
                errors(resource.id, &body),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
            let back = resource
                .typed_round_trip(body.clone())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(back, body, "{}: typed round trip", path.display());
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A case file of a resource's corpus directory (`invalid/document-example-sept.json`).
fn document(resource_id: &str, file: &str) -> String {
    read(&corpus(resource_id).join(file))
}

fn errors(resource_id: &str, body: &Value) -> Vec<String> {
    let resource = callspec::resource(resource_id).expect("resource exists");
    let validator = callspec::compile(resource).expect("schema compiles");
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn apifonica_example_is_not_json_and_names_the_first_missing_comma() {
    let error = serde_json::from_str::<Value>(&document(
        "apifonica/v2/call",
        "invalid/document-example-as-published.json",
    ))
    .expect_err("the published example lacks three commas");
    // `"price": 0.0294` ends line 17; `"record_sid"` opens line 18 where a comma was expected.
    assert_eq!((error.line(), error.column()), (18, 3), "{error}");
    assert!(
        error.to_string().starts_with("expected `,` or `}`"),
        "{error}"
    );
}

#[test]
fn signalwire_example_as_published_fails_only_its_sept_dates() {
    let body: Value = serde_json::from_str(&document(
        "signalwire/laml-2010-04-01/call",
        "invalid/document-example-sept.json",
    ))
    .unwrap();
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
fn catapult_examples_as_published_fail_only_their_placeholders() {
    // Filled in (`valid/document-example-N-filled.json`), they conform and every property,
    // `events` included, is known: the test above checks them with the typed round trip.
    for n in [1, 2] {
        let verbatim: Value = serde_json::from_str(&document(
            "bandwidth/catapult-v1/list-calls",
            &format!("invalid/document-example-{n}-verbatim.json"),
        ))
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
