//! The `human` format: for people, in the rustc/ruff shape: `error[code]: message`, the place,
//! an excerpt with a caret, what was expected and found, where the rule is; then a summary line.

use std::io::{self, Write};

use super::Style;
use super::excerpt::write_excerpt;
use super::label::{printable, record_label, request_line, source, subject};
use crate::engine::Report;
use crate::finding::Severity;
use crate::run::Summary;

/// Renders one record's findings (nothing for a clean record unless verbose).
pub(super) fn render(style: Style, report: &Report, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail.
    let _ = Human { style }.write(out, report);
}

/// Writes the summary line.
pub(super) fn summary(style: Style, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    Human { style }.summary(out, summary)
}

pub(super) struct Human {
    pub(super) style: Style,
}

impl Human {
    pub(super) fn paint(&self, code: &str, text: &str) -> String {
        if self.style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

impl Human {
    fn write(&self, out: &mut Vec<u8>, report: &Report) -> io::Result<()> {
        if report.ignored {
            if self.style.verbose {
                let request = report.request.as_deref().unwrap_or("-");
                writeln!(
                    out,
                    "{}: ignored (no endpoint covers {})",
                    record_label(report),
                    printable(&request_line(&self.style, request))
                )?;
            }
            return Ok(());
        }
        if report.findings.is_empty() {
            if self.style.verbose {
                let resource = report.resource.unwrap_or("-");
                writeln!(
                    out,
                    "{}: {} ({resource})",
                    record_label(report),
                    report.verdict
                )?;
            }
            return Ok(());
        }
        for finding in &report.findings {
            let (label, color) = match finding.severity {
                Severity::Error => ("error", "1;31"),
                Severity::Warning => ("warning", "1;33"),
                Severity::Info => ("info", "1;36"),
            };
            writeln!(
                out,
                "{}{} {}",
                self.paint(color, &format!("{label}[{}]", finding.code)),
                self.paint("1", ":"),
                self.paint("1", &printable(&self.style.mask(&finding.message))),
            )?;
            let entry = report.origin.as_ref().and_then(|o| o.entry);
            let index = report.origin.as_ref().and_then(|o| o.index);
            let place = match (entry, finding.position) {
                // A HAR body's positions are within the body, not the HAR file.
                (Some(entry), Some(p)) => {
                    format!(
                        "{} (HAR entry {entry}, response body {}:{})",
                        source(report),
                        p.line,
                        p.column
                    )
                }
                (Some(entry), None) => format!("{} (HAR entry {entry})", source(report)),
                (None, Some(p)) => format!("{}:{}:{}", source(report), p.line, p.column),
                (None, None) => match report.origin.as_ref().and_then(|o| o.line) {
                    Some(line) => format!("{}:{line}", source(report)),
                    None => source(report).to_owned(),
                },
            };
            let element = index.map_or(String::new(), |i| format!(" (array element {i})"));
            writeln!(out, "  {} {place}{element}", self.paint("1;34", "-->"))?;
            if let (Some(excerpt), Some(position)) = (&finding.excerpt, finding.position) {
                write_excerpt(self, out, excerpt, position, color)?;
            }
            if let Some(request) = &report.request {
                writeln!(
                    out,
                    "  = request: {}",
                    printable(&request_line(&self.style, request))
                )?;
            }
            if let Some(resource) = report.resource {
                let at = subject(finding);
                writeln!(out, "  = at: {at} of `{resource}`")?;
            }
            if let Some(expected) = &finding.expected {
                writeln!(
                    out,
                    "  = expected: {}",
                    printable(&self.style.mask(expected))
                )?;
            }
            if let Some(actual) = &finding.actual {
                writeln!(out, "  = found: {}", printable(&self.style.mask(actual)))?;
            }
            if let Some(location) = &finding.schema_location {
                writeln!(out, "  = help: the rule is at {location}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    fn summary(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut line = format!(
            "checked {} record{}: {} valid, {} drift, {} invalid, {} unreadable, {} unrouted",
            summary.records,
            if summary.records == 1 { "" } else { "s" },
            summary.valid,
            summary.drift,
            summary.invalid,
            summary.unreadable,
            summary.unrouted
        );
        if summary.ignored > 0 {
            let (entries, them) = if summary.ignored == 1 {
                ("entry", "it")
            } else {
                ("entries", "them")
            };
            line.push_str(&format!(
                "; {} HAR {entries} ignored (no endpoint covers {them})",
                summary.ignored
            ));
        }
        let color = if summary.fails(self.style.strict) {
            "1;31"
        } else if summary.drift > 0 {
            "1;33"
        } else {
            "1;32"
        };
        writeln!(out, "{}", self.paint(color, &line))
    }
}
