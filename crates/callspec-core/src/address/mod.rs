//! Call addresses as providers write them: E.164 numbers, SIP and SIPS URIs, SIP addresses
//! without a scheme, bare international digits and national numbers, and the unions each
//! provider's fields allow. A union's format check and its portable `pattern` are the same
//! regular expression, so callspec and a foreign validator agree on every address; each is
//! linear in a backtracking engine.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

/// One way of writing a call address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKind {
    /// ITU-T E.164 with its `+`: 1 to 15 digits, the first not 0 (`+15553334444`).
    E164,
    /// A SIP or SIPS URI (RFC 3261 section 25.1, RFC 5954 section 4.1), the scheme in any case:
    /// `sip:alice@example.com`, `SIPS:+1555@host:5061;transport=tls`.
    SipUri,
    /// A SIP address written without its scheme: `identify@domain.com` (Catapult).
    SipAddress,
    /// International digits without the `+`: 7 to 15 digits, the first not 0 (`358942417543`).
    InternationalDigits,
    /// A national number with its trunk prefix 0: 5 to 15 digits (`02072068888`).
    NationalNumber,
}

mod sip;

const E164_RE: &str = r"\+[1-9][0-9]{0,14}";
const INTERNATIONAL_RE: &str = r"[1-9][0-9]{6,14}";
const NATIONAL_RE: &str = r"0[0-9]{4,14}";

impl AddressKind {
    /// Every kind, in the order classification tries them.
    pub const ALL: [AddressKind; 5] = [
        AddressKind::E164,
        AddressKind::SipUri,
        AddressKind::SipAddress,
        AddressKind::InternationalDigits,
        AddressKind::NationalNumber,
    ];

    /// The kind's regular expression, unanchored.
    pub fn regex_source(self) -> String {
        match self {
            AddressKind::E164 => E164_RE.to_owned(),
            AddressKind::SipUri => sip::sip_uri_source(),
            AddressKind::SipAddress => sip::sip_address_source(),
            AddressKind::InternationalDigits => INTERNATIONAL_RE.to_owned(),
            AddressKind::NationalNumber => NATIONAL_RE.to_owned(),
        }
    }

    /// What the kind looks like, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            AddressKind::E164 => "an E.164 number (`+` then 1 to 15 digits, the first not 0)",
            AddressKind::SipUri => {
                "a SIP or SIPS URI (RFC 3261 section 25.1 with the IP references of RFC 5954, \
                 the scheme in any case: `sip:user@host`)"
            }
            AddressKind::SipAddress => {
                "a SIP address without its scheme (`user@host`, RFC 3261 userinfo and hostport)"
            }
            AddressKind::InternationalDigits => {
                "international digits without `+` (7 to 15 digits, the first not 0)"
            }
            AddressKind::NationalNumber => "a national number (0 then 4 to 14 digits)",
        }
    }

    /// Whether `text` is written this way.
    pub fn matches(self, text: &str) -> bool {
        static KINDS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
            AddressKind::ALL
                .iter()
                .map(|k| anchored(&k.regex_source()))
                .collect()
        });
        let index = AddressKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or_default();
        KINDS[index].is_match(text)
    }

    /// The first kind `text` is written as, if any.
    pub fn classify(text: &str) -> Option<AddressKind> {
        AddressKind::ALL.into_iter().find(|k| k.matches(text))
    }
}

fn anchored(source: &str) -> Regex {
    // The sources above are constants tested below; failing to compile one is a bug in callspec.
    #[allow(
        clippy::expect_used,
        reason = "constant regular expressions, covered by tests"
    )]
    Regex::new(&format!("^(?:{source})$")).expect("address regex compiles")
}

/// The address unions the specs use, each published as its own `format` with the same
/// `pattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressFormat {
    /// E.164 only.
    E164,
    /// E.164 or a SIP/SIPS URI.
    E164OrSipUri,
    /// E.164, a SIP/SIPS URI, or a SIP address without its scheme.
    E164OrSip,
    /// International digits with or without `+`, or a SIP/SIPS URI.
    InternationalOrSipUri,
    /// E.164, international digits without `+`, or a national number.
    PhoneNumber,
}

impl AddressFormat {
    /// Every union.
    pub const ALL: [AddressFormat; 5] = [
        AddressFormat::E164,
        AddressFormat::E164OrSipUri,
        AddressFormat::E164OrSip,
        AddressFormat::InternationalOrSipUri,
        AddressFormat::PhoneNumber,
    ];

    /// The `format` keyword's value.
    pub fn name(self) -> &'static str {
        match self {
            AddressFormat::E164 => "e164",
            AddressFormat::E164OrSipUri => "e164-or-sip-uri",
            AddressFormat::E164OrSip => "e164-or-sip",
            AddressFormat::InternationalOrSipUri => "international-number-or-sip-uri",
            AddressFormat::PhoneNumber => "phone-number",
        }
    }

    /// The kinds the union allows.
    pub fn kinds(self) -> &'static [AddressKind] {
        use AddressKind::*;
        match self {
            AddressFormat::E164 => &[E164],
            AddressFormat::E164OrSipUri => &[E164, SipUri],
            AddressFormat::E164OrSip => &[E164, SipUri, SipAddress],
            AddressFormat::InternationalOrSipUri => &[E164, InternationalDigits, SipUri],
            AddressFormat::PhoneNumber => &[E164, InternationalDigits, NationalNumber],
        }
    }

    /// The portable, anchored pattern; the format check is this same expression.
    pub fn pattern(self) -> String {
        let alternatives: Vec<String> = self.kinds().iter().map(|k| k.regex_source()).collect();
        format!("^(?:{})$", alternatives.join("|"))
    }

    /// The union in words, for schema descriptions and messages.
    pub fn describe(self) -> String {
        let kinds: Vec<&str> = self.kinds().iter().map(|k| k.describe()).collect();
        kinds.join(", or ")
    }

    /// Whether `text` is one of the union's kinds.
    pub fn check(self, text: &str) -> bool {
        self.kinds().iter().any(|k| k.matches(text))
    }

    /// The check as a plain function, for registering with a validator.
    pub fn checker(self) -> fn(&str) -> bool {
        match self {
            AddressFormat::E164 => |t| AddressFormat::E164.check(t),
            AddressFormat::E164OrSipUri => |t| AddressFormat::E164OrSipUri.check(t),
            AddressFormat::E164OrSip => |t| AddressFormat::E164OrSip.check(t),
            AddressFormat::InternationalOrSipUri => {
                |t| AddressFormat::InternationalOrSipUri.check(t)
            }
            AddressFormat::PhoneNumber => |t| AddressFormat::PhoneNumber.check(t),
        }
    }
}

