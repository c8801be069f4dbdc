//! `cargo xtask bench [--quick] [--records N]`: measures `callspec validate` and `callspec
//! generate` against the limits (I/O, parse, simd-json, the raw engine loop of
//! `callspec-bench-loops`) and against peer validators, interleaved, and writes the table to
//! BENCHMARKS.md (`--quick`: `target/bench/BENCHMARKS.quick.md`, no peers, no 1 GB run).
//!
//! Everything runs as release binaries in child processes: wall time is taken around the child,
//! peak RSS from GNU time (`/usr/bin/time -f %M`). No figure is ever asserted on.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// The resource peers are measured on: they validate one schema at a time.
const PEER_RESOURCE: &str = "bandwidth/voice-v2/call-state";
/// Runs of every measurement (interleaved).
const RUNS: usize = 3;
/// The cap on one peer installation, in seconds.
const INSTALL_TIMEOUT: &str = "300";
/// Pinned peer versions.
const JSONSCHEMA_CLI: &str = "0.60.2";
const BOON_CLI: &str = "0.6.2";
const AJV_CLI: &str = "5.0.0";
const AJV_FORMATS: &str = "3.0.1";
const CHECK_JSONSCHEMA: &str = "0.33.0";

/// The settings of one run.
#[derive(Debug)]
struct Settings {
    quick: bool,
    records: u64,
    files: u64,
    peer_records: u64,
}

fn settings(args: &[&str]) -> Result<Settings> {
    let quick = args.contains(&"--quick");
    let mut records = if quick { 2_000 } else { 1_000_000 };
    let mut rest = args.iter().filter(|a| **a != "--quick");
    while let Some(arg) = rest.next() {
        match *arg {
            "--records" => {
                let n = rest.next().context("--records needs a number")?;
                records = n.parse().with_context(|| format!("--records `{n}`"))?;
            }
            other => bail!("cargo xtask bench: unknown argument `{other}`"),
        }
    }
    let files = if quick { 100 } else { 10_000 };
    Ok(Settings {
        quick,
        records: records.max(100),
        files: files.min(records.max(100)),
        peer_records: 10_000,
    })
}

