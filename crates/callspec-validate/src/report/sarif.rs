//! The `sarif` format: a SARIF 2.1.0 log with one result per finding and every code as a rule.
//! `artifactLocation.uri` is a URI reference ([`uri_reference`]; standard input under its own
//! `uriBaseId`), `run.columnKind` is `unicodeCodePoints` (columns count characters), and no
//! control, bidi or zero-width character is written raw.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Style;
use super::json::json_summary;
use super::shown::Shown;
use crate::finding::{Code, Severity};
use crate::redact::sanitize::{STDIN_BASE_ID, STDIN_URI, is_hidden, uri_reference};
use crate::run::Summary;

/// Renders one record's results, as a JSON array.
pub(super) fn render(_style: Style, shown: &Shown, out: &mut Vec<u8>) {
    let artifact = if shown.stdin {
        json!({ "uri": STDIN_URI, "uriBaseId": STDIN_BASE_ID })
    } else {
        json!({ "uri": uri_reference(&shown.source) })
    };
    let mut results = Vec::new();
    for f in &shown.findings {
        let mut location = json!({
            "physicalLocation": { "artifactLocation": artifact },
            "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "member" }],
        });
        // A HAR body's positions are within the body, not the HAR file.
        if let (Some(p), None) = (f.position, shown.entry) {
            location["physicalLocation"]["region"] =
                json!({ "startLine": p.line, "startColumn": p.column });
        }
        results.push(json!({
            "ruleId": f.code.as_str(),
            "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "note" },
            "message": { "text": f.message },
            "locations": [location],
            "properties": {
                "pointer": f.pointer,
                "resource": shown.resource,
                "verdict": shown.verdict.as_str(),
                "line": shown.line,
                "entry": shown.entry,
                "index": shown.index,
                "schemaLocation": f.rule_uri(),
                "bodyLine": f.position.map(|p| p.line),
                "bodyColumn": f.position.map(|p| p.column),
                "request": shown.request,
            },
        }));
    }
    write_escaped(out, &Value::Array(results));
}

/// Serializes `value` with every control, bidi or zero-width character as a `\u` escape.
fn write_escaped(out: &mut Vec<u8>, value: &Value) {
    // Serializing a `Value` into a `String` cannot fail.
    escape_hidden(&serde_json::to_string(value).unwrap_or_default(), out);
}

/// Appends serialized JSON `text` with every hidden character but the newline (which is only
/// layout: serde escapes it inside strings) written as a `\u` escape.
fn escape_hidden(text: &str, out: &mut Vec<u8>) {
    for c in text.chars() {
        if is_hidden(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            let mut buffer = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
}

/// The results so far, written out at the end.
#[derive(Debug, Default)]
pub(super) struct SarifDocument {
    results: Vec<Value>,
}

impl SarifDocument {
    /// Adds one record's rendered results.
    pub(super) fn add(&mut self, rendered: &[u8]) {
        if let Ok(Value::Array(results)) = serde_json::from_slice(rendered) {
            self.results.extend(results);
        }
    }

    /// Writes the whole log.
    pub(super) fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = Code::ALL
            .iter()
            .map(|c| json!({ "id": c.as_str(), "shortDescription": { "text": c.summary() } }))
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "callspec",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/callspec/callspec",
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
                "properties": { "summary": json_summary(summary) },
            }],
        });
        let pretty = serde_json::to_string_pretty(&log).map_err(io::Error::other)?;
        let mut escaped = Vec::with_capacity(pretty.len());
        escape_hidden(&pretty, &mut escaped);
        out.write_all(&escaped)?;
        writeln!(out)
    }
}
