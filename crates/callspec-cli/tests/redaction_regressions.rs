//! One named test per path by which a credential or hostile text once reached an output, each
//! run in-process in every format with and without `--show-values` ([`inprocess::outputs`]).

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::inprocess;

use std::path::{Path, PathBuf};

use callspec_validate::OutputFormat;
use inprocess::{Output, outputs};
use serde_json::{Value, json};

/// A Bandwidth Voice v2 call state with an invalid `direction`, and `extra` fields.
fn call_body(extra: Value) -> Value {
    let mut body = json!({
        "callId": "c-1", "parentCallId": null, "applicationId": "a", "accountId": "5555555",
        "to": "+15553334444", "from": "+15551112222", "direction": "sideways",
        "state": "disconnected", "startTime": "2019-10-21T16:45:11.293Z",
        "endTime": "2019-10-21T16:55:12.950Z",
        "disconnectCause": "hangup", "lastUpdate": "2019-10-21T16:55:12.971Z"
    });
    if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
        body.extend(extra);
    }
    body
}

fn entry(url: &str, body: &Value) -> Value {
    json!({
        "request": { "method": "GET", "url": url, "headers": [] },
        "response": { "status": 200, "headers": [], "content": { "mimeType": "application/json",
            "text": serde_json::to_string_pretty(body).unwrap() } },
    })
}

fn har(dir: &Path, name: &str, entries: Vec<Value>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        serde_json::to_vec(&json!({ "log": { "entries": entries } })).unwrap(),
    )
    .unwrap();
    path
}

fn assert_absent(outputs: &[Output], secrets: &[&str]) {
    for output in outputs {
        for secret in secrets {
            assert!(
                !output.all().contains(secret),
                "{} shows `{secret}`:\n{}",
                output.label,
                output.all()
            );
        }
    }
}

fn human(outputs: &[Output]) -> &str {
    &outputs[0].stdout
}

const VOICE: &str = "voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1";

#[test]
fn serde_messages_do_not_quote_strings_where_objects_are_expected() {
    let dir = tempfile::tempdir().unwrap();
    let bearer = "Authorization: Bearer s3cr3tSERDE1";
    let path = har(
        dir.path(),
        "strings.har",
        vec![
            json!({ "request": { "method": "GET", "url": "https://h/", "headers": bearer }, "response": { "status": 200 } }),
            json!({ "request": { "method": "GET", "url": "https://h/", "queryString": "token=s3cr3tSERDE2" }, "response": { "status": 200 } }),
            json!({ "request": "s3cr3tSERDE3", "response": { "status": 200 } }),
            json!({ "request": { "method": "GET", "url": "https://h/" }, "response": { "status": "s3cr3tSERDE4" } }),
        ],
    );
    let outputs = outputs(&[path]);
    assert!(human(&outputs).contains("malformed HAR entry"));
    assert_absent(&outputs, &["s3cr3tSERDE"]);
}

#[test]
fn userinfo_however_the_url_is_spelled() {
    let dir = tempfile::tempdir().unwrap();
    let body = call_body(json!({}));
    let urls = [
        format!("https://user:pw#s3cr3tURL1@{VOICE}"),
        format!("https://user:pw?s3cr3tURL2@{VOICE}"),
        format!("https://user:pw/s3cr3tURL3@{VOICE}"),
        format!(" https://user:s3cr3tURL4@{VOICE}"),
        format!("voice_api://user:s3cr3tURL5@{VOICE}"),
        format!("user:s3cr3tURL6@{VOICE}"),
    ];
    let entries = urls.iter().map(|url| entry(url, &body)).collect();
    let outputs = outputs(&[har(dir.path(), "userinfo.har", entries)]);
    // Every entry is routed (the router reads the host the redactor reads) and shows its request.
    assert_eq!(human(&outputs).matches("= request:").count(), urls.len());
    assert!(human(&outputs).contains("= request: GET https://***@voice.bandwidth.com/"));
    assert_absent(&outputs, &["s3cr3tURL"]);
}

#[test]
fn body_urls_with_userinfo_and_secret_fields() {
    let dir = tempfile::tempdir().unwrap();
    let body = call_body(json!({
        "callbackUrl": "not a uri https://hook:s3cr3tBODY1@hooks.example.com/cb",
        "auth_token": "s3cr3tBODY2",
        "password": 12345678,
    }));
    let path = dir.path().join("body.json");
    std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    let line = dir.path().join("line.ndjson");
    std::fs::write(
        &line,
        format!("{}\n", serde_json::to_string(&body).unwrap()),
    )
    .unwrap();
    let outputs = outputs(&[path, line]);
    assert!(human(&outputs).contains("auth_token"));
    assert_absent(&outputs, &["s3cr3tBODY", "12345678"]);
}

