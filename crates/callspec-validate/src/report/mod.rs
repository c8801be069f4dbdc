//! Output: the same reports written for people (`human`, the rustc/ruff shape), for tools
//! (`json`, one line per record, a documented contract), for CI (`junit`, `sarif` 2.1.0,
//! `github` workflow commands). Phone numbers are masked unless asked otherwise; credentials
//! never reach the output.
//!
//! Every record passes one stage before any format sees it: [`shown`] builds, from the report
//! and the record's secrets, the only view of the record a format can render (credentials
//! removed, phone numbers masked, long text shortened); each format then escapes it for where it
//! goes.
//!
//! A run builds one [`Renderer`] (pure, shared by the workers: one record's report in, its bytes
//! out) and one [`ReportWriter`] (on the writing thread: the header, each rendered record in
//! input order, the footer with the summary). Each format has its own file.

mod excerpt;
mod github;
mod human;
mod json;
mod junit;
mod sarif;
mod shown;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::engine::Report;
use crate::run::Summary;
use shown::Shown;

pub use json::json_summary;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum OutputFormat {
    /// For people: `path:line:col`, code, message, an excerpt with a caret, help, a summary.
    #[cfg_attr(
        feature = "clap",
        value(help = "For people: path:line:col, code, message, excerpt, help, summary")
    )]
    Human,
    /// One JSON object per record, then a summary object.
    #[cfg_attr(
        feature = "clap",
        value(help = "One JSON object per record, then a summary object (a stable contract)")
    )]
    Json,
    /// JUnit XML, one test case per record.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

impl OutputFormat {
    /// Every format's name.
    pub const NAMES: [&'static str; 5] = ["human", "json", "junit", "sarif", "github"];
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "human" => OutputFormat::Human,
            "json" => OutputFormat::Json,
            "junit" => OutputFormat::Junit,
            "sarif" => OutputFormat::Sarif,
            "github" => OutputFormat::Github,
            other => {
                return Err(format!(
                    "unknown format `{other}`; expected one of {}",
                    OutputFormat::NAMES.join(", ")
                ));
            }
        })
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Junit => "junit",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Github => "github",
        })
    }
}

/// How reports are shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Show phone numbers as they are instead of masked.
    pub show_values: bool,
    /// ANSI colour (human format only).
    pub color: bool,
    /// Under `--strict` drift fails.
    pub strict: bool,
    /// Human format: also list records that are valid.
    pub verbose: bool,
}

/// `count` and the noun in its number: `1 record`, `2 records`.
/// The run's counts as the text formats' summary lines say them: `34 records: 11 valid, 5 drift,
/// 11 invalid, 4 unreadable, 3 unrouted`.
pub(crate) fn counts(summary: &Summary) -> String {
    format!(
        "{}: {} valid, {} drift, {} invalid, {} unreadable, {} unrouted",
        plural(summary.records, "record", "records"),
        summary.valid,
        summary.drift,
        summary.invalid,
        summary.unreadable,
        summary.unrouted
    )
}

pub(crate) fn plural(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Renders one record's report into bytes: pure, so the workers share one and render in
/// parallel, in any order.
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    format: OutputFormat,
    style: Style,
}

impl Renderer {
    /// The renderer of `format`.
    #[must_use]
    pub fn new(format: OutputFormat, style: Style) -> Self {
        Renderer { format, style }
    }

    /// Appends one record's rendering to `out`.
    pub fn render(&self, report: &Report, out: &mut Vec<u8>) {
        if report.findings.is_empty() && !self.style.verbose && self.format != OutputFormat::Json {
            // Nothing is shown about a clean record: skip the stage on the fast path.
            return;
        }
        let shown = Shown::new(report, self.style);
        match self.format {
            OutputFormat::Human => human::render(self.style, &shown, out),
            OutputFormat::Json => json::render(self.style, &shown, out),
            OutputFormat::Junit => junit::render(self.style, &shown, out),
            OutputFormat::Sarif => sarif::render(self.style, &shown, out),
            OutputFormat::Github => github::render(self.style, &shown, out),
        }
    }
}