/// Runs the benchmark.
pub(crate) fn run(args: &[&str]) -> Result<()> {
    let settings = settings(args)?;
    let root = crate::root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let dir = target.join("bench");
    fs::create_dir_all(dir.join("logs"))?;
    let mut skipped: Vec<(String, String)> = Vec::new();

    // A quick run is a smoke test of the harness, not a measurement: it builds with the dev
    // profile CI has already compiled, so it costs seconds.
    let profile = if settings.quick { "debug" } else { "release" };
    eprintln!("bench: building the {profile} binaries");
    let simd = build(&root, settings.quick)?;
    if let Some(reason) = &simd {
        skipped.push(("simd-json parse".into(), reason.clone()));
    }
    // A snapshot of the binaries, so that a build running beside the benchmark cannot swap them.
    let bin = dir.join("bin");
    fs::create_dir_all(&bin)?;
    for name in ["callspec", "callspec-bench-loops"] {
        fs::copy(target.join(profile).join(name), bin.join(name))?;
    }
    let callspec = bin.join("callspec");
    let loops = bin.join("callspec-bench-loops");

    eprintln!("bench: generating {} records", settings.records);
    let rotation = callspec::resources().len() as u64;
    let log = dir.join(format!("mixed-{}.ndjson", settings.records));
    generate(&callspec, &log, "all", settings.records, rotation)?;
    let log_bytes = fs::metadata(&log)?.len();
    let files_dir = dir.join(format!("files-{}", settings.files));
    split_into_files(&log, &files_dir, settings.files)?;
    let files_bytes = dir_bytes(&files_dir)?;
    let summary = validate_summary(&callspec, &log)?;

    let jobs = nproc();
    let mut benches = Vec::new();
    let log_input = Input::new("log", settings.records, log_bytes);
    let files_input = Input::new("files", settings.files, files_bytes);
    let limit = |mode: &str, path: &Path, input: &Input, extra: &[&str]| {
        let mut cmd = vec![loops.clone().into_os_string(), mode.into(), path.into()];
        cmd.extend(extra.iter().map(OsString::from));
        Bench::new(format!("{mode} limit"), input, cmd, &[0])
    };
    benches.push(limit("io", &log, &log_input, &[]));
    benches.push(limit("parse", &log, &log_input, &[]));
    if simd.is_none() {
        benches.push(limit("simd", &log, &log_input, &[]));
    }
    benches.push(limit("engine", &log, &log_input, &[]));
    let validate = |name: String, input: &Input, jobs: usize, target: &Path, extra: &[&str]| {
        let mut cmd: Vec<OsString> = vec![
            callspec.clone().into(),
            "validate".into(),
            "--format".into(),
            "json".into(),
            "--jobs".into(),
            jobs.to_string().into(),
        ];
        cmd.extend(extra.iter().map(OsString::from));
        cmd.push(target.into());
        Bench::new(name, input, cmd, &[0, 1])
    };
    benches.push(validate("validate -j1".into(), &log_input, 1, &log, &[]));
    benches.push(validate(
        format!("validate -j{jobs}"),
        &log_input,
        jobs,
        &log,
        &[],
    ));
    benches.push(validate(
        "validate -j1".into(),
        &files_input,
        1,
        &files_dir,
        &[],
    ));
    benches.push(validate(
        format!("validate -j{jobs}"),
        &files_input,
        jobs,
        &files_dir,
        &[],
    ));
    let generate_input = Input::new("generate", settings.records, log_bytes);
    benches.push(Bench::new(
        "generate (1 job)".into(),
        &generate_input,
        vec![
            callspec.clone().into(),
            "generate".into(),
            "--resource".into(),
            "all".into(),
            "--kind".into(),
            "valid".into(),
            "--count".into(),
            settings.records.to_string().into(),
        ],
        &[0],
    ));

    let mut peer_notes = Vec::new();
    if settings.quick {
        for peer in ["jsonschema-cli", "boon", "ajv-cli", "check-jsonschema"] {
            skipped.push((peer.into(), "quick mode".into()));
        }
        skipped.push(("validate on a 1 GB log".into(), "quick mode".into()));
    } else {
        let raw = dir.join(format!("peer-{}.raw.ndjson", settings.peer_records));
        generate(&callspec, &raw, PEER_RESOURCE, settings.peer_records, 1)?;
        let peer_log = dir.join(format!("peer-{}.ndjson", settings.peer_records));
        let peer_records = drop_unreadable(&callspec, &raw, &peer_log)?;
        let peer_dir = dir.join(format!("peer-files-{}", settings.peer_records));
        split_into_files(&peer_log, &peer_dir, peer_records)?;
        let peer_input = Input::new("peer files", peer_records, dir_bytes(&peer_dir)?);
        let peer_log_input = Input::new("peer log", peer_records, fs::metadata(&peer_log)?.len());
        let one = ["--resource", PEER_RESOURCE];
        benches.push(limit("parse", &peer_log, &peer_log_input, &one));
        benches.push(limit("engine", &peer_log, &peer_log_input, &one));
        benches.push(validate(
            "validate -j1".into(),
            &peer_input,
            1,
            &peer_dir,
            &one,
        ));
        let schema = root
            .join("specs")
            .join(format!("{PEER_RESOURCE}.schema.json"));
        let files = sorted_files(&peer_dir)?;
        for peer in peers(&dir.join("tools"), &schema, &peer_dir, &files) {
            match peer {
                Ok((name, how, cmd, env, cwd)) => {
                    peer_notes.push(format!("- **{name}**: {how}"));
                    // boon exits with 2 when an instance fails; the others with 1.
                    let ok: &'static [i32] = if name == "boon" { &[0, 2] } else { &[0, 1] };
                    let mut bench = Bench::new(name, &peer_input, cmd, ok);
                    bench.env = env;
                    bench.cwd = cwd;
                    benches.push(bench);
                }
                Err((name, reason)) => skipped.push((name, reason)),
            }
        }
    }

    eprintln!(
        "bench: measuring {} benches x {RUNS} runs, interleaved",
        benches.len()
    );
    let time = Path::new("/usr/bin/time").exists();
    if !time {
        skipped.push(("peak RSS".into(), "GNU time not at /usr/bin/time".into()));
    }
    for round in 0..RUNS {
        for (index, bench) in benches.iter_mut().enumerate() {
            if bench.failed.is_none() {
                measure(bench, &dir.join("logs"), index, time);
                eprintln!(
                    "  run {}/{RUNS} {:<22} {:<10} {}",
                    round + 1,
                    bench.name,
                    bench.input.name,
                    bench.last()
                );
            }
        }
    }

    if !settings.quick {
        let big = dir.join("big.ndjson");
        eprintln!("bench: the 1 GB log");
        let big_bytes = concatenate_until(&log, &big, 1 << 30)?;
        let big_input = Input::new(
            "1 GB log",
            settings.records * (big_bytes / log_bytes),
            big_bytes,
        );
        let mut bench = validate(format!("validate -j{jobs}"), &big_input, jobs, &big, &[]);
        measure(&mut bench, &dir.join("logs"), benches.len(), time);
        fs::remove_file(&big)?;
        benches.push(bench);
    }

    for bench in &benches {
        if let Some(reason) = &bench.failed {
            skipped.push((
                format!("{} on {}", bench.name, bench.input.name),
                reason.clone(),
            ));
        }
    }
    let table = table(&benches);
    println!("{table}");
    let report = report(&settings, &table, &skipped, &peer_notes, &summary, jobs)?;
    let out = if settings.quick {
        dir.join("BENCHMARKS.quick.md")
    } else {
        root.join("BENCHMARKS.md")
    };
    fs::write(&out, report)?;
    eprintln!("bench: wrote {}", out.display());
    Ok(())
}

