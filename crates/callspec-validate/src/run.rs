//! The streaming run: a reader thread turns the inputs into chunks of records, workers check
//! each chunk in parallel, and reports come out in input order. Memory is bounded by the
//! chunks in flight, whatever the input size.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::engine::{Engine, PollTracker, Report};
use crate::finding::Verdict;
use crate::input::{InputError, InputSource, Limits, Record, Records};
use crate::report::Renderer;

/// How a run is carried out.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 1 checks on the calling thread and reads inline.
    pub jobs: usize,
    /// Records per chunk handed to the workers.
    pub chunk_records: usize,
    /// Bytes of bodies per chunk, whichever limit comes first.
    pub chunk_bytes: usize,
    /// How much reading may take from one input.
    pub limits: Limits,
}

/// The most worker threads a run takes (`-j` above it is a usage error).
pub const MAX_JOBS: usize = 256;

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            jobs: std::thread::available_parallelism().map_or(1, usize::from),
            chunk_records: 2048,
            chunk_bytes: 8 << 20,
            limits: Limits::default(),
        }
    }
}

/// Counts per verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records checked.
    pub records: u64,
    /// Valid records.
    pub valid: u64,
    /// Drift records.
    pub drift: u64,
    /// Invalid records.
    pub invalid: u64,
    /// Unreadable records.
    pub unreadable: u64,
    /// Unrouted records.
    pub unrouted: u64,
    /// HAR entries no endpoint covers: not checked, not in `records`.
    pub ignored: u64,
}

impl Summary {
    /// Counts one report.
    pub fn add(&mut self, report: &Report) {
        if report.ignored {
            self.ignored += 1;
            return;
        }
        self.records += 1;
        *match report.verdict {
            Verdict::Valid => &mut self.valid,
            Verdict::Drift => &mut self.drift,
            Verdict::Invalid => &mut self.invalid,
            Verdict::Unreadable => &mut self.unreadable,
            Verdict::Unrouted => &mut self.unrouted,
        } += 1;
    }

    /// Whether the run fails (`strict`: drift and unrouted records fail too).
    pub fn fails(&self, strict: bool) -> bool {
        self.invalid + self.unreadable > 0 || (strict && self.drift + self.unrouted > 0)
    }
}

/// How far the run has read, for a progress bar.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Bytes read so far, over every source.
    pub bytes: Arc<AtomicU64>,
}

