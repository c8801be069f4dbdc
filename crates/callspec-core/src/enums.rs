//! One macro for every provider enum. A closed enum lists exactly the values its document
//! promises: anything else is rejected by serde and by the schema (`enum`). An open enum (its
//! document says the list is not exhaustive) keeps any other value in a last
//! `#[serde(untagged)] Unknown(String)` variant, and its schema accepts any string while
//! carrying the known values in `x-callspec-known-values`, so the validator reports them as
//! drift.

/// The error of `FromStr` on a closed enum: the value is not one the document promises.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{value}` for {enum_name}: expected one of {}", expected.join(", "))]
pub struct UnknownValue {
    /// The enum's name.
    pub enum_name: &'static str,
    /// The value given.
    pub value: String,
    /// The values the document promises.
    pub expected: &'static [&'static str],
}

/// Declares a provider enum.
///
/// ```
/// callspec_core::string_enum! {
///     /// The direction of a call.
///     pub enum Direction: closed {
///         /// An incoming call.
///         Inbound = "inbound",
///         /// An outgoing call.
///         Outbound = "outbound",
///     }
/// }
/// callspec_core::string_enum! {
///     /// Why a call ended; the document says the list is not exhaustive.
///     pub enum Cause: open {
///         /// Normal end.
///         Hangup = "hangup",
///     }
/// }
/// assert_eq!(Direction::KNOWN, ["inbound", "outbound"]);
/// assert_eq!("hangup".parse::<Cause>().unwrap(), Cause::Hangup);
/// assert_eq!("new".parse::<Cause>().unwrap().as_str(), "new");
/// assert!("sideways".parse::<Direction>().is_err());
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[doc = $doc:expr])*
        $vis:vis enum $name:ident : closed {
            $( $(#[doc = $vdoc:expr])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $( $(#[doc = $vdoc])* #[serde(rename = $value)] $variant, )+
        }

        impl $name {
            /// Every value the document promises, in its order.
            pub const KNOWN: &'static [&'static str] = &[$($value),+];
            /// Every variant, in the order of [`Self::KNOWN`].
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Whether values outside [`Self::KNOWN`] are allowed (drift) or a violation.
            pub const OPEN: bool = false;

            /// The value as the provider writes it.
            pub fn as_str(&self) -> &'static str {
                match self { $( $name::$variant => $value, )+ }
            }

            /// The variant for a known spelling.
            pub fn from_known(value: &str) -> Option<Self> {
                match value { $( $value => Some($name::$variant), )+ _ => None }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::enums::UnknownValue;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::from_known(value).ok_or_else(|| $crate::enums::UnknownValue {
                    enum_name: stringify!($name),
                    value: value.to_owned(),
                    expected: Self::KNOWN,
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "enum": Self::KNOWN,
                    "description": $crate::schema::doc_text(&[$($doc),*]),
                })
            }
        }
    };
    (
        $(#[doc = $doc:expr])*
        $vis:vis enum $name:ident : open {
            $( $(#[doc = $vdoc:expr])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[doc = $vdoc])* #[serde(rename = $value)] $variant, )+
            /// A value the spec does not know yet, kept as sent. Construct through `FromStr`,
            /// which maps known spellings first, so a known value is never `Unknown`.
            #[serde(untagged)]
            Unknown(String),
        }

        impl $name {
            /// The values the spec knows, in the document's order.
            pub const KNOWN: &'static [&'static str] = &[$($value),+];
            /// Every known variant, in the order of [`Self::KNOWN`].
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Whether values outside [`Self::KNOWN`] are allowed (drift) or a violation.
            pub const OPEN: bool = true;

            /// The value as the provider writes it.
            pub fn as_str(&self) -> &str {
                match self { $( $name::$variant => $value, )+ $name::Unknown(value) => value }
            }

            /// The variant for a known spelling.
            pub fn from_known(value: &str) -> Option<Self> {
                match value { $( $value => Some($name::$variant), )+ _ => None }
            }

            /// Whether the value is one the spec knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_known(value).unwrap_or_else(|| $name::Unknown(value.to_owned())))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "description": $crate::schema::doc_text(&[$($doc),*]),
                    ($crate::schema::KNOWN_VALUES): Self::KNOWN,
                })
            }
        }
    };
}

#[cfg(test)]
#[allow(
    unreachable_pub,
    dead_code,
    reason = "the macro's public items, exercised privately"
)]
mod tests {
    crate::string_enum! {
        /// Test enum.
        pub enum Closed: closed { A = "a", B = "b" }
    }
    crate::string_enum! {
        /// Test enum.
        pub enum Open: open { A = "a", B = "b" }
    }

    #[test]
    fn closed_rejects_unknown() {
        assert_eq!(serde_json::from_str::<Closed>(r#""a""#).unwrap(), Closed::A);
        assert!(serde_json::from_str::<Closed>(r#""c""#).is_err());
        assert!("c".parse::<Closed>().is_err());
    }

    #[test]
    fn open_keeps_unknown() {
        assert_eq!(serde_json::from_str::<Open>(r#""b""#).unwrap(), Open::B);
        let unknown: Open = serde_json::from_str(r#""c""#).unwrap();
        assert_eq!(unknown, Open::Unknown("c".into()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""c""#);
        assert_eq!("a".parse::<Open>(), Ok(Open::A));
        assert!(!unknown.is_known());
        assert!(serde_json::from_str::<Open>("1").is_err());
    }

    #[test]
    fn schemas() {
        let closed = schemars::schema_for!(Closed);
        assert_eq!(closed.get("enum"), Some(&serde_json::json!(["a", "b"])));
        let open = schemars::schema_for!(Open);
        assert_eq!(open.get("enum"), None);
        assert_eq!(
            open.get(crate::schema::KNOWN_VALUES),
            Some(&serde_json::json!(["a", "b"]))
        );
    }
}
