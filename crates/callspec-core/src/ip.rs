//! IP address literals as RFC 3986 section 3.2.2 writes them (and RFC 5954 section 4.1 for SIP):
//! dotted-decimal IPv4 without leading zeros and the nine forms of IPv6. One regular expression
//! each, shared by the SIP patterns and the URI check.

use std::sync::LazyLock;

use regex::Regex;

/// `dec-octet`: 0 to 255 without leading zeros.
const DEC_OCTET: &str = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
/// `h16`: one to four hex digits.
const H16: &str = "[0-9A-Fa-f]{1,4}";

/// `IPv4address`, unanchored.
pub(crate) fn ipv4_source() -> String {
    format!(r"{DEC_OCTET}\.{DEC_OCTET}\.{DEC_OCTET}\.{DEC_OCTET}")
}

/// `IPv6address`, unanchored: the nine alternatives of RFC 3986 section 3.2.2. Its matches are
/// at most 45 characters long, so a backtracking engine spends a bounded time on it.
pub(crate) fn ipv6_source() -> String {
    let ls32 = format!("(?:{H16}:{H16}|{})", ipv4_source());
    let h = |n: usize| format!("(?:{H16}:){{{n}}}");
    let before = |n: usize| format!("(?:(?:{H16}:){{0,{n}}}{H16})?");
    [
        format!("{}{ls32}", h(6)),
        format!("::{}{ls32}", h(5)),
        format!("(?:{H16})?::{}{ls32}", h(4)),
        format!("{}::{}{ls32}", before(1), h(3)),
        format!("{}::{}{ls32}", before(2), h(2)),
        format!("{}::{H16}:{ls32}", before(3)),
        format!("{}::{ls32}", before(4)),
        format!("{}::{H16}", before(5)),
        format!("{}::", before(6)),
    ]
    .map(|alternative| format!("(?:{alternative})"))
    .join("|")
}

fn anchored(source: &str) -> Regex {
    // The sources above are constants tested below; failing to compile one is a bug in callspec.
    #[allow(
        clippy::expect_used,
        reason = "constant regular expressions, covered by tests"
    )]
    Regex::new(&format!("^(?:{source})$")).expect("IP regex compiles")
}

/// Is `text` an IPv4 address in dotted-decimal form?
pub fn is_ipv4(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| anchored(&ipv4_source()));
    RE.is_match(text)
}

/// Is `text` an IPv6 address (RFC 3986 `IPv6address`, no zone identifier)?
pub fn is_ipv6(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| anchored(&ipv6_source()));
    RE.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4() {
        for ok in ["0.0.0.0", "1.2.3.4", "255.255.255.255", "192.0.2.10"] {
            assert!(is_ipv4(ok), "{ok}");
        }
        for bad in ["256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.", ""] {
            assert!(!is_ipv4(bad), "{bad}");
        }
    }

    #[test]
    fn ipv6() {
        for ok in [
            "::",
            "::1",
            "2001:db8::1",
            "2001:DB8:0:0:8:800:200C:417A",
            "FF01::101",
            "::13.1.68.3",
            "::FFFF:129.144.52.38",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "1::",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
        ] {
            assert!(is_ipv6(ok), "{ok}");
        }
        for bad in [
            ":::",
            "1",
            "1.2.3.4",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "12345::",
            "::1.2.3",
            "1:2:3:4:5:6:7",
            "fe80::1%eth0",
            "",
        ] {
            assert!(!is_ipv6(bad), "{bad}");
        }
    }
}
