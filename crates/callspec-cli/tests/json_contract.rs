//! The `--format json` contract (issue 3, item 5), which other tools parse: one line per record
//! with exactly the keys `type, source, line, entry, index, resource, verdict, findings` in
//! that order, findings with exactly `code, severity, pointer, line, column, message` in that
//! order, then one summary line with exactly `type, records, valid, drift, invalid, unreadable,
//! unrouted`; records in input order.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

use std::fmt::Write as _;

use serde_json::Value;

const RECORD_KEYS: [&str; 8] = [
    "type", "source", "line", "entry", "index", "resource", "verdict", "findings",
];
const FINDING_KEYS: [&str; 6] = ["code", "severity", "pointer", "line", "column", "message"];
const SUMMARY_KEYS: [&str; 8] = [
    "type",
    "records",
    "valid",
    "drift",
    "invalid",
    "unreadable",
    "unrouted",
    "ignored",
];

/// The keys of every object in a JSON text, in the order they are written, by nesting depth of
/// the object (1 for the top-level object). serde_json's `Value` sorts keys, so the order is
/// read from the text.
fn keys_by_depth(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut objects: Vec<(usize, Vec<String>)> = Vec::new();
    let mut open: Vec<Option<usize>> = Vec::new(); // per open container: its object's index
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                objects.push((open.len() + 1, Vec::new()));
                open.push(Some(objects.len() - 1));
            }
            '[' => open.push(None),
            '}' | ']' => {
                open.pop();
            }
            '"' => {
                let mut string = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            string.push(c);
                            string.push(chars.next().expect("an escaped character"));
                        }
                        '"' => break,
                        c => string.push(c),
                    }
                }
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&':')
                    && let Some(Some(object)) = open.last()
                {
                    objects[*object].1.push(string);
                }
            }
            _ => {}
        }
    }
    objects
}

fn assert_record_line(line: &str) {
    let objects = keys_by_depth(line);
    let (depth, keys) = &objects[0];
    assert_eq!(*depth, 1);
    assert_eq!(keys, &RECORD_KEYS, "{line}");
    // The findings are the objects at depth 3 (record, findings array, finding).
    for (depth, keys) in &objects[1..] {
        assert_eq!(*depth, 3, "no other nested object: {line}");
        assert_eq!(keys, &FINDING_KEYS, "{line}");
    }
    let record: Value = serde_json::from_str(line).unwrap();
    assert_eq!(record["type"], "record");
    assert!(record["source"].is_string(), "{line}");
    for key in ["line", "entry", "index"] {
        assert!(
            record[key].is_null() || record[key].is_u64(),
            "{key}: {line}"
        );
    }
    assert!(
        record["resource"].is_null() || record["resource"].is_string(),
        "{line}"
    );
    let verdict = record["verdict"].as_str().unwrap();
    assert!(
        ["valid", "drift", "invalid", "unreadable", "unrouted"].contains(&verdict),
        "{line}"
    );
    let findings = record["findings"].as_array().unwrap();
    assert_eq!(findings.len(), objects.len() - 1, "{line}");
    for finding in findings {
        assert!(finding["code"].as_str().unwrap().contains('/'), "{line}");
        let severity = finding["severity"].as_str().unwrap();
        assert!(["error", "warning", "info"].contains(&severity), "{line}");
        let pointer = finding["pointer"].as_str().unwrap();
        assert!(pointer.is_empty() || pointer.starts_with('/'), "{line}");
        for key in ["line", "column"] {
            assert!(
                finding[key].is_null() || finding[key].as_u64().is_some_and(|n| n >= 1),
                "{key}: {line}"
            );
        }
        assert!(finding["message"].is_string(), "{line}");
    }
    if verdict == "valid" {
        // Only semantic warnings, which leave the verdict.
        assert!(
            findings.iter().all(|f| f["severity"] == "warning"
                && f["code"].as_str().unwrap().starts_with("semantic/")),
            "{line}"
        );
    }
}

