//! The streaming run, with no serial stage that grows with the record count: a reader thread
//! hands out chunks (NDJSON as large byte chunks cut at line boundaries, carrying their first
//! line number; other inputs as records, a small single-object file read in one call), workers
//! split each chunk into records, check them, render the reports into one buffer and count them,
//! and the writer writes whole buffers in input order and adds up the counts. Memory is bounded
//! by the chunks in flight, whatever the input size.

use std::io;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::engine::{Engine, PollTracker, Report, Sighting, place};
use crate::finding::Verdict;
use crate::input::{self, InputError, InputSource, Limits, Lines, Origin, Piece, Record, Records};
use crate::report::Renderer;

/// How a run is carried out.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 1 checks on the calling thread and reads inline.
    pub jobs: usize,
    /// Records per chunk of records (JSON bodies, HAR entries) handed to the workers.
    pub chunk_records: usize,
    /// Bytes per chunk: an NDJSON chunk is cut at the first line boundary past it, a chunk of
    /// records ends at it or at `chunk_records`, whichever comes first.
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
            chunk_bytes: 1 << 20,
            limits: Limits::default(),
        }
    }
}

/// Counts per verdict, and what each overlay applied did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// The overlays applied (`--overlay`), in order.
    pub overlays: Vec<OverlaySummary>,
}

/// One overlay of a run: which file, what its actions selected, and how many findings it
/// changed or removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverlaySummary {
    /// The file, as given.
    pub source: String,
    /// The SHA-256 of its bytes (`sha256:…`).
    pub sha256: String,
    /// Its `info.title`.
    pub title: String,
    /// The resource it amended, when its `extends` named one.
    pub resource: Option<&'static str>,
    /// Its actions.
    pub actions: usize,
    /// The actions that selected at least one node.
    pub applied: usize,
    /// The indexes of the actions that selected nothing.
    pub unmatched: Vec<usize>,
    /// Findings whose verdict it changed that are still reported (each names the action).
    pub changed: u64,
    /// Findings the published schema gives and the amended one does not.
    pub removed: u64,
}

impl Summary {
    /// Counts one report.
    pub fn add(&mut self, report: &Report) {
        if report.ignored {
            self.ignored += 1;
            return;
        }
        self.records += 1;
        // A finding several actions of one overlay govern counts once for that overlay.
        for (i, effect) in report.overlay_effects.iter().enumerate() {
            let counted = report.overlay_effects[..i]
                .iter()
                .any(|e| e.overlay == effect.overlay && e.finding == effect.finding);
            if counted {
                continue;
            }
            // A chunk's summary starts without the overlays' names: it counts by index, and
            // `merge` adds the counts into the run's.
            if self.overlays.len() <= effect.overlay {
                self.overlays
                    .resize_with(effect.overlay + 1, OverlaySummary::default);
            }
            let overlay = &mut self.overlays[effect.overlay];
            if effect.removed {
                overlay.removed += 1;
            } else {
                overlay.changed += 1;
            }
        }
        *self.count_of(report.verdict) += 1;
    }

    /// The counter of records with `verdict`.
    fn count_of(&mut self, verdict: Verdict) -> &mut u64 {
        match verdict {
            Verdict::Valid => &mut self.valid,
            Verdict::Drift => &mut self.drift,
            Verdict::Invalid => &mut self.invalid,
            Verdict::Unreadable => &mut self.unreadable,
            Verdict::Unrouted => &mut self.unrouted,
        }
    }

    /// Adds the counts of `other` (a chunk's), the overlays' finding counts included.
    pub fn merge(&mut self, other: &Summary) {
        self.records += other.records;
        self.valid += other.valid;
        self.drift += other.drift;
        self.invalid += other.invalid;
        self.unreadable += other.unreadable;
        self.unrouted += other.unrouted;
        self.ignored += other.ignored;
        if self.overlays.len() < other.overlays.len() {
            self.overlays
                .resize_with(other.overlays.len(), OverlaySummary::default);
        }
        for (mine, theirs) in self.overlays.iter_mut().zip(&other.overlays) {
            mine.changed += theirs.changed;
            mine.removed += theirs.removed;
        }
    }

