//! Checked string types the providers share: UUIDs, URIs and URI references (RFC 3986),
//! ISO 4217 currency codes. Each keeps its text and carries its `format` or `pattern` into the
//! schema, so serde and the schema accept the same strings.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::schema::{FORMAT_URI, FORMAT_URI_REFERENCE, FORMAT_UUID};

/// Is `text` a UUID in its RFC 4122 text form (`8-4-4-4-12` hex digits, any case)?
pub fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// Checks that every byte of `part` is allowed by `allowed` or is a `%HH` escape.
fn chars_ok(part: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut i = 0;
    while i < part.len() {
        let b = part[i];
        if b == b'%' {
            if !(part.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && part.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
        } else if allowed(b) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

fn pchar(b: u8) -> bool {
    is_unreserved(b) || is_sub_delim(b) || matches!(b, b':' | b'@')
}

fn authority_ok(authority: &[u8]) -> bool {
    let (userinfo, hostport) = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo
        && !chars_ok(userinfo, |b| {
            is_unreserved(b) || is_sub_delim(b) || b == b':'
        })
    {
        return false;
    }
    let (host, port) = if hostport.first() == Some(&b'[') {
        let Some(close) = hostport.iter().position(|&b| b == b']') else {
            return false;
        };
        let literal = &hostport[1..close];
        if literal.is_empty()
            || !literal
                .iter()
                .all(|&b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        {
            return false;
        }
        (&hostport[..=close], &hostport[close + 1..])
    } else {
        match hostport.iter().position(|&b| b == b':') {
            Some(colon) => (&hostport[..colon], &hostport[colon..]),
            None => (hostport, &hostport[hostport.len()..]),
        }
    };
    let port_ok = port.is_empty() || (port[0] == b':' && port[1..].iter().all(u8::is_ascii_digit));
    port_ok
        && (host.first() == Some(&b'[') || chars_ok(host, |b| is_unreserved(b) || is_sub_delim(b)))
}

/// Checks the relative part of a URI (after the scheme, or all of a relative reference).
fn hier_ok(rest: &[u8]) -> bool {
    let (rest, fragment) = match rest.iter().position(|&b| b == b'#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (rest, query) = match rest.iter().position(|&b| b == b'?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let query_char = |b: u8| pchar(b) || b == b'/' || b == b'?';
    if !query.is_none_or(|q| chars_ok(q, query_char))
        || !fragment.is_none_or(|f| chars_ok(f, query_char))
    {
        return false;
    }
    let path = if let Some(after) = rest.strip_prefix(b"//") {
        let end = after.iter().position(|&b| b == b'/').unwrap_or(after.len());
        if !authority_ok(&after[..end]) {
            return false;
        }
        &after[end..]
    } else {
        rest
    };
    chars_ok(path, |b| pchar(b) || b == b'/')
}

fn scheme_len(b: &[u8]) -> Option<usize> {
    let colon = b.iter().position(|&c| c == b':')?;
    let scheme = &b[..colon];
    (scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
    .then_some(colon)
}

/// Is `text` an absolute URI (RFC 3986 `URI`: a scheme, then the hierarchical part)?
pub fn is_uri(text: &str) -> bool {
    let b = text.as_bytes();
    scheme_len(b).is_some_and(|colon| hier_ok(&b[colon + 1..]))
}

/// Is `text` a URI reference (RFC 3986 `URI-reference`: a URI or a relative reference)?
pub fn is_uri_reference(text: &str) -> bool {
    let b = text.as_bytes();
    match scheme_len(b) {
        Some(colon) => hier_ok(&b[colon + 1..]),
        None => {
            // A relative reference's first segment may not hold a colon.
            let first = b
                .iter()
                .position(|&c| matches!(c, b'/' | b'?' | b'#'))
                .unwrap_or(b.len());
            !b[..first].contains(&b':') && hier_ok(b)
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("94e5928c-7f7e-4645-ad72-61010f906449"));
        assert!(is_uuid("B3877C40-DA60-4998-90AD-B792E98472AF"));
        assert!(!is_uuid("b3877c40-da60-4998-90ad-b792e98472pa"));
        assert!(!is_uuid("94e5928c7f7e4645ad7261010f906449"));
    }

    #[test]
    fn uris() {
        for ok in [
            "https://emea.cc.vonage.com/v0/a1b2c3d4e5/Calls/94e5928c-7f7e-4645-ad72-61010f906449",
            "https://***.cc.vonage.com/v0/x",
            "http://apifonica.com/voicexml/getxml?xml_variant=welcome_to_apifonica",
            "http://[::1]:8080/a?b#c",
            "urn:isbn:0451450523",
            "mailto:a@b.c",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "/relative/path",
            "https://.../calls/{callId1}/events",
            "http://a b",
            "",
            "1http://x",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
        assert!(is_uri_reference(
            "/api/laml/2010-04-01/Accounts/x/Calls/y.json"
        ));
        assert!(is_uri_reference("https://a.example/b"));
        assert!(!is_uri_reference("a:b c"));
        assert!(!is_uri_reference("/with space"));
    }
}
