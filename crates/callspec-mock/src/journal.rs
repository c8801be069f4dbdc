//! The journal: every exchange the mock served, kept in a bounded ring (the oldest dropped
//! first), with credentials redacted as it is recorded, so no secret is ever stored. It renders
//! as NDJSON (one exchange a line, also streamed to a file when asked) and as a HAR 1.2 log
//! that `callspec validate` reads unchanged: each entry's URL names the provider's documented
//! host, so the validator routes it as it would a capture of the real API.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::Mutex;

use base64::Engine as _;
use callspec_gen::Expectation;
use callspec_validate::redact;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::timeline::rfc3339;

/// One exchange.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) seq: u64,
    /// The virtual time it was served at.
    pub(crate) time: Timestamp,
    /// Real milliseconds from the request read to the response ready (latency included).
    pub(crate) elapsed_ms: f64,
    pub(crate) method: String,
    /// The URL as the provider would have it (documented host), redacted.
    pub(crate) url: String,
    /// Request headers, redacted.
    pub(crate) request_headers: Vec<(String, String)>,
    /// 0 when a fault left no status line.
    pub(crate) status: u16,
    pub(crate) response_headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) endpoint: Option<&'static str>,
    pub(crate) case: Option<String>,
    pub(crate) channel: Option<&'static str>,
    pub(crate) expect: Option<Expectation>,
    pub(crate) fault: Option<String>,
}

/// A header's value with any credential removed: the scheme of `Authorization` is kept (the
/// validator checks it), the credential after it is not.
pub(crate) fn redact_header(name: &str, value: &str) -> String {
    if name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
    {
        return match value.trim().split_once([' ', '\t']) {
            Some((scheme, _))
                if scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                format!("{scheme} {}", redact::REDACTED)
            }
            _ => redact::REDACTED.to_owned(),
        };
    }
    redact::redact_header(name, value).to_owned()
}

/// A URL with its credentials removed.
pub(crate) fn redact_url(url: &str) -> String {
    redact::redact_url(url)
}

/// The most body bytes the journal keeps in memory, whatever its entry limit: the oldest
/// entries go first.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The bounded journal.
#[derive(Debug)]
pub(crate) struct Journal {
    limit: usize,
    /// The entries and the sum of their body sizes.
    entries: Mutex<(VecDeque<Entry>, usize)>,
    sink: Option<Mutex<std::fs::File>>,
}

impl Journal {
    pub(crate) fn new(limit: usize, sink: Option<std::fs::File>) -> Self {
        Self {
            limit,
            entries: Mutex::new((VecDeque::new(), 0)),
            sink: sink.map(Mutex::new),
        }
    }

    pub(crate) fn record(&self, entry: Entry) {
        if let Some(sink) = &self.sink {
            let mut line = serde_json::to_vec(&ndjson_line(&entry)).unwrap_or_default();
            line.push(b'\n');
            let mut file = sink.lock().unwrap_or_else(|e| e.into_inner());
            // The journal file is best effort: a full disk must not stop the mock serving.
            let _ = file.write_all(&line);
        }
        if self.limit == 0 {
            return;
        }
        let mut guard = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (entries, bytes) = &mut *guard;
        *bytes += entry.body.len();
        entries.push_back(entry);
        while entries.len() > self.limit || (*bytes > MAX_BODY_BYTES && entries.len() > 1) {
            if let Some(old) = entries.pop_front() {
                *bytes -= old.body.len();
            }
        }
    }

    pub(crate) fn clear(&self) {
        *self.entries.lock().unwrap_or_else(|e| e.into_inner()) = (VecDeque::new(), 0);
    }

