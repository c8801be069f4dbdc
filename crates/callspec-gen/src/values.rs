//! The building blocks of payloads: instants and their RFC 3339 and RFC 2822 renderings,
//! addresses (E.164, international and national digits, SIP URIs and addresses), identifiers,
//! free text and prices, each drawn from a [`Draw`] so that choice 0 is the simplest value.

use std::fmt::Write as _;

use crate::draw::Draw;

/// 2000-01-01T00:00:00Z, the earliest instant valid payloads use.
const EPOCH_2000: i64 = 946_684_800;
/// 2037-12-31T23:59:59Z, the latest.
const LATEST: i64 = 2_145_916_799;

/// A point in time, UTC seconds and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Instant {
    pub(crate) secs: i64,
    pub(crate) nanos: u32,
}

impl Instant {
    /// A random instant between 2000 and 2037, with a random fraction of a second.
    pub(crate) fn draw(d: &mut Draw) -> Self {
        let secs = EPOCH_2000 + d.upto((LATEST - EPOCH_2000) as u64) as i64;
        let nanos = d.upto(999_999_999) as u32;
        Self { secs, nanos }
    }

    /// This instant plus up to `max_secs` seconds (never earlier).
    pub(crate) fn later(self, d: &mut Draw, max_secs: u64) -> Self {
        let secs = self.secs + d.upto(max_secs) as i64;
        // Never before `self`: within the same second the fraction does not go back.
        let nanos = if secs == self.secs {
            self.nanos + d.upto(u64::from(999_999_999 - self.nanos)) as u32
        } else {
            d.upto(999_999_999) as u32
        };
        Self { secs, nanos }
    }

    /// The instant shifted by `minutes`.
    fn shifted(self, minutes: i32) -> Self {
        Self {
            secs: self.secs + i64::from(minutes) * 60,
            nanos: self.nanos,
        }
    }
}

/// Calendar fields of an instant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    /// 0 is Monday.
    pub(crate) weekday: usize,
}

/// The calendar fields of `secs` seconds after 1970-01-01T00:00:00Z, by the calendar the
/// timestamp parsers check against.
pub(crate) fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = callspec_core::time::civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
        weekday: callspec_core::time::weekday(days) as usize,
    }
}

pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
pub(crate) const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// How an RFC 3339 timestamp is written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rfc3339Style {
    /// Fractional digits, 0 to 9.
    pub(crate) digits: u32,
    /// The UTC offset in minutes; `None` writes `Z`.
    pub(crate) offset: Option<i32>,
    /// Lowercase `t` and `z`.
    pub(crate) lowercase: bool,
}

impl Rfc3339Style {
    /// Bandwidth's own style: milliseconds and `Z`.
    pub(crate) const MILLIS_Z: Self = Self {
        digits: 3,
        offset: None,
        lowercase: false,
    };
}

/// Writes `t` as RFC 3339.
pub(crate) fn rfc3339(t: Instant, style: Rfc3339Style) -> String {
    let local = civil(t.shifted(style.offset.unwrap_or(0)).secs);
    let mut out = String::with_capacity(35);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
        local.year,
        local.month,
        local.day,
        if style.lowercase { 't' } else { 'T' },
        local.hour,
        local.minute,
        local.second
    );
    if style.digits > 0 {
        let digits = style.digits.min(9);
        let frac = t.nanos / 10u32.pow(9 - digits);
        let _ = write!(out, ".{:0width$}", frac, width = digits as usize);
    }
    match style.offset {
        None => out.push(if style.lowercase { 'z' } else { 'Z' }),
        Some(minutes) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let m = minutes.unsigned_abs();
            let _ = write!(out, "{sign}{:02}:{:02}", m / 60, m % 60);
        }
    }
    out
}

/// How an RFC 2822 date is written: what a sender may vary within RFC 2822 sections 3.3 and
/// 4.3, limited to what the portable `RFC2822_PATTERN` also accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rfc2822Style {
    pub(crate) day_of_week: bool,
    /// Write days below 10 with one digit (`1 Jan`) rather than two (`01 Jan`).
    pub(crate) one_digit_day: bool,
    pub(crate) seconds: bool,
    pub(crate) zone: Zone,
    /// Two-digit obsolete year (`17` for 2017).
    pub(crate) two_digit_year: bool,
    pub(crate) lowercase: bool,
    /// White space before the comma after the day of week.
    pub(crate) space_before_comma: bool,
    /// Where comments and folding white space go.
    pub(crate) cfws: Cfws,
}

/// A zone as RFC 2822 writes it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Zone {
    /// `+HHMM` / `-HHMM`, in minutes.
    Numeric(i32),
    /// An obsolete name with its offset in minutes (`GMT`, `UT`, `EST`, `Z`).
    Name(&'static str, i32),
}

