//! Output: the same reports written for people (`human`, the rustc/ruff shape), for tools
//! (`json`, one line per record, a documented contract), for CI (`junit`, `sarif` 2.1.0,
//! `github` workflow commands). Phone numbers are masked unless asked otherwise; credentials
//! never reach the output.
//!
//! A run builds one [`Renderer`] (pure, shared by the workers: one record's report in, its bytes
//! out) and one [`ReportWriter`] (on the writing thread: the header, each rendered record in
//! input order, the footer with the summary). Each format has its own file.

mod excerpt;
mod github;
mod human;
mod json;
mod junit;
mod label;
mod sarif;

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::engine::Report;
use crate::redact::mask_phones_in_text;
use crate::run::Summary;

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

impl Style {
    pub(crate) fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.show_values {
            Cow::Borrowed(text)
        } else {
            mask_phones_in_text(text)
        }
    }
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
        match self.format {
            OutputFormat::Human => human::render(self.style, report, out),
            OutputFormat::Json => json::render(self.style, report, out),
            OutputFormat::Junit => junit::render(self.style, report, out),
            OutputFormat::Sarif => sarif::render(self.style, report, out),
            OutputFormat::Github => github::render(self.style, report, out),
        }
    }
}

/// Writes the output document: its header, the rendered records in input order, and its footer
/// with the summary. It keeps what a format needs between records.
#[derive(Debug)]
pub struct ReportWriter {
    style: Style,
    document: Document,
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
        ReportWriter { style, document }
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
            Document::Junit(document) => document.add(self.style, out, report, rendered),
            Document::Sarif(document) => document.add(out, rendered),
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
            Document::Human => human::summary(self.style, out, summary),
            Document::Json => json::summary(out, summary),
            Document::Junit(document) => document.finish(out),
            Document::Sarif(document) => document.finish(out, summary),
            Document::Github => github::summary(out, summary),
        }
    }
}
