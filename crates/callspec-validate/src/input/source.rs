//! Finding the inputs (paths given, directories walked, standard input) and opening them.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::InputFormat;
use super::error::{InputError, not_found_or};
use super::limits::Limits;
use super::records::Records;

/// The name standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

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

    /// Opens the source for reading within the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`InputError::NotFound`] or [`InputError::Unreadable`] when the file cannot be opened.
    pub fn records(&self) -> Result<Records, InputError> {
        records(self, Limits::default())
    }

    /// Opens the source for reading within `limits`.
    ///
    /// # Errors
    ///
    /// [`InputError::NotFound`] or [`InputError::Unreadable`] when the file cannot be opened.
    pub fn records_with(&self, limits: Limits) -> Result<Records, InputError> {
        records(self, limits)
    }
}

/// How [`discover`] finds inputs.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    /// `--input-format`: standard input's format, and that of files (given or found in a
    /// directory) whose extension names none.
    pub format: Option<InputFormat>,
    /// Read files that `.gitignore`, `.ignore` and the like exclude.
    pub no_ignore: bool,
    /// Walk into hidden files and directories.
    pub hidden: bool,
    /// Globs a walked file must match, when any are given (`--include`).
    pub include: Vec<String>,
    /// Globs of walked files and directories to leave out (`--exclude`).
    pub exclude: Vec<String>,
}

/// What [`discover`] found: the sources, the paths that could not be read (each named; the
/// others were found), and the special files a walk left out.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The inputs, in the order given (directories in path order).
    pub sources: Vec<InputSource>,
    /// Paths that could not be inspected, opened or listed.
    pub errors: Vec<InputError>,
    /// FIFOs, sockets and devices met in a walk, left out (given explicitly they are read).
    pub skipped: Vec<Skipped>,
}

/// A special file a directory walk left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// What it is: `a FIFO`, `a socket`, `a device`.
    pub kind: &'static str,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped `{}`: {}, not a regular file (name it explicitly to read it)",
            self.path.display(),
            self.kind
        )
    }
}

/// The inputs `paths` name, in the order given.
///
/// - `-` is standard input, read as `options.format` (`--input-format`), which it requires.
/// - A file is taken as given, whatever it is (a FIFO, a device), read as its extension says
///   ([`InputFormat::from_path`]), else as `options.format`; a file whose extension says nothing
///   and no format is an error rather than a guess.
/// - A directory is walked recursively in path order, as ripgrep does: `.gitignore`, `.ignore`
///   and hidden files are respected unless `options` says otherwise, `--include`/`--exclude`
///   globs apply, symbolic links are followed (loops are reported). It keeps the files whose
///   extension names a format, or any file when `options.format` is given.
///
/// Whether a file is compressed is decided when it is read, from its first bytes, so `.gz` only
/// matters for telling the format. Nothing fails the whole discovery: each path that cannot be
/// read is an error in [`Discovered::errors`], and the others are found.
#[must_use]
pub fn discover(paths: &[PathBuf], options: &DiscoverOptions) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        if path.as_os_str() == "-" {
            match options.format {
                Some(format) => found.sources.push(InputSource::stdin(format)),
                None => found.errors.push(InputError::StdinNeedsFormat),
            }
            continue;
        }
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(source) => {
                found.errors.push(not_found_or(path, source));
                continue;
            }
        };
        if metadata.is_dir() {
            walk(path, options, &mut found);
            continue;
        }
        let format = InputFormat::from_path(path)
            .map(|(format, _)| format)
            .or(options.format);
        let Some(format) = format else {
            found
                .errors
                .push(InputError::UnknownFormat { path: path.clone() });
            continue;
        };
        let mut source = InputSource::file(path.clone(), format);
        source.size = metadata.is_file().then_some(metadata.len());
        found.sources.push(source);
    }
    found
}

fn walk(dir: &Path, options: &DiscoverOptions, found: &mut Discovered) {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(!options.no_ignore)
        .hidden(!options.hidden)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b));
    if !options.include.is_empty() || !options.exclude.is_empty() {
        let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
        let globs = options
            .include
            .iter()
            .map(|g| (g.clone(), g.clone()))
            .chain(options.exclude.iter().map(|g| (g.clone(), format!("!{g}"))));
        for (glob, pattern) in globs {
            if let Err(source) = overrides.add(&pattern) {
                found.errors.push(InputError::Glob { glob, source });
                return;
            }
        }
        match overrides.build() {
            Ok(overrides) => {
                builder.overrides(overrides);
            }
            Err(source) => {
                found.errors.push(InputError::Glob {
                    glob: options.include.join(" "),
                    source,
                });
                return;
            }
        }
    }
    for entry in builder.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error_path(&error).unwrap_or_else(|| dir.to_path_buf());
                let source = walk_reason(error);
                found.errors.push(InputError::Walk { path, source });
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        let format = InputFormat::from_path(path)
            .map(|(format, _)| format)
            .or(options.format);
        let Some(format) = format else {
            continue;
        };
        if !file_type.is_file() {
            found.skipped.push(Skipped {
                path: path.to_path_buf(),
                kind: special_kind(&file_type),
            });
            continue;
        }
        let mut source = InputSource::file(path.to_path_buf(), format);
        match entry.metadata() {
            Ok(metadata) => source.size = Some(metadata.len()),
            Err(error) => {
                found.errors.push(InputError::Walk {
                    path: path.to_path_buf(),
                    source: walk_reason(error),
                });
                continue;
            }
        }
        found.sources.push(source);
    }
}

/// The reason of an error of the walker, without the path it names already.
fn walk_reason(error: ignore::Error) -> io::Error {
    if let Some(ancestor) = loop_ancestor(&error) {
        return io::Error::other(format!(
            "a symbolic link loop: it leads back to `{}`",
            ancestor.display()
        ));
    }
    if let Some(io_error) = error.io_error() {
        // The operating system's reason alone: the walker's wrappers repeat the path.
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(io_error);
        while let Some(error) = cause {
            if let Some(code) = error
                .downcast_ref::<io::Error>()
                .and_then(io::Error::raw_os_error)
            {
                return io::Error::from_raw_os_error(code);
            }
            cause = error
                .downcast_ref::<io::Error>()
                .and_then(io::Error::get_ref)
                .map(|inner| inner as &(dyn std::error::Error + 'static))
                .or_else(|| error.source());
        }
        return io::Error::new(io_error.kind(), io_error.kind().to_string());
    }
    io::Error::other(error.to_string())
}

fn loop_ancestor(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::Loop { ancestor, .. } => Some(ancestor),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => loop_ancestor(err),
        _ => None,
    }
}

/// The path an error of the walker is about.
fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

#[cfg(unix)]
fn special_kind(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_file_type: &fs::FileType) -> &'static str {
    "a special file"
}

/// Opens `source` and returns its records, read as they are iterated.
///
/// # Errors
///
/// [`InputError::NotFound`] or [`InputError::Unreadable`] when the file cannot be opened. Every
/// later problem is a record.
pub(super) fn records(source: &InputSource, limits: Limits) -> Result<Records, InputError> {
    let reader: Box<dyn Read + Send> = match &source.kind {
        SourceKind::Stdin => Box::new(io::stdin()),
        SourceKind::File(path) => {
            Box::new(File::open(path).map_err(|err| not_found_or(path, err))?)
        }
    };
    Ok(Records::with_limits(
        reader,
        source.format,
        Arc::clone(&source.name),
        limits,
    ))
}