/// Builds the binaries once (release, or dev for a quick run); returns why simd-json is
/// skipped, if it is.
fn build(root: &Path, quick: bool) -> Result<Option<String>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let profile = if quick { "dev" } else { "release" };
    let base = [
        "build",
        "--profile",
        profile,
        "-p",
        "callspec-cli",
        "-p",
        "callspec-bench",
    ];
    let with_simd = Command::new(&cargo)
        .args(base)
        .args(["--features", "callspec-bench/simd"])
        .current_dir(root)
        .stderr(Stdio::piped())
        .output()?;
    if with_simd.status.success() {
        return Ok(None);
    }
    let stderr = String::from_utf8_lossy(&with_simd.stderr);
    let reason = stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("the build failed")
        .to_owned();
    let status = Command::new(&cargo).args(base).current_dir(root).status()?;
    if !status.success() {
        bail!("cargo build --profile {profile} failed");
    }
    Ok(Some(format!("simd-json did not build: {reason}")))
}

/// Writes `count` records of `resource` (`all` or one id): parts of `callspec generate`, 19 of
/// `valid` and `edge` in turn for one of `invalid`, each a multiple of `rotation` records so that
/// line `i` keeps the generator's resource `i % rotation`, with seed = part number.
fn generate(callspec: &Path, path: &Path, resource: &str, count: u64, rotation: u64) -> Result<()> {
    let chunk = ((count / 200) / rotation * rotation).max(rotation);
    let file = File::create(path)?;
    let (mut written, mut part) = (0u64, 0u64);
    while written < count {
        let n = chunk.min(count - written);
        let kind = match part % 20 {
            19 => "invalid",
            p if p.is_multiple_of(2) => "valid",
            _ => "edge",
        };
        let status = Command::new(callspec)
            .args(["generate", "--resource", resource, "--kind", kind])
            .args(["--count", &n.to_string(), "--seed", &part.to_string()])
            .stdout(file.try_clone()?)
            .status()?;
        if !status.success() {
            bail!("callspec generate failed ({status})");
        }
        written += n;
        part += 1;
    }
    Ok(())
}

/// Writes the first `count` lines of `log` as single-record files `dir/NNNNN.json`.
fn split_into_files(log: &Path, dir: &Path, count: u64) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let mut reader = BufReader::new(File::open(log)?);
    let mut line = Vec::new();
    for index in 0..count {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        fs::write(dir.join(format!("{index:05}.json")), &line)?;
    }
    Ok(())
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    files.sort();
    Ok(files)
}

fn dir_bytes(dir: &Path) -> Result<u64> {
    sorted_files(dir)?
        .iter()
        .map(|f| Ok(fs::metadata(f)?.len()))
        .sum()
}