    /// Moves one counted record from verdict `from` to `to` (a check across records changed
    /// it after its chunk was counted).
    pub fn reclassify(&mut self, from: Verdict, to: Verdict) {
        if from == to {
            return;
        }
        let counted = self.count_of(from);
        *counted = counted.saturating_sub(1);
        *self.count_of(to) += 1;
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

/// Where a run's output goes, in input order.
pub trait Sink {
    /// The renderings of records the writer writes as they are (several records at once, whole).
    ///
    /// # Errors
    ///
    /// Writing failed; the run ends.
    fn rendered(&mut self, bytes: &[u8]) -> io::Result<()>;

    /// One record held for the writer (see [`run_with`]), with its rendering.
    ///
    /// # Errors
    ///
    /// Writing failed; the run ends.
    fn report(&mut self, report: &Report, rendered: &[u8]) -> io::Result<()>;
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
    /// Every record held: the sink sees each report.
    struct EachReport<'s>(&'s mut dyn FnMut(&Report, &[u8]) -> io::Result<()>);
    impl Sink for EachReport<'_> {
        fn rendered(&mut self, _: &[u8]) -> io::Result<()> {
            Ok(())
        }
        fn report(&mut self, report: &Report, rendered: &[u8]) -> io::Result<()> {
            (self.0)(report, rendered)
        }
    }
    run_with(
        engine,
        sources,
        options,
        progress,
        renderer,
        &|_| true,
        &mut EachReport(sink),
    )
}

