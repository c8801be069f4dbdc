//! Each provider's scheme; credentials bound to their first account, or checked by value.

use callspec_mock::{Config, Credential, Credentials};

use crate::support::*;

#[test]
fn missing_or_wrong_scheme_is_401_with_a_challenge() {
    let server = mock();
    for path in [BANDWIDTH, APIFONICA, SIGNALWIRE, CATAPULT] {
        let got = get(&server, path, &[("Authorization", "")]);
        assert_eq!(got.status, 401, "{path}");
        assert!(
            got.header("WWW-Authenticate")
                .is_some_and(|v| v.starts_with("Basic ")),
            "{path}"
        );
        assert!(got.json().is_object(), "{path} has a JSON body");
        let bearer = get(&server, path, &[("Authorization", "Bearer abc")]);
        assert_eq!(bearer.status, 401, "{path}");
    }
    let vonage = get(&server, VONAGE, &[("Authorization", "")]);
    assert_eq!(vonage.status, 401);
    assert!(
        vonage
            .header("WWW-Authenticate")
            .is_some_and(|v| v.starts_with("Bearer "))
    );
    assert_eq!(
        get(&server, VONAGE, &[("Authorization", &basic("u", "p"))]).status,
        401
    );
    let malformed = get(
        &server,
        BANDWIDTH,
        &[("Authorization", "Basic not-base64!")],
    );
    assert_eq!(malformed.status, 401);
}

#[test]
fn a_credential_is_bound_to_its_first_account() {
    let server = mock();
    let cred = basic("alice", "secret");
    let first = "/api/v2/accounts/111/calls/c-1";
    let other = "/api/v2/accounts/222/calls/c-1";
    assert_eq!(get(&server, first, &[("Authorization", &cred)]).status, 200);
    assert_eq!(get(&server, first, &[("Authorization", &cred)]).status, 200);
    assert_eq!(get(&server, other, &[("Authorization", &cred)]).status, 401);
    assert_eq!(
        get(&server, other, &[("Authorization", &basic("bob", "x"))]).status,
        200
    );
}

#[test]
fn a_credentials_file_is_checked_by_value() {
    let credentials = Credentials(vec![
        Credential {
            api: "bandwidth/voice-v2".into(),
            account: "9900000".into(),
            username: Some("user".into()),
            password: Some("pass".into()),
            token: None,
        },
        Credential {
            api: "vonage/v0".into(),
            account: "a1b2c3d4e5".into(),
            username: None,
            password: None,
            token: Some("token-1".into()),
        },
    ]);
    let server = start(Config {
        credentials: Some(credentials),
        ..Config::default()
    });
    assert_eq!(get(&server, BANDWIDTH, &[]).status, 200);
    assert_eq!(get(&server, VONAGE, &[]).status, 200);
    assert_eq!(
        get(
            &server,
            BANDWIDTH,
            &[("Authorization", &basic("user", "wrong"))]
        )
        .status,
        401
    );
    assert_eq!(
        get(&server, VONAGE, &[("Authorization", "Bearer token-2")]).status,
        401
    );
    // No credential in the file for this API.
    assert_eq!(get(&server, APIFONICA, &[]).status, 401);
}

#[test]
fn the_credentials_file_is_read_with_positions_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("credentials.json");
    std::fs::write(&path, "[{\"api\": \"vonage/v0\", \"acount\": \"x\"}]").unwrap();
    let error = Credentials::load(&path).unwrap_err().to_string();
    assert!(
        error.contains("line 1") && error.contains("acount"),
        "{error}"
    );
}
