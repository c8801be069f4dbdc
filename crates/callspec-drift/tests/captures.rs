//! The bundled captures' drift report, as a reviewed snapshot: re-recording a provider's
//! traffic shows its new fields and values as one diff. The JSON is checked against the
//! report's published schema.

use callspec_validate::{Engine, Options};

fn captures_report() -> callspec_drift::DriftReport {
    let engine = Engine::new(Options::default()).expect("the catalog compiles");
    let discovered = callspec_validate::discover(
        &["../../corpus/captures".into()],
        &callspec_validate::DiscoverOptions::default(),
    );
    assert!(discovered.errors.is_empty(), "{:?}", discovered.errors);
    let sources = discovered.sources;
    callspec_drift::collect(&engine, &sources).expect("the captures open")
}

#[test]
fn captures_drift_report() {
    let report = captures_report();
    insta::assert_snapshot!("captures_drift", callspec_drift::markdown(&report));
}

#[test]
fn the_json_follows_its_schema() {
    let report = serde_json::to_value(captures_report()).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../drift-report.schema.json")).unwrap();
    assert_eq!(schema["$id"], callspec_drift::REPORT_SCHEMA);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        report["resources"]["signalwire/laml-2010-04-01/call"]["pointers"]["/caller_name"]["declared"]
            == false
    );
}
