//! `cargo xtask`: the project's own tasks. `specs` regenerates `specs/` (or checks it with
//! `--check`); `codes` the README's codes table and the manifest schema's enums; `fmt` formats
//! the workspace, with the files `cargo fmt` does not reach; `validate` runs everything CI
//! checks beyond the unit tests, in order: the specs and codes checks, the formatting of those
//! files, the corpus lint, the corpus verdicts, the snapshots; `bench` measures callspec against the limits
//! and the peers and writes BENCHMARKS.md; `dist` tests the wheel, the pre-commit hooks and the
//! GitHub Action on a fresh clone.

mod bench;
mod codes;
mod dist;
mod fmt;
mod interop;
mod sdk_matrix;
mod specs;
mod validate;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  specs [--check]   write specs/ from the provider crates (--check: fail when stale)
  codes [--check]   write the README's codes table and corpus/manifest.schema.json's enums
                    from the finding vocabulary and the catalog (--check: fail when stale)
  fmt               cargo fmt --all, and rustfmt on the files it does not reach
                    (callspec-gen's provider modules, declared by its build script)
  validate          the specs and codes checks, the formatting cargo fmt does not check,
                    the corpus lint and verdicts, the snapshots
  bench [--quick] [--records N]
                    measure against the limits and the peers; write BENCHMARKS.md
                    (--quick: a small smoke run into target/bench/BENCHMARKS.quick.md)
  dist              on a fresh clone of HEAD: build and install the wheel, try the
                    pre-commit hooks and the GitHub Action (two release builds:
                    half an hour or more on 2 cores)
  sdk-matrix        run the providers' SDKs against callspec mock; write
                    crates/callspec-mock/SDK-MATRIX.md
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
        ["codes"] => codes::run(codes::Mode::Write),
        ["codes", "--check"] => codes::run(codes::Mode::Check),
        ["fmt"] => fmt::run(),
        ["validate"] => validate::run(),
        ["bench", rest @ ..] => bench::run(rest),
        ["dist", rest @ ..] => dist::run(rest),
        ["sdk-matrix", rest @ ..] => sdk_matrix::run(rest),
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
