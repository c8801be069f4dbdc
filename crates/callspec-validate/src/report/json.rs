//! The `json` format: a contract other tools parse. One line per record:
//! `{"type":"record","source":..,"line":..,"entry":..,"index":..,"resource":..,"verdict":..,
//! "findings":[{"code":..,"severity":..,"pointer":..,"line":..,"column":..,"message":..}]}`,
//! then `{"type":"summary","records":N,"valid":N,"drift":N,"invalid":N,"unreadable":N,"unrouted":N,
//! "ignored":N}` (with `"overlays":[{"path":..,"sha256":..,"title":..,"resource":..,"actions":N,
//! "actions_applied":N,"actions_unmatched":[I],"findings_changed":N,"findings_removed":N}]` when
//! `--overlay` applied any). Ignored HAR entries are not records: they are counted in the summary, and listed
//! (verdict `ignored`) only under `--verbose`. Strings are exact, but control, bidi and zero-width
//! characters are written as `\u` escapes, never raw.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Style;
use super::shown::Shown;
use crate::redact::sanitize::is_hidden;
use crate::run::Summary;

/// Renders one record line (nothing for an ignored HAR entry unless verbose).
pub(super) fn render(style: Style, shown: &Shown, out: &mut Vec<u8>) {
    if shown.ignored && !style.verbose {
        return;
    }
    write_json_record(out, shown);
}

/// Writes the summary line (with `overlays` when any was applied).
pub(super) fn summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    write!(
        out,
        r#"{{"type":"summary","records":{},"valid":{},"drift":{},"invalid":{},"unreadable":{},"unrouted":{},"ignored":{}"#,
        summary.records,
        summary.valid,
        summary.drift,
        summary.invalid,
        summary.unreadable,
        summary.unrouted,
        summary.ignored
    )?;
    if !summary.overlays.is_empty() {
        write!(out, r#","overlays":{}"#, overlays(summary))?;
    }
    writeln!(out, "}}")
}

/// The overlays applied: each file with its SHA-256, the resource it amended, its actions
/// (applied, and the indexes of those that selected nothing), and the findings it changed
/// (still reported, naming the action) and removed.
fn overlays(summary: &Summary) -> Value {
    summary
        .overlays
        .iter()
        .map(|o| {
            json!({
                "path": o.source,
                "sha256": o.sha256,
                "title": o.title,
                "resource": o.resource,
                "actions": o.actions,
                "actions_applied": o.applied,
                "actions_unmatched": o.unmatched,
                "findings_changed": o.changed,
                "findings_removed": o.removed,
            })
        })
        .collect()
}

/// The `json` format's summary object.
pub fn json_summary(summary: &Summary) -> Value {
    let mut object = json!({
        "type": "summary",
        "records": summary.records,
        "valid": summary.valid,
        "drift": summary.drift,
        "invalid": summary.invalid,
        "unreadable": summary.unreadable,
        "unrouted": summary.unrouted,
        "ignored": summary.ignored,
    });
    if !summary.overlays.is_empty()
        && let Some(members) = object.as_object_mut()
    {
        members.insert("overlays".into(), overlays(summary));
    }
    object
}

/// Writes `text` as a JSON string: `"` and `\` escaped, and every control, bidi or zero-width
/// character as a `\u` escape.
pub(super) fn json_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    // Most strings (paths, ids, pointers) need no escape: copy them as they are.
    if text
        .bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x80)
    {
        out.extend_from_slice(text.as_bytes());
    } else {
        for c in text.chars() {
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                c if is_hidden(c) => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
                c => {
                    let mut buffer = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                }
            }
        }
    }
    out.push(b'"');
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
fn write_json_record(out: &mut Vec<u8>, shown: &Shown) {
    out.extend_from_slice(br#"{"type":"record","source":"#);
    json_str(out, &shown.source);
    out.extend_from_slice(br#","line":"#);
    json_opt_u64(out, shown.line);
    out.extend_from_slice(br#","entry":"#);
    json_opt_u64(out, shown.entry.map(|e| e as u64));
    out.extend_from_slice(br#","index":"#);
    json_opt_u64(out, shown.index.map(|i| i as u64));
    out.extend_from_slice(br#","resource":"#);
    match shown.resource {
        Some(id) => json_str(out, id),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","verdict":""#);
    let verdict = if shown.ignored {
        "ignored"
    } else {
        shown.verdict.as_str()
    };
    out.extend_from_slice(verdict.as_bytes());
    out.extend_from_slice(br#"","findings":["#);
    for (i, f) in shown.findings.iter().enumerate() {
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
        json_str(out, &f.message);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
}
