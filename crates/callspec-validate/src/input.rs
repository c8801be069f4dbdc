//! Discovering inputs (files, directories, standard input) and reading them into a stream of
//! [`Record`]s with bounded memory.
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

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine as _;
use flate2::read::MultiGzDecoder;
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Deserializer};

pub use crate::locate::Position;
use crate::locate::{self, BOM};

/// The name standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

/// Buffer size for reading files and standard input.
const BUFFER_SIZE: usize = 64 * 1024;

/// NDJSON lines at least this long are handed out without copying, and the line buffer is not
/// kept at this size afterwards, so one huge line does not keep its memory for the whole file.
const LARGE_LINE: usize = 1024 * 1024;

/// The gzip magic bytes.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// How an input is read into records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// One JSON document per file (`.json`): one record.
    Json,
    /// One JSON document per line (`.ndjson`, `.jsonl`): one record per non-blank line.
    Ndjson,
    /// An HTTP Archive 1.2 capture (`.har`): one record per entry.
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
    /// or `.har`, each optionally followed by `.gz`), and whether the `.gz` was there.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<(InputFormat, bool)> {
        let name = path.file_name()?.to_str()?;
        let (name, gzip) = match strip_suffix_ignore_case(name, ".gz") {
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

#[derive(Debug, Clone, PartialEq, Eq)]
enum SourceKind {
    Stdin,
    File(PathBuf),
}

/// One input to read: a file or standard input, with its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSource {
    kind: SourceKind,
    name: Arc<str>,
    format: InputFormat,
    size: Option<u64>,
}

impl InputSource {
    /// Standard input, read as `format`.
    #[must_use]
    pub fn stdin(format: InputFormat) -> Self {
        InputSource {
            kind: SourceKind::Stdin,
            name: Arc::from(STDIN_NAME),
            format,
            size: None,
        }
    }

    /// The file at `path`, read as `format` (its size is not known until [`discover`] finds it).
    #[must_use]
    pub fn file(path: impl Into<PathBuf>, format: InputFormat) -> Self {
        let path = path.into();
        InputSource {
            name: Arc::from(path.to_string_lossy().as_ref()),
            kind: SourceKind::File(path),
            format,
            size: None,
        }
    }

    /// The name records from this source carry: the path as the user gave it (joined with the
    /// names found under a directory), or [`STDIN_NAME`].
    #[must_use]
    pub fn name(&self) -> &Arc<str> {
        &self.name
    }

    /// The file's path, `None` for standard input.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match &self.kind {
            SourceKind::File(path) => Some(path),
            SourceKind::Stdin => None,
        }
    }

    /// Whether this is standard input.
    #[must_use]
    pub fn is_stdin(&self) -> bool {
        self.kind == SourceKind::Stdin
    }

    /// How the source is read.
    #[must_use]
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// The size in bytes as stored (compressed for gzip), when known: for a progress bar, to
    /// compare with [`Records::bytes_read`].
    #[must_use]
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// Opens the source for reading; see [`records`].
    ///
    /// # Errors
    ///
    /// [`InputError::NotFound`] or [`InputError::Unreadable`] when the file cannot be opened.
    pub fn records(&self) -> Result<Records, InputError> {
        records(self)
    }
}

/// The inputs `paths` name, in order, with [`discover_with`] and no `--input-format`.
///
/// # Errors
///
/// As [`discover_with`].
pub fn discover(paths: &[PathBuf]) -> Result<Vec<InputSource>, InputError> {
    discover_with(paths, None)
}

/// The inputs `paths` name, in the order given.
///
/// - `-` is standard input, read as `format` (the `--input-format` option), which it requires.
/// - A file is taken as given, whatever its name, read as `format` when one is given, else as its
///   extension says ([`InputFormat::from_path`]); a file whose extension says nothing and no
///   `format` is an error rather than a guess.
/// - A directory is walked recursively, in path order, keeping only files whose extension names
///   a format (`format` does not apply to them). Symbolic links to files are followed, symbolic
///   links to directories are not (no cycles).
///
/// Whether a file is gzip-compressed is decided when it is read, from its first two bytes, so
/// `.gz` only matters for telling the format.
///
/// # Errors
///
/// A path that does not exist, cannot be inspected, a directory that cannot be listed (at any
/// depth), a file whose format is unknown, or `-` without `format`; each names the path.
pub fn discover_with(
    paths: &[PathBuf],
    format: Option<InputFormat>,
) -> Result<Vec<InputSource>, InputError> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let format = format.ok_or(InputError::StdinNeedsFormat)?;
            sources.push(InputSource::stdin(format));
            continue;
        }
        let metadata = fs::metadata(path).map_err(|source| not_found_or(path, source))?;
        if metadata.is_dir() {
            walk(path, &mut sources)?;
            continue;
        }
        let format = match format.or_else(|| InputFormat::from_path(path).map(|(f, _)| f)) {
            Some(format) => format,
            None => return Err(InputError::UnknownFormat { path: path.clone() }),
        };
        let mut source = InputSource::file(path.clone(), format);
        source.size = metadata.is_file().then_some(metadata.len());
        sources.push(source);
    }
    Ok(sources)
}

