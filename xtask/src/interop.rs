//! The interoperability step of `cargo xtask validate`: `openapi-format` from the npm registry,
//! an OpenAPI Overlay implementation independent of callspec, installed under `target/npm`,
//! then `crates/callspec-drift/tests/interop.rs` run with it, which asserts it amends the
//! published schemas as callspec does. Without `npm`, or when the registry cannot be reached,
//! the step says why it is skipped and passes: CI stays offline-safe.

use std::process::Command;

use anyhow::{Context, bail};

/// The version the test pins (its major and minor).
const PACKAGE: &str = "openapi-format@1.33.6";

pub(crate) fn run() -> anyhow::Result<()> {
    let root = crate::root();
    let prefix = root.join("target/npm");
    let installed = prefix.join("node_modules/openapi-format/package.json");
    if !installed.is_file() {
        if Command::new("npm").arg("--version").output().is_err() {
            eprintln!("xtask: skipped: `npm` is not on PATH");
            return Ok(());
        }
        let output = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--fetch-retries=1"])
            .arg("--prefix")
            .arg(&prefix)
            .arg(PACKAGE)
            .current_dir(&root)
            .output()
            .context("running npm install")?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().take(3).collect::<Vec<_>>();
            eprintln!(
                "xtask: skipped: `npm install {PACKAGE}` failed (registry unreachable?): {}",
                last.into_iter().rev().collect::<Vec<_>>().join(" | ")
            );
            return Ok(());
        }
    }
    // The whole workspace's features, as the other steps build it, so nothing is rebuilt.
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["test", "--quiet", "--workspace", "--test", "interop"])
        .env("CALLSPEC_REQUIRE_INTEROP", "1")
        .env("CALLSPEC_NPM_PREFIX", &prefix)
        .current_dir(&root)
        .status()
        .context("running cargo test")?;
    if !status.success() {
        bail!("openapi-format and callspec amend the schemas differently ({status})");
    }
    Ok(())
}
