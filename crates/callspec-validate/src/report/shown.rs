//! The redaction stage every output passes: a [`Shown`] is what may be shown about one record,
//! built from its [`Report`] by the record's [`Redactor`] and nothing else. The formats render a
//! `Shown`, never a `Report`, so no format, present or future, writes a byte of a record that
//! did not pass it. Each field is redacted whole, then shortened to [`MAX_SHOWN`] characters;
//! the formats then escape it for where it goes ([`crate::redact::sanitize`]).

use std::borrow::Cow;

use super::Style;
use crate::engine::Report;
use crate::finding::{Code, Excerpt, Finding, Severity, Verdict};
use crate::locate::Position;
use crate::redact::sanitize::{MAX_SHOWN, shorten};
use crate::redact::{REDACTED, Redactor, Secrets, is_secret_key};

/// What may be shown about one record: every text field redacted and shortened.
#[derive(Debug, Clone)]
pub(super) struct Shown {
    /// The source's name (`<stdin>` for standard input).
    pub(super) source: String,
    /// Whether the source is standard input.
    pub(super) stdin: bool,
    /// `path`, `path:12`, `path#entry=3`.
    pub(super) label: String,
    /// NDJSON: the line.
    pub(super) line: Option<u64>,
    /// HAR: the entry.
    pub(super) entry: Option<usize>,
    /// The element of a split array.
    pub(super) index: Option<usize>,
    /// The resource checked against.
    pub(super) resource: Option<&'static str>,
    /// The verdict.
    pub(super) verdict: Verdict,
    /// HAR: the request line.
    pub(super) request: Option<String>,
    /// A HAR entry no endpoint covers: not checked, shown only on request.
    pub(super) ignored: bool,
    /// The findings.
    pub(super) findings: Vec<ShownFinding>,
}

/// What may be shown about one finding.
#[derive(Debug, Clone)]
pub(super) struct ShownFinding {
    pub(super) code: Code,
    pub(super) severity: Severity,
    /// The JSON pointer (phone numbers in keys masked, secrets removed).
    pub(super) pointer: String,
    pub(super) position: Option<Position>,
    pub(super) message: String,
    pub(super) expected: Option<String>,
    pub(super) actual: Option<String>,
    pub(super) excerpt: Option<Excerpt>,
    /// The published schema's resource id and the JSON pointer of the rule in it.
    pub(super) rule: Option<(String, String)>,
    /// A semantic finding's rule and where it comes from (the document and the sentence).
    pub(super) citation: Option<String>,
}

impl ShownFinding {
    /// What the finding is about, in words: the request headers, a query parameter, the whole
    /// body or a value at a pointer.
    pub(super) fn subject(&self) -> String {
        match self.code {
            Code::RequestHeader | Code::RequestAuth => "the request headers".to_owned(),
            Code::RequestQuery | Code::RequestUnknownParameter => {
                format!("query parameter `{}`", self.pointer.trim_start_matches('/'))
            }
            _ if self.pointer.is_empty() => "the whole body".to_owned(),
            _ => format!("`{}`", self.pointer),
        }
    }

    /// Where the rule is, for a user of the installed binary: `callspec schema ID` and the
    /// pointer in it.
    pub(super) fn help(&self) -> Option<String> {
        if let Some(citation) = &self.citation {
            return Some(format!("the rule {citation}"));
        }
        self.rule
            .as_ref()
            .map(|(id, pointer)| format!("the rule is at `{pointer}` in `callspec schema {id}`"))
    }

    /// The rule as the schema's `$id` with the pointer as its fragment.
    pub(super) fn rule_uri(&self) -> Option<String> {
        self.rule.as_ref().map(|(id, pointer)| {
            let fragment: String = pointer
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("https://callspec.dev/specs/{id}.schema.json#{fragment}")
        })
    }
}

impl Shown {
    /// The record `report` as it may be shown in `style`.
    pub(super) fn new(report: &Report, style: Style) -> Shown {
        let mut secrets: Cow<'_, Secrets> = Cow::Borrowed(&report.secrets);
        for excerpt in report.findings.iter().filter_map(|f| f.excerpt.as_ref()) {
            let mut learned = Secrets::new();
            learned.learn_json(excerpt.text.as_bytes());
            if !learned.is_empty() {
                secrets.to_mut().extend(&learned);
            }
        }
        let redactor = Redactor::new(&secrets, style.show_values);
        let text = |s: &str| shorten(&redactor.text(s)).into_owned();
        let origin = report.origin.as_ref();
        let source = origin.map_or("<body>", |o| &o.source);
        let shown_source = if secrets.is_empty() {
            cached_source(source, style.show_values, &text)
        } else {
            text(source)
        };
        let request = report.request.as_deref().map(|request| {
            // `%2B` is how a URL writes the `+` of an E.164 number: decoded so it is masked.
            if style.show_values {
                text(request)
            } else {
                text(&request.replace("%2B", "+").replace("%2b", "+"))
            }
        });
        Shown {
            source: shown_source.clone(),
            stdin: source == crate::input::STDIN_NAME,
            label: label(&shown_source, origin),
            line: origin.and_then(|o| o.line),
            entry: origin.and_then(|o| o.entry),
            index: origin.and_then(|o| o.index),
            resource: report.resource,
            verdict: report.verdict,
            request,
            ignored: report.ignored,
            findings: report
                .findings
                .iter()
                .map(|f| shown_finding(f, &redactor))
                .collect(),
        }
    }
}

