//! Bad input never panics and never stops the run (issue 3, item 8): each case is a finding at
//! its position, and the record after it is still checked. Every case runs in every output
//! format, since each renders positions and excerpts its own way.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

mod common;

use std::io::Write;
use std::path::Path;

use common::{JsonRun, VONAGE_NOT_FOUND, assert_no_panic, codes, first_position, json_run};
use serde_json::json;

const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];

/// Runs `callspec validate --format json ARGS` in `dir`, after checking that no format panics
/// on the same input.
fn check(dir: &Path, args: &[&str]) -> JsonRun {
    check_formats(dir, args, &FORMATS)
}

fn check_formats(dir: &Path, args: &[&str], formats: &[&str]) -> JsonRun {
    for format in formats.iter().filter(|f| **f != "json") {
        let output =
            common::callspec_in(dir, ["validate", "--color", "always", "--format", format])
                .args(args)
                .output()
                .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{format}: exit {:?}, stderr: {stderr}",
            output.status.code()
        );
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
    let run = json_run(common::callspec_in(dir, ["validate", "--format", "json"]).args(args));
    assert_no_panic(&run);
    run
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Asserts `record` is the valid Vonage 404 body that follows each bad input.
fn assert_checked(record: &serde_json::Value) {
    assert_eq!(record["verdict"], "valid", "{record}");
    assert_eq!(record["resource"], "vonage/v0/not-found", "{record}");
}

#[test]
fn malformed_json() {
    let dir = temp();
    write(
        dir.path(),
        "log.ndjson",
        format!("{VONAGE_NOT_FOUND}\n{{\"message\" \"no colon\"}}\n{VONAGE_NOT_FOUND}\n"),
    );
    // A pretty-printed file: the position is the line and column inside the file.
    write(
        dir.path(),
        "pretty.json",
        "{\n  \"message\": \"a\",\n  \"code\": 404,\n}\n",
    );
    write(dir.path(), "after.json", VONAGE_NOT_FOUND);
    let run = check(dir.path(), &["log.ndjson", "pretty.json", "after.json"]);
    let bad = run.line(2);
    assert_eq!(bad["verdict"], "unreadable");
    assert_eq!(codes(bad), ["syntax/json"]);
    assert_eq!(first_position(bad), (json!(2), json!(12)));
    assert_checked(run.line(3));
    let pretty = run.source("pretty.json")[0];
    assert_eq!(codes(pretty), ["syntax/json"]);
    assert_eq!(first_position(pretty), (json!(4), json!(1)));
    assert_checked(run.source("after.json")[0]);
    assert_eq!(run.summary["records"], 5);
}

#[test]
fn truncated_last_line() {
    let dir = temp();
    write(
        dir.path(),
        "log.ndjson",
        format!("{VONAGE_NOT_FOUND}\n{{\"message\": \"The requested res"),
    );
    write(dir.path(), "next.ndjson", format!("{VONAGE_NOT_FOUND}\n"));
    let run = check(dir.path(), &["log.ndjson", "next.ndjson"]);
    let records = run.source("log.ndjson");
    assert_eq!(records.len(), 2);
    assert_checked(records[0]);
    assert_eq!(records[1]["line"], 2);
    assert_eq!(records[1]["verdict"], "unreadable");
    assert_eq!(codes(records[1]), ["syntax/json"]);
    // The line is 30 characters long: the end of input is at column 31.
    assert_eq!(first_position(records[1]), (json!(2), json!(31)));
    assert_checked(run.source("next.ndjson")[0]);
}

#[test]
fn invalid_utf8() {
    let dir = temp();
    let mut log = b"{\"message\": \"caf\xe9\"}\n".to_vec();
    log.extend_from_slice(VONAGE_NOT_FOUND.as_bytes());
    log.push(b'\n');
    write(dir.path(), "log.ndjson", log);
    let run = check(dir.path(), &["log.ndjson"]);
    let bad = run.line(1);
    assert_eq!(bad["verdict"], "unreadable");
    assert_eq!(codes(bad), ["syntax/utf8"]);
    // `{"message": "caf` is 16 bytes: the bad byte is the 17th.
    assert_eq!(first_position(bad), (json!(1), json!(17)));
    assert!(
        bad["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("0xe9")
    );
    assert_checked(run.line(2));
}

#[test]
fn byte_order_mark() {
    let dir = temp();
    write(
        dir.path(),
        "bom.json",
        format!("\u{feff}{VONAGE_NOT_FOUND}\n").as_bytes(),
    );
    // A mark before the first line of a log; positions on that line are not shifted by it.
    write(
        dir.path(),
        "bom.ndjson",
        format!("\u{feff}{{\"message\": 404}}\n{VONAGE_NOT_FOUND}\n").as_bytes(),
    );
    let run = check(dir.path(), &["bom.json", "bom.ndjson"]);
    assert_checked(run.source("bom.json")[0]);
    let first = run.line(1);
    assert_eq!(first["source"], "bom.ndjson");
    assert_eq!(first["verdict"], "invalid");
    assert_eq!(codes(first), ["contract/type"]);
    assert_eq!(first_position(first), (json!(1), json!(13)));
    assert_checked(run.line(2));
}

#[test]
fn nul_bytes() {
    let dir = temp();
    let mut log = Vec::new();
    log.extend_from_slice(b"{\"message\": \"a\0b\"}\n");
    log.extend_from_slice(b"{\"message\":\0\"a\"}\n");
    log.extend_from_slice(b"\0\0\0\0\n");
    log.extend_from_slice(VONAGE_NOT_FOUND.as_bytes());
    write(dir.path(), "log.ndjson", log);
    let run = check(dir.path(), &["log.ndjson"]);
    for (line, column) in [(1, 15), (2, 12), (3, 1)] {
        let bad = run.line(line);
        assert_eq!(bad["verdict"], "unreadable", "{bad}");
        assert_eq!(codes(bad), ["syntax/json"], "{bad}");
        assert_eq!(first_position(bad), (json!(line), json!(column)), "{bad}");
    }
    assert_checked(run.line(4));
}

#[test]
fn deep_nesting() {
    let dir = temp();
    let arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    write(
        dir.path(),
        "deep.ndjson",
        format!("{arrays}\n{objects}\n{VONAGE_NOT_FOUND}\n"),
    );
    write(dir.path(), "deep.json", &arrays);
    write(dir.path(), "after.json", VONAGE_NOT_FOUND);
    let run = check(dir.path(), &["deep.ndjson", "deep.json", "after.json"]);
    for line in [1, 2] {
        let bad = run.line(line);
        assert_eq!(bad["verdict"], "unreadable", "{bad}");
        assert_eq!(codes(bad), ["syntax/json"], "{bad}");
        assert!(
            bad["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("recursion limit"),
            "{bad}"
        );
        let (at_line, column) = first_position(bad);
        assert_eq!(at_line, line);
        assert!(column.as_u64().is_some_and(|c| c > 1), "{bad}");
    }
    assert_checked(run.line(3));
    assert_eq!(codes(run.source("deep.json")[0]), ["syntax/json"]);
    assert_checked(run.source("after.json")[0]);
}

/// A 100 MB line, generated here and streamed to disk; the record after it is still checked.
/// (The line holds a valid record: any finding on it would cost an excerpt of the whole line,
/// seconds in a debug build.)
#[test]
fn hundred_megabyte_line() {
    let dir = temp();
    let path = dir.path().join("huge.ndjson");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"{\"message\": \"").unwrap();
    let block = [b'a'; 1 << 20];
    for _ in 0..100 {
        file.write_all(&block).unwrap();
    }
    file.write_all(b"\"}\n{\"message\": 404}\n").unwrap();
    file.into_inner().unwrap().sync_all().unwrap();
    // Past the default per-record limit (64 MiB): read when the limit is raised.
    let run = check_formats(
        dir.path(),
        &["--max-record-bytes", "128M", "huge.ndjson"],
        &["json"],
    );
    assert_checked(run.line(1));
    let next = run.line(2);
    assert_eq!(codes(next), ["contract/type"]);
    assert_eq!(first_position(next), (json!(2), json!(13)));
    assert_eq!(run.code, Some(1));
}

#[test]
fn empty_file() {
    let dir = temp();
    write(dir.path(), "empty.json", "");
    write(dir.path(), "empty.ndjson", "");
    write(dir.path(), "empty.har", "");
    write(dir.path(), "blank.ndjson", "\n  \n\r\n");
    write(dir.path(), "after.json", VONAGE_NOT_FOUND);
    let run = check(
        dir.path(),
        &[
            "empty.json",
            "empty.ndjson",
            "empty.har",
            "blank.ndjson",
            "after.json",
        ],
    );
    let json_file = run.source("empty.json")[0];
    assert_eq!(json_file["verdict"], "unreadable");
    assert_eq!(codes(json_file), ["syntax/json"]);
    assert_eq!(
        json_file["findings"][0]["message"],
        "not JSON: the body is empty"
    );
    assert_eq!(first_position(json_file), (json!(1), json!(1)));
    // A log without lines has no records.
    assert!(run.source("empty.ndjson").is_empty());
    assert!(run.source("blank.ndjson").is_empty());
    let har = run.source("empty.har")[0];
    assert_eq!(har["verdict"], "unreadable");
    assert_eq!(codes(har), ["syntax/input"]);
    assert_checked(run.source("after.json")[0]);
    assert_eq!(run.summary["records"], 3);
}

/// Pseudo-random bytes (a fixed-seed generator, so the case is the same on every run).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 56) as u8
        })
        .collect()
}

