//! Round trip: the proposed acknowledge overlay, applied at load time, makes the acknowledged
//! drift disappear from the same log, and changes no other finding.

use callspec::overlay::Overlay;
use callspec_drift::{Collector, Thresholds, propose};
use callspec_gen::Kind;
use callspec_validate::{Engine, Options};
use serde_json::{Value, json};

const ID: &str = "bandwidth/voice-v2/call-state";

fn log() -> Vec<Vec<u8>> {
    (0..60u64)
        .map(|i| {
            let kind = if i % 6 == 5 {
                Kind::Invalid
            } else {
                Kind::Valid
            };
            let generated = callspec_gen::sample(ID, kind, i).expect("a known resource");
            let Some(Value::Object(object)) = generated.body.json() else {
                return generated.body.to_bytes();
            };
            let mut body = Value::Object(object.clone());
            if i % 3 == 0 {
                body["enqueuedTime"] = json!("2019-10-21T16:45:10.123Z");
            }
            if i % 4 == 0 {
                body["disconnectCause"] = json!("carrier-rejected");
            }
            serde_json::to_vec(&body).expect("a body serializes")
        })
        .collect()
}

#[test]
fn acknowledged_drift_disappears_and_nothing_else_changes() {
    let engine = Engine::new(Options::default()).unwrap();
    let mut collector = Collector::new(&engine);
    for (i, body) in log().iter().enumerate() {
        collector.add_bytes("log.ndjson", i as u64 + 1, body);
    }
    let proposals = propose(&collector.finish(), Thresholds::default());
    let acknowledge = proposals
        .iter()
        .find(|p| p.resource == ID)
        .and_then(|p| p.acknowledge.clone())
        .unwrap();
    let overlay = Overlay::parse(&acknowledge).unwrap();
    let (amended, reports) = Engine::with_overlays(Options::default(), &[overlay]).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].resource, Some(ID));
    assert!(reports[0].warnings.is_empty(), "{:?}", reports[0].warnings);
    assert!(reports[0].selected.iter().all(|n| *n == 1));

    let mut drift_before = 0;
    for body in log() {
        let before = engine.check_bytes(Some(ID), &body);
        let after = amended.check_bytes(Some(ID), &body);
        let acknowledged =
            |code: &str| code == "drift/unknown-field" || code == "drift/unknown-value";
        drift_before += before
            .findings
            .iter()
            .filter(|f| acknowledged(f.code.as_str()))
            .count();
        assert!(
            after
                .findings
                .iter()
                .all(|f| !acknowledged(f.code.as_str())),
            "{:?}",
            after.findings
        );
        let kept: Vec<_> = before
            .findings
            .iter()
            .filter(|f| !acknowledged(f.code.as_str()))
            .collect();
        let now: Vec<_> = after.findings.iter().collect();
        assert_eq!(kept, now);
    }
    assert!(drift_before >= 30, "{drift_before}");
}

#[test]
fn an_action_selecting_nothing_is_a_warning_and_an_error_under_strict() {
    let overlay = Overlay::parse(&json!({
        "overlay": "1.0.0",
        "info": {"title": "stale", "version": "1"},
        "extends": "https://callspec.dev/specs/bandwidth/voice-v2/call-state.schema.json",
        "x-callspec-schema-hash": "fnv1a64:0000000000000000",
        "actions": [{"target": "$['$defs']['Gone']['enum']", "update": "x"}]
    }))
    .unwrap();
    let (_, reports) =
        Engine::with_overlays(Options::default(), std::slice::from_ref(&overlay)).unwrap();
    let warnings = &reports[0].warnings;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("fnv1a64:0000000000000000"));
    assert!(warnings[0].contains(&callspec_drift::schema_hash(
        &callspec::resource(ID).unwrap().schema().to_value()
    )));
    assert!(warnings[1].contains("selects nothing"));
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let error = Engine::with_overlays(strict, &[overlay]).unwrap_err();
    assert!(error.to_string().contains("selects nothing"));
}
