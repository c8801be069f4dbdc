//! Secrets never appear in any output format, whatever the flags; phone numbers in messages are
//! masked unless `--show-values` asks for them (issue 3, item 7).
//!
//! `tests/fixtures/redaction/secrets.har` carries credentials in every place a capture holds
//! them, each a string containing `s3cr3t` (or the base64 of one): `Authorization: Bearer`
//! and `Basic`, `Proxy-Authorization`, `X-Api-Key`, `Cookie` (header and HAR cookies),
//! `Set-Cookie`, URL userinfo, token-like query parameters (in the URL, in `queryString` and in
//! a fragment), on entries that are valid, invalid, drifting, unreadable and unrouted, so that
//! every code path that prints something about a request is taken.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

const HAR: &str = "tests/fixtures/redaction/secrets.har";

/// Every secret of the fixture, and the base64 of the Basic credentials.
const SECRETS: [&str; 11] = [
    "s3cr3t",
    "s3cr3t-bearer-token",
    "dXNlcjpzM2NyM3QtYmFzaWM",
    "s3cr3t-basic",
    "s3cr3t-cookie",
    "s3cr3t-set-cookie",
    "s3cr3t-userinfo",
    "s3cr3t-query",
    "s3cr3t-apikey",
    "s3cr3t-password",
    "s3cr3t-proxy",
];

#[test]
fn the_fixture_holds_the_secrets() {
    let text = std::fs::read_to_string(common::fixture("redaction/secrets.har")).unwrap();
    // `s3cr3t-basic` is there only inside the base64 of `user:s3cr3t-basic`.
    for secret in SECRETS.iter().filter(|s| **s != "s3cr3t-basic") {
        assert!(text.contains(secret), "{secret}");
    }
}

#[test]
fn no_credential_in_any_format() {
    let flag_sets: [&[&str]; 5] = [
        &[],
        &["--show-values"],
        &["--verbose", "--show-values", "--color", "always"],
        &["--strict", "--show-values"],
        &[
            "--resource",
            "bandwidth/voice-v2/call-state",
            "--show-values",
        ],
    ];
    for flags in flag_sets {
        for (label, text) in common::every_format(common::package_dir(), flags, &[HAR]) {
            assert!(
                text.contains("secrets.har"),
                "{label}: the run reported: {text}"
            );
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "{label}: `{secret}` is printed:\n{text}"
                );
            }
        }
    }
}

/// The same capture through standard input.
#[test]
fn no_credential_from_stdin() {
    let har = std::fs::read(common::fixture("redaction/secrets.har")).unwrap();
    for format in common::FORMATS {
        let output = common::callspec([
            "validate",
            "--show-values",
            "--input-format",
            "har",
            "--format",
            format,
            "-",
        ])
        .write_stdin(har.clone())
        .output()
        .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(text.contains("stdin"), "{format}: {text}");
        for secret in SECRETS {
            assert!(!text.contains(secret), "{format}: `{secret}` is printed");
        }
    }
}

/// Redacted values are shown as `***` where the human format shows the request.
#[test]
fn redacted_urls_keep_their_shape() {
    let output = common::callspec(["validate", "--color", "never", HAR])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("https://***@voice.bandwidth.com/api/v2/accounts/"),
        "{text}"
    );
    assert!(text.contains("?access_token=***"), "{text}");
    assert!(
        text.contains("size=1001&access_token=***&api_key=***"),
        "{text}"
    );
    // Only the scheme of a mismatched `Authorization` is named.
    assert!(text.contains("uses the `Bearer` scheme"), "{text}");
    assert!(text.contains("uses the `Basic` scheme"), "{text}");
}

const SIP: &str = "sip:+15551234567@example.com";
const SIP_MASKED: &str = "sip:+1555•••••67@example.com";

/// A Bandwidth v2 call whose `to` is a SIP URI: `contract/format`, whose message names the
/// value, in an NDJSON log and in a HAR body.
fn phone_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let call = common::BANDWIDTH_VALID.replace("\"+15553334444\"", &format!("\"{SIP}\""));
    assert!(call.contains(SIP));
    std::fs::write(dir.path().join("calls.ndjson"), format!("{call}\n")).unwrap();
    std::fs::copy(
        common::fixture("redaction/secrets.har"),
        dir.path().join("capture.har"),
    )
    .unwrap();
    dir
}

#[test]
fn phone_numbers_masked_by_default() {
    let dir = phone_fixture();
    for (label, text) in common::every_format(dir.path(), &[], &["calls.ndjson", "capture.har"]) {
        assert!(
            text.contains(SIP_MASKED),
            "{label}: masked value shown:\n{text}"
        );
        for number in ["15551234567", "15551112222"] {
            assert!(!text.contains(number), "{label}: `{number}` shown:\n{text}");
        }
    }
}

#[test]
fn phone_numbers_shown_with_show_values() {
    let dir = phone_fixture();
    for (label, text) in common::every_format(
        dir.path(),
        &["--show-values"],
        &["calls.ndjson", "capture.har"],
    ) {
        assert!(text.contains(SIP), "{label}: value shown:\n{text}");
        assert!(
            !text.contains(SIP_MASKED),
            "{label}: nothing masked:\n{text}"
        );
    }
}

/// The message names the masked value exactly: first four and last two digits kept.
#[test]
fn masked_message() {
    let dir = phone_fixture();
    let run = common::json_run(&mut common::callspec_in(
        dir.path(),
        ["validate", "--format", "json", "calls.ndjson"],
    ));
    let finding = &run.line(1)["findings"][0];
    assert_eq!(finding["code"], "contract/format");
    assert_eq!(finding["pointer"], "/to");
    assert_eq!(
        finding["message"],
        "\"sip:+1555•••••67@example.com\" is not a valid `e164`"
    );
}
