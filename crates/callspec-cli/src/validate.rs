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
    /// `.gz` or `.zst`); directories are searched recursively, respecting `.gitignore`, `.ignore`
    /// and hidden files; `-` reads standard input.
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
    /// Directories: also read files that `.gitignore`, `.ignore` and similar files exclude.
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
}

/// Inputs above this size get a progress bar (on a terminal).
const PROGRESS_THRESHOLD: u64 = 4 << 20;

/// Runs `callspec validate`, writing reports to `out` and problems to `err`.
///
/// Every path that cannot be read is named on `err` and the others are checked; the run then
/// ends with exit status 2 after the complete report. A run that checks no record is an error
/// too, unless `--allow-empty`.
pub fn run(args: ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
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
    let engine = Engine::new(Options {
        resource: args.resource.clone(),
        strict: args.strict,
        no_semantic: args.no_semantic,
        rules: args.rules.clone(),
    })?
    .with_max_depth(args.max_depth);
    let format = args.format;
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
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
    let mut writer = ReportWriter::new(format, style);
    let result = writer
        .start(&mut out)
        .map_err(RunError::from)
        .and_then(|()| {
            callspec_validate::run(
                &engine,
                &sources,
                &options,
                &progress,
                &renderer,
                &mut |report, rendered| writer.write(&mut out, report, rendered),
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

/// An error and its causes, each once: `cannot read `x`: Permission denied (os error 13)`.
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
    text
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
