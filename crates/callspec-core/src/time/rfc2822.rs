//! RFC 2822 section 3.3 `date-time` with the obsolete syntax of section 4.3 that a receiver must
//! accept: comments and folding white space between the tokens, two- and three-digit years and
//! the obsolete zone names. Where RFC 5322 reads differently, the module says which it follows.

use std::borrow::Cow;

use super::calendar::{
    cycle_year, days_from_civil, days_in_month, leap_second_allowed, unix_seconds, weekday,
};
use super::{Parsed, TimestampError, err};

const RFC2822: &str = "RFC 2822";

/// Past this year the instant is not computed (it would not fit in seconds as an `i64`); the
/// date is still checked.
const MAX_INSTANT_YEAR: u64 = 200_000_000_000;

/// What a run of CFWS held.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    /// Anything at all.
    any: bool,
    /// White space outside comments (an `FWS`).
    wsp: bool,
    /// The run ends with white space outside comments.
    ends_with_wsp: bool,
}

/// A cursor over RFC 2822 text that skips comments and folding white space (CFWS).
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

/// `ctext` (section 3.2.3): printable US-ASCII but `(`, `)` and `\`, and the control characters
/// other than NUL, CR, LF and white space (`NO-WS-CTL`, which RFC 2822 allows in `ctext` and RFC
/// 5322 keeps as `obs-ctext`).
fn is_ctext(b: u8) -> bool {
    matches!(b, 1..=8 | 11 | 12 | 14..=31 | 33..=39 | 42..=91 | 93..=127)
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn fail(&self, reason: impl Into<Cow<'static, str>>) -> TimestampError {
        err(RFC2822, self.text, reason)
    }

    /// One unit of folding white space: `WSP`, or `CRLF WSP` (`obs-FWS = 1*([CRLF] WSP)`, RFC
    /// 5322 erratum 1908, so a fold may open a run). Returns whether one was read.
    fn fws_unit(&mut self) -> Result<bool, TimestampError> {
        match self.bytes.get(self.at) {
            Some(b' ' | b'\t') => {
                self.at += 1;
                Ok(true)
            }
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => {
                if !matches!(self.bytes.get(self.at + 2), Some(b' ' | b'\t')) {
                    return Err(self.fail("a line break (CRLF) must be followed by white space"));
                }
                self.at += 3;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Skips CFWS and says what it held.
    fn cfws(&mut self) -> Result<Run, TimestampError> {
        let mut run = Run::default();
        loop {
            if self.fws_unit()? {
                run.any = true;
                run.wsp = true;
                run.ends_with_wsp = true;
            } else if self.bytes.get(self.at) == Some(&b'(') {
                self.comment()?;
                run.any = true;
                run.ends_with_wsp = false;
            } else {
                return Ok(run);
            }
        }
    }

    /// A comment (section 3.2.3): `ctext`, quoted pairs, folding white space and nested
    /// comments. A quoted pair is `\` and one US-ASCII character, NUL, CR and LF included
    /// (`obs-qp`); RFC 2822's `"\" text` with `obs-text` could swallow any run of characters,
    /// the closing parenthesis included, so callspec reads it as RFC 5322 does: one character.
    fn comment(&mut self) -> Result<(), TimestampError> {
        let mut depth = 0usize;
        loop {
            if depth > 0 && self.fws_unit()? {
                continue;
            }
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(self.fail("unterminated comment"));
            };
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return Ok(());
                    }
                }
                b'\\' => {
                    if !self.bytes.get(self.at + 1).is_some_and(u8::is_ascii) {
                        return Err(self.fail(
                            "a quoted pair in a comment is `\\` and one US-ASCII character",
                        ));
                    }
                    self.at += 1;
                }
                b if is_ctext(b) => {}
                _ => {
                    return Err(self.fail(
                        "a comment holds only US-ASCII text: no NUL, no bare CR or LF, no \
                         non-ASCII character",
                    ));
                }
            }
            self.at += 1;
        }
    }

    /// `min` or more digits (at most `max`), and no digit after them.
    fn digits(
        &mut self,
        min: usize,
        max: usize,
        what: &'static str,
    ) -> Result<&'a [u8], TimestampError> {
        let start = self.at;
        while self.at - start < max && self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let n = self.at - start;
        if n < min || self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            return Err(self.fail(what));
        }
        Ok(&self.bytes[start..self.at])
    }

    fn number(
        &mut self,
        min: usize,
        max: usize,
        what: &'static str,
    ) -> Result<u32, TimestampError> {
        Ok(self
            .digits(min, max, what)?
            .iter()
            .fold(0, |acc, &b| acc * 10 + u32::from(b - b'0')))
    }

    fn word(&mut self) -> &'a str {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_alphabetic) {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }
}

/// The three-letter month names of section 3.3, compared without regard to case.
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// The day names of section 3.3, Monday first, compared without regard to case.
pub(crate) const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The obsolete zone names of section 4.3 with their offsets in hours. The military one-letter
/// zones other than `Z` "SHOULD all be considered equivalent to -0000"; `J` is not a zone.
fn obsolete_zone(name: &str) -> Option<i32> {
    let upper = name.to_ascii_uppercase();
    Some(match upper.as_str() {
        "UT" | "GMT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        single if single.len() == 1 && single != "J" => 0,
        _ => return None,
    })
}

/// A year of any length: its value when it fits, and its place in the 400-year cycle.
struct Year {
    value: Option<u64>,
    cycle: u32,
}

