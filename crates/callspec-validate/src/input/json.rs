//! JSON: a file or standard input holding one body. A body whose top-level value is an array is
//! streamed element by element once it is larger than [`WHOLE_ARRAY_BYTES`] (each element a
//! record of its own, checked in parallel, memory bounded by one element); a smaller one is one
//! record, which the engine splits into its elements unless it is a list resource. Also the
//! splitter the engine uses for that.

use std::collections::VecDeque;
use std::io::Read;
use std::ops::Range;

use super::decompress::Decompressed;
use super::error::{ReadProblem, read_error};
use super::limits::Limits;
use super::record::{Origin, Record};
use super::scan::{Oversize, ScanError, Scanned, Scanner};
use crate::locate::{self, Position};

/// A top-level array up to this size is read whole, as one record (so a list resource is checked
/// as one body); a larger one is streamed element by element.
pub const WHOLE_ARRAY_BYTES: usize = 1 << 20;

/// Reads a JSON body as one record, or a large top-level array as one record per element.
pub(super) struct JsonReader {
    scanner: Scanner,
    limits: Limits,
    stage: Stage,
    /// Elements scanned while deciding whether the array is small.
    pending: VecDeque<(usize, Scanned)>,
    /// Whether the array turned out large: elements are records of their own.
    streaming: bool,
    /// Whether a byte order mark preceded the body.
    bom: bool,
    index: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Start,
    /// Inside a top-level array, its text copied while it may still be small.
    Buffering {
        first: bool,
    },
    /// Inside a top-level array known to be large.
    Streaming {
        first: bool,
    },
    /// After the top-level array.
    End,
    Done,
}

impl JsonReader {
    pub(super) fn new(decompressed: Decompressed, limits: Limits) -> Self {
        JsonReader {
            scanner: Scanner::new(decompressed),
            limits,
            stage: Stage::Start,
            pending: VecDeque::new(),
            streaming: false,
            bom: false,
            index: 0,
        }
    }

