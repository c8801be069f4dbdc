//! Writing the results: the Markdown table with each row's ratio to its limits, and the whole
//! of BENCHMARKS.md around it (machine, inputs, skipped runs, peers, method).

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

use anyhow::Result;

use super::measure::Bench;
use super::{PEER_RESOURCE, Settings};

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
    let uniform = (
        find("parse limit", "uniform"),
        find("engine limit", "uniform"),
    );
    BTreeMap::from([
        ("log", log),
        ("uniform", uniform),
        ("files", log),
        ("generate", log),
        ("1 GB log", log),
        ("peer log", peer),
        ("peer files", peer),
    ])
}

/// The table, as Markdown.
pub(super) fn table(benches: &[Bench]) -> String {
    let limits = limits(benches);
    let mut out = String::from(
        "| what | input | records | median s | spread s (min–max) | records/s | MB/s | peak RSS MB | × engine limit | × parse limit |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for bench in benches.iter().filter(|b| !b.samples.is_empty()) {
        let median = bench.median();
        let (min, max) = bench.spread();
        let rps = bench.records_per_sec();
        let mbps = if bench.input.name == "generate" {
            "–".to_owned()
        } else {
            format!("{:.1}", bench.input.bytes as f64 / 1e6 / median)
        };
        let rss = bench.peak_rss_mb();
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

/// The median of the bench named `name` over `input`, if it ran.
fn median_of(benches: &[Bench], name: &str, input: &str) -> Option<f64> {
    benches
        .iter()
        .find(|b| b.name == name && b.input.name == input && !b.samples.is_empty())
        .map(Bench::median)
}

/// The scaling table: `validate` over the uniform log at each `-j`, against `-j1` and the
/// parse limit.
pub(super) fn scaling(benches: &[Bench]) -> String {
    let one = median_of(benches, "validate -j1", "uniform");
    let parse = median_of(benches, "parse limit", "uniform");
    let mut out = String::from(
        "| `-j` | median s | spread s (min–max) | × faster than `-j1` | per job | peak RSS MB | × parse limit |\n\
         |---:|---:|---:|---:|---:|---:|---:|\n",
    );
    // The rows named `validate -jN` alone: a row with other options is not a scaling row.
    let scaling_rows = benches.iter().filter_map(|b| {
        let jobs: f64 = b.name.strip_prefix("validate -j")?.parse().ok()?;
        (b.input.name == "uniform" && !b.samples.is_empty()).then_some((b, jobs))
    });
    for (bench, jobs) in scaling_rows {
        let median = bench.median();
        let (min, max) = bench.spread();
        let rss = bench.peak_rss_mb();
        let speedup = one.map_or(f64::NAN, |one| one / median);
        out.push_str(&format!(
            "| {jobs} | {median:.3} | {min:.3}–{max:.3} | {speedup:.2} | {:.2} | {rss} | {:.2} |\n",
            speedup / jobs,
            parse.map_or(f64::NAN, |parse| median / parse),
        ));
    }
    out
}

/// The ratios the targets are stated in, from the medians of this run.
pub(super) fn targets(benches: &[Bench]) -> String {
    let m = |name: &str, input: &str| median_of(benches, name, input).unwrap_or(f64::NAN);
    let (parse, one, two) = (
        m("parse limit", "uniform"),
        m("validate -j1", "uniform"),
        m("validate -j2", "uniform"),
    );
    let (valid_page, drift_page) = (
        m("validate -j1", "valid page"),
        m("validate -j1", "drift page"),
    );
    let files = benches
        .iter()
        .find(|b| b.name == "validate -j1" && b.input.name == "files" && !b.samples.is_empty());
    let engine = benches
        .iter()
        .find(|b| b.name == "engine limit" && b.input.name == "log" && !b.samples.is_empty());
    let files_ratio = match (files, engine) {
        (Some(files), Some(engine)) => engine.records_per_sec() / files.records_per_sec(),
        _ => f64::NAN,
    };
    format!(
        "- Uniform log, `validate --format json -j1` against the serde_json parse limit: \
         **{:.2}×** (target ≤ 1.0×).\n\
         - Uniform log, `-j2` against `-j1`: **{:.2}× faster** (target ≥ 1.8×).\n\
         - The 1,000-call drift page against the valid page, per record: **{:.2}×** (target ≤ \
         2×; both include process start and schema compilation).\n\
         - The directory of single-record files, `-j1`, against the engine limit per record: \
         **{files_ratio:.2}×** (target ≤ 1.2×; includes process start, schema compilation and \
         the directory walk).\n",
        one / parse,
        one / two,
        drift_page / valid_page,
    )
}

/// The sections of the BENCHMARKS.md in place that this writer does not write (a subsection
/// added by hand, such as a measurement outside this harness): kept, in their order, at the
/// end.
pub(super) fn kept_sections(existing: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in existing.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            keep = !WRITTEN.contains(&heading.trim());
        } else if line.starts_with("# ") {
            keep = false;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The `##` sections [`report`] writes.
const WRITTEN: [&str; 7] = [
    "Targets",
    "Scaling",
    "Skipped",
    "Peers, and how each was run",
    "Method",
    "How to reproduce",
    "Machines",
];

fn shell(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// BENCHMARKS.md.
#[allow(
    clippy::too_many_arguments,
    reason = "one call site, each argument a part of the file"
)]
pub(super) fn report(
    settings: &Settings,
    table: &str,
    scaling: &str,
    targets: &str,
    kept: &str,
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
         invalid); `uniform` a log of {} valid `{PEER_RESOURCE}` records (`callspec generate \
         --kind valid --seed 1`, as JSONL), the case where a serial stage shows; `files` a \
         directory of the mixed log's first {} records, one file each; `valid page` the \
         `bandwidth/catapult-v1/list-calls` page of 1,000 calls (one line), `drift page` the \
         same with an unknown field in every call (1,000 drift findings); `peer files` / \
         `peer log` the first {} records of `{PEER_RESOURCE}` alone (same 19:1 mix) less those \
         that are not JSON (ajv-cli stops at the first), for the peers, which validate one \
         schema. `callspec validate` over the log says: `{summary}`.\n\n",
        settings.records, settings.records, settings.files, settings.peer_records
    ));
    out.push_str(
        "Ratios are time per record relative to the limit on the same records (1.00 = as fast as \
         the limit, 2.00 = twice as slow): rows over `log`, `files`, `generate` and the 1 GB log \
         against the limits over `log`; rows over `uniform` against the limits over `uniform` \
         (told the resource); peer rows against the limits over `peer log`. Peak RSS is the \
         largest of the runs.\n\n",
    );
    out.push_str(table);
    out.push_str("\n## Targets\n\nFrom the medians above, in this one interleaved run:\n\n");
    out.push_str(targets);
    out.push_str(
        "\n## Scaling\n\n`callspec validate --format json -jN` over the uniform log, for each \
         `-j` up to the machine's cores (at least 2).\n\n",
    );
    out.push_str(scaling);
    if jobs < 16 {
        out.push_str(&format!(
            "\nThis machine has {jobs} cores: rows past `-j{}` were not measured, and no \
             16-core machine was available to this run.\n",
            jobs.max(2)
        ));
    }
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
    if !kept.is_empty() {
        out.push('\n');
        out.push_str(kept);
    }
    Ok(out)
}

const PEERS_NOTE: &str = "
Peers do not know callspec's own formats (`e164`, `rfc2822-date-time`, ...): each ignores them,
which the schemas allow for, since every such field also carries a portable `pattern`. They give
the contract verdict only; they do not tell drift apart, and they do not report positions.
`callspec validate` is measured on the same files with `--resource` (as the peers are given the
schema). sourcemeta `jsonschema`, the one peer that reads NDJSON (JSONL), is measured on the
uniform log, where `callspec validate` routes by shape (it is not given the resource).
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
- The uniform log: `callspec generate --resource bandwidth/voice-v2/call-state --kind valid
  --count N --seed 1`. The scaling rows run over it; its limits are told the resource.
- The pages: generated valid Catapult calls, taken in turn to 1,000, as one JSON array; the drift
  page adds a `benchUnknownField` member to each call. Checked with `-j1`; each row includes
  process start and schema compilation, which dominate the valid page.
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
