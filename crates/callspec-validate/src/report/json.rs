//! The `json` format: a contract other tools parse. One line per record:
//! `{"type":"record","source":..,"line":..,"entry":..,"index":..,"resource":..,"verdict":..,
//! "findings":[{"code":..,"severity":..,"pointer":..,"line":..,"column":..,"message":..}]}`,
//! then `{"type":"summary","records":N,"valid":N,"drift":N,"invalid":N,"unreadable":N,"unrouted":N,
//! "ignored":N}`. Ignored HAR entries are not records: they are counted in the summary, and listed
//! (verdict `ignored`) only under `--verbose`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Style;
use super::label::source;
use crate::engine::Report;
use crate::run::Summary;

/// Renders one record line (nothing for an ignored HAR entry unless verbose).
pub(super) fn render(style: Style, report: &Report, out: &mut Vec<u8>) {
    if report.ignored && !style.verbose {
        return;
    }
    write_json_record(out, report, style.show_values);
}

/// Writes the summary line.
pub(super) fn summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    writeln!(
        out,
        r#"{{"type":"summary","records":{},"valid":{},"drift":{},"invalid":{},"unreadable":{},"unrouted":{},"ignored":{}}}"#,
        summary.records,
        summary.valid,
        summary.drift,
        summary.invalid,
        summary.unreadable,
        summary.unrouted,
        summary.ignored
    )
}

/// The `json` format's summary object.
pub fn json_summary(summary: &Summary) -> Value {
    json!({
        "type": "summary",
        "records": summary.records,
        "valid": summary.valid,
        "drift": summary.drift,
        "invalid": summary.invalid,
        "unreadable": summary.unreadable,
        "unrouted": summary.unrouted,
        "ignored": summary.ignored,
    })
}

pub(super) fn json_str(out: &mut Vec<u8>, text: &str) {
    // Most strings (paths, ids, pointers) need no escape: copy them as they are.
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Serializing a `str` into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    }
}

fn json_opt_u64(out: &mut Vec<u8>, value: Option<u64>) {
    match value {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// Writes one `json` record line, keys in the documented order.
fn write_json_record(out: &mut Vec<u8>, report: &Report, show_values: bool) {
    let style = Style {
        show_values,
        ..Style::default()
    };
    let origin = report.origin.as_ref();
    out.extend_from_slice(br#"{"type":"record","source":"#);
    json_str(out, source(report));
    out.extend_from_slice(br#","line":"#);
    json_opt_u64(out, origin.and_then(|o| o.line));
    out.extend_from_slice(br#","entry":"#);
    json_opt_u64(out, origin.and_then(|o| o.entry).map(|e| e as u64));
    out.extend_from_slice(br#","index":"#);
    json_opt_u64(out, origin.and_then(|o| o.index).map(|i| i as u64));
    out.extend_from_slice(br#","resource":"#);
    match report.resource {
        Some(id) => json_str(out, id),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","verdict":""#);
    let verdict = if report.ignored {
        "ignored"
    } else {
        report.verdict.as_str()
    };
    out.extend_from_slice(verdict.as_bytes());
    out.extend_from_slice(br#"","findings":["#);
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(br#"{"code":""#);
        out.extend_from_slice(f.code.as_str().as_bytes());
        out.extend_from_slice(br#"","severity":""#);
        out.extend_from_slice(f.severity.as_str().as_bytes());
        out.extend_from_slice(br#"","pointer":"#);
        json_str(out, &f.pointer);
        out.extend_from_slice(br#","line":"#);
        json_opt_u64(out, f.position.map(|p| p.line));
        out.extend_from_slice(br#","column":"#);
        json_opt_u64(out, f.position.map(|p| p.column));
        out.extend_from_slice(br#","message":"#);
        json_str(out, &style.mask(&f.message));
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
}
