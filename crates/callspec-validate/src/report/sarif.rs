//! The `sarif` format: a SARIF 2.1.0 log with one result per finding and every code as a rule,
//! written as records come, in constant memory.

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
    for (i, result) in results.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        write_indented(out, result, RESULT_INDENT);
    }
}

/// The indentation of a result in the log: `runs[0].results[i]`.
const RESULT_INDENT: &str = "        ";

/// Writes `value` pretty-printed, every line indented by `indent`.
fn write_indented(out: &mut Vec<u8>, value: &Value, indent: &str) {
    // Serializing a `Value` cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    out.extend_from_slice(indent.as_bytes());
    // JSON strings escape their newlines, so every newline here is the printer's.
    out.extend_from_slice(text.replace('\n', &format!("\n{indent}")).as_bytes());
}

/// The SARIF log, written as records come: the header and the tool with its rules first, then
/// each result, then the run's properties with the summary. Memory stays constant.
#[derive(Debug, Default)]
pub(super) struct SarifDocument {
    results: u64,
}

impl SarifDocument {
    /// Writes the log up to the first result.
    pub(super) fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Value> = Code::ALL
            .iter()
            .map(|c| json!({ "id": c.as_str(), "shortDescription": { "text": c.summary() } }))
            .collect();
        let tool = json!({ "driver": {
            "name": "callspec",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/callspec/callspec",
            "rules": rules,
        }});
        let mut head = Vec::new();
        head.extend_from_slice(
            b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ",
        );
        let mut tool_text = Vec::new();
        write_indented(&mut tool_text, &tool, "      ");
        head.extend_from_slice(&tool_text[6..]);
        head.extend_from_slice(b",\n      \"results\": [");
        out.write_all(&head)
    }

    /// Writes one record's rendered results.
    pub(super) fn add(&mut self, out: &mut dyn Write, rendered: &[u8]) -> io::Result<()> {
        if rendered.is_empty() {
            return Ok(());
        }
        out.write_all(if self.results == 0 { b"\n" } else { b",\n" })?;
        self.results += 1;
        out.write_all(rendered)
    }

    /// Closes the results and writes the run's properties with the summary.
    pub(super) fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.results > 0 {
            out.write_all(b"\n      ]")?;
        } else {
            out.write_all(b"]")?;
        }
        let properties = json!({ "summary": json_summary(summary) });
        let mut text = Vec::new();
        write_indented(&mut text, &properties, "      ");
        out.write_all(b",\n      \"properties\": ")?;
        out.write_all(&text[6..])?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}
