//! A finding's stable code: [`Code`], with the verdict and severity each code has.

use std::fmt;
use std::str::FromStr;

use super::{Severity, Verdict};

/// A finding's stable code. The string form (`contract/required`) is part of callspec's output
/// contract: tools and corpus manifests match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// The body is not JSON (malformed, truncated, empty).
    SyntaxJson,
    /// The body is not UTF-8.
    SyntaxUtf8,
    /// The input around the body could not be read (a HAR entry without a body, a corrupt gzip
    /// stream).
    SyntaxInput,
    /// A value has the wrong JSON type (including `null` where null is not allowed).
    ContractType,
    /// A required property is missing.
    ContractRequired,
    /// A value is outside a closed enum.
    ContractEnum,
    /// A string is not of its format (date-time, RFC 2822, address, uuid, uri).
    ContractFormat,
    /// A string does not match its pattern.
    ContractPattern,
    /// A number, length or count is out of its bounds.
    ContractRange,
    /// Any other schema keyword failed.
    ContractSchema,
    /// An object member the spec does not know.
    DriftUnknownField,
    /// An open enum's value the spec does not know.
    DriftUnknownValue,
    /// No resource matches the record's shape.
    RouteUnknownResource,
    /// A resource id given with `--resource` does not exist.
    RouteUnknownId,
    /// A query parameter breaks the endpoint's query schema.
    RequestQuery,
    /// A query parameter the endpoint does not document.
    RequestUnknownParameter,
    /// A required request header is missing or has the wrong value.
    RequestHeader,
    /// The `Authorization` scheme is not the endpoint's.
    RequestAuth,
    /// Two timestamps of a record are out of the order the call's life gives them.
    SemanticTimeOrder,
    /// A field is set (or unset) against what the record's state says.
    SemanticStateFields,
    /// A duration does not match the timestamps it measures.
    SemanticDuration,
    /// A call seen again later in the input went back: its state, its update time, or a
    /// timestamp that never changes once set.
    SemanticMonotonic,
}

