//! Findings and verdicts: what checking a record yields. Checking never fails; it reports, and
//! every finding carries a stable code, a severity, where it is (instance pointer, schema
//! location, source position) and what was expected versus found.

use std::fmt;

use crate::locate::Position;

/// A finding's stable code. The string form (`contract/required`) is part of callspec's output
/// contract: tools and corpus manifests match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// The body is not JSON (malformed, truncated, empty).
    SyntaxJson,
    /// The body is not UTF-8.
    SyntaxUtf8,
    /// The input around the body could not be read (a HAR entry without a body, a corrupt gzip
    /// stream).
    SyntaxInput,
    /// A value has the wrong JSON type (including `null` where null is not allowed).
    ContractType,
    /// A required property is missing.
    ContractRequired,
    /// A value is outside a closed enum.
    ContractEnum,
    /// A string is not of its format (date-time, RFC 2822, address, uuid, uri).
    ContractFormat,
    /// A string does not match its pattern.
    ContractPattern,
    /// A number, length or count is out of its bounds.
    ContractRange,
    /// Any other schema keyword failed.
    ContractSchema,
    /// An object member the spec does not know.
    DriftUnknownField,
    /// An open enum's value the spec does not know.
    DriftUnknownValue,
    /// No resource matches the record's shape.
    RouteUnknownResource,
    /// A resource id given with `--resource` does not exist.
    RouteUnknownId,
    /// A query parameter breaks the endpoint's query schema.
    RequestQuery,
    /// A query parameter the endpoint does not document.
    RequestUnknownParameter,
    /// A required request header is missing or has the wrong value.
    RequestHeader,
    /// The `Authorization` scheme is not the endpoint's.
    RequestAuth,
}

impl Code {
    /// Every code, in a stable order.
    pub const ALL: &'static [Code] = &[
        Code::SyntaxJson,
        Code::SyntaxUtf8,
        Code::SyntaxInput,
        Code::ContractType,
        Code::ContractRequired,
        Code::ContractEnum,
        Code::ContractFormat,
        Code::ContractPattern,
        Code::ContractRange,
        Code::ContractSchema,
        Code::DriftUnknownField,
        Code::DriftUnknownValue,
        Code::RouteUnknownResource,
        Code::RouteUnknownId,
        Code::RequestQuery,
        Code::RequestUnknownParameter,
        Code::RequestHeader,
        Code::RequestAuth,
    ];

    /// The stable string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxJson => "syntax/json",
            Code::SyntaxUtf8 => "syntax/utf8",
            Code::SyntaxInput => "syntax/input",
            Code::ContractType => "contract/type",
            Code::ContractRequired => "contract/required",
            Code::ContractEnum => "contract/enum",
            Code::ContractFormat => "contract/format",
            Code::ContractPattern => "contract/pattern",
            Code::ContractRange => "contract/range",
            Code::ContractSchema => "contract/schema",
            Code::DriftUnknownField => "drift/unknown-field",
            Code::DriftUnknownValue => "drift/unknown-value",
            Code::RouteUnknownResource => "route/unknown-resource",
            Code::RouteUnknownId => "route/unknown-id",
            Code::RequestQuery => "request/query",
            Code::RequestUnknownParameter => "request/unknown-parameter",
            Code::RequestHeader => "request/header",
            Code::RequestAuth => "request/auth",
        }
    }

    /// The code for its string form.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }

    /// Whether the code is drift: allowed by the contract, unknown to the spec. Drift is a
    /// warning, or an error under `--strict`.
    pub fn is_drift(self) -> bool {
        matches!(
            self,
            Code::DriftUnknownField | Code::DriftUnknownValue | Code::RequestUnknownParameter
        )
    }

    /// Whether the code means the record could not be read at all.
    pub fn is_syntax(self) -> bool {
        matches!(
            self,
            Code::SyntaxJson | Code::SyntaxUtf8 | Code::SyntaxInput
        )
    }

    /// One line on what the code means, for `--help` and documentation.
    pub fn summary(self) -> &'static str {
        match self {
            Code::SyntaxJson => "the body is not JSON (malformed, truncated or empty)",
            Code::SyntaxUtf8 => "the body is not UTF-8",
            Code::SyntaxInput => {
                "no body could be read (a HAR entry without content, a corrupt stream)"
            }
            Code::ContractType => "a value has the wrong JSON type",
            Code::ContractRequired => "a required field is missing",
            Code::ContractEnum => "a value is outside a closed enum",
            Code::ContractFormat => "a string is not of its format",
            Code::ContractPattern => "a string does not match its pattern",
            Code::ContractRange => "a number, length or count is out of bounds",
            Code::ContractSchema => "another schema rule failed",
            Code::DriftUnknownField => "a field the spec does not know",
            Code::DriftUnknownValue => "a value of an open enum the spec does not know",
            Code::RouteUnknownResource => "no resource matches the record",
            Code::RouteUnknownId => "no resource has the id given",
            Code::RequestQuery => "a query parameter breaks the endpoint's contract",
            Code::RequestUnknownParameter => "a query parameter the endpoint does not document",
            Code::RequestHeader => "a required request header is missing or wrong",
            Code::RequestAuth => "the Authorization scheme is not the endpoint's",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Context only.
    Info,
    /// Drift: allowed by the contract, unknown to the spec.
    Warning,
    /// A contract violation, or a record that cannot be read.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What one record came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Conforms, and the spec knows everything in it.
    Valid,
    /// Conforms, with fields or values the spec does not know.
    Drift,
    /// Breaks the contract.
    Invalid,
    /// Could not be read (not JSON, not UTF-8, no body).
    Unreadable,
    /// Not for any endpoint or resource the kit knows (a HAR entry to another host).
    Unrouted,
}

