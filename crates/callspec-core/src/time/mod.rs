//! Timestamps as providers write them: RFC 3339 (the ISO 8601 profile JSON Schema calls
//! `date-time`) and RFC 2822 (e-mail dates). Parsing checks the grammar, the calendar and the
//! one leap-second rule both formats share, and keeps the original text, so a typed value
//! serializes back byte for byte. The typed parsers and the format checks are the same
//! function, so they accept exactly the same strings.

mod calendar;
mod pattern;
mod rfc2822;
mod rfc3339;

use std::borrow::Cow;

use jiff::Timestamp;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

pub use pattern::RFC2822_PATTERN;

/// Standard `date-time` (RFC 3339); callspec asserts it with its own parser.
pub const FORMAT_RFC3339: &str = "date-time";
/// callspec's format for RFC 2822 dates.
pub const FORMAT_RFC2822: &str = "rfc2822-date-time";

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

fn err(format: &'static str, text: &str, reason: impl Into<Cow<'static, str>>) -> TimestampError {
    TimestampError {
        format,
        text: text.to_owned(),
        reason: reason.into(),
    }
}

/// What a parser reads out of a timestamp besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Parsed {
    /// Seconds since the Unix epoch (a leap second `:60` read as `:59`); `None` for an RFC 2822
    /// year too large to count in seconds.
    unix_seconds: Option<i64>,
    nanos: u32,
    offset_seconds: i32,
}

/// An RFC 3339 `date-time`: `2019-10-21T16:45:11.293Z`, any number of fractional digits, `Z` or
/// a numeric offset. Keeps its original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rfc3339 {
    text: Box<str>,
    parsed: Parsed,
}

/// An RFC 2822 date (section 3.3, with the obsolete forms of section 4.3 that a receiver must
/// accept): `Fri, 21 Apr 2017 13:01:25 +0000`. Keeps its original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Rfc2822 {
    text: Box<str>,
    parsed: Parsed,
}

