//! The `junit` format: JUnit XML, one test suite per source, one test case per record; failing
//! records carry their findings as the failure text, unrouted records are skipped.

use std::io::{self, Write};

use super::Style;
use super::label::{record_label, source, subject};
use crate::engine::Report;
use crate::finding::Verdict;
use crate::run::Summary;

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

#[derive(Debug)]
struct JunitCase {
    name: String,
    resource: String,
    verdict: Verdict,
    text: String,
}

/// The test suites so far, written out at the end with their counts.
#[derive(Debug, Default)]
pub(super) struct JunitDocument {
    suites: Vec<(String, Vec<JunitCase>)>,
}

impl JunitDocument {
    /// Adds one record's test case.
    pub(super) fn add(&mut self, report: &Report, rendered: &[u8]) {
        let suite = source(report).to_owned();
        let case = JunitCase {
            name: record_label(report),
            resource: report
                .resource
                .map_or_else(|| report.verdict.as_str().to_owned(), str::to_owned),
            verdict: report.verdict,
            text: String::from_utf8_lossy(rendered).into_owned(),
        };
        match self.suites.last_mut() {
            Some((name, cases)) if *name == suite => cases.push(case),
            _ => self.suites.push((suite, vec![case])),
        }
    }

    /// Writes the whole document.
    pub(super) fn finish(
        &mut self,
        style: Style,
        out: &mut dyn Write,
        summary: &Summary,
    ) -> io::Result<()> {
        let failed = |v: Verdict| v.fails(style.strict);
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        let failures = self
            .suites
            .iter()
            .flat_map(|(_, c)| c)
            .filter(|c| failed(c.verdict))
            .count();
        writeln!(
            out,
            r#"<testsuites name="callspec validate" tests="{}" failures="{failures}">"#,
            summary.records
        )?;
        for (name, cases) in &self.suites {
            let suite_failures = cases.iter().filter(|c| failed(c.verdict)).count();
            let skipped = cases
                .iter()
                .filter(|c| c.verdict == Verdict::Unrouted)
                .count();
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{}" failures="{suite_failures}" skipped="{skipped}">"#,
                xml_escape(name),
                cases.len()
            )?;
            for case in cases {
                write!(
                    out,
                    r#"    <testcase name="{}" classname="{}""#,
                    xml_escape(&case.name),
                    xml_escape(&case.resource)
                )?;
                if failed(case.verdict) {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="record is {}">{}</failure>"#,
                        case.verdict,
                        case.verdict,
                        xml_escape(&case.text)
                    )?;
                    writeln!(out, "    </testcase>")?;
                } else if case.verdict == Verdict::Unrouted {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        r#"      <skipped message="no endpoint or resource matches the record"/>"#
                    )?;
                    writeln!(out, "    </testcase>")?;
                } else if !case.text.is_empty() {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        "      <system-out>{}</system-out>",
                        xml_escape(&case.text)
                    )?;
                    writeln!(out, "    </testcase>")?;
                } else {
                    writeln!(out, "/>")?;
                }
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}