impl Verdict {
    /// Every verdict, in the summary's order.
    pub const ALL: [Verdict; 5] = [
        Verdict::Valid,
        Verdict::Drift,
        Verdict::Invalid,
        Verdict::Unreadable,
        Verdict::Unrouted,
    ];

    /// `valid`, `drift`, `invalid`, `unreadable` or `unrouted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Drift => "drift",
            Verdict::Invalid => "invalid",
            Verdict::Unreadable => "unreadable",
            Verdict::Unrouted => "unrouted",
        }
    }

    /// The verdict for its string form.
    pub fn parse(text: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// Whether the run fails because of this record (`strict`: drift fails too).
    pub fn fails(self, strict: bool) -> bool {
        match self {
            Verdict::Invalid | Verdict::Unreadable => true,
            Verdict::Drift => strict,
            Verdict::Valid | Verdict::Unrouted => false,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing found in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// The JSON pointer of the value in the body (RFC 6901; `""` is the whole body). A missing
    /// field is reported where it would be (`/lastUpdate`). For `request/query` findings it
    /// names the parameter (`/size`).
    pub pointer: String,
    /// The schema keyword that failed, as a JSON pointer into the published schema, when a
    /// schema was involved.
    pub schema_location: Option<String>,
    /// What was expected, in words.
    pub expected: Option<String>,
    /// What was found, as JSON text or in words (masked for display by the reporters).
    pub actual: Option<String>,
    /// A one-line message: what is wrong.
    pub message: String,
    /// Where in the source: line and column of the value (of the parent object for a missing
    /// field), when known.
    pub position: Option<Position>,
    /// The source text around `position`, for display (raw: reporters mask it).
    pub excerpt: Option<Excerpt>,
}

/// A window of one source line with the span of the offending value in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The text shown (a window of the line when the line is long).
    pub text: String,
    /// The 1-based character column of the value within `text`.
    pub column: usize,
    /// How many characters the value spans on this line (at least 1).
    pub width: usize,
}

/// The widest excerpt shown; longer lines are cut to a window around the value.
const EXCERPT_WIDTH: usize = 120;

impl Excerpt {
    /// The excerpt of `body` at `position` (relative to the body).
    pub fn at(body: &[u8], position: Position) -> Option<Excerpt> {
        let line = crate::locate::line_text(body, position.line)?;
        let column = usize::try_from(position.column).ok()?.saturating_sub(1);
        // Byte offsets of the value and of the window around it, found without copying the
        // line (a line may be a hundred megabytes).
        let at = line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
        let before = &line[..at];
        let start = before
            .char_indices()
            .rev()
            .nth(EXCERPT_WIDTH / 3 - 1)
            .map_or(0, |(i, _)| i);
        let start = if line.len() <= EXCERPT_WIDTH {
            0
        } else {
            start
        };
        let taken = line[start..]
            .char_indices()
            .nth(EXCERPT_WIDTH)
            .map_or(line.len(), |(i, _)| start + i);
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(line[start..taken].chars().map(printable));
        if taken < line.len() {
            text.push('…');
        }
        let column = line[start..at].chars().count() + 1 + usize::from(start > 0);
        let visible = line[at..taken].chars().count();
        let width = token_width(&line[at..taken]).min(visible).max(1);
        Some(Excerpt {
            text,
            column,
            width,
        })
    }
}

/// A character as an excerpt shows it: control characters (which a terminal would act on)
/// become `�`; tabs stay.
pub(crate) fn printable(c: char) -> char {
    if c.is_control() && c != '\t' {
        '\u{fffd}'
    } else {
        c
    }
}

/// The length in characters of the JSON token starting `rest`: a whole string, or a run up to
/// a delimiter.
fn token_width(rest: &str) -> usize {
    let mut chars = rest.chars();
    match chars.next() {
        Some('"') => {
            let mut escaped = false;
            for (i, c) in chars.enumerate() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => return i + 2,
                    _ => {}
                }
            }
            rest.chars().count()
        }
        Some('{' | '[') => 1,
        Some(_) => rest
            .chars()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\r'))
            .count(),
        None => 0,
    }
}

