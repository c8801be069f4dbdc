//! Which names carry secrets: HTTP headers, URL query and path parameters, and fields of JSON
//! bodies. Every comparison is case-insensitive; query and path parameter names are compared
//! after percent-decoding.

/// Header names that carry credentials or session state.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Substrings that make a header name secret: `auth` (Authorization, X-Auth-Token,
/// WWW-Authenticate), `token`, `secret`, `password`/`passwd`, `api-key`/`apikey`/`api_key`,
/// `signature`, `credential`, `cookie` and `session`. Names ending in `key` (`X-Functions-Key`,
/// `Ocp-Apim-Subscription-Key`) are secret too.
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

/// Query and path parameter names whose values are secret, compared whole: credentials, OAuth
/// and OpenID Connect parameters, cloud signing parameters (AWS SigV4, Google, Azure SAS) and
/// session ids of the common web stacks. Names containing one of [`SECRET_PARAM_PARTS`] or
/// ending in `key` are secret too, so this list names the ones no such rule catches, plus the
/// common ones for the record.
pub const SECRET_QUERY_NAMES: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "oauth_token",
    "oauth_signature",
    "oauth_verifier",
    "code",
    "client_secret",
    "client_assertion",
    "assertion",
    "auth",
    "auth_token",
    "authorization",
    "jwt",
    "password",
    "passwd",
    "pwd",
    "pass",
    "passcode",
    "pw",
    "pin",
    "otp",
    "secret",
    "key",
    "api_key",
    "apikey",
    "api-key",
    "access_key",
    "secret_key",
    "private_key",
    "sig",
    "signature",
    "hmac",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "awsaccesskeyid",
    "x-goog-signature",
    "x-goog-credential",
    "sv_sig",
    "session",
    "sessionid",
    "session_id",
    "sid_token",
    "jsessionid",
    "phpsessid",
    "asp.net_sessionid",
    "aspsessionid",
    "cfid",
    "cftoken",
    "ticket",
    "samlresponse",
    "samlrequest",
    "credential",
    "credentials",
];

/// Substrings that make a query or path parameter name secret.
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
    "sessid",
    "hmac",
];

/// Field names of JSON bodies whose values are secret, compared whole (`-` and `_` alike).
pub const SECRET_BODY_KEYS: &[&str] = &[
    "auth_token",
    "authtoken",
    "password",
    "passwd",
    "pwd",
    "passcode",
    "secret",
    "client_secret",
    "api_key",
    "apikey",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "private_key",
    "secret_key",
    "access_key",
    "jwt",
    "authorization",
    "cookie",
    "set_cookie",
    "credentials",
    "signing_key",
    "webhook_secret",
];

/// Substrings that make a body field name secret (after lower-casing, `-` read as `_`): names
/// such as `voiceAuthToken`, `x_api_key`, `sipPassword` or `clientSecretHash`. `code`, `key` and
/// `sid`, which providers use for ordinary ids, are secret only as part of these.
const SECRET_BODY_PARTS: &[&str] = &[
    "token",
    "secret",
    "passw",
    "api_key",
    "apikey",
    "private_key",
    "credential",
];

/// Whether a header's value is secret: `Authorization`, `Proxy-Authorization`, `Cookie`,
/// `Set-Cookie`, and any name containing `auth`, `token`, `secret`, `password`, `passwd`,
/// `api-key`, `apikey`, `api_key`, `signature`, `credential`, `cookie` or `session`, or ending in
/// `key`. `Accept` and the other ordinary headers are not secret.
#[must_use]
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s))
        || SECRET_HEADER_PARTS
            .iter()
            .any(|part| contains_ignore_case(name, part))
        || ends_with_ignore_case(name, "key")
}

/// Whether a query or path parameter's value is secret: a name of [`SECRET_QUERY_NAMES`], any
/// name containing `token`, `secret`, `passw`, `signature`, `credential`, `apikey`, `api_key`,
/// `api-key`, `auth`, `session`, `sessid` or `hmac`, and any name ending in `key` (`accessKey`).
/// `name` is compared as given: percent-decode it first ([`is_secret_param_raw`] does).
#[must_use]
pub fn is_secret_query_param(name: &str) -> bool {
    let name = name.trim();
    SECRET_QUERY_NAMES
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s))
        || SECRET_PARAM_PARTS
            .iter()
            .any(|part| contains_ignore_case(name, part))
        || ends_with_ignore_case(name, "key")
}

/// [`is_secret_query_param`] of a name as written in a URL: percent-decoded first, `+` read as
/// a space.
#[must_use]
pub fn is_secret_param_raw(name: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
    is_secret_query_param(&decoded.replace('+', " "))
}

