//! Every injection channel, the expectation headers, `--faithful`, and byte-exact bodies.

use callspec_gen::Kind;
use callspec_mock::{Config, call_seed};

use crate::support::*;

const RESOURCE: &str = "bandwidth/voice-v2/call-state";

fn cases(kind: Kind) -> Vec<String> {
    callspec_gen::catalog(RESOURCE, kind)
        .iter()
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn prefer_case_is_applied_and_echoed() {
    let server = mock();
    let case = &cases(Kind::Edge)[0];
    let got = get(&server, BANDWIDTH, &[("Prefer", &format!("case={case}"))]);
    assert_eq!(got.status, 200);
    assert_eq!(got.header("X-Callspec-Channel"), Some("prefer"));
    assert_eq!(got.header("X-Callspec-Kind"), Some("edge"));
    assert_eq!(
        got.header("Preference-Applied"),
        Some(format!("case={case}").as_str())
    );
    let expected = callspec_gen::sample_case(
        RESOURCE,
        case,
        call_seed(0, "bandwidth/voice-v2", "9900000", "c-2a4b6c8d"),
    )
    .unwrap();
    assert_eq!(got.body, expected.body.to_bytes(), "the generator's bytes");
    assert_eq!(
        got.header("X-Callspec-Expect-Verdict"),
        Some(expected.expect.verdict.as_str())
    );
}

#[test]
fn prism_keys_work() {
    let server = mock();
    let got = get(&server, VONAGE, &[("Prefer", "code=404")]);
    assert_eq!(got.status, 404);
    assert_eq!(
        got.json()["message"],
        "The requested resource was not found."
    );
    assert_eq!(got.header("Preference-Applied"), Some("code=404"));
    let seeded = get(&server, BANDWIDTH, &[("Prefer", "seed=42, dynamic=true")]);
    assert_eq!(
        seeded.header("Preference-Applied"),
        Some("seed=42, dynamic=true")
    );
    assert_ne!(seeded.body, get(&server, BANDWIDTH, &[]).body);
    assert_eq!(
        seeded.body,
        get(&server, BANDWIDTH, &[("Prefer", "seed=42")]).body
    );
    let case = &cases(Kind::Invalid)[0];
    let example = get(
        &server,
        BANDWIDTH,
        &[("Prefer", &format!("example={case}"))],
    );
    assert_eq!(
        example.header("Preference-Applied"),
        Some(format!("example={case}").as_str())
    );
    assert_eq!(example.header("X-Callspec-Kind"), Some("invalid"));
    let kind = get(&server, APIFONICA, &[("Prefer", "kind=drift")]);
    assert_eq!(kind.header("X-Callspec-Kind"), Some("drift"));
    assert_eq!(kind.header("X-Callspec-Expect-Verdict"), Some("drift"));
    assert_eq!(
        get(&server, BANDWIDTH, &[("Prefer", "code=418")]).status,
        400
    );
}

#[test]
fn query_and_call_id_channels() {
    let server = mock();
    let case = &cases(Kind::Drift)[0];
    let query = get(
        &server,
        &format!("{BANDWIDTH}?__case={}", encode(case)),
        &[],
    );
    assert_eq!(query.header("X-Callspec-Channel"), Some("query"));
    assert_eq!(query.header("X-Callspec-Kind"), Some("drift"));
    let id = get(
        &server,
        &format!("/api/v2/accounts/9900000/calls/c-9~{}", encode(case)),
        &[],
    );
    assert_eq!(id.header("X-Callspec-Channel"), Some("call-id"));
    assert_eq!(id.header("X-Callspec-Kind"), Some("drift"));
    let kind = get(&server, "/api/v2/accounts/9900000/calls/c-9~invalid", &[]);
    assert_eq!(kind.header("X-Callspec-Kind"), Some("invalid"));
    // Vonage's id is the UUID before the `~`.
    let vonage = get(&server, &format!("{VONAGE}~edge"), &[]);
    assert_eq!(vonage.status, 200);
    assert_eq!(vonage.header("X-Callspec-Kind"), Some("edge"));
}

#[test]
fn the_mix_is_decided_per_call_id() {
    let server = start(Config {
        mix: Some("valid=0.5,invalid=0.5".parse().unwrap()),
        ..Config::default()
    });
    let mut kinds = std::collections::BTreeSet::new();
    for n in 0..40 {
        let path = format!("/api/v2/accounts/9900000/calls/c-{n}");
        let first = get(&server, &path, &[]);
        let again = get(&server, &path, &[]);
        assert_eq!(
            first.header("X-Callspec-Kind"),
            again.header("X-Callspec-Kind")
        );
        assert_eq!(first.header("X-Callspec-Channel"), Some("mix"));
        kinds.insert(first.header("X-Callspec-Kind").unwrap().to_owned());
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        vec!["invalid", "valid"]
    );
}

#[test]
fn unknown_case_is_400_with_near_names() {
    let server = mock();
    let got = get(
        &server,
        BANDWIDTH,
        &[("Prefer", "case=disconnectCause:unknown")],
    );
    assert_eq!(got.status, 400);
    let details = got.json()["details"].clone();
    let names: Vec<&str> = details
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        !names.is_empty()
            && names
                .iter()
                .all(|n| n.starts_with("disconnectCause:unknown")),
        "{names:?}"
    );
    assert_eq!(
        get(&server, &format!("{BANDWIDTH}?__case=nothing-like-it"), &[]).status,
        400
    );
}

#[test]
fn invalid_bodies_are_served_byte_exact() {
    let server = mock();
    let mut text_cases = 0;
    for case in cases(Kind::Invalid) {
        let path = format!("/api/v2/accounts/9900000/calls/c-x~{}", encode(&case));
        let got = get(&server, &path, &[]);
        let seed = call_seed(0, "bandwidth/voice-v2", "9900000", &format!("c-x~{case}"));
        let expected = callspec_gen::sample_case(RESOURCE, &case, seed).unwrap();
        assert_eq!(got.body, expected.body.to_bytes(), "{case}");
        if matches!(expected.body, callspec_gen::Body::Text(_)) {
            text_cases += 1;
        }
    }
    assert!(text_cases > 0, "the catalogue has byte-level cases");
}

#[test]
fn faithful_responses_carry_no_callspec_headers() {
    let server = start(Config {
        faithful: true,
        ..Config::default()
    });
    let got = get(&server, BANDWIDTH, &[("Prefer", "kind=edge")]);
    assert_eq!(got.status, 200);
    assert!(
        got.headers
            .iter()
            .all(|(n, _)| !n.to_ascii_lowercase().starts_with("x-callspec"))
    );
    assert_eq!(got.header("Preference-Applied"), Some("kind=edge"));
}

#[test]
fn vonage_accept_versions() {
    let server = mock();
    for accept in [
        "application/json;version=3",
        "application/json; version=3",
        "Application/JSON; Version=3",
        "application/json;version=\"3\"",
        "text/html, application/json;version=3",
    ] {
        assert_eq!(
            get(&server, VONAGE, &[("Accept", accept)]).status,
            200,
            "{accept}"
        );
    }
    for accept in ["", "application/json", "application/json;version=6", "*/*"] {
        let got = get(&server, VONAGE, &[("Accept", accept)]);
        assert_eq!(got.status, 406, "{accept}");
        assert!(
            got.json()["message"]
                .as_str()
                .unwrap()
                .contains("version=3")
        );
    }
}
