//! The `sarif` format: a SARIF 2.1.0 log with one result per finding and every code as a rule.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Style;
use super::json::json_summary;
use super::label::{request_line, source};
use crate::engine::Report;
use crate::finding::{Code, Severity};
use crate::run::Summary;

/// Renders one record's results, as a JSON array.
pub(super) fn render(style: Style, report: &Report, out: &mut Vec<u8>) {
    let mut results = Vec::new();
    for f in &report.findings {
        let mut region = json!({});
        if let Some(p) = f.position {
            region = json!({ "startLine": p.line, "startColumn": p.column });
        }
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": source(report) },
            },
            "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "member" }],
        });
        // A HAR body's positions are within the body, not the HAR file.
        if f.position.is_some() && report.origin.as_ref().and_then(|o| o.entry).is_none() {
            location["physicalLocation"]["region"] = region;
        }
        let origin = report.origin.as_ref();
        results.push(json!({
            "ruleId": f.code.as_str(),
            "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "note" },
            "message": { "text": style.mask(&f.message) },
            "locations": [location],
            "properties": {
                "pointer": f.pointer,
                "resource": report.resource,
                "verdict": report.verdict.as_str(),
                "line": origin.and_then(|o| o.line),
                "entry": origin.and_then(|o| o.entry),
                "index": origin.and_then(|o| o.index),
                "schemaLocation": f.schema_location,
                "bodyLine": f.position.map(|p| p.line),
                "bodyColumn": f.position.map(|p| p.column),
                "request": report.request.as_deref().map(|r| request_line(&style, r)),
            },
        }));
    }
    // Serializing a `Value` into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *out, &results);
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
                "results": std::mem::take(&mut self.results),
                "properties": { "summary": json_summary(summary) },
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        writeln!(out)
    }
}
