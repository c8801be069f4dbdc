//! `callspec validate`: discover the inputs, run the engine over them in parallel, and write
//! the reports in the chosen format.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use callspec_validate::{
    Engine, InputFormat, Options, OutputFormat, Progress, Renderer, ReportWriter, RuleSetting,
    RunError, RunOptions, Style,
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
    /// `.gz`); directories are searched recursively; `-` reads standard input.
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
    /// Make drift an error, and semantic warnings errors.
    #[arg(long)]
    pub strict: bool,
    /// Set a semantic rule's level: `--rule semantic/duration=error`, `--rule
    /// semantic/monotonic=off` (repeatable; codes in the README, "Semantic rules").
    #[arg(long = "rule", value_name = "CODE=off|warning|error")]
    pub rules: Vec<RuleSetting>,
    /// Skip the semantic rules (time order, state and fields, durations, polls).
    #[arg(long)]
    pub no_semantic: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Show phone numbers in messages instead of masking them (credentials are never shown).
    #[arg(long)]
    pub show_values: bool,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// Human output: also list records that are valid.
    #[arg(long, short)]
    pub verbose: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// Inputs above this size get a progress bar (on a terminal).
const PROGRESS_THRESHOLD: u64 = 4 << 20;

/// Runs `callspec validate`, writing reports to `out` and problems to `err`.
pub fn run(args: ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let sources = callspec_validate::discover_with(&args.paths, args.input_format)?;
    let engine = Engine::new(Options {
        resource: args.resource.clone(),
        strict: args.strict,
        no_semantic: args.no_semantic,
        rules: args.rules.clone(),
    })?;
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
    let mut options = RunOptions::default();
    if let Some(jobs) = args.jobs {
        options.jobs = jobs.max(1);
    }
    let progress = Progress::default();
    let total: u64 = sources.iter().filter_map(|s| s.size()).sum();
    let bar = (format == OutputFormat::Human
        && !args.no_progress
        && total > PROGRESS_THRESHOLD
        && std::io::stderr().is_terminal())
    .then(|| progress_bar(total, &progress));

    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut broken_pipe = false;
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
        Ok(outcome) => Some(outcome),
        Err(RunError::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            broken_pipe = true;
            None
        }
        Err(error) => return Err(error.into()),
    };
    let Some(outcome) = outcome else {
        return Ok(if broken_pipe { SUCCESS } else { ERROR });
    };
    let finished = writer
        .finish(&mut out, &outcome.summary)
        .and_then(|()| out.flush());
    crate::ignore_broken_pipe(finished).context("writing the report")?;
    for error in &outcome.errors {
        writeln!(err, "error: {error}")?;
    }
    Ok(if !outcome.errors.is_empty() {
        ERROR
    } else if outcome.summary.fails(args.strict) {
        FAILURE
    } else {
        SUCCESS
    })
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
