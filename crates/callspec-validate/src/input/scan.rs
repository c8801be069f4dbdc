//! A bounded scanner of JSON structure over a byte stream: it finds where each value of a
//! document starts and ends (tracking strings, escapes and nesting, not parsing), so the entries
//! of a HAR's `log.entries` and the elements of a top-level array are read one at a time with
//! their positions, in memory bounded by the per-record limit, whatever the document's size.
//! Whether each value is well-formed JSON is left to the parser that reads it.

use std::io::{self, BufRead, BufReader};

use super::decompress::Decompressed;
use crate::locate::{self, Position};

/// Buffer size for scanning.
const BUFFER_SIZE: usize = 64 * 1024;

/// Why scanning stopped.
#[derive(Debug)]
pub(super) enum ScanError {
    /// Reading failed.
    Io(io::Error),
    /// The input ended inside the document.
    Eof(Position),
    /// A character that cannot be there.
    Unexpected {
        /// What was expected, in words.
        expected: &'static str,
        /// Where.
        position: Position,
    },
}

impl From<io::Error> for ScanError {
    fn from(error: io::Error) -> Self {
        ScanError::Io(error)
    }
}

/// One value found by [`Scanner::value`].
#[derive(Debug)]
pub(super) struct Scanned {
    /// The value's bytes, unless it was too large or too deep.
    pub(super) bytes: Result<Vec<u8>, Oversize>,
    /// Where the value starts in the source.
    pub(super) start: Position,
    /// The byte offset of its first byte in the (decompressed) source.
    pub(super) offset: u64,
}

/// Why a value's bytes were not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Oversize {
    /// More bytes than the per-record limit.
    Large,
    /// Nested deeper than the limit.
    Deep,
}

/// Scans JSON structure from a decompressed stream.
pub(super) struct Scanner {
    reader: BufReader<Decompressed>,
    position: Position,
    offset: u64,
    /// When set, every byte consumed is copied here too, up to `tee_cap` bytes.
    tee: Option<Vec<u8>>,
    tee_cap: usize,
}

impl Scanner {
    pub(super) fn new(decompressed: Decompressed) -> Self {
        Scanner {
            reader: BufReader::with_capacity(BUFFER_SIZE, decompressed),
            position: Position::START,
            offset: 0,
            tee: None,
            tee_cap: 0,
        }
    }

    /// The stream, to read the rest of it as it is.
    pub(super) fn reader(&mut self) -> &mut BufReader<Decompressed> {
        &mut self.reader
    }

    /// Where the next byte is.
    pub(super) fn position(&self) -> Position {
        self.position
    }

    /// Starts copying every byte consumed into a buffer (see [`Scanner::take_tee`]), after
    /// `prefix`; copying stops (and the copy is dropped) past `cap` bytes.
    pub(super) fn start_tee(&mut self, prefix: Vec<u8>, cap: usize) {
        self.tee = Some(prefix);
        self.tee_cap = cap;
    }

    /// Whether bytes are being copied (started and not past the cap).
    pub(super) fn teeing(&self) -> bool {
        self.tee.is_some()
    }

    /// The bytes consumed since [`Scanner::start_tee`], and stops copying.
    pub(super) fn take_tee(&mut self) -> Option<Vec<u8>> {
        self.tee.take()
    }

    /// Skips a UTF-8 byte order mark at the very start; whether there was one.
    pub(super) fn skip_bom(&mut self) -> io::Result<bool> {
        let buf = self.reader.fill_buf()?;
        let bom = buf.starts_with(locate::BOM);
        if bom {
            self.reader.consume(locate::BOM.len());
            self.offset += locate::BOM.len() as u64;
        }
        Ok(bom)
    }

    fn consume(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        let buf = self.reader.buffer();
        let chunk = &buf[..len];
        self.position = locate::advance(chunk, 0, len, self.position);
        if let Some(tee) = &mut self.tee {
            if tee.len() + len > self.tee_cap {
                self.tee = None;
            } else {
                tee.extend_from_slice(chunk);
            }
        }
        self.offset += len as u64;
        self.reader.consume(len);
    }