/// What stopped a run early, or what went wrong on the way.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Writing a report failed (a broken pipe is the caller's to treat as the end).
    #[error("writing the report")]
    Output(#[from] io::Error),
    /// A worker thread could not be started.
    #[error("cannot start {jobs} worker threads (try a smaller -j)")]
    Threads {
        /// The threads asked for.
        jobs: usize,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
}

/// The outcome of a run: the counts, and the sources that could not be opened (each named;
/// the others were checked).
#[derive(Debug, Default)]
pub struct RunOutcome {
    /// Counts per verdict.
    pub summary: Summary,
    /// Sources that could not be opened.
    pub errors: Vec<InputError>,
}

/// Checks every record of `sources`: each report is rendered by `renderer` on the worker that
/// checked it, then handed to `sink` with its rendering, in input order.
///
/// # Errors
///
/// What `sink` returns, which ends the run.
pub fn run(
    engine: &Engine,
    sources: &[InputSource],
    options: &RunOptions,
    progress: &Progress,
    renderer: &Renderer,
    sink: &mut dyn FnMut(&Report, &[u8]) -> io::Result<()>,
) -> Result<RunOutcome, RunError> {
    let mut outcome = RunOutcome::default();
    // Across records: the polls of one call, seen in input order on this thread.
    let mut polls = PollTracker::default();
    let mut observe = |report: &mut Report, rendered: &mut Vec<u8>| {
        if polls.observe(engine, report) {
            rendered.clear();
            renderer.render(report, rendered);
        }
    };
    let check = |record: Record| -> Vec<(Report, Vec<u8>)> {
        engine
            .check(record)
            .into_iter()
            .map(|report| {
                let mut rendered = Vec::with_capacity(256);
                renderer.render(&report, &mut rendered);
                (report, rendered)
            })
            .collect()
    };
    if options.jobs <= 1 {
        let mut errors = Vec::new();
        for chunk in chunks(sources, options, progress, &mut errors) {
            for record in chunk {
                for (mut report, mut rendered) in check(record) {
                    observe(&mut report, &mut rendered);
                    outcome.summary.add(&report);
                    sink(&report, &rendered)?;
                }
            }
        }
        outcome.errors = errors;
        return Ok(outcome);
    }
    // A pipeline without barriers: the reader numbers the chunks, every worker takes the next
    // chunk as soon as it is free and sends back its rendered reports, and this thread writes
    // them in input order. Tokens bound the chunks in flight, so memory stays flat even when
    // one chunk (a huge record) takes long and the others wait to be written; the bound follows
    // the cores, not `-j`, so more threads than cores do not hold more memory.
    let jobs = options.jobs.min(MAX_JOBS);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let in_flight = jobs.min(cores).max(2) * 4;
    let (chunk_tx, chunk_rx) = crossbeam_channel::bounded::<(u64, Vec<Record>)>(in_flight);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<(u64, Vec<(Report, Vec<u8>)>)>(in_flight);
    let (token_tx, token_rx) = crossbeam_channel::bounded::<()>(in_flight);
    for _ in 0..in_flight {
        // The channel holds exactly `in_flight` tokens: this cannot fail.
        let _ = token_tx.send(());
    }
    std::thread::scope(|scope| {
        let mut spawned = Vec::new();
        for n in 0..jobs {
            let (worker_rx, worker_tx) = (chunk_rx.clone(), done_tx.clone());
            let check = &check;
            let worker = std::thread::Builder::new()
                .name(format!("callspec-worker-{n}"))
                .spawn_scoped(scope, move || {
                    for (seq, chunk) in worker_rx {
                        let reports: Vec<(Report, Vec<u8>)> =
                            chunk.into_iter().flat_map(check).collect();
                        if worker_tx.send((seq, reports)).is_err() {
                            break;
                        }
                    }
                });
            match worker {
                Ok(worker) => spawned.push(worker),
                Err(source) => {
                    // Closing the channels ends the workers already started.
                    drop((chunk_tx, chunk_rx, done_tx, done_rx));
                    return Err(RunError::Threads { jobs, source });
                }
            }
        }
        let reader = std::thread::Builder::new()
            .name("callspec-reader".to_owned())
            .spawn_scoped(scope, move || {
                let mut errors = Vec::new();
                for (seq, chunk) in (0u64..).zip(chunks(sources, options, progress, &mut errors)) {
                    // Stop reading when the writer stopped (a broken pipe) and dropped its side.
                    if token_rx.recv().is_err() || chunk_tx.send((seq, chunk)).is_err() {
                        break;
                    }
                }
                errors
            });
        let reader = match reader {
            Ok(reader) => reader,
            Err(source) => {
                drop((chunk_rx, done_tx, done_rx));
                return Err(RunError::Threads { jobs, source });
            }
        };
        drop((chunk_rx, done_tx));
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0u64;
        let mut result = Ok(());
        'write: for (seq, reports) in &done_rx {
            pending.insert(seq, reports);
            while let Some(reports) = pending.remove(&next) {
                next += 1;
                for (mut report, mut rendered) in reports {
                    observe(&mut report, &mut rendered);
                    outcome.summary.add(&report);
                    if let Err(error) = sink(&report, &rendered) {
                        result = Err(RunError::Output(error));
                        break 'write;
                    }
                }
                let _ = token_tx.send(());
            }
        }
        // Dropping the receivers stops the workers and the reader if the writer stopped early.
        drop(done_rx);
        drop(token_tx);
        outcome.errors = reader.join().unwrap_or_default();
        result
    })?;
    Ok(outcome)
}

/// The records of every source, in chunks bounded by count and bytes.
fn chunks<'a>(
    sources: &'a [InputSource],
    options: &'a RunOptions,
    progress: &'a Progress,
    errors: &'a mut Vec<InputError>,
) -> impl Iterator<Item = Vec<Record>> + 'a {
    let mut finished_bytes = 0u64;
    let mut sources = sources.iter();
    let mut current: Option<(Records, Arc<AtomicU64>)> = None;
    std::iter::from_fn(move || {
        let mut chunk = Vec::new();
        let mut bytes = 0usize;
        loop {
            if current.is_none() {
                let Some(source) = sources.next() else {
                    return (!chunk.is_empty()).then_some(chunk);
                };
                match source.records_with(options.limits) {
                    Ok(records) => {
                        let counter = records.bytes_read();
                        current = Some((records, counter));
                    }
                    Err(error) => {
                        errors.push(error);
                        continue;
                    }
                }
            }
            let Some((records, counter)) = current.as_mut() else {
                continue;
            };
            match records.next() {
                Some(record) => {
                    bytes += record.body.as_ref().map_or(0, Vec::len);
                    chunk.push(record);
                    progress.bytes.store(
                        finished_bytes + counter.load(Ordering::Relaxed),
                        Ordering::Relaxed,
                    );
                    if chunk.len() >= options.chunk_records || bytes >= options.chunk_bytes {
                        return Some(chunk);
                    }
                }
                None => {
                    finished_bytes += counter.load(Ordering::Relaxed);
                    progress.bytes.store(finished_bytes, Ordering::Relaxed);
                    current = None;
                }
            }
        }
    })
}
