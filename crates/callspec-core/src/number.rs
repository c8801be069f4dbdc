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

/// A JSON number that is a whole number of zero or more (durations, timeouts, counts). JSON
/// Schema's `integer` accepts `18.0` and numbers past `u64::MAX`, so this type does too, and
/// keeps the number as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Count(Number);

impl Count {
    /// Checks `number`.
    pub fn new(number: Number) -> Option<Self> {
        let whole = number.is_u64()
            || number
                .as_f64()
                .is_some_and(|f| f >= 0.0 && f.fract() == 0.0 && f.is_finite());
        whole.then_some(Self(number))
    }

    /// The number as written.
    pub fn get(&self) -> &Number {
        &self.0
    }

    /// The value, when it fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.as_u64().or_else(|| {
            self.0
                .as_f64()
                .filter(|f| *f <= u64::MAX as f64)
                .map(|f| f as u64)
        })
    }
}

impl From<u64> for Count {
    fn from(value: u64) -> Self {
        Self(Number::from(value))
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = Number::deserialize(deserializer)?;
        Self::new(number.clone()).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "expected a whole number of 0 or more, found {number}"
            ))
        })
    }
}

impl JsonSchema for Count {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_what_integer_accepts() {
        for ok in ["0", "18", "18.0", "1e3", "18446744073709551616"] {
            assert!(serde_json::from_str::<Count>(ok).is_ok(), "{ok}");
        }
        for bad in ["-1", "1.5", "\"4\"", "null"] {
            assert!(serde_json::from_str::<Count>(bad).is_err(), "{bad}");
        }
        let n: Count = serde_json::from_str("18.0").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "18.0");
    }
}
