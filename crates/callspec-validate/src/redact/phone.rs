//! Phone numbers masked for display: the digits past the first four and before the last two
//! become [`MASK`], so a number can still be recognised by the person who owns the capture.
//!
//! What is a phone number, in any text callspec shows (messages, values, excerpts, pointers,
//! request lines): 7 to 15 digits that are not part of a longer token, written
//!
//! - as one run, with or without a leading `+` (`+15553334444`, `02072068888`,
//!   `sip:15551234567@host`, a key `/+15553334444` in a pointer);
//! - after a `+`, in groups separated by one space, `-` or `.`, or in parentheses
//!   (`+1 555 333 4444`, `+1-555-333-4444`, `+44 (20) 7206 8888`);
//! - in the North American shapes `(555) 333-4444`, `555-333-4444`, `555.333.4444` and
//!   `555 333 4444`.
//!
//! Not a phone number: a run touching a letter or digit, or joined by `-`, `_` or `.` to one
//! (uuids, hex ids, call ids such as `c-95ac8d6e-1a31c52e`, timestamps, decimals); runs of
//! more than 15 digits; and, inside the path of a URL, a run without a leading `+` (account
//! ids such as `/accounts/5555555/` are not numbers; `/calls/+15553334444` is).

use std::borrow::Cow;
use std::ops::Range;

use super::MASK;

/// Phone digits kept at the start of a masked number.
const KEEP_FIRST: usize = 4;
/// Phone digits kept at the end of a masked number.
const KEEP_LAST: usize = 2;
/// Fewer digits than this are not taken for a phone number.
const MIN_DIGITS: usize = 7;
/// E.164 numbers have at most 15 digits; longer runs are ids, not numbers.
const MAX_DIGITS: usize = 15;

/// Masks a value known to be a phone address: a whole value of 7 or more digits, with or
/// without a leading `+`, is masked whatever its length (`+441512345623` gives
/// `+4415••••••23`); anything else (a SIP URI) by the rules of [`mask_phones_in_text`].
#[must_use]
pub fn mask_phone(value: &str) -> Cow<'_, str> {
    let digits = value.strip_prefix('+').unwrap_or(value);
    if digits.len() >= MIN_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
        let mut out = String::with_capacity(value.len() + 2 * digits.len());
        out.push_str(&value[..value.len() - digits.len()]);
        push_masked(digits, &mut out);
        return Cow::Owned(out);
    }
    mask_phones_in_text(value)
}

/// Masks every phone number in `text` (the module's rules). Returns the text borrowed when
/// nothing was masked.
#[must_use]
pub fn mask_phones_in_text(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .filter(|b| b.is_ascii_digit())
        .nth(MIN_DIGITS - 1)
        .is_none()
    {
        return Cow::Borrowed(text);
    }
    let paths = url_paths(text);
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let next_digit = bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
        let starts = (matches!(b, b'+' | b'(') && next_digit)
            || (b.is_ascii_digit() && (at == 0 || !bytes[at - 1].is_ascii_digit()));
        if !starts {
            at += 1;
            continue;
        }
        let found = number_at(bytes, at).filter(|&end| {
            let in_path = paths.iter().any(|p| p.contains(&at));
            is_token_edge(text[..at].chars().rev(), b == b'+')
                && is_token_edge(text[end..].chars(), false)
                && (!in_path || b == b'+' || (at > 0 && bytes[at - 1] == b'+'))
        });
        match found {
            Some(end) => {
                let masked = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
                masked.push_str(&text[copied..at]);
                push_masked(&text[at..end], masked);
                copied = end;
                at = end;
            }
            None => {
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_digit() {
                    at += 1;
                }
            }
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut masked) => {
            masked.push_str(&text[copied..]);
            Cow::Owned(masked)
        }
    }
}

/// The end of the phone number starting at `start` (at a `+`, a `(` or the first digit).
fn number_at(bytes: &[u8], start: usize) -> Option<usize> {
    let digits_from = |at: usize| {
        bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let count_ok = |n: usize| (MIN_DIGITS..=MAX_DIGITS).contains(&n);
    match bytes[start] {
        b'+' => {
            let mut at = start + 1;
            let mut total = 0;
            loop {
                let run = digits_from(at);
                if run == 0 {
                    return None;
                }
                total += run;
                at += run;
                match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(b' ' | b'-' | b'.'), Some(d)) if d.is_ascii_digit() => at += 1,
                    (Some(b' '), Some(b'(')) => at += 1,
                    _ => {}
                }
                if bytes.get(at) == Some(&b'(') {
                    let run = digits_from(at + 1);
                    if run == 0 || bytes.get(at + 1 + run) != Some(&b')') {
                        break;
                    }
                    total += run;
                    at += run + 2;
                    if matches!(bytes.get(at), Some(b' ' | b'-' | b'.'))
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
                    {
                        at += 1;
                    }
                    continue;
                }
                if !bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    break;
                }
            }
            count_ok(total).then_some(at)
        }
        b'(' => {
            // (555) 333-4444
            let at = start + 1;
            (digits_from(at) == 3 && bytes.get(at + 3) == Some(&b')')).then_some(())?;
            let mut at = at + 4;
            if bytes.get(at) == Some(&b' ') {
                at += 1;
            }
            (digits_from(at) == 3).then_some(())?;
            at += 3;
            if matches!(bytes.get(at), Some(b'-' | b'.' | b' ')) {
                at += 1;
            }
            (digits_from(at) == 4).then_some(at + 4)
        }
        _ => {
            let run = digits_from(start);
            // 555-333-4444, 555.333.4444, 555 333 4444: one separator, used twice.
            if run == 3
                && let Some(&sep @ (b'-' | b'.' | b' ')) = bytes.get(start + 3)
                && digits_from(start + 4) == 3
                && bytes.get(start + 7) == Some(&sep)
                && digits_from(start + 8) == 4
            {
                return Some(start + 12);
            }
            count_ok(run).then_some(start + run)
        }
    }
}

