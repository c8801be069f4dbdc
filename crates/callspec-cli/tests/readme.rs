//! README.md, true for a clone: the main job's output block is what `callspec validate
//! corpus/captures` prints, the "Validate from Rust" example is the compiled
//! `examples/validate_from_rust.rs`, the named generator case exists, and every repository path
//! the README names exists.
//!
//! When the output changes on purpose, refresh the README's block with
//! `CALLSPEC_UPDATE_README=1 cargo test -p callspec-cli --test readme` and read the diff.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use crate::common;

use std::path::{Path, PathBuf};

/// The heading of the main job's section.
const MAIN_JOB: &str = "## The main job: validate captured traffic";
/// The heading of the Rust example's section.
const FROM_RUST: &str = "### Validate from Rust";
/// The line that stands for the elided middle of the output.
const ELISION: &str = "...";

fn workspace() -> PathBuf {
    common::package_dir().join("../..").canonicalize().unwrap()
}

fn readme_path() -> PathBuf {
    workspace().join("README.md")
}

fn readme() -> String {
    std::fs::read_to_string(readme_path()).unwrap()
}

/// The byte range of the body of the first fenced block after `heading` whose opening fence
/// line is exactly `fence` (such as "```" or "```rust"), fences paired in order.
fn block_after(text: &str, heading: &str, fence: &str) -> std::ops::Range<usize> {
    let section = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no `{heading}` heading"))
        + 1;
    let mut offset = section;
    let mut open: Option<(bool, usize)> = None;
    for line in text[section..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        if !trimmed.starts_with("```") {
            continue;
        }
        match open {
            None => open = Some((trimmed == fence, offset)),
            Some((wanted, body)) => {
                if wanted {
                    return body..start;
                }
                open = None;
            }
        }
    }
    panic!("no `{fence}` block after `{heading}`")
}

/// The output split into paragraphs (findings), each without its trailing blank line.
fn paragraphs(text: &str) -> Vec<String> {
    text.trim_end()
        .split("\n\n")
        .map(|p| p.trim_end().to_owned())
        .collect()
}

/// The README's block for `output`: its first `shown` findings, the elision, the summary line.
fn block_for(output: &str, shown: usize) -> String {
    let paragraphs = paragraphs(output);
    let summary = paragraphs.last().unwrap().lines().last().unwrap();
    let mut block = paragraphs
        .iter()
        .take(shown.min(paragraphs.len().saturating_sub(1)))
        .map(|p| format!("{p}\n\n"))
        .collect::<String>();
    block.push_str(ELISION);
    block.push('\n');
    block.push_str(summary);
    block.push('\n');
    block
}

