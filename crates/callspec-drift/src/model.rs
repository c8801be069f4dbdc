//! The drift report's data: per resource, records by verdict, the time span, finding codes, and
//! per JSON pointer the statistics of the values seen there. Serialized as the report's JSON
//! (its schema is `crates/callspec-drift/drift-report.schema.json`, whose `$id` is
//! [`REPORT_SCHEMA`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The `$schema` of a drift report's JSON.
pub const REPORT_SCHEMA: &str = "https://callspec.dev/schemas/drift-report-1.json";
/// The most distinct values counted by name per pointer; the rest go to an exact "other" count.
pub const TOP_K: usize = 64;
/// The most examples kept per pointer: those at the earliest positions.
pub const EXAMPLES: usize = 3;

/// A whole drift report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftReport {
    /// Always [`REPORT_SCHEMA`].
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Per resource id; records no resource was found for are under `(unrouted)`, and records
    /// that could not be read under `(unreadable)`.
    pub resources: BTreeMap<String, ResourceReport>,
}

/// What a log says about one resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceReport {
    /// Records by verdict.
    pub records: VerdictCounts,
    /// The earliest record time (the first RFC 3339 top-level field of a record, as UTC with
    /// nine fractional digits).
    pub first_seen: Option<String>,
    /// The latest record time.
    pub last_seen: Option<String>,
    /// Finding codes with how many times each was reported.
    pub findings: BTreeMap<String, u64>,
    /// Per JSON pointer (array items as `*`).
    pub pointers: BTreeMap<String, PointerStats>,
    /// Declared pointers no record had.
    pub never_seen: Vec<String>,
}

/// Records by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictCounts {
    /// Conforming and drift-free.
    pub valid: u64,
    /// Conforming with drift.
    pub drift: u64,
    /// Violating the contract.
    pub invalid: u64,
    /// Not readable.
    pub unreadable: u64,
    /// No resource matched.
    pub unrouted: u64,
}

impl VerdictCounts {
    /// Every record counted.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.valid + self.drift + self.invalid + self.unreadable + self.unrouted
    }
}

/// The statistics of one JSON pointer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointerStats {
    /// Whether the schema declares it.
    pub declared: bool,
    /// Times a value was there (each array item once).
    pub present: u64,
    /// Times its parent object was there without it.
    pub absent: u64,
    /// Times the value was `null`.
    pub null: u64,
    /// JSON types seen (`integer` for numbers without a fraction or exponent), with counts.
    pub types: BTreeMap<String, u64>,
    /// Strings: the format class of each (see [`crate::format_class`]), with counts.
    pub formats: BTreeMap<String, u64>,
    /// Strings: the shortest and longest, in characters.
    pub length: Option<Range<u64>>,
    /// Numbers: the smallest and largest.
    pub number: Option<Range<f64>>,
    /// Values counted by name: at declared enums, and at undeclared pointers holding scalars.
    pub values: Option<Values>,
    /// The earliest record time it was seen in.
    pub first_seen: Option<String>,
    /// The latest record time it was seen in.
    pub last_seen: Option<String>,
    /// The earliest positions it was seen at, with the value masked.
    pub examples: Vec<Example>,
}

/// A closed range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range<T> {
    /// The smallest.
    pub min: T,
    /// The largest.
    pub max: T,
}

/// Values by name, up to [`TOP_K`] of them, and an exact count of the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    /// The values the spec lists at this pointer (an enum or `x-callspec-known-values`).
    pub known: Vec<String>,
    /// Whether the enum is closed (a value outside it is a violation, not drift).
    pub closed: bool,
    /// Each value (strings as they are, other scalars as JSON text, masked).
    pub counted: BTreeMap<String, ValueStat>,
    /// Occurrences of values not counted by name (over [`TOP_K`] distinct).
    pub other: u64,
}

/// How often one value was seen, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueStat {
    /// Occurrences.
    pub count: u64,
    /// Whether the spec lists it.
    pub known: bool,
    /// The earliest record time.
    pub first_seen: Option<String>,
    /// The latest record time.
    pub last_seen: Option<String>,
    /// The earliest position.
    pub example: Option<Position>,
}

/// One example: where, and the value (masked, cut to 80 characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Where.
    pub at: Position,
    /// The value as JSON text, masked.
    pub value: String,
}

/// Where a record is: the source, and the NDJSON line, HAR entry or array element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The source as the user named it.
    pub source: String,
    /// NDJSON: the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// HAR: the entry index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<u64>,
    /// An element of a top-level array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
}

/// `source:line`, `source#entry=3`, `#index=2` appended, as the validator writes origins.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        callspec_validate::write_origin(f, &self.source, self.line, self.entry, self.index)
    }
}

impl DriftReport {
    /// An empty report.
    #[must_use]
    pub fn new() -> Self {
        DriftReport {
            schema: REPORT_SCHEMA.to_owned(),
            resources: BTreeMap::new(),
        }
    }
}
