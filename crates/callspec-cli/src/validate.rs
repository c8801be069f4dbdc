//! `callspec validate`: discover the inputs, run the engine over them in parallel, and write
//! the reports in the chosen format.

use std::io::{BufWriter, ErrorKind, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use callspec_validate::{
    ByteSize, DiscoverOptions, Engine, InputError, InputFormat, Limits, MAX_JOBS, Options,
    OutputFormat, Progress, Renderer, ReportWriter, RuleSetting, RunError, RunOptions, Style,
};
use clap::{Args, ValueEnum};

use crate::{ERROR, FAILURE, SUCCESS};

/// When to colour the human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The arguments of `callspec validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files and directories to check (`.json`, `.ndjson`, `.jsonl`, `.har`, each optionally
    /// `.gz` or `.zst`); directories are searched recursively, respecting `.gitignore`, `.ignore`,
    /// `.callspecignore` and hidden files; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Check every record against this resource instead of routing it by URL or shape.
    #[arg(long, value_name = "ID")]
    pub resource: Option<String>,
    /// The format of standard input (required with `-`), or of files whose extension says none.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Make drift an error, semantic warnings errors, and records that route to no resource.
    #[arg(long)]
    pub strict: bool,
    /// Set a semantic rule's level: `--rule semantic/duration=error`, `--rule
    /// semantic/monotonic=off` (repeatable; codes in the README, "Semantic rules").
    #[arg(long = "rule", value_name = "CODE=off|warning|error")]
    pub rules: Vec<RuleSetting>,
    /// Skip the semantic rules (time order, state and fields, durations, polls).
    #[arg(long)]
    pub no_semantic: bool,
    /// Succeed when no record was checked (by default that is an error: a mistyped path).
    #[arg(long)]
    pub allow_empty: bool,
    /// Worker threads (default: all cores; at most 256).
    #[arg(long, short = 'j', value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_JOBS as u64))]
    pub jobs: Option<usize>,
    /// Directories: also read files that `.gitignore`, `.ignore`, `.callspecignore` and similar
    /// files exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Directories: also read hidden files and walk hidden directories.
    #[arg(long)]
    pub hidden: bool,
    /// Directories: read only files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Directories: leave out files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The most bytes read from one input after decompression (K, M, G suffixes).
    #[arg(long, value_name = "BYTES", default_value = "64G")]
    pub max_source_bytes: ByteSize,
    /// The most bytes of one record: an NDJSON line, a JSON body, a HAR entry or its body.
    #[arg(long, value_name = "BYTES", default_value = "64M")]
    pub max_record_bytes: ByteSize,
    /// The deepest nesting of arrays and objects in a record (at most 127).
    #[arg(long, value_name = "N", default_value_t = Limits::MAX_DEPTH,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=Limits::MAX_DEPTH as u64))]
    pub max_depth: usize,
    /// Show phone numbers in messages instead of masking them (credentials are never shown).
    #[arg(long)]
    pub show_values: bool,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// Also list records that are valid, and HAR entries ignored because no endpoint covers
    /// them.
    #[arg(long, short)]
    pub verbose: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Amend the schemas with this OpenAPI Overlay 1.0 document (repeatable, applied in order).
    #[arg(long, value_name = "FILE")]
    pub overlay: Vec<PathBuf>,
    /// Print only the summary and errors (human, github and json formats; junit and sarif
    /// documents are written whole).
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Write the report to FILE instead of standard output: written to a temporary file beside
    /// it, then renamed, so FILE is never left half-written.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Inputs above this size get a progress bar (on a terminal).
const PROGRESS_THRESHOLD: u64 = 4 << 20;

/// Runs `callspec validate`, writing reports to `out` (or `--output`) and problems to `err`.
///
/// Every path that cannot be read is named on `err` and the others are checked; the run then
/// ends with exit status 2 after the complete report. A run that checks no record is an error
/// too, unless `--allow-empty`.
pub fn run(args: ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    if let Some(id) = &args.resource
        && callspec::resource(id).is_none()
    {
        anyhow::bail!("{}", unknown_resource(id));
    }
    let Some(path) = args.output.clone() else {
        return run_to(args, out, err);
    };
    let output = AtomicOutput::create(&path)?;
    let mut file = std::io::BufWriter::new(output.file);
    let code = run_to(args, &mut file, err)?;
    let file = file
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing `{}`: {}", path.display(), e.error()))?;
    AtomicOutput { file, path }.persist()?;
    Ok(code)
}

/// The message for a resource id that names none, with the closest id when one is close.
pub fn unknown_resource(id: &str) -> String {
    let shown = callspec_validate::redact::sanitize::visible(id);
    match did_you_mean(id) {
        Some(close) => format!(
            "unknown resource `{shown}`; did you mean `{close}`? (`callspec resources` lists them)"
        ),
        None => format!("unknown resource `{shown}`; `callspec resources` lists them"),
    }
}

/// The resource id closest to `id` (Jaro-Winkler similarity at least 0.8), if one is.
pub fn did_you_mean(id: &str) -> Option<&'static str> {
    callspec::resources()
        .iter()
        .map(|r| (r.id, strsim::jaro_winkler(id, r.id)))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

/// A report file being written: a temporary file in the target's directory, renamed over the
/// target when complete (and removed if the run fails).
struct AtomicOutput {
    file: tempfile::NamedTempFile,
    path: PathBuf,
}

impl AtomicOutput {
    fn create(path: &std::path::Path) -> anyhow::Result<AtomicOutput> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => std::path::Path::new("."),
        };
        let file = tempfile::Builder::new()
            .prefix(".callspec-report")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a report file in `{}`", dir.display()))?;
        Ok(AtomicOutput {
            file,
            path: path.to_path_buf(),
        })
    }

    fn persist(self) -> anyhow::Result<()> {
        self.file
            .as_file()
            .sync_all()
            .with_context(|| format!("writing `{}`", self.path.display()))?;
        self.file
            .persist(&self.path)
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {}", self.path.display(), e.error))?;
        Ok(())
    }
}

