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
    assert_eq!(actions[0]["update"], json!(["carrier-rejected"]));
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
    assert_eq!(actions[0]["update"], json!(["sideways"]));
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

/// A log where each contract relaxation is injected at a known rate: `accountId` null in 20 of
/// 100 records, `applicationId` (required) absent from 10, `callId` an integer in 5,
/// `direction` null in 4 and `sideways` once.
fn relax_log() -> Vec<Vec<u8>> {
    (0..100u64)
        .map(|i| {
            let generated = callspec_gen::sample(ID, Kind::Valid, i).expect("a known resource");
            let mut body: Value = generated.body.json().expect("a JSON body").clone();
            if i % 5 == 0 {
                body["accountId"] = Value::Null;
            }
            if i % 10 == 1 {
                body.as_object_mut()
                    .expect("an object")
                    .remove("applicationId");
            }
            if i % 20 == 2 {
                body["callId"] = json!(12345);
            }
            if i % 25 == 7 {
                body["direction"] = Value::Null;
            }
            if i == 3 {
                body["direction"] = json!("sideways");
            }
            serde_json::to_vec(&body).expect("a body serializes")
        })
        .collect()
}

fn relax_report(engine: &Engine) -> DriftReport {
    let mut collector = Collector::new(engine);
    for (i, body) in relax_log().iter().enumerate() {
        collector.add_bytes("relax.ndjson", i as u64 + 1, body);
    }
    collector.finish()
}

fn forced() -> Options {
    Options {
        resource: Some(ID.to_owned()),
        ..Options::default()
    }
}

fn action<'a>(actions: &'a [Value], target: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["target"] == target)
        .unwrap_or_else(|| panic!("no action targets {target}: {actions:#?}"))
}

#[test]
fn each_kind_of_contract_relaxation_is_proposed_with_its_counts() {
    let engine = Engine::new(forced()).unwrap();
    let report = relax_report(&engine);
    let proposals = propose(&report, Thresholds::default());
    let relax = proposals[0].relax.as_ref().expect("a relax overlay");
    assert_eq!(relax["x-callspec-kind"], "relax-contract");
    let actions = relax["actions"].as_array().unwrap();

    let nullable = action(actions, "$['properties']['accountId']");
    assert_eq!(nullable["update"], json!({"type": ["string", "null"]}));
    assert_eq!(nullable["x-callspec-relax"], "nullable");
    let text = nullable["description"].as_str().unwrap();
    assert!(text.starts_with("Relax the contract"), "{text}");
    assert!(text.contains("null in 20 of 100 values (20.0%)"), "{text}");
    assert!(text.ends_with("e.g. relax.ndjson:1"), "{text}");

    let widened = action(actions, "$['properties']['callId']");
    assert_eq!(widened["update"], json!({"type": ["string", "integer"]}));
    assert_eq!(widened["x-callspec-relax"], "widen-type");
    let text = widened["description"].as_str().unwrap();
    assert!(
        text.contains("to integer: 5 of 100 values (5.0%)"),
        "{text}"
    );
    assert!(text.contains("e.g. relax.ndjson:3"), "{text}");

    // `direction` is a `$ref`: moved into an `anyOf` with null.
    let moved = action(actions, "$['properties']['direction']['$ref']");
    assert_eq!(moved["remove"], true);
    let direction = action(actions, "$['properties']['direction']");
    assert_eq!(
        direction["update"],
        json!({"anyOf": [{"$ref": "#/$defs/Direction"}, {"type": "null"}]})
    );
    let text = direction["description"].as_str().unwrap();
    assert!(text.contains("null in 4 of 100 values"), "{text}");

    let schema = callspec::resource(ID).unwrap().schema().to_value();
    let index = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n == "applicationId")
        .unwrap();
    let optional = action(actions, &format!("$['required'][{index}]"));
    assert_eq!(optional["remove"], true);
    assert_eq!(optional["x-callspec-relax"], "optional");
    let text = optional["description"].as_str().unwrap();
    assert!(
        text.contains("absent from 10 of 100 objects (10.0%)"),
        "{text}"
    );

    let value = action(actions, "$['$defs']['Direction']['enum']");
    assert_eq!(value["update"], json!(["sideways"]));
    assert_eq!(value["x-callspec-relax"], "enum-value");
    assert!(actions.iter().all(|a| a["x-callspec-relax"].is_string()));

    // Applied, the relaxed contract accepts every record of the log.
    let overlay = callspec::overlay::Overlay::from_document(relax).unwrap();
    let (relaxed, applied) = Engine::with_overlays(forced(), &[overlay]).unwrap();
    assert!(applied[0].warnings.is_empty(), "{:?}", applied[0].warnings);
    for body in relax_log() {
        let before = engine.check_bytes(Some(ID), &body);
        let after = relaxed.check_bytes(Some(ID), &body);
        assert!(
            after.findings.iter().all(|f| f.code.family() != "contract"),
            "{:?} -> {:?}",
            before.findings,
            after.findings
        );
    }
}

#[test]
fn thresholds_gate_contract_relaxations() {
    let engine = Engine::new(forced()).unwrap();
    let report = relax_report(&engine);
    let relaxations = |thresholds| {
        let proposals = propose(&report, thresholds);
        let mut kinds: Vec<String> = proposals
            .iter()
            .filter_map(|p| p.relax.as_ref())
            .flat_map(|r| r["actions"].as_array().unwrap().clone())
            .map(|a| {
                format!(
                    "{} {}",
                    a["x-callspec-relax"].as_str().unwrap(),
                    a["target"]
                )
            })
            .collect();
        kinds.sort();
        kinds
    };
    let by_count = relaxations(Thresholds {
        min_count: 6,
        min_share: 0.0,
    });
    assert_eq!(
        by_count,
        [
            "nullable \"$['properties']['accountId']\"",
            "optional \"$['required'][1]\"",
        ]
    );
    let by_share = relaxations(Thresholds {
        min_count: 1,
        min_share: 0.15,
    });
    assert_eq!(by_share, ["nullable \"$['properties']['accountId']\""]);
}
