//! Property tests of the output stage, run in-process through `callspec_validate::run` (one
//! engine for every case, [`inprocess::outputs`]), every format with and without
//! `--show-values`:
//!
//! - planted secrets: random canaries in every place a HAR capture, an NDJSON record and a JSON
//!   body hold credentials; none may appear in any output;
//! - hostile text: control, bidi, zero-width and non-XML characters in keys, values and file
//!   names; every format stays well-formed (the JUnit XML parses, the SARIF log is valid against
//!   the SARIF 2.1.0 schema, the JSON lines parse) and human and github output hold none of
//!   them raw.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::inprocess;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use base64::Engine as _;
use callspec_validate::OutputFormat;
use callspec_validate::redact::{SECRET_BODY_KEYS, SECRET_QUERY_NAMES};
use inprocess::{Output, outputs};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A Bandwidth Voice v2 call state with an invalid `direction` (so it has findings, excerpts and
/// a request line) and `extra` fields.
fn call_body(extra: &[(String, Value)]) -> Value {
    let mut body = json!({
        "callId": "c-1", "parentCallId": null, "applicationId": "a", "accountId": "5555555",
        "to": "+15553334444", "from": "+15551112222", "direction": "sideways",
        "state": "disconnected", "startTime": "2019-10-21T16:45:11.293Z",
        "disconnectCause": "hangup", "lastUpdate": "2019-10-21T16:55:12.971Z"
    });
    for (key, value) in extra {
        body[key.as_str()] = value.clone();
    }
    body
}

/// Where a secret query parameter goes.
#[derive(Debug, Clone, Copy)]
enum ParamPlace {
    Query,
    Semicolon,
    Fragment,
    PathParameter,
}

const PARAM_PLACES: [ParamPlace; 4] = [
    ParamPlace::Query,
    ParamPlace::Semicolon,
    ParamPlace::Fragment,
    ParamPlace::PathParameter,
];

/// The request URL of a planted case: `userinfo` spelled with `scheme` (or none), `name=value`
/// at `place`.
fn request_url(
    scheme: &str,
    leading_space: bool,
    userinfo: &str,
    name: &str,
    value: &str,
    place: ParamPlace,
) -> String {
    let lead = if leading_space { " " } else { "" };
    let base = if scheme.is_empty() {
        format!("{lead}{userinfo}@voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1")
    } else {
        format!("{lead}{scheme}://{userinfo}@voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1")
    };
    match place {
        ParamPlace::Query => format!("{base}?page=1&{name}={value}"),
        ParamPlace::Semicolon => format!("{base}?page=1;{name}={value}"),
        ParamPlace::Fragment => format!("{base}#{name}={value}"),
        ParamPlace::PathParameter => format!("{base};{name}={value}"),
    }
}

/// Every way of planting, as one case: the canaries and the files that hold them.
#[derive(Debug, Clone)]
struct Planted {
    canaries: Vec<String>,
    har: Value,
    ndjson: String,
}

/// Case changes of `name` by `mask` (bit i upper-cases letter i).
fn any_case(name: &str, mask: u32) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            if mask >> (i % 32) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[allow(
    clippy::too_many_arguments,
    reason = "one argument per random choice keeps the strategy readable"
)]
fn plant(
    seed: &str,
    case_mask: u32,
    scheme: &str,
    leading_space: bool,
    password_noise: &str,
    query_name: &str,
    place: ParamPlace,
    body_key: &str,
    malformed: usize,
) -> Planted {
    let c: Vec<String> = (0..20).map(|i| format!("zq{i:02}{seed}")).collect();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("user:{}", c[2]));
    let userinfo = format!("us%40er:{password_noise}{}{password_noise}", c[5]);
    let url = request_url(scheme, leading_space, &userinfo, query_name, &c[6], place);
    let body = call_body(&[
        (body_key.to_owned(), json!(c[9])),
        // The bearer token again, as a key of the body.
        (c[0].clone(), json!(1)),
        (
            "callbackUrl".to_owned(),
            json!(format!("https://hook:{}@hooks.example.com/cb", c[11])),
        ),
    ]);
    let encoded_body = base64::engine::general_purpose::STANDARD
        .encode(serde_json::to_vec(&call_body(&[("password".to_owned(), json!(c[14]))])).unwrap());
    let authorization = any_case("authorization", case_mask);
    let entry = json!({
        "comment": c[13],
        "request": {
            "method": "GET", "url": url,
            "headers": [
                { "name": authorization, "value": format!("Bearer {}", c[0]) },
                { "name": any_case("Authorization", !case_mask), "value": format!("Bearer {}", c[1]) },
                { "name": "Proxy-Authorization", "value": format!("Basic {basic}") },
                { "name": any_case("x-api-key", case_mask), "value": c[19] },
                { "name": "Cookie", "value": format!("a=1; session={}", c[3]) },
            ],
            "cookies": [{ "name": "session", "value": c[12] }],
            "queryString": [],
            "postData": { "mimeType": "application/x-www-form-urlencoded",
                          "text": format!("password={}", c[7]),
                          "params": [{ "name": "token", "value": c[8] }] },
        },
        "response": {
            "status": 200,
            "headers": [{ "name": any_case("set-cookie", case_mask), "value": format!("sid={}; Path=/; HttpOnly", c[4]) }],
            "content": { "mimeType": "application/json", "text": serde_json::to_string_pretty(&body).unwrap() },
        },
    });
    let base64_entry = json!({
        "request": { "method": "GET", "url": "https://voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1",
                     "headers": [{ "name": "Authorization", "value": format!("Basic {basic}") }] },
        "response": { "status": 200, "headers": [],
                      "content": { "mimeType": "application/json", "encoding": "base64", "text": encoded_body } },
    });
    let bearer = format!("Authorization: Bearer {}", c[15]);
    let malformed_entry = match malformed {
        0 => {
            json!({ "request": { "method": "GET", "url": "https://voice.bandwidth.com/", "headers": bearer }, "response": { "status": 200 } })
        }
        1 => json!({ "request": bearer, "response": { "status": 200 } }),
        2 => {
            json!({ "request": { "method": "GET", "url": "https://voice.bandwidth.com/" }, "response": { "status": bearer } })
        }
        3 => {
            json!({ "request": { "method": "GET", "url": "https://voice.bandwidth.com/", "queryString": format!("token={}", c[15]) }, "response": bearer })
        }
        _ => {
            json!({ "request": { "method": "GET", "url": "https://voice.bandwidth.com/", "cookies": format!("sid={}", c[15]) }, "response": { "status": 200, "content": { "text": 1, "encoding": bearer } } })
        }
    };
    let har = json!({ "log": { "version": "1.2", "comment": c[13], "entries": [entry, base64_entry, malformed_entry] } });
    let ndjson = format!(
        "{}\n{}\n{{\"callId\": \"c-9\", \"password\": \"{}",
        serde_json::to_string(&call_body(&[
            ("auth_token".to_owned(), json!(c[16])),
            (
                "webhook".to_owned(),
                json!(format!(
                    "voice_api://{}:{}@hooks.example.com/x",
                    c[17], c[17]
                ))
            ),
        ]))
        .unwrap(),
        serde_json::to_string(&call_body(&[("client_secret".to_owned(), json!(c[18]))])).unwrap(),
        c[10],
    );
    Planted {
        canaries: c,
        har,
        ndjson,
    }
}