fn not_found_or(path: &Path, source: io::Error) -> InputError {
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

fn walk(dir: &Path, sources: &mut Vec<InputSource>) -> Result<(), InputError> {
    let unreadable = |source| InputError::UnreadableDirectory {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let file_type = entry.file_type().map_err(unreadable)?;
        entries.push((entry.path(), file_type));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in entries {
        if file_type.is_dir() {
            walk(&path, sources)?;
            continue;
        }
        let Some((format, _)) = InputFormat::from_path(&path) else {
            continue;
        };
        // `fs::metadata` follows a symbolic link; a broken link is skipped like any non-file.
        let Ok(metadata) = fs::metadata(&path) else {
            continue;
        };
        if metadata.is_file() {
            let mut source = InputSource::file(path, format);
            source.size = Some(metadata.len());
            sources.push(source);
        }
    }
    Ok(())
}

/// Where a record came from, precisely enough to point a user at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The source's name: the path as the user gave it, or [`STDIN_NAME`].
    pub source: Arc<str>,
    /// NDJSON: the 1-based line number of the record.
    pub line: Option<u64>,
    /// HAR: the 0-based index of the entry in `log.entries`.
    pub entry: Option<usize>,
    /// The index of the element in a top-level JSON array, when a body was split into its
    /// elements (see [`Origin::element`]).
    pub index: Option<usize>,
    /// Where the body's first byte sits in the source, so positions found in the body map back
    /// to it ([`Origin::source_position`]): NDJSON line N column 1, a JSON file 1:1, an array
    /// element its own line and column, a HAR body 1:1 relative to the decoded body (the entry
    /// index locates it).
    pub start: Position,
    /// Whether a UTF-8 byte order mark preceded the body and was stripped from it. Positions are
    /// not shifted for it.
    pub bom: bool,
}

impl Origin {
    /// An origin at the start of `source`, with nothing else known.
    #[must_use]
    pub fn new(source: Arc<str>) -> Self {
        Origin {
            source,
            line: None,
            entry: None,
            index: None,
            start: Position::START,
            bom: false,
        }
    }

    /// The origin of element `index` of a top-level array in this record's body, starting at
    /// `start` (a source position, as [`split_top_level_array`] gives it).
    #[must_use]
    pub fn element(&self, index: usize, start: Position) -> Origin {
        Origin {
            index: Some(index),
            start,
            ..self.clone()
        }
    }

    /// Maps a position relative to the body (its first character at 1:1) to the source.
    #[must_use]
    pub fn source_position(&self, in_body: Position) -> Position {
        in_body.relative_to(self.start)
    }
}

/// `path:line` for NDJSON, `path#entry=3` for HAR, `#index=2` appended for an array element.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = self.entry {
            write!(f, "#entry={entry}")?;
        }
        if let Some(index) = self.index {
            write!(f, "#index={index}")?;
        }
        Ok(())
    }
}

/// The HTTP exchange around a HAR body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    /// The request method, as captured (`GET`).
    pub method: String,
    /// The request URL, as captured (may carry credentials: see [`crate::redact::redact_url`]).
    pub url: String,
    /// The request headers, in order, names as captured.
    pub request_headers: Vec<(String, String)>,
    /// The query parameters: HAR's `queryString`, or when that is absent or empty, parsed from
    /// the URL and percent-decoded (`+` is kept as it is, since E.164 numbers start with it).
    pub query: Vec<(String, String)>,
    /// The response status (0 when the request got no response, as browsers record it).
    pub status: u16,
    /// The response headers, in order, names as captured.
    pub response_headers: Vec<(String, String)>,
    /// `response.content.mimeType`, when given.
    pub mime_type: Option<String>,
}

impl Exchange {
    /// The first request header named `name` (case-insensitive).
    #[must_use]
    pub fn request_header(&self, name: &str) -> Option<&str> {
        find_header(&self.request_headers, name)
    }

