//! callspec's command-line tests, gathered into one binary so they link once and run in
//! parallel: bad input, completions and man pages, exit codes, the output formats, the gate,
//! help, the JSON contract, the mock server, output options and properties, overlays, the README,
//! and redaction.

#[macro_use]
mod common;
mod inprocess;

mod bad_input;
mod completions;
mod exit_codes;
mod formats;
mod gate;
mod help;
mod json_contract;
mod mock;
mod output_options;
mod output_properties;
mod overlay;
mod readme;
mod redaction;
mod redaction_regressions;
mod regressions;

/// Every test file beside this one is a module of this binary: with `autotests = false` a file
/// left out here would never run.
#[test]
fn every_test_file_is_declared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let declared = include_str!("tests.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the tests directory is readable") {
        let path = entry.expect("the tests directory lists").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let module = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
        if module
            && !matches!(stem, "tests" | "snapshots" | "fixtures")
            && !declared.contains(&format!("\nmod {stem};"))
        {
            missing.push(stem.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/tests.rs does not declare: {missing:?}"
    );
}