impl Renderer {
    /// Whether [`ReportWriter::write`] writes `report`'s rendering as it is, needing nothing
    /// else from the report: then the run hands the writer whole chunks of renderings instead
    /// of the reports (`junit` and `sarif` keep every record, `human` the unrouted records it
    /// summarises).
    #[must_use]
    pub fn passes_through(&self, report: &Report) -> bool {
        match self.format {
            OutputFormat::Json | OutputFormat::Github => true,
            OutputFormat::Human => self.style.verbose || !summarised(report),
            OutputFormat::Junit | OutputFormat::Sarif => false,
        }
    }
}

/// Whether the human format summarises `report` with the other unrouted records of its shape
/// (unless verbose) instead of showing it.
fn summarised(report: &Report) -> bool {
    report.verdict == crate::finding::Verdict::Unrouted
        && report.findings.len() == 1
        && report.findings[0].code == crate::finding::Code::RouteUnknownResource
        // Under --strict such a record is an error, shown on its own.
        && report.findings[0].severity == crate::finding::Severity::Warning
}

/// Writes the output document: its header, the rendered records in input order, and its footer
/// with the summary. It keeps what a format needs between records.
#[derive(Debug)]
pub struct ReportWriter {
    style: Style,
    document: Document,
    unrouted: human::Unrouted,
}

/// What a format keeps between records.
#[derive(Debug)]
enum Document {
    Human,
    Json,
    Junit(junit::JunitDocument),
    Sarif(sarif::SarifDocument),
    Github,
}

impl ReportWriter {
    /// The writer of `format`.
    #[must_use]
    pub fn new(format: OutputFormat, style: Style) -> Self {
        let document = match format {
            OutputFormat::Human => Document::Human,
            OutputFormat::Json => Document::Json,
            OutputFormat::Junit => Document::Junit(junit::JunitDocument::default()),
            OutputFormat::Sarif => Document::Sarif(sarif::SarifDocument::default()),
            OutputFormat::Github => Document::Github,
        };
        ReportWriter {
            style,
            document,
            unrouted: human::Unrouted::default(),
        }
    }

    /// Writes the start of the document, before any record.
    ///
    /// # Errors
    ///
    /// Writing to `out` failed.
    pub fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match &mut self.document {
            Document::Junit(document) => document.start(out),
            Document::Sarif(document) => document.start(out),
            Document::Human | Document::Json | Document::Github => Ok(()),
        }
    }

    /// Writes one record, rendered by the [`Renderer`] of the same format, in input order.
    ///
    /// # Errors
    ///
    /// Writing to `out` failed.
    pub fn write(
        &mut self,
        out: &mut dyn Write,
        report: &Report,
        rendered: &[u8],
    ) -> io::Result<()> {
        match &mut self.document {
            Document::Junit(document) => {
                document.add(self.style, out, &Shown::new(report, self.style), rendered)
            }
            Document::Sarif(document) => document.add(out, rendered),
            Document::Human if !self.style.verbose && summarised(report) => {
                self.unrouted.add(&Shown::new(report, self.style));
                Ok(())
            }
            Document::Human | Document::Json | Document::Github => out.write_all(rendered),
        }
    }

    /// Renders `report` with `renderer` and writes it: for callers that check on one thread.
    ///
    /// # Errors
    ///
    /// Writing to `out` failed.
    pub fn write_report(
        &mut self,
        out: &mut dyn Write,
        renderer: &Renderer,
        report: &Report,
    ) -> io::Result<()> {
        let mut rendered = Vec::new();
        renderer.render(report, &mut rendered);
        self.write(out, report, &rendered)
    }

    /// Writes the end of the document, with the summary.
    ///
    /// # Errors
    ///
    /// Writing to `out` failed.
    pub fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        match &mut self.document {
            Document::Human => {
                self.unrouted.write(self.style, out)?;
                human::summary(self.style, out, summary)
            }
            Document::Json => json::summary(out, summary),
            Document::Junit(document) => document.finish(out),
            Document::Sarif(document) => document.finish(out, summary),
            Document::Github => github::summary(out, summary),
        }
    }
}
