//! Why reading went wrong: [`InputError`] when an input cannot be found or opened (the run goes
//! on with the others), [`ReadProblem`] when part of an input cannot be read (a record of its own).

use std::io;
use std::path::{Path, PathBuf};

use crate::locate::Position;

/// Why inputs could not be found or opened; the CLI maps these to exit status 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A path given on the command line does not exist.
    #[error("`{}`: no such file or directory", path.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// A path could not be inspected or opened.
    #[error("cannot read `{}`", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// A directory could not be listed.
    #[error("cannot read directory `{}`", path.display())]
    UnreadableDirectory {
        /// The directory.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// An entry met while walking a directory could not be read: a directory that cannot be
    /// listed, a broken symbolic link, a symbolic link loop.
    #[error("cannot read `{}`", path.display())]
    Walk {
        /// The entry, or the directory walked when the entry is not known.
        path: PathBuf,
        /// The reason: the operating system's, or a symbolic link loop.
        #[source]
        source: io::Error,
    },
    /// A pattern given to `--include` or `--exclude` is not a valid glob.
    #[error("invalid glob `{glob}`")]
    Glob {
        /// The pattern.
        glob: String,
        /// The reason.
        #[source]
        source: ignore::Error,
    },
    /// A file given explicitly has a name that does not tell its format.
    #[error(
        "cannot tell the input format of `{}` from its name: expected a `.json`, `.ndjson`, \
         `.jsonl` or `.har` file (optionally `.gz`), or pass --input-format",
        path.display()
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// Standard input (`-`) was given without a format.
    #[error("reading standard input (`-`) needs --input-format: `json`, `ndjson` or `har`")]
    StdinNeedsFormat,
}

