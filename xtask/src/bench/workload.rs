//! The workload: the generated logs, the split into single-record files, the 1 GB log, the
//! peers' copy without unreadable records, the 1,000-call Catapult pages (valid, and with drift
//! in every call), and the untimed summary of the log.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use super::PEER_RESOURCE;

/// Writes `count` records of `resource` (`all` or one id): parts of `callspec generate`, 19 of
/// `valid` and `edge` in turn for one of `invalid`, each a multiple of `rotation` records so that
/// line `i` keeps the generator's resource `i % rotation`, with seed = part number.
pub(super) fn generate(
    callspec: &Path,
    path: &Path,
    resource: &str,
    count: u64,
    rotation: u64,
) -> Result<()> {
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
pub(super) fn split_into_files(log: &Path, dir: &Path, count: u64) -> Result<()> {
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

pub(super) fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    files.sort();
    Ok(files)
}

pub(super) fn dir_bytes(dir: &Path) -> Result<u64> {
    sorted_files(dir)?
        .iter()
        .map(|f| Ok(fs::metadata(f)?.len()))
        .sum()
}

/// Concatenates `log` into `big` until it holds at least `bytes`; returns its size.
pub(super) fn concatenate_until(log: &Path, big: &Path, bytes: u64) -> Result<u64> {
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
pub(super) fn drop_unreadable(callspec: &Path, raw: &Path, out: &Path) -> Result<u64> {
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
pub(super) fn validate_summary(callspec: &Path, log: &Path) -> Result<String> {
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

/// The `bandwidth/catapult-v1/list-calls` page of `calls` calls (generated valid calls, taken in
/// turn), and the same page with an unknown field in every call (`calls` drift findings), each
/// one line in a `.json` file; returns their paths.
pub(super) fn catapult_pages(
    callspec: &Path,
    dir: &Path,
    calls: usize,
) -> Result<(PathBuf, PathBuf)> {
    let output = Command::new(callspec)
        .args(["generate", "--resource", "bandwidth/catapult-v1/list-calls"])
        .args(["--kind", "valid", "--count", "50", "--seed", "1"])
        .output()?;
    if !output.status.success() {
        bail!("callspec generate failed ({})", output.status);
    }
    let mut generated = Vec::new();
    for line in output.stdout.split(|&b| b == b'\n') {
        if let Ok(serde_json::Value::Array(page)) = serde_json::from_slice(line) {
            generated.extend(page.into_iter().filter(serde_json::Value::is_object));
        }
    }
    if generated.is_empty() {
        bail!("callspec generate gave no Catapult call");
    }
    let valid: Vec<serde_json::Value> = generated.iter().cycle().take(calls).cloned().collect();
    let drift: Vec<serde_json::Value> = valid
        .iter()
        .cloned()
        .map(|mut call| {
            if let Some(fields) = call.as_object_mut() {
                fields.insert("benchUnknownField".into(), "drift".into());
            }
            call
        })
        .collect();
    let (valid_path, drift_path) = (
        dir.join(format!("page-valid-{calls}.json")),
        dir.join(format!("page-drift-{calls}.json")),
    );
    fs::write(&valid_path, serde_json::to_vec(&valid)?)?;
    fs::write(&drift_path, serde_json::to_vec(&drift)?)?;
    Ok((valid_path, drift_path))
}
