//! NDJSON: one record per non-blank line, streamed so memory stays flat whatever the file size.
//! A line longer than the per-record limit is one problem and ends the source (a line that long
//! is not a log line: a binary, a runaway stream such as `/dev/zero`).
//!
//! Read two ways with the same rules ([`line_body`]): line by line as [`Record`]s, or as
//! [`Lines`], large byte chunks cut at line boundaries that carry their first line number, so
//! that the run's workers split and number the lines themselves.

use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::sync::Arc;

use super::decompress::Decompressed;
use super::error::{ReadProblem, read_error};
use super::limits::Limits;
use super::record::{Origin, Record};
use crate::locate::{self, BOM, Position};

/// Buffer size for reading files and standard input.
const BUFFER_SIZE: usize = 64 * 1024;

/// NDJSON lines at least this long are handed out without copying, and the line buffer is not
/// kept at this size afterwards, so one huge line does not keep its memory for the whole file.
const LARGE_LINE: usize = 1024 * 1024;

/// Reads the lines of a stream as records.
pub(super) struct NdjsonReader {
    reader: BufReader<Decompressed>,
    limits: Limits,
    line: Vec<u8>,
    line_number: u64,
    done: bool,
    started: bool,
    /// Chunked reading: a record to hand out before anything else (the problem that ended the
    /// source, after the lines before it).
    pending: Option<Box<Record>>,
}

/// Complete NDJSON lines of one source, cut at a line boundary (the last line of a source may
/// lack its `\n`); the workers split them with [`Lines::bodies`].
#[derive(Debug)]
pub(crate) struct Lines {
    /// The source's name.
    pub(crate) source: Arc<str>,
    /// The 1-based number of the first line.
    pub(crate) first_line: u64,
    /// The lines, `\n` included.
    pub(crate) bytes: Vec<u8>,
}

impl Lines {
    /// Every non-blank line as its record's origin and the body's byte range in
    /// [`Lines::bytes`], by the rules of [`line_body`].
    pub(crate) fn bodies(&self) -> impl Iterator<Item = (Origin, Range<usize>)> + '_ {
        let bytes = &self.bytes[..];
        let mut at = 0;
        let mut number = self.first_line;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
                let line = at..end;
                let this = number;
                at = end + 1;
                number += 1;
                if let Some((bom, body)) = line_body(this, &bytes[line.clone()]) {
                    let origin = Origin {
                        line: Some(this),
                        start: Position::new(this, 1),
                        bom,
                        ..Origin::new(Arc::clone(&self.source))
                    };
                    return Some((origin, line.start + body.start..line.start + body.end));
                }
            }
            None
        })
    }
}

/// The body of line `number` (without its `\n`): a `\r` before the `\n` and, on line 1, a byte
/// order mark are left out (the mark is recorded: `true`); a blank line has none.
fn line_body(number: u64, line: &[u8]) -> Option<(bool, Range<usize>)> {
    let mut end = line.len();
    if line.ends_with(b"\r") {
        end -= 1;
    }
    let bom = number == 1 && line[..end].starts_with(BOM);
    let begin = if bom { BOM.len() } else { 0 };
    if line[begin..end].iter().all(|&b| locate::is_ws(b)) {
        return None;
    }
    Some((bom, begin..end))
}

/// What chunked reading hands out next.
pub(crate) enum Piece {
    /// Complete lines.
    Lines(Lines),
    /// A record of its own: a problem that ends the source.
    Record(Box<Record>),
}

/// How reading one line ended.
enum Line {
    /// The end of the input, nothing read.
    End,
    /// A line (without its `\n`) is in the buffer.
    Read,
    /// The line went past the limit.
    TooLong,
}

impl NdjsonReader {
    pub(super) fn new(decompressed: Decompressed, limits: Limits) -> Self {
        NdjsonReader {
            reader: BufReader::with_capacity(BUFFER_SIZE, decompressed),
            limits,
            line: Vec::new(),
            line_number: 0,
            done: false,
            started: false,
            pending: None,
        }
    }