fn write_case(dir: &Path, planted: &Planted) -> Vec<PathBuf> {
    let har = dir.join("capture.har");
    let ndjson = dir.join("calls.ndjson");
    std::fs::write(&har, serde_json::to_vec(&planted.har).unwrap()).unwrap();
    std::fs::write(&ndjson, &planted.ndjson).unwrap();
    vec![har, ndjson]
}

fn assert_no_canary(outputs: &[Output], canaries: &[String]) -> Result<(), TestCaseError> {
    for output in outputs {
        for canary in canaries {
            // The canaries are letters and digits: no format escapes them.
            prop_assert!(
                !output.stdout.contains(canary.as_str())
                    && !output.stderr.contains(canary.as_str()),
                "{} shows `{canary}`:\n{}\n{}",
                output.label,
                output.stdout,
                output.stderr
            );
        }
    }
    Ok(())
}

const SCHEMES: [&str; 6] = ["https", "HTTP", "voice_api", "sip+ws", "x-custom.v2", ""];
const NOISE: [&str; 8] = ["", "#", "?", "/", "@", "%", " ", "#?/@:%"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_planted_secret_reaches_any_output(
        seed in "[a-z0-9]{12}",
        case_mask in any::<u32>(),
        scheme in prop::sample::select(&SCHEMES[..]),
        leading_space in any::<bool>(),
        noise in prop::sample::select(&NOISE[..]),
        query_name in prop::sample::select(SECRET_QUERY_NAMES),
        place in prop::sample::select(&PARAM_PLACES[..]),
        body_key in prop::sample::select(SECRET_BODY_KEYS),
        malformed in 0usize..5,
    ) {
        let planted = plant(&seed, case_mask, scheme, leading_space, noise, query_name, place, body_key, malformed);
        let dir = tempfile::tempdir().unwrap();
        let paths = write_case(dir.path(), &planted);
        let outputs = outputs(&paths);
        // The run shows something about the records: findings and request lines.
        prop_assert!(outputs[0].stdout.contains("= request:"), "{}", outputs[0].stdout);
        assert_no_canary(&outputs, &planted.canaries)?;
    }
}

