//! The `callspec` command line: clap types and `run`, kept in the library so tests call them
//! directly. Exit status as ripgrep: 0 everything conforms, 1 something does not, 2 usage or
//! I/O error; a broken pipe is not an error.

pub mod completions;
pub mod generate;
pub mod man;
pub mod mock;
pub mod report;
pub mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use generate::GenerateArgs;
pub use mock::MockArgs;
pub use validate::ValidateArgs;

/// Checks captured call-detail traffic against the specs of Bandwidth, Apifonica, SignalWire,
/// Vonage Contact Center and Bandwidth Catapult, generates fixtures from them, and lists and
/// prints the specs.
#[derive(Debug, Parser)]
#[command(name = "callspec", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// A callspec command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check captured responses (JSON, NDJSON logs, HAR captures) against the specs.
    ///
    /// Contract violations are errors; drift (fields and enum values the spec does not know yet)
    /// is a warning, and an error under --strict. Exit status: 0 all records conform, 1 a record
    /// is invalid or unreadable (or drifts or matches no resource, under --strict), 2 usage or
    /// I/O error, a path that cannot be read, or no record checked.
    Validate(ValidateArgs),
    /// Generate NDJSON fixtures: valid payloads, edge cases, drift and invalid mutations.
    ///
    /// Deterministic for a seed. With --with-expectations each line carries the verdict and the
    /// findings a validator must report, so a client in any language can be tested with it.
    Generate(GenerateArgs),
    /// Serve all five providers' APIs on one loopback port, for clients in any language.
    ///
    /// Deterministic per seed, on a virtual clock, with cases chosen by `Prefer`, `?__case=`, the
    /// call id or --mix, seeded faults, and a journal at /__admin/journal(.har).
    Mock(MockArgs),
    /// Reports over whole logs: `report drift` counts what the records hold against the specs.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// List every resource and endpoint the specs describe.
    Resources,
    /// Print a resource's published JSON Schema.
    Schema {
        /// The resource id, such as `bandwidth/voice-v2/call-state`.
        id: String,
        /// Print it amended by this OpenAPI Overlay 1.0 document (repeatable, in order).
        #[arg(long, value_name = "FILE")]
        overlay: Vec<std::path::PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one per command into a directory.
    Man(man::ManArgs),
}

/// Exit status: everything conforms.
pub const SUCCESS: u8 = 0;
/// Exit status: a record does not conform or could not be read.
pub const FAILURE: u8 = 1;
/// Exit status: a usage or I/O error.
pub const ERROR: u8 = 2;

/// Runs a parsed command line and reports errors on standard error.
pub fn main(cli: Cli) -> ExitCode {
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let message = format!("{error:#}");
            eprintln!(
                "error: {}",
                callspec_validate::redact::sanitize::visible(&message)
            );
            ExitCode::from(ERROR)
        }
    }
}

/// Runs a parsed command line, returning the exit status.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    match cli.command {
        Command::Validate(args) => validate::run(args, &mut stdout.lock(), &mut std::io::stderr()),
        Command::Generate(args) => generate::run(args, &mut stdout.lock()),
        Command::Completions(args) => completions::run(&args, &mut stdout.lock()),
        Command::Man(args) => man::run(&args, &mut stdout.lock()),
        Command::Mock(args) => mock::run(args, &mut stdout.lock()),
        Command::Report(command) => report::run(command, &mut stdout.lock()),
        Command::Resources => {
            let mut out = stdout.lock();
            ignore_broken_pipe(list_resources(&mut out))?;
            Ok(SUCCESS)
        }
        Command::Schema { id, overlay } => {
            let Some(resource) = callspec::resource(&id) else {
                anyhow::bail!("{}", validate::unknown_resource(&id));
            };
            let mut schema = callspec::semantic::published_schema(resource);
            let schema_id = schema
                .get("$id")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            for overlay in report::load_overlays(&overlay)? {
                if overlay.extends != schema_id {
                    eprintln!(
                        "warning: overlay `{}` extends {}, not {}",
                        overlay.title,
                        overlay.extends.as_deref().unwrap_or("nothing"),
                        schema_id.as_deref().unwrap_or("-")
                    );
                    continue;
                }
                let applied = overlay.apply(&mut schema);
                for index in applied.unmatched() {
                    eprintln!(
                        "warning: overlay `{}`: action {index} selects nothing",
                        overlay.title
                    );
                }
            }
            let text = callspec::specs::to_pretty(&schema);
            ignore_broken_pipe(std::io::Write::write_all(
                &mut stdout.lock(),
                text.as_bytes(),
            ))?;
            Ok(SUCCESS)
        }
    }
}

fn list_resources(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "resources:")?;
    for r in callspec::resources() {
        writeln!(out, "  {:<42} {}", r.id, r.title)?;
        writeln!(out, "  {:<42} source: {}", "", r.source.citation())?;
    }
    writeln!(out, "endpoints:")?;
    for e in callspec::endpoints() {
        let hosts = e.hosts.join("|");
        writeln!(out, "  {:<42} {} {hosts}{}", e.id, e.method, e.path)?;
    }
    Ok(())
}

/// A closed standard output (`callspec ... | head`) ends the output quietly.
pub(crate) fn ignore_broken_pipe(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
