//! Proposals from a generated log with a field and values injected at known rates: which
//! overlay each lands in, its evidence, and the thresholds that keep rare observations out.

use callspec_drift::{Collector, DriftReport, Thresholds, propose, schema_hash};
use callspec_gen::Kind;
use callspec_validate::{Engine, Options};
use serde_json::{Value, json};

const ID: &str = "bandwidth/voice-v2/call-state";

fn report() -> DriftReport {
    let engine = Engine::new(Options::default()).expect("the catalog compiles");
    let mut collector = Collector::new(&engine);
    for i in 0..100u64 {
        let generated = callspec_gen::sample(ID, Kind::Valid, i).expect("a known resource");
        let mut body: Value = generated.body.json().expect("a JSON body").clone();
        if i % 4 == 0 {
            body["enqueuedTime"] = json!("2019-10-21T16:45:10.123Z");
        }
        if i % 10 == 0 {
            body["disconnectCause"] = json!("carrier-rejected");
        }
        if i == 3 {
            body["direction"] = json!("sideways");
        }
        let bytes = serde_json::to_vec(&body).expect("a body serializes");
        collector.add_bytes("log.ndjson", i + 1, &bytes);
    }
    collector.add_bytes("log.ndjson", 101, b"{\"direction\": \"upward\", ");
    collector.finish()
}

#[test]
fn drift_is_acknowledged_and_contract_changes_kept_apart() {
    let report = report();
    let cause = &report.resources[ID].pointers["/disconnectCause"];
    let non_null = cause.present - cause.null;
    let proposals = propose(&report, Thresholds::default());
    assert_eq!(proposals.len(), 1);
    let proposal = &proposals[0];
    assert_eq!(proposal.resource, ID);
    let schema = callspec::resource(ID).unwrap().schema().to_value();

    let acknowledge = proposal.acknowledge.as_ref().unwrap();
    assert_eq!(acknowledge["overlay"], "1.0.0");
    assert_eq!(acknowledge["extends"], schema["$id"]);
    assert_eq!(acknowledge["x-callspec-schema-hash"], schema_hash(&schema));
    let actions = acknowledge["actions"].as_array().unwrap();
    let targets: Vec<&str> = actions
        .iter()
        .map(|a| a["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "$['$defs']['DisconnectCause']['x-callspec-known-values']",
            "$['properties']",
            "$['x-callspec-known-properties']",
        ]
    );
    assert_eq!(actions[0]["update"], "carrier-rejected");
    let evidence = actions[0]["description"].as_str().unwrap();
    let counted = format!("10 of {non_null} values");
    assert!(evidence.contains(&counted), "{evidence}");
    assert!(evidence.contains("e.g. log.ndjson:1"), "{evidence}");
    assert_eq!(
        actions[1]["update"],
        json!({"enqueuedTime": {"type": "string", "format": "date-time"}})
    );
    assert!(
        actions[1]["description"]
            .as_str()
            .unwrap()
            .contains("in 25 of 100 objects")
    );

    // `sideways` broke a closed enum: a contract change, in the other document. The unreadable
    // line's `upward` is nowhere.
    let relax = proposal.relax.as_ref().unwrap();
    let actions = relax["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["target"], "$['$defs']['Direction']['enum']");
    assert_eq!(actions[0]["update"], "sideways");
    assert!(!relax.to_string().contains("upward"));
    assert!(!acknowledge.to_string().contains("upward"));
}

#[test]
fn thresholds_keep_rare_observations_out() {
    let report = report();
    let by_count = propose(
        &report,
        Thresholds {
            min_count: 11,
            min_share: 0.0,
        },
    );
    let acknowledge = by_count[0].acknowledge.as_ref().unwrap();
    assert_eq!(acknowledge["actions"].as_array().unwrap().len(), 2);
    assert!(by_count[0].relax.is_none());
    let by_share = propose(
        &report,
        Thresholds {
            min_count: 1,
            min_share: 0.3,
        },
    );
    assert!(by_share.is_empty());
}
