//! A small single-body file read in one call: the common case of a directory of captured
//! responses, one JSON object per file, without the streaming machinery (decompression sniffing,
//! the structure scanner, their buffers) that a large or compressed body needs.
//!
//! Only a file that is plainly one JSON object is read this way: after an optional byte order
//! mark and whitespace its first byte is `{` (so it is neither compressed nor a top-level array),
//! and it fits the limits. Its record is the one the JSON reader gives. Anything else (and any
//! error) is left to the JSON reader, which reports it as it always has.

use std::fs::File;
use std::io::Read;
use std::sync::Arc;

use super::limits::Limits;
use super::record::{Origin, Record, strip_bom};
use super::source::InputSource;
use super::{InputFormat, WHOLE_ARRAY_BYTES};
use crate::locate;

/// The record of `source` when it is a small file holding one JSON object; `None` when it is
/// anything else, to be read the ordinary way.
pub(crate) fn small_file(source: &InputSource, limits: Limits) -> Option<Record> {
    if source.format() != InputFormat::Json {
        return None;
    }
    let path = source.path()?;
    let bound = limits
        .record_bytes
        .min(limits.source_bytes)
        .min(WHOLE_ARRAY_BYTES as u64);
    if source.size()? > bound {
        return None;
    }
    let mut file = File::open(path).ok()?;
    let mut body = Vec::with_capacity(usize::try_from(source.size()?).ok()? + 1);
    // One byte more than the bound tells a file that grew since it was found.
    file.by_ref().take(bound + 1).read_to_end(&mut body).ok()?;
    if body.len() as u64 > bound {
        return None;
    }
    let bom = strip_bom(&mut body);
    if body.get(locate::skip_ws(&body, 0)) != Some(&b'{') {
        return None;
    }
    Some(Record {
        origin: Origin {
            bom,
            ..Origin::new(Arc::clone(source.name()))
        },
        body: Ok(body),
        exchange: None,
    })
}
