//! Shrinking ends at a minimal failing payload: a deliberately failing property, run under
//! proptest's `TestRunner`, reports the simplest payload that still fails it.

use callspec_gen::{Kind, strategies};
use proptest::test_runner::{Config, TestError, TestRunner};
use serde_json::{Value, json};

fn minimal_failure(
    id: &str,
    kind: Kind,
    fails: impl Fn(&callspec_gen::Generated) -> bool,
) -> callspec_gen::Generated {
    let strategy = strategies(id).expect("known resource").of(kind);
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    match runner.run(&strategy, |g| {
        if fails(&g) {
            Err(proptest::test_runner::TestCaseError::fail("deliberate"))
        } else {
            Ok(())
        }
    }) {
        Err(TestError::Fail(_, minimal)) => minimal,
        other => panic!("the property should fail: {other:?}"),
    }
}

#[test]
fn a_disconnected_call_shrinks_to_the_simplest_disconnected_call() {
    let g = minimal_failure("bandwidth/voice-v2/call-state", Kind::Valid, |g| {
        g.body.json().unwrap()["state"] == "disconnected"
    });
    // Every other choice is the simplest one: the first enum values, the earliest instant,
    // the smallest numbers and identifiers, and optional fields absent unless the state
    // requires them (an ended call has its end time and cause).
    let expected = json!({
        "accountId": "1000000",
        "applicationId": "00000000-0000-0000-0000-000000000000",
        "callId": "c-00000000-00000000-0000-0000-0000-000000000000",
        "direction": "inbound",
        "disconnectCause": "hangup",
        "endTime": "2000-01-01T00:00:00.000Z",
        "from": "+10000000000",
        "lastUpdate": "2000-01-01T00:00:00.000Z",
        "startTime": "2000-01-01T00:00:00.000Z",
        "state": "disconnected",
        "to": "+10000000000",
    });
    assert_eq!(
        g.body.json().unwrap(),
        &expected,
        "{}",
        g.body.json().unwrap()
    );
}

#[test]
fn a_catalog_case_shrinks_to_its_simplest_payload() {
    // Any SIP-header case of Catapult fails: the minimal one is the first such case on the
    // simplest rich page.
    let g = minimal_failure("bandwidth/catapult-v1/list-calls", Kind::Invalid, |g| {
        g.case.starts_with("sipHeaders:")
    });
    assert_eq!(g.case, "sipHeaders:too-many");
    let body: &Value = g.body.json().unwrap();
    assert_eq!(body.as_array().unwrap().len(), 1, "{body}");
    assert_eq!(g.expect.findings[0].pointer, "/0/sipHeaders");
}