    /// The first response header named `name` (case-insensitive).
    #[must_use]
    pub fn response_header(&self, name: &str) -> Option<&str> {
        find_header(&self.response_headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
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

/// One unit of input: a body to check, where it came from, and for HAR the HTTP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where the record came from.
    pub origin: Origin,
    /// The raw body bytes exactly as captured (less a leading byte order mark, see
    /// [`Origin::bom`]), or why none could be extracted.
    pub body: Result<Vec<u8>, ReadProblem>,
    /// HAR only: the HTTP request and response around the body.
    pub exchange: Option<Exchange>,
}

/// Opens `source` and returns its records, read as they are iterated.
///
/// # Errors
///
/// [`InputError::NotFound`] or [`InputError::Unreadable`] when the file cannot be opened. Every
/// later problem is a record.
pub fn records(source: &InputSource) -> Result<Records, InputError> {
    let reader: Box<dyn Read + Send> = match &source.kind {
        SourceKind::Stdin => Box::new(io::stdin()),
        SourceKind::File(path) => {
            Box::new(File::open(path).map_err(|err| not_found_or(path, err))?)
        }
    };
    Ok(Records::from_reader(
        reader,
        source.format,
        Arc::clone(&source.name),
        source.size,
    ))
}

/// The records of one source, read lazily: an iterator that never fails (problems are records).
pub struct Records {
    name: Arc<str>,
    bytes_read: Arc<AtomicU64>,
    state: State,
}

impl fmt::Debug for Records {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Records")
            .field("name", &self.name)
            .field("bytes_read", &self.bytes_read)
            .finish_non_exhaustive()
    }
}

enum State {
    Ndjson(Ndjson),
    Json(Decoded, Option<u64>),
    Har(Decoded, Option<u64>),
    HarEntries(std::iter::Enumerate<std::vec::IntoIter<LenientEntry>>),
    Done,
}

struct Ndjson {
    reader: BufReader<Decoded>,
    line: Vec<u8>,
    line_number: u64,
}

impl Records {
    /// Records read from `reader` (plain or gzip, detected from the first bytes) as `format`,
    /// named `name`; `size_hint` is the expected size, used to size the buffer of whole-file
    /// formats.
    pub fn from_reader(
        reader: impl Read + Send + 'static,
        format: InputFormat,
        name: Arc<str>,
        size_hint: Option<u64>,
    ) -> Self {
        let bytes_read = Arc::new(AtomicU64::new(0));
        let counted = Counting {
            inner: reader,
            count: Arc::clone(&bytes_read),
        };
        let decoded = Decoded::new(Box::new(counted));
        let state = match format {
            InputFormat::Ndjson => State::Ndjson(Ndjson {
                reader: BufReader::with_capacity(BUFFER_SIZE, decoded),
                line: Vec::new(),
                line_number: 0,
            }),
            InputFormat::Json => State::Json(decoded, size_hint),
            InputFormat::Har => State::Har(decoded, size_hint),
        };
        Records {
            name,
            bytes_read,
            state,
        }
    }

    /// A shared counter of the bytes read from the source so far (compressed bytes for gzip, so
    /// it compares with [`InputSource::size`]); it can be read from another thread.
    #[must_use]
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes_read)
    }

    fn origin(&self) -> Origin {
        Origin::new(Arc::clone(&self.name))
    }

    fn next_ndjson(&mut self) -> Option<Record> {
        let State::Ndjson(ndjson) = &mut self.state else {
            return None;
        };
        loop {
            if ndjson.line.capacity() > LARGE_LINE {
                ndjson.line = Vec::new();
            }
            ndjson.line.clear();
            let read = ndjson.reader.read_until(b'\n', &mut ndjson.line);
            let number = ndjson.line_number + 1;
            match read {
                Ok(0) => {
                    self.state = State::Done;
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
                        ..self.origin()
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
                        ..self.origin()
                    };
                    self.state = State::Done;
                    return Some(io_problem(origin, &err, gzip));
                }
            }
        }
    }

    fn next_json(&mut self) -> Option<Record> {
        let State::Json(reader, size_hint) = std::mem::replace(&mut self.state, State::Done) else {
            return None;
        };
        let origin = self.origin();
        Some(match read_whole(reader, size_hint) {
            Ok(mut bytes) => {
                let bom = strip_bom(&mut bytes);
                Record {
                    origin: Origin { bom, ..origin },
                    body: Ok(bytes),
                    exchange: None,
                }
            }
            Err((err, gzip)) => io_problem(origin, &err, gzip),
        })
    }

    fn next_har(&mut self) -> Option<Record> {
        if let State::Har(..) = self.state {
            let State::Har(reader, size_hint) = std::mem::replace(&mut self.state, State::Done)
            else {
                return None;
            };
            let mut bytes = match read_whole(reader, size_hint) {
                Ok(bytes) => bytes,
                Err((err, gzip)) => return Some(io_problem(self.origin(), &err, gzip)),
            };
            strip_bom(&mut bytes);
            match parse_har(&bytes) {
                Ok(entries) => self.state = State::HarEntries(entries.into_iter().enumerate()),
                Err(problem) => {
                    return Some(Record {
                        origin: self.origin(),
                        body: Err(problem),
                        exchange: None,
                    });
                }
            }
        }
        let State::HarEntries(entries) = &mut self.state else {
            return None;
        };
        let Some((index, entry)) = entries.next() else {
            self.state = State::Done;
            return None;
        };
        let (body, exchange) = har_entry(entry);
        let mut origin = Origin {
            entry: Some(index),
            ..self.origin()
        };
        let body = body.map(|mut body| {
            origin.bom = strip_bom(&mut body);
            body
        });
        Some(Record {
            origin,
            body,
            exchange,
        })
    }
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        match self.state {
            State::Ndjson(_) => self.next_ndjson(),
            State::Json(..) => self.next_json(),
            State::Har(..) | State::HarEntries(_) => self.next_har(),
            State::Done => None,
        }
    }
}

fn io_problem(origin: Origin, err: &io::Error, gzip_hint: bool) -> Record {
    Record {
        origin,
        body: Err(ReadProblem::Io {
            kind: err.kind(),
            message: err.to_string(),
            gzip_hint,
        }),
        exchange: None,
    }
}

/// serde's messages quote the offending value in backticks (``invalid type: integer `123` ``);
/// in a HAR document that value may be a credential, so it is left out.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            if !inside {
                out.push_str("`…");
            }
            inside = !inside;
        }
        if !inside {
            out.push(c);
        }
    }
    out
}