macro_rules! timestamp_common {
    ($ty:ident, $parse:path, $format:expr, $description:expr, $pattern:expr) => {
        impl $ty {
            /// Parses `text`: exactly the strings the format accepts. The text is kept as given.
            pub fn parse(text: &str) -> Result<Self, TimestampError> {
                let parsed = $parse(text)?;
                Ok(Self { text: text.into(), parsed })
            }

            /// The text exactly as it was parsed.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            /// Seconds since the Unix epoch (a leap second `:60` reads as `:59`); `None` only for
            /// an RFC 2822 year too large to count in seconds.
            pub fn unix_seconds(&self) -> Option<i64> {
                self.parsed.unix_seconds
            }

            /// The fraction of the second, in nanoseconds (digits past the ninth are dropped).
            pub fn subsec_nanos(&self) -> u32 {
                self.parsed.nanos
            }

            /// The instant the timestamp names (a leap second `:60` reads as `:59`), when it is
            /// within jiff's range (up to 9999-12-30T22:00Z): the formats reach a little past it.
            pub fn instant(&self) -> Option<Timestamp> {
                let secs = self.parsed.unix_seconds?;
                Timestamp::new(secs, i32::try_from(self.parsed.nanos).ok()?).ok()
            }

            /// The UTC offset the text was written in, in seconds.
            pub fn offset_seconds(&self) -> i32 {
                self.parsed.offset_seconds
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
    rfc3339::parse,
    FORMAT_RFC3339,
    "An RFC 3339 date-time (section 5.6, the ISO 8601 profile JSON Schema calls `date-time`): \
     `YYYY-MM-DDTHH:MM:SS`, years 0000 to 9999, optional fractional seconds of any length, then \
     `Z` or a numeric offset `+HH:MM` up to 23:59; `t` and `z` may be lower case. A second 60 \
     (a leap second) only at 23:59:60 UTC on the last day of a month (section 5.7), in \
     whatever offset it is written.",
    None::<&str>
);

timestamp_common!(
    Rfc2822,
    rfc2822::parse,
    FORMAT_RFC2822,
    "An RFC 2822 date-time (section 3.3, with the obsolete forms of section 4.3 a receiver \
     must accept): an optional day of week that must match the date, a one- or two-digit day, \
     a three-letter month, a year of 1900 or later (two- and three-digit years read as section \
     4.3 says), `HH:MM[:SS]` and a numeric zone up to `+9959` or an obsolete one (`GMT`, `UT`, \
     `EST`, ..., a military letter). Comments and folding white space are allowed where the \
     RFC allows them; white space, not a comment alone, must separate the year from the time \
     and the time from the zone. A second 60 (a leap second) only at 23:59:60 UTC on the last \
     day of a month, as for `date-time`. Where RFC 5322 differs, callspec follows RFC 2822 \
     (white space before every zone, around the month), except for a quoted pair in a comment \
     (one character, as RFC 5322 reads it: RFC 2822's `obs-text` there could swallow the \
     closing parenthesis) and folding white space (RFC 5322 erratum 1908: a run may start \
     with a line break). Longer month names such as `Sept` are not RFC 2822. The `pattern` \
     checks the same shape without the calendar and the leap-second rule, and dates with \
     nested comments only for US-ASCII.",
    Some(RFC2822_PATTERN)
);

/// Is `text` an RFC 3339 `date-time`? The check the `date-time` format asserts.
pub fn is_rfc3339(text: &str) -> bool {
    rfc3339::parse(text).is_ok()
}

/// Is `text` an RFC 2822 date-time? The check the `rfc2822-date-time` format asserts.
pub fn is_rfc2822(text: &str) -> bool {
    rfc2822::parse(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leap-second rule by jiff's arithmetic: the `:59` before the `:60`, moved to UTC, is
    /// 23:59:59 on the last day of a month. An instant past jiff's range is on 10000-01-01 or
    /// later, never the end of a month (years past 9999 are mapped to their 400-year cycle first).
    fn leap_oracle(date: jiff::civil::Date, h: i8, m: i8, offset: i32) -> bool {
        let Ok(local) =
            jiff::civil::DateTime::new(date.year(), date.month(), date.day(), h, m, 59, 0)
        else {
            return false;
        };
        let Ok(utc) = local.checked_sub(jiff::SignedDuration::from_secs(i64::from(offset))) else {
            return false;
        };
        utc.hour() == 23
            && utc.minute() == 59
            && utc.second() == 59
            && utc.day() == utc.date().days_in_month()
    }

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
        assert_eq!(t.instant().unwrap().to_string(), "2019-10-21T16:45:11.293Z");
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
            assert!(is_rfc2822(ok), "{ok}: {:?}", rfc2822::parse(ok));
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
            let e = rfc2822::parse(bad).unwrap_err();
            assert!(e.reason.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn rfc2822_reads_the_instant() {
        let t = Rfc2822::parse("Fri, 21 Apr 2017 13:01:25 -0500").unwrap();
        assert_eq!(t.instant().unwrap().to_string(), "2017-04-21T18:01:25Z");
        let t = Rfc2822::parse("1 Jan 49 00:00 GMT").unwrap();
        assert_eq!(t.instant().unwrap().to_string(), "2049-01-01T00:00:00Z");
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
            let _ = rfc2822::parse(&s);
            let _ = rfc3339::parse(&s);
        }

        #[test]
        fn what_the_format_accepts_the_pattern_accepts(
            day in 1u32..=28, month in 0usize..12, year in 1900u32..10100,
            h in 0u32..24, m in 0u32..60, s in 0u32..60, dow in proptest::bool::ANY,
            zone in proptest::sample::select(vec!["+0000", "-0730", "+9959", "GMT", "UT", "PDT", "(c) +0100 (x)"]),
        ) {
            let days = calendar::days_from_civil(i64::from(year), month as u32 + 1, day);
            let dow = if dow { format!("{}, ", rfc2822::DAYS[calendar::weekday(days) as usize]) } else { String::new() };
            let text = format!("{dow}{day} {} {year} {h:02}:{m:02}:{s:02} {zone}", rfc2822::MONTHS[month]);
            proptest::prop_assert!(is_rfc2822(&text), "{text}");
            proptest::prop_assert!(regex::Regex::new(RFC2822_PATTERN).unwrap().is_match(&text), "{text}");
        }

        /// The typed parser accepts exactly what the format accepts, and both agree with an
        /// oracle built on jiff's calendar, over the boundary years of RFC 3339.
        #[test]
        fn rfc3339_typed_parse_is_the_format_over_boundary_years(
            year in proptest::sample::select(vec![0i16, 1, 4, 100, 400, 1899, 1900, 1970, 2000, 2016, 2100, 9998, 9999]),
            month in 0i8..=13, day in 0i8..=32, h in 0i8..=24, m in 0i8..=60, s in 0i8..=61,
            offset in proptest::sample::select(vec![0i32, 60, -60, 3600, -8 * 3600, 23 * 3600 + 59 * 60, -(23 * 3600 + 59 * 60), 24 * 3600]),
            z in proptest::bool::ANY,
        ) {
            let zone = if offset == 0 && z {
                "Z".to_owned()
            } else {
                let sign = if offset < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", offset.abs() / 3600, offset.abs() % 3600 / 60)
            };
            let text = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{zone}");
            let typed = Rfc3339::parse(&text).is_ok();
            proptest::prop_assert_eq!(typed, is_rfc3339(&text), "{}", text);
            let date = jiff::civil::Date::new(year, month, day).ok();
            let oracle = date.is_some_and(|date| {
                offset.abs() < 24 * 3600 && h <= 23 && m <= 59 && (s <= 59 || (s == 60 && leap_oracle(date, h, m, offset)))
            });
            proptest::prop_assert_eq!(typed, oracle, "{}", text);
        }

        /// The same for RFC 2822, over the years around 1900, the two- and three-digit forms,
        /// 9999 and past it, with the day of week right or wrong and zones up to +9959.
        #[test]
        fn rfc2822_typed_parse_is_the_format_over_boundary_years(
            year in proptest::sample::select(vec!["1899", "1900", "01900", "2000", "2020", "9999", "10000", "00", "49", "50", "99", "000", "100", "0001"]),
            month in 0usize..12, day in 0i8..=32, h in 0i8..=24, m in 0i8..=60, s in 0i8..=61,
            offset in proptest::sample::select(vec![0i32, 60, -60, 3600, -8 * 3600, 26 * 3600, 99 * 3600 + 59 * 60, -(99 * 3600 + 59 * 60)]),
            dow in 0usize..8,
        ) {
            let value: i64 = year.parse().unwrap();
            let full = match year.len() {
                2 if value < 50 => value + 2000,
                2 | 3 => value + 1900,
                _ => value,
            };
            // jiff's calendar stops at 9999; the Gregorian calendar repeats every 400 years.
            let calendar_year = if full > 9999 { 2000 + full % 400 } else { full };
            let date = jiff::civil::Date::new(calendar_year as i16, month as i8 + 1, day).ok();
            let sign = if offset < 0 { '-' } else { '+' };
            let zone = format!("{sign}{:02}{:02}", offset.abs() / 3600, offset.abs() % 3600 / 60);
            let weekday = match (dow, date) {
                (7, _) | (_, None) => String::new(),
                (d, _) => format!("{}, ", rfc2822::DAYS[d]),
            };
            let text = format!("{weekday}{day} {} {year} {h:02}:{m:02}:{s:02} {zone}", rfc2822::MONTHS[month]);
            let typed = Rfc2822::parse(&text).is_ok();
            proptest::prop_assert_eq!(typed, is_rfc2822(&text), "{}", text);
            let oracle = full >= 1900 && date.is_some_and(|date| {
                (dow == 7 || date.weekday().to_monday_zero_offset() as usize == dow)
                    && h <= 23 && m <= 59 && (s <= 59 || (s == 60 && leap_oracle(date, h, m, offset)))
            });
            proptest::prop_assert_eq!(typed, oracle, "{}", text);
            if typed {
                proptest::prop_assert!(regex::Regex::new(RFC2822_PATTERN).unwrap().is_match(&text), "{}", text);
            }
        }
    }
}
