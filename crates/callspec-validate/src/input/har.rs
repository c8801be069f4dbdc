//! HAR 1.2 captures, streamed: the entries of `log.entries` are read one at a time from the
//! (decompressed) byte stream, each with its position, and handed out as records as they come, so
//! memory stays bounded by one entry whatever the capture's size. An entry that cannot be read
//! is a record of its own and the others follow; a capture cut off yields every complete entry,
//! then one problem.

use super::decompress::Decompressed;
use super::error::{ReadProblem, read_error};
use super::har_entry::read_entry;
use super::limits::Limits;
use super::record::{Origin, Record, strip_bom};
use super::scan::{Oversize, ScanError, Scanner};

/// Reads a HAR document's entries as records.
pub(super) struct HarReader {
    scanner: Scanner,
    stage: Stage,
    limits: Limits,
    index: usize,
    entries_seen: bool,
}

/// Where in the document the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Start,
    /// Inside the top-level object.
    Top {
        first: bool,
    },
    /// Inside `log`.
    Log {
        first: bool,
    },
    /// Inside `log.entries`.
    Entries {
        first: bool,
    },
    /// After the top-level object.
    End,
    Done,
}

impl HarReader {
    pub(super) fn new(decompressed: Decompressed, limits: Limits) -> Self {
        HarReader {
            scanner: Scanner::new(decompressed),
            stage: Stage::Start,
            limits,
            index: 0,
            entries_seen: false,
        }
    }

    /// The next entry's record (or the document's problem), `origin` filled in.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        loop {
            match self.step(&origin) {
                Ok(Some(record)) => return Some(record),
                Ok(None) if self.stage == Stage::Done => return None,
                Ok(None) => {}
                Err(error) => {
                    let stage = std::mem::replace(&mut self.stage, Stage::Done);
                    let problem = match error {
                        ScanError::Io(err) => {
                            read_error(&err, self.scanner.reader().get_ref().compression())
                        }
                        ScanError::Eof(position) => ReadProblem::Truncated {
                            inside: if matches!(stage, Stage::Entries { .. }) {
                                "`log.entries`"
                            } else {
                                "the HAR document"
                            },
                            position,
                        },
                        ScanError::Unexpected { expected, position } => ReadProblem::HarDocument {
                            message: format!("expected {expected}"),
                            position: Some(position),
                        },
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

    /// One step through the document: a record when an entry (or a problem) was read.
    fn step(&mut self, origin: &Origin) -> Result<Option<Record>, ScanError> {
        let problem = |problem| {
            Some(Record {
                origin: origin.clone(),
                body: Err(problem),
                exchange: None,
            })
        };
        match self.stage {
            Stage::Start => {
                self.stage = Stage::Done;
                if let Some(refused) = self.scanner.reader().get_mut().refused()? {
                    return Ok(problem(ReadProblem::Compression {
                        format: refused.name(),
                    }));
                }
                self.scanner.skip_bom()?;
                match self.scanner.peek()? {
                    Some(b'{') => {
                        self.scanner.bump();
                        self.stage = Stage::Top { first: true };
                        Ok(None)
                    }
                    Some(_) => Ok(problem(ReadProblem::HarDocument {
                        message: "the top-level value is not an object".to_owned(),
                        position: Some(self.scanner.position()),
                    })),
                    None => Ok(problem(ReadProblem::HarDocument {
                        message: "the input is empty".to_owned(),
                        position: Some(self.scanner.position()),
                    })),
                }
            }
            Stage::Top { first } => {
                self.stage = Stage::Top { first: false };
                match self.scanner.member(first)? {
                    None => self.stage = Stage::End,
                    Some(key) if key == b"log" && self.scanner.peek()? == Some(b'{') => {
                        self.scanner.bump();
                        self.stage = Stage::Log { first: true };
                    }
                    Some(_) => self.skip_value()?,
                }
                Ok(None)
            }
            Stage::Log { first } => {
                self.stage = Stage::Log { first: false };
                match self.scanner.member(first)? {
                    None => self.stage = Stage::Top { first: false },
                    Some(key) if key == b"entries" && self.scanner.peek()? == Some(b'[') => {
                        self.scanner.bump();
                        self.entries_seen = true;
                        self.stage = Stage::Entries { first: true };
                    }
                    Some(_) => self.skip_value()?,
                }
                Ok(None)
            }
            Stage::Entries { first } => {
                if !self.scanner.element(first)? {
                    self.stage = Stage::Log { first: false };
                    return Ok(None);
                }
                self.stage = Stage::Entries { first: false };
                let scanned = self
                    .scanner
                    .value(self.limits.record_bytes_usize(), self.limits.depth)?;
                let index = self.index;
                self.index += 1;
                let mut origin = Origin {
                    entry: Some(index),
                    offset: Some(scanned.offset),
                    ..origin.clone()
                };
                let (body, exchange) = match scanned.bytes {
                    Ok(bytes) => read_entry(&bytes, scanned.start, self.limits.record_bytes),
                    Err(Oversize::Large) => (
                        Err(ReadProblem::RecordTooLarge {
                            what: "the HAR entry",
                            limit: self.limits.record_bytes,
                        }),
                        None,
                    ),
                    Err(Oversize::Deep) => (
                        Err(ReadProblem::TooDeep {
                            what: "the HAR entry",
                            limit: self.limits.depth,
                        }),
                        None,
                    ),
                };
                let body = body.map(|mut body| {
                    origin.bom = strip_bom(&mut body);
                    body
                });
                Ok(Some(Record {
                    origin,
                    body,
                    exchange,
                }))
            }
            Stage::End => {
                self.stage = Stage::Done;
                if self.scanner.peek()?.is_some() {
                    return Ok(problem(ReadProblem::HarDocument {
                        message: "unexpected content after the document".to_owned(),
                        position: Some(self.scanner.position()),
                    }));
                }
                if !self.entries_seen {
                    return Ok(problem(ReadProblem::HarNoEntries));
                }
                Ok(None)
            }
            Stage::Done => Ok(None),
        }
    }

    /// Skips a member's value, keeping nothing.
    fn skip_value(&mut self) -> Result<(), ScanError> {
        self.scanner.value(0, usize::MAX).map(|_| ())
    }
}
