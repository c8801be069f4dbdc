//! The corpus lint: every manifest valid against `corpus/manifest.schema.json`, descriptions
//! unique across the corpus, every case file present, every file below a manifest referenced
//! exactly once, every expected code one callspec declares (a manifest with another does not
//! load), every expected verdict the one the
//! verdict rule gives its findings ([`Verdict::of`]), every resource one the catalog has, and
//! every registered resource with cases of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use callspec_validate::Verdict;

use crate::manifest::{Corpus, walk};

/// One problem with the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintError {
    /// The file the problem is in.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Every problem with `corpus`.
pub fn lint(corpus: &Corpus) -> Vec<LintError> {
    let mut errors = Vec::new();
    let mut error = |path: &Path, message: String| {
        errors.push(LintError {
            path: path.to_path_buf(),
            message,
        })
    };
    let schema_path = corpus.root.join("manifest.schema.json");
    let validator = std::fs::read_to_string(&schema_path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()))
        .and_then(|s| jsonschema::draft202012::new(&s).map_err(|e| e.to_string()));
    let validator = match validator {
        Ok(v) => Some(v),
        Err(message) => {
            error(
                &schema_path,
                format!("the manifest schema does not load: {message}"),
            );
            None
        }
    };
    let mut descriptions: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut referenced: BTreeSet<PathBuf> = BTreeSet::new();
    for (path, raw, manifest) in &corpus.manifests {
        if let Some(validator) = &validator {
            for e in validator.iter_errors(raw) {
                error(
                    path,
                    format!("not a valid manifest at `{}`: {e}", e.instance_path()),
                );
            }
        }
        if let Some(id) = &manifest.resource
            && callspec::resource(id).is_none()
        {
            error(path, format!("unknown resource `{id}`"));
        }
        for case in &manifest.cases {
            if let Some(first) = descriptions.insert(&case.description, path) {
                error(
                    path,
                    format!(
                        "description `{}` is also used in {}",
                        case.description,
                        first.display()
                    ),
                );
            }
            let file = manifest.dir.join(&case.file);
            if !file.is_file() {
                error(path, format!("case file `{}` does not exist", case.file));
            }
            if !referenced.insert(file.clone()) {
                error(
                    path,
                    format!("case file `{}` is referenced twice", case.file),
                );
            }
            if case.records.is_empty() {
                error(
                    path,
                    format!("case `{}` expects no record", case.description),
                );
            }
            for record in &case.records {
                if let Some(Some(id)) = &record.resource
                    && callspec::resource(id).is_none()
                {
                    error(
                        path,
                        format!("case `{}`: unknown resource `{id}`", case.description),
                    );
                }
                let by_rule = Verdict::of(record.findings.iter().map(|f| f.code));
                // An unrouted HAR entry has no finding: its verdict comes from routing.
                let unrouted = record.verdict == Verdict::Unrouted && record.findings.is_empty();
                if by_rule != record.verdict && !unrouted {
                    error(
                        path,
                        format!(
                            "case `{}`: verdict `{}`, but its findings give `{by_rule}` by the \
                             verdict rule",
                            case.description, record.verdict
                        ),
                    );
                }
            }
        }
        let mut files = Vec::new();
        // A walk error is reported when the directory is checked, below.
        let _ = walk(&manifest.dir, &mut |p| files.push(p.to_path_buf()));
        for file in files {
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name == "manifest.json" || name == "README.md" {
                continue;
            }
            let nested_manifest = file.parent().is_some_and(|d| {
                d != manifest.dir && corpus.manifests.iter().any(|(_, _, m)| m.dir == d)
            });
            if !nested_manifest && !referenced.contains(&file) {
                error(&file, format!("not referenced by {}", path.display()));
            }
        }
    }
    for resource in callspec::resources() {
        let covered = corpus
            .manifests
            .iter()
            .any(|(_, _, m)| m.resource.as_deref() == Some(resource.id) && !m.cases.is_empty());
        if !covered {
            error(
                &corpus.root.join(resource.id).join("manifest.json"),
                format!(
                    "registered resource `{}` has no corpus cases: add this manifest",
                    resource.id
                ),
            );
        }
    }
    errors
}
