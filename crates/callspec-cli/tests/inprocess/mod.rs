//! Running the validator in-process, as `callspec validate` does, in every format with and
//! without `--show-values`: one engine for the whole test binary, so property tests try many
//! cases in seconds.
#![allow(dead_code, reason = "each test binary uses only some of the helpers")]
#![allow(
    clippy::unwrap_used,
    reason = "test helpers may panic: a panic there is a failed test with its message"
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use callspec_validate::{
    Engine, Options, OutputFormat, Progress, Renderer, ReportWriter, RunOptions, Style,
};

pub(crate) const FORMATS: [OutputFormat; 5] = [
    OutputFormat::Human,
    OutputFormat::Json,
    OutputFormat::Junit,
    OutputFormat::Sarif,
    OutputFormat::Github,
];

pub(crate) fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Options::default()).unwrap())
}

/// One run's output: what `callspec validate` writes to stdout, and to stderr.
pub(crate) struct Output {
    pub(crate) label: String,
    pub(crate) format: OutputFormat,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs the validator over `paths` once, writing every report in every format, with and
/// without `--show-values` (human also verbose and coloured when values are shown): the engine
/// checks each record once and the sink renders it ten ways, as ten runs would.
pub(crate) fn outputs(paths: &[PathBuf]) -> Vec<Output> {
    let discovered =
        callspec_validate::discover(paths, &callspec_validate::DiscoverOptions::default());
    let sources = discovered.sources;
    let mut sinks: Vec<(OutputFormat, bool, Renderer, ReportWriter, Vec<u8>)> = FORMATS
        .iter()
        .flat_map(|&format| {
            [false, true].map(|show_values| {
                let style = Style {
                    show_values,
                    color: show_values && format == OutputFormat::Human,
                    strict: false,
                    verbose: show_values,
                };
                let mut writer = ReportWriter::new(format, style);
                let mut stdout = Vec::new();
                writer.start(&mut stdout).unwrap();
                (
                    format,
                    show_values,
                    Renderer::new(format, style),
                    writer,
                    stdout,
                )
            })
        })
        .collect();
    let options = RunOptions {
        jobs: 1,
        ..RunOptions::default()
    };
    let first = sinks[0].2;
    let outcome = callspec_validate::run(
        engine(),
        &sources,
        &options,
        &Progress::default(),
        &first,
        &mut |report, _| {
            for (_, _, renderer, writer, stdout) in &mut sinks {
                let mut rendered = Vec::new();
                renderer.render(report, &mut rendered);
                writer.write(stdout, report, &rendered)?;
            }
            Ok(())
        },
    )
    .unwrap();
    let stderr: String = discovered
        .errors
        .iter()
        .map(|e| format!("error: {e}\n"))
        .chain(outcome.errors.iter().map(|e| format!("error: {e}\n")))
        .collect();
    sinks
        .into_iter()
        .map(|(format, show_values, _, mut writer, mut stdout)| {
            writer.finish(&mut stdout, &outcome.summary).unwrap();
            Output {
                label: format!("{format} show_values={show_values}"),
                format,
                stdout: String::from_utf8(stdout).unwrap(),
                stderr: stderr.clone(),
            }
        })
        .collect()
}

impl Output {
    /// stdout and stderr together.
    pub(crate) fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}
