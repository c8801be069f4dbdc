//! The peer validators: installed once (pinned versions) into `target/bench/tools`, each
//! described with how it is run; a peer that cannot be installed is skipped with the reason.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The cap on one peer installation, in seconds.
const INSTALL_TIMEOUT: &str = "300";
/// Pinned peer versions.
const JSONSCHEMA_CLI: &str = "0.60.2";
const BOON_CLI: &str = "0.6.2";
const AJV_CLI: &str = "5.0.0";
const AJV_FORMATS: &str = "3.0.1";
const CHECK_JSONSCHEMA: &str = "0.33.0";
const SOURCEMETA_JSONSCHEMA: &str = "16.11.0";

/// A peer's name, how it is run, its command, environment and working directory; or why not.
pub(super) type Peer = std::result::Result<
    (
        String,
        String,
        Vec<OsString>,
        Vec<(String, String)>,
        Option<PathBuf>,
    ),
    (String, String),
>;

/// Installs (once, into `tools`) and describes each peer.
pub(super) fn peers(tools: &Path, schema: &Path, dir: &Path, files: &[PathBuf]) -> Vec<Peer> {
    let mut peers = Vec::new();
    let file_args = || files.iter().map(OsString::from).collect::<Vec<_>>();
    // The jsonschema crate's CLI.
    peers.push(
        install(
            "jsonschema-cli",
            &tools.join("bin").join("jsonschema-cli"),
            "cargo",
            &[
                "install",
                "--locked",
                "jsonschema-cli",
                "--version",
                JSONSCHEMA_CLI,
                "--root",
            ],
            tools,
        )
        .map(|bin| {
            let mut cmd = vec![bin.into_os_string(), "validate".into(), schema.into()];
            for file in files {
                cmd.push("-i".into());
                cmd.push(file.into());
            }
            (
                "jsonschema-cli".to_owned(),
                format!(
                    "`jsonschema-cli {JSONSCHEMA_CLI}` (`cargo install --locked`), one process: \
                     `jsonschema-cli validate SCHEMA -i FILE -i FILE ...` over the per-record \
                     files; format assertion left at its default (off)"
                ),
                cmd,
                Vec::new(),
                None,
            )
        }),
    );
    // boon's CLI.
    peers.push(
        install(
            "boon",
            &tools.join("bin").join("boon"),
            "cargo",
            &[
                "install",
                "--locked",
                "boon-cli",
                "--version",
                BOON_CLI,
                "--root",
            ],
            tools,
        )
        .map(|bin| {
            let mut cmd = vec![bin.into_os_string(), schema.into()];
            cmd.extend(file_args());
            (
                "boon".to_owned(),
                format!(
                    "`boon-cli {BOON_CLI}` (`cargo install --locked`), one process: \
                     `boon SCHEMA FILE FILE ...` over the per-record files; formats not asserted \
                     (its default); it exits with 2 when an instance fails"
                ),
                cmd,
                Vec::new(),
                None,
            )
        }),
    );
    // ajv-cli.
    let ajv = tools.join("node_modules").join(".bin").join("ajv");
    peers.push(
        install(
            "ajv-cli",
            &ajv,
            "npm",
            &[
                "install",
                &format!("ajv-cli@{AJV_CLI}"),
                &format!("ajv-formats@{AJV_FORMATS}"),
                "--prefix",
            ],
            tools,
        )
        .map(|bin| {
            let cmd = vec![
                bin.into_os_string(),
                "validate".into(),
                "--spec=draft2020".into(),
                "--strict=false".into(),
                "-c".into(),
                "ajv-formats".into(),
                "-s".into(),
                schema.into(),
                "-d".into(),
                dir.join("*.json").into(),
            ];
            (
                "ajv-cli".to_owned(),
                format!(
                    "`ajv-cli {AJV_CLI}` with `ajv-formats {AJV_FORMATS}` (`npm install`), one \
                     process: `ajv validate --spec=draft2020 --strict=false -c ajv-formats -s \
                     SCHEMA -d 'DIR/*.json'`; `--strict=false` makes it ignore callspec's formats \
                     (it knows the standard ones from ajv-formats)"
                ),
                cmd,
                Vec::new(),
                Some(tools.to_owned()),
            )
        }),
    );
    // check-jsonschema.
    let py = tools.join("py");
    peers.push(
        install(
            "check-jsonschema",
            &py.join("bin").join("check-jsonschema"),
            "python3",
            &[
                "-m",
                "pip",
                "install",
                "--quiet",
                &format!("check-jsonschema=={CHECK_JSONSCHEMA}"),
                "--target",
            ],
            &py,
        )
        .map(|bin| {
            let mut cmd = vec![
                "python3".into(),
                bin.into_os_string(),
                "--schemafile".into(),
                schema.into(),
            ];
            cmd.extend(file_args());
            (
                "check-jsonschema".to_owned(),
                format!(
                    "`check-jsonschema {CHECK_JSONSCHEMA}` (`pip install --target`), one \
                     process: `check-jsonschema --schemafile SCHEMA FILE FILE ...`; unknown \
                     formats ignored (its default)"
                ),
                cmd,
                vec![("PYTHONPATH".to_owned(), py.display().to_string())],
                None,
            )
        }),
    );
    peers
}

