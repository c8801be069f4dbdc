//! The one URL parser: routing takes the host and path from it, redaction the userinfo and the
//! parameters, so the two can never read a URL differently.
//!
//! It reads URLs as captured, not as RFC 3986 would like them: surrounding whitespace and
//! control characters are ignored; any scheme is a scheme (`voice_api://`); a URL without a
//! scheme (`user:pw@host/path`, `host/path`) starts with its authority, and one starting with
//! `/` (not `//`) has none; and the userinfo runs to the first `@` that is followed by a host,
//! so a password holding an unescaped `#`, `?`, `/` or `@` is userinfo, not a fragment, a query,
//! a path or a host.

use super::REDACTED;
use super::names::is_secret_param_raw;

/// A URL split into its parts, each a slice of the captured text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Url<'a> {
    /// The scheme, without `://` (`None` when absent).
    pub scheme: Option<&'a str>,
    /// The userinfo, without its `@` (`None` when absent).
    pub userinfo: Option<&'a str>,
    /// The host with its port, if any (`""` when there is no authority).
    pub host: &'a str,
    /// The path with its path parameters (`;name=value`), `""` when empty.
    pub path: &'a str,
    /// The query, without its `?`.
    pub query: Option<&'a str>,
    /// The fragment, without its `#`.
    pub fragment: Option<&'a str>,
    /// Whether the URL starts with `//` (a network-path reference).
    network_path: bool,
}

/// Where a URL's authority ends.
const AUTHORITY_END: [char; 4] = ['/', '?', '#', '\\'];

impl<'a> Url<'a> {
    /// Splits `url` into its parts. Never fails: any text is some URL.
    #[must_use]
    pub fn parse(url: &'a str) -> Url<'a> {
        let url = url.trim_matches(|c: char| c.is_whitespace() || c.is_control());
        let network_path = !url.contains("://") && url.starts_with("//");
        let (scheme, rest, has_authority) = match url.find("://") {
            Some(i)
                if i > 0
                    && !url[..i].contains(['/', '?', '#', '@', ' '])
                    && !url[..i].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                (Some(&url[..i]), &url[i + 3..], true)
            }
            _ => match url.strip_prefix("//") {
                Some(rest) => (None, rest, true),
                None => (None, url, !url.starts_with(AUTHORITY_END)),
            },
        };
        let (userinfo, host, after) = if has_authority {
            split_authority(rest)
        } else {
            (None, "", rest)
        };
        let (before_fragment, fragment) = match after.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (after, None),
        };
        let (path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_fragment, None),
        };
        Url {
            scheme,
            userinfo,
            host,
            path,
            query,
            fragment,
            network_path,
        }
    }

    /// The host without its port.
    #[must_use]
    pub fn hostname(&self) -> &'a str {
        match self.host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => self.host,
        }
    }

    /// The path, `/` when empty, without path parameters (`/calls;jsessionid=x` is `/calls`).
    #[must_use]
    pub fn route_path(&self) -> &'a str {
        let path = self.path.split(';').next().unwrap_or(self.path);
        if path.is_empty() { "/" } else { path }
    }

    /// The URL with its credentials replaced by [`REDACTED`]: the userinfo, and the values of
    /// secret parameters ([`is_secret_param_raw`]) in the path (`;name=value`), the query and
    /// the fragment, separated by `&` or `;`. Everything else is kept as captured.
    #[must_use]
    pub fn redacted(&self) -> String {
        let mut out = String::with_capacity(self.host.len() + self.path.len() + 16);
        if let Some(scheme) = self.scheme {
            out.push_str(scheme);
            out.push_str("://");
        } else if self.network_path {
            out.push_str("//");
        }
        if self.userinfo.is_some() {
            out.push_str(REDACTED);
            out.push('@');
        }
        out.push_str(self.host);
        redact_params(self.path, &['/'], ';', &mut out);
        if let Some(query) = self.query {
            out.push('?');
            redact_params(query, &['&', ';'], '\0', &mut out);
        }
        if let Some(fragment) = self.fragment {
            out.push('#');
            redact_params(fragment, &['&', ';'], '\0', &mut out);
        }
        out
    }

    /// The parameters of the path, the query and the fragment, as written (not decoded): the
    /// values redaction removes when their name is secret.
    pub fn params(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let path = self
            .path
            .split('/')
            .flat_map(|segment| segment.split(';').skip(1));
        let query = self.query.into_iter().flat_map(|q| q.split(['&', ';']));
        let fragment = self.fragment.into_iter().flat_map(|f| f.split(['&', ';']));
        path.chain(query)
            .chain(fragment)
            .filter_map(|pair| pair.split_once('='))
    }
}

/// `url` with its credentials removed: [`Url::parse`] then [`Url::redacted`].
#[must_use]
pub fn redact_url(url: &str) -> String {
    Url::parse(url).redacted()
}

