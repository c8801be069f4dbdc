//! The records of one source, read lazily: [`Records`] counts the bytes read, decompresses, and
//! hands the stream to the reader of its format.

use std::fmt;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::InputFormat;
use super::decompress::Decompressed;
use super::har::HarReader;
use super::json::JsonReader;
use super::limits::Limits;
use super::ndjson::{NdjsonReader, Piece};
use super::record::{Origin, Record};

/// The records of one source, read lazily: an iterator that never fails (problems are records).
pub struct Records {
    name: Arc<str>,
    bytes_read: Arc<AtomicU64>,
    reader: FormatReader,
}

impl fmt::Debug for Records {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("name", &self.name)
            .field("bytes_read", &self.bytes_read)
            .finish_non_exhaustive()
    }
}

/// The reader of the source's format.
enum FormatReader {
    Ndjson(NdjsonReader),
    Json(JsonReader),
    Har(HarReader),
}

impl Records {
    /// Records read from `reader` (plain, gzip or zstd, detected from the first bytes) as
    /// `format`, named `name`, within the default [`Limits`].
    pub fn from_reader(
        reader: impl Read + Send + 'static,
        format: InputFormat,
        name: Arc<str>,
    ) -> Self {
        Records::with_limits(reader, format, name, Limits::default())
    }

    /// Records read from `reader` as `format`, named `name`, within `limits`.
    pub fn with_limits(
        reader: impl Read + Send + 'static,
        format: InputFormat,
        name: Arc<str>,
        limits: Limits,
    ) -> Self {
        let bytes_read = Arc::new(AtomicU64::new(0));
        let counted = Counting {
            inner: reader,
            count: Arc::clone(&bytes_read),
        };
        let decompressed = Decompressed::new(Box::new(counted), limits.source_bytes);
        let reader = match format {
            InputFormat::Ndjson => FormatReader::Ndjson(NdjsonReader::new(decompressed, limits)),
            InputFormat::Json => FormatReader::Json(JsonReader::new(decompressed, limits)),
            InputFormat::Har => FormatReader::Har(HarReader::new(decompressed, limits)),
        };
        Records {
            name,
            bytes_read,
            reader,
        }
    }

    /// A shared counter of the bytes read from the source so far (compressed bytes for gzip, so
    /// it compares with [`super::InputSource::size`]); it can be read from another thread.
    #[must_use]
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes_read)
    }
}

impl Records {
    /// What comes next, read in chunks: NDJSON as [`super::Lines`] of about `size` bytes cut at
    /// line boundaries (split by the caller) and read into `buffer` (an earlier chunk's, given
    /// back), every other format one record at a time.
    pub(crate) fn next_piece(&mut self, size: usize, buffer: Vec<u8>) -> Option<Piece> {
        match &mut self.reader {
            FormatReader::Ndjson(reader) => {
                reader.next_lines(&Origin::new(Arc::clone(&self.name)), size, buffer)
            }
            FormatReader::Json(_) | FormatReader::Har(_) => {
                self.next().map(|record| Piece::Record(Box::new(record)))
            }
        }
    }
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let origin = Origin::new(Arc::clone(&self.name));
        match &mut self.reader {
            FormatReader::Ndjson(reader) => reader.next_record(origin),
            FormatReader::Json(reader) => reader.next_record(origin),
            FormatReader::Har(reader) => reader.next_record(origin),
        }
    }
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}
