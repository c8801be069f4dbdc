//! The unit of input: a [`Record`] (a body or why none could be read), its [`Origin`] in the
//! source, and for HAR the HTTP [`Exchange`] around it.

use std::fmt;
use std::sync::Arc;

use super::error::ReadProblem;
use crate::locate::{BOM, Position};

/// Where a record came from, precisely enough to point a user at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The source's name: the path as the user gave it, or [`super::STDIN_NAME`].
    pub source: Arc<str>,
    /// NDJSON: the 1-based line number of the record.
    pub line: Option<u64>,
    /// HAR: the 0-based index of the entry in `log.entries`.
    pub entry: Option<usize>,
    /// The index of the element in a top-level JSON array, when a body was split into its
    /// elements (see [`Origin::element`]).
    pub index: Option<usize>,
    /// Where the body's first byte sits in the source, so positions found in the body map back
    /// to it ([`Origin::source_position`]): NDJSON line N column 1, a JSON file 1:1, an array
    /// element its own line and column, a HAR body 1:1 relative to the decoded body (the entry
    /// index locates it).
    pub start: Position,
    /// Whether a UTF-8 byte order mark preceded the body and was stripped from it. Positions are
    /// not shifted for it.
    pub bom: bool,
    /// Where the record starts in the (decompressed) source, in bytes, when it was cut out of a
    /// larger document: a HAR entry, an element of a streamed top-level array.
    pub offset: Option<u64>,
}

impl Origin {
    /// An origin at the start of `source`, with nothing else known.
    #[must_use]
    pub fn new(source: Arc<str>) -> Self {
        Origin {
            source,
            line: None,
            entry: None,
            index: None,
            start: Position::START,
            bom: false,
            offset: None,
        }
    }

    /// The origin of element `index` of a top-level array in this record's body, starting at
    /// `start` (a source position, as the array splitter gives it).
    #[must_use]
    pub fn element(&self, index: usize, start: Position) -> Origin {
        Origin {
            index: Some(index),
            start,
            ..self.clone()
        }
    }

    /// Maps a position relative to the body (its first character at 1:1) to the source.
    #[must_use]
    pub fn source_position(&self, in_body: Position) -> Position {
        in_body.relative_to(self.start)
    }
}

/// `path:line` for NDJSON, `path#entry=3` for HAR, `#index=2` appended for an array element.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_origin(f, &self.source, self.line, self.entry, self.index)
    }
}

/// Writes an origin from its parts as [`Origin`]'s `Display` does, for the reports that keep an
/// origin's parts rather than the origin (the drift report's positions).
///
/// # Errors
///
/// What `f` returns.
pub fn write_origin(
    f: &mut dyn fmt::Write,
    source: &str,
    line: Option<u64>,
    entry: Option<impl fmt::Display>,
    index: Option<impl fmt::Display>,
) -> fmt::Result {
    f.write_str(source)?;
    if let Some(line) = line {
        write!(f, ":{line}")?;
    }
    if let Some(entry) = entry {
        write!(f, "#entry={entry}")?;
    }
    if let Some(index) = index {
        write!(f, "#index={index}")?;
    }
    Ok(())
}

/// The HTTP exchange around a HAR body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    /// The request method, as captured (`GET`).
    pub method: String,
    /// The request URL, as captured (may carry credentials, which the reporters redact).
    pub url: String,
    /// The request headers, in order, names as captured.
    pub request_headers: Vec<(String, String)>,
    /// The query parameters: HAR's `queryString`, or when that is absent or empty, parsed from
    /// the URL and percent-decoded (`+` is kept as it is, since E.164 numbers start with it).
    pub query: Vec<(String, String)>,
    /// The response status (0 when the request got no response, as browsers record it).
    pub status: u16,
    /// The response headers, in order, names as captured.
    pub response_headers: Vec<(String, String)>,
    /// `response.content.mimeType`, when given.
    pub mime_type: Option<String>,
}

impl Exchange {
    /// The first request header named `name` (case-insensitive).
    #[must_use]
    pub fn request_header(&self, name: &str) -> Option<&str> {
        find_header(&self.request_headers, name)
    }

    /// Every request header named `name` (case-insensitive), in order.
    #[must_use]
    pub fn request_headers_named(&self, name: &str) -> Vec<&str> {
        self.request_headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first response header named `name` (case-insensitive).
    #[must_use]
    pub fn response_header(&self, name: &str) -> Option<&str> {
        find_header(&self.response_headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// One unit of input: a body to check, where it came from, and for HAR the HTTP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where the record came from.
    pub origin: Origin,
    /// The raw body bytes exactly as captured (less a leading byte order mark, see
    /// [`Origin::bom`]), or why none could be extracted.
    pub body: Result<Vec<u8>, ReadProblem>,
    /// HAR only: the HTTP request and response around the body.
    pub exchange: Option<Exchange>,
}

/// Strips a leading UTF-8 byte order mark; whether there was one.
pub(super) fn strip_bom(bytes: &mut Vec<u8>) -> bool {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
        true
    } else {
        false
    }
}
