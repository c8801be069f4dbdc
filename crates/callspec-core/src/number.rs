//! Numbers as JSON writes them: kept as `serde_json::Number`, so `20` stays `20` and `0.0294`
//! stays `0.0294` through a typed round trip.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Number;

/// A JSON number that is zero or more (durations, prices that are never negative).
#[derive(Debug, Clone, PartialEq)]
pub struct NonNegative(Number);

impl NonNegative {
    /// Checks `number`.
    pub fn new(number: Number) -> Option<Self> {
        (number.as_f64().is_some_and(|f| f >= 0.0)).then_some(Self(number))
    }

    /// The number as written.
    pub fn get(&self) -> &Number {
        &self.0
    }
}

impl Serialize for NonNegative {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for NonNegative {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = Number::deserialize(deserializer)?;
        Self::new(number.clone()).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "expected a number of 0 or more, found {number}"
            ))
        })
    }
}

impl JsonSchema for NonNegative {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "NonNegative".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0 })
    }
}