/// The byte ranges of the paths of the URLs in `text` (after `scheme://host`, up to `?`, `#`
/// or the end of the URL).
fn url_paths(text: &str) -> Vec<Range<usize>> {
    let mut paths = Vec::new();
    for (i, _) in text.match_indices("://") {
        let start = i + 3;
        let stop = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>'))
            .map_or(text.len(), |j| start + j);
        let url = super::url::Url::parse(&text[start - 3..stop]);
        let path_start = url.path.as_ptr() as usize - text.as_ptr() as usize;
        paths.push(path_start..path_start + url.path.len());
    }
    paths
}

/// Whether a number ends where `outward` (the characters leading away from it) starts: no
/// letter or digit touches it, and no joiner with a letter or digit beyond it. With `plus`, the
/// number starts with its own `+`.
fn is_token_edge(mut outward: impl Iterator<Item = char>, plus: bool) -> bool {
    match outward.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('+') if !plus => true,
        Some('-' | '_' | '.') => !outward.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Appends `number` to `out`, its digits past the first four and before the last two masked,
/// everything else kept.
fn push_masked(number: &str, out: &mut String) {
    let count = number.bytes().filter(u8::is_ascii_digit).count();
    let mut seen = 0;
    for c in number.chars() {
        if c.is_ascii_digit() {
            if seen < KEEP_FIRST || seen >= count.saturating_sub(KEEP_LAST) {
                out.push(c);
            } else {
                out.push(MASK);
            }
            seen += 1;
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phones() {
        assert_eq!(mask_phone("+441512345623"), "+4415••••••23");
        assert_eq!(mask_phone("358942417543"), "3589••••••43");
        assert_eq!(mask_phone("02072068888"), "0207•••••88");
        assert_eq!(mask_phone("1234567"), "1234•67");
        assert_eq!(mask_phone("sip:+15551234567@host"), "sip:+1555•••••67@host");
        assert_eq!(
            mask_phone("sips:15551234567@sip.example.com;transport=tls"),
            "sips:1555•••••67@sip.example.com;transport=tls"
        );
        assert_eq!(mask_phone("sip:alice@example.com"), "sip:alice@example.com");
        assert_eq!(mask_phone("+123456"), "+123456");
        assert_eq!(mask_phone(""), "");
        assert!(matches!(mask_phone("anonymous"), Cow::Borrowed(_)));
    }

    #[test]
    fn formatted_numbers() {
        for (text, masked) in [
            ("+1 555 333 4444", "+1 555 ••• ••44"),
            ("+1-555-333-4444", "+1-555-•••-••44"),
            ("+44 (20) 7206 8888", "+44 (20) •••• ••88"),
            ("(555) 333-4444", "(555) 3••-••44"),
            ("555-333-4444", "555-3••-••44"),
            ("555.333.4444", "555.3••.••44"),
            ("call 555 333 4444 now", "call 555 3•• ••44 now"),
            ("sip:+1-555-333-4444@h", "sip:+1-555-•••-••44@h"),
        ] {
            assert_eq!(mask_phones_in_text(text), masked, "{text}");
        }
    }

    #[test]
    fn numbers_in_keys_and_pointers() {
        assert_eq!(
            mask_phones_in_text("`/calls/+15553334444/to` and `/15553334444`"),
            "`/calls/+1555•••••44/to` and `/1555•••••44`"
        );
    }

    #[test]
    fn ids_in_url_paths_are_kept() {
        let line =
            "GET https://voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1?to=+15553334444";
        assert_eq!(
            mask_phones_in_text(line),
            "GET https://voice.bandwidth.com/api/v2/accounts/5555555/calls/c-1?to=+1555•••••44"
        );
        assert_eq!(
            mask_phones_in_text("https://h/numbers/+15553334444"),
            "https://h/numbers/+1555•••••44"
        );
    }

    #[test]
    fn not_numbers() {
        for kept in [
            "123e4567-e89b-12d3-a456-426614174000",
            "2019-10-21T16:45:11.293Z",
            "2019-10-21",
            "20191021T164511Z",
            "c-95ac8d6e-1a31c52e",
            "callId c-15551234567-abc",
            "0x15551234567",
            "price 0.12345678",
            "id 1234567890123456789",
            "CA1234567890abcdef",
            "short 123456",
            "Fri, 21 Apr 2017 13:01:25 +0000",
            "192.168.100.200",
        ] {
            assert!(
                matches!(mask_phones_in_text(kept), Cow::Borrowed(_)),
                "{kept}"
            );
        }
    }

    proptest! {
        #[test]
        fn masking_keeps_shape(text in "\\PC{0,64}", digits in "[+(]?[0-9 ().-]{0,24}") {
            let text = format!("{text} {digits} {text}");
            let masked = mask_phones_in_text(&text);
            prop_assert_eq!(masked.chars().count(), text.chars().count());
            for (a, b) in text.chars().zip(masked.chars()) {
                prop_assert!(a == b || (a.is_ascii_digit() && b == MASK));
            }
            let _ = mask_phone(&text);
        }
    }
}
