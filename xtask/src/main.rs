//! `cargo xtask`: the project's own tasks. `specs` regenerates `specs/` (or checks it with
//! `--check`); `validate` runs everything CI checks beyond the unit tests.

mod specs;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  specs [--check]   write specs/ from the provider crates (--check: fail when stale)
  validate          the specs check, then the corpus lint, verdicts and snapshots
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
        ["validate"] => validate(),
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

fn validate() -> anyhow::Result<()> {
    step("specs are fresh and valid draft 2020-12", || {
        specs::run(specs::Mode::Check)
    })?;
    Ok(())
}

fn step(name: &str, f: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<()> {
    eprintln!("xtask: {name} ...");
    let started = std::time::Instant::now();
    f()?;
    eprintln!("xtask: {name}: ok ({:.1?})", started.elapsed());
    Ok(())
}