impl Finding {
    /// A finding with the severity its code has by default.
    pub fn new(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Finding {
        let severity = if code.is_drift() {
            Severity::Warning
        } else {
            Severity::Error
        };
        Finding {
            code,
            severity,
            pointer: pointer.into(),
            schema_location: None,
            expected: None,
            actual: None,
            message: message.into(),
            position: None,
            excerpt: None,
        }
    }

    /// Sets what was expected.
    #[must_use]
    pub fn expected(mut self, expected: impl Into<String>) -> Finding {
        self.expected = Some(expected.into());
        self
    }

    /// Sets what was found.
    #[must_use]
    pub fn actual(mut self, actual: impl Into<String>) -> Finding {
        self.actual = Some(actual.into());
        self
    }

    /// Sets the schema location.
    #[must_use]
    pub fn at_schema(mut self, location: impl Into<String>) -> Finding {
        self.schema_location = Some(location.into());
        self
    }
}

/// The verdict of a record from its findings: unreadable if any syntax finding, else invalid
/// if any error, else drift if any warning, else valid.
pub fn verdict_of(findings: &[Finding]) -> Verdict {
    if findings.iter().any(|f| f.code.is_syntax()) {
        Verdict::Unreadable
    } else if findings.iter().any(|f| f.severity == Severity::Error) {
        Verdict::Invalid
    } else if findings.iter().any(|f| f.severity == Severity::Warning) {
        Verdict::Drift
    } else {
        Verdict::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts() {
        let body = b"{\n  \"to\": \"+1555\", \"n\": 12}";
        let e = Excerpt::at(body, Position::new(2, 9)).unwrap();
        assert_eq!(
            (e.text.as_str(), e.column, e.width),
            ("  \"to\": \"+1555\", \"n\": 12}", 9, 7)
        );
        let e = Excerpt::at(body, Position::new(2, 23)).unwrap();
        assert_eq!(e.width, 2);
        let long = format!("{{\"a\": \"{}\", \"b\": 1}}", "x".repeat(1000));
        let e = Excerpt::at(long.as_bytes(), Position::new(1, 1011)).unwrap();
        assert!(e.text.starts_with('…') && e.text.chars().count() <= EXCERPT_WIDTH + 2);
        assert_eq!(e.text.chars().nth(e.column - 1), Some('"'));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
            assert!(seen.insert(code.as_str()));
            assert!(!code.summary().is_empty());
        }
    }

    #[test]
    fn verdicts() {
        assert_eq!(verdict_of(&[]), Verdict::Valid);
        let drift = Finding::new(Code::DriftUnknownField, "/x", "m");
        assert_eq!(drift.severity, Severity::Warning);
        assert_eq!(verdict_of(std::slice::from_ref(&drift)), Verdict::Drift);
        let error = Finding::new(Code::ContractType, "/x", "m");
        assert_eq!(verdict_of(&[drift.clone(), error]), Verdict::Invalid);
        assert_eq!(
            verdict_of(&[drift, Finding::new(Code::SyntaxJson, "", "m")]),
            Verdict::Unreadable
        );
        assert!(Verdict::Drift.fails(true) && !Verdict::Drift.fails(false));
    }
}