impl Code {
    /// Every code, in a stable order.
    pub const ALL: &'static [Code] = &[
        Code::SyntaxJson,
        Code::SyntaxUtf8,
        Code::SyntaxInput,
        Code::ContractType,
        Code::ContractRequired,
        Code::ContractEnum,
        Code::ContractFormat,
        Code::ContractPattern,
        Code::ContractRange,
        Code::ContractSchema,
        Code::DriftUnknownField,
        Code::DriftUnknownValue,
        Code::RouteUnknownResource,
        Code::RouteUnknownId,
        Code::RequestQuery,
        Code::RequestUnknownParameter,
        Code::RequestHeader,
        Code::RequestAuth,
        Code::SemanticTimeOrder,
        Code::SemanticStateFields,
        Code::SemanticDuration,
        Code::SemanticMonotonic,
    ];

    /// The stable string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxJson => "syntax/json",
            Code::SyntaxUtf8 => "syntax/utf8",
            Code::SyntaxInput => "syntax/input",
            Code::ContractType => "contract/type",
            Code::ContractRequired => "contract/required",
            Code::ContractEnum => "contract/enum",
            Code::ContractFormat => "contract/format",
            Code::ContractPattern => "contract/pattern",
            Code::ContractRange => "contract/range",
            Code::ContractSchema => "contract/schema",
            Code::DriftUnknownField => "drift/unknown-field",
            Code::DriftUnknownValue => "drift/unknown-value",
            Code::RouteUnknownResource => "route/unknown-resource",
            Code::RouteUnknownId => "route/unknown-id",
            Code::RequestQuery => "request/query",
            Code::RequestUnknownParameter => "request/unknown-parameter",
            Code::RequestHeader => "request/header",
            Code::RequestAuth => "request/auth",
            Code::SemanticTimeOrder => "semantic/time-order",
            Code::SemanticStateFields => "semantic/state-fields",
            Code::SemanticDuration => "semantic/duration",
            Code::SemanticMonotonic => "semantic/monotonic",
        }
    }

    /// The code for its string form.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }

    /// One line on what the code means, for `--help` and documentation.
    pub fn summary(self) -> &'static str {
        match self {
            Code::SyntaxJson => "the body is not JSON (malformed, truncated or empty)",
            Code::SyntaxUtf8 => "the body is not UTF-8",
            Code::SyntaxInput => {
                "no body could be read (a HAR entry without content, a corrupt stream)"
            }
            Code::ContractType => "a value has the wrong JSON type",
            Code::ContractRequired => "a required field is missing",
            Code::ContractEnum => "a value is outside a closed enum",
            Code::ContractFormat => "a string is not of its format",
            Code::ContractPattern => "a string does not match its pattern",
            Code::ContractRange => "a number, length or count is out of bounds",
            Code::ContractSchema => "another schema rule failed",
            Code::DriftUnknownField => "a field the spec does not know",
            Code::DriftUnknownValue => "a value of an open enum the spec does not know",
            Code::RouteUnknownResource => "no resource matches the record",
            Code::RouteUnknownId => "no resource has the id given",
            Code::RequestQuery => "a query parameter breaks the endpoint's contract",
            Code::RequestUnknownParameter => "a query parameter the endpoint does not document",
            Code::RequestHeader => "a required request header is missing or wrong",
            Code::RequestAuth => "the Authorization scheme is not the endpoint's",
            Code::SemanticTimeOrder => {
                "two timestamps are out of the order of the call's life (README, \"Semantic rules\")"
            }
            Code::SemanticStateFields => {
                "a field is set or unset against the call's state (README, \"Semantic rules\")"
            }
            Code::SemanticDuration => {
                "a duration does not match its timestamps (README, \"Semantic rules\")"
            }
            Code::SemanticMonotonic => {
                "a call seen again later went back in state or time (README, \"Semantic rules\")"
            }
        }
    }

    /// The verdict a record whose only finding has this code gets; a record's verdict is the
    /// highest of its codes' ([`Verdict::of`]). `syntax/*`: `unreadable`; `contract/*` and the
    /// `request/*` checks of a documented rule: `invalid`; `drift/*` and
    /// `request/unknown-parameter` (a query parameter the spec does not know, the request's
    /// unknown field): `drift`; `route/unknown-resource`: `unrouted`; `route/unknown-id` (the
    /// record could not be checked against the resource asked for): `invalid`. `semantic/*`:
    /// `invalid` for the rules the documents state (time order, state and fields, polls that
    /// go back), `valid` for `semantic/duration`, a warning that leaves the verdict (it rests on
    /// one example or on examples that disagree). A semantic finding's verdict follows its
    /// severity when `--rule` or `--strict` changes it ([`Code::verdict_at`]).
    pub fn verdict(self) -> Verdict {
        match self {
            Code::SyntaxJson | Code::SyntaxUtf8 | Code::SyntaxInput => Verdict::Unreadable,
            Code::ContractType
            | Code::ContractRequired
            | Code::ContractEnum
            | Code::ContractFormat
            | Code::ContractPattern
            | Code::ContractRange
            | Code::ContractSchema
            | Code::RouteUnknownId
            | Code::RequestQuery
            | Code::RequestHeader
            | Code::RequestAuth
            | Code::SemanticTimeOrder
            | Code::SemanticStateFields
            | Code::SemanticMonotonic => Verdict::Invalid,
            Code::SemanticDuration => Verdict::Valid,
            Code::DriftUnknownField | Code::DriftUnknownValue | Code::RequestUnknownParameter => {
                Verdict::Drift
            }
            Code::RouteUnknownResource => Verdict::Unrouted,
        }
    }

    /// The severity a finding of this code has by default: a warning where the code's verdict
    /// is `drift`, `unrouted` or `valid` (a semantic warning), else an error. Under `--strict`
    /// the engine reports drift and semantic warnings as errors.
    pub fn severity(self) -> Severity {
        match self.verdict() {
            Verdict::Drift | Verdict::Unrouted | Verdict::Valid => Severity::Warning,
            Verdict::Invalid | Verdict::Unreadable => Severity::Error,
        }
    }

    /// The verdict a finding of this code gives at `severity`. A semantic rule's level can be
    /// changed (`--rule CODE=error|warning`, `--strict`): at `error` it makes the record
    /// `invalid`, at `warning` or `info` it leaves the verdict. Every other code gives its
    /// [`Code::verdict`] whatever its severity (drift stays `drift` under `--strict`, and fails
    /// the run through [`Verdict::fails`]).
    pub fn verdict_at(self, severity: Severity) -> Verdict {
        if !self.is_semantic() {
            return self.verdict();
        }
        match severity {
            Severity::Error => Verdict::Invalid,
            Severity::Warning | Severity::Info => Verdict::Valid,
        }
    }

    /// Whether the code is a semantic rule's (`semantic/*`): what a record says across its
    /// fields, or across polls of the same call.
    pub fn is_semantic(self) -> bool {
        matches!(
            self,
            Code::SemanticTimeOrder
                | Code::SemanticStateFields
                | Code::SemanticDuration
                | Code::SemanticMonotonic
        )
    }

    /// Whether the code is drift: allowed by the contract, unknown to the spec. Drift is a
    /// warning, or an error under `--strict`.
    pub fn is_drift(self) -> bool {
        self.verdict() == Verdict::Drift
    }

    /// Whether the code means the record could not be read at all.
    pub fn is_syntax(self) -> bool {
        self.verdict() == Verdict::Unreadable
    }

    /// The family: the part of the string form before the `/` (`syntax`, `contract`, `drift`,
    /// `route`, `request`, `semantic`).
    pub fn family(self) -> &'static str {
        self.as_str().split('/').next().unwrap_or_default()
    }
}

