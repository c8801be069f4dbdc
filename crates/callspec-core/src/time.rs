//! Timestamps as providers write them: RFC 3339 (the ISO 8601 profile JSON Schema calls
//! `date-time`) and RFC 2822 (e-mail dates). Parsing checks the calendar and keeps the original
//! text, so a typed value serializes back byte for byte.

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::schema::{FORMAT_RFC2822, FORMAT_RFC3339};

/// Why a timestamp was rejected; the message says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {format} timestamp `{text}`: {reason}")]
pub struct TimestampError {
    /// The format that was expected (`RFC 3339` or `RFC 2822`).
    pub format: &'static str,
    /// The text that was given.
    pub text: String,
    /// What was wrong, naming what was expected.
    pub reason: Cow<'static, str>,
}

/// An RFC 3339 `date-time`: `2019-10-21T16:45:11.293Z`, any number of fractional digits, `Z` or
/// a numeric offset. Keeps its original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rfc3339 {
    text: Box<str>,
    instant: Timestamp,
    offset_seconds: i32,
}

/// An RFC 2822 date (section 3.3, with the obsolete forms of section 4.3 that a receiver must
/// accept): `Fri, 21 Apr 2017 13:01:25 +0000`. Keeps its original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rfc2822 {
    text: Box<str>,
    instant: Timestamp,
    offset_seconds: i32,
}

macro_rules! timestamp_common {
    ($ty:ident, $parse:ident, $format:expr, $description:expr, $pattern:expr) => {
        impl $ty {
            /// Parses `text`, checking the calendar; the text is kept as given.
            pub fn parse(text: &str) -> Result<Self, TimestampError> {
                let (instant, offset_seconds) = $parse(text)?;
                Ok(Self { text: text.into(), instant, offset_seconds })
            }

            /// The text exactly as it was parsed.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// The instant the timestamp names (a leap second `:60` reads as `:59`).
            pub fn instant(&self) -> Timestamp {
                self.instant
            }

            /// The UTC offset the text was written in, in seconds.
            pub fn offset_seconds(&self) -> i32 {
                self.offset_seconds
            }
        }

        text_impls!($ty, TimestampError);
        text_deserialize!($ty);

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }

            fn schema_id() -> Cow<'static, str> {
                concat!("callspec_core::time::", stringify!($ty)).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let mut schema = json_schema!({
                    "type": "string",
                    "format": $format,
                    "description": $description,
                });
                if let Some(pattern) = $pattern {
                    schema.insert("pattern".into(), pattern.into());
                }
                schema
            }
        }
    };
}

timestamp_common!(
    Rfc3339,
    parse_rfc3339,
    FORMAT_RFC3339,
    "An RFC 3339 date-time (the ISO 8601 profile JSON Schema calls `date-time`): \
     `YYYY-MM-DDTHH:MM:SS`, optional fractional seconds of any length, then `Z` or a \
     numeric offset `+HH:MM`.",
    None::<&str>
);

timestamp_common!(
    Rfc2822,
    parse_rfc2822,
    FORMAT_RFC2822,
    "An RFC 2822 date-time (section 3.3, with the obsolete forms of section 4.3): an optional \
     day of week that must match the date, a one- or two-digit day, a three-letter month, the \
     year, `HH:MM[:SS]` and a numeric zone (`+0000`) or an obsolete one (`GMT`, `UT`, `EST`, \
     ...). Comments and folding white space are allowed where the RFC allows them. Longer \
     month names such as `Sept` are not RFC 2822.",
    Some(RFC2822_PATTERN)
);

/// Is `text` an RFC 3339 `date-time`? The check the `date-time` format asserts. It runs on every
/// timestamp the validator sees, so it checks the calendar by arithmetic and converts to an
/// instant only for a leap second.
pub fn is_rfc3339(text: &str) -> bool {
    match scan_rfc3339(text) {
        Ok(fields) if fields.second == 60 => parse_rfc3339(text).is_ok(),
        Ok(_) => true,
        Err(_) => false,
    }
}

/// The fields of an RFC 3339 date-time, checked for shape, calendar and time of day.
struct Fields3339 {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_seconds: i32,
}

