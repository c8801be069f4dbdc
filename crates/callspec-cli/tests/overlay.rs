//! `--overlay` from the command line: the json summary lists each overlay with its hash, its
//! actions and the findings it removed or changed; a finding an overlay changed names the
//! action; an overlay file that is not a valid Overlay 1.0 document is refused naming the file
//! and the JSON pointer.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

use std::path::Path;

use serde_json::{Value, json};

const SCHEMA_ID: &str = "https://callspec.dev/specs/bandwidth/voice-v2/call-state.schema.json";

/// A call-state record, with `enqueuedTime` (unknown to the spec) when `extra`.
fn record(i: u32, extra: bool) -> String {
    let mut body = json!({
        "callId": format!("c-{i}"),
        "applicationId": "7fc9698a-b04a-468b-9e8f-91238c0d0086",
        "accountId": "5555555",
        "to": "+15553334444",
        "from": "+15551112222",
        "direction": "outbound",
        "state": "answered",
        "startTime": "2019-10-21T16:45:11.293Z",
        "answerTime": "2019-10-21T16:45:21.000Z",
        "lastUpdate": "2019-10-21T16:55:12.971Z"
    });
    if extra {
        body["enqueuedTime"] = json!("2019-10-21T16:45:10.123Z");
    }
    body.to_string()
}

/// Ten records, four of them (0, 3, 6, 9) with `enqueuedTime`.
fn write_log(dir: &Path) -> std::path::PathBuf {
    let lines: Vec<String> = (0..10).map(|i| record(i, i % 3 == 0)).collect();
    let path = dir.join("calls.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn write_overlay(dir: &Path, name: &str, actions: Value) -> std::path::PathBuf {
    let document = json!({
        "overlay": "1.0.0",
        "info": {"title": name, "version": "1.0.0"},
        "extends": SCHEMA_ID,
        "actions": actions
    });
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    path
}

fn sha256_hex(path: &Path) -> String {
    callspec::overlay::sha256(&std::fs::read(path).unwrap())
}

/// Runs `validate --format json` and returns the record lines and the summary.
fn validate(args: &[&Path]) -> (Vec<Value>, Value) {
    let mut command = common::callspec(["validate", "--format", "json"]);
    for arg in args {
        command.arg(arg);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.pop().unwrap();
    assert_eq!(summary["type"], "summary", "{stdout}");
    (lines, summary)
}

#[test]
fn the_summary_counts_the_findings_an_overlay_removed() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let overlay = write_overlay(
        dir.path(),
        "ack.overlay.json",
        json!([
            {"target": "$['properties']", "update": {"enqueuedTime": {"type": "string"}}},
            {"target": "$['x-callspec-known-properties']", "update": "enqueuedTime"},
            {"target": "$['$defs']['Gone']", "update": {"x": 1}}
        ]),
    );
    let (records, summary) = validate(&[Path::new("--overlay"), &overlay, &log]);
    assert_eq!(summary["drift"], 0);
    assert_eq!(summary["valid"], 10);
    assert!(records.iter().all(|r| r["findings"] == json!([])));
    let overlays = summary["overlays"].as_array().unwrap();
    assert_eq!(overlays.len(), 1);
    let applied = &overlays[0];
    assert_eq!(applied["path"], overlay.display().to_string());
    assert_eq!(applied["sha256"], sha256_hex(&overlay));
    assert_eq!(applied["resource"], "bandwidth/voice-v2/call-state");
    assert_eq!(applied["actions"], 3);
    assert_eq!(applied["actions_applied"], 2);
    assert_eq!(applied["actions_unmatched"], json!([2]));
    // The four `drift/unknown-field` findings of `enqueuedTime` are gone, and counted.
    assert_eq!(applied["findings_removed"], 4);
    assert_eq!(applied["findings_changed"], 0);

    let (_, without) = validate(&[&log]);
    assert_eq!(without["drift"], 4);
    assert!(without.get("overlays").is_none());
}

#[test]
fn a_finding_whose_verdict_an_overlay_changed_names_the_action() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    // Declares `enqueuedTime` as an integer: the records' strings there turn from drift into
    // contract violations.
    let overlay = write_overlay(
        dir.path(),
        "retype.overlay.json",
        json!([
            {"target": "$['x-callspec-known-properties']", "update": "enqueuedTime"},
            {"target": "$['properties']", "update": {"enqueuedTime": {"type": "integer"}}}
        ]),
    );
    let (records, summary) = validate(&[Path::new("--overlay"), &overlay, &log]);
    assert_eq!(summary["invalid"], 4);
    let changed: Vec<&Value> = records
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .collect();
    assert_eq!(changed.len(), 4);
    // Both actions govern the new field: one lists it as known, one declares its type.
    let file = overlay.display();
    let named = format!(
        "[changed by overlay: {file} action 0 (`$['x-callspec-known-properties']`); {file} \
         action 1 (`$['properties']`)]"
    );
    for finding in &changed {
        assert_eq!(finding["pointer"], "/enqueuedTime");
        assert_eq!(finding["code"], "contract/type");
        let message = finding["message"].as_str().unwrap();
        assert!(message.ends_with(&named), "{message}");
    }
    let applied = &summary["overlays"][0];
    assert_eq!(applied["findings_changed"], 4);
    assert_eq!(applied["findings_removed"], 4);

    // Every format carries the action, through the redaction stage.
    for format in ["human", "sarif", "junit", "github"] {
        let output = common::callspec(["validate", "--format", format, "--overlay"])
            .arg(&overlay)
            .arg(&log)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("changed by overlay"), "{format}: {stdout}");
        assert!(stdout.contains("retype.overlay.json action 1"), "{format}");
    }
}

#[test]
fn an_overlay_that_is_not_an_overlay_document_is_refused_naming_file_and_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let overlay = write_overlay(
        dir.path(),
        "bad.overlay.json",
        json!([
            {"target": "$['properties']", "update": {}},
            {"target": "properties", "update": {}}
        ]),
    );
    let output = common::callspec(["validate", "--overlay"])
        .arg(&overlay)
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(&overlay.display().to_string()), "{stderr}");
    assert!(stderr.contains("/actions/1/target"), "{stderr}");
    assert!(stderr.contains("OpenAPI Overlay 1.0"), "{stderr}");
}

#[test]
fn the_mock_refuses_an_overlay_file_that_is_not_an_overlay_document() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = write_overlay(
        dir.path(),
        "bad-mock.overlay.json",
        json!([{"target": "$['properties']", "remove": true, "update": {}}]),
    );
    let output = common::callspec(["mock", "--listen", "127.0.0.1:0", "--overlay"])
        .arg(&overlay)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("bad-mock.overlay.json"), "{stderr}");
    assert!(stderr.contains("at `/actions/0`"), "{stderr}");
}
