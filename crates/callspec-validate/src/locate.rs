//! Source positions for JSON text without building a `serde_json::Value`: where a JSON pointer's
//! value sits in a body, what line and column a byte offset or a `serde_json` syntax error maps
//! to, and the text of a line for source excerpts.
//!
//! Columns count characters (Unicode scalar values), not bytes, everywhere in this module, so a
//! position found here, one from [`syntax_position`] and one from [`position_at`] agree. Lines are
//! separated by `\n` only (a `\r` before it is the last character of its line), as in
//! `serde_json`.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use memchr::{memchr, memchr_iter, memchr2, memrchr};

mod all;

pub(crate) use all::place_all;

/// The UTF-8 byte order mark.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A 1-based line and column in a source; the column counts characters (Unicode scalar values),
/// not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

impl Position {
    /// Line 1, column 1: the start of a source.
    pub const START: Position = Position { line: 1, column: 1 };

    /// A position at `line` and `column` (both 1-based).
    #[must_use]
    pub const fn new(line: u64, column: u64) -> Self {
        Position { line, column }
    }

    /// Maps `self`, a position relative to a body (where the body's first character is 1:1),
    /// onto the source the body was cut from, given `start`, the source position of the body's
    /// first character.
    ///
    /// On the body's first line the column is shifted by `start.column - 1`; on later lines only
    /// the line is shifted, since those lines start at column 1 of the source as well.
    #[must_use]
    pub const fn relative_to(self, start: Position) -> Position {
        if self.line <= 1 {
            Position {
                line: start.line,
                column: start.column.saturating_add(self.column.saturating_sub(1)),
            }
        } else {
            Position {
                line: start.line.saturating_add(self.line - 1),
                column: self.column,
            }
        }
    }
}

impl Default for Position {
    fn default() -> Self {
        Position::START
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where a value sits in a body: its byte range and the line and column of its first byte,
/// relative to the body's start (1:1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// Byte offset of the value's first byte.
    pub offset: usize,
    /// Byte offset one past the value's last byte.
    pub end: usize,
    /// 1-based line of the value's first byte.
    pub line: u64,
    /// 1-based column (in characters) of the value's first byte.
    pub column: u64,
}

impl Location {
    /// The line and column of the value's first byte.
    #[must_use]
    pub const fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    /// The value's byte range in the body.
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.offset..self.end
    }
}

/// The location of the value `pointer` (RFC 6901) names in `body`, or `None` when there is no
/// such value, when `pointer` is not a JSON pointer (it must be empty or start with `/`), or when
/// the body is too malformed to follow.
///
/// `""` names the whole document. Object members are matched on their decoded key text, so
/// `"a\"b"` matches the token `a"b` and `"\u0061"` matches `a`; when a key occurs more than once
/// the last occurrence is taken, as `serde_json` keeps the last one. The scan is a single forward
/// pass that skips the values it does not descend into and allocates nothing.
#[must_use]
pub fn locate(body: &[u8], pointer: &str) -> Option<Location> {
    match locate_nearest(body, pointer) {
        Some((location, true)) => Some(location),
        _ => None,
    }
}

/// Like [`locate`], but when the value does not exist, the location of its nearest existing
/// ancestor, with `false` as the second element: the parent object (its `{`) for a missing
/// member, the array (its `[`) for an index past the end or a token that is not an index, or the
/// scalar a pointer tried to descend into.
///
/// Returns `None` when `pointer` is not a JSON pointer or the body is too malformed to follow.
#[must_use]
pub fn locate_nearest(body: &[u8], pointer: &str) -> Option<(Location, bool)> {
    let tokens = match pointer.strip_prefix('/') {
        Some(rest) => Some(rest.split('/')),
        None if pointer.is_empty() => None,
        None => return None,
    };
    let first = if body.starts_with(BOM) { BOM.len() } else { 0 };
    let mut at = skip_ws(body, first);
    if at >= body.len() {
        return None;
    }
    for token in tokens.into_iter().flatten() {
        let step = match body.get(at) {
            Some(b'{') => member(body, at, token),
            Some(b'[') => element(body, at, token),
            Some(_) => Step::Missing,
            // A container that ends before the value the last step found: malformed.
            None => Step::Malformed,
        };
        match step {
            Step::Found(next) => at = next,
            Step::Missing => return Some((location(body, at, skip_value(body, at)?), false)),
            Step::Malformed => return None,
        }
    }
    Some((location(body, at, skip_value(body, at)?), true))
}

