//! The `github` format: GitHub Actions workflow commands (`::error file=…,line=…::message`), one
//! per finding, then a summary line.

use std::io::{self, Write};

use super::Style;
use super::label::source;
use crate::engine::Report;
use crate::finding::Severity;
use crate::run::Summary;

/// Renders one workflow command per finding.
pub(super) fn render(style: Style, report: &Report, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail.
    let _ = write(style, out, report);
}

/// Writes the summary line.
pub(super) fn summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    let ignored = if summary.ignored > 0 {
        format!(", {} ignored", summary.ignored)
    } else {
        String::new()
    };
    writeln!(
        out,
        "callspec: {} records: {} valid, {} drift, {} invalid, {} unreadable, {} unrouted{ignored}",
        summary.records,
        summary.valid,
        summary.drift,
        summary.invalid,
        summary.unreadable,
        summary.unrouted
    )
}

fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn write(style: Style, out: &mut Vec<u8>, report: &Report) -> io::Result<()> {
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", github_property(source(report)));
        let entry = report.origin.as_ref().and_then(|o| o.entry);
        let line = f
            .position
            .map(|p| p.line)
            .or(report.origin.as_ref().and_then(|o| o.line));
        // A HAR body's positions are within the body: the entry names the place instead.
        if let (Some(line), None) = (line, entry) {
            properties.push_str(&format!(",line={line}"));
            if let Some(p) = f.position {
                properties.push_str(&format!(",col={}", p.column));
            }
        }
        properties.push_str(&format!(",title={}", github_property(f.code.as_str())));
        let mut pointer = if f.pointer.is_empty() {
            String::new()
        } else {
            format!(" at {}", f.pointer)
        };
        if let Some(entry) = entry {
            pointer.push_str(&format!(" (HAR entry {entry})"));
        }
        writeln!(
            out,
            "::{command} {properties}::{}{}",
            github_data(&style.mask(&f.message)),
            github_data(&pointer)
        )?;
    }
    Ok(())
}