/// Days in `month` (1-12) of the proleptic Gregorian `year`.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// Is `text` an RFC 2822 date-time? The check the `rfc2822-date-time` format asserts.
pub fn is_rfc2822(text: &str) -> bool {
    parse_rfc2822(text).is_ok()
}

/// The portable shape of an RFC 2822 date, for validators that do not know the
/// `rfc2822-date-time` format: a day, a three-letter month, a year, `HH:MM` and a zone, with
/// anything the RFC allows between them (white space, folding, comments of any depth). It is
/// looser than the format (it cannot check the calendar or the comments) and never stricter.
pub const RFC2822_PATTERN: &str = concat!(
    r"^[\s\S]*[0-9][\s\S]*",
    r"(?:[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])",
    r"[ \t\r\n(][\s\S]*[0-9]{2}[\s\S]*:[\s\S]*[0-9]{2}[\s\S]*",
    r"(?:[+-][0-9]{4}|[A-Za-z])(?:[ \t\r\n(][\s\S]*)?$"
);

fn err(format: &'static str, text: &str, reason: impl Into<Cow<'static, str>>) -> TimestampError {
    TimestampError {
        format,
        text: text.to_owned(),
        reason: reason.into(),
    }
}

const RFC3339: &str = "RFC 3339";
const RFC2822: &str = "RFC 2822";

fn digits(bytes: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = bytes.get(at..at + n)?;
    slice.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn civil(year: i32, month: u32, day: u32) -> Option<Date> {
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    let year = i16::try_from(year).ok()?;
    Date::new(year, month, day).ok()
}

fn instant(
    date: Date,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_seconds: i32,
) -> Option<Timestamp> {
    // A leap second reads as the last second of its minute; the text keeps the `:60`.
    let second = second.min(59);
    let time = jiff::civil::Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        i32::try_from(nanos).ok()?,
    )
    .ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset_seconds).ok()?;
    offset.to_timestamp(date.to_datetime(time)).ok()
}

/// Parses RFC 3339 section 5.6 `date-time`, with `T`/`t` and `Z`/`z` as the RFC allows.
fn parse_rfc3339(text: &str) -> Result<(Timestamp, i32), TimestampError> {
    let f = scan_rfc3339(text)?;
    let date = civil(f.year as i32, f.month, f.day)
        .ok_or_else(|| err(RFC3339, text, "no such calendar date"))?;
    let instant = instant(date, f.hour, f.minute, f.second, f.nanos, f.offset_seconds)
        .ok_or_else(|| err(RFC3339, text, "out of range"))?;
    if f.second == 60 && !is_leap_second_position(instant) {
        return Err(err(
            RFC3339,
            text,
            "a leap second must fall at 23:59:60 UTC",
        ));
    }
    Ok((instant, f.offset_seconds))
}

/// The shape, calendar and time-of-day checks of RFC 3339, without computing the instant.
fn scan_rfc3339(text: &str) -> Result<Fields3339, TimestampError> {
    let b = text.as_bytes();
    let shape = "expected `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM)`";
    if b.len() < 20 {
        return Err(err(RFC3339, text, shape));
    }
    let (Some(year), Some(month), Some(day)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2))
    else {
        return Err(err(RFC3339, text, shape));
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return Err(err(RFC3339, text, shape));
    }
    let (Some(hour), Some(minute), Some(second)) =
        (digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2))
    else {
        return Err(err(RFC3339, text, shape));
    };
    if b[13] != b':' || b[16] != b':' {
        return Err(err(RFC3339, text, shape));
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(b[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return Err(err(
                RFC3339,
                text,
                "expected digits after the decimal point",
            ));
        }
        for _ in (at - start)..9 {
            nanos = nanos.saturating_mul(10);
        }
    }
    let offset_seconds = match b.get(at) {
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if at + 6 == b.len() && b[at + 3] == b':' => {
            let (Some(oh), Some(om)) = (digits(b, at + 1, 2), digits(b, at + 4, 2)) else {
                return Err(err(RFC3339, text, "expected a numeric offset `+HH:MM`"));
            };
            if oh > 23 || om > 59 {
                return Err(err(RFC3339, text, "offset out of range"));
            }
            let secs = (oh * 3600 + om * 60) as i32;
            if sign == b'-' { -secs } else { secs }
        }
        _ => {
            return Err(err(
                RFC3339,
                text,
                "expected `Z` or a numeric offset `+HH:MM` at the end",
            ));
        }
    };
    if day == 0 || day > days_in_month(year, month) {
        return Err(err(RFC3339, text, "no such calendar date"));
    }
    check_time(RFC3339, text, hour, minute, second)?;
    Ok(Fields3339 {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanos,
        offset_seconds,
    })
}

