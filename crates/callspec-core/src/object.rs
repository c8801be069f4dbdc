//! serde's derived `Deserialize` for a struct also accepts a JSON array of its field values in
//! order (`[]` for a struct whose fields are all optional). No provider sends that and the
//! schemas reject it, so struct-typed fields deserialize through these functions, which accept
//! only a JSON object, and resources check their top-level shape in [`round_trip_object`] and
//! [`round_trip_array`].

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::Maybe;

fn from_map<T: DeserializeOwned, E: Error>(map: Map<String, Value>) -> Result<T, E> {
    T::deserialize(Value::Object(map)).map_err(E::custom)
}

/// A struct-typed field: a JSON object only. `#[serde(deserialize_with = "callspec_core::object")]`.
pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<T, D::Error> {
    from_map(Map::deserialize(deserializer)?)
}

/// An optional struct-typed field: absent, null or a JSON object. Use with `default`.
pub fn maybe_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Maybe<T>, D::Error> {
    match Option::<Map<String, Value>>::deserialize(deserializer)? {
        Some(map) => from_map(map).map(Maybe::Value),
        None => Ok(Maybe::Null),
    }
}

/// A list of structs: a JSON array of JSON objects.
pub fn objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Vec::<Map<String, Value>>::deserialize(deserializer)?
        .into_iter()
        .map(from_map)
        .collect()
}

/// The typed round trip of a resource whose body is a JSON object.
pub fn round_trip_object<T: DeserializeOwned + Serialize>(
    body: Value,
) -> Result<Value, serde_json::Error> {
    if !body.is_object() {
        return Err(serde_json::Error::custom(format_args!(
            "expected a JSON object, found {}",
            json_kind(&body)
        )));
    }
    serde_json::to_value(serde_json::from_value::<T>(body)?)
}

/// The typed round trip of a resource whose body is a JSON array.
pub fn round_trip_array<T: DeserializeOwned + Serialize>(
    body: Value,
) -> Result<Value, serde_json::Error> {
    if !body.is_array() {
        return Err(serde_json::Error::custom(format_args!(
            "expected a JSON array, found {}",
            json_kind(&body)
        )));
    }
    serde_json::to_value(serde_json::from_value::<T>(body)?)
}

/// A JSON value's type in words, for messages: `null`, `a boolean`, `a number`, `a string`,
/// `an array`, `an object`.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
