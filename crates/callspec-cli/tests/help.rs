//! `--help` snapshots: any change to the command-line surface shows as a diff. Clap wraps at
//! `max_term_width` (100); `COLUMNS=100` keeps a narrow terminal from changing that.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

#[test]
fn callspec_help() {
    callspec_snapshot!("callspec_help", &mut common::callspec(["--help"]));
}

#[test]
fn validate_help() {
    callspec_snapshot!(
        "validate_help",
        &mut common::callspec(["validate", "--help"])
    );
}

#[test]
fn validate_short_help() {
    callspec_snapshot!(
        "validate_short_help",
        &mut common::callspec(["validate", "-h"])
    );
}

#[test]
fn version() {
    callspec_snapshot!("version", &mut common::callspec(["--version"]));
}

#[test]
fn completions_help() {
    callspec_snapshot!(
        "completions_help",
        &mut common::callspec(["completions", "--help"])
    );
}

#[test]
fn man_help() {
    callspec_snapshot!("man_help", &mut common::callspec(["man", "--help"]));
}
