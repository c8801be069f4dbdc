//! callspec-core: the vocabulary every provider crate speaks. Timestamps in the two formats
//! providers write, call addresses and their unions, checked strings, numbers that round-trip,
//! optional and nullable fields, one macro for open and closed enums, the resource and endpoint
//! descriptors, and how schemas are written (formats and `x-callspec-*` annotations).

pub mod address;
pub mod descriptor;
pub mod enums;
pub mod nullable;
pub mod number;
pub mod object;
pub mod schema;
pub mod text;
pub mod time;

pub use address::{
    AddressFormat, AddressKind, E164Number, E164OrSip, E164OrSipUri, InternationalOrSipUri,
    PhoneNumber,
};
pub use descriptor::{Auth, Endpoint, HeaderRule, Resource, Response, SourceDocument};
pub use nullable::{Maybe, present, required_nullable};
pub use number::{Count, NonNegative};
pub use object::{maybe_object, object, objects, round_trip_array, round_trip_object};
pub use text::{CurrencyCode, Uri, UriReference, Uuid};
pub use time::{Rfc2822, Rfc3339, TimestampError};

/// A string that is not of the form a checked type requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid value `{text}`: expected {expected}")]
pub struct InvalidText {
    /// What was expected.
    pub expected: &'static str,
    /// The text given.
    pub text: String,
}