/// Whether a JSON body field's value is secret: a name of [`SECRET_BODY_KEYS`] (`-` read as `_`,
/// any case, camelCase as snake_case: `authToken` is `auth_token`) or containing `token`,
/// `secret`, `passw`, `api_key`, `apikey`, `private_key` or `credential`.
#[must_use]
pub fn is_secret_key(name: &str) -> bool {
    // Longer names are no field name any document gives; this also bounds the buffers below.
    if name.len() > NAME_MAX {
        return false;
    }
    // The name folded (lower case, `-`, space and `.` as `_`, camelCase as snake_case) and
    // squashed (the folded name without `_`), byte by byte: only ASCII bytes change, so both
    // stay UTF-8, and nothing is allocated (this runs for every key of every record with a
    // finding).
    let mut folded = [0u8; 2 * NAME_MAX];
    let mut squashed = [0u8; 2 * NAME_MAX];
    let (mut f, mut q) = (0, 0);
    let mut previous_lower = false;
    for &byte in name.as_bytes() {
        if byte.is_ascii_uppercase() && previous_lower {
            folded[f] = b'_';
            f += 1;
        }
        previous_lower = byte.is_ascii_lowercase() || byte.is_ascii_digit();
        let byte = match byte {
            b'-' | b' ' | b'.' => b'_',
            byte => byte.to_ascii_lowercase(),
        };
        folded[f] = byte;
        f += 1;
        if byte != b'_' {
            squashed[q] = byte;
            q += 1;
        }
    }
    let (folded, squashed) = (&folded[..f], &squashed[..q]);
    SECRET_BODY_KEYS
        .iter()
        .any(|k| folded == k.as_bytes() || without_underscores(k).eq(squashed.iter().copied()))
        || SECRET_BODY_PARTS.iter().any(|part| {
            memchr::memmem::find(folded, part.as_bytes()).is_some()
                || squashed
                    .windows(without_underscores(part).count())
                    .any(|window| without_underscores(part).eq(window.iter().copied()))
        })
}

/// The longest body field name [`is_secret_key`] considers.
const NAME_MAX: usize = 128;

/// The bytes of `text` but its `_`.
fn without_underscores(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes().filter(|b| *b != b'_')
}

pub(super) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_forty_query_names() {
        assert!(
            SECRET_QUERY_NAMES.len() >= 40,
            "{}",
            SECRET_QUERY_NAMES.len()
        );
        for name in SECRET_QUERY_NAMES {
            assert!(is_secret_query_param(name), "{name}");
            assert!(is_secret_query_param(&name.to_uppercase()), "{name}");
        }
        for name in [
            "jwt",
            "code",
            "passcode",
            "pw",
            "PHPSESSID",
            "hmac",
            "JSESSIONID",
        ] {
            assert!(is_secret_query_param(name), "{name}");
        }
        assert!(is_secret_param_raw("access%5Ftoken"));
        assert!(is_secret_param_raw("%6A%77%74"));
    }

    #[test]
    fn secret_headers() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "SET-COOKIE",
            "X-Api-Key",
            "X-Auth-Token",
            "X-Hub-Signature",
            "Ocp-Apim-Subscription-Key",
            "X-Session-Id",
        ] {
            assert!(is_secret_header(name), "{name}");
        }
        for name in [
            "Accept",
            "Content-Type",
            "Host",
            "User-Agent",
            "X-Request-Id",
        ] {
            assert!(!is_secret_header(name), "{name}");
        }
    }

    #[test]
    fn ordinary_query_names() {
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
            "state",
        ] {
            assert!(!is_secret_query_param(name), "{name}");
        }
    }

    #[test]
    fn body_keys() {
        for name in [
            "auth_token",
            "authToken",
            "AUTH-TOKEN",
            "password",
            "sipPassword",
            "client_secret",
            "clientSecret",
            "api_key",
            "apiKey",
            "token",
            "access_token",
            "private_key",
        ] {
            assert!(is_secret_key(name), "{name}");
        }
        for name in [
            "callId",
            "code",
            "dispositionCode",
            "ResultCode",
            "account_sid",
            "from",
            "to",
            "key",
            "callbackUrl",
            "direction",
        ] {
            assert!(!is_secret_key(name), "{name}");
        }
    }

    /// The rule as written in words: fold, squash, compare; allocating, and obviously so.
    fn is_secret_key_spelled_out(name: &str) -> bool {
        if name.len() > NAME_MAX {
            return false;
        }
        let mut folded = String::new();
        let mut previous_lower = false;
        for c in name.chars() {
            if c.is_ascii_uppercase() && previous_lower {
                folded.push('_');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            folded.push(match c {
                '-' | ' ' | '.' => '_',
                c => c.to_ascii_lowercase(),
            });
        }
        let squashed: String = folded.chars().filter(|c| *c != '_').collect();
        SECRET_BODY_KEYS
            .iter()
            .any(|k| folded == *k || squashed == k.replace('_', ""))
            || SECRET_BODY_PARTS
                .iter()
                .any(|part| folded.contains(part) || squashed.contains(&part.replace('_', "")))
    }

    proptest::proptest! {
        /// The byte-wise rule agrees with the rule spelled out, on names made of the letters
        /// of the secret words, separators, digits, upper case and other scripts.
        #[test]
        fn body_keys_agree_with_the_rule_spelled_out(
            name in "[a-zA-Z_ .\\-0-9éΣ]{0,40}|(api|API|auth|Auth|token|TOKEN|pass|Pass|w|_|-|secret|key|Key|private|credential|jwt|id){1,6}"
        ) {
            proptest::prop_assert_eq!(is_secret_key(&name), is_secret_key_spelled_out(&name), "{}", name);
        }
    }
}
