//! The SIP and SIPS URI grammar of RFC 3261 section 25.1, with the IPv6 and IPv4 references of
//! RFC 5954 section 4.1, as one regular expression. It is exact: the expression is the format
//! check, and it is the portable `pattern`, written so that a backtracking engine runs it in
//! linear time (no two alternatives of a repetition match the same text).
//!
//! Decisions: the scheme is case-insensitive (ABNF strings are; RFC 3986 section 3.1); the user
//! part is RFC 3261's `user`: a `telephone-subscriber` is accepted as written with `user`
//! characters, which section 19.1.1 requires ("any characters allowed there that are not
//! allowed in the user part of the SIP URI MUST be escaped"); a port is any run of digits
//! (`port = 1*DIGIT`).

use crate::ip::{ipv4_source, ipv6_source};

/// `escaped`: `%` and two hex digits.
const ESCAPED: &str = "%[0-9A-Fa-f]{2}";
/// `unreserved` without `-`, which each class puts last.
const UNRESERVED: &str = "A-Za-z0-9_.!~*'()";

/// A character class of `unreserved` plus `extra`, `-` last.
fn unreserved_and(extra: &str) -> String {
    format!("[{extra}{UNRESERVED}-]")
}

/// `user = 1*( unreserved / escaped / user-unreserved )`.
fn user() -> String {
    format!("(?:{}|{ESCAPED})+", unreserved_and("&=+$,;?/"))
}

/// `password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )`.
fn password() -> String {
    format!("(?:{}|{ESCAPED})*", unreserved_and("&=+$,"))
}

/// `hostname / IPv4address / IPv6reference`, then `[ ":" port ]`.
fn hostport() -> String {
    let label = "[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*";
    let toplabel = "[A-Za-z][A-Za-z0-9]*(?:-+[A-Za-z0-9]+)*";
    format!(
        r"(?:(?:{label}\.)*{toplabel}\.?|{}|\[(?:{})\])(?::[0-9]+)?",
        ipv4_source(),
        ipv6_source()
    )
}

/// The single characters of `paramchar` (`param-unreserved / unreserved`).
const PARAMCHAR: &str = r"\[\]/:&+$";

/// One `paramchar`, leaving out the letters of `except` (either case).
fn paramchar_except(except: &[char]) -> String {
    let mut letters = String::new();
    for range in [('A', 'Z'), ('a', 'z')] {
        let mut c = range.0;
        while c <= range.1 {
            if !except.iter().any(|e| e.eq_ignore_ascii_case(&c)) {
                letters.push(c);
            }
            c = char::from(c as u8 + 1);
        }
    }
    format!("(?:[{PARAMCHAR}{letters}0-9_.!~*'()-]|{ESCAPED})")
}

fn paramchar() -> String {
    paramchar_except(&[])
}

/// A letter in either case.
fn either_case(c: char) -> String {
    format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
}

/// The rest of a parameter name that began like `word`'s first letter and is not `word`.
fn not_the_rest(rest: &[char]) -> String {
    match rest.split_first() {
        None => format!("{}+", paramchar()),
        Some((first, tail)) => format!(
            "(?:{}{}*|{}{})?",
            paramchar_except(&[*first]),
            paramchar(),
            either_case(*first),
            not_the_rest(tail)
        ),
    }
}

/// The parameter names whose value is a `token` (`transport`, `user`, `method`).
const TOKEN_PARAMETERS: [&str; 3] = ["transport", "user", "method"];

/// A `pname` that is not one of [`TOKEN_PARAMETERS`].
fn other_name() -> String {
    let firsts: Vec<char> = TOKEN_PARAMETERS
        .iter()
        .filter_map(|w| w.chars().next())
        .collect();
    let mut alternatives = vec![format!("{}{}*", paramchar_except(&firsts), paramchar())];
    for word in TOKEN_PARAMETERS {
        let chars: Vec<char> = word.chars().collect();
        alternatives.push(format!(
            "{}{}",
            either_case(chars[0]),
            not_the_rest(&chars[1..])
        ));
    }
    format!("(?:{})", alternatives.join("|"))
}

/// The value of a `transport`, `user` or `method` parameter: a `token` (RFC 3261 section 25.1,
/// which allows a backtick and a bare `%`), or a `pvalue` (the `other-param` reading). The two
/// are told apart character by character so that no text matches two ways.
fn token_or_pvalue() -> String {
    // Characters both a token and a paramchar allow.
    let both = "[A-Za-z0-9.!*_+'~-]";
    // Characters only a paramchar allows.
    let paramchar_only = r"[\[\]/:&$()]";
    let token_char = "[A-Za-z0-9.!*_+'~%`-]";
    let token_not_hex = "[G-Zg-z.!*_+'~%`-]";
    let hex = "[0-9A-Fa-f]";
    let tail = format!(
        "(?:{paramchar_only}(?:{both}|{paramchar_only}|{ESCAPED})*|`{token_char}*|%(?:{token_not_hex}{token_char}*|{hex}(?:{token_not_hex}{token_char}*)?)?)"
    );
    format!("(?:(?:{both}|{ESCAPED})+{tail}?|{tail})")
}

/// `uri-parameters`.
fn parameters() -> String {
    let token_names = TOKEN_PARAMETERS
        .iter()
        .map(|w| w.chars().map(either_case).collect::<String>())
        .collect::<Vec<_>>()
        .join("|");
    format!(
        "(?:;(?:(?:{token_names})(?:={})?|{}(?:={}+)?))*",
        token_or_pvalue(),
        other_name(),
        paramchar()
    )
}

/// `headers = "?" header *( "&" header )`, `header = hname "=" hvalue`.
fn headers() -> String {
    let hchar = format!("(?:{}|{ESCAPED})", unreserved_and(r"\[\]/?:+$"));
    format!("(?:\\?{hchar}+={hchar}*(?:&{hchar}+={hchar}*)*)?")
}

/// `SIP-URI / SIPS-URI`, unanchored.
pub(super) fn sip_uri_source() -> String {
    format!(
        "[Ss][Ii][Pp][Ss]?:(?:{}(?::{})?@)?{}{}{}",
        user(),
        password(),
        hostport(),
        parameters(),
        headers()
    )
}

/// A SIP address without its scheme (`userinfo hostport`, as Catapult writes
/// `identify@domain.com`), unanchored.
pub(super) fn sip_address_source() -> String {
    format!("{}(?::{})?@{}", user(), password(), hostport())
}