#[test]
fn query_names_beyond_the_old_list() {
    let dir = tempfile::tempdir().unwrap();
    let body = call_body(json!({}));
    let entries = [
        "?jwt=s3cr3tQ1",
        "?code=s3cr3tQ2",
        "?passcode=s3cr3tQ3",
        "?pw=s3cr3tQ4",
        "?PHPSESSID=s3cr3tQ5",
        "?hmac=s3cr3tQ6",
        "?page=1;token=s3cr3tQ7",
        ";jsessionid=s3cr3tQ8",
        "#access_token=s3cr3tQ9",
        "?access%5Ftoken=s3cr3tQ10",
    ]
    .iter()
    .map(|tail| entry(&format!("https://{VOICE}{tail}"), &body))
    .collect();
    let outputs = outputs(&[har(dir.path(), "query.har", entries)]);
    assert!(human(&outputs).contains("?jwt=***"));
    assert_absent(&outputs, &["s3cr3tQ"]);
}

#[test]
fn terminal_controls_in_pointers_and_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\u{1b}]0;title\u{7}\nforged.json");
    let body = call_body(json!({ "k\u{1b}[2J\u{7}\nerror: forged": 1 }));
    std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    let outputs = outputs(&[path]);
    for output in outputs.iter().filter(|o| {
        matches!(o.format, OutputFormat::Human | OutputFormat::Github) && !o.label.contains("true")
    }) {
        assert!(!output.stdout.contains('\u{1b}'), "{}", output.stdout);
        assert!(!output.stdout.contains('\u{7}'), "{}", output.stdout);
        assert!(
            !output
                .stdout
                .lines()
                .any(|l| l.starts_with("error: forged")),
            "{}",
            output.stdout
        );
    }
    assert!(human(&outputs).contains("evil\\u{1b}]0;title\\u{7}\\u{a}forged.json"));
}

#[test]
fn bidi_and_zero_width_characters_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a\u{202e}nosj.json");
    let body = call_body(json!({ "x\u{200b}\u{2066}y": "\u{202e}z" }));
    std::fs::write(&path, serde_json::to_string(&body).unwrap()).unwrap();
    for output in outputs(&[path]) {
        let stdout = output.stdout.replace("\u{1b}[", "");
        for c in ['\u{202e}', '\u{200b}', '\u{2066}'] {
            assert!(!stdout.contains(c), "{}: {c:?} in {stdout}", output.label);
        }
    }
}

#[test]
fn long_keys_and_values_are_shortened() {
    let dir = tempfile::tempdir().unwrap();
    let key = "k".repeat(5 << 20);
    let body = call_body(json!({ key: "v".repeat(1 << 20) }));
    let path = dir.path().join("long.json");
    std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    for output in outputs(&[path]) {
        assert!(
            output.stdout.len() < 64 << 10,
            "{}: {} bytes",
            output.label,
            output.stdout.len()
        );
    }
}

#[test]
fn junit_with_noncharacters_parses() {
    let dir = tempfile::tempdir().unwrap();
    let body = call_body(json!({ "\u{fffe}\u{ffff}\u{1}": "\u{ffff}", "direction": "\u{fffe}" }));
    let path = dir.path().join("nonchar\u{fffe}.json");
    std::fs::write(&path, serde_json::to_string(&body).unwrap()).unwrap();
    for output in outputs(&[path])
        .iter()
        .filter(|o| o.format == OutputFormat::Junit)
    {
        roxmltree::Document::parse(&output.stdout)
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", output.label, output.stdout));
    }
}

#[test]
fn sarif_uri_is_a_uri_reference_and_columns_are_declared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my file #1 %?.json");
    std::fs::write(&path, serde_json::to_string(&call_body(json!({}))).unwrap()).unwrap();
    let output = outputs(&[path])
        .into_iter()
        .find(|o| o.format == OutputFormat::Sarif)
        .unwrap();
    let log: Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file://"), "{uri}");
    assert!(uri.ends_with("/my%20file%20%231%20%25%3F.json"), "{uri}");
}

#[test]
fn phone_masking_formatted_numbers_keys_and_account_ids() {
    let dir = tempfile::tempdir().unwrap();
    let body = call_body(json!({
        "note": "call +1 555 333 4444 or (555) 333-4444",
        "+15553334444": "as a key",
    }));
    let entries = vec![entry(&format!("https://{VOICE}"), &body)];
    let outputs = outputs(&[har(dir.path(), "phones.har", entries)]);
    let masked = human(&outputs);
    assert!(
        masked.contains("/api/v2/accounts/5555555/calls/c-1"),
        "{masked}"
    );
    assert!(masked.contains("`/+1555•••••44`"), "{masked}");
    for output in outputs.iter().filter(|o| o.label.ends_with("false")) {
        for number in ["+1 555 333 4444", "(555) 333-4444", "+15553334444"] {
            assert!(
                !output.stdout.contains(number),
                "{}: {number}",
                output.label
            );
        }
    }
    let shown = &outputs[1].stdout;
    assert!(
        shown.contains("+15553334444"),
        "--show-values shows numbers"
    );
}
