//! What a validator must say about a generated payload: the verdict and exactly these findings
//! ([`Expectation`], [`Expected`]), in callspec-core's one vocabulary of codes and verdicts.

use callspec_core::finding::{Code, Verdict};

/// One finding a validator must report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Expected {
    /// The finding's code.
    pub code: Code,
    /// The JSON pointer of the instance the finding is about (`""` for the whole body).
    pub pointer: String,
}

impl PartialOrd for Expected {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Expected {
    /// By code (its string form), then pointer.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.code.as_str(), &self.pointer).cmp(&(other.code.as_str(), &other.pointer))
    }
}

impl Expected {
    /// A finding with this code at this pointer.
    pub fn new(code: Code, pointer: impl Into<String>) -> Self {
        Self {
            code,
            pointer: pointer.into(),
        }
    }
}

/// What a validator must say about a generated payload: the verdict and exactly these
/// findings (sorted by pointer, then code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The verdict.
    pub verdict: Verdict,
    /// Every finding, and no other.
    pub findings: Vec<Expected>,
}

impl Expectation {
    /// The expectation of these findings; the verdict follows from their codes by the one
    /// rule ([`Verdict::of`]).
    pub fn from_findings(mut findings: Vec<Expected>) -> Self {
        findings.sort_by(|a, b| (&a.pointer, a.code.as_str()).cmp(&(&b.pointer, b.code.as_str())));
        Self {
            verdict: Verdict::of(findings.iter().map(|f| f.code)),
            findings,
        }
    }
}