/// Reads everything; on error also says whether the stream was gzip.
fn read_whole(mut reader: Decoded, size_hint: Option<u64>) -> Result<Vec<u8>, (io::Error, bool)> {
    // The hint is the stored size: a good first guess, capped so a wrong one cannot reserve much.
    let capacity = size_hint.map_or(0, |size| size.min(256 * 1024 * 1024)) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(err) => Err((err, reader.is_gzip())),
    }
}

fn strip_bom(bytes: &mut Vec<u8>) -> bool {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
        true
    } else {
        false
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

type Prefixed = io::Chain<io::Take<Cursor<[u8; 2]>>, Box<dyn Read + Send>>;

/// A stream that is decompressed when its first two bytes are the gzip magic.
enum Decoded {
    Sniffing(Option<Box<dyn Read + Send>>),
    Plain(Prefixed),
    Gzip(Box<MultiGzDecoder<Prefixed>>),
}

impl Decoded {
    fn new(inner: Box<dyn Read + Send>) -> Self {
        Decoded::Sniffing(Some(inner))
    }

    fn is_gzip(&self) -> bool {
        matches!(self, Decoded::Gzip(_))
    }

    fn sniff(mut inner: Box<dyn Read + Send>) -> io::Result<Self> {
        let mut head = [0u8; 2];
        let mut filled = 0;
        while filled < head.len() {
            match inner.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        let gzip = filled == head.len() && head == GZIP_MAGIC;
        let prefixed = Cursor::new(head).take(filled as u64).chain(inner);
        Ok(if gzip {
            Decoded::Gzip(Box::new(MultiGzDecoder::new(prefixed)))
        } else {
            Decoded::Plain(prefixed)
        })
    }
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self {
                Decoded::Plain(reader) => return reader.read(buf),
                Decoded::Gzip(reader) => return reader.read(buf),
                Decoded::Sniffing(inner) => {
                    let Some(inner) = inner.take() else {
                        return Ok(0);
                    };
                    *self = Decoded::sniff(inner)?;
                }
            }
        }
    }
}