#[test]
fn binary_file() {
    let dir = temp();
    let mut bytes = noise(64 * 1024, 7);
    bytes[0] = 0xC3; // Not the gzip magic: the bytes are read as they are.
    write(dir.path(), "random.json", &bytes);
    write(dir.path(), "random.ndjson", &bytes);
    write(dir.path(), "random.har", &bytes);
    write(dir.path(), "after.json", VONAGE_NOT_FOUND);
    let run = check(
        dir.path(),
        &["random.json", "random.ndjson", "random.har", "after.json"],
    );
    let json_file = run.source("random.json")[0];
    assert_eq!(json_file["verdict"], "unreadable");
    assert!(
        matches!(codes(json_file)[..], ["syntax/utf8" | "syntax/json"]),
        "{json_file}"
    );
    assert_eq!(json_file["findings"][0]["line"], 1);
    let lines = run.source("random.ndjson");
    assert!(!lines.is_empty());
    for record in &lines {
        assert_eq!(record["verdict"], "unreadable", "{record}");
        assert_eq!(
            record["findings"][0]["line"], record["line"],
            "each finding is on its own line: {record}"
        );
    }
    assert_eq!(codes(run.source("random.har")[0]), ["syntax/input"]);
    assert_checked(run.source("after.json")[0]);
}

