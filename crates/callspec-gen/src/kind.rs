//! Which kind of payload to generate ([`Kind`]): valid, edge, drift or invalid.

use std::fmt;
use std::str::FromStr;

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