fn year(digits: &[u8]) -> Year {
    let mut value = Some(0u64);
    let mut cycle = 0u32;
    for &b in digits {
        let d = u32::from(b - b'0');
        value = value
            .and_then(|v| v.checked_mul(10))
            .and_then(|v| v.checked_add(u64::from(d)));
        cycle = (cycle * 10 + d) % 400;
    }
    // Section 4.3: a two-digit year below 50 is 20YY, else 19YY; a three-digit one is 1900 + YYY.
    let add = match digits.len() {
        2 if value.is_some_and(|v| v < 50) => 2000,
        2 | 3 => 1900,
        _ => 0,
    };
    Year {
        value: value.map(|v| v + add),
        cycle: (cycle + (add % 400) as u32) % 400,
    }
}

/// Parses an RFC 2822 date-time. Where the separators are concerned, section 3.3 and the
/// obsolete forms of section 4.3 give:
/// - before the day of week, after it, around its comma and before the day: any CFWS;
/// - between day, month and year: CFWS, at least one comment or white space (`obs-month`);
/// - between year and hour: CFWS holding white space outside comments (`FWS` of `date-time`);
/// - around each `:` of the time: any CFWS (`obs-hour`, `obs-minute`, `obs-second`);
/// - before the zone: CFWS ending with white space (`time = time-of-day FWS zone`: a comment
///   alone does not separate the zone);
/// - after the zone: any CFWS.
pub(super) fn parse(text: &str) -> Result<Parsed, TimestampError> {
    let mut c = Cursor::new(text);
    c.cfws()?;
    let mut weekday_given = None;
    if c.bytes.get(c.at).is_some_and(u8::is_ascii_alphabetic) {
        let name = c.word();
        let index = DAYS
            .iter()
            .position(|d| d.eq_ignore_ascii_case(name))
            .ok_or_else(|| c.fail(format!("`{name}` is not a day of week (`Mon` ... `Sun`)")))?;
        weekday_given = Some(index as u32);
        c.cfws()?;
        if !c.eat(b',') {
            return Err(c.fail("expected `,` after the day of week"));
        }
        c.cfws()?;
    }
    let day = c.number(1, 2, "expected a one- or two-digit day")?;
    if !c.cfws()?.any {
        return Err(c.fail("expected white space or a comment after the day"));
    }
    let month_name = c.word();
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_name))
        .ok_or_else(|| {
            c.fail(format!(
                "`{month_name}` is not a month: RFC 2822 allows only the three-letter names `Jan` ... `Dec`"
            ))
        })? as u32
        + 1;
    if !c.cfws()?.any {
        return Err(c.fail("expected white space or a comment after the month"));
    }
    let year = year(c.digits(2, usize::MAX, "expected a year of at least two digits")?);
    if year.value.is_some_and(|v| v < 1900) {
        return Err(c.fail("the year must be 1900 or later (section 3.3)"));
    }
    if !c.cfws()?.wsp {
        return Err(c.fail("expected white space between the year and the time"));
    }
    let hour = c.number(2, 2, "expected a two-digit hour")?;
    c.cfws()?;
    if !c.eat(b':') {
        return Err(c.fail("expected `:` after the hour"));
    }
    c.cfws()?;
    let minute = c.number(2, 2, "expected two-digit minutes")?;
    let mut second = 0;
    let before = c.at;
    c.cfws()?;
    if c.eat(b':') {
        c.cfws()?;
        second = c.number(2, 2, "expected two-digit seconds")?;
    } else {
        c.at = before;
    }
    if !c.cfws()?.ends_with_wsp {
        return Err(
            c.fail("expected white space before the zone (a comment alone does not separate it)")
        );
    }
    let offset_seconds = match c.bytes.get(c.at) {
        Some(&sign @ (b'+' | b'-')) => {
            c.at += 1;
            let hhmm = c.number(4, 4, "expected a four-digit zone such as `+0000`")?;
            let (zh, zm) = (hhmm / 100, hhmm % 100);
            if zm > 59 {
                return Err(c.fail("zone minutes out of range: 00-59"));
            }
            let secs = (zh * 3600 + zm * 60) as i32;
            if sign == b'-' { -secs } else { secs }
        }
        _ => {
            let name = c.word();
            obsolete_zone(name).ok_or_else(|| {
                c.fail(format!(
                    "`{name}` is not a zone: expected `+HHMM`, `-HHMM`, `UT`, `GMT`, a US zone or a military letter"
                ))
            })? * 3600
        }
    };
    c.cfws()?;
    if c.at != c.bytes.len() {
        return Err(c.fail(format!("unexpected `{}` after the zone", &text[c.at..])));
    }
    let cycle = cycle_year(year.cycle);
    if day == 0 || day > days_in_month(u64::from(year.cycle), month) {
        return Err(c.fail("no such calendar date"));
    }
    let actual = weekday(days_from_civil(cycle, month, day));
    if let Some(given) = weekday_given
        && given != actual
    {
        return Err(c.fail(format!(
            "the day of week does not match the date: it is a {}",
            DAYS[actual as usize]
        )));
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(c.fail("time of day out of range: hours 00-23, minutes 00-59, seconds 00-60"));
    }
    if second == 60 && !leap_second_allowed(cycle, month, day, hour, minute, offset_seconds) {
        return Err(c.fail("a leap second must fall at 23:59:60 UTC on the last day of a month"));
    }
    let unix = year
        .value
        .filter(|&v| v <= MAX_INSTANT_YEAR)
        .and_then(|v| i64::try_from(v).ok())
        .and_then(|y| unix_seconds(y, month, day, hour, minute, second, offset_seconds));
    Ok(Parsed {
        unix_seconds: unix,
        nanos: 0,
        offset_seconds,
    })
}