macro_rules! address_type {
    ($(#[$meta:meta])* $ty:ident => $format:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(Box<str>);

        impl $ty {
            /// The union this type accepts.
            pub const FORMAT: AddressFormat = $format;

            /// Checks `text` against the union and keeps it.
            pub fn parse(text: &str) -> Result<Self, crate::InvalidText> {
                if Self::FORMAT.check(text) {
                    Ok(Self(text.into()))
                } else {
                    Err(crate::InvalidText {
                        expected: concat!("an address of format `", stringify!($ty), "`"),
                        text: text.to_owned(),
                    })
                }
            }

            /// The address as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// How the address is written.
            pub fn kind(&self) -> AddressKind {
                // `parse` guarantees one of the union's kinds matches.
                AddressKind::classify(&self.0).unwrap_or(Self::FORMAT.kinds()[0])
            }
        }

        text_impls!($ty, crate::InvalidText);

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(|_| {
                    serde::de::Error::custom(format_args!(
                        "invalid address `{text}`: expected {}",
                        Self::FORMAT.describe()
                    ))
                })
            }
        }

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }

            fn schema_id() -> Cow<'static, str> {
                concat!("callspec_core::address::", stringify!($ty)).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "format": Self::FORMAT.name(),
                    "pattern": Self::FORMAT.pattern(),
                    "description": format!("Written as {}.", Self::FORMAT.describe()),
                })
            }
        }
    };
}

address_type!(
    /// An E.164 number with its `+`.
    E164Number => AddressFormat::E164
);
address_type!(
    /// An E.164 number or a SIP/SIPS URI.
    E164OrSipUri => AddressFormat::E164OrSipUri
);
address_type!(
    /// An E.164 number, a SIP/SIPS URI, or a SIP address without its scheme.
    E164OrSip => AddressFormat::E164OrSip
);
address_type!(
    /// International digits with or without `+`, or a SIP/SIPS URI.
    InternationalOrSipUri => AddressFormat::InternationalOrSipUri
);
address_type!(
    /// An E.164 number, international digits without `+`, or a national number.
    PhoneNumber => AddressFormat::PhoneNumber
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        use AddressKind::*;
        for (text, kind) in [
            ("+15553334444", Some(E164)),
            ("+1", Some(E164)),
            ("+123456789012345", Some(E164)),
            ("+1234567890123456", None),
            ("+0123", None),
            ("sip:alice@example.com", Some(SipUri)),
            (
                "sips:+15551234567@sip.example.com:5061;transport=tls",
                Some(SipUri),
            ),
            ("sip:example.com", Some(SipUri)),
            (
                "sip:alice:secret@[2001:db8::1]:5060;lr?subject=hi&priority=urgent",
                Some(SipUri),
            ),
            ("identify@domain.com", Some(SipAddress)),
            ("358942417543", Some(InternationalDigits)),
            ("02072068888", Some(NationalNumber)),
            ("anonymous", None),
            ("sip:", None),
            ("sip:alice@", None),
            ("sip:a b@host", None),
            ("", None),
        ] {
            assert_eq!(AddressKind::classify(text), kind, "{text}");
        }
    }

    #[test]
    fn unions() {
        assert!(AddressFormat::E164.check("+15553334444"));
        assert!(!AddressFormat::E164.check("sip:a@b.c"));
        assert!(AddressFormat::E164OrSipUri.check("sip:a@b.c"));
        assert!(!AddressFormat::E164OrSipUri.check("a@b.c"));
        assert!(AddressFormat::E164OrSip.check("a@b.c"));
        assert!(AddressFormat::InternationalOrSipUri.check("358942417543"));
        assert!(!AddressFormat::InternationalOrSipUri.check("02072068888"));
        assert!(AddressFormat::PhoneNumber.check("02072068888"));
        assert!(!AddressFormat::PhoneNumber.check("sip:a@b.c"));
    }

    #[test]
    fn pattern_is_the_check() {
        for format in AddressFormat::ALL {
            let re = Regex::new(&format.pattern()).unwrap();
            for text in [
                "+15553334444",
                "sip:a@b.c",
                "a@b.c",
                "358942417543",
                "02072068888",
                "x",
            ] {
                assert_eq!(re.is_match(text), format.check(text), "{format:?} {text}");
            }
        }
    }

    #[test]
    fn typed_addresses_round_trip() {
        let a: E164OrSip = serde_json::from_str(r#""identify@domain.com""#).unwrap();
        assert_eq!(a.kind(), AddressKind::SipAddress);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#""identify@domain.com""#
        );
        let e = serde_json::from_str::<E164Number>(r#""15553334444""#).unwrap_err();
        assert!(e.to_string().contains("E.164"), "{e}");
    }
}