/// Splits what follows `scheme://` into userinfo, host and the rest.
fn split_authority(rest: &str) -> (Option<&str>, &str, &str) {
    let head_end = rest.find(AUTHORITY_END).unwrap_or(rest.len());
    let head = &rest[..head_end];
    // `user:` then `#`, `?` or `/` is a password's start, not an empty port: looked at below.
    if !head.contains('@') && !head.ends_with(':') && is_host(head) {
        return (None, head, &rest[head_end..]);
    }
    // The userinfo runs to the first `@` followed by a host: a password may hold `#`, `?`, `/`
    // or `@` unescaped.
    for (at, _) in rest.match_indices('@') {
        let tail = &rest[at + 1..];
        let end = tail.find(AUTHORITY_END).unwrap_or(tail.len());
        if is_host(&tail[..end]) {
            return (Some(&rest[..at]), &tail[..end], &tail[end..]);
        }
    }
    match head.rfind('@') {
        Some(at) => (Some(&head[..at]), &head[at + 1..], &rest[head_end..]),
        None => (None, head, &rest[head_end..]),
    }
}

/// Whether `text` is a host with an optional port: a registered name or IPv4 address, or an IP
/// literal in brackets, then `:digits`.
fn is_host(text: &str) -> bool {
    let (name, port) = if let Some(literal) = text.strip_prefix('[') {
        match literal.split_once(']') {
            Some((inside, after)) => {
                if !inside
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.' | b'v' | b'V'))
                {
                    return false;
                }
                ("x", after.strip_prefix(':'))
            }
            None => return false,
        }
    } else {
        match text.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (text, None),
        }
    };
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%'))
        && port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Appends `text` to `out` with the values of secret `name=value` parameters redacted: `text` is
/// split at `separators`; with `inner` set, each piece is split again at `inner` and only the
/// parts after the first are parameters (path segments: `calls;jsessionid=x`).
fn redact_params(text: &str, separators: &[char], inner: char, out: &mut String) {
    let mut rest = text;
    loop {
        let end = rest.find(separators).unwrap_or(rest.len());
        let piece = &rest[..end];
        if inner == '\0' {
            redact_pair(piece, out);
        } else {
            for (i, part) in piece.split(inner).enumerate() {
                if i == 0 {
                    out.push_str(part);
                } else {
                    out.push(inner);
                    redact_pair(part, out);
                }
            }
        }
        if end == rest.len() {
            break;
        }
        out.push_str(&rest[end..=end]);
        rest = &rest[end + 1..];
    }
}

fn redact_pair(pair: &str, out: &mut String) {
    match pair.split_once('=') {
        Some((name, value)) if !value.is_empty() && is_secret_param_raw(name) => {
            out.push_str(name);
            out.push('=');
            out.push_str(REDACTED);
        }
        _ => out.push_str(pair),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> (Option<&str>, &str, &str) {
        let url = Url::parse(url);
        (url.userinfo, url.hostname(), url.route_path())
    }

    #[test]
    fn hosts_and_paths() {
        let host = "voice.bandwidth.com";
        for (url, userinfo) in [
            ("https://voice.bandwidth.com/api/v2/x", None),
            ("https://u:p@voice.bandwidth.com/api/v2/x", Some("u:p")),
            ("https://u:p#q@voice.bandwidth.com/api/v2/x", Some("u:p#q")),
            ("https://u:p?q@voice.bandwidth.com/api/v2/x", Some("u:p?q")),
            ("https://u:p/q@voice.bandwidth.com/api/v2/x", Some("u:p/q")),
            ("https://u:p@q@voice.bandwidth.com/api/v2/x", Some("u:p@q")),
            // A password that starts with `#`, `?` or `/`: `u:` is not a host with an empty port.
            ("https://u:#p#@voice.bandwidth.com/api/v2/x", Some("u:#p#")),
            ("https://u:?p@voice.bandwidth.com/api/v2/x", Some("u:?p")),
            ("https://u:/p/@voice.bandwidth.com/api/v2/x", Some("u:/p/")),
            ("  https://u:p@voice.bandwidth.com/api/v2/x", Some("u:p")),
            ("voice_api://u:p@voice.bandwidth.com/api/v2/x", Some("u:p")),
            ("u:p@voice.bandwidth.com/api/v2/x", Some("u:p")),
            ("//u:p@voice.bandwidth.com/api/v2/x", Some("u:p")),
            ("https://voice.bandwidth.com:443/api/v2/x?a=1#f", None),
        ] {
            assert_eq!(parts(url), (userinfo, host, "/api/v2/x"), "{url}");
        }
        assert_eq!(parts("/relative?x=1"), (None, "", "/relative"));
        assert_eq!(parts("https://host"), (None, "host", "/"));
        assert_eq!(
            parts("https://host/users/a@b?mail=x@y"),
            (None, "host", "/users/a@b")
        );
        assert_eq!(parts("https://h/calls;jsessionid=1"), (None, "h", "/calls"));
    }

    #[test]
    fn redacted() {
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
            redact_url("/relative/path?client%5Fsecret=s;jwt=t"),
            "/relative/path?client%5Fsecret=***;jwt=***"
        );
        assert_eq!(
            redact_url("https://h/a;jsessionid=s1/b;x=1?PHPSESSID=s2"),
            "https://h/a;jsessionid=***/b;x=1?PHPSESSID=***"
        );
        assert_eq!(
            redact_url("https://u:p#w@h/x"),
            "https://***@h/x",
            "a `#` in the password"
        );
        let plain = "https://voice.bandwidth.com/api/v2/accounts/9900000/calls/c-95ac8d6e-1a31c52e";
        assert_eq!(redact_url(plain), plain);
        assert_eq!(redact_url(""), "");
    }
}
