//! Reading captured traffic: discovering inputs (files, directories, standard input) and reading
//! them into a stream of [`Record`]s with bounded memory.
//!
//! A JSON file is one record, an NDJSON file one record per non-blank line (streamed: memory stays
//! flat whatever the file size), a HAR 1.2 capture one record per entry. Any of them may be
//! gzip-compressed. Reading never fails half-way: what cannot be read (a HAR entry without a
//! body, base64 that does not decode, a corrupt gzip stream) becomes a record whose body is a
//! [`ReadProblem`], and the records around it still follow. Only what prevents reading from
//! starting at all (a missing path, an unreadable directory, a file that cannot be opened) is an
//! [`InputError`].
//!
//! A UTF-8 byte order mark at the start of a body is stripped and recorded in [`Origin::bom`];
//! positions are not shifted for it, since editors do not show it as a character.
//!
//! This file holds the input format names; each stage of reading has its own file.

mod decompress;
mod error;
mod har;
mod har_entry;
mod json;
mod limits;
mod ndjson;
mod record;
mod records;
mod scan;
mod source;
mod whole;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

pub use error::{InputError, ReadProblem};
pub use json::WHOLE_ARRAY_BYTES;
pub(crate) use json::split_top_level_array;
pub use limits::{ByteSize, Limits, ParseByteSizeError};
pub(crate) use ndjson::{Lines, Piece};
pub use record::{Exchange, Origin, Record, write_origin};
pub use records::Records;
pub use source::{
    DiscoverOptions, Discovered, IGNORE_FILE, InputSource, STDIN_NAME, Skipped, discover,
};
pub(crate) use whole::small_file;

/// How an input is read into records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum InputFormat {
    /// One JSON document per file (`.json`): one record.
    #[cfg_attr(
        feature = "clap",
        value(
            help = "One JSON body (an array that is not a list resource is a sequence of records)"
        )
    )]
    Json,
    /// One JSON document per line (`.ndjson`, `.jsonl`): one record per non-blank line.
    #[cfg_attr(
        feature = "clap",
        value(alias = "jsonl", help = "One JSON body per line")
    )]
    Ndjson,
    /// An HTTP Archive 1.2 capture (`.har`): one record per entry.
    #[cfg_attr(feature = "clap", value(help = "A HAR 1.2 capture"))]
    Har,
}

impl InputFormat {
    /// Every format, in the order they are listed to users.
    pub const ALL: [InputFormat; 3] = [InputFormat::Json, InputFormat::Ndjson, InputFormat::Har];

    /// The format's name as `--input-format` takes it: `json`, `ndjson` or `har`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            InputFormat::Json => "json",
            InputFormat::Ndjson => "ndjson",
            InputFormat::Har => "har",
        }
    }

    /// The format a file name's extension names (case-insensitive; `.json`, `.ndjson`, `.jsonl`
    /// or `.har`, each optionally followed by `.gz` or `.zst`), and whether such a compression
    /// suffix was there.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<(InputFormat, bool)> {
        let name = path.file_name()?.to_string_lossy();
        let name: &str = &name;
        let compressed = [".gz", ".zst", ".zstd"]
            .iter()
            .find_map(|suffix| strip_suffix_ignore_case(name, suffix));
        let (name, gzip) = match compressed {
            Some(stem) => (stem, true),
            None => (name, false),
        };
        let (_, extension) = name.rsplit_once('.')?;
        let format = match extension.to_ascii_lowercase().as_str() {
            "json" => InputFormat::Json,
            "ndjson" | "jsonl" => InputFormat::Ndjson,
            "har" => InputFormat::Har,
            _ => return None,
        };
        Some((format, gzip))
    }
}

fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len())?;
    let (stem, tail) = (name.get(..cut)?, name.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(stem)
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input format name that is not `json`, `ndjson` (or `jsonl`) or `har`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format `{name}`: expected `json`, `ndjson` or `har`")]
pub struct ParseInputFormatError {
    /// The name that was given.
    pub name: String,
}

impl FromStr for InputFormat {
    type Err = ParseInputFormatError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Ok(InputFormat::Json),
            "ndjson" | "jsonl" => Ok(InputFormat::Ndjson),
            "har" => Ok(InputFormat::Har),
            _ => Err(ParseInputFormatError {
                name: name.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests;
