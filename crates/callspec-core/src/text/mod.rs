//! Checked string types the providers share: UUIDs, URIs and URI references (RFC 3986),
//! ISO 4217 currency codes. Each keeps its text and carries its `format` or `pattern` into the
//! schema, so serde and the schema accept the same strings.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

mod uri;
mod uuid;

pub use uri::{is_uri, is_uri_reference};
pub use uuid::is_uuid;

/// Standard `uuid` (RFC 4122 / RFC 9562 text form).
pub const FORMAT_UUID: &str = "uuid";
/// Standard `uri` (an absolute URI, RFC 3986).
pub const FORMAT_URI: &str = "uri";
/// Standard `uri-reference` (an absolute or relative URI, RFC 3986).
pub const FORMAT_URI_REFERENCE: &str = "uri-reference";

/// The portable shape of an ISO 4217 alphabetic currency code.
pub const CURRENCY_PATTERN: &str = "^[A-Z]{3}$";

macro_rules! checked_string {
    ($(#[$meta:meta])* $ty:ident, $check:expr, $what:literal, $schema:tt) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(Box<str>);

        impl $ty {
            /// Checks `text` and keeps it.
            pub fn parse(text: &str) -> Result<Self, crate::InvalidText> {
                if ($check)(text) {
                    Ok(Self(text.into()))
                } else {
                    Err(crate::InvalidText { expected: $what, text: text.to_owned() })
                }
            }

            /// The text as given.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        text_impls!($ty, crate::InvalidText);
        text_deserialize!($ty);

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }

            fn schema_id() -> Cow<'static, str> {
                concat!("callspec_core::text::", stringify!($ty)).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

checked_string!(
    /// A UUID in its RFC 4122 text form, as SignalWire writes its sids and Vonage its call guids.
    Uuid, is_uuid, "a UUID (8-4-4-4-12 hex digits)",
    { "type": "string", "format": FORMAT_UUID }
);

checked_string!(
    /// An absolute URI (RFC 3986), such as a callback or controller URL.
    Uri, is_uri, "an absolute URI (RFC 3986)",
    { "type": "string", "format": FORMAT_URI }
);

checked_string!(
    /// A URI reference (RFC 3986): absolute, or relative such as SignalWire's `/api/laml/...`.
    UriReference, is_uri_reference, "a URI reference (RFC 3986)",
    { "type": "string", "format": FORMAT_URI_REFERENCE }
);

checked_string!(
    /// An ISO 4217 alphabetic currency code, three capital letters such as `USD` or `EUR`.
    CurrencyCode,
    |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase()),
    "an ISO 4217 currency code (three capital letters)",
    { "type": "string", "pattern": CURRENCY_PATTERN }
);
