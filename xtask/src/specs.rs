//! `cargo xtask specs [--check]`: writes `specs/` from the provider crates, or checks it.

use std::path::{Path, PathBuf};

pub(crate) use callspec::specs::Mode;

pub(crate) fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("specs")
}

pub(crate) fn run(mode: Mode) -> anyhow::Result<()> {
    let changed = callspec::specs::sync(&specs_dir(), mode)?;
    if mode == Mode::Write {
        for path in &changed {
            eprintln!("updated specs/{path}");
        }
        if changed.is_empty() {
            eprintln!("specs/ is up to date");
        }
    }
    Ok(())
}
