//! The semantic stage: a routed record's cross-field rules (time order, state and fields,
//! durations), declared by the providers next to their models and evaluated by
//! `callspec_core::rule`. It runs after the contract and drift, on the fast path too, and
//! reports each broken rule at the later field with its source position, naming the other
//! field. A rule's level comes from its code (`--rule CODE=off|warning|error`, `--no-semantic`,
//! `--strict`). A place the contract already reports on gets no semantic finding: a missing or
//! mistyped field is the contract's to report (drift at a place does not hide a rule).

use std::fmt;
use std::str::FromStr;

use callspec_core::rule::{Rule, Semantics, check_all};
use serde_json::Value;

use super::Engine;
use super::compile::Compiled;
use super::extract::Extracted;
use crate::finding::{Code, Finding, Severity};
use crate::input::Origin;
use crate::locate::{self, Located};

/// How a semantic rule is reported (`--rule CODE=off|warning|error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Not checked.
    Off,
    /// A warning: the finding is reported and the verdict is left as it is.
    Warning,
    /// An error: the record is `invalid`.
    Error,
}

/// One `--rule CODE=LEVEL` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSetting {
    /// A `semantic/*` code.
    pub code: Code,
    /// Its level.
    pub level: Level,
}

/// A `--rule` value that is not `CODE=off|warning|error` with a semantic code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid rule setting `{0}`: expected CODE=off|warning|error with CODE one of {codes}",
    codes = semantic_codes().join(", ")
)]
pub struct ParseRuleSettingError(pub String);

fn semantic_codes() -> Vec<&'static str> {
    Code::ALL
        .iter()
        .filter(|c| c.is_semantic())
        .map(|c| c.as_str())
        .collect()
}

impl FromStr for RuleSetting {
    type Err = ParseRuleSettingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ParseRuleSettingError(s.to_owned());
        let (code, level) = s.split_once('=').ok_or_else(error)?;
        let code = Code::parse(code.trim())
            .filter(|c| c.is_semantic())
            .ok_or_else(error)?;
        let level = match level.trim() {
            "off" => Level::Off,
            "warning" => Level::Warning,
            "error" => Level::Error,
            _ => return Err(error()),
        };
        Ok(RuleSetting { code, level })
    }
}

impl fmt::Display for RuleSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        write!(f, "{}={level}", self.code)
    }
}

impl Engine {
    /// The severity findings of the semantic `code` get in this run, or `None` when the rule is
    /// off: the code's default, changed by `--rule`, with warnings made errors by `--strict`.
    pub fn rule_severity(&self, code: Code) -> Option<Severity> {
        if !self.semantic {
            return None;
        }
        let level = self
            .rule_levels
            .iter()
            .rev()
            .find(|s| s.code == code)
            .map(|s| s.level);
        let severity = match level {
            Some(Level::Off) => return None,
            Some(Level::Warning) => Severity::Warning,
            Some(Level::Error) => Severity::Error,
            None => code.severity(),
        };
        Some(if self.strict {
            Severity::Error
        } else {
            severity
        })
    }

    /// The semantic rules of `resource`.
    pub(super) fn semantics_of(&self, resource: &str) -> Semantics {
        if !self.semantic {
            return Semantics::NONE;
        }
        // Ids come from the static registry: the same pointer is found without comparing text.
        self.compiled
            .iter()
            .find(|c| std::ptr::eq(c.resource.id, resource))
            .or_else(|| self.compiled.iter().find(|c| c.resource.id == resource))
            .map_or(Semantics::NONE, |c| c.semantics)
    }

    /// `findings` (the contract's and drift's, in document order) with the semantic findings of
    /// `value` added at their source positions. `value` is the parsed body, or what
    /// `extracted` kept of it (the members the rules read, with their offsets).
    pub(super) fn add_semantic(
        &self,
        target: &Compiled,
        value: &Value,
        body: &[u8],
        origin: &Origin,
        mut findings: Vec<Finding>,
        extracted: Option<&Extracted>,
    ) -> Vec<Finding> {
        let semantics = self.semantics_of(target.resource.id);
        if semantics.rules.is_empty() {
            return findings;
        }
        let violations = check_all(&semantics, value);
        if violations.is_empty() {
            return findings;
        }
        let before = findings.len();
        for (rule, violation) in violations {
            let Some(severity) = self.rule_severity(rule.code) else {
                continue;
            };
            if findings[..before]
                .iter()
                .any(|f| f.code.family() == "contract" && f.pointer == violation.pointer)
            {
                continue;
            }
            let mut finding = Finding::new(rule.code, violation.pointer, violation.message)
                .expected(violation.expected)
                .actual(violation.actual);
            finding.severity = severity;
            finding.schema_location = Some(citation(rule));
            findings.push(finding);
        }
        if findings.len() > before {
            // Every finding placed in one pass over the body, however many there are.
            let located = {
                let pointers: Vec<&str> = findings[before..]
                    .iter()
                    .map(|f| f.pointer.as_str())
                    .collect();
                places(body, &pointers, extracted)
            };
            for (finding, located) in findings[before..].iter_mut().zip(located) {
                if let Some(located) = located {
                    finding.position = Some(origin.source_position(located.position));
                    finding.excerpt = located.excerpt;
                }
            }
            findings.sort_by_key(|f| f.position.map(|p| (p.line, p.column)));
        }
        findings
    }
}

/// Where a semantic finding's rule comes from, as its `schema_location` (no schema states
/// it): the code, what the rule says, the document, its address and the sentence it rests on.
/// The human format shows it as the finding's `help:` line.
pub(super) fn citation(rule: &Rule) -> String {
    format!(
        "{} ({}) rests on {}, {}: “{}”",
        rule.code, rule.summary, rule.citation.document, rule.citation.url, rule.citation.quote
    )
}

/// Where each of `pointers` sits in `body` (its value, or its nearest existing ancestor): from
/// the offsets `extracted` kept when it kept them all, else by one scan of the body. Either
/// way in time linear in the body, whatever the number of pointers.
pub(super) fn places(
    body: &[u8],
    pointers: &[&str],
    extracted: Option<&Extracted>,
) -> Vec<Option<Located>> {
    if let Some(extracted) = extracted {
        let offsets: Option<Vec<Option<usize>>> = pointers
            .iter()
            .map(|p| extracted.offset(p).map(Some))
            .collect();
        if let Some(offsets) = offsets {
            return locate::positions(body, &offsets);
        }
    }
    locate::locate_all(body, pointers)
}