#[test]
fn main_job_output_is_what_a_clone_prints() {
    let readme = readme();
    let command = block_after(&readme, MAIN_JOB, "```sh");
    assert_eq!(
        &readme[command], "cargo run --release -p callspec-cli -- validate corpus/captures\n",
        "the test runs `callspec validate corpus/captures`; the README must show that command"
    );
    let output = common::callspec_in(&workspace(), ["validate", "corpus/captures"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the README says exit status 1: {}",
        common::render_output(&output)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let range = block_after(&readme, MAIN_JOB, "```");
    let shown_block = &readme[range.clone()];
    let shown = shown_block
        .split(&format!("\n{ELISION}\n"))
        .next()
        .map_or(0, |head| paragraphs(head).len());
    let expected = block_for(&stdout, shown);
    if std::env::var_os("CALLSPEC_UPDATE_README").is_some() {
        let mut updated = readme.clone();
        updated.replace_range(range, &expected);
        std::fs::write(readme_path(), updated).unwrap();
        return;
    }
    if shown_block != expected {
        let diff = similar::TextDiff::from_lines(shown_block, &expected);
        panic!(
            "README.md's block under `{MAIN_JOB}` is not what `callspec validate corpus/captures` \
             prints (its first {shown} findings, `{ELISION}`, the summary line).\n\
             --- README.md\n+++ callspec validate corpus/captures\n{}\n\
             If the new output is right, refresh the block with\n  \
             CALLSPEC_UPDATE_README=1 cargo test -p callspec-cli --test readme\n\
             then read `git diff README.md` (and the prose around the block) before committing.",
            diff.unified_diff().context_radius(3)
        );
    }
}

/// `callspec validate .` in a clone checks the corpus cases and the captures and nothing else:
/// `.callspecignore` keeps the schemas, the crates' fixtures, the format vectors and the corpus's
/// manifests out, and every case and capture is read.
#[test]
fn validate_dot_reads_only_corpus_and_captures() {
    let root = workspace();
    let output = common::callspec_in(&root, ["validate", ".", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut read = std::collections::BTreeSet::new();
    for line in stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(source) = value.get("source").and_then(serde_json::Value::as_str) {
            read.insert(source.trim_start_matches("./").to_owned());
        }
    }
    let outside: Vec<&String> = read
        .iter()
        .filter(|path| {
            !path.starts_with("corpus/")
                || path.starts_with("corpus/formats/")
                || path.ends_with("manifest.json")
        })
        .collect();
    assert!(
        outside.is_empty(),
        "read beyond the corpus and captures: {outside:?}"
    );
    let mut expected = Vec::new();
    let mut pending = vec![root.join("corpus")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                if relative != "corpus/formats" {
                    pending.push(path);
                }
            } else if (relative.starts_with("corpus/captures/")
                || ["/valid/", "/invalid/", "/drift/"]
                    .iter()
                    .any(|kind| relative.contains(kind)))
                && !relative.ends_with("manifest.json")
            {
                expected.push(relative);
            }
        }
    }
    let missed: Vec<&String> = expected
        .iter()
        .filter(|path| !read.contains(*path))
        .collect();
    assert!(
        missed.is_empty() && !expected.is_empty(),
        "corpus files `callspec validate .` did not read: {missed:?}"
    );
}

#[test]
fn validate_from_rust_is_the_compiled_example() {
    let readme = readme();
    let shown = &readme[block_after(&readme, FROM_RUST, "```rust")];
    let example =
        std::fs::read_to_string(common::package_dir().join("examples/validate_from_rust.rs"))
            .unwrap();
    let body: String = example
        .lines()
        .skip_while(|l| l.starts_with("//!"))
        .skip_while(|l| l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    if shown != body {
        let diff = similar::TextDiff::from_lines(shown, &body);
        panic!(
            "README.md's `{FROM_RUST}` block differs from \
             crates/callspec-cli/examples/validate_from_rust.rs (which cargo test compiles); \
             copy the example into the README:\n{}",
            diff.unified_diff().context_radius(2)
        );
    }
}

#[test]
fn the_named_generator_case_exists() {
    let readme = readme();
    let call = "callspec_gen::strategies(\"bandwidth/voice-v2/call-state\")";
    let case = "disconnectCause:unknown-future-value";
    assert!(
        readme.contains(&format!("{call}.unwrap().case(\"{case}\")")),
        "README.md no longer names `{case}` this way: update this test with it"
    );
    let strategies = callspec_gen::strategies("bandwidth/voice-v2/call-state").unwrap();
    assert!(strategies.case(case).is_some(), "no case `{case}`");
}

#[test]
fn every_repository_path_the_readme_names_exists() {
    let readme = readme();
    let root = workspace();
    let mut checked = 0;
    for word in readme.split(|c: char| c.is_whitespace() || "`()[]<>,;:\"'|".contains(c)) {
        // A schema location (`FILE#/pointer`) names FILE.
        let word = word.split('#').next().unwrap_or_default();
        let word = word.trim_end_matches('.');
        let top = word.split('/').next().unwrap_or_default();
        let is_repo_path = word.contains('/')
            && ["corpus", "crates", "specs", "xtask", "python", ".ci"].contains(&top)
            && !word.contains('*')
            && !word.contains("...");
        if is_repo_path {
            assert!(
                Path::new(&root).join(word).exists(),
                "README.md names `{word}`, which is not in the repository"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 5,
        "only {checked} paths found: is the scan broken?"
    );
}
