//! Judging a case: the subject's records against the manifest's, record by record. Four
//! outcomes, as bowtie has them: passed, failed (with what differs), skipped (with the reason)
//! and errored (the subject could not run, or panicked).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::manifest::{Case, ExpectedRecord};
use crate::subject::{ActualRecord, Subject};

/// How a case came out (named apart from the engine's per-record outcome).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgment {
    /// Everything as expected.
    Passed,
    /// Something differs; the text says what.
    Failed(String),
    /// Not run; the text says why.
    Skipped(String),
    /// The subject could not run or panicked; the text says how.
    Errored(String),
}

/// Runs `subject` over `case` (a file of the manifest in `dir`) and judges it.
pub fn run_case(
    subject: &dyn Subject,
    dir: &Path,
    resource: Option<&str>,
    case: &Case,
) -> Judgment {
    let file = dir.join(&case.file);
    if !file.is_file() {
        return Judgment::Skipped(format!(
            "{} does not exist (the corpus lint reports it)",
            file.display()
        ));
    }
    match catch_unwind(AssertUnwindSafe(|| subject.check(&file, resource))) {
        Ok(Ok(actual)) => judge(&case.records, &actual),
        Ok(Err(message)) => Judgment::Errored(message),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a panic without a message".to_owned());
            Judgment::Errored(format!("the subject panicked: {message}"))
        }
    }
}

/// Compares the expected records with the actual ones.
pub fn judge(expected: &[ExpectedRecord], actual: &[ActualRecord]) -> Judgment {
    let mut problems = Vec::new();
    if expected.len() != actual.len() {
        problems.push(format!(
            "expected {} records, found {}",
            expected.len(),
            actual.len()
        ));
    }
    for (i, (want, got)) in expected.iter().zip(actual).enumerate() {
        let mut say = |what: String| problems.push(format!("record {}: {what}", i + 1));
        if want.line.is_some() && want.line != got.line {
            say(format!(
                "expected line {:?}, found {:?}",
                want.line, got.line
            ));
        }
        if want.entry.is_some() && want.entry != got.entry {
            say(format!(
                "expected HAR entry {:?}, found {:?}",
                want.entry, got.entry
            ));
        }
        if want.index.is_some() && want.index != got.index {
            say(format!(
                "expected element {:?}, found {:?}",
                want.index, got.index
            ));
        }
        if let Some(resource) = &want.resource
            && *resource != got.resource
        {
            say(format!(
                "expected resource {resource:?}, found {:?}",
                got.resource
            ));
        }
        if want.verdict != got.verdict {
            say(format!(
                "expected verdict `{}`, found `{}`",
                want.verdict, got.verdict
            ));
        }
        let mut unmatched: Vec<&crate::subject::ActualFinding> = got.findings.iter().collect();
        for finding in &want.findings {
            let at = unmatched
                .iter()
                .position(|f| f.code == finding.code && f.pointer == finding.pointer);
            match at {
                None => say(format!(
                    "missing finding `{}` at `{}`",
                    finding.code, finding.pointer
                )),
                Some(at) => {
                    let f = unmatched.remove(at);
                    if finding.line.is_some() && finding.line != f.line
                        || finding.column.is_some() && finding.column != f.column
                    {
                        say(format!(
                            "finding `{}` at `{}`: expected line {:?} column {:?}, found line {:?} column {:?}",
                            finding.code,
                            finding.pointer,
                            finding.line,
                            finding.column,
                            f.line,
                            f.column
                        ));
                    }
                }
            }
        }
        for f in unmatched {
            say(format!(
                "unexpected finding `{}` at `{}`",
                f.code, f.pointer
            ));
        }
    }
    if problems.is_empty() {
        Judgment::Passed
    } else {
        Judgment::Failed(problems.join("\n"))
    }
}
