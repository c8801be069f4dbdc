//! Exit codes, as ripgrep: 0 every record valid or drift, 1 any record invalid or unreadable
//! (or drift under `--strict`), 2 usage and I/O errors. A broken pipe is not an error.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

#[macro_use]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use common::{BANDWIDTH_VALID, VONAGE_NOT_FOUND, callspec_in};

/// A temporary directory holding `files` (name, contents).
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        std::fs::write(dir.path().join(name), contents).unwrap();
    }
    dir
}

fn code(dir: &tempfile::TempDir, args: &[&str]) -> Option<i32> {
    callspec_in(dir.path(), args)
        .output()
        .unwrap()
        .status
        .code()
}

const DRIFT: &str = r#"{"message": "gone", "requestId": "r-1"}"#;
const INVALID: &str = r#"{"message": 404}"#;

#[test]
fn valid_is_0() {
    let dir = dir_with(&[
        (
            "a.ndjson",
            &format!("{BANDWIDTH_VALID}\n{VONAGE_NOT_FOUND}\n"),
        ),
        ("b.json", VONAGE_NOT_FOUND),
    ]);
    assert_eq!(code(&dir, &["validate", "a.ndjson", "b.json"]), Some(0));
    assert_eq!(code(&dir, &["validate", "--strict", "."]), Some(0));
}

#[test]
fn drift_is_0_and_1_under_strict() {
    let dir = dir_with(&[("drift.ndjson", &format!("{VONAGE_NOT_FOUND}\n{DRIFT}\n"))]);
    assert_eq!(code(&dir, &["validate", "drift.ndjson"]), Some(0));
    assert_eq!(
        code(&dir, &["validate", "--strict", "drift.ndjson"]),
        Some(1)
    );
    for format in ["json", "junit", "sarif", "github"] {
        assert_eq!(
            code(
                &dir,
                &["validate", "--strict", "--format", format, "drift.ndjson"]
            ),
            Some(1),
            "{format}"
        );
    }
}

#[test]
fn invalid_is_1() {
    let dir = dir_with(&[("bad.ndjson", &format!("{VONAGE_NOT_FOUND}\n{INVALID}\n"))]);
    assert_eq!(code(&dir, &["validate", "bad.ndjson"]), Some(1));
    assert_eq!(
        code(&dir, &["validate", "--format", "json", "bad.ndjson"]),
        Some(1)
    );
}

#[test]
fn unreadable_is_1() {
    let dir = dir_with(&[("bad.json", "{\"message\": ")]);
    assert_eq!(code(&dir, &["validate", "bad.json"]), Some(1));
}

/// Records that match no resource are counted, not failed.
#[test]
fn unrouted_is_0() {
    let dir = dir_with(&[("other.json", r#"{"hello": "world"}"#)]);
    assert_eq!(code(&dir, &["validate", "other.json"]), Some(0));
}

#[test]
fn missing_file_is_2() {
    let dir = dir_with(&[("ok.json", VONAGE_NOT_FOUND)]);
    callspec_snapshot!(
        "missing_file",
        &mut callspec_in(dir.path(), ["validate", "ok.json", "missing.json"])
    );
}

#[test]
fn unreadable_directory_is_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with(&[]);
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("a.json"), VONAGE_NOT_FOUND).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root (as in many containers) reads a directory whatever its mode: the case cannot be
    // made there, so the assertion is skipped when the directory is still readable.
    let still_readable = std::fs::read_dir(&locked).is_ok();
    let output = callspec_in(dir.path(), ["validate", "locked"])
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if still_readable {
        eprintln!("skipped: running as root, a mode-000 directory is still readable");
        assert_eq!(output.status.code(), Some(0));
        return;
    }
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read `") && stderr.contains("locked"),
        "{stderr}"
    );
}

#[test]
fn unknown_resource_is_2() {
    let dir = dir_with(&[("ok.json", VONAGE_NOT_FOUND)]);
    callspec_snapshot!(
        "unknown_resource",
        &mut callspec_in(
            dir.path(),
            [
                "validate",
                "--resource",
                "bandwidth/voice-v3/call",
                "ok.json"
            ]
        )
    );
}

#[test]
fn stdin_without_input_format_is_2() {
    let dir = dir_with(&[]);
    callspec_snapshot!(
        "stdin_without_input_format",
        callspec_in(dir.path(), ["validate", "-"]).write_stdin(VONAGE_NOT_FOUND)
    );
}

#[test]
fn bad_flag_is_2() {
    let dir = dir_with(&[("ok.json", VONAGE_NOT_FOUND)]);
    callspec_snapshot!(
        "bad_flag",
        &mut callspec_in(dir.path(), ["validate", "--bogus", "ok.json"])
    );
    assert_eq!(
        code(&dir, &["validate", "--format", "yaml", "ok.json"]),
        Some(2)
    );
    assert_eq!(code(&dir, &["validate"]), Some(2), "a path is required");
    assert_eq!(code(&dir, &["validate", "-j", "two", "ok.json"]), Some(2));
}

/// A file whose name tells no format is a usage error, unless `--input-format` says it.
#[test]
fn unknown_extension_is_2() {
    let dir = dir_with(&[("capture.txt", VONAGE_NOT_FOUND)]);
    assert_eq!(code(&dir, &["validate", "capture.txt"]), Some(2));
    assert_eq!(
        code(&dir, &["validate", "--input-format", "json", "capture.txt"]),
        Some(0)
    );
}

#[test]
fn schema_of_unknown_resource_is_2() {
    let dir = dir_with(&[]);
    assert_eq!(code(&dir, &["schema", "nope/v1/call"]), Some(2));
    assert_eq!(code(&dir, &["schema", "vonage/v0/not-found"]), Some(0));
}

/// `callspec validate --format json BIG | head -1`: callspec stops quietly with status 0.
#[test]
fn broken_pipe_is_not_an_error() {
    let dir = dir_with(&[]);
    let big = dir.path().join("big.ndjson");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    // About 3 MB of output: far more than a pipe buffer holds.
    for i in 0..20_000 {
        writeln!(file, r#"{{"message": "not found {i}"}}"#).unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();
    for format in ["json", "human", "github", "junit", "sarif"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("callspec"))
            .current_dir(dir.path())
            .args(["validate", "--verbose", "--format", format, "big.ndjson"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{format}: a first line");
        drop(reader);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{format}: stderr: {stderr}");
        assert!(!stderr.contains("error"), "{format}: stderr: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: stderr: {stderr}");
    }
}
