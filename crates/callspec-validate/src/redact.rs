//! Keeping secrets and personal data out of output: credentials in headers and URLs are replaced
//! by [`REDACTED`], phone numbers are masked for display (the first four and last two digits
//! stay, so a number can still be recognised by the person who owns the capture).
//!
//! The rules err on the side of hiding: a header or query parameter that merely looks like it
//! could carry a credential is redacted. Redaction is for display only; the validator checks the
//! values as captured.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// What a secret value is replaced with.
pub const REDACTED: &str = "***";

/// What each masked digit of a phone number is replaced with.
pub const MASK: char = '•';

/// Phone digits kept at the start of a masked number.
const KEEP_FIRST: usize = 4;
/// Phone digits kept at the end of a masked number.
const KEEP_LAST: usize = 2;
/// Fewer digits than this are not taken for a phone number.
const MIN_DIGITS: usize = 7;
/// E.164 numbers have at most 15 digits; longer runs in free text are ids, not numbers.
const MAX_DIGITS: usize = 15;

/// Header names that carry credentials or session state, compared case-insensitively.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Substrings that make a header name secret (case-insensitive): `auth` (Authorization,
/// X-Auth-Token, WWW-Authenticate), `token`, `secret`, `password`/`passwd`, `api-key`/`apikey`/
/// `api_key`, `signature`, `credential`, `cookie` and `session`. Names ending in `key`
/// (`X-Functions-Key`, `Ocp-Apim-Subscription-Key`) are secret too.
const SECRET_HEADER_PARTS: &[&str] = &[
    "auth",
    "token",
    "secret",
    "password",
    "passwd",
    "api-key",
    "apikey",
    "api_key",
    "signature",
    "credential",
    "cookie",
    "session",
];

/// Query parameter names that are secret only when they are the whole name (case-insensitive).
const SECRET_PARAMS: &[&str] = &["key", "sig", "pwd", "pass"];

/// Substrings that make a query parameter name secret (case-insensitive).
const SECRET_PARAM_PARTS: &[&str] = &[
    "token",
    "secret",
    "passw",
    "signature",
    "credential",
    "apikey",
    "api_key",
    "api-key",
    "auth",
    "session",
];

/// Whether a header's value is secret and must be shown as [`REDACTED`]: `Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Set-Cookie`, and any name (case-insensitive) containing
/// `auth`, `token`, `secret`, `password`, `passwd`, `api-key`, `apikey`, `api_key`, `signature`,
/// `credential`, `cookie` or `session`, or ending in `key`. `Accept` and the other ordinary
/// headers are not secret.
#[must_use]
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s))
        || SECRET_HEADER_PARTS
            .iter()
            .any(|part| contains_ignore_case(name, part))
        || ends_with_ignore_case(name, "key")
}

/// The value to show for header `name`: [`REDACTED`] when [`is_secret_header`], else `value`.
#[must_use]
pub fn redact_header<'a>(name: &str, value: &'a str) -> &'a str {
    if is_secret_header(name) {
        REDACTED
    } else {
        value
    }
}

/// Whether a query parameter's value is secret and must be shown as [`REDACTED`]. Compared
/// case-insensitively: the names `key`, `sig`, `pwd` and `pass`; any name containing `token`
/// (`access_token`), `secret` (`client_secret`), `passw` (`password`, `passwd`), `signature`
/// (`X-Amz-Signature`), `credential`, `apikey`, `api_key`, `api-key`, `auth` or `session`; and any
/// name ending in `key` (`accessKey`, `private_key`).
#[must_use]
pub fn is_secret_query_param(name: &str) -> bool {
    SECRET_PARAMS.iter().any(|s| name.eq_ignore_ascii_case(s))
        || SECRET_PARAM_PARTS
            .iter()
            .any(|part| contains_ignore_case(name, part))
        || ends_with_ignore_case(name, "key")
}

/// `url` with its credentials replaced by [`REDACTED`], everything else kept byte for byte: the
/// userinfo of the authority (`https://user:pass@host/` becomes `https://***@host/`) and the
/// values of secret query parameters ([`is_secret_query_param`], names percent-decoded before
/// the check), in the query and in a `name=value` fragment alike (OAuth puts `access_token` in
/// the fragment). Empty values stay empty.
#[must_use]
pub fn redact_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (before_fragment, None),
    };
    match authority_range(base) {
        Some((start, end)) => {
            let authority = &base[start..end];
            match authority.rfind('@') {
                Some(at) => {
                    out.push_str(&base[..start]);
                    out.push_str(REDACTED);
                    out.push_str(&authority[at..]);
                    out.push_str(&base[end..]);
                }
                None => out.push_str(base),
            }
        }
        None => out.push_str(base),
    }
    if let Some(query) = query {
        out.push('?');
        redact_params(query, &mut out);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        redact_params(fragment, &mut out);
    }
    out
}

