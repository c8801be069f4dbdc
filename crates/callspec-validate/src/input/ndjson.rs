//! NDJSON: one record per non-blank line, streamed line by line so memory stays flat whatever
//! the file size.

use std::io::{BufRead, BufReader};

use super::decompress::Decompressed;
use super::record::{Origin, Record};
use super::records::io_problem;
use crate::locate::{self, BOM, Position};

/// Buffer size for reading files and standard input.
const BUFFER_SIZE: usize = 64 * 1024;

/// NDJSON lines at least this long are handed out without copying, and the line buffer is not
/// kept at this size afterwards, so one huge line does not keep its memory for the whole file.
const LARGE_LINE: usize = 1024 * 1024;

/// Reads the lines of a stream as records.
pub(super) struct NdjsonReader {
    reader: BufReader<Decompressed>,
    line: Vec<u8>,
    line_number: u64,
    done: bool,
}

impl NdjsonReader {
    pub(super) fn new(decompressed: Decompressed) -> Self {
        NdjsonReader {
            reader: BufReader::with_capacity(BUFFER_SIZE, decompressed),
            line: Vec::new(),
            line_number: 0,
            done: false,
        }
    }

    /// The next non-blank line's record, `origin` filled in with its line.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        if self.done {
            return None;
        }
        let ndjson = self;
        loop {
            if ndjson.line.capacity() > LARGE_LINE {
                ndjson.line = Vec::new();
            }
            ndjson.line.clear();
            let read = ndjson.reader.read_until(b'\n', &mut ndjson.line);
            let number = ndjson.line_number + 1;
            match read {
                Ok(0) => {
                    ndjson.done = true;
                    return None;
                }
                Ok(_) => {
                    ndjson.line_number = number;
                    let line = &ndjson.line;
                    let mut end = line.len();
                    if line[..end].ends_with(b"\n") {
                        end -= 1;
                    }
                    if line[..end].ends_with(b"\r") {
                        end -= 1;
                    }
                    let bom = number == 1 && line[..end].starts_with(BOM);
                    let begin = if bom { BOM.len() } else { 0 };
                    if line[begin..end].iter().all(|&b| locate::is_ws(b)) {
                        continue;
                    }
                    let body = if end - begin >= LARGE_LINE {
                        let mut body = std::mem::take(&mut ndjson.line);
                        body.truncate(end);
                        body.drain(..begin);
                        body
                    } else {
                        line[begin..end].to_vec()
                    };
                    let origin = Origin {
                        line: Some(number),
                        start: Position::new(number, 1),
                        bom,
                        ..origin.clone()
                    };
                    return Some(Record {
                        origin,
                        body: Ok(body),
                        exchange: None,
                    });
                }
                Err(err) => {
                    let gzip = ndjson.reader.get_ref().is_gzip();
                    let origin = Origin {
                        line: Some(number),
                        start: Position::new(number, 1),
                        ..origin.clone()
                    };
                    ndjson.done = true;
                    return Some(io_problem(origin, &err, gzip));
                }
            }
        }
    }
}
