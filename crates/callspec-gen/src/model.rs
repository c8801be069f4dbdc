//! The generator's public types: what a generated payload is ([`Generated`], [`Body`]), what a
//! validator must say about it ([`Expectation`], [`Expected`], in callspec-core's one
//! vocabulary of codes and verdicts), which kind of payload to generate ([`Kind`]) and for
//! which resources ([`ResourceSelector`]).

use std::fmt;
use std::str::FromStr;

use callspec_core::finding::{Code, Verdict};
use serde_json::Value;

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

/// A generated body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A JSON value (serialize it compactly with `serde_json` to send it).
    Json(Value),
    /// Raw bytes that are not UTF-8 JSON (byte-level corruptions); never containing a line
    /// break, so they fit on one NDJSON line.
    Text(Vec<u8>),
}

impl Body {
    /// The bytes a provider would send: compact JSON, or the raw bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            // Writing a `Value` to memory cannot fail.
            Body::Json(value) => serde_json::to_vec(value).unwrap_or_default(),
            Body::Text(bytes) => bytes.clone(),
        }
    }

    /// The JSON value, if the body is JSON.
    pub fn json(&self) -> Option<&Value> {
        match self {
            Body::Json(value) => Some(value),
            Body::Text(_) => None,
        }
    }
}

/// One generated payload with what a validator must say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The resource id.
    pub resource: &'static str,
    /// The kind of payload.
    pub kind: Kind,
    /// The stable name of the catalog case (`valid` for plain valid payloads).
    pub case: String,
    /// The verdict and findings a validator must report.
    pub expect: Expectation,
    /// The body.
    pub body: Body,
}

/// The kinds of payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Valid payloads as providers typically send them.
    Valid,
    /// Valid but tricky payloads from the named edge catalog (a few are `drift`: unknown
    /// future values of open enums).
    Edge,
    /// Valid by contract but unknown to the spec: unknown fields, unknown open-enum values.
    Drift,
    /// One mutation of a valid payload, each raising exactly its expected finding.
    Invalid,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 4] = [Kind::Valid, Kind::Edge, Kind::Drift, Kind::Invalid];

    /// The kind as the CLI spells it: `valid`, `edge`, `drift`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Valid => "valid",
            Kind::Edge => "edge",
            Kind::Drift => "drift",
            Kind::Invalid => "invalid",
        }
    }

    /// What the kind generates, in a sentence.
    pub fn summary(self) -> &'static str {
        match self {
            Kind::Valid => "Valid payloads as providers typically send them.",
            Kind::Edge => "Valid but tricky payloads from the named edge catalog.",
            Kind::Drift => {
                "Valid by contract, unknown to the spec: unknown fields and open-enum values."
            }
            Kind::Invalid => "Mutations of valid payloads, each raising one expected finding.",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind `{0}`: expected valid, edge, drift or invalid")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// Which resources to generate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceSelector {
    /// One resource, by id.
    One(&'static str),
    /// Every resource, in turn (round robin in id order).
    All,
}

/// A resource id that no provider registers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown resource `{}`: expected `all` or one of {}", .0, resource_list())]
pub struct UnknownResource(pub String);

fn resource_list() -> String {
    let ids: Vec<&str> = callspec::resources().iter().map(|r| r.id).collect();
    ids.join(", ")
}

impl FromStr for ResourceSelector {
    type Err = UnknownResource;
    /// `all`, or the id of a registered resource.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "all" {
            return Ok(ResourceSelector::All);
        }
        callspec::resource(s)
            .map(|r| ResourceSelector::One(r.id))
            .ok_or_else(|| UnknownResource(s.to_owned()))
    }
}

/// A case of a catalog: its stable name, kind and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInfo {
    /// The stable name, as it appears in [`Generated::case`].
    pub name: String,
    /// The catalog it belongs to.
    pub kind: Kind,
    /// What the case does, in a sentence.
    pub description: String,
}
