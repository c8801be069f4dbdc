//! A generated payload ([`Generated`]) and its body ([`Body`]).

use serde_json::Value;

use crate::expect::Expectation;
use crate::kind::Kind;

/// A generated body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A JSON value (serialize it compactly with `serde_json` to send it).
    Json(Value),
    /// Raw bytes that are not UTF-8 JSON (byte-level corruptions); never containing a line
    /// break, so they fit on one NDJSON line.
    Text(Vec<u8>),
}

impl Body {
    /// The bytes a provider would send: compact JSON, or the raw bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            // Writing a `Value` to memory cannot fail.
            Body::Json(value) => serde_json::to_vec(value).unwrap_or_default(),
            Body::Text(bytes) => bytes.clone(),
        }
    }

    /// The JSON value, if the body is JSON.
    pub fn json(&self) -> Option<&Value> {
        match self {
            Body::Json(value) => Some(value),
            Body::Text(_) => None,
        }
    }
}

/// One generated payload with what a validator must say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The resource id.
    pub resource: &'static str,
    /// The kind of payload.
    pub kind: Kind,
    /// The stable name of the catalog case (`valid` for plain valid payloads).
    pub case: String,
    /// The verdict and findings a validator must report.
    pub expect: Expectation,
    /// The body.
    pub body: Body,
}