/// For a body whose top-level value is a JSON array, each element's index, byte range and start
/// position (the position of its first byte in the source, given `start`, the source position of
/// the body's first byte).
///
/// Returns `None` unless the body is a syntactically well-formed JSON document whose top-level
/// value is an array; the body is then best treated as one record. The check and the scan build
/// no `serde_json::Value`.
#[must_use]
pub fn split_top_level_array(
    body: &[u8],
    start: Position,
) -> Option<Vec<(usize, Range<usize>, Position)>> {
    let open = locate::skip_ws(body, 0);
    if body.get(open) != Some(&b'[') {
        return None;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
    let mut elements = Vec::new();
    let mut at = locate::skip_ws(body, open + 1);
    if body.get(at) == Some(&b']') {
        return Some(elements);
    }
    let mut scanned = 0;
    let mut position = Position::START;
    loop {
        let end = locate::skip_value(body, at)?;
        position = locate::advance(body, scanned, at, position);
        scanned = at;
        elements.push((elements.len(), at..end, position.relative_to(start)));
        at = locate::skip_ws(body, end);
        match body.get(at) {
            Some(b',') => at = locate::skip_ws(body, at + 1),
            Some(b']') => return Some(elements),
            _ => return None,
        }
    }
}

// HAR 1.2, read leniently: only the fields used are declared, every one may be missing or null,
// and an entry whose fields have the wrong types is kept as an error instead of failing the file.

#[derive(Deserialize)]
struct HarDocument {
    #[serde(default)]
    log: Option<HarLog>,
}

#[derive(Deserialize)]
struct HarLog {
    #[serde(default)]
    entries: Option<Vec<LenientEntry>>,
}

/// An entry, or why it does not have the HAR shape.
struct LenientEntry(Result<HarEntry, String>);

impl<'de> Deserialize<'de> for LenientEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(LenientEntry(
            serde_json::from_value(value).map_err(|err| without_values(&err.to_string())),
        ))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarEntry {
    request: Option<HarRequest>,
    response: Option<HarResponse>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HarRequest {
    #[serde(deserialize_with = "null_default")]
    method: String,
    #[serde(deserialize_with = "null_default")]
    url: String,
    #[serde(deserialize_with = "null_default")]
    headers: Vec<HarPair>,
    query_string: Option<Vec<HarPair>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarResponse {
    #[serde(deserialize_with = "null_default")]
    status: u16,
    #[serde(deserialize_with = "null_default")]
    headers: Vec<HarPair>,
    content: Option<HarContent>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HarContent {
    mime_type: Option<String>,
    text: Option<String>,
    encoding: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarPair {
    #[serde(deserialize_with = "null_default")]
    name: String,
    #[serde(deserialize_with = "null_default")]
    value: String,
}

fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn parse_har(bytes: &[u8]) -> Result<Vec<LenientEntry>, ReadProblem> {
    // serde would also read a struct from an array; a HAR document is an object.
    let first = locate::skip_ws(bytes, 0);
    if bytes.get(first).is_some_and(|&b| b != b'{') {
        return Err(ReadProblem::HarDocument {
            message: "the top-level value is not an object".to_owned(),
            position: Some(locate::position_at(bytes, first, Position::START)),
        });
    }
    let document: HarDocument = serde_json::from_slice(bytes).map_err(|err| {
        let mut message = without_values(&err.to_string());
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        if err.line() > 0 && message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
        ReadProblem::HarDocument {
            message,
            position: (err.line() > 0).then(|| locate::syntax_position(bytes, &err)),
        }
    })?;
    document
        .log
        .and_then(|log| log.entries)
        .ok_or(ReadProblem::HarNoEntries)
}

fn har_entry(entry: LenientEntry) -> (Result<Vec<u8>, ReadProblem>, Option<Exchange>) {
    let entry = match entry.0 {
        Ok(entry) => entry,
        Err(message) => return (Err(ReadProblem::InvalidEntry { message }), None),
    };
    let Some(request) = entry.request else {
        return (Err(ReadProblem::MissingRequest), None);
    };
    let Some(response) = entry.response else {
        return (Err(ReadProblem::MissingResponse), None);
    };
    let query = match request.query_string {
        Some(pairs) if !pairs.is_empty() => pairs.into_iter().map(HarPair::into_tuple).collect(),
        _ => query_from_url(&request.url),
    };
    let (content, mime_type) = match response.content {
        Some(mut content) => {
            let mime_type = content.mime_type.take();
            (Some(content), mime_type)
        }
        None => (None, None),
    };
    let exchange = Exchange {
        method: request.method,
        url: request.url,
        request_headers: request
            .headers
            .into_iter()
            .map(HarPair::into_tuple)
            .collect(),
        query,
        status: response.status,
        response_headers: response
            .headers
            .into_iter()
            .map(HarPair::into_tuple)
            .collect(),
        mime_type,
    };
    let body = match content {
        None => Err(ReadProblem::MissingContent),
        Some(HarContent { text: None, .. }) => Err(ReadProblem::MissingText),
        Some(HarContent {
            text: Some(text),
            encoding,
            ..
        }) => decode_text(text, encoding.as_deref()),
    };
    (body, Some(exchange))
}

impl HarPair {
    fn into_tuple(self) -> (String, String) {
        (self.name, self.value)
    }
}

fn decode_text(text: String, encoding: Option<&str>) -> Result<Vec<u8>, ReadProblem> {
    match encoding {
        None | Some("") => Ok(text.into_bytes()),
        Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
            let engine = &base64::engine::general_purpose::STANDARD;
            let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
                let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                engine.decode(compact)
            } else {
                engine.decode(text.as_bytes())
            };
            decoded.map_err(|err| ReadProblem::Base64 {
                message: err.to_string(),
            })
        }
        Some(encoding) => Err(ReadProblem::UnsupportedEncoding {
            encoding: encoding.to_owned(),
        }),
    }
}

/// The query parameters of `url`, percent-decoded (lossily for invalid UTF-8); `+` is kept.
fn query_from_url(url: &str) -> Vec<(String, String)> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

fn decode_component(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use proptest::prelude::*;
    use std::io::Write;

    fn read(bytes: &[u8], format: InputFormat) -> Vec<Record> {
        Records::from_reader(Cursor::new(bytes.to_vec()), format, Arc::from("t"), None).collect()
    }

    fn bodies(records: &[Record]) -> Vec<Result<String, ReadProblem>> {
        records
            .iter()
            .map(|r| {
                r.body
                    .clone()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            })
            .collect()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("callspec-input-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn format_names() {
        for format in InputFormat::ALL {
            assert_eq!(format.as_str().parse::<InputFormat>().unwrap(), format);
            assert_eq!(format.to_string(), format.as_str());
        }
        assert_eq!("JSONL".parse::<InputFormat>().unwrap(), InputFormat::Ndjson);
        let err = "yaml".parse::<InputFormat>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown input format `yaml`: expected `json`, `ndjson` or `har`"
        );
    }

    #[test]
    fn formats_from_extensions() {
        let cases = [
            ("a/x.json", Some((InputFormat::Json, false))),
            ("x.ndjson.gz", Some((InputFormat::Ndjson, true))),
            ("X.JSONL", Some((InputFormat::Ndjson, false))),
            ("capture.har.GZ", Some((InputFormat::Har, true))),
            ("x.log", None),
            ("x.gz", None),
            ("json", None),
            ("ndjson.gz", None),
        ];
        for (path, expected) in cases {
            assert_eq!(InputFormat::from_path(Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn ndjson_lines() {
        let input = b"\xEF\xBB\xBF{\"a\":1}\r\n\n   \t\r\n{\"b\":\n\0\xFF{\"c\":2}";
        let records = read(input, InputFormat::Ndjson);
        assert_eq!(
            bodies(&records),
            vec![
                Ok("{\"a\":1}".into()),
                Ok("{\"b\":".into()),
                Ok("\0\u{fffd}{\"c\":2}".into())
            ]
        );
        assert_eq!(records[2].body.as_ref().unwrap()[..2], [0, 0xFF]);
        let lines: Vec<_> = records.iter().map(|r| r.origin.line).collect();
        assert_eq!(lines, [Some(1), Some(4), Some(5)]);
        assert!(records[0].origin.bom && !records[1].origin.bom);
        assert_eq!(records[1].origin.start, Position::new(4, 1));
        assert_eq!(records[1].origin.to_string(), "t:4");
        assert!(read(b"", InputFormat::Ndjson).is_empty());
        assert!(read(b"\n \n", InputFormat::Ndjson).is_empty());
    }

    #[test]
    fn ndjson_huge_line() {
        let mut input = Vec::with_capacity(100 * 1024 * 1024 + 64);
        input.extend_from_slice(b"{\"small\":1}\n{\"s\":\"");
        input.resize(input.len() + 100 * 1024 * 1024, b'x');
        input.extend_from_slice(b"\"}\n{\"after\":2}\n");
        let records = read(&input, InputFormat::Ndjson);
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[1].body.as_ref().unwrap().len(),
            100 * 1024 * 1024 + 8
        );
        assert_eq!(records[2].body.as_ref().unwrap(), b"{\"after\":2}");
        assert_eq!(records[2].origin.line, Some(3));
    }

    #[test]
    fn gzip_is_sniffed_and_counted() {
        let plain = b"{\"a\":1}\n{\"a\":2}\n".repeat(1000);
        let mut compressed = gzip(&plain);
        // A second member: MultiGzDecoder reads concatenated gzip streams.
        compressed.extend(gzip(b"{\"a\":3}\n"));
        let size = compressed.len() as u64;
        let mut records = Records::from_reader(
            Cursor::new(compressed),
            InputFormat::Ndjson,
            "t".into(),
            None,
        );
        let counter = records.bytes_read();
        let all: Vec<_> = records.by_ref().collect();
        assert_eq!(all.len(), 2001);
        assert_eq!(all[2000].body.as_ref().unwrap(), b"{\"a\":3}");
        assert_eq!(counter.load(Ordering::Relaxed), size);
        let json = read(&gzip(b"\xEF\xBB\xBF[1]"), InputFormat::Json);
        assert_eq!(bodies(&json), vec![Ok("[1]".into())]);
        assert!(json[0].origin.bom);
        // One byte only: not gzip, passed through.
        assert_eq!(
            bodies(&read(b"\x1f", InputFormat::Json)),
            vec![Ok("\x1f".into())]
        );
    }

    #[test]
    fn corrupt_gzip_is_a_record() {
        let mut compressed = gzip(&b"{\"a\":1}\n".repeat(10_000));
        compressed.truncate(compressed.len() / 2);
        let records = read(&compressed, InputFormat::Ndjson);
        let last = records.last().unwrap();
        assert!(
            matches!(
                &last.body,
                Err(ReadProblem::Io {
                    gzip_hint: true,
                    ..
                })
            ),
            "{last:?}"
        );
        assert!(records[..records.len() - 1].iter().all(|r| r.body.is_ok()));
        let mut garbage = GZIP_MAGIC.to_vec();
        garbage.extend_from_slice(b"not deflate at all");
        let records = read(&garbage, InputFormat::Json);
        assert_eq!(records.len(), 1);
        assert!(matches!(records[0].body, Err(ReadProblem::Io { .. })));
        assert!(
            records[0]
                .body
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("gzip")
        );
    }

    #[test]
    fn json_file_is_one_record() {
        let records = read(b"  {\"a\": [1, 2]}\n", InputFormat::Json);
        assert_eq!(bodies(&records), vec![Ok("  {\"a\": [1, 2]}\n".into())]);
        assert_eq!(records[0].origin, Origin::new("t".into()));
        assert_eq!(records[0].origin.to_string(), "t");
        assert_eq!(read(b"", InputFormat::Json).len(), 1);
    }

    #[test]
    fn split_arrays() {
        let body = b"[\n  {\"a\": \"x]\\\"\"},\n  [1, [2]], \"\xC3\xA9\", 3\n]";
        let elements = split_top_level_array(body, Position::new(10, 4)).unwrap();
        let texts: Vec<_> = elements
            .iter()
            .map(|(i, range, at)| (*i, std::str::from_utf8(&body[range.clone()]).unwrap(), *at))
            .collect();
        assert_eq!(
            texts,
            vec![
                (0, "{\"a\": \"x]\\\"\"}", Position::new(11, 3)),
                (1, "[1, [2]]", Position::new(12, 3)),
                (2, "\"é\"", Position::new(12, 13)),
                (3, "3", Position::new(12, 18)),
            ]
        );
        assert_eq!(
            split_top_level_array(b" [ ] ", Position::START),
            Some(vec![])
        );
        assert_eq!(
            split_top_level_array(b"[1]", Position::new(3, 5)),
            Some(vec![(0, 1..2, Position::new(3, 6))])
        );
        for bad in [
            &b"{}"[..],
            b"[1,]",
            b"[1 2]",
            b"[1] x",
            b"[\"a]",
            b"",
            b"[{]}",
        ] {
            assert_eq!(split_top_level_array(bad, Position::START), None, "{bad:?}");
        }
        let origin = Origin::new("f.json".into()).element(2, Position::new(12, 13));
        assert_eq!(origin.to_string(), "f.json#index=2");
        assert_eq!(
            origin.source_position(Position::new(1, 2)),
            Position::new(12, 14)
        );
    }

    const HAR: &str = r#"{"log": {"version": "1.2", "entries": [
      {"request": {"method": "GET", "url": "https://voice.bandwidth.com/api/v2/accounts/1/calls/c-1?x=%2B1&y",
                   "headers": [{"name": "Authorization", "value": "Basic abc"}]},
       "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                    "content": {"mimeType": "application/json", "text": "\ufeff{\"callId\": \"c-1\"}"}}},
      {"request": {"method": "GET", "url": "https://h/p", "queryString": [{"name": "page", "value": "1"}]},
       "response": {"status": 200, "content": {"size": 0, "mimeType": "application/json"}}},
      {"request": {"method": "GET", "url": "https://h/p"},
       "response": {"status": 200, "content": {"text": "eyJhIjoxfQ==", "encoding": "base64"}}},
      {"request": {"method": "GET", "url": "https://h/p"},
       "response": {"status": 200, "content": {"text": "@@@", "encoding": "base64"}}},
      {"response": {"status": 404}},
      {"request": {"url": "https://h/p"}},
      {"request": {"url": "https://h/p"}, "response": {"status": 204, "headers": null}},
      {"request": {"url": "https://h/p"}, "response": {"status": "ok"}},
      42,
      {"request": {"url": "https://h/p"}, "response": {"status": 200, "content": {"text": "x", "encoding": "gzip"}}},
      {"request": {"url": "https://h/p"}, "response": {"status": 200, "content": {"text": "eyJh\nIjoxfQ==", "encoding": "base64"}}}
    ]}}"#;

    #[test]
    fn har_entries() {
        let records = read(HAR.as_bytes(), InputFormat::Har);
        assert_eq!(records.len(), 11);
        let first = &records[0];
        assert_eq!(first.body.as_deref().unwrap(), b"{\"callId\": \"c-1\"}");
        assert!(first.origin.bom);
        assert_eq!(first.origin.entry, Some(0));
        assert_eq!(first.origin.to_string(), "t#entry=0");
        let exchange = first.exchange.as_ref().unwrap();
        assert_eq!(exchange.method, "GET");
        assert_eq!(exchange.status, 200);
        assert_eq!(
            exchange.query,
            vec![("x".into(), "+1".into()), ("y".into(), "".into())]
        );
        assert_eq!(exchange.request_header("authorization"), Some("Basic abc"));
        assert_eq!(
            exchange.response_header("content-type"),
            Some("application/json")
        );
        assert_eq!(exchange.mime_type.as_deref(), Some("application/json"));

        assert_eq!(records[1].body, Err(ReadProblem::MissingText));
        let second = records[1].exchange.as_ref().unwrap();
        assert_eq!(second.query, vec![("page".into(), "1".into())]);
        assert_eq!(records[2].body.as_deref().unwrap(), b"{\"a\":1}");
        assert!(matches!(records[3].body, Err(ReadProblem::Base64 { .. })));
        assert!(records[3].exchange.is_some());
        assert_eq!(records[4].body, Err(ReadProblem::MissingRequest));
        assert_eq!(records[5].body, Err(ReadProblem::MissingResponse));
        assert_eq!(records[6].body, Err(ReadProblem::MissingContent));
        assert_eq!(records[6].exchange.as_ref().unwrap().status, 204);
        assert!(matches!(
            records[7].body,
            Err(ReadProblem::InvalidEntry { .. })
        ));
        assert!(matches!(
            records[8].body,
            Err(ReadProblem::InvalidEntry { .. })
        ));
        assert_eq!(
            records[9].body,
            Err(ReadProblem::UnsupportedEncoding {
                encoding: "gzip".into()
            })
        );
        assert_eq!(records[10].body.as_deref().unwrap(), b"{\"a\":1}");
        assert_eq!(records[10].origin.entry, Some(10));
    }

    #[test]
    fn har_document_problems() {
        let records = read(b"{\"log\": {\"entries\": [\n  {,}]}}", InputFormat::Har);
        assert_eq!(records.len(), 1);
        let Err(ReadProblem::HarDocument { message, position }) = &records[0].body else {
            panic!("{records:?}");
        };
        assert_eq!(message, "key must be a string");
        assert_eq!(*position, Some(Position::new(2, 4)));
        assert!(
            records[0]
                .body
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("not a HAR document: key must be a string;")
        );
        for no_entries in [
            &b"{}"[..],
            b"{\"log\": {}}",
            b"{\"log\": null}",
            b"{\"log\": {\"entries\": null}}",
        ] {
            let records = read(no_entries, InputFormat::Har);
            assert_eq!(bodies(&records), vec![Err(ReadProblem::HarNoEntries)]);
        }
        let records = read(b"\n  [{\"entries\": []}]", InputFormat::Har);
        assert_eq!(
            records[0].body,
            Err(ReadProblem::HarDocument {
                message: "the top-level value is not an object".into(),
                position: Some(Position::new(2, 3)),
            })
        );
        let records = read(b"", InputFormat::Har);
        assert!(matches!(
            &records[0].body,
            Err(ReadProblem::HarDocument {
                position: Some(_),
                ..
            })
        ));
        assert!(read(b"{\"log\": {\"entries\": []}}", InputFormat::Har).is_empty());
    }

    #[test]
    fn discovery() {
        let dir = temp_dir("discover");
        fs::create_dir_all(dir.join("b/deeper")).unwrap();
        fs::create_dir_all(dir.join("a")).unwrap();
        for name in [
            "z.json",
            "a/y.ndjson.gz",
            "b/deeper/x.har",
            "b/notes.txt",
            "b/w.jsonl",
            "a.json",
        ] {
            fs::write(dir.join(name), b"{}").unwrap();
        }
        let sources = discover(std::slice::from_ref(&dir)).unwrap();
        let names: Vec<_> = sources
            .iter()
            .map(|s| {
                s.path()
                    .unwrap()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "a/y.ndjson.gz",
                "a.json",
                "b/deeper/x.har",
                "b/w.jsonl",
                "z.json"
            ]
        );
        assert_eq!(sources[0].format(), InputFormat::Ndjson);
        assert_eq!(sources[0].size(), Some(2));
        assert_eq!(&**sources[4].name(), dir.join("z.json").to_string_lossy());

        let notes = dir.join("b/notes.txt");
        let err = discover(std::slice::from_ref(&notes)).unwrap_err();
        assert!(matches!(&err, InputError::UnknownFormat { path } if *path == notes));
        let forced = discover_with(&[notes], Some(InputFormat::Ndjson)).unwrap();
        assert_eq!(forced[0].format(), InputFormat::Ndjson);

        let missing = dir.join("missing.json");
        let err = discover(std::slice::from_ref(&missing)).unwrap_err();
        assert!(err.to_string().contains("missing.json"), "{err}");
        assert!(matches!(err, InputError::NotFound { .. }));

        assert!(matches!(
            discover(&["-".into()]),
            Err(InputError::StdinNeedsFormat)
        ));
        let stdin = discover_with(&["-".into()], Some(InputFormat::Har)).unwrap();
        assert!(stdin[0].is_stdin() && stdin[0].path().is_none());
        assert_eq!(&**stdin[0].name(), STDIN_NAME);

        let records: Vec<_> = sources[4].records().unwrap().collect();
        assert_eq!(bodies(&records), vec![Ok("{}".into())]);
        let gone = InputSource::file(dir.join("gone.json"), InputFormat::Json);
        assert!(matches!(
            records_err(&gone),
            Some(InputError::NotFound { .. })
        ));
        fs::remove_dir_all(&dir).unwrap();
    }

    fn records_err(source: &InputSource) -> Option<InputError> {
        records(source).err()
    }

    #[test]
    fn records_are_send() {
        fn is_send<T: Send>() {}
        is_send::<Records>();
        is_send::<Record>();
    }

    proptest! {
        #[test]
        fn readers_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), gz in any::<bool>()) {
            let bytes = if gz { gzip(&bytes) } else { bytes };
            for format in InputFormat::ALL {
                let _ = read(&bytes, format);
            }
            let _ = split_top_level_array(&bytes, Position::START);
        }

        #[test]
        fn corrupted_gzip_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256), flip in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
            let mut compressed = gzip(&bytes);
            let at = flip.index(compressed.len());
            compressed[at] ^= 0x55;
            compressed.truncate(cut.index(compressed.len() + 1));
            for format in InputFormat::ALL {
                let _ = read(&compressed, format);
            }
        }

        #[test]
        fn ndjson_keeps_every_line(lines in prop::collection::vec("[a-z{}\" ]{0,12}", 0..20), crlf in any::<bool>()) {
            let newline = if crlf { "\r\n" } else { "\n" };
            let text = lines.join(newline);
            let expected: Vec<(u64, String)> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i as u64 + 1, l.clone()))
                .collect();
            let got: Vec<(u64, String)> = read(text.as_bytes(), InputFormat::Ndjson)
                .into_iter()
                .map(|r| (r.origin.line.unwrap(), String::from_utf8(r.body.unwrap()).unwrap()))
                .collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn split_agrees_with_serde_json(items in prop::collection::vec("(null|true|-1\\.5e3|\"[a-z\\]\\[,\\\\\"é]{0,5}\"|\\[\\]|\\{\"k\": \\[1, \\{\\}\\]\\})", 0..8), pretty in any::<bool>()) {
            let separator = if pretty { ",\n  " } else { "," };
            let body = format!("[{}]", items.join(separator));
            if let Ok(serde_json::Value::Array(values)) = serde_json::from_str::<serde_json::Value>(&body) {
                let elements = split_top_level_array(body.as_bytes(), Position::START);
                prop_assert!(elements.is_some(), "{}", body);
                let elements = elements.unwrap();
                prop_assert_eq!(elements.len(), values.len());
                for ((i, range, at), value) in elements.into_iter().zip(values) {
                    let parsed: serde_json::Value = serde_json::from_slice(&body.as_bytes()[range.clone()]).unwrap();
                    prop_assert_eq!(parsed, value);
                    prop_assert_eq!(at, locate::position_at(body.as_bytes(), range.start, Position::START));
                    prop_assert_eq!(Some(range.start), locate::locate(body.as_bytes(), &format!("/{i}")).map(|l| l.offset));
                }
            }
        }
    }
}