/// Bytes that start like gzip and are not: a corrupt stream is a finding, not an I/O error.
#[test]
fn corrupt_gzip() {
    let dir = temp();
    let mut bytes = vec![0x1f, 0x8b];
    bytes.extend(noise(4096, 11));
    write(dir.path(), "corrupt.ndjson.gz", &bytes);
    write(dir.path(), "after.json", VONAGE_NOT_FOUND);
    let run = check(dir.path(), &["corrupt.ndjson.gz", "after.json"]);
    let bad = run.source("corrupt.ndjson.gz");
    assert_eq!(bad.len(), 1);
    assert_eq!(codes(bad[0]), ["syntax/input"]);
    assert!(
        bad[0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("gzip")
    );
    assert_checked(run.source("after.json")[0]);
}

#[test]
fn har_entries_lacking_fields() {
    let dir = temp();
    let ok = r#"{"request": {"method": "GET", "url": "https://emea.cc.vonage.com/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449",
                 "headers": [{"name": "Accept", "value": "application/json;version=3"}]},
      "response": {"status": 404, "content": {"text": "{\"message\": \"gone\"}"}}}"#;
    let get = r#""request": {"method": "GET", "url": "https://voice.bandwidth.com/api/v2/accounts/1/calls/c-1"}"#;
    let har = format!(
        r#"{{"log": {{"version": "1.2", "entries": [
      {{"response": {{"status": 200}}}},
      {{{get}}},
      {{{get}, "response": {{"status": 200}}}},
      {{{get}, "response": {{"status": 200, "content": {{"mimeType": "application/json"}}}}}},
      {{}},
      {{{get}, "response": {{"status": "OK", "content": {{"text": "{{}}"}}}}}},
      {{{get}, "response": {{"status": 200, "content": {{"text": "@@", "encoding": "base64"}}}}}},
      {ok}
    ]}}}}"#
    );
    write(dir.path(), "partial.har", har);
    let run = check(dir.path(), &["partial.har"]);
    for entry in 0..7 {
        let bad = run.entry(entry);
        assert_eq!(bad["verdict"], "unreadable", "{bad}");
        assert_eq!(codes(bad), ["syntax/input"], "{bad}");
    }
    let messages: Vec<&str> = (0..4)
        .map(|e| run.entry(e)["findings"][0]["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("no `request`"), "{messages:?}");
    assert!(messages[1].contains("no `response`"), "{messages:?}");
    assert!(
        messages[2].contains("no `response.content`"),
        "{messages:?}"
    );
    assert!(
        messages[3].contains("no `response.content.text`"),
        "{messages:?}"
    );
    assert_checked(run.entry(7));
    assert_eq!(run.summary["records"], 8);
}

/// A HAR entry that is not JSON: one finding for that entry, naming where it is in the capture.
/// A HAR that is not a HAR document at all: one finding at the syntax error's position.
#[test]
fn har_document_not_json() {
    let dir = temp();
    write(
        dir.path(),
        "broken.har",
        "{\"log\": {\"entries\": [\n  {\"request\": }\n]}}",
    );
    write(
        dir.path(),
        "not-har.har",
        "{\"log\": {\"entries\": [\n  ]]\n",
    );
    write(dir.path(), "after.json", VONAGE_NOT_FOUND);
    let run = check(dir.path(), &["broken.har", "not-har.har", "after.json"]);
    let bad = run.source("broken.har")[0];
    assert_eq!(codes(bad), ["syntax/input"]);
    assert_eq!(bad["entry"], 0, "{bad}");
    let message = bad["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("line 2 column 15"), "{message}");
    let bad = run.source("not-har.har")[0];
    assert_eq!(codes(bad), ["syntax/input"]);
    assert_eq!(first_position(bad), (json!(2), json!(4)));
    assert_checked(run.source("after.json")[0]);
}

#[test]
fn har_body_not_json() {
    let dir = temp();
    let vonage =
        "https://emea.cc.vonage.com/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449";
    let har = json!({"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": vonage,
                     "headers": [{"name": "Accept", "value": "application/json;version=3"}]},
         "response": {"status": 404, "content": {"mimeType": "text/html",
                      "text": "<html>\n<body>Not Found</body>\n</html>"}}},
        {"request": {"method": "GET", "url": vonage,
                     "headers": [{"name": "Accept", "value": "application/json;version=3"}]},
         "response": {"status": 404, "content": {"text": "{\"message\": \"gone\",\n \"x\" }"}}},
        {"request": {"method": "GET", "url": vonage,
                     "headers": [{"name": "Accept", "value": "application/json;version=3"}]},
         "response": {"status": 404, "content": {"text": VONAGE_NOT_FOUND}}},
    ]}});
    write(dir.path(), "capture.har", har.to_string());
    let run = check(dir.path(), &["capture.har"]);
    let html = run.entry(0);
    assert_eq!(html["verdict"], "unreadable");
    assert_eq!(html["resource"], "vonage/v0/not-found");
    assert_eq!(codes(html), ["syntax/json"]);
    // Positions inside a HAR body are relative to the body; the entry locates it.
    assert_eq!(first_position(html), (json!(1), json!(1)));
    let broken = run.entry(1);
    assert_eq!(codes(broken), ["syntax/json"]);
    assert_eq!(first_position(broken), (json!(2), json!(6)));
    assert_checked(run.entry(2));
}

