//! `cargo xtask`: the project's own tasks. `specs` regenerates `specs/` (or checks it with
//! `--check`); `validate` runs everything CI checks beyond the unit tests, in order: the specs
//! check, the corpus lint, the corpus verdicts, the snapshots.

mod specs;
mod validate;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  specs [--check]   write specs/ from the provider crates (--check: fail when stale)
  validate          the specs check, the corpus lint, the corpus verdicts, the snapshots
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["specs"] => specs::run(specs::Mode::Write),
        ["specs", "--check"] => specs::run(specs::Mode::Check),
        ["validate"] => validate::run(),
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub(crate) fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
