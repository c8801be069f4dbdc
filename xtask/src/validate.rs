//! `cargo xtask validate`: what CI checks beyond the unit tests, in order, stopping at the
//! first step that fails: the specs are fresh and valid draft 2020-12; the README's codes
//! table and the manifest schema's enums are fresh; the files `cargo fmt` does not reach
//! (callspec-gen's provider modules) are formatted; the corpus lints clean; every corpus case
//! gets its expected verdict and findings; no snapshot is pending and none is orphaned;
//! `openapi-format` (npm) applies proposed overlays as callspec does (skipped offline).
//!
//! It does not run the test suite: the orphan check reads the snapshot references a test run
//! recorded (`INSTA_SNAPSHOT_REFERENCES_FILE`, as `.ci/run` sets it for its one `cargo test
//! --workspace`). Only when no run recorded any does it run `cargo test --workspace` itself to
//! record them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use callspec_corpus::{EngineSubject, Judgment, KNOWN_DIVERGENCES};

pub(crate) fn run() -> anyhow::Result<()> {
    step("specs are fresh and valid draft 2020-12", || {
        crate::specs::run(crate::specs::Mode::Check)
    })?;
    step("the codes table and the manifest schema are fresh", || {
        crate::codes::run(crate::codes::Mode::Check)
    })?;
    step(
        "the files cargo fmt does not reach are formatted",
        crate::fmt::check_unreached,
    )?;
    let corpus = callspec_corpus::load(&callspec_corpus::corpus_dir())?;
    step("corpus lint", || {
        let errors = callspec_corpus::lint(&corpus);
        if errors.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        bail!("{} problems:\n{}", errors.len(), list.join("\n"))
    })?;
    step("corpus verdicts", || verdicts(&corpus))?;
    step("no snapshot pending or orphaned", snapshots)?;
    step(
        "an independent Overlay implementation amends the schemas as callspec does",
        crate::interop::run,
    )?;
    Ok(())
}

fn step(name: &str, f: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<()> {
    eprintln!("xtask: {name} ...");
    let started = std::time::Instant::now();
    f().with_context(|| format!("step failed: {name}"))?;
    eprintln!("xtask: {name}: ok ({:.1?})", started.elapsed());
    Ok(())
}

fn verdicts(corpus: &callspec_corpus::Corpus) -> anyhow::Result<()> {
    let subject = EngineSubject::default();
    let (mut passed, mut failed, mut known) = (0, Vec::new(), 0);
    for (path, _, manifest) in &corpus.manifests {
        for case in &manifest.cases {
            let divergence = KNOWN_DIVERGENCES
                .iter()
                .find(|(d, _)| *d == case.description);
            let outcome = callspec_corpus::run_case(
                &subject,
                &manifest.dir,
                manifest.resource.as_deref(),
                case,
            );
            let name = format!("{} ({})", case.description, path.display());
            match (outcome, divergence) {
                (Judgment::Passed, None) => passed += 1,
                (Judgment::Failed(_), Some(_)) => known += 1,
                (Judgment::Passed, Some((_, reason))) => {
                    failed.push(format!(
                        "{name}: passes now; remove it from KNOWN_DIVERGENCES ({reason})"
                    ));
                }
                (Judgment::Failed(why), None) => {
                    failed.push(format!("{name}:\n  {}", why.replace('\n', "\n  ")))
                }
                (Judgment::Skipped(why), _) => failed.push(format!("{name}: skipped: {why}")),
                (Judgment::Errored(why), _) => failed.push(format!("{name}: errored: {why}")),
            }
        }
    }
    eprintln!(
        "xtask: {passed} cases passed, {known} known divergences, {} failed",
        failed.len()
    );
    if !failed.is_empty() {
        bail!("{}", failed.join("\n"));
    }
    Ok(())
}

/// Any pending `.snap.new` fails, and any `.snap` file no test read is an orphan. Which files
/// the tests read comes from the references file insta wrote during a test run
/// (`INSTA_SNAPSHOT_REFERENCES_FILE`); without one, the tests are run here to record it.
fn snapshots() -> anyhow::Result<()> {
    let root = crate::root();
    let mut dirs = Vec::new();
    for group in ["crates", ""] {
        let base = root.join(group);
        for entry in
            std::fs::read_dir(&base).with_context(|| format!("reading {}", base.display()))?
        {
            let snapshots = entry?.path().join("tests").join("snapshots");
            if snapshots.is_dir() {
                dirs.push(snapshots);
            }
        }
    }
    let recorded = std::env::var_os("INSTA_SNAPSHOT_REFERENCES_FILE")
        .map(PathBuf::from)
        .filter(|path| path.is_file());
    let references = match recorded {
        Some(path) => {
            eprintln!(
                "xtask: snapshot references from the test run: {}",
                path.display()
            );
            std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?
        }
        None => record_references(&root)?,
    };
    let read: BTreeSet<PathBuf> = references
        .lines()
        .filter_map(|l| std::fs::canonicalize(l).ok())
        .collect();
    let mut problems = Vec::new();
    for dir in &dirs {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let shown = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string();
            if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
                problems.push(format!(
                    "{shown}: a pending snapshot; review it, then accept or delete it"
                ));
            } else if name.ends_with(".snap") && !read.contains(&canonical(&path)) {
                problems.push(format!("{shown}: orphaned, no test reads it; delete it"));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    eprintln!("xtask: {} snapshot files, all read by a test", read.len());
    Ok(())
}

/// Runs the tests with insta recording which snapshot files they read, and returns the record.
fn record_references(root: &Path) -> anyhow::Result<String> {
    eprintln!(
        "xtask: no test run recorded snapshot references (INSTA_SNAPSHOT_REFERENCES_FILE); \
         running the tests to record them"
    );
    let references =
        std::env::temp_dir().join(format!("callspec-snapshot-refs-{}", std::process::id()));
    let _ = std::fs::remove_file(&references);
    // The whole workspace, as `cargo test --workspace` builds it: testing a subset of packages
    // would unify features differently and rebuild shared dependencies.
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(["test", "--quiet", "--workspace"])
        .current_dir(root);
    command
        .env("INSTA_UPDATE", "no")
        .env("INSTA_SNAPSHOT_REFERENCES_FILE", &references);
    let status = command.status().context("running cargo test")?;
    if !status.success() {
        bail!("the snapshot tests failed ({status}); review the diffs above");
    }
    let text = std::fs::read_to_string(&references).unwrap_or_default();
    let _ = std::fs::remove_file(&references);
    Ok(text)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
