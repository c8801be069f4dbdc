//! The oracles the other tests rely on catch what they must: a test harness that accepts
//! everything would make every property pass.

use crate::support;

use callspec_core::finding::{Code, Verdict};
use callspec_gen::{Body, Expected, Kind, sample, sample_case};
use serde_json::json;

fn valid_call_state() -> serde_json::Value {
    sample("bandwidth/voice-v2/call-state", Kind::Valid, 3)
        .and_then(|g| g.body.json().cloned())
        .expect("a valid call state")
}

#[test]
fn boon_asserts_standard_and_custom_formats() {
    let mut body = valid_call_state();
    assert_eq!(
        support::boon("bandwidth/voice-v2/call-state", &body),
        Ok(())
    );
    body["startTime"] = json!("Fri, 21 Apr 2017 13:01:25 +0000");
    assert!(support::boon("bandwidth/voice-v2/call-state", &body).is_err());
    let mut body = valid_call_state();
    body["to"] = json!("+0123");
    assert!(support::boon("bandwidth/voice-v2/call-state", &body).is_err());
    let apifonica = sample("apifonica/v2/call", Kind::Valid, 1).unwrap();
    let mut body = apifonica.body.json().unwrap().clone();
    body["created"] = json!("Wed, 19 Sept 2018 20:00:00 +0000");
    assert!(support::boon("apifonica/v2/call", &body).is_err());
}

#[test]
fn the_schema_oracle_names_code_and_pointer() {
    let mut body = valid_call_state();
    body.as_object_mut().unwrap().remove("lastUpdate");
    assert_eq!(
        support::judge("bandwidth/voice-v2/call-state", &Body::Json(body)),
        (
            Verdict::Invalid,
            vec![Expected::new(Code::ContractRequired, "/lastUpdate")]
        )
    );
    let mut body = valid_call_state();
    body["answerTime"] = json!("yesterday");
    assert_eq!(
        support::judge("bandwidth/voice-v2/call-state", &Body::Json(body)).1,
        vec![Expected::new(Code::ContractFormat, "/answerTime")]
    );
    let mut body = valid_call_state();
    body["disconnectCause"] = json!("sip-error");
    body["futureField"] = json!(1);
    assert_eq!(
        support::judge("bandwidth/voice-v2/call-state", &Body::Json(body)),
        (
            Verdict::Drift,
            vec![
                Expected::new(Code::DriftUnknownField, "/futureField"),
                Expected::new(Code::DriftUnknownValue, "/disconnectCause"),
            ]
        )
    );
    assert_eq!(
        support::judge(
            "vonage/v0/not-found",
            &Body::Text(b"{\"message\":\xff}".to_vec())
        ),
        (
            Verdict::Unreadable,
            vec![Expected::new(Code::SyntaxUtf8, "")]
        )
    );
}

#[test]
fn a_wrong_expectation_is_caught() {
    let mut g = sample_case("bandwidth/voice-v2/call-state", "lastUpdate:missing", 0).unwrap();
    assert_eq!(support::check(&g), Ok(()));
    g.expect.findings[0].pointer = "/startTime".into();
    assert!(support::check(&g).is_err());
    let mut g = sample("apifonica/v2/call", Kind::Valid, 0).unwrap();
    if let Body::Json(body) = &mut g.body {
        body["duration"] = json!(18.0);
    }
    // `18.0` is an integer to JSON Schema and to the typed model alike: still valid.
    assert_eq!(support::check(&g), Ok(()));
    if let Body::Json(body) = &mut g.body {
        body["duration"] = json!(18.5);
    }
    // A fraction is neither: the payload no longer matches its `valid` expectation.
    assert!(support::check(&g).is_err());
}