/// The byte range of the authority in `base` (a URL without query and fragment): after
/// `scheme://` or a leading `//`, up to the first `/`.
fn authority_range(base: &str) -> Option<(usize, usize)> {
    let start = if base.starts_with("//") {
        2
    } else {
        let colon = base.find("://")?;
        let scheme = &base[..colon];
        let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if !valid {
            return None;
        }
        colon + 3
    };
    let end = base[start..].find('/').map_or(base.len(), |i| start + i);
    Some((start, end))
}

/// Appends `params` (`a=1&b=2`) to `out` with the values of secret parameters redacted.
fn redact_params(params: &str, out: &mut String) {
    for (i, pair) in params.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, value))
                if !value.is_empty()
                    && is_secret_query_param(&percent_decode_str(name).decode_utf8_lossy()) =>
            {
                out.push_str(name);
                out.push('=');
                out.push_str(REDACTED);
            }
            _ => out.push_str(pair),
        }
    }
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

fn ends_with_ignore_case(haystack: &str, suffix: &str) -> bool {
    let (haystack, suffix) = (haystack.as_bytes(), suffix.as_bytes());
    haystack.len() >= suffix.len()
        && haystack[haystack.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// Masks a value known to be a phone address for display: the digits past the first four and
/// before the last two become [`MASK`], one per digit.
///
/// A whole value of 7 or more digits, with or without a leading `+`, is masked whatever its
/// length (`+441512345623` gives `+4415••••••23`, the national `02072068888` gives
/// `0207•••••88`). Anything else, such as a SIP URI (`sip:+15551234567@host` gives
/// `sip:+1555•••••67@host`), is masked by the free-text rules of [`mask_phones_in_text`]. Values
/// with fewer than 7 digits in a row are returned unchanged.
#[must_use]
pub fn mask_phone(value: &str) -> Cow<'_, str> {
    let digits = value.strip_prefix('+').unwrap_or(value);
    if digits.len() >= MIN_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
        let mut out = String::with_capacity(value.len() + 2 * digits.len());
        out.push_str(&value[..value.len() - digits.len()]);
        push_masked(digits, &mut out);
        return Cow::Owned(out);
    }
    mask_phones_in_text(value)
}

/// Masks every run in `text` that looks like a phone number, as [`mask_phone`] does: 7 to 15
/// ASCII digits, with an optional leading `+`, that are not part of a longer token.
///
/// A run is part of a longer token, and left alone, when a letter or digit touches it, or when
/// one of the joiners `-`, `_`, `.` touches it and a letter or digit is on the joiner's other
/// side: so uuids (`123e4567-e89b-12d3-a456-426614174000`), hex ids, timestamps
/// (`2019-10-21T16:45:11.293Z`, `20191021T164511Z`), decimals and ids such as
/// `c-95ac8d6e-1a31c52e` are kept, while `sip:+15551234567@host`, `"+15551234567"` or
/// `number 15551234567.` are masked. Runs of more than 15 digits are ids, not numbers. Returns
/// the text borrowed when nothing was masked.
#[must_use]
pub fn mask_phones_in_text(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        let digits = at - start;
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
            continue;
        }
        let lead = if start > 0 && bytes[start - 1] == b'+' {
            start - 1
        } else {
            start
        };
        if !is_token_edge(text[..lead].chars().rev()) || !is_token_edge(text[at..].chars()) {
            continue;
        }
        let masked = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        masked.push_str(&text[copied..start]);
        push_masked(&text[start..at], masked);
        copied = at;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut masked) => {
            masked.push_str(&text[copied..]);
            Cow::Owned(masked)
        }
    }
}

