//! Regressions: bugs found while writing the CLI tests, each pinned by a test of the behaviour
//! it broke (credentials and phone numbers printed, a HAR body position named as a file
//! position, control characters echoed to a terminal).

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

fn har_with(entry: &serde_json::Value) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [entry]}});
    std::fs::write(dir.path().join("capture.har"), har.to_string()).unwrap();
    dir
}

/// An `Authorization` value without a scheme (a bare API key, or `Bearer:token`) is printed
/// whole as "the scheme" by the `request/auth` check (crates/callspec-validate/src/engine.rs,
/// `check_exchange`: `authorization.split_whitespace().next()`).
#[test]
fn authorization_without_a_scheme_is_not_printed() {
    for value in ["s3cr3t-raw-token", "Bearer:s3cr3t-no-space"] {
        let dir = har_with(&serde_json::json!({
            "request": {"method": "GET",
                        "url": "https://emea.cc.vonage.com/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449",
                        "headers": [{"name": "Accept", "value": "application/json;version=3"},
                                    {"name": "Authorization", "value": value}]},
            "response": {"status": 404, "content": {"text": "{\"message\": \"gone\"}"}}
        }));
        for flags in [&[][..], &["--show-values"]] {
            for (label, text) in common::every_format(dir.path(), flags, &["capture.har"]) {
                assert!(text.contains("capture.har"), "{label}: {text}");
                assert!(
                    !text.contains("s3cr3t"),
                    "{label}: credential printed:\n{text}"
                );
            }
        }
    }
}

/// A HAR entry whose credential header value has the wrong JSON type (a number) is reported
/// as malformed with serde's message, which quotes the value
/// (crates/callspec-validate/src/input.rs, `LenientEntry`: `err.to_string()`): 20 digits are
/// no phone number, so nothing masks it, and `--show-values` shows shorter ones too.
#[test]
fn malformed_entry_does_not_quote_a_credential() {
    let dir = har_with(&serde_json::json!({
        "request": {"method": "GET",
                    "url": "https://voice.bandwidth.com/api/v2/accounts/1/calls/c-1",
                    "headers": [{"name": "Authorization", "value": 12_345_678_901_234_567_890_u64}]},
        "response": {"status": 200, "content": {"text": "{}"}}
    }));
    for flags in [&[][..], &["--show-values"]] {
        for (label, text) in common::every_format(dir.path(), flags, &["capture.har"]) {
            assert!(text.contains("syntax/input"), "{label}: {text}");
            assert!(
                !text.contains("12345678901234567890"),
                "{label}: credential printed:\n{text}"
            );
        }
    }
}

/// In JUnit, a finding inside a HAR entry's body is written `(capture.har:1:1)`, a position
/// in the HAR file, though 1:1 is the body's first character (the human, github and sarif
/// formats name the entry instead). crates/callspec-validate/src/report.rs, `Junit::render`.
#[test]
fn junit_names_the_har_entry_of_a_body_position() {
    let output = common::callspec([
        "validate",
        "--format",
        "junit",
        "tests/fixtures/formats/capture.har",
    ])
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let failure = text
        .lines()
        .find(|l| l.contains("syntax/json"))
        .unwrap_or_else(|| panic!("the entry 6 failure: {text}"));
    assert!(
        !failure.contains("capture.har:1:1)"),
        "a body position shown as a file position: {failure}"
    );
    assert!(failure.contains("entry 6"), "{failure}");
}

/// SARIF's `properties.request` carries the request URL with its phone numbers as they are,
/// while the human format masks the same URL (`?from=+1555•••••67`); phone numbers must be
/// masked unless --show-values. crates/callspec-validate/src/report.rs, `Sarif::render`.
#[test]
fn sarif_masks_phone_numbers_in_the_request() {
    let dir = har_with(&serde_json::json!({
        "request": {"method": "GET",
                    "url": "https://api.catapult.inetwork.com/v1/users/u-1/calls/?from=%2B15551234567&size=0"},
        "response": {"status": 200, "content": {"text": "[]"}}
    }));
    for (label, text) in common::every_format(dir.path(), &[], &["capture.har"]) {
        assert!(text.contains("request/query"), "{label}: {text}");
        assert!(
            !text.contains("15551234567"),
            "{label}: phone number shown:\n{text}"
        );
    }
}

/// The human excerpt prints the source line as it is, control characters included: a
/// captured body holding `ESC ] 0 ; ... BEL` retitles the terminal, `ESC [ 2 J` clears it, and
/// NUL bytes reach the terminal. Control characters should be shown escaped or replaced, as
/// rustc and ruff do. crates/callspec-validate/src/report.rs, `Human::write` (and
/// `Excerpt::at` in finding.rs).
#[test]
fn human_excerpt_does_not_print_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("log.ndjson"),
        b"{\"message\": \"\x1b]0;pwned\x07\x1b[2J\"}\n{\"message\": \"a\0b\"}\n",
    )
    .unwrap();
    let output = common::callspec_in(dir.path(), ["validate", "--color", "never", "log.ndjson"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let controls: Vec<u8> = output
        .stdout
        .iter()
        .copied()
        .filter(|b| *b < 0x20 && *b != b'\n')
        .collect();
    assert!(
        controls.is_empty(),
        "control bytes {controls:02x?} in:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
