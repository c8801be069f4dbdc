//! Fields that may be null: `Maybe<T>` for a field the document marks optional (absent, null or
//! a value, each kept so a payload round-trips unchanged), and `required_nullable` for a field
//! that is always present but may be null.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field: absent, present as `null`, or present with a value.
///
/// Declare it with `#[serde(default, skip_serializing_if = "Maybe::is_absent")]`: the schema
/// then neither requires the field nor forbids `null`, and serialization writes back exactly
/// what was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Maybe<T> {
    /// The field was not in the payload.
    #[default]
    Absent,
    /// The field was `null`.
    Null,
    /// The field had a value.
    Value(T),
}

impl<T> Maybe<T> {
    /// Whether the field was absent (for `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Maybe::Absent)
    }

    /// The value, if there was one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Maybe::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there was one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Maybe::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Maybe<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Maybe::Null, Maybe::Value)
    }
}

impl<T: Serialize> Serialize for Maybe<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Maybe::Value(v) => v.serialize(serializer),
            Maybe::Absent | Maybe::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Maybe::from)
    }
}

impl<T: JsonSchema> JsonSchema for Maybe<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        <Option<T>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <Option<T>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// Deserializes a field that must be present but may be null. Use with
/// `#[serde(deserialize_with = "callspec_core::required_nullable")]` and
/// `#[schemars(with = "Maybe<T>")]`: serde then reports a missing field, and the schema
/// requires the field and allows `null` (`Maybe` is not an `Option` to schemars, so the field
/// stays required, and its schema is `Option<T>`'s).
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Deserializes an optional field that may be absent but never null (a query parameter). Use
/// with `#[serde(default, deserialize_with = "callspec_core::present", skip_serializing_if =
/// "Option::is_none")]` and `#[schemars(with = "T")]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
