//! RFC 3339 section 5.6 `date-time`, the format JSON Schema calls `date-time`: the grammar, the
//! calendar, and the leap-second rule of [`super::calendar::leap_second_allowed`].

use super::calendar::{days_in_month, leap_second_allowed, unix_seconds};
use super::{Parsed, TimestampError, err};

const RFC3339: &str = "RFC 3339";

fn digits(bytes: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = bytes.get(at..at + n)?;
    slice.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Parses `date-time = full-date "T" full-time` (section 5.6), with `t` and `z` as the note of
/// section 5.6 allows, years 0000 to 9999, offsets `-23:59` to `+23:59`, any number of fraction
/// digits, and `:60` only where a leap second can fall.
pub(super) fn parse(text: &str) -> Result<Parsed, TimestampError> {
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
            nanos *= 10;
        }
    }
    let offset_seconds = match b.get(at) {
        Some(b'Z' | b'z') if at + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if at + 6 == b.len() && b[at + 3] == b':' => {
            let (Some(oh), Some(om)) = (digits(b, at + 1, 2), digits(b, at + 4, 2)) else {
                return Err(err(RFC3339, text, "expected a numeric offset `+HH:MM`"));
            };
            if oh > 23 || om > 59 {
                return Err(err(
                    RFC3339,
                    text,
                    "offset out of range: hours 00-23, minutes 00-59",
                ));
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
    if month == 0 || month > 12 || day == 0 || day > days_in_month(u64::from(year), month) {
        return Err(err(RFC3339, text, "no such calendar date"));
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(err(
            RFC3339,
            text,
            "time of day out of range: hours 00-23, minutes 00-59, seconds 00-60",
        ));
    }
    let year = i64::from(year);
    if second == 60 && !leap_second_allowed(year, month, day, hour, minute, offset_seconds) {
        return Err(err(
            RFC3339,
            text,
            "a leap second must fall at 23:59:60 UTC on the last day of a month",
        ));
    }
    Ok(Parsed {
        unix_seconds: unix_seconds(year, month, day, hour, minute, second, offset_seconds),
        nanos,
        offset_seconds,
    })
}
