//! Each fault as the client sees it, and seeded rates that replay.

use std::io::ErrorKind;
use std::time::Duration;

use callspec_mock::{Config, Faults};

use crate::support::*;

fn faults(specs: &[&str]) -> Faults {
    let mut f = Faults::default();
    for s in specs {
        f.add(s).expect("a valid fault setting");
    }
    f
}

fn head_and_body(bytes: &[u8]) -> (String, Vec<u8>) {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    (
        String::from_utf8_lossy(&bytes[..split]).into_owned(),
        bytes[split + 4..].to_vec(),
    )
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.parse().ok())
        .expect("Content-Length")
}

#[test]
fn status_faults_carry_retry_after() {
    let server = mock();
    for code in ["429", "500", "502", "503", "504"] {
        let got = get(&server, BANDWIDTH, &[("Prefer", &format!("fault={code}"))]);
        assert_eq!(got.status.to_string(), code);
        assert_eq!(got.header("Retry-After"), Some("1"));
        assert_eq!(got.header("X-Callspec-Fault"), Some(code));
    }
    let query = get(&server, &format!("{VONAGE}?__fault=429"), &[]);
    assert_eq!(query.status, 429);
    assert_eq!(query.json()["message"], "Too many requests");
}

#[test]
fn reset_is_a_connection_reset() {
    let server = mock();
    let (bytes, error) = raw(
        &server,
        &raw_get(BANDWIDTH, "Prefer: fault=reset\r\n"),
        Duration::from_secs(5),
    );
    assert!(bytes.is_empty());
    assert_eq!(error.map(|e| e.kind()), Some(ErrorKind::ConnectionReset));
}

#[test]
fn close_before_the_status_line() {
    let server = mock();
    let (bytes, error) = raw(
        &server,
        &raw_get(APIFONICA, "Prefer: fault=close\r\n"),
        Duration::from_secs(5),
    );
    assert!(bytes.is_empty());
    assert!(error.is_none(), "a clean close: {error:?}");
    let url = format!("{}{APIFONICA}?__fault=close", server.base_url());
    let client = agent()
        .get(&url)
        .header("Authorization", auth_for(APIFONICA))
        .call();
    assert!(client.is_err(), "ureq reports the missing response");
}

#[test]
fn truncated_body_keeps_its_true_length() {
    let server = mock();
    let whole = get(&server, SIGNALWIRE, &[]).body;
    let (bytes, error) = raw(
        &server,
        &raw_get(SIGNALWIRE, "Prefer: fault=truncate\r\n"),
        Duration::from_secs(5),
    );
    assert!(error.is_none());
    let (head, body) = head_and_body(&bytes);
    assert!(head.starts_with("HTTP/1.1 200 OK"));
    assert_eq!(content_length(&head), whole.len());
    assert!(body.len() < whole.len());
    assert_eq!(body, whole[..body.len()]);
}

#[test]
fn malformed_chunked_encoding() {
    let server = mock();
    let (bytes, _) = raw(
        &server,
        &raw_get(VONAGE, "Prefer: fault=chunked\r\n"),
        Duration::from_secs(5),
    );
    let (head, body) = head_and_body(&bytes);
    assert!(head.contains("Transfer-Encoding: chunked"));
    assert!(!head.contains("Content-Length"));
    assert!(
        body.windows(4).any(|w| w == b"zz\r\n"),
        "a chunk size that is not hexadecimal"
    );
}

#[test]
fn stalled_body_stops_mid_way() {
    let server = start(Config {
        faults: faults(&["stall-for=3s"]),
        ..Config::default()
    });
    let whole = get(&server, BANDWIDTH, &[]).body;
    let (bytes, error) = raw(
        &server,
        &raw_get(BANDWIDTH, "Prefer: fault=stall\r\n"),
        Duration::from_millis(300),
    );
    let kind = error.map(|e| e.kind());
    assert!(
        matches!(kind, Some(ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "{kind:?}"
    );
    let (head, body) = head_and_body(&bytes);
    assert_eq!(content_length(&head), whole.len());
    assert_eq!(body.len(), whole.len() / 2);
}

#[test]
fn rates_replay_with_the_seed() {
    let run = |seed| {
        let server = start(Config {
            seed,
            faults: faults(&["503=0.3", "latency=0ms..2ms"]),
            ..Config::default()
        });
        (0..40)
            .map(|_| get(&server, BANDWIDTH, &[]).status)
            .collect::<Vec<_>>()
    };
    let first = run(5);
    assert_eq!(first, run(5), "the same seed, the same faults");
    assert!(first.contains(&503) && first.contains(&200), "{first:?}");
    assert_ne!(first, run(6));
}

#[test]
fn connection_faults_by_rate_are_journaled() {
    let server = start(Config {
        faults: faults(&["reset=1"]),
        ..Config::default()
    });
    let (bytes, _) = raw(&server, &raw_get(BANDWIDTH, ""), Duration::from_secs(5));
    assert!(bytes.is_empty());
    let journal = String::from_utf8(get(&server, "/__admin/journal", &[]).body).unwrap();
    let line: serde_json::Value = serde_json::from_str(journal.lines().next().unwrap()).unwrap();
    assert_eq!(line["fault"], "reset");
    assert_eq!(line["response"]["status"], 0);
}
