//! The limits that keep reading bounded whatever the input: bytes decompressed per source, bytes
//! per record (an NDJSON line, a JSON body, a HAR entry or its decoded body, an array element),
//! and JSON nesting depth. Going past one is a finding, never an abort.

use std::fmt;
use std::str::FromStr;

/// How much reading may take from one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes read from one source after decompression (`--max-source-bytes`).
    pub source_bytes: u64,
    /// Bytes of one record: an NDJSON line, a JSON body, a HAR entry or its decoded body, an
    /// element of a top-level array (`--max-record-bytes`).
    pub record_bytes: u64,
    /// Nesting of arrays and objects in a record (`--max-depth`, at most [`Limits::MAX_DEPTH`]).
    pub depth: usize,
}

impl Limits {
    /// The deepest nesting callspec parses (the JSON parser's own bound).
    pub const MAX_DEPTH: usize = 127;

    /// The bytes of one record as a `usize` (saturating on narrow platforms).
    #[must_use]
    pub fn record_bytes_usize(&self) -> usize {
        usize::try_from(self.record_bytes).unwrap_or(usize::MAX)
    }
}

impl Default for Limits {
    /// 64 GiB per source, 64 MiB per record, 127 levels.
    fn default() -> Self {
        Limits {
            source_bytes: 64 << 30,
            record_bytes: 64 << 20,
            depth: Limits::MAX_DEPTH,
        }
    }
}

/// A byte count as `--max-…-bytes` takes it: a number with an optional `K`, `M`, `G` or `T`
/// suffix (powers of 1024, `KiB`/`KB` spellings accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

/// A byte count that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a byte count: expected a number with an optional K, M, G or T suffix")]
pub struct ParseByteSizeError {
    /// The text given.
    pub text: String,
}

impl FromStr for ByteSize {
    type Err = ParseByteSizeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseByteSizeError {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let digits = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (number, suffix) = trimmed.split_at(digits);
        let number: u64 = number.parse().map_err(|_| error())?;
        let shift = match suffix.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            "t" | "tb" | "tib" => 40,
            _ => return Err(error()),
        };
        number
            .checked_mul(1 << shift)
            .map(ByteSize)
            .ok_or_else(error)
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] {
            if n >= 1 << shift && n.is_multiple_of(1 << shift) {
                return write!(f, "{} {unit}", n >> shift);
            }
        }
        write!(f, "{n} bytes")
    }
}
