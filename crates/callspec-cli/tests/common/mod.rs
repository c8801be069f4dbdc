//! Helpers shared by the CLI tests: running `callspec`, rendering a run for a snapshot (exit
//! code, stdout and stderr in one text, as uv's `uv_snapshot!`), and reading `--format json`.
//!
//! Each test binary uses a part of these helpers.
#![allow(dead_code, reason = "each test binary uses only some of the helpers")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers may panic: a panic there is a failed test with its message"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

/// The package directory: tests run `callspec` from here with relative paths, so paths in the
/// output are the same on every machine.
pub(crate) fn package_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file or directory under `tests/fixtures`.
pub(crate) fn fixture(relative: &str) -> PathBuf {
    package_dir().join("tests/fixtures").join(relative)
}

/// Every output format, by its `--format` name.
pub(crate) const FORMATS: [&str; 5] = ["human", "json", "junit", "sarif", "github"];

/// `callspec validate --format F FLAGS PATHS…` run in `dir` for every format `F`: each run's
/// label and its stdout and stderr together. Every run must end with status 0 or 1 (a checked
/// run, never a usage or I/O error).
pub(crate) fn every_format(dir: &Path, flags: &[&str], paths: &[&str]) -> Vec<(String, String)> {
    FORMATS
        .iter()
        .map(|format| {
            let output = callspec_in(dir, ["validate", "--format", format])
                .args(flags)
                .args(paths)
                .output()
                .unwrap();
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{format} {flags:?}: {output:?}"
            );
            let text = format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            (format!("{format} {flags:?}"), text)
        })
        .collect()
}

/// A temporary directory holding `files` (relative name, contents), their parent directories
/// made as needed.
pub(crate) fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

/// `callspec` with `args`, run from the package directory, with no colour and no terminal
/// assumptions inherited from the environment.
pub(crate) fn callspec<I, S>(args: I) -> assert_cmd::Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    callspec_in(package_dir(), args)
}

/// `callspec` with `args`, run from `dir`.
pub(crate) fn callspec_in<I, S>(dir: &Path, args: I) -> assert_cmd::Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("callspec");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .args(args);
    command
}

/// Runs `command` and renders the run as a snapshot shows it.
pub(crate) fn render(command: &mut assert_cmd::Command) -> String {
    let output = command.output().expect("callspec runs");
    render_output(&output)
}

/// A run as a snapshot shows it: success, exit code, stdout, stderr.
pub(crate) fn render_output(output: &Output) -> String {
    format!(
        "success: {}\nexit_code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
        output.status.success(),
        output
            .status
            .code()
            .map_or_else(|| "none (killed by a signal)".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    )
}

/// Filters for anything machine-specific: callspec's own version (in SARIF) and temporary
/// directories.
pub(crate) fn filters() -> Vec<(&'static str, &'static str)> {
    static FILTERS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    FILTERS
        .get_or_init(|| {
            let version = env!("CARGO_PKG_VERSION").replace('.', r"\.");
            vec![
                (
                    format!(r#""version": "{version}""#),
                    r#""version": "[VERSION]""#.to_owned(),
                ),
                (
                    format!(r"callspec {version}\b"),
                    "callspec [VERSION]".to_owned(),
                ),
                (r"/tmp/\.tmp[A-Za-z0-9]+".to_owned(), "[TEMP]".to_owned()),
            ]
        })
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// Snapshots one `callspec` run (exit code, stdout and stderr together) under `name`, with the
/// machine-specific parts filtered.
#[allow(unused_macros, reason = "not every test binary takes snapshots")]
macro_rules! callspec_snapshot {
    ($name:expr, $command:expr) => {{
        let rendered = $crate::common::render($command);
        insta::with_settings!({
            filters => $crate::common::filters(),
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, rendered);
        });
    }};
}

/// What a `--format json` run came to.
#[derive(Debug)]
pub(crate) struct JsonRun {
    /// The exit code (`None` when killed by a signal).
    pub(crate) code: Option<i32>,
    /// The record lines, parsed.
    pub(crate) records: Vec<Value>,
    /// The summary line, parsed.
    pub(crate) summary: Value,
    /// Standard error.
    pub(crate) stderr: String,
}

impl JsonRun {
    /// The record with `line` (NDJSON), panicking with the whole output when there is none.
    pub(crate) fn line(&self, line: u64) -> &Value {
        self.records
            .iter()
            .find(|r| r["line"] == line)
            .unwrap_or_else(|| panic!("no record for line {line} in {:#?}", self.records))
    }

    /// The record of HAR entry `entry`.
    pub(crate) fn entry(&self, entry: u64) -> &Value {
        self.records
            .iter()
            .find(|r| r["entry"] == entry)
            .unwrap_or_else(|| panic!("no record for entry {entry} in {:#?}", self.records))
    }

    /// The records of `source`.
    pub(crate) fn source(&self, source: &str) -> Vec<&Value> {
        self.records
            .iter()
            .filter(|r| r["source"] == source)
            .collect()
    }
}

/// Runs `command` (which must ask for `--format json`) and parses its output.
pub(crate) fn json_run(command: &mut assert_cmd::Command) -> JsonRun {
    let output = command.output().expect("callspec runs");
    let stdout = String::from_utf8(output.stdout).expect("json output is UTF-8");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}\nstderr: {stderr}"))
        })
        .collect();
    let summary = lines
        .pop()
        .unwrap_or_else(|| panic!("no output at all; stderr: {stderr}"));
    assert_eq!(summary["type"], "summary", "the last line is the summary");
    JsonRun {
        code: output.status.code(),
        records: lines,
        summary,
        stderr,
    }
}

/// Asserts the run did not panic: an exit code of 0 or 1 (not 101, not a signal) and no
/// panic message on stderr.
pub(crate) fn assert_no_panic(run: &JsonRun) {
    assert!(
        matches!(run.code, Some(0 | 1)),
        "exit code {:?}; stderr: {}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "stderr: {}", run.stderr);
}

/// The codes of a record's findings, in order.
pub(crate) fn codes(record: &Value) -> Vec<&str> {
    record["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| f["code"].as_str().expect("code is a string"))
        .collect()
}

/// The `(line, column)` of a record's first finding.
pub(crate) fn first_position(record: &Value) -> (Value, Value) {
    let finding = &record["findings"][0];
    (finding["line"].clone(), finding["column"].clone())
}

/// A Bandwidth Voice API v2 call state that conforms to the spec, as one NDJSON line.
pub(crate) const BANDWIDTH_VALID: &str = r#"{"callId":"c-1","parentCallId":null,"applicationId":"7fc9698a-b04a-468b-9e8f-91238c0d0086","accountId":"5555555","to":"+15553334444","from":"+15551112222","direction":"inbound","state":"disconnected","startTime":"2019-10-21T16:45:11.293Z","endTime":"2019-10-21T16:55:12.950Z","disconnectCause":"hangup","lastUpdate":"2019-10-21T16:55:12.971Z"}"#;

/// A Vonage Contact Center 404 body: small, valid, routed by shape.
pub(crate) const VONAGE_NOT_FOUND: &str = r#"{"message": "The requested resource was not found."}"#;