/// Why no body could be taken from (part of) an input. Each says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadProblem {
    /// Reading stopped: the operating system or the gzip decoder reported an error (a truncated
    /// or corrupt gzip stream). Nothing after it in the source can be read.
    #[error("the input could not be read past this point: {message}; expected a readable{} stream", if *.gzip_hint { " (gzip)" } else { "" })]
    Io {
        /// The error's kind.
        kind: io::ErrorKind,
        /// The error's message.
        message: String,
        /// Whether the source was gzip-compressed.
        gzip_hint: bool,
    },
    /// A HAR file that is not JSON, or not a JSON object with a `log` object.
    #[error("not a HAR document: {message}; expected a JSON object with `log.entries`")]
    HarDocument {
        /// What `serde_json` found.
        message: String,
        /// Where, when known.
        position: Option<Position>,
    },
    /// A HAR document without `log.entries`.
    #[error(
        "the HAR document has no `log.entries`; expected `{{\"log\": {{\"entries\": [...]}}}}`"
    )]
    HarNoEntries,
    /// A HAR entry whose fields have the wrong types.
    #[error("malformed HAR entry: {message}; expected an object with `request` and `response`")]
    InvalidEntry {
        /// What `serde_json` found.
        message: String,
    },
    /// A HAR entry without `request`.
    #[error("the HAR entry has no `request`; expected the HTTP request that was answered")]
    MissingRequest,
    /// A HAR entry without `response`.
    #[error("the HAR entry has no `response`; expected the HTTP response with its body")]
    MissingResponse,
    /// A HAR entry without `response.content`.
    #[error("the HAR entry has no `response.content`; expected the response body")]
    MissingContent,
    /// A HAR entry without `response.content.text`: the capture was saved without bodies, or the
    /// body was not text.
    #[error(
        "the HAR entry has no `response.content.text`; expected the captured body (was the HAR \
         saved with content?)"
    )]
    MissingText,
    /// `response.content.text` marked base64 that does not decode.
    #[error(
        "`response.content.text` is marked base64 but does not decode: {message}; expected standard base64"
    )]
    Base64 {
        /// The decoder's reason.
        message: String,
    },
    /// `response.content.encoding` other than base64.
    #[error("`response.content.encoding` is `{encoding}`; expected `base64` or none")]
    UnsupportedEncoding {
        /// The encoding given.
        encoding: String,
    },
    /// The input is compressed in a format callspec does not read.
    #[error(
        "the input is {format}-compressed; callspec reads plain, gzip and zstd input: \
         decompress it first (for example with `{format} -dc`)"
    )]
    Compression {
        /// `bzip2` or `xz`.
        format: &'static str,
    },
    /// The source decompresses to more than the per-source limit; the rest is not read.
    #[error(
        "the input is larger than {} after decompression; the rest is not read (raise \
         --max-source-bytes to read it)",
        crate::input::ByteSize(*limit)
    )]
    SourceTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// One record (a line, a body, an entry, an element) is larger than the per-record limit.
    #[error(
        "{what} is larger than {}; expected at most that (raise --max-record-bytes to read it)",
        crate::input::ByteSize(*limit)
    )]
    RecordTooLarge {
        /// What the record is: `the line`, `the HAR entry`, …
        what: &'static str,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A line longer than the per-record limit: the rest of the source is not read, since a line
    /// that long is not a log line (a binary, a runaway stream).
    #[error(
        "the line is longer than {}; the rest of the input is not read (raise \
         --max-record-bytes to read it)",
        crate::input::ByteSize(*limit)
    )]
    LineTooLong {
        /// The limit, in bytes.
        limit: u64,
    },
    /// One record nests arrays and objects deeper than the limit.
    #[error(
        "{what} nests arrays and objects deeper than {limit} levels; expected at most {limit} (--max-depth)"
    )]
    TooDeep {
        /// What the record is.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The input ends in the middle of its JSON document: everything complete before the cut was
    /// read.
    #[error("the input ends at line {} column {} in the middle of {inside}; expected the rest of the document (was it cut off?)", position.line, position.column)]
    Truncated {
        /// What was being read: `log.entries`, `the top-level array`, …
        inside: &'static str,
        /// Where the input ends.
        position: Position,
    },
    /// A streamed document that is not well-formed where the scanner met it (between the
    /// elements of a large top-level array, after its end).
    #[error("the input is not well-formed JSON at line {} column {}: expected {expected}", position.line, position.column)]
    Syntax {
        /// What was expected there.
        expected: &'static str,
        /// Where.
        position: Position,
    },
    /// A HAR entry that is not well-formed JSON, at its position in the capture.
    #[error("HAR entry at line {} column {} is not JSON: {message}; expected an object with `request` and `response`", position.line, position.column)]
    EntrySyntax {
        /// What the parser found.
        message: String,
        /// Where the entry starts in the capture.
        position: Position,
    },
    /// `response.content.text` that is not text: a lone UTF-16 surrogate escape (what
    /// `JSON.stringify` writes when a body is cut inside an emoji) or another bad escape.
    #[error(
        "`response.content.text` cannot be read as text: {message}; expected a JSON string of Unicode text"
    )]
    BodyText {
        /// What the parser found.
        message: String,
    },
    /// A response body kept compressed that does not decompress by its `Content-Encoding`.
    #[error("the body is marked `Content-Encoding: {encoding}` but does not decompress: {message}")]
    ContentEncoding {
        /// The encoding.
        encoding: String,
        /// The decoder's reason.
        message: String,
    },
}

/// The marker error a [`super::decompress::Decompressed`] stream returns when a source goes past
/// the per-source limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the input is larger than {limit} bytes after decompression")]
pub(super) struct SourceLimitExceeded {
    pub(super) limit: u64,
}

/// The problem for an error met while reading: the per-source limit, or an I/O error.
pub(super) fn read_error(err: &io::Error, compression: Option<&'static str>) -> ReadProblem {
    if let Some(exceeded) = err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<SourceLimitExceeded>())
    {
        return ReadProblem::SourceTooLarge {
            limit: exceeded.limit,
        };
    }
    ReadProblem::Io {
        kind: err.kind(),
        message: err.to_string(),
        gzip_hint: compression.is_some(),
    }
}

/// The error for `path` that could not be inspected or opened: [`InputError::NotFound`] when it
/// does not exist.
pub(super) fn not_found_or(path: &Path, source: io::Error) -> InputError {
    if source.kind() == io::ErrorKind::NotFound {
        InputError::NotFound {
            path: path.to_path_buf(),
        }
    } else {
        InputError::Unreadable {
            path: path.to_path_buf(),
            source,
        }
    }
}
