//! The `human` format: for people, in the rustc/ruff shape: `error[code]: message`, the place,
//! an excerpt with a caret, what was expected and found, where the rule is; then a summary line.
//! Every field is written through [`visible`]: a terminal is never sent a control, bidi or
//! zero-width character.

use std::io::{self, Write};

use super::Style;
use super::excerpt::write_excerpt;
use super::shown::Shown;
use super::{counts, plural};
use crate::finding::Severity;
use crate::redact::sanitize::visible;
use crate::run::Summary;

/// Renders one record's findings (nothing for a clean record unless verbose).
pub(super) fn render(style: Style, shown: &Shown, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail.
    let _ = Human { style }.write(out, shown);
}

/// Writes the summary line.
pub(super) fn summary(style: Style, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    Human { style }.summary(out, summary)
}

pub(super) struct Human {
    pub(super) style: Style,
}

/// The most distinct shapes of unrouted records listed; the others are counted together.
const MAX_SHAPES: usize = 64;

/// Unrouted records by shape: one line per shape with its count and first place, in the order
/// first seen (`--verbose` shows every record instead).
#[derive(Debug, Default)]
pub(super) struct Unrouted {
    shapes: Vec<(String, u64, String)>,
    index: std::collections::HashMap<String, usize>,
    others: u64,
}

impl Unrouted {
    /// Counts one unrouted record.
    pub(super) fn add(&mut self, shown: &Shown) {
        let shape = shown
            .findings
            .first()
            .and_then(|f| f.actual.clone())
            .unwrap_or_default();
        match self.index.get(&shape) {
            Some(&i) => self.shapes[i].1 += 1,
            None if self.shapes.len() < MAX_SHAPES => {
                self.index.insert(shape.clone(), self.shapes.len());
                let place = match shown.line {
                    Some(line) => format!("{}:{line}", shown.source),
                    None => shown.label.clone(),
                };
                self.shapes.push((shape, 1, place));
            }
            None => self.others += 1,
        }
    }

    /// Writes one warning per shape.
    pub(super) fn write(&self, style: Style, out: &mut dyn Write) -> io::Result<()> {
        let human = Human { style };
        for (shape, count, first) in &self.shapes {
            writeln!(
                out,
                "{}{} {}",
                human.paint("1;33", "warning[route/unknown-resource]"),
                human.paint("1", ":"),
                human.paint(
                    "1",
                    &format!(
                        "{} no resource: {}",
                        plural(*count, "record matches", "records match"),
                        visible(shape)
                    )
                ),
            )?;
            let at = if *count == 1 { "" } else { "first at " };
            writeln!(
                out,
                "  {} {at}{}",
                human.paint("1;34", "-->"),
                visible(first)
            )?;
            writeln!(
                out,
                "  = help: pass --resource ID to check them against a resource, --verbose to list each"
            )?;
            writeln!(out)?;
        }
        if self.others > 0 {
            writeln!(
                out,
                "{}: {} of other shapes no resource\n",
                human.paint("1;33", "warning[route/unknown-resource]"),
                plural(self.others, "record matches", "records match"),
            )?;
        }
        Ok(())
    }
}

impl Human {
    pub(super) fn paint(&self, code: &str, text: &str) -> String {
        if self.style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn write(&self, out: &mut Vec<u8>, shown: &Shown) -> io::Result<()> {
        if shown.ignored {
            if self.style.verbose {
                let request = shown.request.as_deref().unwrap_or("-");
                writeln!(
                    out,
                    "{}: ignored (no endpoint covers {})",
                    visible(&shown.label),
                    visible(request)
                )?;
            }
            return Ok(());
        }
        if shown.findings.is_empty() {
            if self.style.verbose {
                let resource = shown.resource.unwrap_or("-");
                writeln!(
                    out,
                    "{}: {} ({resource})",
                    visible(&shown.label),
                    shown.verdict
                )?;
            }
            return Ok(());
        }
        let source = visible(&shown.source);
        for finding in &shown.findings {
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
                self.paint("1", &visible(&finding.message)),
            )?;
            let place = match (shown.entry, finding.position) {
                // A HAR body's positions are within the body, not the HAR file.
                (Some(entry), Some(p)) => {
                    format!(
                        "{source} (HAR entry {entry}, response body {}:{})",
                        p.line, p.column
                    )
                }
                (Some(entry), None) => format!("{source} (HAR entry {entry})"),
                (None, Some(p)) => format!("{source}:{}:{}", p.line, p.column),
                (None, None) => match shown.line {
                    Some(line) => format!("{source}:{line}"),
                    None => source.clone().into_owned(),
                },
            };
            let element = shown
                .index
                .map_or(String::new(), |i| format!(" (array element {i})"));
            writeln!(out, "  {} {place}{element}", self.paint("1;34", "-->"))?;
            if let (Some(excerpt), Some(position)) = (&finding.excerpt, finding.position) {
                write_excerpt(self, out, excerpt, position, color)?;
            }
            if let Some(request) = &shown.request {
                writeln!(out, "  = request: {}", visible(request))?;
            }
            if let Some(resource) = shown.resource {
                writeln!(
                    out,
                    "  = at: {} of `{resource}`",
                    visible(&finding.subject())
                )?;
            }
            if let Some(expected) = &finding.expected {
                writeln!(out, "  = expected: {}", visible(expected))?;
            }
            if let Some(actual) = &finding.actual {
                writeln!(out, "  = found: {}", visible(actual))?;
            }
            if let Some(help) = finding.help() {
                writeln!(out, "  = help: {}", visible(&help))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    fn summary(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut line = format!("checked {}", counts(summary));
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
