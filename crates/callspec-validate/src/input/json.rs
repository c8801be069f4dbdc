//! JSON: a file or standard input holding one body, read whole as one record; and the splitter
//! that finds the elements of a body whose top-level value is an array (each checked as a record
//! of its own when the array is not a list resource).

use std::ops::Range;

use super::decompress::{Decompressed, read_whole};
use super::record::{Origin, Record, strip_bom};
use super::records::io_problem;
use crate::locate::{self, Position};

/// Reads a whole stream as one record.
pub(super) struct JsonReader(Option<(Decompressed, Option<u64>)>);

impl JsonReader {
    pub(super) fn new(decompressed: Decompressed, size_hint: Option<u64>) -> Self {
        JsonReader(Some((decompressed, size_hint)))
    }

    /// The one record, the first time; `None` after.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        let (reader, size_hint) = self.0.take()?;
        Some(match read_whole(reader, size_hint) {
            Ok(mut bytes) => {
                let bom = strip_bom(&mut bytes);
                Record {
                    origin: Origin { bom, ..origin },
                    body: Ok(bytes),
                    exchange: None,
                }
            }
            Err((err, gzip)) => io_problem(origin, &err, gzip),
        })
    }
}

/// For a body whose top-level value is a JSON array, each element's index, byte range and start
/// position (the position of its first byte in the source, given `start`, the source position of
/// the body's first byte).
///
/// Returns `None` unless the body is a syntactically well-formed JSON document whose top-level
/// value is an array; the body is then best treated as one record. The check and the scan build
/// no `serde_json::Value`.
#[must_use]
pub(crate) fn split_top_level_array(
    body: &[u8],
    start: Position,
) -> Option<Vec<(usize, Range<usize>, Position)>> {
    let open = locate::skip_ws(body, 0);
    if body.get(open) != Some(&b'[') {
        return None;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
    let mut elements = Vec::new();
    let mut at = locate::skip_ws(body, open + 1);
    if body.get(at) == Some(&b']') {
        return Some(elements);
    }
    let mut scanned = 0;
    let mut position = Position::START;
    loop {
        let end = locate::skip_value(body, at)?;
        position = locate::advance(body, scanned, at, position);
        scanned = at;
        elements.push((elements.len(), at..end, position.relative_to(start)));
        at = locate::skip_ws(body, end);
        match body.get(at) {
            Some(b',') => at = locate::skip_ws(body, at + 1),
            Some(b']') => return Some(elements),
            _ => return None,
        }
    }
}