fn run_to(args: ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let discovered = callspec_validate::discover(
        &args.paths,
        &DiscoverOptions {
            format: args.input_format,
            no_ignore: args.no_ignore,
            hidden: args.hidden,
            include: args.include.clone(),
            exclude: args.exclude.clone(),
        },
    );
    if let Some(error) = discovered
        .errors
        .iter()
        .find(|e| matches!(e, InputError::StdinNeedsFormat))
    {
        anyhow::bail!("{error}");
    }
    for error in &discovered.errors {
        writeln!(err, "error: {}", chain(error))?;
    }
    for skipped in &discovered.skipped {
        writeln!(err, "warning: {skipped}")?;
    }
    let sources = discovered.sources;
    let overlays = crate::report::load_overlays(&args.overlay)?;
    let (engine, applied) = Engine::with_overlays(
        Options {
            resource: args.resource.clone(),
            strict: args.strict,
            no_semantic: args.no_semantic,
            rules: args.rules.clone(),
        },
        &overlays,
    )?;
    let engine = engine.with_max_depth(args.max_depth);
    crate::report::warn_overlays(&applied, err)?;
    let format = args.format;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let style = Style {
        show_values: args.show_values,
        color: color && format == OutputFormat::Human,
        strict: args.strict,
        verbose: args.verbose,
    };
    let mut options = RunOptions {
        limits: Limits {
            source_bytes: args.max_source_bytes.0,
            record_bytes: args.max_record_bytes.0,
            depth: args.max_depth,
        },
        ..RunOptions::default()
    };
    if let Some(jobs) = args.jobs {
        options.jobs = jobs.clamp(1, MAX_JOBS);
    }
    let progress = Progress::default();
    let total: u64 = sources.iter().filter_map(|s| s.size()).sum();
    let bar = (format == OutputFormat::Human
        && !args.no_progress
        && total > PROGRESS_THRESHOLD
        && std::io::stderr().is_terminal())
    .then(|| progress_bar(total, &progress));

    let mut out = BufWriter::with_capacity(1 << 16, out);
    let renderer = Renderer::new(format, style);
    // Quiet: only the summary, in the formats that are a stream of records.
    let quiet = args.quiet
        && matches!(
            format,
            OutputFormat::Human | OutputFormat::Github | OutputFormat::Json
        );
    let mut writer = ReportWriter::new(format, style);
    let result = writer
        .start(&mut out)
        .map_err(RunError::from)
        .and_then(|()| {
            // Records whose rendering the writer passes through come in whole chunks; the
            // others (junit, sarif, summarised unrouted records) one by one with their report.
            callspec_validate::run_with(
                &engine,
                &sources,
                &options,
                &progress,
                &renderer,
                &|report| !quiet && !renderer.passes_through(report),
                &mut Output {
                    quiet,
                    writer: &mut writer,
                    out: &mut out,
                },
            )
        });
    if let Some((bar, stop)) = bar {
        stop.store(true, Ordering::Relaxed);
        bar.finish_and_clear();
    }
    let outcome = match result {
        Ok(outcome) => outcome,
        // A closed standard output (`callspec validate … | head`) ends the run quietly.
        Err(RunError::Output(error)) if error.kind() == ErrorKind::BrokenPipe => {
            return Ok(SUCCESS);
        }
        Err(error) => return Err(error.into()),
    };
    let finished = writer
        .finish(&mut out, &outcome.summary)
        .and_then(|()| out.flush());
    match finished {
        Err(error) if error.kind() == ErrorKind::BrokenPipe => return Ok(SUCCESS),
        other => other.context("writing the report")?,
    }
    drop(out);
    for error in &outcome.errors {
        writeln!(err, "error: {}", chain(error))?;
    }
    let summary = &outcome.summary;
    let unreadable_paths = !discovered.errors.is_empty() || !outcome.errors.is_empty();
    if unreadable_paths {
        return Ok(ERROR);
    }
    if summary.records == 0 && !args.allow_empty {
        let why = if sources.is_empty() {
            "no input file was found (directories are searched for .json, .ndjson, .jsonl and \
             .har files, optionally .gz or .zst)"
                .to_owned()
        } else if summary.ignored > 0 {
            format!(
                "all {} HAR entries were ignored: no endpoint covers their requests",
                summary.ignored
            )
        } else {
            "the inputs hold no records".to_owned()
        };
        writeln!(
            err,
            "error: no record was checked: {why}; pass --allow-empty to accept that"
        )?;
        return Ok(ERROR);
    }
    Ok(if summary.fails(args.strict) {
        FAILURE
    } else {
        SUCCESS
    })
}

/// An error and its causes, each once: `cannot read `x`: Permission denied (os error 13)`,
/// with terminal controls made visible (a path or a message may carry them).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    callspec_validate::redact::sanitize::visible(&text).into_owned()
}

fn progress_bar(
    total: u64,
    progress: &Progress,
) -> (
    indicatif::ProgressBar,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} {bytes_per_sec} {wide_bar} {eta}",
    ) {
        bar.set_style(style);
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (bytes, bar2, stop2) = (progress.bytes.clone(), bar.clone(), stop.clone());
    std::thread::spawn(move || {
        while !stop2.load(Ordering::Relaxed) {
            bar2.set_position(bytes.load(Ordering::Relaxed));
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    (bar, stop)
}

/// The run's output: the report writer over standard output (or `--output`), or nothing under
/// `--quiet`.
struct Output<'a> {
    quiet: bool,
    writer: &'a mut ReportWriter,
    out: &'a mut dyn Write,
}

impl callspec_validate::Sink for Output<'_> {
    fn rendered(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.out.write_all(bytes)
    }

    fn report(
        &mut self,
        report: &callspec_validate::Report,
        rendered: &[u8],
    ) -> std::io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.writer.write(self.out, report, rendered)
    }
}