/// sourcemeta `jsonschema` (from the npm registry), the one peer that reads NDJSON: run over
/// `jsonl` (a `.jsonl` file) with `--fast`.
pub(super) fn sourcemeta(tools: &Path, schema: &Path, jsonl: &Path) -> Peer {
    let bin = tools.join("node_modules").join(".bin").join("jsonschema");
    install(
        "sourcemeta jsonschema",
        &bin,
        "npm",
        &[
            "install",
            &format!("@sourcemeta/jsonschema@{SOURCEMETA_JSONSCHEMA}"),
            "--prefix",
        ],
        tools,
    )
    .map(|bin| {
        let cmd = vec![
            bin.into_os_string(),
            "validate".into(),
            schema.into(),
            jsonl.into(),
            "--fast".into(),
        ];
        (
            "sourcemeta jsonschema".to_owned(),
            format!(
                "`@sourcemeta/jsonschema {SOURCEMETA_JSONSCHEMA}` (`npm install`, its prebuilt \
                 binary), one process: `jsonschema validate SCHEMA LOG.jsonl --fast` over the \
                 uniform log as JSONL; it does not assert formats, it loads the whole file \
                 before validating (see its peak RSS), and `--fast` gives a verdict without \
                 error details; it exits with 2 when an instance fails"
            ),
            cmd,
            Vec::new(),
            None,
        )
    })
}

/// Installs a peer with `program args.. into` (capped by `timeout`) unless `bin` exists.
fn install(
    name: &str,
    bin: &Path,
    program: &str,
    args: &[&str],
    into: &Path,
) -> std::result::Result<PathBuf, (String, String)> {
    if bin.exists() {
        return Ok(bin.to_owned());
    }
    eprintln!("bench: installing {name}");
    // cargo builds in a kept directory, so an installation cut by the timeout resumes.
    let output = Command::new("timeout")
        .env("CARGO_TARGET_DIR", into.join("cargo-target"))
        .arg(INSTALL_TIMEOUT)
        .arg(program)
        .args(args)
        .arg(into)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let reason = match output {
        Err(error) => format!("`{program}` could not run: {error}"),
        Ok(out) if out.status.code() == Some(124) => {
            format!("installation timed out after {INSTALL_TIMEOUT} s")
        }
        Ok(out) if !out.status.success() || !bin.exists() => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let line = stderr.lines().rev().find(|l| !l.trim().is_empty());
            format!(
                "installation failed: {}",
                line.unwrap_or("no message").trim()
            )
        }
        Ok(_) => return Ok(bin.to_owned()),
    };
    Err((name.to_owned(), reason))
}