fn assert_summary_line(line: &str, records: usize) {
    let objects = keys_by_depth(line);
    assert_eq!(objects.len(), 1, "{line}");
    assert_eq!(objects[0].1, SUMMARY_KEYS, "{line}");
    let summary: Value = serde_json::from_str(line).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["records"], records as u64, "{line}");
    // Ignored HAR entries are not records: the verdict counts are `valid` to `unrouted`.
    let counted: u64 = SUMMARY_KEYS[2..SUMMARY_KEYS.len() - 1]
        .iter()
        .map(|k| summary[*k].as_u64().unwrap())
        .sum();
    assert_eq!(counted, records as u64, "the verdict counts add up: {line}");
}

/// Every line of the output over the fixture set (NDJSON, pretty JSON, HAR) and the document
/// examples of the corpus (which include top-level arrays).
#[test]
fn every_line_keeps_the_contract() {
    let output = common::callspec([
        "validate",
        "--format",
        "json",
        "tests/fixtures/formats",
        "tests/fixtures/redaction",
        "../../corpus/apifonica/v2/call/valid/document-example-repaired.json",
        "../../corpus/apifonica/v2/call/invalid/document-example-as-published.json",
        "../../corpus/bandwidth/voice-v2/call-state/valid/document-example.json",
        "../../corpus/bandwidth/catapult-v1/list-calls/valid/document-example-1-filled.json",
        "../../corpus/bandwidth/catapult-v1/list-calls/invalid/document-example-1-verbatim.json",
        "../../corpus/bandwidth/catapult-v1/list-calls/valid/document-example-2-filled.json",
        "../../corpus/bandwidth/catapult-v1/list-calls/invalid/document-example-2-verbatim.json",
        "../../corpus/bandwidth/catapult-v1/list-calls.query/valid/document-example.json",
        "../../corpus/signalwire/laml-2010-04-01/call/valid/document-example-sep.json",
        "../../corpus/signalwire/laml-2010-04-01/call/invalid/document-example-sept.json",
        "../../corpus/vonage/v0/call-detail/valid/document-example-failed-call.json",
        "../../corpus/vonage/v0/call-detail/valid/document-example-presented-clid.json",
        "../../corpus/vonage/v0/not-found/valid/document-example.json",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.ends_with('\n'));
    let lines: Vec<&str> = stdout.lines().collect();
    let (summary, records) = lines.split_last().unwrap();
    assert!(records.len() > 20, "{stdout}");
    for line in records {
        assert_record_line(line);
    }
    assert_summary_line(summary, records.len());
    // Each finding shape is there: with and without a position, an element index, an entry.
    let parsed: Vec<Value> = records
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(parsed.iter().any(|r| r["entry"].is_u64()));
    assert!(parsed.iter().any(|r| r["index"].is_u64()));
    assert!(parsed.iter().any(|r| r["line"].is_u64()));
    assert!(
        parsed
            .iter()
            .flat_map(|r| r["findings"].as_array().unwrap())
            .any(|f| f["line"].is_null())
    );
}

/// The key checker itself: it reads order from the text and sees nested objects.
#[test]
fn keys_by_depth_reads_the_text() {
    let objects = keys_by_depth(r#"{"b":1,"a":[{"y":"{\"x\":1}","x":null}],"c":{"k":[]}}"#);
    assert_eq!(
        objects,
        [
            (1, vec!["b".to_owned(), "a".to_owned(), "c".to_owned()]),
            (3, vec!["y".to_owned(), "x".to_owned()]),
            (2, vec!["k".to_owned()]),
        ]
    );
}

/// The summary alone, for an empty run (which fails unless `--allow-empty`).
#[test]
fn empty_run_is_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.ndjson"), "").unwrap();
    let output = common::callspec_in(
        dir.path(),
        ["validate", "--format", "json", "--allow-empty", "."],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"type\":\"summary\",\"records\":0,\"valid\":0,\"drift\":0,\"invalid\":0,\"unreadable\":0,\"unrouted\":0,\"ignored\":0}\n"
    );
}

/// Records come out in input order with two workers, across chunk boundaries (a chunk holds
/// 2048 records), whatever each record costs: lines alternate between a fast valid record, a
/// slow invalid one and an unreadable one.
#[test]
fn input_order_with_two_jobs() {
    const LINES: u64 = 5000;
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::new();
    for i in 1..=LINES {
        match i % 3 {
            0 => writeln!(log, "{{\"message\": {i}}}").unwrap(),
            1 => writeln!(log, "{{\"message\": \"line {i}\"}}").unwrap(),
            _ => writeln!(log, "{{\"message\": \"line {i}\"").unwrap(),
        }
    }
    std::fs::write(dir.path().join("log.ndjson"), log).unwrap();
    std::fs::write(dir.path().join("z.json"), common::VONAGE_NOT_FOUND).unwrap();
    let run = common::json_run(&mut common::callspec_in(
        dir.path(),
        [
            "validate",
            "--format",
            "json",
            "-j",
            "2",
            "log.ndjson",
            "z.json",
        ],
    ));
    common::assert_no_panic(&run);
    assert_eq!(run.records.len() as u64, LINES + 1);
    for (i, record) in run.records[..LINES as usize].iter().enumerate() {
        let line = i as u64 + 1;
        assert_eq!(record["line"], line, "record {i} out of order");
        let verdict = match line % 3 {
            0 => "invalid",
            1 => "valid",
            _ => "unreadable",
        };
        assert_eq!(record["verdict"], verdict, "{record}");
    }
    assert_eq!(run.records[LINES as usize]["source"], "z.json");
    assert_eq!(run.summary["records"], LINES + 1);
}

/// The polls of one call are checked in input order whatever the workers and chunks: a call
/// seen disconnected on the first line and answered again on the last, megabytes later (other
/// chunks, other workers), is one `semantic/monotonic` finding on the last line, and `-j1` and
/// `-j2` print the same bytes.
#[test]
fn polls_across_chunks_and_workers() {
    const CALLS: usize = 6000;
    let call = |id: &str, disconnected: bool| {
        let ended = if disconnected {
            r#""endTime":"2019-10-21T16:55:12.950Z","disconnectCause":"hangup","#
        } else {
            r#""endTime":null,"disconnectCause":null,"#
        };
        format!(
            r#"{{"callId":"{id}","parentCallId":null,"applicationId":"7fc9698a-b04a-468b-9e8f-91238c0d0086","accountId":"5555555","to":"+15553334444","from":"+15551112222","direction":"inbound","state":"{}","startTime":"2019-10-21T16:45:11.293Z","answerTime":"2019-10-21T16:45:14.352Z",{ended}"errorMessage":null,"errorId":null,"lastUpdate":"2019-10-21T16:55:12.971Z"}}"#,
            if disconnected {
                "disconnected"
            } else {
                "answered"
            }
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let mut log = call("c-back", true) + "\n";
    for i in 0..CALLS {
        writeln!(log, "{}", call(&format!("c-{i}"), false)).unwrap();
    }
    writeln!(log, "{}", call("c-back", false)).unwrap();
    assert!(log.len() > 2 << 20, "the log spans several chunks");
    std::fs::write(dir.path().join("polls.ndjson"), &log).unwrap();
    let output = |jobs: &str| {
        common::callspec_in(
            dir.path(),
            ["validate", "--format", "json", "-j", jobs, "polls.ndjson"],
        )
        .output()
        .unwrap()
    };
    let one = output("1");
    let two = output("2");
    assert_eq!(one.stdout, two.stdout, "-j1 and -j2 differ");
    let run = common::json_run(&mut common::callspec_in(
        dir.path(),
        ["validate", "--format", "json", "-j", "2", "polls.ndjson"],
    ));
    assert_eq!(run.summary["records"], CALLS + 2);
    assert_eq!(run.summary["invalid"], 1, "{}", run.summary);
    let last = &run.records[CALLS + 1];
    assert_eq!(last["line"], CALLS + 2);
    assert_eq!(last["verdict"], "invalid");
    let findings = last["findings"].as_array().unwrap();
    assert!(
        !findings.is_empty() && findings.iter().all(|f| f["code"] == "semantic/monotonic"),
        "{last}"
    );
    // Placed in the last line's body, though the record was checked megabytes before its
    // earlier poll was compared: `/state` is the 10th member of the line.
    let state = findings.iter().find(|f| f["pointer"] == "/state").unwrap();
    assert_eq!(state["line"], CALLS + 2, "{state}");
    let line = log.lines().last().unwrap();
    let column = line.find(r#""answered""#).unwrap() + 1;
    assert_eq!(state["column"], column, "{state}");
}