/// Whether a digit run ends where `outward` (the characters leading away from the run) starts:
/// no letter or digit touches it, and no joiner with a letter or digit beyond it.
fn is_token_edge(mut outward: impl Iterator<Item = char>) -> bool {
    match outward.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('-' | '_' | '.') => !outward.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Appends `digits` (ASCII digits only) to `out`, masked.
fn push_masked(digits: &str, out: &mut String) {
    let count = digits.len();
    for (i, digit) in digits.chars().enumerate() {
        if i < KEEP_FIRST || i >= count.saturating_sub(KEEP_LAST) {
            out.push(digit);
        } else {
            out.push(MASK);
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn secret_headers() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "SET-COOKIE",
            "X-Api-Key",
            "x-apikey",
            "X-Auth-Token",
            "X-Amz-Security-Token",
            "X-Client-Secret",
            "X-Password",
            "X-Hub-Signature",
            "Ocp-Apim-Subscription-Key",
            "X-Session-Id",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        for name in [
            "Accept",
            "Accept-Encoding",
            "Content-Type",
            "Host",
            "User-Agent",
            "X-Request-Id",
            "Date",
            "Location",
        ] {
            assert!(!is_secret_header(name), "{name}");
        }
        assert_eq!(
            redact_header("Authorization", "Basic dXNlcjpwYXNz"),
            REDACTED
        );
        assert_eq!(
            redact_header("Accept", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn secret_query_params() {
        for name in [
            "token",
            "access_token",
            "Auth",
            "password",
            "passwd",
            "pwd",
            "secret",
            "client_secret",
            "signature",
            "X-Amz-Signature",
            "sig",
            "api_key",
            "apikey",
            "key",
            "accessKey",
            "X-Amz-Credential",
        ] {
            assert!(is_secret_query_param(name), "{name}");
        }
        for name in [
            "page",
            "size",
            "sortOrder",
            "from",
            "to",
            "bridgeId",
            "conferenceId",
            "keyword",
            "signal",
        ] {
            assert!(!is_secret_query_param(name), "{name}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(
            redact_url(
                "https://user:pa%40ss@api.example.com:443/v1/calls?page=2&access_token=abc&size=10#top"
            ),
            "https://***@api.example.com:443/v1/calls?page=2&access_token=***&size=10#top"
        );
        assert_eq!(
            redact_url("https://api.example.com/calls?from=%2B1555&Signature=x&key=&flag"),
            "https://api.example.com/calls?from=%2B1555&Signature=***&key=&flag"
        );
        assert_eq!(
            redact_url("https://app.example/cb#access_token=xyz&state=1"),
            "https://app.example/cb#access_token=***&state=1"
        );
        assert_eq!(redact_url("//u@host/p?x=1"), "//***@host/p?x=1");
        assert_eq!(
            redact_url("/relative/path?client%5Fsecret=s"),
            "/relative/path?client%5Fsecret=***"
        );
        // An `@` in the path or query is not userinfo.
        assert_eq!(
            redact_url("https://host/users/a@b?mail=x@y"),
            "https://host/users/a@b?mail=x@y"
        );
        let plain = "https://voice.bandwidth.com/api/v2/accounts/9900000/calls/c-95ac8d6e-1a31c52e";
        assert_eq!(redact_url(plain), plain);
        assert_eq!(redact_url(""), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("+441512345623"), "+4415••••••23");
        assert_eq!(mask_phone("358942417543"), "3589••••••43");
        assert_eq!(mask_phone("02072068888"), "0207•••••88");
        assert_eq!(mask_phone("1234567"), "1234•67");
        assert_eq!(mask_phone("sip:+15551234567@host"), "sip:+1555•••••67@host");
        assert_eq!(
            mask_phone("sips:15551234567@sip.example.com;transport=tls"),
            "sips:1555•••••67@sip.example.com;transport=tls"
        );
        assert_eq!(mask_phone("sip:alice@example.com"), "sip:alice@example.com");
        assert_eq!(mask_phone("+123456"), "+123456");
        assert_eq!(mask_phone("911"), "911");
        assert_eq!(mask_phone(""), "");
        assert!(matches!(mask_phone("anonymous"), Cow::Borrowed(_)));
    }

    #[test]
    fn phones_in_text() {
        assert_eq!(
            mask_phones_in_text("expected E.164 at /from, found `+15551234567`"),
            "expected E.164 at /from, found `+1555•••••67`"
        );
        assert_eq!(
            mask_phones_in_text("call 02072068888. then sip:+15551234567@host"),
            "call 0207•••••88. then sip:+1555•••••67@host"
        );
        assert_eq!(
            mask_phones_in_text("{\"from\":\"+441512345623\",\"to\":\"358942417543\"}"),
            "{\"from\":\"+4415••••••23\",\"to\":\"3589••••••43\"}"
        );
        for kept in [
            "123e4567-e89b-12d3-a456-426614174000",
            "2019-10-21T16:45:11.293Z",
            "20191021T164511Z",
            "c-95ac8d6e-1a31c52e",
            "callId c-15551234567-abc",
            "0x15551234567",
            "price 0.12345678",
            "id 1234567890123456789",
            "CA1234567890abcdef",
            "short 123456",
            "Fri, 21 Apr 2017 13:01:25 +0000",
        ] {
            assert!(
                matches!(mask_phones_in_text(kept), Cow::Borrowed(_)),
                "{kept}"
            );
        }
    }

    proptest! {
        #[test]
        fn masking_keeps_shape(text in "\\PC{0,64}", digits in "[+]?[0-9]{0,20}") {
            let text = format!("{text} {digits} {text}");
            let masked = mask_phones_in_text(&text);
            prop_assert_eq!(masked.chars().count(), text.chars().count());
            for (a, b) in text.chars().zip(masked.chars()) {
                prop_assert!(a == b || (a.is_ascii_digit() && b == MASK));
            }
            let _ = mask_phone(&text);
            let _ = mask_phone(&digits);
        }

        #[test]
        fn redaction_never_panics(url in "\\PC{0,64}", name in "\\PC{0,16}") {
            let redacted = redact_url(&url);
            if !url.contains(['@', '=']) {
                prop_assert_eq!(redacted, url);
            }
            let _ = is_secret_header(&name);
            let _ = is_secret_query_param(&name);
        }
    }
}
