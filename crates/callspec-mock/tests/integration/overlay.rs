//! `Config::overlays` (`callspec mock --overlay`): served bodies are checked against the
//! amended schemas, so a drift case whose field an overlay acknowledges is expected valid.

use callspec::overlay::Overlay;
use callspec_gen::Kind;
use callspec_mock::{Config, call_seed};
use serde_json::json;

use crate::support::*;

const RESOURCE: &str = "bandwidth/voice-v2/call-state";

#[test]
fn an_acknowledged_field_is_expected_valid() {
    let seed = call_seed(0, "bandwidth/voice-v2", "9900000", "c-2a4b6c8d");
    // A drift case whose one finding is an unknown top-level field.
    let (case, field) = callspec_gen::catalog(RESOURCE, Kind::Drift)
        .iter()
        .find_map(|c| {
            let sample = callspec_gen::sample_case(RESOURCE, &c.name, seed)?;
            let [finding] = sample.expect.findings.as_slice() else {
                return None;
            };
            let field = finding.pointer.strip_prefix('/')?;
            (finding.code.as_str() == "drift/unknown-field" && !field.contains('/'))
                .then(|| (c.name.clone(), field.to_owned()))
        })
        .expect("a drift case with one unknown top-level field");
    let prefer = format!("case={case}");

    let plain = start(Config::default());
    let before = get(&plain, BANDWIDTH, &[("Prefer", &prefer)]);
    assert_eq!(before.header("X-Callspec-Expect-Verdict"), Some("drift"));
    drop(plain);

    let overlay = Overlay::from_document(&json!({
        "overlay": "1.0.0",
        "info": {"title": "acknowledge", "version": "1"},
        "extends": "https://callspec.dev/specs/bandwidth/voice-v2/call-state.schema.json",
        "actions": [
            {"target": "$['x-callspec-known-properties']", "update": [field]},
            {"target": "$['properties']", "update": {field.clone(): {}}}
        ]
    }))
    .expect("a valid overlay");
    let amended = start(Config {
        overlays: vec![overlay],
        ..Config::default()
    });
    let after = get(&amended, BANDWIDTH, &[("Prefer", &prefer)]);
    assert_eq!(after.body, before.body, "the same bytes are served");
    assert_eq!(after.header("X-Callspec-Expect-Verdict"), Some("valid"));
    assert_eq!(after.header("X-Callspec-Expect-Findings"), Some(""));
    let journal: Vec<serde_json::Value> = String::from_utf8(amended.journal_ndjson())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert_eq!(journal[0]["expect"]["verdict"], "valid", "{journal:?}");
}

#[test]
fn an_overlay_that_breaks_the_schema_is_refused_at_start() {
    let overlay = Overlay::from_document(&json!({
        "overlay": "1.0.0",
        "info": {"title": "broken", "version": "1"},
        "extends": "https://callspec.dev/specs/bandwidth/voice-v2/call-state.schema.json",
        "actions": [{"target": "$['properties']['callId']", "update": {"type": 7}}]
    }))
    .expect("a valid overlay document");
    let error = callspec_mock::MockServer::start(Config {
        overlays: vec![overlay],
        ..Config::default()
    })
    .expect_err("the amended schema is not a schema");
    assert!(format!("{error:?}").contains("draft 2020-12"), "{error:?}");
}