/// `path`, `path:12` (NDJSON), `path#entry=3` (HAR), `#index=2` for an array element: the
/// source as shown, then numbers.
fn label(source: &str, origin: Option<&crate::input::Origin>) -> String {
    let mut label = source.to_owned();
    if let Some(origin) = origin {
        if let Some(line) = origin.line {
            label.push_str(&format!(":{line}"));
        }
        if let Some(entry) = origin.entry {
            label.push_str(&format!("#entry={entry}"));
        }
        if let Some(index) = origin.index {
            label.push_str(&format!("#index={index}"));
        }
    }
    label
}

/// The source name as shown, computed once per source and thread: records of one source follow
/// each other, and a name holds no record's secrets (a record with secrets of its own is shown
/// with them removed, [`Shown::new`]).
fn cached_source(source: &str, show_values: bool, text: &dyn Fn(&str) -> String) -> String {
    thread_local! {
        static LAST: std::cell::RefCell<(String, bool, String)> =
            const { std::cell::RefCell::new((String::new(), false, String::new())) };
    }
    LAST.with_borrow_mut(|(raw, shown_values, shown)| {
        if raw != source || *shown_values != show_values || raw.is_empty() {
            *shown = text(source);
            source.clone_into(raw);
            *shown_values = show_values;
        }
        shown.clone()
    })
}

fn shown_finding(finding: &Finding, redactor: &Redactor<'_>) -> ShownFinding {
    let text = |s: &str| shorten(&redactor.text(s)).into_owned();
    // A finding about a secret field must not quote its value.
    let secret = finding
        .pointer
        .split('/')
        .any(|segment| is_secret_key(&segment.replace("~1", "/").replace("~0", "~")));
    let quoted = |s: &str| {
        if secret {
            without_quoted_values(s)
        } else {
            s.to_owned()
        }
    };
    let citation = finding
        .code
        .is_semantic()
        .then(|| finding.schema_location.as_deref().map(&text))
        .flatten();
    let rule = finding.schema_location.as_deref().and_then(|location| {
        let (path, pointer) = location.split_once('#')?;
        let id = path.strip_prefix("specs/")?.strip_suffix(".schema.json")?;
        Some((id.to_owned(), text(pointer)))
    });
    ShownFinding {
        code: finding.code,
        severity: finding.severity,
        pointer: text(&finding.pointer),
        position: finding.position,
        message: text(&quoted(&finding.message)),
        expected: finding.expected.as_deref().map(&text),
        actual: finding
            .actual
            .as_deref()
            .map(|s| if secret { REDACTED.to_owned() } else { text(s) }),
        excerpt: finding.excerpt.as_ref().map(|e| shown_excerpt(e, redactor)),
        rule,
        citation,
    }
}

/// `text` with every backtick-quoted or double-quoted span after the first replaced by
/// [`REDACTED`] (the first names the field).
fn without_quoted_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut spans = 0;
    let mut inside: Option<char> = None;
    for c in text.chars() {
        match inside {
            Some(q) if c == q => {
                inside = None;
                out.push(c);
            }
            Some(_) if spans > 1 => {}
            Some(_) => out.push(c),
            None if c == '`' || c == '"' => {
                spans += 1;
                inside = Some(c);
                out.push(c);
                if spans > 1 {
                    out.push_str(REDACTED);
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// The excerpt redacted, the caret moved with the text before it.
fn shown_excerpt(excerpt: &Excerpt, redactor: &Redactor<'_>) -> Excerpt {
    let split = excerpt
        .text
        .char_indices()
        .nth(excerpt.column.saturating_sub(1))
        .map_or(excerpt.text.len(), |(i, _)| i);
    let whole = redactor.window(&redactor.text(&excerpt.text)).into_owned();
    let before = redactor
        .window(&redactor.text(&excerpt.text[..split]))
        .into_owned();
    let column = if whole.starts_with(before.as_str()) {
        before.chars().count() + 1
    } else {
        1
    };
    let text = crate::redact::sanitize::shorten_to(&whole, MAX_SHOWN).into_owned();
    let available = text.chars().count().saturating_sub(column - 1).max(1);
    Excerpt {
        column: column.min(text.chars().count() + 1),
        width: excerpt.width.min(available).max(1),
        text,
    }
}
