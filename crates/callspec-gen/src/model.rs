//! The generator's public vocabulary: what a generated payload is ([`Generated`], [`Body`]),
//! what a validator must say about it ([`Expectation`], [`Verdict`], [`Expected`]), which kind
//! of payload to generate ([`Kind`]) and for which resources ([`ResourceSelector`]).

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

/// Finding codes the expectations use, as the validator spells them.
pub mod codes {
    /// Not JSON: truncated, malformed, or not JSON at all.
    pub const SYNTAX_JSON: &str = "syntax/json";
    /// The bytes are not UTF-8.
    pub const SYNTAX_UTF8: &str = "syntax/utf8";
    /// A value of the wrong JSON type, including null where null is not allowed.
    pub const TYPE: &str = "contract/type";
    /// A required property is missing; the pointer is where it would be.
    pub const REQUIRED: &str = "contract/required";
    /// A value outside a closed enum.
    pub const ENUM: &str = "contract/enum";
    /// A value that is not of its format (dates, addresses, uuid, uri, uri-reference).
    pub const FORMAT: &str = "contract/format";
    /// A value that does not match a pattern that is not backed by a format.
    pub const PATTERN: &str = "contract/pattern";
    /// A number, length, size or count out of its bounds.
    pub const RANGE: &str = "contract/range";
    /// A member the spec does not know.
    pub const UNKNOWN_FIELD: &str = "drift/unknown-field";
    /// A value of an open enum the spec does not know.
    pub const UNKNOWN_VALUE: &str = "drift/unknown-value";
}

/// The verdict a validator gives a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Conforms to the contract and holds nothing the spec does not know.
    Valid,
    /// Conforms to the contract, but holds fields or values the spec does not know.
    Drift,
    /// Violates the contract.
    Invalid,
    /// Not UTF-8 JSON.
    Unreadable,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 4] = [
        Verdict::Valid,
        Verdict::Drift,
        Verdict::Invalid,
        Verdict::Unreadable,
    ];

    /// The verdict as the validator spells it: `valid`, `drift`, `invalid`, `unreadable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Drift => "drift",
            Verdict::Invalid => "invalid",
            Verdict::Unreadable => "unreadable",
        }
    }

    /// The verdict findings with these codes give: `unreadable` for any `syntax/*`, else
    /// `invalid` for any `contract/*`, else `drift` for any `drift/*`, else `valid`.
    pub fn of<'a>(codes: impl IntoIterator<Item = &'a str>) -> Verdict {
        codes
            .into_iter()
            .map(|code| {
                if code.starts_with("syntax/") {
                    Verdict::Unreadable
                } else if code.starts_with("contract/") {
                    Verdict::Invalid
                } else if code.starts_with("drift/") {
                    Verdict::Drift
                } else {
                    Verdict::Valid
                }
            })
            .max()
            .unwrap_or(Verdict::Valid)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding a validator must report.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Expected {
    /// The finding's code, such as `contract/required` (see [`codes`]).
    pub code: String,
    /// The JSON pointer of the instance the finding is about (`""` for the whole body).
    pub pointer: String,
}

impl Expected {
    /// A finding with this code at this pointer.
    pub fn new(code: &str, pointer: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
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
    /// The expectation of these findings; the verdict follows from their codes.
    pub fn from_findings(mut findings: Vec<Expected>) -> Self {
        findings.sort_by(|a, b| (&a.pointer, &a.code).cmp(&(&b.pointer, &b.code)));
        Self {
            verdict: Verdict::of(findings.iter().map(|f| f.code.as_str())),
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
    /// The stable name of the catalogue case (`valid` for plain valid payloads).
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
    /// Valid but tricky payloads from the named edge catalogue (a few are `drift`: unknown
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
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown kind `{}`: expected valid, edge, drift or invalid",
            self.0
        )
    }
}

impl std::error::Error for UnknownKind {}

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

/// A resource id the generator does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownResource(pub String);

impl fmt::Display for UnknownResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown resource `{}`: expected `all` or one of {}",
            self.0,
            crate::resource_ids().join(", ")
        )
    }
}

impl std::error::Error for UnknownResource {}

impl FromStr for ResourceSelector {
    type Err = UnknownResource;
    /// `all`, or a resource id.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "all" {
            return Ok(ResourceSelector::All);
        }
        crate::resource_ids()
            .into_iter()
            .find(|id| *id == s)
            .map(ResourceSelector::One)
            .ok_or_else(|| UnknownResource(s.to_owned()))
    }
}

/// A case of a catalogue: its stable name, kind and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInfo {
    /// The stable name, as it appears in [`Generated::case`].
    pub name: String,
    /// The catalogue it belongs to.
    pub kind: Kind,
    /// What the case does, in a sentence.
    pub description: String,
}