/// Comments and folding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cfws {
    None,
    /// A trailing comment: `+0000 (UTC)`.
    TrailingComment,
    /// A comment nested two deep, leading and trailing.
    NestedComment,
    /// Comments between the tokens: `Fri, (day) 21 (of) Apr 2017 ...`.
    BetweenTokens,
    /// A folded line: CRLF and a space between the date and the time.
    Folding,
    /// Runs of spaces and tabs between tokens.
    ExtraWhiteSpace,
}

impl Rfc2822Style {
    /// The style of the documents' examples: `Fri, 21 Apr 2017 13:01:25 +0000`.
    pub(crate) const DOCUMENT: Self = Self {
        day_of_week: true,
        one_digit_day: false,
        seconds: true,
        zone: Zone::Numeric(0),
        two_digit_year: false,
        lowercase: false,
        space_before_comma: false,
        cfws: Cfws::None,
    };
}

/// Writes `t` as RFC 2822.
pub(crate) fn rfc2822(t: Instant, style: Rfc2822Style) -> String {
    let offset = match style.zone {
        Zone::Numeric(m) | Zone::Name(_, m) => m,
    };
    let c = civil(t.shifted(offset).secs);
    let sp = match style.cfws {
        Cfws::ExtraWhiteSpace => " \t ",
        _ => " ",
    };
    let mut out = String::with_capacity(48);
    if style.cfws == Cfws::NestedComment {
        out.push_str("(sent (by the switch)) ");
    }
    if style.day_of_week {
        out.push_str(DAYS[c.weekday]);
        if style.space_before_comma {
            out.push(' ');
        }
        out.push(',');
        out.push_str(sp);
        if style.cfws == Cfws::BetweenTokens {
            out.push_str("(day) ");
        }
    }
    if style.one_digit_day {
        let _ = write!(out, "{}", c.day);
    } else {
        let _ = write!(out, "{:02}", c.day);
    }
    out.push_str(sp);
    if style.cfws == Cfws::BetweenTokens {
        out.push_str("(of) ");
    }
    out.push_str(MONTHS[c.month as usize - 1]);
    out.push_str(sp);
    if style.two_digit_year {
        let _ = write!(out, "{:02}", c.year % 100);
    } else {
        let _ = write!(out, "{}", c.year);
    }
    out.push_str(if style.cfws == Cfws::Folding {
        "\r\n "
    } else {
        sp
    });
    let _ = write!(out, "{:02}:{:02}", c.hour, c.minute);
    if style.seconds {
        let _ = write!(out, ":{:02}", c.second);
    }
    out.push_str(sp);
    match style.zone {
        Zone::Numeric(m) => {
            let sign = if m < 0 { '-' } else { '+' };
            let m = m.unsigned_abs();
            let _ = write!(out, "{sign}{:02}{:02}", m / 60, m % 60);
        }
        Zone::Name(name, _) => out.push_str(name),
    }
    match style.cfws {
        Cfws::TrailingComment => out.push_str(" (UTC)"),
        Cfws::NestedComment => out.push_str(" (zone (numeric))"),
        _ => {}
    }
    if style.lowercase {
        out = out.to_ascii_lowercase();
    }
    out
}

/// `n` decimal digits, the first from `first`.
pub(crate) fn digits(d: &mut Draw, first: std::ops::RangeInclusive<u8>, n: usize) -> String {
    let mut out = String::with_capacity(n);
    if n == 0 {
        return out;
    }
    out.push(char::from(
        b'0' + first.start() + d.upto(u64::from(first.end() - first.start())) as u8,
    ));
    let mut rest = n - 1;
    while rest > 0 {
        let chunk = rest.min(18);
        let value = d.upto(10u64.pow(chunk as u32) - 1);
        let _ = write!(out, "{value:0chunk$}");
        rest -= chunk;
    }
    out
}

/// An E.164 number with its `+`: 8 to 15 digits, as real numbers have.
pub(crate) fn e164(d: &mut Draw) -> String {
    let n = d.range(11, 15) as usize;
    let n = if d.chance(10) {
        d.range(8, 10) as usize
    } else {
        n
    };
    format!("+{}", digits(d, 1..=9, n))
}

/// International digits without `+` (Apifonica writes `358942417543`).
pub(crate) fn international(d: &mut Draw) -> String {
    let n = d.range(11, 15) as usize;
    digits(d, 1..=9, n)
}

/// A national number with its trunk 0 (Vonage writes `02072068888`).
pub(crate) fn national(d: &mut Draw) -> String {
    let n = d.range(10, 11) as usize;
    format!("0{}", digits(d, 1..=9, n))
}

const SIP_USERS: [&str; 5] = ["alice", "bob", "agent-7", "reception", "+15551234567"];
const SIP_HOSTS: [&str; 4] = [
    "example.com",
    "sip.example.net",
    "pbx.acme.example",
    "10.0.0.7",
];

