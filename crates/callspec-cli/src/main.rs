//! The `callspec` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    callspec_cli::main(callspec_cli::Cli::parse())
}