/// Concatenates `log` into `big` until it holds at least `bytes`; returns its size.
fn concatenate_until(log: &Path, big: &Path, bytes: u64) -> Result<u64> {
    let mut out = BufWriter::new(File::create(big)?);
    let mut size = 0;
    while size < bytes {
        size += std::io::copy(&mut File::open(log)?, &mut out)?;
    }
    out.flush()?;
    Ok(size)
}

/// Copies `raw` into `out` without the records `callspec validate` finds unreadable (not UTF-8
/// JSON): some peers stop at the first file they cannot parse. Returns the records kept.
fn drop_unreadable(callspec: &Path, raw: &Path, out: &Path) -> Result<u64> {
    let report = Command::new(callspec)
        .args(["validate", "--format", "json", "--resource", PEER_RESOURCE])
        .arg(raw)
        .output()?;
    let unreadable: std::collections::BTreeSet<u64> = String::from_utf8_lossy(&report.stdout)
        .lines()
        .filter(|l| l.contains("\"verdict\":\"unreadable\""))
        .filter_map(|l| {
            let rest = l.split("\"line\":").nth(1)?;
            rest.split(',').next()?.parse().ok()
        })
        .collect();
    let mut reader = BufReader::new(File::open(raw)?);
    let mut writer = BufWriter::new(File::create(out)?);
    let (mut line, mut number, mut kept) = (Vec::new(), 0u64, 0u64);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        if !unreadable.contains(&number) {
            writer.write_all(&line)?;
            kept += 1;
        }
    }
    writer.flush()?;
    Ok(kept)
}

/// The summary line of `callspec validate --format json` over the log (untimed).
fn validate_summary(callspec: &Path, log: &Path) -> Result<String> {
    let mut child = Command::new(callspec)
        .args(["validate", "--format", "json"])
        .arg(log)
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().context("no stdout")?;
    let mut last = String::new();
    for line in BufReader::new(stdout).lines() {
        last = line?;
    }
    child.wait()?;
    Ok(last)
}

fn nproc() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// A peer's name, how it is run, its command, environment and working directory; or why not.
type Peer = std::result::Result<
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
fn peers(tools: &Path, schema: &Path, dir: &Path, files: &[PathBuf]) -> Vec<Peer> {
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

/// What a bench reads.
#[derive(Debug, Clone)]
struct Input {
    name: &'static str,
    records: u64,
    bytes: u64,
}

impl Input {
    fn new(name: &'static str, records: u64, bytes: u64) -> Self {
        Self {
            name,
            records,
            bytes,
        }
    }
}

/// One measured command and its samples.
#[derive(Debug)]
struct Bench {
    name: String,
    input: Input,
    cmd: Vec<OsString>,
    env: Vec<(String, String)>,
    cwd: Option<PathBuf>,
    ok: &'static [i32],
    /// Seconds and peak RSS (KiB) of each run.
    samples: Vec<(f64, Option<u64>)>,
    failed: Option<String>,
}

impl Bench {
    fn new(name: String, input: &Input, cmd: Vec<OsString>, ok: &'static [i32]) -> Self {
        Self {
            name,
            input: input.clone(),
            cmd,
            env: Vec::new(),
            cwd: None,
            ok,
            samples: Vec::new(),
            failed: None,
        }
    }

    fn last(&self) -> String {
        match (&self.failed, self.samples.last()) {
            (Some(reason), _) => format!("failed: {reason}"),
            (None, Some((secs, _))) => format!("{secs:.3} s"),
            (None, None) => String::new(),
        }
    }

    fn median(&self) -> f64 {
        let mut secs: Vec<f64> = self.samples.iter().map(|s| s.0).collect();
        secs.sort_by(f64::total_cmp);
        secs.get(secs.len() / 2).copied().unwrap_or(f64::NAN)
    }

    fn records_per_sec(&self) -> f64 {
        self.input.records as f64 / self.median()
    }
}

/// Runs a bench once, stdout to /dev/null, stderr to `logs/N.stderr`.
fn measure(bench: &mut Bench, logs: &Path, index: usize, time: bool) {
    let rss_file = logs.join(format!("{index}.rss"));
    let stderr = match File::create(logs.join(format!("{index}.stderr"))) {
        Ok(file) => file,
        Err(error) => {
            bench.failed = Some(error.to_string());
            return;
        }
    };
    let mut command = if time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .args(&bench.cmd);
        c
    } else {
        let mut c = Command::new(&bench.cmd[0]);
        c.args(&bench.cmd[1..]);
        c
    };
    command
        .envs(bench.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr);
    if let Some(cwd) = &bench.cwd {
        command.current_dir(cwd);
    }
    let started = Instant::now();
    let status = command.status();
    let secs = started.elapsed().as_secs_f64();
    match status {
        Ok(status) if status.code().is_some_and(|c| bench.ok.contains(&c)) => {
            let rss = fs::read_to_string(&rss_file)
                .ok()
                .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
            bench.samples.push((secs, rss));
        }
        Ok(status) => {
            bench.failed = Some(format!(
                "exited with {status}; see {}",
                logs.join(format!("{index}.stderr")).display()
            ));
        }
        Err(error) => bench.failed = Some(format!("could not run: {error}")),
    }
}