/// A SIP URI: `sip:alice@example.com`, sometimes with a port and parameters.
pub(crate) fn sip_uri(d: &mut Draw) -> String {
    let user = d.pick(&SIP_USERS);
    let host = d.pick(&SIP_HOSTS);
    let mut out = format!("sip:{user}@{host}");
    if d.chance(30) {
        out.push_str(d.pick_str(&[":5060", ":5061;transport=tls", ";transport=udp"]));
    }
    out
}

/// A SIP address without its scheme (Catapult writes `identify@domain.com`).
pub(crate) fn sip_address(d: &mut Draw) -> String {
    format!("{}@{}", d.pick(&SIP_USERS[..4]), d.pick(&SIP_HOSTS))
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `n` lowercase hexadecimal digits.
pub(crate) fn hex(d: &mut Draw, n: usize) -> String {
    let mut out = String::with_capacity(n);
    while out.len() < n {
        let mut x = d.upto(u64::MAX);
        for _ in 0..16.min(n - out.len()) {
            out.push(char::from(HEX[(x & 15) as usize]));
            x >>= 4;
        }
    }
    out
}

/// A lowercase UUID in its 8-4-4-4-12 form.
pub(crate) fn uuid(d: &mut Draw) -> String {
    let h = hex(d, 32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// A non-negative fractional amount with up to `scale` decimals, below `max_units` units:
/// `0.0294`. Written back exactly by serde_json (shortest round-trip form).
pub(crate) fn amount(d: &mut Draw, max_units: u64, scale: u32) -> f64 {
    let factor = 10u64.pow(scale);
    d.upto(max_units * factor) as f64 / factor as f64
}

/// Free text of a few words.
pub(crate) fn words(d: &mut Draw, vocabulary: &[&str]) -> String {
    let n = 1 + d.below(3);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(d.pick_str(vocabulary));
    }
    out
}

/// Text that trips naive clients: accents, an emoji outside the BMP, CJK, right-to-left
/// script, a combining mark, U+2028 (a line terminator in JavaScript source), a NUL and a
/// quote and backslash that must be escaped.
pub(crate) const UNICODE_TEXT: &str =
    "Ünïcödé 📞 電話 هاتف e\u{301} \u{2028} \u{0} \"quoted\" back\\slash";

/// Text of `len` characters, mixing ASCII and multi-byte characters.
pub(crate) fn long_text(len: usize) -> String {
    const CYCLE: [char; 8] = ['a', 'b', 'é', 'c', '☎', 'd', ' ', '0'];
    (0..len).map(|i| CYCLE[i % CYCLE.len()]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use callspec_core::time::{RFC2822_PATTERN, is_rfc2822, is_rfc3339};

    #[test]
    fn civil_matches_known_dates() {
        let c = civil(1_492_779_685); // 2017-04-21T13:01:25Z, a Friday
        assert_eq!((c.year, c.month, c.day), (2017, 4, 21));
        assert_eq!((c.hour, c.minute, c.second), (13, 1, 25));
        assert_eq!(DAYS[c.weekday], "Fri");
        let c = civil(951_782_400); // 2000-02-29
        assert_eq!(
            (c.year, c.month, c.day, DAYS[c.weekday]),
            (2000, 2, 29, "Tue")
        );
    }

    #[test]
    fn renderings_parse() {
        let t = Instant {
            secs: 1_492_779_685,
            nanos: 123_456_789,
        };
        assert_eq!(
            rfc2822(t, Rfc2822Style::DOCUMENT),
            "Fri, 21 Apr 2017 13:01:25 +0000"
        );
        assert_eq!(
            rfc3339(t, Rfc3339Style::MILLIS_Z),
            "2017-04-21T13:01:25.123Z"
        );
        let re = regex::Regex::new(RFC2822_PATTERN).unwrap();
        let mut d = Draw::seeded(1);
        for _ in 0..500 {
            let t = Instant::draw(&mut d);
            for digits in 0..=9 {
                let s = rfc3339(
                    t,
                    Rfc3339Style {
                        digits,
                        offset: Some(-(d.upto(23 * 60 + 59) as i32)),
                        lowercase: d.chance(50),
                    },
                );
                assert!(is_rfc3339(&s), "{s}");
            }
            for cfws in [
                Cfws::None,
                Cfws::TrailingComment,
                Cfws::NestedComment,
                Cfws::BetweenTokens,
                Cfws::Folding,
                Cfws::ExtraWhiteSpace,
            ] {
                let s = rfc2822(
                    t,
                    Rfc2822Style {
                        day_of_week: d.chance(50),
                        one_digit_day: d.chance(50),
                        seconds: d.chance(50),
                        zone: Zone::Numeric(d.upto(600) as i32 - 300),
                        two_digit_year: d.chance(50),
                        lowercase: d.chance(50),
                        space_before_comma: d.chance(50),
                        cfws,
                    },
                );
                assert!(is_rfc2822(&s), "{s:?}");
                assert!(re.is_match(&s), "{s:?}");
            }
        }
        // Two-digit years read back as 1950 to 2049 (RFC 2822 section 4.3).
        const { assert!(LATEST < 2_524_608_000) };
    }
}
