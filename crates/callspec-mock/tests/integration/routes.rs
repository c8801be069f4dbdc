//! Every provider's endpoint on one listener, with HEAD, trailing slashes, `.json`, and
//! provider-style 404s for unknown routes.

use crate::support::*;

#[test]
fn every_provider_answers_on_one_listener() {
    let server = mock();
    for (path, field) in [
        (BANDWIDTH, "callId"),
        (APIFONICA, "call_sid"),
        (SIGNALWIRE, "sid"),
        (VONAGE, "id"),
    ] {
        let got = get(&server, path, &[]);
        assert_eq!(
            got.status,
            200,
            "{path}: {}",
            String::from_utf8_lossy(&got.body)
        );
        assert_eq!(got.header("Content-Type"), Some("application/json"));
        assert!(got.json().get(field).is_some(), "{path} has {field}");
        assert_eq!(
            got.header("X-Callspec-Expect-Verdict"),
            Some("valid"),
            "{path}"
        );
    }
    let got = get(&server, CATAPULT, &[]);
    assert_eq!(got.status, 200);
    assert!(got.json().is_array());
}

#[test]
fn variants_of_a_path_serve_the_same_call() {
    let server = mock();
    let plain = get(&server, BANDWIDTH, &[]);
    let slash = get(&server, &format!("{BANDWIDTH}/"), &[]);
    assert_eq!(plain.body, slash.body);
    let json = get(&server, SIGNALWIRE, &[]);
    let bare = get(&server, SIGNALWIRE.trim_end_matches(".json"), &[]);
    assert_eq!(json.status, 200);
    assert_eq!(json.body, bare.body);
    let catapult = get(&server, CATAPULT.trim_end_matches('/'), &[]);
    assert_eq!(catapult.body, get(&server, CATAPULT, &[]).body);
}

#[test]
fn head_has_the_headers_of_get_and_no_body() {
    let server = mock();
    let get = get(&server, VONAGE, &[]);
    let head = request(&agent(), "HEAD", &server, VONAGE, &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length").map(str::to_owned),
        Some(get.body.len().to_string())
    );
    assert_eq!(
        head.header("X-Callspec-Case"),
        get.header("X-Callspec-Case")
    );
}

#[test]
fn unknown_routes_answer_in_the_provider_style() {
    let server = mock();
    let vonage = get(&server, "/v0/a1b2c3d4e5/recordings/x", &[]);
    assert_eq!(vonage.status, 404);
    assert_eq!(
        vonage.json()["message"],
        "The requested resource was not found."
    );
    let signalwire = get(&server, "/api/laml/2010-04-01/Accounts/a/Queues", &[]);
    assert_eq!(signalwire.status, 404);
    assert_eq!(signalwire.json()["code"], 20404);
    let nowhere = get(&server, "/nowhere", &[]);
    assert_eq!(nowhere.status, 404);
    // Vonage ids are UUIDs: anything else names no call.
    let not_uuid = get(&server, "/v0/a1b2c3d4e5/calls/not-a-uuid", &[]);
    assert_eq!(not_uuid.status, 404);
    assert_eq!(
        not_uuid.json()["message"],
        "The requested resource was not found."
    );
    let post = request(&agent(), "POST", &server, BANDWIDTH, &[]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow"), Some("GET, HEAD"));
}