/// Every secret query name, in each of the four places, is removed from the request line.
#[test]
fn every_secret_query_name_in_every_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut vectors = 0;
    let mut entries = Vec::new();
    let mut canaries = Vec::new();
    for (i, name) in SECRET_QUERY_NAMES.iter().enumerate() {
        for (j, place) in PARAM_PLACES.iter().enumerate() {
            let canary = format!("zqname{i:03}{j}x");
            let url = request_url("https", false, "u", name, &canary, *place);
            entries.push(json!({
                "request": { "method": "GET", "url": url, "headers": [] },
                "response": { "status": 200, "headers": [], "content": { "mimeType": "application/json",
                    "text": serde_json::to_string(&call_body(&[])).unwrap() } },
            }));
            canaries.push(canary);
            vectors += 1;
        }
    }
    assert_eq!(vectors, SECRET_QUERY_NAMES.len() * 4);
    let har = dir.path().join("names.har");
    std::fs::write(
        &har,
        serde_json::to_vec(&json!({ "log": { "entries": entries } })).unwrap(),
    )
    .unwrap();
    let outputs = outputs(&[har]);
    assert!(outputs[0].stdout.matches("= request:").count() >= vectors);
    assert_no_canary(&outputs, &canaries).unwrap();
}

/// Characters a terminal acts on or hides, and characters XML 1.0 forbids.
const HOSTILE: [char; 12] = [
    '\u{1b}', '\u{7}', '\u{0}', '\r', '\u{8}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200b}',
    '\u{feff}', '\u{fffe}', '\u{ffff}',
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(&HOSTILE[..]),
            prop::char::range('a', 'z'),
            Just('"'),
            Just('<'),
            Just('&'),
            Just('%'),
            Just('#'),
            Just('\n'),
        ],
        1..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn sarif_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_slice(
            &std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/sarif/sarif-schema-2.1.0.json"),
            )
            .unwrap(),
        )
        .unwrap();
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    })
}

/// What makes a format well-formed, checked on one run's stdout.
fn assert_well_formed(output: &Output) -> Result<(), TestCaseError> {
    let text = &output.stdout;
    match output.format {
        OutputFormat::Human | OutputFormat::Github => {
            // Colour codes are the only escape sequences, and only when colour is on.
            let without_colour = strip_colour(text);
            for c in without_colour.chars() {
                prop_assert!(
                    c == '\n' || c == '\t' || !callspec_validate::redact::sanitize::is_hidden(c),
                    "{}: raw {:?} in\n{}",
                    output.label,
                    c,
                    text
                );
            }
        }
        OutputFormat::Json => {
            for line in text.lines() {
                prop_assert!(
                    serde_json::from_str::<Value>(line).is_ok(),
                    "{}: {line}",
                    output.label
                );
            }
        }
        OutputFormat::Junit => {
            let parsed = roxmltree::Document::parse(text);
            prop_assert!(
                parsed.is_ok(),
                "{}: {:?}\n{}",
                output.label,
                parsed.err(),
                text
            );
        }
        OutputFormat::Sarif => {
            let log: Value = serde_json::from_str(text).unwrap();
            let errors: Vec<String> = sarif_validator()
                .iter_errors(&log)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            prop_assert!(errors.is_empty(), "{}: {errors:?}", output.label);
            prop_assert_eq!(
                log["runs"][0]["columnKind"].as_str(),
                Some("unicodeCodePoints")
            );
            for c in text.chars() {
                prop_assert!(
                    c == '\n' || !callspec_validate::redact::sanitize::is_hidden(c),
                    "{}: raw {:?}",
                    output.label,
                    c
                );
            }
        }
    }
    Ok(())
}

fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('m') {
            Some(m) if after[..m].bytes().all(|b| b.is_ascii_digit() || b == b';') => {
                rest = &after[m + 1..];
            }
            _ => {
                out.push('\u{1b}');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_format_stays_well_formed(
        key in hostile_text(),
        value in hostile_text(),
        name in hostile_text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file_name: String = name.chars().filter(|c| *c != '/' && *c != '\0').collect();
        let body = call_body(&[(key.clone(), json!(value)), ("direction".to_owned(), json!(value))]);
        let line = serde_json::to_string(&body).unwrap();
        let ndjson = dir.path().join(format!("{file_name}.ndjson"));
        std::fs::write(&ndjson, format!("{line}\n{{\"{}\": 1,\n", key.escape_default())).unwrap();
        let url = format!("https://voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1?{key}={value}");
        let har = dir.path().join(format!("{file_name}.har"));
        std::fs::write(&har, serde_json::to_vec(&json!({ "log": { "entries": [{
            "request": { "method": "GET", "url": url, "headers": [{ "name": "Accept", "value": value }] },
            "response": { "status": 200, "headers": [], "content": { "text": serde_json::to_string_pretty(&body).unwrap() } },
        }] } })).unwrap()).unwrap();
        for output in outputs(&[ndjson, har]) {
            assert_well_formed(&output)?;
        }
    }
}
