//! Tests of the engine: routing, codes and pointers, positions, the closed schema.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use serde_json::Value;

use super::route::split_url;
use super::*;
use crate::input::Record;
use crate::locate::Position;

fn engine() -> Engine {
    Engine::new(Options::default()).unwrap()
}

/// Every body of the corpus with its file: a whole file, or one line of an NDJSON file.
pub(super) fn corpus_bodies() -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut bodies = Vec::new();
    let mut stack = vec![corpus];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read(&path).unwrap();
            if path.extension().is_some_and(|e| e == "ndjson") {
                for line in text.split(|b| *b == b'\n') {
                    bodies.push((path.clone(), line.to_vec()));
                }
            } else {
                bodies.push((path, text));
            }
        }
    }
    bodies
}

fn codes(report: &Report) -> Vec<(&'static str, &str)> {
    report
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.pointer.as_str()))
        .collect()
}

const BANDWIDTH: &str = r#"{
  "callId": "c-1", "parentCallId": null, "applicationId": "a", "accountId": "5",
  "to": "+15553334444", "from": "+15551112222", "direction": "inbound",
  "state": "disconnected", "startTime": "2019-10-21T16:45:11.293Z",
  "endTime": "2019-10-21T16:55:12.950Z",
  "disconnectCause": "hangup", "lastUpdate": "2019-10-21T16:55:12.971Z"
}"#;

#[test]
fn routes_by_shape_and_finds_nothing_in_a_clean_body() {
    let report = engine().check_bytes(None, BANDWIDTH.as_bytes());
    assert_eq!(report.resource, Some("bandwidth/voice-v2/call-state"));
    assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.findings);
}

