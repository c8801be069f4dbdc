//! callspec-core: the vocabulary every provider crate speaks. Timestamps in the two formats
//! providers write, call addresses and their unions, checked strings, numbers that round-trip,
//! optional and nullable fields, one macro for open and closed enums, the resource and endpoint
//! descriptors, and how schemas are written (formats and `x-callspec-*` annotations).

/// `Debug`, `Display`, `FromStr` and `Serialize` for a type that is built by `parse` and keeps
/// its text (`as_str`), so it writes back byte for byte.
macro_rules! text_impls {
    ($ty:ident, $err:ty) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), self.as_str())
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// `Deserialize` through `parse`, with its error as serde's message.
macro_rules! text_deserialize {
    ($ty:ident) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

pub mod address;
pub mod descriptor;
pub mod enums;
pub mod finding;
pub mod format;
pub mod ip;
pub mod nullable;
pub mod number;
pub mod object;
pub mod provider;
pub mod rule;
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
pub use provider::{GeneratorInputs, Provider, Registration};
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
