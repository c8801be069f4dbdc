//! The semantic stage: a routed record's cross-field rules (time order, state and fields,
//! durations), declared by the providers next to their models and evaluated by
//! `callspec_core::rule`. It runs after the contract and drift, on the fast path too, and
//! reports each broken rule at the later field with its source position, naming the other
//! field. A rule's level comes from its code (`--rule CODE=off|warning|error`, `--no-semantic`,
//! `--strict`). A place the contract already reports on gets no semantic finding: a missing or
//! mistyped field is the contract's to report (drift at a place does not hide a rule).

use std::fmt;
use std::str::FromStr;

use callspec_core::rule::{Check, Members, Rule, Semantics, Violation, check_object};
use serde_json::Value;

use super::Engine;
use super::compile::Compiled;
use super::fast::Captured;
use crate::finding::{Code, Finding, Severity};
use crate::input::Origin;
use crate::locate;

/// What the rules read a body from: the parsed body, or the members the fast path kept while
/// it read the body ([`Captured`]).
#[derive(Clone, Copy)]
pub(super) enum Read<'a> {
    /// The parsed body.
    Parsed(&'a Value),
    /// The members kept.
    Kept(&'a Captured<'a>),
}

impl Read<'_> {
    /// Calls `each` with every object the rules apply to and its element's index: the body,
    /// or each element of a list (`each_item`).
    pub(super) fn for_each_object(
        &self,
        each_item: bool,
        mut each: impl FnMut(&dyn Members, Option<usize>),
    ) {
        match self {
            Read::Parsed(value) if each_item => {
                for (i, element) in value.as_array().into_iter().flatten().enumerate() {
                    each(element, Some(i));
                }
            }
            Read::Parsed(value) => each(*value, None),
            Read::Kept(captured) => {
                for (item, object) in captured.objects() {
                    each(&object, item);
                }
            }
        }
    }

    /// Every violation of the per-record rules of `semantics`.
    fn violations(&self, semantics: &Semantics) -> Vec<(&'static Rule, Violation)> {
        let mut out = Vec::new();
        self.for_each_object(semantics.each_item, |object, item| {
            let prefix = item.map_or_else(String::new, |i| format!("/{i}"));
            check_object(semantics, object, &prefix, &mut out);
        });
        out
    }
}

/// The members every rule of `semantics` reads, each once: what the fast path keeps.
pub(super) fn rule_fields(semantics: &Semantics) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    let mut add = |name: &'static str| {
        if !names.contains(&name) {
            names.push(name);
        }
    };
    for rule in semantics.rules {
        match &rule.check {
            Check::TimeOrder(fields) => fields.iter().for_each(|f| add(f.name)),
            Check::Fields {
                when, set, unset, ..
            } => {
                add(when);
                set.iter().chain(unset.iter()).for_each(|n| add(n));
            }
            Check::Duration {
                field, from, to, ..
            } => {
                add(field);
                add(from.name);
                add(to.name);
            }
            Check::Polls(polls) => {
                add(polls.id);
                add(polls.state);
                if let Some(update) = polls.update {
                    add(update.name);
                }
                polls.fixed.iter().for_each(|f| add(f.name));
            }
        }
    }
    names
}

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
    /// the body added at their source positions. `read` is the parsed body, or the members the
    /// fast path kept of it.
    pub(super) fn add_semantic(
        &self,
        target: &Compiled,
        read: Read<'_>,
        body: &[u8],
        origin: &Origin,
        mut findings: Vec<Finding>,
    ) -> Vec<Finding> {
        let semantics = self.semantics_of(target.resource.id);
        if semantics.rules.is_empty() {
            return findings;
        }
        let violations = read.violations(&semantics);
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
            locate::place_all(&mut findings[before..], body, |at| {
                origin.source_position(at)
            });
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