    /// Reads one line into `self.line`, at most the per-record limit.
    fn read_line(&mut self) -> io::Result<Line> {
        let limit = self.limits.record_bytes_usize();
        let mut any = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(if any { Line::Read } else { Line::End });
            }
            any = true;
            let (take, newline) = match memchr::memchr(b'\n', buf) {
                Some(at) => (at, true),
                None => (buf.len(), false),
            };
            if self.line.len() + take > limit {
                return Ok(Line::TooLong);
            }
            self.line.extend_from_slice(&buf[..take]);
            self.reader.consume(take + usize::from(newline));
            if newline {
                return Ok(Line::Read);
            }
        }
    }

    /// On the first read: the problem of a source whose compression is refused or whose first
    /// bytes cannot be read, which ends it.
    fn start(&mut self, origin: &Origin) -> Option<Record> {
        if self.started {
            return None;
        }
        self.started = true;
        let problem = match self.reader.get_mut().refused() {
            Ok(Some(refused)) => ReadProblem::Compression {
                format: refused.name(),
            },
            Ok(None) => return None,
            Err(err) => read_error(&err, None),
        };
        self.done = true;
        Some(Record {
            origin: origin.clone(),
            body: Err(problem),
            exchange: None,
        })
    }

    /// The record of a problem on line `number`, which ends the source.
    fn line_problem(&mut self, origin: &Origin, number: u64, problem: ReadProblem) -> Record {
        self.done = true;
        Record {
            origin: Origin {
                line: Some(number),
                start: Position::new(number, 1),
                ..origin.clone()
            },
            body: Err(problem),
            exchange: None,
        }
    }

    /// The next chunk of complete lines, about `size` bytes (more when one line is longer), or
    /// the problem that ended the source after the lines before it, read into `buffer` (an
    /// earlier chunk's, emptied, so its memory serves again). Only the line count and the cut
    /// are worked out here; the lines are split by whoever checks them.
    pub(super) fn next_lines(
        &mut self,
        origin: &Origin,
        size: usize,
        buffer: Vec<u8>,
    ) -> Option<Piece> {
        if let Some(record) = self.pending.take() {
            return Some(Piece::Record(record));
        }
        if self.done {
            return None;
        }
        if let Some(record) = self.start(origin) {
            return Some(Piece::Record(Box::new(record)));
        }
        let limit = self.limits.record_bytes_usize();
        let size = size.max(4096);
        let mut bytes = buffer;
        bytes.clear();
        bytes.extend_from_slice(&self.line);
        // The carried partial line holds no `\n`.
        let mut searched = bytes.len();
        let mut problem = None;
        let mut end_of_input = false;
        let cut = loop {
            let want = size.max(searched + size / 2) - bytes.len();
            bytes.reserve(want);
            let read = (&mut self.reader).take(want as u64).read_to_end(&mut bytes);
            match read {
                Err(err) => {
                    let compression = self.reader.get_ref().compression();
                    problem = Some(read_error(&err, compression));
                    break memchr::memrchr(b'\n', &bytes).map_or(0, |n| n + 1);
                }
                Ok(n) if n < want => {
                    end_of_input = true;
                    break bytes.len();
                }
                Ok(_) => {}
            }
            if let Some(n) = memchr::memrchr(b'\n', &bytes[searched..]) {
                break searched + n + 1;
            }
            searched = bytes.len();
            if searched > limit {
                break 0;
            }
        };
        // The partial line after the cut is carried to the next chunk.
        let mut tail = std::mem::take(&mut self.line);
        tail.clear();
        tail.extend_from_slice(&bytes[cut..]);
        bytes.truncate(cut);
        // A line past the limit ends the source there; with the default limit far above the
        // chunk size only the partial line at the end needs looking at.
        if problem.is_none() && limit < bytes.len() {
            let mut at = 0;
            while at < bytes.len() {
                let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
                if end - at > limit {
                    bytes.truncate(at);
                    problem = Some(self.too_long());
                    break;
                }
                at = end + 1;
            }
        }
        if problem.is_none() && tail.len() > limit {
            problem = Some(self.too_long());
        }
        let first_line = self.line_number + 1;
        // The number of the line after these: the one a problem is on.
        let mut number = first_line + memchr::memchr_iter(b'\n', &bytes).count() as u64;
        if bytes.last().is_some_and(|&b| b != b'\n') {
            // The last line of the input, without its `\n`.
            number += 1;
        }
        self.line_number = number - 1;
        if let Some(problem) = problem {
            let record = self.line_problem(origin, number, problem);
            if bytes.is_empty() {
                return Some(Piece::Record(Box::new(record)));
            }
            self.pending = Some(Box::new(record));
        } else if end_of_input {
            self.done = true;
        } else {
            self.line = tail;
        }
        if bytes.is_empty() {
            self.done = true;
            return None;
        }
        Some(Piece::Lines(Lines {
            source: Arc::clone(&origin.source),
            first_line,
            bytes,
        }))
    }

    fn too_long(&self) -> ReadProblem {
        ReadProblem::LineTooLong {
            limit: self.limits.record_bytes,
        }
    }

    /// The next non-blank line's record, `origin` filled in with its line.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        if self.done {
            return None;
        }
        if let Some(record) = self.start(&origin) {
            return Some(record);
        }
        loop {
            if self.line.capacity() > LARGE_LINE {
                self.line = Vec::new();
            }
            self.line.clear();
            let read = self.read_line();
            let number = self.line_number + 1;
            let at = Origin {
                line: Some(number),
                start: Position::new(number, 1),
                ..origin.clone()
            };
            match read {
                Ok(Line::End) => {
                    self.done = true;
                    return None;
                }
                Ok(Line::TooLong) => {
                    self.done = true;
                    return Some(Record {
                        origin: at,
                        body: Err(ReadProblem::LineTooLong {
                            limit: self.limits.record_bytes,
                        }),
                        exchange: None,
                    });
                }
                Ok(Line::Read) => {
                    self.line_number = number;
                    let line = &self.line;
                    let Some((bom, Range { start: begin, end })) = line_body(number, line) else {
                        continue;
                    };
                    let body = if end - begin >= LARGE_LINE {
                        let mut body = std::mem::take(&mut self.line);
                        body.truncate(end);
                        body.drain(..begin);
                        body
                    } else {
                        line[begin..end].to_vec()
                    };
                    return Some(Record {
                        origin: Origin { bom, ..at },
                        body: Ok(body),
                        exchange: None,
                    });
                }
                Err(err) => {
                    self.done = true;
                    let compression = self.reader.get_ref().compression();
                    return Some(Record {
                        origin: at,
                        body: Err(read_error(&err, compression)),
                        exchange: None,
                    });
                }
            }
        }
    }
}