/// The limits each input group is compared with: (parse, engine) records/s.
fn limits(benches: &[Bench]) -> BTreeMap<&'static str, (f64, f64)> {
    let find = |name: &str, input: &str| {
        benches
            .iter()
            .find(|b| b.name == name && b.input.name == input && b.failed.is_none())
            .map_or(f64::NAN, Bench::records_per_sec)
    };
    let log = (find("parse limit", "log"), find("engine limit", "log"));
    let peer = (
        find("parse limit", "peer log"),
        find("engine limit", "peer log"),
    );
    BTreeMap::from([
        ("log", log),
        ("files", log),
        ("generate", log),
        ("1 GB log", log),
        ("peer log", peer),
        ("peer files", peer),
    ])
}

/// The table, as Markdown.
fn table(benches: &[Bench]) -> String {
    let limits = limits(benches);
    let mut out = String::from(
        "| what | input | records | median s | spread s (min–max) | records/s | MB/s | peak RSS MB | × engine limit | × parse limit |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for bench in benches.iter().filter(|b| !b.samples.is_empty()) {
        let median = bench.median();
        let min = bench
            .samples
            .iter()
            .map(|s| s.0)
            .fold(f64::INFINITY, f64::min);
        let max = bench.samples.iter().map(|s| s.0).fold(0.0, f64::max);
        let rps = bench.records_per_sec();
        let mbps = if bench.input.name == "generate" {
            "–".to_owned()
        } else {
            format!("{:.1}", bench.input.bytes as f64 / 1e6 / median)
        };
        let rss = bench
            .samples
            .iter()
            .filter_map(|s| s.1)
            .max()
            .map_or("n/a".to_owned(), |kib| {
                format!("{:.0}", kib as f64 / 1024.0)
            });
        let (parse, engine) = limits
            .get(bench.input.name)
            .copied()
            .unwrap_or((f64::NAN, f64::NAN));
        let ratio = |limit: f64| {
            if limit.is_finite() {
                format!("{:.2}", limit / rps)
            } else {
                "–".to_owned()
            }
        };
        out.push_str(&format!(
            "| {} | {} | {} | {median:.3} | {min:.3}–{max:.3} | {rps:.0} | {mbps} | {rss} | {} | {} |\n",
            bench.name,
            bench.input.name,
            bench.input.records,
            ratio(engine),
            ratio(parse),
        ));
    }
    out
}

