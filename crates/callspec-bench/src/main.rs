//! `callspec-bench-loops MODE FILE [--resource ID]`: runs one limit loop (`io`, `parse`, `simd`,
//! `engine`) over an NDJSON file and prints what it saw as one JSON line. `cargo xtask bench`
//! times it from outside.

use std::path::Path;
use std::process::ExitCode;

use callspec_bench::{Mode, Routing};

const USAGE: &str = "usage: callspec-bench-loops io|parse|simd|engine FILE [--resource ID]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (mode, path, routing) = match args.as_slice() {
        [mode, path] => (*mode, *path, Routing::Rotation),
        [mode, path, "--resource", id] => (*mode, *path, Routing::One(id)),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(mode) = Mode::from_name(mode) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match callspec_bench::run(mode, Path::new(path), routing) {
        Ok(counts) => {
            println!("{counts}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
