//! NDJSON: one record per non-blank line, streamed line by line so memory stays flat whatever
//! the file size. A line longer than the per-record limit is one problem and ends the source
//! (a line that long is not a log line: a binary, a runaway stream such as `/dev/zero`).

use std::io::{self, BufRead, BufReader};

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

    /// The next non-blank line's record, `origin` filled in with its line.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            match self.reader.get_mut().refused() {
                Ok(Some(refused)) => {
                    self.done = true;
                    return Some(Record {
                        origin,
                        body: Err(ReadProblem::Compression {
                            format: refused.name(),
                        }),
                        exchange: None,
                    });
                }
                Ok(None) => {}
                Err(err) => {
                    self.done = true;
                    return Some(Record {
                        origin,
                        body: Err(read_error(&err, None)),
                        exchange: None,
                    });
                }
            }
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
                    let mut end = line.len();
                    if line[..end].ends_with(b"\r") {
                        end -= 1;
                    }
                    let bom = number == 1 && line[..end].starts_with(BOM);
                    let begin = if bom { BOM.len() } else { 0 };
                    if line[begin..end].iter().all(|&b| locate::is_ws(b)) {
                        continue;
                    }
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