/// Checks every record of `sources`, as [`run`] does, handing the writer whole chunks: each
/// worker renders a chunk's reports into one buffer, and `sink` gets the buffer's bytes with
/// [`Sink::rendered`], except for the records `hold` picks (on the worker), which it gets one by
/// one with their reports through [`Sink::report`], in their place.
///
/// `hold` is also where a step that must see records in input order plugs in (a check across
/// records): the records it needs are held, and it runs on the writer thread, in order, in
/// [`Sink::report`]; held records cost a handoff each, the others none.
///
/// # Errors
///
/// What `sink` returns, which ends the run.
pub fn run_with(
    engine: &Engine,
    sources: &[InputSource],
    options: &RunOptions,
    progress: &Progress,
    renderer: &Renderer,
    hold: &(dyn Fn(&Report) -> bool + Sync),
    sink: &mut dyn Sink,
) -> Result<RunOutcome, RunError> {
    let mut outcome = RunOutcome::default();
    outcome.summary.overlays = engine.overlays().to_vec();
    // Across records: the polls of one call, seen in input order on the writer's thread.
    let mut polls = PollTracker::default();
    let check = |chunk: Chunk, buffers: Buffers| process(engine, renderer, hold, chunk, buffers);
    // A chunk's bytes, once written, go back to the reader (at most `in_flight` wait there).
    let jobs = options.jobs.clamp(1, MAX_JOBS);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let in_flight = jobs.min(cores).max(2) * 4;
    let (bytes_tx, bytes_rx) = crossbeam_channel::bounded::<Vec<u8>>(in_flight);
    let give_back = |bytes: Vec<u8>| {
        // A buffer a long line grew stays with that chunk.
        if bytes.capacity() <= 4 * options.chunk_bytes.max(4096) {
            let _ = bytes_tx.try_send(bytes);
        }
    };
    if options.jobs <= 1 {
        let mut errors = Vec::new();
        let mut buffers = Buffers::default();
        for chunk in chunks(sources, options, progress, &mut errors, &bytes_rx) {
            let bytes;
            (buffers, bytes) = check(chunk, buffers).deliver(
                engine,
                renderer,
                &mut polls,
                &mut outcome.summary,
                sink,
            )?;
            give_back(bytes);
        }
        outcome.errors = errors;
        return Ok(outcome);
    }
    // A pipeline without barriers: the reader numbers the chunks, every worker takes the next
    // chunk as soon as it is free and sends back its rendered buffer, and this thread writes the
    // buffers in input order. Tokens bound the chunks in flight (read, being checked, or waiting
    // to be written) to four per core, at least eight: about `chunk_bytes` each, plus their
    // renderings, so memory stays flat even when one chunk (a huge record) takes long and the
    // others wait; the bound follows the cores, not `-j`, so more threads than cores do not hold
    // more memory.
    let (chunk_tx, chunk_rx) = crossbeam_channel::bounded::<(u64, Chunk)>(in_flight);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<(u64, Done)>(in_flight);
    let (token_tx, token_rx) = crossbeam_channel::bounded::<()>(in_flight);
    // A chunk's buffers, once written, go back to the workers: the same memory serves chunk
    // after chunk instead of being allocated, touched and returned for each.
    let (spare_tx, spare_rx) = crossbeam_channel::bounded::<Buffers>(in_flight);
    for _ in 0..in_flight {
        // The channel holds exactly `in_flight` tokens: this cannot fail.
        let _ = token_tx.send(());
    }
    std::thread::scope(|scope| {
        let mut spawned = Vec::new();
        for n in 0..jobs {
            let (worker_rx, worker_tx) = (chunk_rx.clone(), done_tx.clone());
            let spare_rx = spare_rx.clone();
            let check = &check;
            let worker = std::thread::Builder::new()
                .name(format!("callspec-worker-{n}"))
                .spawn_scoped(scope, move || {
                    for (seq, chunk) in worker_rx {
                        let buffers = spare_rx.try_recv().unwrap_or_default();
                        if worker_tx.send((seq, check(chunk, buffers))).is_err() {
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
                let read = chunks(sources, options, progress, &mut errors, &bytes_rx);
                for (seq, chunk) in (0u64..).zip(read) {
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
        'write: for (seq, done) in &done_rx {
            pending.insert(seq, done);
            while let Some(done) = pending.remove(&next) {
                next += 1;
                let delivered =
                    done.deliver(engine, renderer, &mut polls, &mut outcome.summary, sink);
                match delivered {
                    Ok((buffers, bytes)) => {
                        let _ = spare_tx.try_send(buffers);
                        give_back(bytes);
                    }
                    Err(error) => {
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
        // Every worker is joined, not left to the scope: a handle dropped unjoined detaches its
        // thread, and a run with many workers that exit at once (`-j 256` on one small file)
        // crashed once in the C library's detach of a thread already gone.
        for worker in spawned {
            let _ = worker.join();
        }
        result
    })?;
    Ok(outcome)
}

/// What the reader hands a worker.
enum Chunk {
    /// Complete NDJSON lines of one source, split by the worker.
    Lines(Lines),
    /// Records read whole: JSON bodies, HAR entries, problems that end a source.
    Records(Vec<Record>),
}

/// The buffers a chunk is checked into, used again chunk after chunk.
#[derive(Default)]
struct Buffers {
    rendered: Vec<u8>,
    held: Vec<Held>,
    calls: Vec<Sighting>,
}

/// What a worker hands back for a chunk.
#[derive(Default)]
struct Done {
    /// Every report's rendering, in input order.
    rendered: Vec<u8>,
    /// The chunk's counts.
    summary: Summary,
    /// The records the writer must see one by one, in input order.
    held: Vec<Held>,
    /// A chunk of lines' bytes, kept for the held records (their bodies are in it).
    bytes: Vec<u8>,
    /// What the chunk's lines say about the calls they hold, one after the other.
    calls: Vec<Sighting>,
}

/// A record the writer sees one by one: one the sink asked to hold, or one that names calls
/// (its polls are checked on the writer, in input order).
struct Held {
    /// Its rendering's place in [`Done::rendered`].
    range: Range<usize>,
    what: Kept,
}

/// What is kept of a held record.
enum Kept {
    /// The report: the sink asked for it, or it came from a chunk of records (its sightings
    /// then carry a copy of its body). `body` is its body's place in [`Done::bytes`], for a
    /// chunk of lines.
    Report {
        report: Box<Report>,
        to_sink: bool,
        body: Option<Range<usize>>,
    },
    /// For a line of a chunk of lines that names calls, only what the writer needs: its
    /// sightings, its verdict, and where to check it again should a poll go back.
    Calls {
        /// Its sightings' place in [`Done::calls`].
        calls: Range<usize>,
        verdict: Verdict,
        origin: Origin,
        body: Range<usize>,
        /// Which of the line's reports it is.
        part: usize,
    },
}

impl Done {
    /// Counts the chunk into `summary` and hands it to `sink` in input order: the renderings
    /// whole, the held records in their place. A held record that names calls passes through
    /// `polls` first; one whose poll went back is counted again and rendered again. Gives
    /// back the chunk's buffers, emptied, and its bytes.
    fn deliver(
        self,
        engine: &Engine,
        renderer: &Renderer,
        polls: &mut PollTracker,
        summary: &mut Summary,
        sink: &mut dyn Sink,
    ) -> io::Result<(Buffers, Vec<u8>)> {
        let Done {
            mut rendered,
            summary: counts,
            mut held,
            bytes,
            mut calls,
        } = self;
        summary.merge(&counts);
        let mut at = 0;
        let mut again = Vec::new();
        for held in held.drain(..) {
            let range = held.range;
            if at < range.start {
                sink.rendered(&rendered[at..range.start])?;
            }
            at = range.end;
            match held.what {
                Kept::Report {
                    mut report,
                    to_sink,
                    body,
                } => {
                    let before = report.verdict;
                    // From a chunk of lines the body is in the chunk (the sightings carry no
                    // copy of it).
                    let body = body.map(|body| &bytes[body]);
                    let changed = polls.observe_in(engine, &mut report, body);
                    let rendered = if changed {
                        summary.reclassify(before, report.verdict);
                        again.clear();
                        renderer.render(&report, &mut again);
                        &again[..]
                    } else {
                        &rendered[range]
                    };
                    if to_sink {
                        sink.report(&report, rendered)?;
                    } else {
                        sink.rendered(rendered)?;
                    }
                }
                Kept::Calls {
                    calls: sightings,
                    verdict,
                    origin,
                    body,
                    part,
                } => {
                    let added = polls.went_back(engine, &calls[sightings]);
                    if added.is_empty() {
                        sink.rendered(&rendered[range])?;
                        continue;
                    }
                    // Rare: the record is checked again from its bytes, which gives the same
                    // report, and the findings the tracker added are placed in it.
                    let bytes = &bytes[body];
                    let mut reports = engine.check_borrowed(origin, bytes, false);
                    if part >= reports.len() {
                        sink.rendered(&rendered[range])?;
                        continue;
                    }
                    let mut report = reports.swap_remove(part);
                    place(&mut report, added, Some(bytes));
                    summary.reclassify(verdict, report.verdict);
                    again.clear();
                    renderer.render(&report, &mut again);
                    sink.rendered(&again)?;
                }
            }
        }
        if at < rendered.len() {
            sink.rendered(&rendered[at..])?;
        }
        rendered.clear();
        calls.clear();
        let buffers = Buffers {
            rendered,
            held,
            calls,
        };
        Ok((buffers, bytes))
    }
}

/// Checks and renders one chunk (on a worker).
fn process(
    engine: &Engine,
    renderer: &Renderer,
    hold: &(dyn Fn(&Report) -> bool + Sync),
    chunk: Chunk,
    buffers: Buffers,
) -> Done {
    let Buffers {
        rendered,
        held,
        calls,
    } = buffers;
    let mut done = Done {
        rendered,
        held,
        calls,
        ..Done::default()
    };
    match chunk {
        Chunk::Lines(lines) => {
            // A line's rendering is shorter than the line for most records.
            done.rendered.reserve(lines.bytes.len() / 2);
            for (origin, body) in lines.bodies() {
                // The chunk's bytes stay with it: the reports carry no copy of a body.
                let reports =
                    engine.check_borrowed(origin.clone(), &lines.bytes[body.clone()], false);
                for (part, mut report) in reports.into_iter().enumerate() {
                    let range = render(&mut done, renderer, &report);
                    let to_sink = hold(&report);
                    let what = if to_sink {
                        Kept::Report {
                            report: Box::new(report),
                            to_sink,
                            body: Some(body.clone()),
                        }
                    } else if report.sightings.is_empty() {
                        continue;
                    } else {
                        let start = done.calls.len();
                        done.calls.append(&mut report.sightings.calls);
                        Kept::Calls {
                            calls: start..done.calls.len(),
                            verdict: report.verdict,
                            origin: origin.clone(),
                            body: body.clone(),
                            part,
                        }
                    };
                    done.held.push(Held { range, what });
                }
            }
            done.bytes = lines.bytes;
        }
        Chunk::Records(records) => {
            for record in records {
                for report in engine.check(record) {
                    let range = render(&mut done, renderer, &report);
                    let to_sink = hold(&report);
                    if to_sink || !report.sightings.is_empty() {
                        let what = Kept::Report {
                            report: Box::new(report),
                            to_sink,
                            body: None,
                        };
                        done.held.push(Held { range, what });
                    }
                }
            }
        }
    }
    done
}

/// Counts `report` into the chunk and renders it at the end of its buffer; returns where.
fn render(done: &mut Done, renderer: &Renderer, report: &Report) -> Range<usize> {
    done.summary.add(report);
    let start = done.rendered.len();
    renderer.render(report, &mut done.rendered);
    start..done.rendered.len()
}

/// The chunks of every source: NDJSON in chunks of lines, the other formats' records in chunks
/// bounded by count and bytes.
fn chunks<'a>(
    sources: &'a [InputSource],
    options: &'a RunOptions,
    progress: &'a Progress,
    errors: &'a mut Vec<InputError>,
    spare: &'a crossbeam_channel::Receiver<Vec<u8>>,
) -> impl Iterator<Item = Chunk> + 'a {
    let mut finished_bytes = 0u64;
    let mut sources = sources.iter();
    let mut current: Option<(Records, Arc<AtomicU64>)> = None;
    // A chunk of lines read while records were gathering: it follows them.
    let mut queued: Option<Chunk> = None;
    std::iter::from_fn(move || {
        if let Some(chunk) = queued.take() {
            return Some(chunk);
        }
        let mut chunk = Vec::new();
        let mut bytes = 0usize;
        let full = |chunk: &Vec<Record>, bytes: usize| {
            chunk.len() >= options.chunk_records || bytes >= options.chunk_bytes
        };
        loop {
            if current.is_none() {
                let Some(source) = sources.next() else {
                    return (!chunk.is_empty()).then_some(Chunk::Records(chunk));
                };
                if let Some(record) = input::small_file(source, options.limits) {
                    finished_bytes += source.size().unwrap_or(0);
                    progress.bytes.store(finished_bytes, Ordering::Relaxed);
                    bytes += record.body.as_ref().map_or(0, Vec::len);
                    chunk.push(record);
                    if full(&chunk, bytes) {
                        return Some(Chunk::Records(chunk));
                    }
                    continue;
                }
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
            // A chunk of lines is read into an earlier chunk's buffer when one came back.
            let piece =
                records.next_piece(options.chunk_bytes, spare.try_recv().unwrap_or_default());
            if piece.is_some() {
                progress.bytes.store(
                    finished_bytes + counter.load(Ordering::Relaxed),
                    Ordering::Relaxed,
                );
            }
            match piece {
                Some(Piece::Lines(lines)) => {
                    if chunk.is_empty() {
                        return Some(Chunk::Lines(lines));
                    }
                    queued = Some(Chunk::Lines(lines));
                    return Some(Chunk::Records(chunk));
                }
                Some(Piece::Record(record)) => {
                    bytes += record.body.as_ref().map_or(0, Vec::len);
                    chunk.push(*record);
                    if full(&chunk, bytes) {
                        return Some(Chunk::Records(chunk));
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
