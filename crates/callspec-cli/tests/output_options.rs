//! Output for large runs: `-q/--quiet`, `--output FILE` written atomically, unrouted records
//! summarised by shape, "did you mean" for resource ids, and plurals.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

use std::path::Path;

fn stdout_of(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = common::callspec_in(dir, args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn quiet_prints_only_the_summary() {
    let fixtures = common::fixture("formats");
    for (format, summary) in [
        // The covered-by-nothing HAR entry is counted apart, as ignored.
        ("human", "checked 15 records"),
        ("github", "callspec: 15 records"),
        ("json", r#"{"type":"summary""#),
    ] {
        let (code, stdout, _) = stdout_of(&fixtures, &["validate", "-q", "--format", format, "."]);
        assert_eq!(code, Some(1), "{format}: the exit status does not change");
        assert_eq!(stdout.lines().count(), 1, "{format}: {stdout}");
        assert!(stdout.starts_with(summary), "{format}: {stdout}");
    }
    let (_, sarif, _) = stdout_of(&fixtures, &["validate", "-q", "--format", "sarif", "."]);
    assert!(sarif.contains("\"results\""), "sarif is written whole");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.sarif");
    let fixtures = common::fixture("formats");
    let (code, stdout, stderr) = stdout_of(
        &fixtures,
        &[
            "validate",
            "--format",
            "sarif",
            "--output",
            report.to_str().unwrap(),
            ".",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    // Nothing but the report is left in the directory.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // A run that fails before its report is complete (here: standard input without
    // `--input-format`) leaves an earlier report as it was. (A path that cannot be read does not:
    // the others are checked and the report is written whole, then the status is 2.)
    let (code, _, _) = stdout_of(
        &fixtures,
        &["validate", "--output", report.to_str().unwrap(), "-"],
    );
    assert_eq!(code, Some(2));
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(again, log);
}

#[test]
fn unrouted_records_are_summarised_by_shape() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    for i in 0..50 {
        log.push_str(&format!("{{\"level\":\"info\",\"msg\":\"line {i}\"}}\n"));
    }
    log.push_str("{\"other\":true}\n");
    std::fs::write(dir.path().join("app.ndjson"), log).unwrap();
    let (code, stdout, _) = stdout_of(dir.path(), &["validate", "app.ndjson"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout.matches("warning[route/unknown-resource]").count(),
        2,
        "{stdout}"
    );
    assert!(
        stdout.contains("50 records match no resource: an object with fields `level`, `msg`"),
        "{stdout}"
    );
    assert!(stdout.contains("--> first at app.ndjson:1"), "{stdout}");
    assert!(stdout.contains("1 record matches no resource"), "{stdout}");
    assert!(stdout.contains("checked 51 records"), "{stdout}");
    let (_, verbose, _) = stdout_of(dir.path(), &["validate", "--verbose", "app.ndjson"]);
    assert_eq!(
        verbose.matches("warning[route/unknown-resource]").count(),
        51
    );
}

#[test]
fn did_you_mean_a_resource() {
    let dir = common::fixture("formats");
    let (code, _, stderr) = stdout_of(
        &dir,
        &["validate", "--resource", "vonage/v0/call-detial", "."],
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("did you mean `vonage/v0/call-detail`?"),
        "{stderr}"
    );
    let (code, _, stderr) = stdout_of(&dir, &["schema", "apifonica/v2/cal"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("did you mean `apifonica/v2/call`?"),
        "{stderr}"
    );
    let (_, _, stderr) = stdout_of(&dir, &["schema", "zzz\u{1b}[2J"]);
    assert!(!stderr.contains("did you mean"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

#[test]
fn one_record_is_singular() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("one.json"), "{\"hello\": 1}").unwrap();
    let (_, human, _) = stdout_of(dir.path(), &["validate", "one.json"]);
    assert!(human.contains("checked 1 record:"), "{human}");
    let (_, github, _) = stdout_of(dir.path(), &["validate", "--format", "github", "one.json"]);
    assert!(github.contains("callspec: 1 record:"), "{github}");
}