fn shell(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// BENCHMARKS.md.
fn report(
    settings: &Settings,
    table: &str,
    skipped: &[(String, String)],
    peer_notes: &[String],
    summary: &str,
    jobs: usize,
) -> Result<String> {
    let model = shell("lscpu", &[])
        .lines()
        .find_map(|l| l.strip_prefix("Model name:").map(|m| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown".into());
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:").map(|v| v.trim().to_owned()))
        })
        .unwrap_or_else(|| "unknown".into());
    let command = if settings.quick {
        "cargo xtask bench --quick".to_owned()
    } else if settings.records == 1_000_000 {
        "cargo xtask bench".to_owned()
    } else {
        format!("cargo xtask bench --records {}", settings.records)
    };
    let mut out = String::new();
    out.push_str("# Benchmarks\n\n");
    out.push_str(&format!(
        "Written by `{command}` on {} (UTC). Machine: {jobs} cores ({model}), {memory} of \
         memory, {}; shared and noisy, so read the spread beside each median.\n\n",
        shell("date", &["-u", "+%Y-%m-%d %H:%M"]),
        shell("rustc", &["--version"]),
    ));
    out.push_str(&format!(
        "Inputs: `log` is a mixed NDJSON log of {} records over all resources (about 5% \
         invalid); `files` a directory of its first {} records, one file each; `peer files` / \
         `peer log` the first {} records of `{PEER_RESOURCE}` alone (same 19:1 mix) less those \
         that are not JSON (ajv-cli stops at the first), for the peers, which validate one \
         schema. `callspec validate` over the log says: `{summary}`.\n\n",
        settings.records, settings.files, settings.peer_records
    ));
    out.push_str(
        "Ratios are time per record relative to the limit on the same records (1.00 = as fast as \
         the limit, 2.00 = twice as slow): rows over `log`, `files`, `generate` and the 1 GB log \
         against the limits over `log`; peer rows against the limits over `peer log`.\n\n",
    );
    out.push_str(table);
    out.push_str("\n## Skipped\n\n");
    if skipped.is_empty() {
        out.push_str("Nothing.\n");
    }
    for (what, why) in skipped {
        out.push_str(&format!("- {what}: {why}\n"));
    }
    out.push_str("\n## Peers, and how each was run\n\n");
    if peer_notes.is_empty() {
        out.push_str("None measured in this run.\n");
    }
    for note in peer_notes {
        out.push_str(note);
        out.push('\n');
    }
    out.push_str(PEERS_NOTE);
    out.push_str(METHOD);
    Ok(out)
}

const PEERS_NOTE: &str = "
Peers do not know callspec's own formats (`e164`, `rfc2822-date-time`, ...): each ignores them,
which the schemas allow for, since every such field also carries a portable `pattern`. They give
the contract verdict only; they do not tell drift apart, and they do not report positions.
`callspec validate` is measured on the same files with `--resource` (as the peers are given the
schema).
";

const METHOD: &str = "
## Method

- Release binaries, built once (`cargo build --release -p callspec-cli -p callspec-bench
  --features callspec-bench/simd`) and copied to `target/bench/bin`, each run as a child
  process with stdout to `/dev/null`.
  Wall time is taken around the child; peak RSS is GNU time's `%M` (`/usr/bin/time -f %M`).
- Every command runs 3 times, interleaved (A B C ... A B C ...), so drift in the machine's load
  spreads over all of them; the table gives the median and the min–max spread. Nothing asserts
  on time.
- The limits are `callspec-bench-loops` (crates/callspec-bench), each reading the log one line
  at a time into one reused buffer: `io` reads only; `parse` is `serde_json` into `Value`;
  `simd` is simd-json into its owned value; `engine` is `serde_json` into `Value` plus
  `jsonschema::Validator::is_valid` with the schema `callspec::compile` builds, on one thread.
- The engine limit does not route: it is told each record's resource for free. `callspec
  generate --resource all` takes the resources in turn in id order, and the log is concatenated
  from runs whose counts are multiples of the number of resources, so line `i` belongs to
  resource `i % 7`; the engine loop uses that. `callspec validate` routes by shape, which the
  limit does not pay for: that is part of what the ratio measures. One record in 7 is a
  `bandwidth/catapult-v1/list-calls.query` object: the engine limit checks it against the query
  schema, while `callspec validate` finds no body resource of that shape and reports it
  `unrouted` unchecked (see the summary above), so on those records it does less than the limit.
- The log: parts of `callspec generate --resource all --count C --seed P` (C about N/200, a
  multiple of 7), `--kind valid` and `--kind edge` in turn for 19 parts, then one part
  `--kind invalid`, and again. Invalid records include bytes that are not JSON.
- `generate` is `callspec generate --resource all --kind valid --count N` into `/dev/null`.
- The 1 GB log is the log concatenated with itself until it holds at least 2^30 bytes, checked
  once with all cores, for the memory figure; it is deleted afterwards.

## How to reproduce

```sh
cargo xtask bench                  # this file (peers installed into target/bench/tools)
cargo xtask bench --records 300000 # a smaller log
cargo xtask bench --quick          # smoke run (dev build): 2,000 records, 100 files, no peers, no 1 GB log;
                                   # writes target/bench/BENCHMARKS.quick.md
```

It needs cargo, and for the peers npm and python3 with pip; a peer that cannot be installed is
listed under Skipped with the reason.
";
