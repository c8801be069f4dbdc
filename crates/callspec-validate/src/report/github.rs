//! The `github` format: GitHub Actions workflow commands (`::error file=…,line=…::message`), one
//! per finding, then a summary line. Every field is made [`visible`] first (no control, bidi or
//! zero-width character reaches the log), then encoded as the workflow command syntax asks.

use std::io::{self, Write};

use super::Style;
use super::counts;
use super::shown::Shown;
use crate::finding::Severity;
use crate::redact::sanitize::visible;
use crate::run::Summary;

/// Renders one workflow command per finding.
pub(super) fn render(_style: Style, shown: &Shown, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail.
    let _ = write(out, shown);
}

/// Writes the summary line.
pub(super) fn summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    let ignored = if summary.ignored > 0 {
        format!(", {} ignored", summary.ignored)
    } else {
        String::new()
    };
    writeln!(out, "callspec: {}{ignored}", counts(summary))
}

fn github_data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn write(out: &mut Vec<u8>, shown: &Shown) -> io::Result<()> {
    for f in &shown.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!("file={}", github_property(&shown.source));
        let line = f.position.map(|p| p.line).or(shown.line);
        // A HAR body's positions are within the body: the entry names the place instead.
        if let (Some(line), None) = (line, shown.entry) {
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
        if let Some(entry) = shown.entry {
            pointer.push_str(&format!(" (HAR entry {entry})"));
        }
        writeln!(
            out,
            "::{command} {properties}::{}{}",
            github_data(&f.message),
            github_data(&pointer)
        )?;
    }
    Ok(())
}
