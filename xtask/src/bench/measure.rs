//! Measurement: what a bench reads, the measured command with its samples, and one timed run
//! of it as a child process (wall time around the child, peak RSS from GNU time).

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What a bench reads.
#[derive(Debug, Clone)]
pub(super) struct Input {
    pub(super) name: &'static str,
    pub(super) records: u64,
    pub(super) bytes: u64,
}

impl Input {
    pub(super) fn new(name: &'static str, records: u64, bytes: u64) -> Self {
        Self {
            name,
            records,
            bytes,
        }
    }
}

/// One measured command and its samples.
#[derive(Debug)]
pub(super) struct Bench {
    pub(super) name: String,
    pub(super) input: Input,
    pub(super) cmd: Vec<OsString>,
    pub(super) env: Vec<(String, String)>,
    pub(super) cwd: Option<PathBuf>,
    pub(super) ok: &'static [i32],
    /// Seconds and peak RSS (KiB) of each run.
    pub(super) samples: Vec<(f64, Option<u64>)>,
    pub(super) failed: Option<String>,
}

impl Bench {
    pub(super) fn new(name: String, input: &Input, cmd: Vec<OsString>, ok: &'static [i32]) -> Self {
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

    pub(super) fn last(&self) -> String {
        match (&self.failed, self.samples.last()) {
            (Some(reason), _) => format!("failed: {reason}"),
            (None, Some((secs, _))) => format!("{secs:.3} s"),
            (None, None) => String::new(),
        }
    }

    pub(super) fn median(&self) -> f64 {
        let mut secs: Vec<f64> = self.samples.iter().map(|s| s.0).collect();
        secs.sort_by(f64::total_cmp);
        secs.get(secs.len() / 2).copied().unwrap_or(f64::NAN)
    }

    pub(super) fn records_per_sec(&self) -> f64 {
        self.input.records as f64 / self.median()
    }

    /// The fastest and the slowest run, in seconds.
    pub(super) fn spread(&self) -> (f64, f64) {
        let secs = || self.samples.iter().map(|s| s.0);
        (
            secs().fold(f64::INFINITY, f64::min),
            secs().fold(0.0, f64::max),
        )
    }

    /// The largest peak RSS of the runs, in MB, or `n/a` when none was measured.
    pub(super) fn peak_rss_mb(&self) -> String {
        self.samples
            .iter()
            .filter_map(|s| s.1)
            .max()
            .map_or("n/a".to_owned(), |kib| {
                format!("{:.0}", kib as f64 / 1024.0)
            })
    }
}

/// Runs a bench once, stdout to /dev/null, stderr to `logs/N.stderr`.
pub(super) fn measure(bench: &mut Bench, logs: &Path, index: usize, time: bool) {
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