#[test]
fn contract_codes_and_pointers() {
    // The contract alone: the bodies below are not all coherent calls (the semantic stage has
    // its own tests).
    let e = Engine::new(Options {
        no_semantic: true,
        ..Options::default()
    })
    .unwrap();
    let id = Some("bandwidth/voice-v2/call-state");
    let bad = BANDWIDTH.replace(r#""lastUpdate": "2019-10-21T16:55:12.971Z""#, r#""x": 1"#);
    let r = e.check_bytes(id, bad.as_bytes());
    assert_eq!(
        codes(&r),
        [
            ("contract/required", "/lastUpdate"),
            ("drift/unknown-field", "/x")
        ]
    );
    assert_eq!(r.verdict, Verdict::Invalid);
    let bad = BANDWIDTH.replace(r#""direction": "inbound""#, r#""direction": "sideways""#);
    assert_eq!(
        codes(&e.check_bytes(id, bad.as_bytes())),
        [("contract/enum", "/direction")]
    );
    let bad = BANDWIDTH.replace("\"+15553334444\"", "\"sip:a@b.c\"");
    assert_eq!(
        codes(&e.check_bytes(id, bad.as_bytes())),
        [("contract/format", "/to")]
    );
    let bad = BANDWIDTH.replace(r#""parentCallId": null"#, r#""parentCallId": 5"#);
    assert_eq!(
        codes(&e.check_bytes(id, bad.as_bytes())),
        [("contract/type", "/parentCallId")]
    );
    let bad = BANDWIDTH.replace(
        r#""disconnectCause": "hangup""#,
        r#""answerTime": "Fri, 21 Apr 2017 13:01:25 +0000""#,
    );
    assert_eq!(
        codes(&e.check_bytes(id, bad.as_bytes())),
        [("contract/format", "/answerTime")]
    );
    let bad = BANDWIDTH.replace(
        r#""disconnectCause": "hangup""#,
        r#""disconnectCause": "carrier""#,
    );
    let r = e.check_bytes(id, bad.as_bytes());
    assert_eq!(
        (codes(&r), r.verdict),
        (
            vec![("drift/unknown-value", "/disconnectCause")],
            Verdict::Drift
        )
    );
}

#[test]
fn syntax() {
    let e = engine();
    let r = e.check_bytes(None, b"{\"a\": 1,\n  \"b\" 2}");
    assert_eq!(
        (codes(&r), r.verdict),
        (vec![("syntax/json", "")], Verdict::Unreadable)
    );
    assert_eq!(r.findings[0].position, Some(Position::new(2, 7)));
    let r = e.check_bytes(None, b"{\"a\": \"\xff\"}");
    assert_eq!(codes(&r), [("syntax/utf8", "")]);
    let r = e.check_bytes(None, b"");
    assert_eq!(r.findings[0].message, "not JSON: the body is empty");
}

#[test]
fn positions_of_findings() {
    let bad = BANDWIDTH.replace(r#""direction": "inbound""#, r#""direction": "sideways""#);
    let record = Record {
        origin: Origin::new("x.json".into()),
        body: Ok(bad.into_bytes()),
        exchange: None,
    };
    let reports = engine().check(record);
    assert_eq!(reports[0].findings[0].position, Some(Position::new(3, 62)));
}

#[test]
fn unknown_shape() {
    let r = engine().check_bytes(None, br#"{"hello": "world"}"#);
    assert_eq!(
        (codes(&r), r.verdict),
        (vec![("route/unknown-resource", "")], Verdict::Unrouted)
    );
}

/// The closed schema says "conforms and drift-free" exactly: checked on every record of the
/// corpus, whose cases cover valid, drift and invalid payloads of every resource.
#[test]
fn closed_schema_is_contract_and_no_drift() {
    let engine = engine();
    let mut checked = 0;
    for (path, line) in corpus_bodies() {
        let Ok(value) = serde_json::from_slice::<Value>(&line) else {
            continue;
        };
        for c in &engine.compiled {
            let expected =
                c.validator.get().unwrap().is_valid(&value) && c.shape.is_drift_free(&value);
            assert_eq!(
                c.closed.get().unwrap().is_valid(&value),
                expected,
                "{} on {}",
                c.resource.id,
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever the bytes, checking yields a report: never a panic.
    #[test]
    fn arbitrary_bodies_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        let engine = shared_engine();
        let report = engine.check_bytes(None, &body);
        proptest::prop_assert!(report.verdict != Verdict::Valid || serde_json::from_slice::<Value>(&body).is_ok());
        for id in ["bandwidth/voice-v2/call-state", "vonage/v0/call-detail"] {
            let _ = engine.check_bytes(Some(id), &body);
        }
    }

    /// JSON-shaped text with arbitrary values in known fields: a report, never a panic, and a
    /// finding for every record that is not valid.
    #[test]
    fn arbitrary_values_never_panic(value in "[ -~]{0,40}", key in "(callId|to|from|state|startTime|status|links|sipHeaders|x)") {
        let body = format!(r#"{{"{key}": "{}", "callId": 1}}"#, value.replace(['"', '\\'], ""));
        let report = shared_engine().check_bytes(Some("bandwidth/voice-v2/call-state"), body.as_bytes());
        proptest::prop_assert!(report.verdict == Verdict::Valid || !report.findings.is_empty());
    }
}

fn shared_engine() -> &'static Engine {
    static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(engine);
    &ENGINE
}

#[test]
fn urls() {
    assert_eq!(
        split_url("https://u:p@voice.bandwidth.com:443/api/v2?x=1#f"),
        ("voice.bandwidth.com:443", "/api/v2")
    );
    assert_eq!(split_url("http://host"), ("host", "/"));
}

/// Every published schema compiles (the engine compiles them only when a record first needs
/// them), and a schema that does not compile is a finding naming the resource, not a panic.
#[test]
fn every_published_schema_compiles_and_a_broken_one_is_a_finding() {
    let engine = Engine::new(Options::default()).unwrap();
    for c in &engine.compiled {
        assert!(c.validator.get().is_ok(), "{}", c.resource.id);
        assert!(c.closed.get().is_ok(), "{} (closed)", c.resource.id);
    }
    let broken = super::lazy::LazyValidator::new(
        "acme/v1/call",
        std::sync::Arc::new(serde_json::json!({"type": "object", "pattern": "(unclosed"})),
    );
    let finding = broken.get().unwrap_err();
    assert_eq!(finding.code, crate::finding::Code::ContractSchema);
    assert!(
        finding.message.contains("acme/v1/call"),
        "{}",
        finding.message
    );
}