fn check_time(
    format: &'static str,
    text: &str,
    hour: u32,
    minute: u32,
    second: u32,
) -> Result<(), TimestampError> {
    if hour > 23 || minute > 59 || second > 60 {
        return Err(err(format, text, "time of day out of range"));
    }
    Ok(())
}

fn is_leap_second_position(clamped: Timestamp) -> bool {
    // `clamped` is the instant with `:60` read as `:59`; a leap second is only ever the last
    // second of a UTC day.
    let utc = clamped.to_zoned(jiff::tz::TimeZone::UTC);
    utc.hour() == 23 && utc.minute() == 59 && utc.second() == 59
}

/// A cursor over RFC 2822 text that skips comments and folding white space (CFWS).
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
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

    /// Skips CFWS; returns whether anything was skipped.
    fn cfws(&mut self) -> Result<bool, TimestampError> {
        let start = self.at;
        loop {
            match self.bytes.get(self.at) {
                Some(b' ' | b'\t') => self.at += 1,
                Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => {
                    // Folding: CRLF must be followed by white space.
                    if !matches!(self.bytes.get(self.at + 2), Some(b' ' | b'\t')) {
                        return Err(self.fail("a line break must be followed by white space"));
                    }
                    self.at += 2;
                }
                Some(b'(') => self.comment()?,
                _ => return Ok(self.at > start),
            }
        }
    }

    fn comment(&mut self) -> Result<(), TimestampError> {
        let mut depth = 0usize;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b'\\' => {
                    if self.bytes.get(self.at).is_none() {
                        break;
                    }
                    self.at += 1;
                }
                _ => {}
            }
        }
        Err(self.fail("unterminated comment"))
    }

    fn number(
        &mut self,
        min: usize,
        max: usize,
        what: &'static str,
    ) -> Result<(u32, usize), TimestampError> {
        let start = self.at;
        let mut value = 0u32;
        while self.at - start < max {
            match self.bytes.get(self.at) {
                Some(b) if b.is_ascii_digit() => {
                    value = value * 10 + u32::from(b - b'0');
                    self.at += 1;
                }
                _ => break,
            }
        }
        let n = self.at - start;
        if n < min || self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            return Err(self.fail(what));
        }
        Ok((value, n))
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

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [(&str, Weekday); 7] = [
    ("Mon", Weekday::Monday),
    ("Tue", Weekday::Tuesday),
    ("Wed", Weekday::Wednesday),
    ("Thu", Weekday::Thursday),
    ("Fri", Weekday::Friday),
    ("Sat", Weekday::Saturday),
    ("Sun", Weekday::Sunday),
];

/// The obsolete zone names of RFC 2822 section 4.3 with their offsets in hours. Military
/// one-letter zones other than `Z` "SHOULD all be considered equivalent to -0000".
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

