//! The runner itself, tested with fake subjects that always accept, always reject, give the
//! wrong code, or panic: each must produce the outcome that exposes it.

#![allow(
    clippy::unwrap_used,
    reason = "tests: a panic is a failed test with its message"
)]

use std::path::Path;

use callspec_corpus::{
    ActualFinding, ActualRecord, Case, ExpectedRecord, Judgment, Subject, run_case,
};
use callspec_validate::{Code, Verdict};

struct AlwaysValid;
struct AlwaysInvalid;
struct WrongCode;
struct Panics;
struct CannotRun;

fn record(verdict: Verdict, findings: Vec<ActualFinding>) -> ActualRecord {
    ActualRecord {
        line: None,
        entry: None,
        index: None,
        resource: None,
        verdict,
        findings,
    }
}

impl Subject for AlwaysValid {
    fn check(&self, _: &Path, _: Option<&str>) -> Result<Vec<ActualRecord>, String> {
        Ok(vec![record(Verdict::Valid, vec![])])
    }
}

impl Subject for AlwaysInvalid {
    fn check(&self, _: &Path, _: Option<&str>) -> Result<Vec<ActualRecord>, String> {
        let finding = ActualFinding {
            code: Code::ContractType,
            pointer: "".into(),
            line: None,
            column: None,
        };
        Ok(vec![record(Verdict::Invalid, vec![finding])])
    }
}

impl Subject for WrongCode {
    fn check(&self, _: &Path, _: Option<&str>) -> Result<Vec<ActualRecord>, String> {
        let finding = ActualFinding {
            code: Code::ContractFormat,
            pointer: "/direction".into(),
            line: Some(3),
            column: Some(1),
        };
        Ok(vec![record(Verdict::Invalid, vec![finding])])
    }
}

impl Subject for Panics {
    fn check(&self, _: &Path, _: Option<&str>) -> Result<Vec<ActualRecord>, String> {
        panic!("the fake subject panics")
    }
}

impl Subject for CannotRun {
    fn check(&self, _: &Path, _: Option<&str>) -> Result<Vec<ActualRecord>, String> {
        Err("no such subject".into())
    }
}

fn case(records: serde_json::Value) -> Case {
    let records: Vec<ExpectedRecord> = serde_json::from_value(records).unwrap();
    Case {
        file: "Cargo.toml".into(),
        description: "fake".into(),
        comment: None,
        source: None,
        records,
    }
}

fn dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_valid_case_passes_only_a_subject_that_accepts() {
    let valid = case(serde_json::json!([{ "verdict": "valid", "findings": [] }]));
    assert_eq!(
        run_case(&AlwaysValid, dir(), None, &valid),
        Judgment::Passed
    );
    let Judgment::Failed(why) = run_case(&AlwaysInvalid, dir(), None, &valid) else {
        panic!()
    };
    assert!(
        why.contains("expected verdict `valid`, found `invalid`"),
        "{why}"
    );
    assert!(why.contains("unexpected finding `contract/type`"), "{why}");
}

#[test]
fn an_invalid_case_catches_the_wrong_reason() {
    let invalid = case(serde_json::json!([{
        "verdict": "invalid",
        "findings": [{ "code": "contract/enum", "pointer": "/direction", "line": 3, "column": 17 }]
    }]));
    let Judgment::Failed(why) = run_case(&AlwaysValid, dir(), None, &invalid) else {
        panic!()
    };
    assert!(
        why.contains("missing finding `contract/enum` at `/direction`"),
        "{why}"
    );
    let Judgment::Failed(why) = run_case(&WrongCode, dir(), None, &invalid) else {
        panic!()
    };
    assert!(
        why.contains("missing finding `contract/enum`")
            && why.contains("unexpected finding `contract/format`"),
        "{why}"
    );
}

#[test]
fn positions_are_judged_where_pinned() {
    let pinned = case(serde_json::json!([{
        "verdict": "invalid",
        "findings": [{ "code": "contract/format", "pointer": "/direction", "line": 3, "column": 17 }]
    }]));
    let Judgment::Failed(why) = run_case(&WrongCode, dir(), None, &pinned) else {
        panic!()
    };
    assert!(
        why.contains("expected line Some(3) column Some(17), found line Some(3) column Some(1)"),
        "{why}"
    );
}

#[test]
fn a_panic_or_a_failure_to_run_is_an_error_not_a_failure() {
    let valid = case(serde_json::json!([{ "verdict": "valid", "findings": [] }]));
    let Judgment::Errored(why) = run_case(&Panics, dir(), None, &valid) else {
        panic!()
    };
    assert!(why.contains("the fake subject panics"), "{why}");
    assert_eq!(
        run_case(&CannotRun, dir(), None, &valid),
        Judgment::Errored("no such subject".into())
    );
}

#[test]
fn a_missing_file_is_skipped_with_the_reason() {
    let mut missing = case(serde_json::json!([{ "verdict": "valid", "findings": [] }]));
    missing.file = "no-such-file.json".into();
    let Judgment::Skipped(why) = run_case(&AlwaysValid, dir(), None, &missing) else {
        panic!()
    };
    assert!(why.contains("no-such-file.json"), "{why}");
}

#[test]
fn record_counts_must_match() {
    let two = case(
        serde_json::json!([{ "verdict": "valid", "findings": [] }, { "verdict": "valid", "findings": [] }]),
    );
    let Judgment::Failed(why) = run_case(&AlwaysValid, dir(), None, &two) else {
        panic!()
    };
    assert!(why.contains("expected 2 records, found 1"), "{why}");
}
