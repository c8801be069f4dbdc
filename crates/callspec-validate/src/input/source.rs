//! Finding the inputs (paths given, directories walked, standard input) and opening them.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::InputFormat;
use super::error::{InputError, not_found_or};
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

/// Opens `source` and returns its records, read as they are iterated.
///
/// # Errors
///
/// [`InputError::NotFound`] or [`InputError::Unreadable`] when the file cannot be opened. Every
/// later problem is a record.
pub(super) fn records(source: &InputSource) -> Result<Records, InputError> {
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
