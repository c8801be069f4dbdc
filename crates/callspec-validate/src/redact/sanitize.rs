//! Text made safe for the place it is written to: a terminal or a log (`human`, `github`), XML
//! 1.0 (`junit`), a URI reference (SARIF `artifactLocation.uri`), and shortened to
//! [`MAX_SHOWN`] characters wherever it appears.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The most characters of one key, value, message, pointer, file name or request line shown;
/// longer text keeps its first [`MAX_SHOWN`] characters and ends in `…`.
pub const MAX_SHOWN: usize = 512;

/// Whether a terminal, a log viewer or a text editor would act on `c` or hide it rather than
/// show it: control characters (C0, DEL, C1), bidirectional controls (U+061C, U+200E, U+200F,
/// U+202A to U+202E, U+2066 to U+2069), zero-width and invisible formatting characters (U+200B
/// to U+200D, U+2060 to U+2064, U+FEFF, U+00AD, U+180E), line and paragraph separators (U+2028,
/// U+2029), and the noncharacters U+FFFE and U+FFFF.
#[must_use]
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
                | '\u{fffe}'
                | '\u{ffff}'
        )
}

/// `text` for a terminal or a log: every [`is_hidden`] character but the tab written as
/// `\u{…}` (`\u{1b}`, `\u{202e}`), and a backslash before `u{` doubled so the escape cannot be
/// forged.
#[must_use]
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| (is_hidden(c) && c != '\t') || c == '\\')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'u') {
            out.push_str("\\\\");
        } else if is_hidden(c) && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
#[must_use]
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `text` as XML 1.0 character data or an attribute value: markup characters as entities,
/// characters XML forbids and the hidden ones of [`is_hidden`] (but the newline and the tab)
/// written as `\u{…}`.
#[must_use]
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let (line, newline) = match line.strip_suffix('\n') {
            Some(line) => (line, true),
            None => (line, false),
        };
        xml_line(&visible(line), &mut out);
        if newline {
            out.push('\n');
        }
    }
    out
}

fn xml_line(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_xml_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// `text` shortened to [`MAX_SHOWN`] characters, ending in `…` when cut.
#[must_use]
pub fn shorten(text: &str) -> Cow<'_, str> {
    shorten_to(text, MAX_SHOWN)
}

/// `text` shortened to `limit` characters, ending in `…` when cut.
#[must_use]
pub fn shorten_to(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// A file name as a URI reference (RFC 3986) for SARIF's `artifactLocation.uri`: standard
/// input is `stdin` under the `uriBaseId` SARIF reserves for it (see [`STDIN_URI`]); a path is
/// written with `/` separators and every byte outside the unreserved characters and `/`
/// percent-encoded (`my file#1.json` is `my%20file%231.json`), so it is relative to the
/// directory callspec ran in. An absolute path becomes a `file://` URI.
#[must_use]
pub fn uri_reference(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut out = String::with_capacity(path.len() + 8);
    if absolute {
        out.push_str("file://");
    }
    for (i, segment) in path.split(['/', '\\']).enumerate() {
        if i > 0 {
            out.push('/');
        }
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    // A relative reference whose first segment holds a `:` would read as a scheme; `:` is
    // always encoded above, so none does.
    out
}

/// The `uri` SARIF's `artifactLocation` gives standard input: `stdin`, under the `uriBaseId`
/// [`STDIN_BASE_ID`].
pub const STDIN_URI: &str = "stdin";

/// The `uriBaseId` for standard input, as the SARIF 2.1.0 specification suggests for artifacts
/// that are not files (§3.4.4: a tool defines its own base ids).
pub const STDIN_BASE_ID: &str = "STDIN";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{202e}gnp.exe"), "\\u{202e}gnp.exe");
        assert_eq!(visible("a\u{200b}b\nc"), "a\\u{200b}b\\u{a}c");
        assert_eq!(visible("x\\u{1b}"), "x\\\\u{1b}");
        assert_eq!(visible("tab\tok"), "tab\tok");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn xml_text() {
        assert_eq!(xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml("\u{fffe}\u{ffff}\u{0}"), "\\u{fffe}\\u{ffff}\\u{0}");
        assert!(xml("\u{d7ff}\u{10000}").chars().all(is_xml_char));
    }

    #[test]
    fn shortening() {
        let long = "k".repeat(MAX_SHOWN + 10);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), MAX_SHOWN + 1);
        assert!(short.ends_with('…'));
        assert_eq!(shorten("abc"), "abc");
    }

    #[test]
    fn uris() {
        assert_eq!(
            uri_reference("corpus/a b#1%?.json"),
            "corpus/a%20b%231%25%3F.json"
        );
        assert_eq!(uri_reference("/tmp/x.har"), "file:///tmp/x.har");
        assert_eq!(uri_reference("c:\\x.json"), "c%3A/x.json");
        assert_eq!(uri_reference("é.json"), "%C3%A9.json");
    }
}
