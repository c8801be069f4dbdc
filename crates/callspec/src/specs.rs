//! The published specs: every resource's JSON Schema and the endpoint index, rendered to the
//! exact bytes `specs/` holds. One function both writes and checks them, so what is checked is
//! exactly what is written: a stale file fails with a diff and the command that fixes it, and so
//! does a file nothing generates. `cargo xtask specs` and a plain `cargo test` both call it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::{Endpoint, endpoints, resources};

/// The version of the index layout.
pub const INDEX_VERSION: u32 = 1;

/// Every file under `specs/`, by path relative to it, with its exact contents.
pub fn render() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for resource in resources() {
        files.insert(
            resource.spec_path(),
            to_pretty(&crate::semantic::published_schema(resource)),
        );
    }
    files.insert("index.json".to_owned(), to_pretty(&index()));
    files
}

#[derive(Serialize)]
struct IndexResource {
    id: &'static str,
    title: &'static str,
    schema: String,
    source: callspec_core::SourceDocument,
}

#[derive(Serialize)]
struct Index {
    version: u32,
    resources: Vec<IndexResource>,
    endpoints: &'static [Endpoint],
}

/// The endpoint index: every resource with its schema file, every endpoint with its routing,
/// authentication, headers and bodies per status.
pub fn index() -> Value {
    let index = Index {
        version: INDEX_VERSION,
        resources: resources()
            .iter()
            .map(|r| IndexResource {
                id: r.id,
                title: r.title,
                schema: r.spec_path(),
                source: r.source,
            })
            .collect(),
        endpoints: endpoints(),
    };
    // Serializing plain data into a `Value` cannot fail.
    serde_json::to_value(index).unwrap_or(Value::Null)
}

/// Two-space indented JSON with sorted keys and a trailing newline.
pub fn to_pretty(value: &Value) -> String {
    // `serde_json::Value` keeps object keys sorted (no `preserve_order`); writing a `Value` to a
    // `String` cannot fail.
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}

/// Whether [`sync`] writes the files or only checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write stale and missing files, remove orphans.
    Write,
    /// Change nothing; report what is stale, missing or orphaned.
    Check,
}

/// Why `specs/` could not be synchronized or is out of date.
#[derive(Debug, thiserror::Error)]
pub enum SpecsError {
    /// Reading or writing a file failed.
    #[error("{}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A generated schema is not valid draft 2020-12, or does not compile with callspec's
    /// formats.
    #[error("specs/{file} is not a valid draft 2020-12 schema: {message}")]
    Invalid {
        /// The path under `specs/`.
        file: String,
        /// What the meta-schema or the compiler said.
        message: String,
    },
    /// In check mode: files differ from what the provider crates generate.
    #[error("{0}")]
    Stale(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SpecsError + '_ {
    move |source| SpecsError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks every generated schema against the draft 2020-12 meta-schema and compiles it with
/// callspec's formats.
pub fn check_schemas() -> Result<(), SpecsError> {
    for resource in resources() {
        let schema = crate::semantic::published_schema(resource);
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
            return Err(SpecsError::Invalid {
                file: resource.spec_path(),
                message: error.to_string(),
            });
        }
        crate::compile(resource).map_err(|error| SpecsError::Invalid {
            file: resource.spec_path(),
            message: error.message,
        })?;
    }
    Ok(())
}

/// Writes `dir` (Mode::Write) or checks it (Mode::Check) against [`render`]. Returns the paths
/// written or removed, relative to `dir`.
pub fn sync(dir: &Path, mode: Mode) -> Result<Vec<String>, SpecsError> {
    check_schemas()?;
    let files = render();
    let mut changed = Vec::new();
    let mut report = String::new();
    for (relative, contents) in &files {
        let path = dir.join(relative);
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(io(&path)(error)),
        };
        if current.as_deref() == Some(contents.as_str()) {
            continue;
        }
        match mode {
            Mode::Write => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io(parent))?;
                }
                std::fs::write(&path, contents).map_err(io(&path))?;
            }
            Mode::Check => {
                let diff =
                    similar::TextDiff::from_lines(current.as_deref().unwrap_or(""), contents);
                let _ = write!(
                    report,
                    "specs/{relative} is {}:\n{}\n",
                    if current.is_some() {
                        "stale"
                    } else {
                        "missing"
                    },
                    diff.unified_diff()
                        .header(&format!("specs/{relative} (committed)"), "generated")
                );
            }
        }
        changed.push(relative.clone());
    }
    let expected: BTreeSet<PathBuf> = files.keys().map(|k| dir.join(k)).collect();
    for orphan in walk(dir)?.into_iter().filter(|p| !expected.contains(p)) {
        let shown = orphan
            .strip_prefix(dir)
            .unwrap_or(&orphan)
            .display()
            .to_string();
        match mode {
            Mode::Write => std::fs::remove_file(&orphan).map_err(io(&orphan))?,
            Mode::Check => {
                let _ = writeln!(report, "specs/{shown} is an orphan: nothing generates it");
            }
        }
        changed.push(shown);
    }
    if !report.is_empty() {
        report.push_str("\nspecs/ is out of date: run `cargo xtask specs` and commit the result");
        return Err(SpecsError::Stale(report));
    }
    Ok(changed)
}

fn walk(dir: &Path) -> Result<Vec<PathBuf>, SpecsError> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(io(&d))? {
            let path = entry.map_err(io(&d))?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_keeps_its_cause_and_names_the_path_once() {
        let error = io(Path::new("specs/x.json"))(std::io::Error::other("disk full"));
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("disk full"));
        assert_eq!(error.to_string(), "specs/x.json");
    }
}
