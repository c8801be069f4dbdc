//! The `junit` format: JUnit XML, one test suite per source, one test case per record; failing
//! records carry their findings as the failure text, unrouted records are skipped. Written as
//! records come, in constant memory.

use std::io::{self, Seek, Write};

use super::Style;
use super::label::{record_label, source, subject};
use crate::engine::Report;
use crate::finding::Verdict;

/// Renders one record's findings as the text of its test case.
pub(super) fn render(style: Style, report: &Report, out: &mut Vec<u8>) {
    let suite = source(report);
    let entry = report.origin.as_ref().and_then(|o| o.entry);
    let mut text = String::new();
    for f in &report.findings {
        let place = match (entry, f.position) {
            // A HAR body's positions are within the body, not the HAR file.
            (Some(entry), Some(p)) => format!(
                "{suite}, HAR entry {entry}, response body {}:{}",
                p.line, p.column
            ),
            (Some(entry), None) => format!("{suite}, HAR entry {entry}"),
            (None, Some(p)) => format!("{suite}:{}:{}", p.line, p.column),
            (None, None) => suite.to_owned(),
        };
        let pointer = subject(f);
        text.push_str(&format!(
            "{}[{}] {} at {pointer} ({place})\n",
            f.severity.as_str(),
            f.code,
            style.mask(&f.message),
        ));
    }
    out.extend_from_slice(text.as_bytes());
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit document, written as records come: the cases of the source being read go to a
/// temporary file (so the suite's counts can head it), and each suite is written out when the
/// next source starts. Memory stays constant whatever the number of records.
#[derive(Debug, Default)]
pub(super) struct JunitDocument {
    suite: Option<Suite>,
}

/// The suite of the source being read.
#[derive(Debug)]
struct Suite {
    name: String,
    cases: io::BufWriter<std::fs::File>,
    tests: u64,
    failures: u64,
    skipped: u64,
}

/// Whether a record fails the run: its verdict, or under `--strict` being unrouted.
fn fails(verdict: Verdict, strict: bool) -> bool {
    verdict.fails(strict) || (strict && verdict == Verdict::Unrouted)
}

impl JunitDocument {
    /// Writes the XML declaration and opens `<testsuites>`.
    pub(super) fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<testsuites name="callspec validate">"#)
    }

    /// Adds one record's test case (an ignored HAR entry only under `--verbose`, as skipped).
    pub(super) fn add(
        &mut self,
        style: Style,
        out: &mut dyn Write,
        report: &Report,
        rendered: &[u8],
    ) -> io::Result<()> {
        if report.ignored && !style.verbose {
            return Ok(());
        }
        let name = source(report);
        if self.suite.as_ref().is_none_or(|suite| suite.name != name) {
            self.flush(out)?;
            self.suite = Some(Suite {
                name: name.to_owned(),
                cases: io::BufWriter::new(tempfile::tempfile()?),
                tests: 0,
                failures: 0,
                skipped: 0,
            });
        }
        let Some(suite) = self.suite.as_mut() else {
            return Ok(());
        };
        let text = String::from_utf8_lossy(rendered);
        let resource = report
            .resource
            .map_or_else(|| report.verdict.as_str().to_owned(), str::to_owned);
        let cases = &mut suite.cases;
        suite.tests += 1;
        write!(
            cases,
            r#"    <testcase name="{}" classname="{}""#,
            xml_escape(&record_label(report)),
            xml_escape(&resource)
        )?;
        if report.ignored {
            suite.skipped += 1;
            writeln!(cases, ">")?;
            writeln!(
                cases,
                r#"      <skipped message="ignored: no endpoint covers the request"/>"#
            )?;
            writeln!(cases, "    </testcase>")?;
        } else if fails(report.verdict, style.strict) {
            suite.failures += 1;
            writeln!(cases, ">")?;
            writeln!(
                cases,
                r#"      <failure type="{}" message="record is {}">{}</failure>"#,
                report.verdict,
                report.verdict,
                xml_escape(&text)
            )?;
            writeln!(cases, "    </testcase>")?;
        } else if report.verdict == Verdict::Unrouted {
            suite.skipped += 1;
            writeln!(cases, ">")?;
            writeln!(
                cases,
                r#"      <skipped message="no endpoint or resource matches the record"/>"#
            )?;
            writeln!(cases, "    </testcase>")?;
        } else if !text.is_empty() {
            writeln!(cases, ">")?;
            writeln!(
                cases,
                "      <system-out>{}</system-out>",
                xml_escape(&text)
            )?;
            writeln!(cases, "    </testcase>")?;
        } else {
            writeln!(cases, "/>")?;
        }
        Ok(())
    }

    /// Writes out the suite being read, with its counts.
    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let Some(suite) = self.suite.take() else {
            return Ok(());
        };
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" skipped="{}">"#,
            xml_escape(&suite.name),
            suite.tests,
            suite.failures,
            suite.skipped
        )?;
        let mut file = suite
            .cases
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.seek(io::SeekFrom::Start(0))?;
        io::copy(&mut file, out)?;
        writeln!(out, "  </testsuite>")
    }

    /// Writes the last suite and closes the document. The counts are on each suite:
    /// `<testsuites>` is written before any is known.
    pub(super) fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.flush(out)?;
        writeln!(out, "</testsuites>")
    }
}
