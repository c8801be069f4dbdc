//! The checking engine: schemas compiled once ([`compile`](self)), then per record parse, route
//! (forced resource, HAR URL, or shape), check the HAR request, check the contract and drift,
//! and for records that are not clean, the full diagnostics with source positions. The fast path
//! asks "valid and drift-free?" first. This file holds the engine's types; each step has its own
//! file.

mod check;
mod compile;
mod fast;
mod lazy;
mod overlaid;
mod parse;
mod polls;
mod request;
mod route;
mod semantic;

use std::collections::HashMap;

use crate::finding::{Finding, Verdict};
use crate::input::Origin;
use compile::Compiled;
pub use compile::OverlayReport;
pub use overlaid::OverlayEffect;
pub(crate) use polls::place;
pub use polls::{FIXED_MAX, PollTracker, Seen, Sighting, Sightings, Text};
use route::FieldHash;
pub use semantic::{Level, ParseRuleSettingError, RuleSetting};

/// How the engine checks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Check every record against this resource instead of routing it.
    pub resource: Option<String>,
    /// Drift is an error, and so are semantic warnings and a record that routes to no resource.
    pub strict: bool,
    /// Skip the semantic rules (`--no-semantic`).
    pub no_semantic: bool,
    /// The semantic rules' levels (`--rule CODE=off|warning|error`); the last setting of a
    /// code wins.
    pub rules: Vec<RuleSetting>,
}

/// Why an engine could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// `--resource` named no resource.
    #[error("unknown resource `{id}`; expected one of: {}", known.join(", "))]
    UnknownResource {
        /// The id given.
        id: String,
        /// Every resource id.
        known: Vec<&'static str>,
    },
    /// A published schema does not compile (a bug in callspec).
    #[error("the schema of `{resource}` does not compile")]
    Compile {
        /// The resource.
        resource: &'static str,
        /// The compiler's reason.
        #[source]
        source: Box<jsonschema::ValidationError<'static>>,
    },
    /// An overlay could not be applied (`--strict`: an action selecting nothing), or left a
    /// schema that is not a valid draft 2020-12 schema.
    #[error("overlay: {message}")]
    Overlay {
        /// What went wrong, naming the overlay, the action and the resource.
        message: String,
    },
    /// More resources than the router tells apart.
    #[error("more than {max} resources: the router tells at most {max} apart")]
    TooManyResources {
        /// The most resources the router tells apart.
        max: usize,
    },
}

/// What one record came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Where the record came from (`None` for a body checked on its own).
    pub origin: Option<Origin>,
    /// The resource it was checked against.
    pub resource: Option<&'static str>,
    /// The verdict.
    pub verdict: Verdict,
    /// Everything found, in document order.
    pub findings: Vec<Finding>,
    /// HAR: the request, as `GET https://host/path?query` with credentials removed.
    pub request: Option<String>,
    /// The record's credentials, which the report stage removes from everything it shows.
    pub secrets: crate::redact::Secrets,
    /// What the record says about each call it holds, for the across-polls rule, until a
    /// [`PollTracker`] has seen it.
    pub sightings: Sightings,
    /// A HAR entry whose request no endpoint covers (a page, a script, a font, a redirect, a
    /// preflight): not checked, counted apart, shown only on request. Its verdict is `Unrouted`.
    pub ignored: bool,
    /// What overlays changed in this record's findings (empty without overlays): each finding
    /// they brought or changed, and each they removed, with the action responsible.
    pub overlay_effects: Vec<OverlayEffect>,
}

/// The compiled catalog, shared by every worker.
#[derive(Debug)]
pub struct Engine {
    compiled: Vec<Compiled>,
    /// The overlays applied, in order, with what each did to the catalog.
    overlays: Vec<crate::run::OverlaySummary>,
    /// Every field name a routable resource knows: a bit per resource that knows it, and a bit
    /// per resource that requires it.
    keys: HashMap<Box<str>, (u64, u64), FieldHash>,
    forced: Option<usize>,
    max_depth: Option<usize>,
    strict: bool,
    /// Whether the semantic rules run.
    semantic: bool,
    /// `--rule` settings.
    rule_levels: Vec<RuleSetting>,
}

impl Engine {
    /// Makes bodies nested deeper than `depth` a `syntax/json` finding (`--max-depth`); by
    /// default the parser's own bound ([`crate::Limits::MAX_DEPTH`]) applies.
    #[must_use]
    pub fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = Some(depth);
        self
    }

    /// The overlays applied, in order, with no findings counted yet: what a run's summary
    /// starts from.
    pub fn overlays(&self) -> &[crate::run::OverlaySummary] {
        &self.overlays
    }

    /// Whether drift is an error.
    pub fn strict(&self) -> bool {
        self.strict
    }

    fn by_id(&self, id: &str) -> Option<&Compiled> {
        self.compiled.iter().find(|c| c.resource.id == id)
    }
}

#[cfg(test)]
mod tests;
