//! The manifest layout (`corpus/manifest.schema.json` is its schema) and loading every
//! manifest of a corpus directory.

use std::path::{Path, PathBuf};

use callspec_validate::{Code, Verdict};
use serde::Deserialize;

/// One manifest: the cases of a resource directory or of `captures/`.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// The resource every record is checked against; `None` for captures (routed records).
    pub resource: Option<String>,
    /// The provider document the resource encodes.
    pub source: Option<String>,
    /// Strings that must never appear in any output.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// The cases.
    pub cases: Vec<Case>,
    /// The directory of the manifest (filled in by [`load`]).
    #[serde(skip)]
    pub dir: PathBuf,
}

/// One case: a file and what each of its records must come to.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// The file, relative to the manifest.
    pub file: String,
    /// A short description, unique in the corpus.
    pub description: String,
    /// Why, when the description is not enough.
    #[serde(default)]
    pub comment: Option<String>,
    /// The provider document the case pins.
    #[serde(default)]
    pub source: Option<String>,
    /// The expected records, in input order.
    pub records: Vec<ExpectedRecord>,
}

/// What one record must come to.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedRecord {
    /// NDJSON: the record's line.
    #[serde(default)]
    pub line: Option<u64>,
    /// HAR: the entry index.
    #[serde(default)]
    pub entry: Option<usize>,
    /// A JSON array split into records: the element index.
    #[serde(default)]
    pub index: Option<usize>,
    /// Captures: the resource the record routes to (`None` when unrouted or unreadable). Absent
    /// in resource manifests.
    #[serde(default, deserialize_with = "present_or_null")]
    pub resource: Option<Option<String>>,
    /// The verdict.
    pub verdict: Verdict,
    /// Every finding, compared as a multiset of (code, pointer).
    pub findings: Vec<ExpectedFinding>,
}

fn present_or_null<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A finding a record must raise.
#[derive(Debug, Clone, Deserialize)]
pub struct ExpectedFinding {
    /// The stable code.
    pub code: Code,
    /// The JSON pointer.
    pub pointer: String,
    /// The line in the file, where pinned.
    #[serde(default)]
    pub line: Option<u64>,
    /// The character column in the file, where pinned.
    #[serde(default)]
    pub column: Option<u64>,
}

/// Every manifest of a corpus, with its raw JSON for the lint.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The corpus directory.
    pub root: PathBuf,
    /// The manifests, by path.
    pub manifests: Vec<(PathBuf, serde_json::Value, Manifest)>,
}

/// Why a corpus could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Reading a file or directory failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A manifest is not JSON or not of the manifest layout.
    #[error("{path}: {message}")]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What is wrong, with line and column.
        message: String,
    },
}

/// Loads every `manifest.json` below `root`, sorted by path.
pub fn load(root: &Path) -> Result<Corpus, LoadError> {
    let mut paths = Vec::new();
    walk(root, &mut |p| {
        if p.file_name().is_some_and(|n| n == "manifest.json") {
            paths.push(p.to_path_buf());
        }
    })?;
    paths.sort();
    let mut manifests = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        let raw: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| LoadError::Manifest {
                path: path.clone(),
                message: e.to_string(),
            })?;
        let mut manifest: Manifest =
            serde_json::from_value(raw.clone()).map_err(|e| LoadError::Manifest {
                path: path.clone(),
                message: e.to_string(),
            })?;
        manifest.dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        manifests.push((path, raw, manifest));
    }
    Ok(Corpus {
        root: root.to_path_buf(),
        manifests,
    })
}

/// Calls `f` with every file below `dir`.
pub(crate) fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let path = entry
            .map_err(|source| LoadError::Io {
                path: dir.to_path_buf(),
                source,
            })?
            .path();
        if path.is_dir() {
            walk(&path, f)?;
        } else {
            f(&path);
        }
    }
    Ok(())
}