    /// The next record: the body, or the next element of a streamed array.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        loop {
            if self.streaming
                && let Some((index, scanned)) = self.pending.pop_front()
            {
                return Some(self.element_record(&origin, index, scanned));
            }
            match self.step(&origin) {
                Ok(Some(record)) => return Some(record),
                Ok(None) if self.stage == Stage::Done && self.pending.is_empty() => return None,
                Ok(None) => {}
                Err(error) => {
                    self.stage = Stage::Done;
                    let problem = match error {
                        ScanError::Io(err) => {
                            read_error(&err, self.scanner.reader().get_ref().compression())
                        }
                        ScanError::Eof(position) => ReadProblem::Truncated {
                            inside: "the top-level array",
                            position,
                        },
                        ScanError::Unexpected { expected, position } => {
                            ReadProblem::Syntax { expected, position }
                        }
                    };
                    return Some(Record {
                        origin,
                        body: Err(problem),
                        exchange: None,
                    });
                }
            }
        }
    }

    fn step(&mut self, origin: &Origin) -> Result<Option<Record>, ScanError> {
        match self.stage {
            Stage::Start => {
                self.stage = Stage::Done;
                if let Some(refused) = self.scanner.reader().get_mut().refused()? {
                    return Ok(Some(problem(
                        origin.clone(),
                        ReadProblem::Compression {
                            format: refused.name(),
                        },
                    )));
                }
                let bom = self.scanner.skip_bom()?;
                self.bom = bom;
                let mut prefix = Vec::new();
                let origin = Origin {
                    bom,
                    ..origin.clone()
                };
                if self.scanner.peek_keeping(Some(&mut prefix))? == Some(b'[') {
                    self.scanner.start_tee(prefix, WHOLE_ARRAY_BYTES);
                    self.scanner.bump();
                    self.stage = Stage::Buffering { first: true };
                    return Ok(None);
                }
                Ok(Some(self.whole(origin, prefix)))
            }
            Stage::Buffering { first } | Stage::Streaming { first } => {
                let buffering =
                    matches!(self.stage, Stage::Buffering { .. }) && self.scanner.teeing();
                let more = match self.scanner.element(first) {
                    Ok(more) => more,
                    Err(_) if buffering => return Ok(Some(self.rest_whole(origin))),
                    Err(error) => return Err(error),
                };
                if !more {
                    self.stage = Stage::End;
                    return Ok(None);
                }
                let scanned = match self
                    .scanner
                    .value(self.limits.record_bytes_usize(), self.limits.depth)
                {
                    Ok(scanned) => scanned,
                    Err(_) if buffering => return Ok(Some(self.rest_whole(origin))),
                    Err(error) => return Err(error),
                };
                let index = self.index;
                self.index += 1;
                if matches!(self.stage, Stage::Buffering { .. }) {
                    // Held back until the array is known to be small or large.
                    self.pending.push_back((index, scanned));
                    self.stage = if self.scanner.teeing() {
                        Stage::Buffering { first: false }
                    } else {
                        // Large: from here on, element by element.
                        self.streaming = true;
                        Stage::Streaming { first: false }
                    };
                    return Ok(None);
                }
                self.stage = Stage::Streaming { first: false };
                Ok(Some(self.element_record(origin, index, scanned)))
            }
            Stage::End => {
                self.stage = Stage::Done;
                if let Some(body) = self.scanner.take_tee() {
                    // The whole array was small: one record, as the engine has always seen it.
                    self.pending.clear();
                    let mut body = body;
                    let mut rest = Vec::new();
                    if let Err(err) = self.read_rest(&mut rest) {
                        return Ok(Some(problem(origin.clone(), err)));
                    }
                    body.extend_from_slice(&rest);
                    return Ok(Some(Record {
                        origin: Origin {
                            bom: self.bom,
                            ..origin.clone()
                        },
                        body: Ok(body),
                        exchange: None,
                    }));
                }
                if self.scanner.peek()?.is_some() {
                    return Ok(Some(problem(
                        origin.clone(),
                        ReadProblem::Syntax {
                            expected: "nothing after the top-level array",
                            position: self.scanner.position(),
                        },
                    )));
                }
                Ok(None)
            }
            Stage::Done => Ok(None),
        }
    }

    /// The record of a streamed array element.
    fn element_record(&self, origin: &Origin, index: usize, scanned: Scanned) -> Record {
        let body = scanned.bytes.map_err(|oversize| match oversize {
            Oversize::Large => ReadProblem::RecordTooLarge {
                what: "the array element",
                limit: self.limits.record_bytes,
            },
            Oversize::Deep => ReadProblem::TooDeep {
                what: "the array element",
                limit: self.limits.depth,
            },
        });
        Record {
            origin: Origin {
                index: Some(index),
                start: scanned.start,
                offset: Some(scanned.offset),
                ..origin.clone()
            },
            body,
            exchange: None,
        }
    }

    /// A body that is not an array: `prefix` (the whitespace before it) and the rest of the
    /// stream, as one record.
    fn whole(&mut self, origin: Origin, mut body: Vec<u8>) -> Record {
        match self.read_rest(&mut body) {
            Ok(()) => Record {
                origin,
                body: Ok(body),
                exchange: None,
            },
            Err(problem) => Record {
                origin,
                body: Err(problem),
                exchange: None,
            },
        }
    }

    /// A small array that turned out not to be well-formed: what was copied and the rest of the
    /// stream, as one record, for the parser to say where.
    fn rest_whole(&mut self, origin: &Origin) -> Record {
        self.stage = Stage::Done;
        self.pending.clear();
        let body = self.scanner.take_tee().unwrap_or_default();
        let origin = Origin {
            bom: self.bom,
            ..origin.clone()
        };
        self.whole(origin, body)
    }

    /// Appends the rest of the stream to `body`, within the per-record limit.
    fn read_rest(&mut self, body: &mut Vec<u8>) -> Result<(), ReadProblem> {
        let limit = self.limits.record_bytes;
        let room = limit.saturating_sub(body.len() as u64);
        let reader = self.scanner.reader();
        let read = reader
            .by_ref()
            .take(room.saturating_add(1))
            .read_to_end(body);
        if let Err(err) = read {
            return Err(read_error(&err, reader.get_ref().compression()));
        }
        if body.len() as u64 > limit {
            return Err(ReadProblem::RecordTooLarge {
                what: "the body",
                limit,
            });
        }
        Ok(())
    }
}

fn problem(origin: Origin, problem: ReadProblem) -> Record {
    Record {
        origin,
        body: Err(problem),
        exchange: None,
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