impl FromStr for Code {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::parse(s).ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    /// The string form; anything else is an error naming it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A string that is not a finding code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding code `{0}`")]
pub struct UnknownCode(pub String);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_forms_round_trip() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
            assert!(code.as_str().starts_with(code.family()), "{code}");
        }
        assert_eq!(
            "contract/nope".parse::<Code>(),
            Err(UnknownCode("contract/nope".to_owned()))
        );
    }

    #[test]
    fn families_decide_most_verdicts() {
        for code in Code::ALL {
            let expected = match code.family() {
                "syntax" => Some(Verdict::Unreadable),
                "contract" => Some(Verdict::Invalid),
                "drift" => Some(Verdict::Drift),
                _ => None,
            };
            if let Some(expected) = expected {
                assert_eq!(code.verdict(), expected, "{code}");
            }
        }
        assert_eq!(Code::RequestUnknownParameter.verdict(), Verdict::Drift);
        assert_eq!(Code::RouteUnknownResource.severity(), Severity::Warning);
        assert_eq!(Code::RouteUnknownId.severity(), Severity::Error);
    }

    #[test]
    fn semantic_verdicts_follow_the_severity() {
        for code in Code::ALL {
            assert_eq!(code.is_semantic(), code.family() == "semantic", "{code}");
            if code.is_semantic() {
                assert_eq!(code.verdict_at(code.severity()), code.verdict(), "{code}");
                assert_eq!(code.verdict_at(Severity::Error), Verdict::Invalid);
                assert_eq!(code.verdict_at(Severity::Warning), Verdict::Valid);
            } else {
                assert_eq!(code.verdict_at(Severity::Info), code.verdict(), "{code}");
            }
        }
        assert_eq!(Code::SemanticDuration.severity(), Severity::Warning);
        assert_eq!(Code::SemanticTimeOrder.severity(), Severity::Error);
    }
}