/// The position of byte `offset` of `body` in the source, given `start`, the source position of
/// the body's first byte. The column counts characters; an offset inside a multi-byte character
/// gives that character's position, and an offset past the end gives the position just after
/// the last character.
#[must_use]
pub fn position_at(body: &[u8], offset: usize, start: Position) -> Position {
    let offset = char_boundary(body, offset.min(body.len()));
    advance(body, 0, offset, Position::START).relative_to(start)
}

/// The position a `serde_json` error reported for `body` points at, consistent with
/// [`position_at`] (relative to the body: its first character is 1:1).
///
/// `serde_json` counts columns in bytes and reports the byte it stopped at; this maps that byte
/// back to a character column. For an unexpected end of input the position is just past the last
/// character. Errors without a position (I/O) give 1:1.
#[must_use]
pub fn syntax_position(body: &[u8], err: &serde_json::Error) -> Position {
    if err.line() == 0 {
        return Position::START;
    }
    let Some(line_start) = line_start(body, err.line() as u64) else {
        return position_at(body, body.len(), Position::START);
    };
    let column = err.column();
    let offset = if err.classify() == serde_json::error::Category::Eof {
        line_start.saturating_add(column)
    } else {
        line_start.saturating_add(column.saturating_sub(1))
    };
    position_at(body, offset, Position::START)
}

/// The text of 1-based `line` of `body` without its line terminator (`\n` or `\r\n`), decoded
/// lossily, for source excerpts; `None` when the body has fewer lines.
#[must_use]
pub fn line_text(body: &[u8], line: u64) -> Option<Cow<'_, str>> {
    let start = line_start(body, line)?;
    let rest = &body[start..];
    let mut text = match memchr(b'\n', rest) {
        Some(end) => &rest[..end],
        None => rest,
    };
    if let Some(stripped) = text.strip_suffix(b"\r") {
        text = stripped;
    }
    Some(String::from_utf8_lossy(text))
}

/// Byte offset where 1-based `line` of `body` starts, or `None` past the last line.
fn line_start(body: &[u8], line: u64) -> Option<usize> {
    match line {
        0 => None,
        1 => Some(0),
        _ => {
            let skip = usize::try_from(line - 2).ok()?;
            memchr_iter(b'\n', body).nth(skip).map(|nl| nl + 1)
        }
    }
}

/// Moves `offset` back to the first byte of the UTF-8 sequence it falls into (at most three
/// continuation bytes back; invalid UTF-8 is left as it is).
fn char_boundary(body: &[u8], offset: usize) -> usize {
    let mut at = offset;
    while at > 0 && offset - at < 3 && body.get(at).is_some_and(|&b| is_continuation(b)) {
        at -= 1;
    }
    if body.get(at).is_some_and(|&b| is_continuation(b)) {
        offset
    } else {
        at
    }
}

const fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Number of characters in `bytes`: bytes that are not UTF-8 continuation bytes.
fn count_chars(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| !is_continuation(b)).count() as u64
}

/// The position of `body[to]` given that `body[from]` is at `at` (both relative positions).
pub(crate) fn advance(body: &[u8], from: usize, to: usize, at: Position) -> Position {
    let span = &body[from..to];
    match memrchr(b'\n', span) {
        None => Position {
            line: at.line,
            column: at.column + count_chars(span),
        },
        Some(last) => Position {
            line: at.line + memchr_iter(b'\n', span).count() as u64,
            column: count_chars(&span[last + 1..]) + 1,
        },
    }
}

fn location(body: &[u8], offset: usize, end: usize) -> Location {
    let at = position_at(body, offset, Position::START);
    Location {
        offset,
        end,
        line: at.line,
        column: at.column,
    }
}

