//! One snapshot per output format over the same small fixture set (`tests/fixtures/formats`):
//! an NDJSON log, a pretty-printed JSON file and a HAR capture to several providers, holding
//! valid, drift, invalid, unreadable and unrouted records.
//!
//! The fixtures, record by record:
//!
//! - `calls.ndjson`: line 1 a valid Bandwidth v2 call state; 2 drift (`disconnectCause`
//!   `carrier`); 3 invalid (`direction` `sideways`, closed enum); 4 unreadable (a truncated
//!   object); 5 blank (skipped); 6 invalid (`lastUpdate` missing); 7 unrouted (`{"hello": ...}`).
//! - `capture.har`: entry 0 a valid Bandwidth v2 GET; 1 a valid Vonage GET with
//!   `Accept: application/json;version=3`; 2 the same without `Accept` (`request/header`); 3 a
//!   Vonage 404 with `{"message": ...}` (valid); 4 a Catapult list with `?size=1001`
//!   (`request/query`); 5 a host no spec knows (unrouted); 6 a Bandwidth GET answered with HTML
//!   (unreadable).
//! - `signalwire-call.json`: a pretty-printed SignalWire call with `Sept` in `end_time`
//!   (`contract/format`) and a field the spec does not know (`queue_time`, drift).
//! - `vonage-not-found.json`: a top-level array of two Vonage 404 bodies, checked one by one:
//!   element 0 valid, element 1 invalid (`message` is a number).

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

const FIXTURES: &str = "tests/fixtures/formats";

#[test]
fn human() {
    callspec_snapshot!(
        "human",
        &mut common::callspec(["validate", "--color", "never", FIXTURES])
    );
}

#[test]
fn human_verbose() {
    callspec_snapshot!(
        "human_verbose",
        &mut common::callspec(["validate", "--color", "never", "--verbose", FIXTURES])
    );
}

#[test]
fn human_strict() {
    callspec_snapshot!(
        "human_strict",
        &mut common::callspec([
            "validate",
            "--color",
            "never",
            "--strict",
            "tests/fixtures/formats/calls.ndjson",
        ])
    );
}

#[test]
fn json() {
    callspec_snapshot!(
        "json",
        &mut common::callspec(["validate", "--format", "json", FIXTURES])
    );
}

#[test]
fn junit() {
    callspec_snapshot!(
        "junit",
        &mut common::callspec(["validate", "--format", "junit", FIXTURES])
    );
}

#[test]
fn sarif() {
    callspec_snapshot!(
        "sarif",
        &mut common::callspec(["validate", "--format", "sarif", FIXTURES])
    );
}

#[test]
fn github() {
    callspec_snapshot!(
        "github",
        &mut common::callspec(["validate", "--format", "github", FIXTURES])
    );
}

/// Colour is off by default when standard output is not a terminal, and `--color always`
/// turns it on for the human format only.
#[test]
fn color() {
    let plain = common::callspec(["validate", "tests/fixtures/formats/calls.ndjson"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!plain.stdout.contains(&0x1b), "no colour on a pipe");
    let colored = common::callspec([
        "validate",
        "--color",
        "always",
        "tests/fixtures/formats/calls.ndjson",
    ])
    .output()
    .unwrap();
    assert!(colored.stdout.contains(&0x1b), "--color always colours");
    let json = common::callspec([
        "validate",
        "--color",
        "always",
        "--format",
        "json",
        "tests/fixtures/formats/calls.ndjson",
    ])
    .output()
    .unwrap();
    assert!(
        !json.stdout.contains(&0x1b),
        "never colour in a machine format"
    );
}
