//! Reporters: the same reports written for people (`human`, the rustc/ruff shape), for tools
//! (`json`, one line per record, a documented contract), for CI (`junit`, `sarif` 2.1.0,
//! `github` workflow commands). Phone numbers are masked unless asked otherwise; credentials
//! never reach a reporter.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use serde_json::{Value, json};

use crate::engine::Report;
use crate::finding::{Code, Severity, Verdict};
use crate::redact::mask_phones_in_text;
use crate::run::Summary;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: `path:line:col`, code, message, an excerpt with a caret, help, a summary.
    Human,
    /// One JSON object per record, then a summary object.
    Json,
    /// JUnit XML, one test case per record.
    Junit,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

impl Format {
    /// Every format's name.
    pub const NAMES: [&'static str; 5] = ["human", "json", "junit", "sarif", "github"];
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "human" => Format::Human,
            "json" => Format::Json,
            "junit" => Format::Junit,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            other => {
                return Err(format!(
                    "unknown format `{other}`; expected one of {}",
                    Format::NAMES.join(", ")
                ));
            }
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
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
    fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.show_values {
            Cow::Borrowed(text)
        } else {
            mask_phones_in_text(text)
        }
    }
}

/// Writes reports in one format, in two steps so the costly one runs on the workers:
/// `render` turns a report into bytes (any thread, any order), `emit` takes the rendered
/// records in input order, `finish` writes the end.
pub trait Reporter: Send + Sync {
    /// Renders one record's report.
    fn render(&self, report: &Report, out: &mut Vec<u8>);
    /// Takes one rendered record, in input order.
    fn emit(&mut self, out: &mut dyn Write, report: &Report, rendered: &[u8]) -> io::Result<()> {
        let _ = report;
        out.write_all(rendered)
    }
    /// Writes the end of the output.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;

    /// Renders and emits one record.
    fn record(&mut self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        let mut rendered = Vec::new();
        self.render(report, &mut rendered);
        self.emit(out, report, &rendered)
    }
}

/// The reporter for `format`.
pub fn reporter(format: Format, style: Style) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(Human { style }),
        Format::Json => Box::new(Json { style }),
        Format::Junit => Box::new(Junit {
            style,
            suites: Vec::new(),
        }),
        Format::Sarif => Box::new(Sarif {
            style,
            results: Vec::new(),
        }),
        Format::Github => Box::new(Github { style }),
    }
}

/// The request line for display: `%2B` is how a URL writes the `+` of an E.164 number, so it
/// is decoded before phone numbers are masked.
fn request_line<'a>(style: &Style, request: &'a str) -> Cow<'a, str> {
    if style.show_values {
        return Cow::Borrowed(request);
    }
    let readable = request.replace("%2B", "+").replace("%2b", "+");
    Cow::Owned(mask_phones_in_text(&readable).into_owned())
}