    /// Skips whitespace; the next byte, not consumed, or `None` at the end of the input. The
    /// whitespace skipped is copied to `keep` when given.
    pub(super) fn peek_keeping(
        &mut self,
        mut keep: Option<&mut Vec<u8>>,
    ) -> io::Result<Option<u8>> {
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let ws = buf.iter().take_while(|&&b| locate::is_ws(b)).count();
            let next = buf.get(ws).copied();
            if let Some(keep) = keep.as_deref_mut() {
                keep.extend_from_slice(&buf[..ws]);
            }
            self.consume(ws);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Skips whitespace; the next byte, not consumed, or `None` at the end of the input.
    pub(super) fn peek(&mut self) -> io::Result<Option<u8>> {
        self.peek_keeping(None)
    }

    /// Consumes the byte [`Scanner::peek`] returned.
    pub(super) fn bump(&mut self) {
        self.consume(1);
    }

    /// Skips whitespace and consumes `byte`, or says what was expected.
    pub(super) fn expect(&mut self, byte: u8, expected: &'static str) -> Result<(), ScanError> {
        match self.peek()? {
            Some(b) if b == byte => {
                self.bump();
                Ok(())
            }
            Some(_) => Err(ScanError::Unexpected {
                expected,
                position: self.position,
            }),
            None => Err(ScanError::Eof(self.position)),
        }
    }

    /// Moves to the next member of an object whose `{` was consumed: its key (the raw text
    /// between the quotes, at most 64 bytes kept), with the `:` consumed, or `None` after the
    /// closing `}`.
    pub(super) fn member(&mut self, first: bool) -> Result<Option<Vec<u8>>, ScanError> {
        match self.peek()? {
            Some(b'}') => {
                self.bump();
                return Ok(None);
            }
            None => return Err(ScanError::Eof(self.position)),
            Some(_) if !first => self.expect(b',', "`,` or `}` after an object member")?,
            Some(_) => {}
        }
        if self.peek()? != Some(b'"') {
            return match self.peek()? {
                None => Err(ScanError::Eof(self.position)),
                Some(_) => Err(ScanError::Unexpected {
                    expected: "a string key",
                    position: self.position,
                }),
            };
        }
        let key = self.value(64, usize::MAX)?;
        self.expect(b':', "`:` after an object key")?;
        Ok(Some(match key.bytes {
            Ok(bytes) => bytes[1..bytes.len().saturating_sub(1).max(1)].to_vec(),
            Err(_) => Vec::new(),
        }))
    }

    /// Moves to the next element of an array whose `[` was consumed: `true` when an element
    /// follows (the `,` before it consumed), `false` after the closing `]`.
    pub(super) fn element(&mut self, first: bool) -> Result<bool, ScanError> {
        match self.peek()? {
            Some(b']') => {
                self.bump();
                Ok(false)
            }
            None => Err(ScanError::Eof(self.position)),
            Some(_) if !first => {
                self.expect(b',', "`,` or `]` after an array element")?;
                match self.peek()? {
                    None => Err(ScanError::Eof(self.position)),
                    Some(_) => Ok(true),
                }
            }
            Some(_) => Ok(true),
        }
    }

    /// Scans one value, keeping its bytes when it is at most `max_bytes` long and nests at most
    /// `max_depth` levels.
    pub(super) fn value(
        &mut self,
        max_bytes: usize,
        max_depth: usize,
    ) -> Result<Scanned, ScanError> {
        let first = match self.peek()? {
            Some(b) => b,
            None => return Err(ScanError::Eof(self.position)),
        };
        let (start, offset) = (self.position, self.offset);
        if matches!(first, b',' | b']' | b'}' | b':') {
            return Err(ScanError::Unexpected {
                expected: "a value",
                position: start,
            });
        }
        let scalar = !matches!(first, b'{' | b'[' | b'"');
        let mut bytes = Vec::new();
        let mut oversize = None;
        let (mut depth, mut deepest) = (0usize, 0usize);
        let (mut in_string, mut escape) = (false, false);
        let mut done = false;
        while !done {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                if scalar {
                    break;
                }
                return Err(ScanError::Eof(self.position));
            }
            let mut end = buf.len();
            for (i, &b) in buf.iter().enumerate() {
                if in_string {
                    if escape {
                        escape = false;
                    } else if b == b'\\' {
                        escape = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = i + 1;
                            done = true;
                            break;
                        }
                    }
                    continue;
                }
                if scalar {
                    if matches!(b, b',' | b']' | b'}' | b':') || locate::is_ws(b) {
                        end = i;
                        done = true;
                        break;
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => {
                        depth += 1;
                        deepest = deepest.max(depth);
                    }
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            end = i + 1;
                            done = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if oversize.is_none() {
                if bytes.len() + end > max_bytes {
                    oversize = Some(Oversize::Large);
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&buf[..end]);
                }
            }
            self.consume(end);
        }
        if oversize.is_none() && deepest > max_depth {
            oversize = Some(Oversize::Deep);
        }
        Ok(Scanned {
            bytes: match oversize {
                None => Ok(bytes),
                Some(oversize) => Err(oversize),
            },
            start,
            offset,
        })
    }
}