/// JSON insignificant whitespace.
pub(crate) const fn is_ws(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first index at or after `at` that is not whitespace (or `body.len()`).
pub(crate) fn skip_ws(body: &[u8], mut at: usize) -> usize {
    while at < body.len() && is_ws(body[at]) {
        at += 1;
    }
    at
}

/// `body[at]` is an opening quote: the index just past the closing quote, or `None` when the
/// string is not terminated.
pub(crate) fn skip_string(body: &[u8], at: usize) -> Option<usize> {
    let mut from = at + 1;
    loop {
        let found = from + memchr2(b'"', b'\\', body.get(from..)?)?;
        if body[found] == b'"' {
            return Some(found + 1);
        }
        from = found + 2;
    }
}

/// `body[at]` is the first byte of a value: the index just past it, or `None` when it is not a
/// value or never ends. Assumes well-formed JSON (scalars are skipped up to the next delimiter,
/// brackets are only counted), which is what the callers need.
pub(crate) fn skip_value(body: &[u8], at: usize) -> Option<usize> {
    match *body.get(at)? {
        b'"' => skip_string(body, at),
        b'{' | b'[' => skip_container(body, at),
        b'}' | b']' | b',' | b':' => None,
        _ => {
            let mut end = at;
            while end < body.len()
                && !is_ws(body[end])
                && !matches!(body[end], b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"')
            {
                end += 1;
            }
            Some(end)
        }
    }
}

fn skip_container(body: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    while i < body.len() {
        match body[i] {
            b'"' => {
                i = skip_string(body, i)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

enum Step {
    Found(usize),
    Missing,
    Malformed,
}

/// `body[object]` is `{`: the start of the value of the last member whose key is `token`.
fn member(body: &[u8], object: usize, token: &str) -> Step {
    let mut found = None;
    let mut at = skip_ws(body, object + 1);
    if body.get(at) == Some(&b'}') {
        return Step::Missing;
    }
    loop {
        if body.get(at) != Some(&b'"') {
            return Step::Malformed;
        }
        let Some(key_end) = skip_string(body, at) else {
            return Step::Malformed;
        };
        let key = &body[at + 1..key_end - 1];
        at = skip_ws(body, key_end);
        if body.get(at) != Some(&b':') {
            return Step::Malformed;
        }
        at = skip_ws(body, at + 1);
        if key_matches(key, token) {
            found = Some(at);
        }
        let Some(end) = skip_value(body, at) else {
            return Step::Malformed;
        };
        at = skip_ws(body, end);
        match body.get(at) {
            Some(b',') => at = skip_ws(body, at + 1),
            Some(b'}') => return found.map_or(Step::Missing, Step::Found),
            _ => return Step::Malformed,
        }
    }
}

/// `body[array]` is `[`: the start of element `token` (an RFC 6901 array index).
fn element(body: &[u8], array: usize, token: &str) -> Step {
    let Some(index) = array_index(token) else {
        return Step::Missing;
    };
    let mut at = skip_ws(body, array + 1);
    if body.get(at) == Some(&b']') {
        return Step::Missing;
    }
    let mut current = 0usize;
    loop {
        if current == index {
            return Step::Found(at);
        }
        let Some(end) = skip_value(body, at) else {
            return Step::Malformed;
        };
        at = skip_ws(body, end);
        match body.get(at) {
            Some(b',') => at = skip_ws(body, at + 1),
            Some(b']') => return Step::Missing,
            _ => return Step::Malformed,
        }
        current += 1;
    }
}

/// RFC 6901 array index: `0` or a decimal number without leading zeros.
fn array_index(token: &str) -> Option<usize> {
    let bytes = token.as_bytes();
    if bytes.is_empty()
        || !bytes.iter().all(u8::is_ascii_digit)
        || (bytes.len() > 1 && bytes[0] == b'0')
    {
        return None;
    }
    token.parse().ok()
}

/// Whether the raw text of a JSON key (between its quotes, escapes not decoded) equals the
/// pointer token (with `~0`/`~1` not decoded), comparing decoded text without allocating.
fn key_matches(raw: &[u8], token: &str) -> bool {
    let token = token.as_bytes();
    if memchr(b'\\', raw).is_none() && memchr(b'~', token).is_none() {
        return raw == token;
    }
    let mut key = KeyBytes::new(raw);
    let mut tok = TokenBytes { raw: token, at: 0 };
    loop {
        match (key.next(), tok.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The UTF-8 bytes of a JSON string's decoded text.
struct KeyBytes<'a> {
    raw: &'a [u8],
    at: usize,
    pending: [u8; 4],
    pending_at: usize,
    pending_len: usize,
}

impl<'a> KeyBytes<'a> {
    fn new(raw: &'a [u8]) -> Self {
        KeyBytes {
            raw,
            at: 0,
            pending: [0; 4],
            pending_at: 0,
            pending_len: 0,
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.raw.get(at..at + 4)?;
        digits.iter().try_fold(0u32, |code, &digit| {
            Some(code << 4 | char::from(digit).to_digit(16)?)
        })
    }

    /// Decodes the `\u` escape at `self.at` (the backslash); returns the character and the
    /// escape's length.
    fn unicode_escape(&self) -> Option<(char, usize)> {
        let high = self.hex4(self.at + 2)?;
        if (0xD800..0xDC00).contains(&high) {
            if self.raw.get(self.at + 6..self.at + 8) == Some(b"\\u".as_slice())
                && let Some(low) = self.hex4(self.at + 8)
                && (0xDC00..0xE000).contains(&low)
            {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Some((char::from_u32(code)?, 12));
            }
            return Some((char::REPLACEMENT_CHARACTER, 6));
        }
        Some((
            char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER),
            6,
        ))
    }
}

impl Iterator for KeyBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if self.pending_at < self.pending_len {
            let byte = self.pending[self.pending_at];
            self.pending_at += 1;
            return Some(byte);
        }
        let byte = *self.raw.get(self.at)?;
        if byte != b'\\' {
            self.at += 1;
            return Some(byte);
        }
        let simple = match self.raw.get(self.at + 1) {
            Some(b'"') => Some(b'"'),
            Some(b'\\') => Some(b'\\'),
            Some(b'/') => Some(b'/'),
            Some(b'b') => Some(0x08),
            Some(b'f') => Some(0x0C),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            _ => None,
        };
        if let Some(decoded) = simple {
            self.at += 2;
            return Some(decoded);
        }
        if self.raw.get(self.at + 1) == Some(&b'u')
            && let Some((ch, len)) = self.unicode_escape()
        {
            self.at += len;
            let encoded = ch.encode_utf8(&mut self.pending).len();
            self.pending_len = encoded;
            self.pending_at = 1;
            return Some(self.pending[0]);
        }
        // An invalid escape: compare it as it is written (it never matches valid text anyway).
        self.at += 1;
        Some(byte)
    }
}

/// The bytes of a JSON pointer token with `~1` decoded to `/` and `~0` to `~`.
struct TokenBytes<'a> {
    raw: &'a [u8],
    at: usize,
}

impl Iterator for TokenBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        let byte = *self.raw.get(self.at)?;
        if byte == b'~' {
            match self.raw.get(self.at + 1) {
                Some(b'0') => {
                    self.at += 2;
                    return Some(b'~');
                }
                Some(b'1') => {
                    self.at += 2;
                    return Some(b'/');
                }
                _ => {}
            }
        }
        self.at += 1;
        Some(byte)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn at(body: &str, pointer: &str) -> Option<(u64, u64, String)> {
        let loc = locate(body.as_bytes(), pointer)?;
        Some((loc.line, loc.column, body[loc.range()].to_owned()))
    }

    #[test]
    fn whole_document_and_members() {
        let body = "  {\"a\": 1, \"b\": {\"c\": [10, 20, {\"d\": \"x\"}]}}";
        assert_eq!(at(body, "").unwrap().2, &body[2..]);
        assert_eq!(at(body, "/a"), Some((1, 9, "1".into())));
        assert_eq!(at(body, "/b/c/1"), Some((1, 28, "20".into())));
        assert_eq!(at(body, "/b/c/2/d").unwrap().2, "\"x\"");
        assert_eq!(at(body, "/b/c/3"), None);
        assert_eq!(at(body, "/b/c/01"), None);
        assert_eq!(at(body, "/b/c/-"), None);
        assert_eq!(at(body, "/zz"), None);
        assert_eq!(at(body, "a"), None, "not a pointer");
    }

    #[test]
    fn pretty_printed() {
        let body = "{\n  \"callId\": \"c-1\",\n  \"nested\": {\n    \"list\": [\n      true,\n      null\n    ]\n  }\n}\n";
        assert_eq!(at(body, "/callId"), Some((2, 13, "\"c-1\"".into())));
        assert_eq!(at(body, "/nested/list/1"), Some((6, 7, "null".into())));
        assert_eq!(at(body, "/nested/list").unwrap().0, 4);
    }

    #[test]
    fn escaped_keys_and_tokens() {
        let body =
            r#"{"a\"b": 1, "\u0061": 2, "x/y": 3, "m~n": 4, "\ud83d\ude00": 5, "": 6, "é": 7}"#;
        assert_eq!(at(body, "/a\"b").unwrap().2, "1");
        assert_eq!(at(body, "/a").unwrap().2, "2");
        assert_eq!(at(body, "/x~1y").unwrap().2, "3");
        assert_eq!(at(body, "/m~0n").unwrap().2, "4");
        assert_eq!(at(body, "/😀").unwrap().2, "5");
        assert_eq!(at(body, "/").unwrap().2, "6");
        assert_eq!(at(body, "/é"), Some((1, 77, "7".into())));
        assert_eq!(at(body, "/x/y"), None);
    }

    #[test]
    fn duplicate_keys_take_the_last_like_serde_json() {
        let body = r#"{"a": 1, "a": 2}"#;
        assert_eq!(at(body, "/a").unwrap().2, "2");
    }

    #[test]
    fn nearest_existing_ancestor() {
        let body = "{\n  \"call\": {\"state\": \"active\"},\n  \"list\": [1]\n}";
        let (loc, exact) = locate_nearest(body.as_bytes(), "/call/lastUpdate").unwrap();
        assert!(!exact);
        assert_eq!((loc.line, loc.column), (2, 11));
        assert_eq!(&body[loc.range()], "{\"state\": \"active\"}");
        let (loc, exact) = locate_nearest(body.as_bytes(), "/list/5").unwrap();
        assert!(!exact);
        assert_eq!(&body[loc.range()], "[1]");
        let (loc, exact) = locate_nearest(body.as_bytes(), "/call/state/deeper").unwrap();
        assert!(!exact);
        assert_eq!(&body[loc.range()], "\"active\"");
        let (_, exact) = locate_nearest(body.as_bytes(), "/call/state").unwrap();
        assert!(exact);
    }

    #[test]
    fn malformed_bodies_give_none() {
        assert_eq!(locate(b"", ""), None);
        assert_eq!(locate(b"{\"a\" 1}", "/a"), None);
        assert_eq!(locate(b"{\"a\": ", "/a"), None);
        assert_eq!(
            locate(b"[1, 2", "/1"),
            Some(Location {
                offset: 4,
                end: 5,
                line: 1,
                column: 5
            })
        );
        assert_eq!(locate(b"[1, 2", ""), None);
    }

    #[test]
    fn bom_is_skipped() {
        let body = "\u{feff}{\"a\": 1}";
        let loc = locate(body.as_bytes(), "/a").unwrap();
        assert_eq!(&body[loc.range()], "1");
    }

    #[test]
    fn positions_count_characters() {
        let body = "ab\né€x\r\ny".as_bytes();
        assert_eq!(position_at(body, 0, Position::START), Position::new(1, 1));
        assert_eq!(position_at(body, 3, Position::START), Position::new(2, 1));
        // "é" is 2 bytes, "€" is 3: "x" is at byte 8, column 3.
        assert_eq!(position_at(body, 8, Position::START), Position::new(2, 3));
        // Inside "€" (bytes 5..8): the character's own column.
        assert_eq!(position_at(body, 6, Position::START), Position::new(2, 2));
        assert_eq!(position_at(body, 11, Position::START), Position::new(3, 1));
        assert_eq!(position_at(body, 99, Position::START), Position::new(3, 2));
        assert_eq!(
            position_at(body, 8, Position::new(7, 5)),
            Position::new(8, 3)
        );
        assert_eq!(
            position_at(body, 1, Position::new(7, 5)),
            Position::new(7, 6)
        );
    }

    #[test]
    fn lines_for_excerpts() {
        let body = b"one\r\ntwo\n\xFFthree";
        assert_eq!(line_text(body, 1).unwrap(), "one");
        assert_eq!(line_text(body, 2).unwrap(), "two");
        assert_eq!(line_text(body, 3).unwrap(), "\u{fffd}three");
        assert_eq!(line_text(body, 4), None);
        assert_eq!(line_text(body, 0), None);
        assert_eq!(line_text(b"", 1).unwrap(), "");
    }

    fn syntax(body: &str) -> Position {
        let err = serde_json::from_str::<Value>(body).unwrap_err();
        syntax_position(body.as_bytes(), &err)
    }

    #[test]
    fn syntax_positions_are_in_characters() {
        // serde_json reports the offending byte's 1-based byte column.
        assert_eq!(syntax("{\"a\" 1}"), Position::new(1, 6));
        // "é" takes two bytes; the missing colon is still character 6.
        assert_eq!(syntax("{\"é\" 1}"), Position::new(1, 6));
        assert_eq!(syntax("{\n  \"prix\": 1 \"x\": 2}"), Position::new(2, 13));
        // Unexpected end: just past the last character.
        assert_eq!(syntax("[1,"), Position::new(1, 4));
        assert_eq!(syntax("[1,\n"), Position::new(2, 1));
        assert_eq!(syntax("{\"€€\": tru}"), Position::new(1, 11));
    }

    #[test]
    fn syntax_position_agrees_with_position_at() {
        let body = "{\"ü\": [1, 2,, 3]}";
        let err = serde_json::from_str::<Value>(body).unwrap_err();
        let offset = body.find(",,").unwrap() + 1;
        assert_eq!(
            syntax_position(body.as_bytes(), &err),
            position_at(body.as_bytes(), offset, Position::START)
        );
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[a-z~/\"\\\\é😀 ]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec(("[a-z~/\"\\\\é ]{0,4}", inner), 0..5)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let token = key.replace('~', "~0").replace('/', "~1");
                    let pointer = format!("{prefix}/{token}");
                    out.push(pointer.clone());
                    pointers(child, pointer, out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let pointer = format!("{prefix}/{index}");
                    out.push(pointer.clone());
                    pointers(child, pointer, out);
                }
            }
            _ => {}
        }
    }

    proptest! {
        #[test]
        fn locate_agrees_with_serde_json(value in json_value(), pretty in any::<bool>(), ascii in any::<bool>()) {
            let mut text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            if ascii {
                // Escape every non-ASCII character, so keys are matched through `\u` escapes.
                text = text.chars().map(|c| if c.is_ascii() { c.to_string() } else {
                    let mut units = [0u16; 2];
                    c.encode_utf16(&mut units).iter().map(|u| format!("\\u{u:04x}")).collect()
                }).collect();
            }
            let mut all = vec![String::new()];
            pointers(&value, String::new(), &mut all);
            for pointer in all {
                let loc = locate(text.as_bytes(), &pointer);
                prop_assert!(loc.is_some(), "{pointer} in {text}");
                let loc = loc.unwrap();
                let found: Value = serde_json::from_slice(&text.as_bytes()[loc.range()]).unwrap();
                prop_assert_eq!(Some(&found), value.pointer(&pointer));
                prop_assert_eq!(loc.position(), position_at(text.as_bytes(), loc.offset, Position::START));
                let missing = format!("{pointer}/\u{1}missing");
                if let Some((near, exact)) = locate_nearest(text.as_bytes(), &missing) {
                    prop_assert!(!exact);
                    prop_assert_eq!(near, loc);
                }
            }
        }

        #[test]
        fn locate_never_panics(body in prop::collection::vec(any::<u8>(), 0..256), pointer in "(/[a-z0-9~\"]{0,3}){0,4}") {
            let _ = locate_nearest(&body, &pointer);
            let _ = locate(&body, &pointer);
        }

        #[test]
        fn locate_never_panics_on_json_like(body in "[\\[\\]{}\":,a0 \\\\u\n]{0,64}", pointer in "(/[a0u\\\\]{0,2}){0,3}") {
            if let Some((loc, _)) = locate_nearest(body.as_bytes(), &pointer) {
                prop_assert!(loc.offset <= loc.end && loc.end <= body.len());
            }
        }

        #[test]
        fn positions_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), offset in 0usize..300, line in 0u64..20) {
            let at = position_at(&body, offset, Position::START);
            prop_assert!(at.line >= 1 && at.column >= 1);
            let _ = line_text(&body, line);
            if let Err(err) = serde_json::from_slice::<Value>(&body) {
                let at = syntax_position(&body, &err);
                prop_assert!(at.line >= 1 && at.column >= 1);
            }
        }
    }
}