#[test]
fn gzip_compressed_ndjson() {
    let dir = temp();
    let file = std::fs::File::create(dir.path().join("log.ndjson.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    write!(
        gz,
        "{VONAGE_NOT_FOUND}\n{{\"message\": \n{{\"message\": 404}}\n{VONAGE_NOT_FOUND}\n"
    )
    .unwrap();
    gz.finish().unwrap();
    let run = check(dir.path(), &["log.ndjson.gz"]);
    assert_eq!(run.records.len(), 4);
    assert_checked(run.line(1));
    assert_eq!(run.line(1)["source"], "log.ndjson.gz");
    let bad = run.line(2);
    assert_eq!(codes(bad), ["syntax/json"]);
    assert_eq!(first_position(bad), (json!(2), json!(13)));
    let invalid = run.line(3);
    assert_eq!(codes(invalid), ["contract/type"]);
    assert_eq!(first_position(invalid), (json!(3), json!(13)));
    assert_checked(run.line(4));
}

#[test]
fn stdin_ndjson() {
    let dir = temp();
    let input = format!("{VONAGE_NOT_FOUND}\r\n{{\"message\" 1}}\r\n\r\n{VONAGE_NOT_FOUND}\r\n");
    for format in FORMATS.iter().filter(|f| **f != "json") {
        let output = common::callspec_in(
            dir.path(),
            [
                "validate",
                "--input-format",
                "ndjson",
                "--format",
                format,
                "-",
            ],
        )
        .write_stdin(input.clone())
        .output()
        .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
    }
    let run = json_run(
        common::callspec_in(
            dir.path(),
            [
                "validate",
                "--input-format",
                "ndjson",
                "--format",
                "json",
                "-",
            ],
        )
        .write_stdin(input),
    );
    assert_no_panic(&run);
    assert_eq!(run.records.len(), 3);
    assert!(run.records.iter().all(|r| r["source"] == "<stdin>"));
    assert_checked(run.line(1));
    let bad = run.line(2);
    assert_eq!(codes(bad), ["syntax/json"]);
    assert_eq!(first_position(bad), (json!(2), json!(12)));
    assert_checked(run.line(4));
}
