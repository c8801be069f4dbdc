//! Findings: what checking a record yields. Checking never fails; it reports, and every finding
//! carries a stable code, a severity, where it is (instance pointer, schema location, source
//! position) and what was expected versus found. Codes, severities, verdicts and the verdict
//! rule are callspec-core's one vocabulary ([`callspec_core::finding`]), re-exported here.

pub use callspec_core::finding::{Code, Severity, Verdict};

use crate::locate::Position;

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
        Some(Excerpt::in_line(&line, at))
    }

    /// The excerpt of `line` (without its terminator) for the value at byte `at` of it: a window
    /// around the value when the line is long, found without reading the rest of the line.
    pub(crate) fn in_line(line: &str, at: usize) -> Excerpt {
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
        Excerpt {
            text,
            column,
            width,
        }
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
        Finding {
            code,
            severity: code.severity(),
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

/// The verdict of a record from its findings, by the one rule ([`Verdict::of_at`]): the
/// highest verdict among their codes (a semantic code's at the finding's severity), `valid` for
/// none.
pub fn verdict_of(findings: &[Finding]) -> Verdict {
    Verdict::of_at(findings.iter().map(|f| (f.code, f.severity)))
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
