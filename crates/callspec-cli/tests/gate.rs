//! The gate means something and nothing is lost: a run that checks nothing fails, unrouted
//! records fail under `--strict`, paths that cannot be read are named and the rest checked,
//! browser captures pass when their provider entries do, a bad HAR entry is one finding, a cut
//! HAR keeps what came before the cut, and the CI formats stay valid documents.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

#[macro_use]
mod common;

use std::path::Path;
use std::process::Output;

use common::{VONAGE_NOT_FOUND, callspec_in};
use serde_json::{Value, json};

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    callspec_in(dir, ["validate"]).args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The `json` output's lines.
fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const VONAGE: &str =
    "https://emea.cc.vonage.com/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449";

/// The HAR entry of a Vonage 404 body that conforms.
fn vonage_entry() -> Value {
    json!({"request": {"method": "GET", "url": VONAGE,
                       "headers": [{"name": "Accept", "value": "*/*"},
                                   {"name": "Accept", "value": "application/json;version=3"}]},
           "response": {"status": 404, "headers": [],
                        "content": {"mimeType": "application/json", "text": VONAGE_NOT_FOUND}}})
}

fn har(entries: &[Value]) -> String {
    json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"},
                   "entries": entries}})
    .to_string()
}

#[test]
fn nothing_checked_is_2() {
    let dir = dir_with(&[("empty/.keep", ""), ("notes/readme.txt", "hello")]);
    for path in ["empty", "notes"] {
        let output = run(dir.path(), &[path]);
        assert_eq!(output.status.code(), Some(2), "{path}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("no record was checked"),
            "{}",
            stderr(&output)
        );
        let output = run(dir.path(), &["--allow-empty", path]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let dir = dir_with(&[("empty.ndjson", "\n\n")]);
    let output = run(dir.path(), &["empty.ndjson"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("hold no records"),
        "{}",
        stderr(&output)
    );
    let output = callspec_in(dir.path(), ["validate", "--input-format", "ndjson", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn unrouted_fails_under_strict() {
    let dir = dir_with(&[("other.json", r#"{"hello": "world"}"#)]);
    assert_eq!(run(dir.path(), &["other.json"]).status.code(), Some(0));
    let output = run(dir.path(), &["--strict", "other.json"]);
    assert_eq!(output.status.code(), Some(1));
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(human.contains("error[route/unknown-resource]"), "{human}");
    let output = run(dir.path(), &["--strict", "--format", "junit", "other.json"]);
    let xml = String::from_utf8(output.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count(),
        1
    );
}

/// A directory with a path that cannot be read: the rest is checked and reported in full, the
/// path named once with its reason, exit 2. Tests run as root, whom file modes do not stop, so
/// the unreadable paths are a dangling symbolic link and a symbolic link loop.
#[cfg(unix)]
#[test]
fn unreadable_paths_are_named_and_the_rest_checked() {
    let dir = dir_with(&[
        ("logs/ok.json", VONAGE_NOT_FOUND),
        ("logs/sub/ok.ndjson", VONAGE_NOT_FOUND),
    ]);
    let logs = dir.path().join("logs");
    std::os::unix::fs::symlink(logs.join("gone"), logs.join("sub/dangling")).unwrap();
    std::os::unix::fs::symlink(&logs, logs.join("sub/loop")).unwrap();
    for format in ["json", "sarif", "junit"] {
        let output = run(dir.path(), &["--format", format, "logs", "missing.json"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{format}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        for named in ["sub/dangling`", "sub/loop`", "missing.json`"] {
            assert_eq!(err.matches(named).count(), 1, "{format}: {named}: {err}");
        }
        // Each OS error once.
        assert!(!err.contains("(os error 2): No such file"), "{err}");
        let text = String::from_utf8(output.stdout).unwrap();
        match format {
            "json" => {
                let lines: Vec<Value> = text
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect();
                assert_eq!(lines.last().unwrap()["records"], 2, "{text}");
            }
            "sarif" => {
                let log: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(log["runs"][0]["properties"]["summary"]["records"], 2);
            }
            _ => {
                let doc = roxmltree::Document::parse(&text).unwrap();
                let cases = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("testcase"))
                    .count();
                assert_eq!(cases, 2, "{text}");
            }
        }
    }
}

/// A browser capture: redirects, a CORS preflight, a status-0 blocked request, a websocket, a
/// font and a page around one provider entry. Only the provider entry is checked; the others
/// are counted as ignored.
#[test]
fn browser_har_passes_when_its_provider_entries_do() {
    let page = json!({"request": {"method": "GET", "url": "https://app.example.com/", "headers": []},
                      "response": {"status": 200, "headers": [],
                                   "content": {"mimeType": "text/html", "text": "<html></html>"}}});
    let redirect = json!({"request": {"method": "GET", "url": "https://example.com/", "headers": []},
                          "response": {"status": 301, "redirectURL": "https://app.example.com/",
                                       "headers": [], "content": {"size": 0, "mimeType": "x-unknown"}}});
    let preflight = json!({"request": {"method": "OPTIONS", "url": VONAGE, "headers": []},
                           "response": {"status": 204, "headers": [], "content": {"size": 0}}});
    let blocked = json!({"request": {"method": "GET", "url": "https://ads.example.net/t.js", "headers": []},
                         "response": {"status": 0, "headers": [], "content": {"size": 0}},
                         "_error": "net::ERR_BLOCKED_BY_CLIENT"});
    let websocket = json!({"request": {"method": "GET", "url": "wss://app.example.com/socket", "headers": []},
                           "response": {"status": 101, "headers": []},
                           "_resourceType": "websocket", "_webSocketMessages": []});
    let font = json!({"request": {"method": "GET", "url": "https://fonts.example.com/a.woff2", "headers": []},
                      "response": {"status": 200, "headers": [],
                                   "content": {"mimeType": "font/woff2", "text": "d09GMgAB", "encoding": "base64"}}});
    let capture = har(&[
        page,
        redirect,
        preflight,
        vonage_entry(),
        blocked,
        websocket,
        font,
    ]);
    let dir = dir_with(&[("browser.har", &capture)]);
    let output = run(dir.path(), &["browser.har"]);
    let human = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{human}{}", stderr(&output));
    assert!(
        human.contains("checked 1 record: 1 valid") && human.contains("6 HAR entries ignored"),
        "{human}"
    );
    let output = run(dir.path(), &["--format", "json", "browser.har"]);
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "valid");
    assert_eq!(lines[1]["ignored"], 6);
    assert_eq!(lines[1]["unrouted"], 0);
    let output = run(dir.path(), &["--verbose", "browser.har"]);
    let human = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        human.matches(": ignored (no endpoint covers").count(),
        6,
        "{human}"
    );
    // Only ignored entries: nothing was checked.
    let dir = dir_with(&[(
        "other.har",
        &har(&[json!({"request": {"url": "https://example.com/"},
                                                      "response": {"status": 200}})]),
    )]);
    assert_eq!(run(dir.path(), &["other.har"]).status.code(), Some(2));
}

/// A body-less entry of an endpoint callspec covers is one clear finding.
#[test]
fn bodyless_entry_of_a_covered_endpoint_is_a_finding() {
    let mut entry = vonage_entry();
    entry["response"]["content"] = json!({"size": 0, "mimeType": "application/json"});
    let dir = dir_with(&[("saved.har", &har(&[entry]))]);
    let output = run(dir.path(), &["--format", "json", "saved.har"]);
    assert_eq!(output.status.code(), Some(1));
    let record = &json_lines(&output)[0];
    assert_eq!(record["verdict"], "unreadable");
    assert_eq!(record["resource"], "vonage/v0/not-found");
    let message = record["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("no `response.content.text`"), "{message}");
    assert!(message.contains("vonage"), "{message}");
}

/// One entry with a lone surrogate in its body, one with a vendor field 200 levels deep: each is
/// one finding, the valid entries around them are checked.
#[test]
fn bad_har_entries_are_one_finding_each() {
    let valid = vonage_entry().to_string();
    let mut surrogate = vonage_entry();
    surrogate["response"]["content"]["text"] = json!("PLACEHOLDER");
    let surrogate = surrogate
        .to_string()
        .replace("\"PLACEHOLDER\"", r#""{\"message\": \"cut \ud83d\"}""#);
    let mut deep = vonage_entry();
    deep["_vendor"] = json!("PLACEHOLDER");
    let deep = deep.to_string().replace(
        "\"PLACEHOLDER\"",
        &format!("{}1{}", "[".repeat(200), "]".repeat(200)),
    );
    let capture = format!(
        r#"{{"log": {{"version": "1.2", "entries": [{valid}, {surrogate}, {valid}, {deep}, {valid}]}}}}"#
    );
    let dir = dir_with(&[("bad.har", &capture)]);
    let output = run(dir.path(), &["--format", "json", "bad.har"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = json_lines(&output);
    let verdicts: Vec<&str> = lines[..5]
        .iter()
        .map(|l| l["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        ["valid", "unreadable", "valid", "unreadable", "valid"]
    );
    for bad in [&lines[1], &lines[3]] {
        assert_eq!(bad["findings"].as_array().unwrap().len(), 1, "{bad}");
        assert_eq!(bad["findings"][0]["code"], "syntax/input", "{bad}");
    }
    assert_eq!(lines[1]["entry"], 1);
    assert_eq!(lines[3]["entry"], 3);
    assert!(
        lines[3]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("deeper")
    );
    assert_eq!(lines[5]["records"], 5);
}

/// A HAR cut in the middle: every entry before the cut is checked, then one `syntax/input`.
#[test]
fn cut_har_keeps_what_came_before() {
    let capture = har(&[vonage_entry(), vonage_entry(), vonage_entry()]);
    let cut = &capture[..capture.len() * 5 / 6];
    let dir = dir_with(&[("cut.har", cut)]);
    let output = run(dir.path(), &["--format", "json", "cut.har"]);
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    assert_eq!(lines[0]["verdict"], "valid");
    assert_eq!(lines[1]["verdict"], "valid");
    assert_eq!(lines[2]["verdict"], "unreadable");
    assert_eq!(lines[2]["findings"][0]["code"], "syntax/input");
    assert!(
        lines[2]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cut off"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3]["records"], 3);
}

/// Limits are findings and the run goes on: a gzip bomb and a line past the limit.
#[test]
fn limits_are_findings() {
    use std::io::Write;
    let dir = dir_with(&[("after.json", VONAGE_NOT_FOUND)]);
    let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    bomb.write_all(&vec![b' '; 8 << 20]).unwrap();
    std::fs::write(dir.path().join("bomb.json.gz"), bomb.finish().unwrap()).unwrap();
    let output = run(
        dir.path(),
        &[
            "--format",
            "json",
            "--max-source-bytes",
            "1M",
            "bomb.json.gz",
            "after.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let lines = json_lines(&output);
    assert!(
        lines[0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 1 MiB after decompression"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["verdict"], "valid");
    let output = run(dir.path(), &["--max-record-bytes", "10", "after.json"]);
    assert_eq!(output.status.code(), Some(1));
    let output = run(dir.path(), &["--max-depth", "0", "after.json"]);
    assert_eq!(output.status.code(), Some(2), "0 is not a depth");
    let output = run(
        dir.path(),
        &["--max-depth", "1", "--format", "json", "after.json"],
    );
    let lines = json_lines(&output);
    assert_eq!(lines[0]["verdict"], "valid", "the 404 body nests one level");
}

#[test]
fn jobs_are_capped() {
    let dir = dir_with(&[("ok.json", VONAGE_NOT_FOUND)]);
    for jobs in ["2000", "18446744073709551615", "0"] {
        let output = run(dir.path(), &["-j", jobs, "ok.json"]);
        assert_eq!(output.status.code(), Some(2), "-j {jobs}");
        assert!(stderr(&output).contains("-j"), "{}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"));
    }
    assert_eq!(
        run(dir.path(), &["-j", "256", "ok.json"]).status.code(),
        Some(0)
    );
}

/// SARIF and JUnit are written as records come and stay valid documents.
#[test]
fn ci_formats_are_valid_documents() {
    let mut lines = String::new();
    for i in 0..500 {
        lines.push_str(&format!("{{\"message\": {i}}}\n"));
    }
    let dir = dir_with(&[
        ("a.ndjson", &lines),
        ("b.json", VONAGE_NOT_FOUND),
        ("c.json", "{"),
    ]);
    let output = run(
        dir.path(),
        &["--format", "junit", "a.ndjson", "b.json", "c.json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let xml = String::from_utf8(output.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3);
    assert_eq!(suites[0].attribute("tests"), Some("500"));
    assert_eq!(suites[0].attribute("failures"), Some("500"));
    assert_eq!(suites[1].attribute("failures"), Some("0"));
    assert_eq!(suites[2].attribute("failures"), Some("1"));
    for suite in &suites {
        let cases = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count();
        assert_eq!(suite.attribute("tests"), Some(cases.to_string().as_str()));
    }
    let output = run(
        dir.path(),
        &["--format", "sarif", "a.ndjson", "b.json", "c.json"],
    );
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() > 10);
    let results = run["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        501,
        "one finding per invalid line, one for c.json"
    );
    for result in results {
        assert!(result["ruleId"].is_string() && result["message"]["text"].is_string());
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
    assert_eq!(run["properties"]["summary"]["records"], 502);
    let empty = run_empty_sarif();
    assert_eq!(empty["runs"][0]["results"], json!([]));
}

fn run_empty_sarif() -> Value {
    let dir = dir_with(&[("b.json", VONAGE_NOT_FOUND)]);
    let output = run(dir.path(), &["--format", "sarif", "b.json"]);
    serde_json::from_slice(&output.stdout).unwrap()
}
