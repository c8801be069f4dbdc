//! `cargo xtask fmt`: `cargo fmt --all`, then rustfmt on the files it cannot reach. rustfmt
//! follows `mod` items from each crate root, but not those a build script writes and the crate
//! `include!`s: callspec-gen's provider modules (`crates/callspec-gen/src/providers/*.rs`,
//! declared by its `build.rs`). `cargo xtask validate` checks those files ([`check_unreached`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The folders of Rust files that no crate root declares a `mod` for, relative to the root.
const UNREACHED: &[&str] = &["crates/callspec-gen/src/providers"];

/// Formats the workspace and the files `cargo fmt` does not reach.
pub(crate) fn run() -> anyhow::Result<()> {
    let root = crate::root();
    let status = Command::new("cargo")
        .args(["fmt", "--all"])
        .current_dir(&root)
        .status()
        .context("running cargo fmt --all")?;
    if !status.success() {
        bail!("cargo fmt --all failed ({status})");
    }
    let files = unreached(&root)?;
    let status = rustfmt(&root)?
        .args(&files)
        .status()
        .context("running rustfmt")?;
    if !status.success() {
        bail!("rustfmt failed ({status})");
    }
    Ok(())
}

/// Fails naming every file `cargo fmt` does not reach that rustfmt would change.
pub(crate) fn check_unreached() -> anyhow::Result<()> {
    let root = crate::root();
    let mut unformatted = Vec::new();
    for file in unreached(&root)? {
        let output = rustfmt(&root)?
            .arg("--check")
            .arg(&file)
            .output()
            .context("running rustfmt --check")?;
        if !output.status.success() {
            let shown = file.strip_prefix(&root).unwrap_or(&file).display();
            let mut problem = format!("{shown}: not formatted");
            let stderr = String::from_utf8_lossy(&output.stderr);
            if !stderr.trim().is_empty() {
                problem.push_str(&format!(" ({})", stderr.trim()));
            }
            unformatted.push(problem);
        }
    }
    if !unformatted.is_empty() {
        bail!(
            "{}\nrun `cargo xtask fmt` (cargo fmt does not reach these files)",
            unformatted.join("\n")
        );
    }
    Ok(())
}

/// The `.rs` files of the [`UNREACHED`] folders, sorted.
fn unreached(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in UNREACHED {
        let dir = root.join(dir);
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") && path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `rustfmt` for the workspace's edition (from the root `Cargo.toml`), run from the root so it
/// reads the workspace's rustfmt configuration, if any.
fn rustfmt(root: &Path) -> anyhow::Result<Command> {
    let mut command = Command::new("rustfmt");
    command
        .arg("--edition")
        .arg(edition(root)?)
        .current_dir(root);
    Ok(command)
}

/// The `edition` of the root `Cargo.toml`'s `[workspace.package]`.
fn edition(root: &Path) -> anyhow::Result<String> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[workspace.package]";
        } else if in_package
            && let Some(value) = line
                .strip_prefix("edition")
                .and_then(|rest| rest.trim_start().strip_prefix('='))
        {
            return Ok(value.trim().trim_matches('"').to_owned());
        }
    }
    bail!(
        "{}: no `edition` in [workspace.package]",
        manifest.display()
    )
}
