//! Semantic rules: what a call record says across its fields (time order, state and fields,
//! durations) and across polls of the same call, as data. Each provider crate declares its
//! rules next to its models ([`Semantics`], registered in its provider table); the validator
//! evaluates them ([`check`]), the generator keeps its payloads coherent with them, and the
//! specs writer publishes the half JSON Schema can express ([`if_then`]).

mod eval;
mod schema;

pub use eval::{
    Member, Members, Violation, check, check_all, check_object, instant, is_one_of, parse_instant,
};
/// An instant a timestamp field names, whatever its format.
pub use jiff::Timestamp as Instant;
pub use schema::if_then;

use crate::finding::{Code, Severity};

/// Where a rule comes from: the document, its public address and the sentence or example it
/// rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The document's title.
    pub document: &'static str,
    /// Its public address.
    pub url: &'static str,
    /// The sentence or example the rule rests on, quoted.
    pub quote: &'static str,
}

/// How a timestamp field is written: each field is parsed with its own format, never compared
/// as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// RFC 3339 (`2019-10-21T16:45:11.293Z`).
    Rfc3339,
    /// RFC 2822 (`Fri, 21 Apr 2017 13:01:25 +0000`).
    Rfc2822,
}

/// A timestamp field of a resource (a top-level member of the record or of each list item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeField {
    /// The member name.
    pub name: &'static str,
    /// Its format.
    pub format: TimeFormat,
}

/// How a duration compares with the time between two timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Equal, within the tolerance.
    Equal,
    /// At least the elapsed time, less the tolerance.
    AtLeast,
}

/// What a rule checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    /// Each timestamp present is not before any earlier one of the list. Absent, null or
    /// unparsable operands are skipped: presence and format are the contract's job.
    TimeOrder(&'static [TimeField]),
    /// When member `when` has one of the values `is` (`None`: absent or null), every member of
    /// `set` is present and not null, and every member of `unset` is absent or null.
    Fields {
        /// The member whose value decides (`state`).
        when: &'static str,
        /// The values it applies to.
        is: &'static [Option<&'static str>],
        /// Members that must be present and not null.
        set: &'static [&'static str],
        /// Members that must be absent or null.
        unset: &'static [&'static str],
    },
    /// The number `field` is (or is at least) the seconds from `from` to `to`.
    Duration {
        /// The duration member, in seconds.
        field: &'static str,
        /// The earlier timestamp.
        from: TimeField,
        /// The later timestamp.
        to: TimeField,
        /// Equal or at least.
        relation: Relation,
        /// The tolerance in seconds.
        tolerance_secs: u32,
    },
    /// Across records: the same call seen again later never goes back.
    Polls(Polls),
}

/// What the validator remembers of a call to check later polls of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Polls {
    /// The member holding the call id.
    pub id: &'static str,
    /// The member holding the state.
    pub state: &'static str,
    /// The states in the order of a call's life, by rank: states of one rank are equal (the
    /// terminal states); a state outside every rank is not compared. `None` is null or absent.
    pub order: &'static [&'static [Option<&'static str>]],
    /// The member holding the update time, which never decreases.
    pub update: Option<TimeField>,
    /// Timestamps that never change once set.
    pub fixed: &'static [TimeField],
}

/// One semantic rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// The finding code it raises (`semantic/time-order`).
    pub code: Code,
    /// What it says, in a line (`startTime <= answerTime <= endTime <= lastUpdate`).
    pub summary: &'static str,
    /// Its severity by default (the code's: [`Code::severity`]).
    pub severity: Severity,
    /// Why that severity.
    pub reason: &'static str,
    /// Where it comes from.
    pub citation: Citation,
    /// What it checks.
    pub check: Check,
}

/// A resource's semantic rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Semantics {
    /// The rules apply to each element of a top-level array (a list resource), not to the
    /// body itself.
    pub each_item: bool,
    /// The rules.
    pub rules: &'static [Rule],
}

impl Semantics {
    /// No rules.
    pub const NONE: Semantics = Semantics {
        each_item: false,
        rules: &[],
    };

    /// The across-polls rule, if the resource has one.
    pub fn polls(&self) -> Option<(&'static Rule, &'static Polls)> {
        self.rules.iter().find_map(|rule| match &rule.check {
            Check::Polls(polls) => Some((rule, polls)),
            _ => None,
        })
    }
}
