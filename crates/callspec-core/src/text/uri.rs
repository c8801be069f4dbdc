//! RFC 3986 URIs and URI references: the generic syntax of section 3 and 4.1, with the IP
//! literals of section 3.2.2 checked (an IPv6 address or an `IPvFuture`).

use crate::ip::is_ipv6;

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
        if !ip_literal_ok(&hostport[1..close]) {
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

/// `IP-literal` without its brackets (section 3.2.2): an `IPv6address`, or an `IPvFuture`
/// (`v` and hex digits, `.`, then unreserved, sub-delims or `:`).
fn ip_literal_ok(literal: &[u8]) -> bool {
    if let Some(rest) = literal
        .strip_prefix(b"v")
        .or_else(|| literal.strip_prefix(b"V"))
    {
        let Some(dot) = rest.iter().position(|&b| b == b'.') else {
            return false;
        };
        let (version, tail) = (&rest[..dot], &rest[dot + 1..]);
        return !version.is_empty()
            && version.iter().all(u8::is_ascii_hexdigit)
            && !tail.is_empty()
            && tail
                .iter()
                .all(|&b| is_unreserved(b) || is_sub_delim(b) || b == b':');
    }
    std::str::from_utf8(literal).is_ok_and(is_ipv6)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        for ok in [
            "https://emea.cc.vonage.com/v0/a1b2c3d4e5/Calls/94e5928c-7f7e-4645-ad72-61010f906449",
            "https://***.cc.vonage.com/v0/x",
            "http://apifonica.com/voicexml/getxml?xml_variant=welcome_to_apifonica",
            "http://[::1]:8080/a?b#c",
            "http://[v1.x]/",
            "http://[V7.a:b]/",
            "urn:isbn:0451450523",
            "mailto:a@b.c",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "/relative/path",
            "https://.../calls/{callId1}/events",
            "http://a b",
            "http://[:::]/",
            "http://[1.2.3.4]/",
            "http://[v1.]/",
            "http://[v.x]/",
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