    fn snapshot(&self) -> Vec<Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .iter()
            .cloned()
            .collect()
    }

    /// The journal as NDJSON.
    pub(crate) fn ndjson(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for entry in self.snapshot() {
            out.extend(serde_json::to_vec(&ndjson_line(&entry)).unwrap_or_default());
            out.push(b'\n');
        }
        out
    }

    /// The journal as a HAR 1.2 log.
    pub(crate) fn har(&self) -> Vec<u8> {
        let entries: Vec<Value> = self.snapshot().iter().map(har_entry).collect();
        let log = json!({
            "log": {
                "version": "1.2",
                "creator": {"name": "callspec mock", "version": env!("CARGO_PKG_VERSION")},
                "entries": entries
            }
        });
        let mut out = serde_json::to_vec_pretty(&log).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

fn pairs(headers: &[(String, String)]) -> Vec<Value> {
    headers
        .iter()
        .map(|(n, v)| json!({"name": n, "value": v}))
        .collect()
}

fn expectation(expect: &Expectation) -> Value {
    json!({
        "verdict": expect.verdict.as_str(),
        "findings": expect.findings.iter().map(|f| json!({"code": f.code.as_str(), "pointer": f.pointer})).collect::<Vec<_>>()
    })
}

fn body_fields(body: &[u8]) -> (Value, Option<&'static str>) {
    match std::str::from_utf8(body) {
        Ok(text) => (json!(text), None),
        Err(_) => (
            json!(base64::engine::general_purpose::STANDARD.encode(body)),
            Some("base64"),
        ),
    }
}

fn ndjson_line(e: &Entry) -> Value {
    let (text, encoding) = body_fields(&e.body);
    let body_key = if encoding.is_some() {
        "body_base64"
    } else {
        "body_text"
    };
    json!({
        "seq": e.seq,
        "time": rfc3339(e.time),
        "request": {"method": e.method, "url": e.url, "headers": pairs(&e.request_headers)},
        "response": {"status": e.status, "headers": pairs(&e.response_headers), body_key: text},
        "endpoint": e.endpoint,
        "case": e.case,
        "channel": e.channel,
        "expect": e.expect.as_ref().map(expectation),
        "fault": e.fault,
    })
}

fn har_entry(e: &Entry) -> Value {
    let (text, encoding) = body_fields(&e.body);
    let query: Vec<Value> = e
        .url
        .split_once('?')
        .map(|(_, q)| crate::route::query_pairs(Some(q)))
        .unwrap_or_default()
        .into_iter()
        .map(|(n, v)| json!({"name": n, "value": v}))
        .collect();
    let mime = e
        .response_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map_or("", |(_, v)| v.as_str());
    let mut content = json!({"size": e.body.len(), "mimeType": mime, "text": text});
    if let Some(encoding) = encoding {
        content["encoding"] = json!(encoding);
    }
    let mut entry = json!({
        "startedDateTime": rfc3339(e.time),
        "time": e.elapsed_ms,
        "request": {
            "method": e.method,
            "url": e.url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": pairs(&e.request_headers),
            "queryString": query,
            "headersSize": -1,
            "bodySize": 0
        },
        "response": {
            "status": e.status,
            "statusText": if e.status == 0 { "" } else { crate::http::reason(e.status) },
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": pairs(&e.response_headers),
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": e.body.len()
        },
        "cache": {},
        "timings": {"send": 0, "wait": e.elapsed_ms, "receive": 0},
        "_callspec": {
            "seq": e.seq,
            "endpoint": e.endpoint,
            "case": e.case,
            "channel": e.channel,
            "expect": e.expect.as_ref().map(expectation),
            "fault": e.fault
        }
    });
    if e.status == 0 {
        entry["response"]["_error"] = json!(e.fault);
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_kept() {
        assert_eq!(redact_header("Authorization", "Basic dTpw"), "Basic ***");
        assert_eq!(redact_header("authorization", "Bearer abc"), "Bearer ***");
        assert_eq!(redact_header("Authorization", "secret"), "***");
        assert_eq!(redact_header("Cookie", "a=b"), "***");
        assert_eq!(
            redact_header("Accept", "application/json"),
            "application/json"
        );
        assert_eq!(
            redact_url("https://h/p?access_token=x&page=1"),
            "https://h/p?access_token=***&page=1"
        );
    }

    #[test]
    fn bounded() {
        let journal = Journal::new(2, None);
        for seq in 0..5 {
            journal.record(Entry {
                seq,
                time: Timestamp::UNIX_EPOCH,
                elapsed_ms: 0.0,
                method: "GET".into(),
                url: "https://h/p".into(),
                request_headers: Vec::new(),
                status: 200,
                response_headers: Vec::new(),
                body: vec![0xff],
                endpoint: None,
                case: None,
                channel: None,
                expect: None,
                fault: None,
            });
        }
        let text = String::from_utf8(journal.ndjson()).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("\"seq\":3") && text.contains("body_base64"));
        let har: Value = serde_json::from_slice(&journal.har()).unwrap();
        assert_eq!(
            har["log"]["entries"][1]["response"]["content"]["encoding"],
            "base64"
        );
    }
}