/// Text for a terminal: control characters, which a terminal would act on, become `�`.
fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        Cow::Owned(text.chars().map(crate::finding::printable).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// What a finding is about, in words: the request headers, a query parameter, the whole body
/// or a value at a pointer.
fn subject(finding: &crate::finding::Finding) -> String {
    match finding.code {
        Code::RequestHeader | Code::RequestAuth => "the request headers".to_owned(),
        Code::RequestQuery | Code::RequestUnknownParameter => {
            format!(
                "query parameter `{}`",
                finding.pointer.trim_start_matches('/')
            )
        }
        _ if finding.pointer.is_empty() => "the whole body".to_owned(),
        _ => format!("`{}`", finding.pointer),
    }
}

fn source(report: &Report) -> &str {
    report.origin.as_ref().map_or("<body>", |o| &o.source)
}

/// Where a record is, for people: `path`, `path:12` (NDJSON), `path#entry=3` (HAR).
fn record_label(report: &Report) -> String {
    report
        .origin
        .as_ref()
        .map_or_else(|| "<body>".to_owned(), ToString::to_string)
}

struct Human {
    style: Style,
}

impl Human {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

impl Reporter for Human {
    fn render(&self, report: &Report, out: &mut Vec<u8>) {
        // Writing to a `Vec` cannot fail.
        let _ = self.write(out, report);
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.summary(out, summary)
    }
}

impl Human {
    fn write(&self, out: &mut Vec<u8>, report: &Report) -> io::Result<()> {
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
                let number = position.line.to_string();
                let gutter = " ".repeat(number.len());
                let bar = self.paint("1;34", "|");
                writeln!(out, "  {gutter} {bar}")?;
                writeln!(
                    out,
                    "  {} {bar} {}",
                    self.paint("1;34", &number),
                    self.style.mask(&excerpt.text)
                )?;
                let pad: String = excerpt
                    .text
                    .chars()
                    .take(excerpt.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(
                    out,
                    "  {gutter} {bar} {pad}{}",
                    self.paint(color, &"^".repeat(excerpt.width))
                )?;
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
        let line = format!(
            "checked {} record{}: {} valid, {} drift, {} invalid, {} unreadable, {} unrouted",
            summary.records,
            if summary.records == 1 { "" } else { "s" },
            summary.valid,
            summary.drift,
            summary.invalid,
            summary.unreadable,
            summary.unrouted
        );
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

/// The `json` format: a contract other tools parse. One line per record:
/// `{"type":"record","source":..,"line":..,"entry":..,"index":..,"resource":..,"verdict":..,
/// "findings":[{"code":..,"severity":..,"pointer":..,"line":..,"column":..,"message":..}]}`,
/// then `{"type":"summary","records":N,"valid":N,"drift":N,"invalid":N,"unreadable":N,"unrouted":N}`.
struct Json {
    style: Style,
}

/// The `json` format's summary object.
pub fn json_summary(summary: &Summary) -> Value {
    json!({
        "type": "summary",
        "records": summary.records,
        "valid": summary.valid,
        "drift": summary.drift,
        "invalid": summary.invalid,
        "unreadable": summary.unreadable,
        "unrouted": summary.unrouted,
    })
}

impl Reporter for Json {
    fn render(&self, report: &Report, out: &mut Vec<u8>) {
        write_json_record(out, report, self.style.show_values);
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            r#"{{"type":"summary","records":{},"valid":{},"drift":{},"invalid":{},"unreadable":{},"unrouted":{}}}"#,
            summary.records,
            summary.valid,
            summary.drift,
            summary.invalid,
            summary.unreadable,
            summary.unrouted
        )
    }
}

fn json_str(out: &mut Vec<u8>, text: &str) {
    // Most strings (paths, ids, pointers) need no escape: copy them as they are.
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        // Serializing a `str` into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    }
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
fn write_json_record(out: &mut Vec<u8>, report: &Report, show_values: bool) {
    let style = Style {
        show_values,
        ..Style::default()
    };
    let origin = report.origin.as_ref();
    out.extend_from_slice(br#"{"type":"record","source":"#);
    json_str(out, source(report));
    out.extend_from_slice(br#","line":"#);
    json_opt_u64(out, origin.and_then(|o| o.line));
    out.extend_from_slice(br#","entry":"#);
    json_opt_u64(out, origin.and_then(|o| o.entry).map(|e| e as u64));
    out.extend_from_slice(br#","index":"#);
    json_opt_u64(out, origin.and_then(|o| o.index).map(|i| i as u64));
    out.extend_from_slice(br#","resource":"#);
    match report.resource {
        Some(id) => json_str(out, id),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","verdict":""#);
    out.extend_from_slice(report.verdict.as_str().as_bytes());
    out.extend_from_slice(br#"","findings":["#);
    for (i, f) in report.findings.iter().enumerate() {
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
        json_str(out, &style.mask(&f.message));
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
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

struct JunitCase {
    name: String,
    resource: String,
    verdict: Verdict,
    text: String,
}

struct Junit {
    style: Style,
    suites: Vec<(String, Vec<JunitCase>)>,
}

impl Reporter for Junit {
    fn render(&self, report: &Report, out: &mut Vec<u8>) {
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
                self.style.mask(&f.message),
            ));
        }
        out.extend_from_slice(text.as_bytes());
    }

    fn emit(&mut self, _out: &mut dyn Write, report: &Report, rendered: &[u8]) -> io::Result<()> {
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
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let failed = |v: Verdict| v.fails(self.style.strict);
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

struct Sarif {
    style: Style,
    results: Vec<Value>,
}

impl Reporter for Sarif {
    fn render(&self, report: &Report, out: &mut Vec<u8>) {
        let mut results = Vec::new();
        for f in &report.findings {
            let mut region = json!({});
            if let Some(p) = f.position {
                region = json!({ "startLine": p.line, "startColumn": p.column });
            }
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": source(report) },
                },
                "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "member" }],
            });
            // A HAR body's positions are within the body, not the HAR file.
            if f.position.is_some() && report.origin.as_ref().and_then(|o| o.entry).is_none() {
                location["physicalLocation"]["region"] = region;
            }
            let origin = report.origin.as_ref();
            results.push(json!({
                "ruleId": f.code.as_str(),
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "note" },
                "message": { "text": self.style.mask(&f.message) },
                "locations": [location],
                "properties": {
                    "pointer": f.pointer,
                    "resource": report.resource,
                    "verdict": report.verdict.as_str(),
                    "line": origin.and_then(|o| o.line),
                    "entry": origin.and_then(|o| o.entry),
                    "index": origin.and_then(|o| o.index),
                    "schemaLocation": f.schema_location,
                    "bodyLine": f.position.map(|p| p.line),
                    "bodyColumn": f.position.map(|p| p.column),
                    "request": report.request.as_deref().map(|r| request_line(&self.style, r)),
                },
            }));
        }
        // Serializing a `Value` into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *out, &results);
    }

    fn emit(&mut self, _out: &mut dyn Write, _report: &Report, rendered: &[u8]) -> io::Result<()> {
        if let Ok(Value::Array(results)) = serde_json::from_slice(rendered) {
            self.results.extend(results);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = Code::ALL
            .iter()
            .map(|c| json!({ "id": c.as_str(), "shortDescription": { "text": c.summary() } }))
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "callspec",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/callspec/callspec",
                    "rules": rules,
                }},
                "results": std::mem::take(&mut self.results),
                "properties": { "summary": json_summary(summary) },
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
        writeln!(out)
    }
}

struct Github {
    style: Style,
}

fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn render(&self, report: &Report, out: &mut Vec<u8>) {
        // Writing to a `Vec` cannot fail.
        let _ = self.write(out, report);
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "callspec: {} records: {} valid, {} drift, {} invalid, {} unreadable, {} unrouted",
            summary.records,
            summary.valid,
            summary.drift,
            summary.invalid,
            summary.unreadable,
            summary.unrouted
        )
    }
}

impl Github {
    fn write(&self, out: &mut Vec<u8>, report: &Report) -> io::Result<()> {
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
                github_data(&self.style.mask(&f.message)),
                github_data(&pointer)
            )?;
        }
        Ok(())
    }
}
