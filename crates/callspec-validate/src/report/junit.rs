//! The `junit` format: JUnit XML, one test suite per source, one test case per record; failing
//! records carry their findings as the failure text, unrouted records are skipped. Every text
//! goes through [`xml`]: only XML 1.0 characters, markup escaped.

use std::io::{self, Write};

use super::Style;
use super::shown::Shown;
use crate::finding::Verdict;
use crate::redact::sanitize::xml;
use crate::run::Summary;

/// Renders one record's findings as the text of its test case.
pub(super) fn render(_style: Style, shown: &Shown, out: &mut Vec<u8>) {
    let suite = &shown.source;
    let mut text = String::new();
    for f in &shown.findings {
        let place = match (shown.entry, f.position) {
            // A HAR body's positions are within the body, not the HAR file.
            (Some(entry), Some(p)) => format!(
                "{suite}, HAR entry {entry}, response body {}:{}",
                p.line, p.column
            ),
            (Some(entry), None) => format!("{suite}, HAR entry {entry}"),
            (None, Some(p)) => format!("{suite}:{}:{}", p.line, p.column),
            (None, None) => suite.clone(),
        };
        text.push_str(&format!(
            "{}[{}] {} at {} ({place})\n",
            f.severity.as_str(),
            f.code,
            f.message,
            f.subject(),
        ));
    }
    out.extend_from_slice(text.as_bytes());
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
    pub(super) fn add(&mut self, shown: &Shown, rendered: &[u8]) {
        let suite = shown.source.clone();
        let case = JunitCase {
            name: shown.label.clone(),
            resource: shown
                .resource
                .map_or_else(|| shown.verdict.as_str().to_owned(), str::to_owned),
            verdict: shown.verdict,
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
                xml(name),
                cases.len()
            )?;
            for case in cases {
                write!(
                    out,
                    r#"    <testcase name="{}" classname="{}""#,
                    xml(&case.name),
                    xml(&case.resource)
                )?;
                if failed(case.verdict) {
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="record is {}">{}</failure>"#,
                        case.verdict,
                        case.verdict,
                        xml(&case.text)
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
                    writeln!(out, "      <system-out>{}</system-out>", xml(&case.text))?;
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
