//! `cargo xtask bench [--quick] [--records N]`: measures `callspec validate` and `callspec
//! generate` against the limits (I/O, parse, simd-json, the raw engine loop of
//! `callspec-bench-loops`) on a mixed log and on a uniform valid log (with a scaling table over
//! `-j`), on a directory of single-record files and on the 1,000-call drift page, and against
//! peer validators, interleaved, and writes the tables to BENCHMARKS.md (`--quick`:
//! `target/bench/BENCHMARKS.quick.md`, no peers, no 1 GB run).
//!
//! Everything runs as release binaries in child processes: wall time is taken around the child,
//! peak RSS from GNU time (`/usr/bin/time -f %M`). No figure is ever asserted on.

mod measure;
mod peers;
mod table;
mod workload;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use measure::{Bench, Input, measure};
use table::{kept_sections, report, scaling, table, targets};
use workload::{
    catapult_pages, concatenate_until, dir_bytes, drop_unreadable, generate, sorted_files,
    split_into_files, validate_summary,
};

/// The resource peers are measured on: they validate one schema at a time. The uniform log is
/// valid records of it.
const PEER_RESOURCE: &str = "bandwidth/voice-v2/call-state";
/// The `-j` of the scaling table, as far as the machine has cores.
const SCALING: [usize; 5] = [1, 2, 4, 8, 16];
/// Runs of every measurement (interleaved).
const RUNS: usize = 3;

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
    // `.jsonl`, so the one peer that reads NDJSON takes it as such.
    let uniform = dir.join(format!("uniform-{}.jsonl", settings.records));
    let status = Command::new(&callspec)
        .args(["generate", "--resource", PEER_RESOURCE, "--kind", "valid"])
        .args(["--count", &settings.records.to_string(), "--seed", "1"])
        .stdout(fs::File::create(&uniform)?)
        .status()?;
    if !status.success() {
        bail!("callspec generate failed ({status})");
    }
    let uniform_bytes = fs::metadata(&uniform)?.len();
    let (valid_page, drift_page) = catapult_pages(&callspec, &dir, 1000)?;

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
    let uniform_input = Input::new("uniform", settings.records, uniform_bytes);
    let one = ["--resource", PEER_RESOURCE];
    benches.push(limit("parse", &uniform, &uniform_input, &one));
    benches.push(limit("engine", &uniform, &uniform_input, &one));
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
    for n in SCALING.into_iter().filter(|&n| n <= jobs.max(2)) {
        benches.push(validate(
            format!("validate -j{n}"),
            &uniform_input,
            n,
            &uniform,
            &[],
        ));
    }
    // The semantic rules' share: the same run without them.
    benches.push(validate(
        "validate -j1 --no-semantic".into(),
        &uniform_input,
        1,
        &uniform,
        &["--no-semantic"],
    ));
    for (name, page) in [("valid page", &valid_page), ("drift page", &drift_page)] {
        let input = Input::new(name, 1000, fs::metadata(page)?.len());
        benches.push(validate("validate -j1".into(), &input, 1, page, &[]));
    }
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
        for peer in [
            "jsonschema-cli",
            "boon",
            "ajv-cli",
            "check-jsonschema",
            "sourcemeta jsonschema",
        ] {
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
        for peer in peers::peers(&dir.join("tools"), &schema, &peer_dir, &files) {
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
        match peers::sourcemeta(&dir.join("tools"), &schema, &uniform) {
            Ok((name, how, cmd, env, cwd)) => {
                peer_notes.push(format!("- **{name}**: {how}"));
                let mut bench = Bench::new(name, &uniform_input, cmd, &[0, 2]);
                bench.env = env;
                bench.cwd = cwd;
                benches.push(bench);
            }
            Err((name, reason)) => skipped.push((name, reason)),
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
    let scaling = scaling(&benches);
    let targets = targets(&benches);
    println!("{table}\n{scaling}\n{targets}");
    let out = if settings.quick {
        dir.join("BENCHMARKS.quick.md")
    } else {
        root.join("BENCHMARKS.md")
    };
    // Sections added by hand to the file in place are kept.
    let kept = kept_sections(&fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default());
    let report = report(
        &settings,
        &table,
        &scaling,
        &targets,
        &kept,
        &skipped,
        &peer_notes,
        &summary,
        jobs,
    )?;
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

fn nproc() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
