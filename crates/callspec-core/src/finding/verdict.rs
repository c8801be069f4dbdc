//! What one record comes to: [`Verdict`], and the rule that gives it from the record's
//! findings ([`Verdict::of`]).

use std::fmt;
use std::str::FromStr;

use super::Code;

/// What one record came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Conforms, and the spec knows everything in it.
    Valid,
    /// Conforms, with fields, values or query parameters the spec does not know.
    Drift,
    /// Breaks the contract.
    Invalid,
    /// Could not be read (not JSON, not UTF-8, no body).
    Unreadable,
    /// Not for any endpoint or resource the kit knows (a HAR entry to another host, a record
    /// whose shape matches no resource).
    Unrouted,
}

impl Verdict {
    /// Every verdict, in the summary's order.
    pub const ALL: [Verdict; 5] = [
        Verdict::Valid,
        Verdict::Drift,
        Verdict::Invalid,
        Verdict::Unreadable,
        Verdict::Unrouted,
    ];

    /// `valid`, `drift`, `invalid`, `unreadable` or `unrouted`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Drift => "drift",
            Verdict::Invalid => "invalid",
            Verdict::Unreadable => "unreadable",
            Verdict::Unrouted => "unrouted",
        }
    }

    /// The verdict for its string form.
    pub fn parse(text: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// One line on what the verdict means, for documentation.
    pub fn summary(self) -> &'static str {
        match self {
            Verdict::Valid => "conforms, and the spec knows everything in it",
            Verdict::Drift => "conforms, with fields, values or parameters the spec does not know",
            Verdict::Invalid => "breaks the contract",
            Verdict::Unreadable => "could not be read (not UTF-8, not JSON, no body)",
            Verdict::Unrouted => "for no endpoint or resource callspec knows",
        }
    }

    /// Where the verdict stands in the rule's order: a record takes the highest verdict among
    /// its findings' codes.
    pub fn rank(self) -> u8 {
        match self {
            Verdict::Valid => 0,
            Verdict::Unrouted => 1,
            Verdict::Drift => 2,
            Verdict::Invalid => 3,
            Verdict::Unreadable => 4,
        }
    }

    /// The verdict of a record with findings of these codes: the highest [`Code::verdict`] in
    /// the order `valid` < `unrouted` < `drift` < `invalid` < `unreadable`, and `valid` for
    /// none. (A HAR entry for an endpoint callspec does not know is `unrouted` without a
    /// finding; that verdict comes from routing, not from this rule.)
    ///
    /// ```
    /// use callspec_core::finding::{Code, Verdict};
    ///
    /// assert_eq!(Verdict::of([]), Verdict::Valid);
    /// assert_eq!(Verdict::of([Code::RequestUnknownParameter]), Verdict::Drift);
    /// assert_eq!(Verdict::of([Code::DriftUnknownField, Code::ContractType]), Verdict::Invalid);
    /// assert_eq!(Verdict::of([Code::ContractType, Code::SyntaxJson]), Verdict::Unreadable);
    /// ```
    pub fn of(codes: impl IntoIterator<Item = Code>) -> Verdict {
        codes
            .into_iter()
            .map(Code::verdict)
            .max_by_key(|v| v.rank())
            .unwrap_or(Verdict::Valid)
    }

    /// The verdict of a record with findings of these codes at these severities: as
    /// [`Verdict::of`], with each code's verdict at its severity ([`Code::verdict_at`]), so a
    /// semantic rule turned into an error (`--rule`, `--strict`) makes the record `invalid` and
    /// one turned into a warning leaves it.
    pub fn of_at(findings: impl IntoIterator<Item = (Code, super::Severity)>) -> Verdict {
        findings
            .into_iter()
            .map(|(code, severity)| code.verdict_at(severity))
            .max_by_key(|v| v.rank())
            .unwrap_or(Verdict::Valid)
    }

    /// Every code whose own verdict ([`Code::verdict`]) is this one.
    pub fn codes(self) -> impl Iterator<Item = Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(move |c| c.verdict() == self)
    }

    /// Whether the run fails because of this record (`strict`: drift fails too).
    pub fn fails(self, strict: bool) -> bool {
        match self {
            Verdict::Invalid | Verdict::Unreadable => true,
            Verdict::Drift => strict,
            Verdict::Valid | Verdict::Unrouted => false,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Verdict {
    /// The string form; anything else is an error naming it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A name that is not a verdict.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown verdict `{0}`: expected valid, drift, invalid, unreadable or unrouted")]
pub struct UnknownVerdict(pub String);

impl FromStr for Verdict {
    type Err = UnknownVerdict;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Verdict::parse(s).ok_or_else(|| UnknownVerdict(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn string_forms_round_trip() {
        for verdict in Verdict::ALL {
            assert_eq!(verdict.as_str().parse::<Verdict>(), Ok(verdict));
        }
        assert!("drifted".parse::<Verdict>().is_err());
    }

    #[test]
    fn the_highest_verdict_wins() {
        assert_eq!(Verdict::of([]), Verdict::Valid);
        assert_eq!(Verdict::of([Code::RouteUnknownResource]), Verdict::Unrouted);
        assert_eq!(
            Verdict::of([Code::DriftUnknownValue, Code::RequestUnknownParameter]),
            Verdict::Drift
        );
        assert_eq!(
            Verdict::of([Code::RequestUnknownParameter, Code::RequestAuth]),
            Verdict::Invalid
        );
        assert_eq!(
            Verdict::of([Code::SyntaxInput, Code::RequestHeader]),
            Verdict::Unreadable
        );
    }

    #[test]
    fn every_verdict_but_valid_has_a_code() {
        // `valid` has only the semantic warnings, which leave a record's verdict.
        for verdict in Verdict::ALL {
            let mut codes = verdict.codes();
            if verdict == Verdict::Valid {
                assert!(codes.all(|c| c.is_semantic() && c.severity() == Severity::Warning));
            } else {
                assert!(codes.next().is_some(), "{verdict}");
            }
        }
    }
}