/// Parses an RFC 2822 section 3.3 date-time, accepting the obsolete syntax of section 4.3
/// (CFWS between tokens, two- and three-digit years, obsolete zones).
fn parse_rfc2822(text: &str) -> Result<(Timestamp, i32), TimestampError> {
    let mut c = Cursor::new(text);
    c.cfws()?;
    let mut weekday = None;
    if c.bytes.get(c.at).is_some_and(u8::is_ascii_alphabetic) {
        let name = c.word();
        let day = DAYS
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(name))
            .ok_or_else(|| c.fail(format!("`{name}` is not a day of week (`Mon` ... `Sun`)")))?;
        weekday = Some(day.1);
        c.cfws()?;
        if !c.eat(b',') {
            return Err(c.fail("expected `,` after the day of week"));
        }
        c.cfws()?;
    }
    let (day, _) = c.number(1, 2, "expected a one- or two-digit day")?;
    if !c.cfws()? {
        return Err(c.fail("expected white space after the day"));
    }
    let month_name = c.word();
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_name))
        .ok_or_else(|| {
            c.fail(format!(
                "`{month_name}` is not a month: RFC 2822 allows only the three-letter names `Jan` ... `Dec`"
            ))
        })?;
    if !c.cfws()? {
        return Err(c.fail("expected white space after the month"));
    }
    let (raw_year, year_digits) = c.number(2, 9, "expected a year of at least two digits")?;
    let year = match year_digits {
        2 if raw_year < 50 => raw_year + 2000,
        2 | 3 => raw_year + 1900,
        _ => raw_year,
    };
    if !c.cfws()? {
        return Err(c.fail("expected white space after the year"));
    }
    let (hour, _) = c.number(2, 2, "expected a two-digit hour")?;
    c.cfws()?;
    if !c.eat(b':') {
        return Err(c.fail("expected `:` after the hour"));
    }
    c.cfws()?;
    let (minute, _) = c.number(2, 2, "expected two-digit minutes")?;
    let mut second = 0;
    let before = c.at;
    c.cfws()?;
    if c.eat(b':') {
        c.cfws()?;
        second = c.number(2, 2, "expected two-digit seconds")?.0;
    } else {
        c.at = before;
    }
    if !c.cfws()? {
        return Err(c.fail("expected white space before the zone"));
    }
    let offset_seconds = match c.bytes.get(c.at) {
        Some(&sign @ (b'+' | b'-')) => {
            c.at += 1;
            let (hhmm, _) = c.number(4, 4, "expected a four-digit zone such as `+0000`")?;
            let (zh, zm) = (hhmm / 100, hhmm % 100);
            if zm > 59 {
                return Err(c.fail("zone minutes out of range"));
            }
            let secs = (zh * 3600 + zm * 60) as i32;
            if sign == b'-' { -secs } else { secs }
        }
        _ => {
            let name = c.word();
            obsolete_zone(name).ok_or_else(|| {
                c.fail(format!(
                    "`{name}` is not a zone: expected `+HHMM`, `-HHMM`, `UT`, `GMT` or a US zone"
                ))
            })? * 3600
        }
    };
    c.cfws()?;
    if c.at != c.bytes.len() {
        return Err(c.fail(format!("unexpected `{}` after the zone", &text[c.at..])));
    }
    let date =
        civil(year as i32, month as u32 + 1, day).ok_or_else(|| c.fail("no such calendar date"))?;
    if let Some(weekday) = weekday
        && date.weekday() != weekday
    {
        return Err(c.fail(format!(
            "the day of week does not match the date: {date} is a {:?}",
            date.weekday()
        )));
    }
    check_time(RFC2822, text, hour, minute, second)?;
    let instant = instant(date, hour, minute, second, 0, offset_seconds)
        .ok_or_else(|| c.fail("out of range"))?;
    Ok((instant, offset_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_accepts_what_the_rfc_allows() {
        for ok in [
            "2019-10-21T16:45:11.293Z",
            "2019-10-21T16:45:11Z",
            "2019-10-21T16:45:11.2Z",
            "2019-10-21T16:45:11.293456Z",
            "2019-10-21T16:45:11.293456789Z",
            "2019-10-21T16:45:11.2934567891234Z",
            "2019-10-21t16:45:11z",
            "2019-10-21T16:45:11+02:00",
            "2019-10-21T16:45:11.5-05:30",
            "2016-12-31T23:59:60Z",
            "2020-02-29T00:00:00Z",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
    }

    #[test]
    fn rfc3339_rejects_the_rest() {
        for bad in [
            "2019-10-21 16:45:11Z",
            "2019-10-21T16:45:11",
            "2019-10-21T16:45:11.Z",
            "2019-10-21T16:45Z",
            "2019-02-30T16:45:11Z",
            "2019-10-21T24:00:00Z",
            "2019-10-21T16:45:11+0200",
            "2019-10-21T16:45:60Z",
            "Fri, 21 Apr 2017 13:01:25 +0000",
            "20191021T164511Z",
            "",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn rfc3339_keeps_text_and_instant() {
        let t = Rfc3339::parse("2019-10-21T18:45:11.293+02:00").unwrap();
        assert_eq!(t.as_str(), "2019-10-21T18:45:11.293+02:00");
        assert_eq!(t.instant().to_string(), "2019-10-21T16:45:11.293Z");
        assert_eq!(t.offset_seconds(), 7200);
    }

    #[test]
    fn rfc2822_accepts_what_the_rfc_allows() {
        let pattern = regex::Regex::new(RFC2822_PATTERN).unwrap();
        for ok in [
            "Fri, 21 Apr 2017 13:01:25 +0000",
            "21 Apr 2017 13:01:25 +0000",
            "Fri, 21 Apr 2017 13:01 +0000",
            "Wed, 19 Sep 2018 20:00:00 +0000",
            "Sun, 1 Jan 2017 00:00:00 GMT",
            "1 Jan 2017 00:00:00 UT",
            "1 Jan 2017 00:00:00 EST",
            "1 Jan 2017 00:00:00 z",
            "1 Jan 17 00:00:00 -0700",
            "Fri , 21 Apr 2017 13:01:25 +0000",
            "Fri, 21 Apr 2017 13:01:25 +0000 (UTC)",
            "Fri, (day) 21 (of) Apr 2017\r\n 13:01:25 +0000",
            "Fri, 21 Apr 2017 13 (h) :01 (m) : 25 +0000 (a (b (c) b) a)",
            "((((deep)))) 21 Apr 2017 13:01 GMT",
            "fri, 21 apr 2017 13:01:25 +0000",
        ] {
            assert!(is_rfc2822(ok), "{ok}: {:?}", parse_rfc2822(ok));
            assert!(pattern.is_match(ok), "pattern: {ok}");
        }
    }

    #[test]
    fn rfc2822_rejects_the_rest() {
        for (bad, why) in [
            ("Wed, 19 Sept 2018 20:00:00 +0000", "three-letter"),
            ("Thu, 21 Apr 2017 13:01:25 +0000", "does not match"),
            ("Fri, 31 Apr 2017 13:01:25 +0000", "calendar"),
            ("Fri, 21 Apr 2017 13:01:25", "zone"),
            ("Fri, 21 Apr 2017 13:01:25 J", "zone"),
            ("Fri, 21 Apr 2017 25:01:25 +0000", "range"),
            ("2017-04-21T13:01:25Z", "day"),
            ("Fri, 21 Apr 2017 13:01:25 +0000 trailing", "after the zone"),
            ("Fri, 21 Apr 2017\r\n13:01:25 +0000", "white space"),
            ("", "day"),
        ] {
            let e = parse_rfc2822(bad).unwrap_err();
            assert!(e.reason.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn rfc2822_reads_the_instant() {
        let t = Rfc2822::parse("Fri, 21 Apr 2017 13:01:25 -0500").unwrap();
        assert_eq!(t.instant().to_string(), "2017-04-21T18:01:25Z");
        let t = Rfc2822::parse("1 Jan 49 00:00 GMT").unwrap();
        assert_eq!(t.instant().to_string(), "2049-01-01T00:00:00Z");
    }

    #[test]
    fn serde_round_trips_byte_for_byte() {
        let json = r#""Fri, 21 Apr 2017 13:01:25 +0000 (UTC)""#;
        let t: Rfc2822 = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), json);
        let json = r#""2019-10-21T16:45:11.293000Z""#;
        let t: Rfc3339 = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), json);
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC*") {
            let _ = parse_rfc2822(&s);
            let _ = parse_rfc3339(&s);
        }

        #[test]
        fn what_the_format_accepts_the_pattern_accepts(
            day in 1u32..=28, month in 0usize..12, year in 1970u32..2100,
            h in 0u32..24, m in 0u32..60, s in 0u32..60, dow in proptest::bool::ANY,
            zone in proptest::sample::select(vec!["+0000", "-0730", "GMT", "UT", "PDT", "(c) +0100 (x)"]),
        ) {
            let date = civil(year as i32, month as u32 + 1, day).unwrap();
            let dow = if dow { format!("{:?}, ", date.weekday()).chars().take(3).collect::<String>() + ", " } else { String::new() };
            let text = format!("{dow}{day} {} {year} {h:02}:{m:02}:{s:02} {zone}", MONTHS[month]);
            proptest::prop_assert!(is_rfc2822(&text), "{text}");
            proptest::prop_assert!(regex::Regex::new(RFC2822_PATTERN).unwrap().is_match(&text), "{text}");
        }
    }
}
