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
    #[error("cannot read `{}`: {source}", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// A directory could not be listed.
    #[error("cannot read directory `{}`: {source}", path.display())]
    UnreadableDirectory {
        /// The directory.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: io::Error,
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
