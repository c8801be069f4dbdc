//! How much a finding matters: [`Severity`].

/// How much a finding matters. Each code has a default ([`crate::finding::Code::severity`]);
/// under `--strict` the engine reports drift as an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Context only.
    Info,
    /// Drift, or a record no resource matches: allowed by the contract, unknown to the spec; or a
    /// semantic rule that rests on less than a statement of the document.
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

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
