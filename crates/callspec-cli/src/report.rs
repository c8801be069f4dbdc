//! `callspec report drift`: the drift report of whole logs (or the merge of earlier reports),
//! as text, Markdown or JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use callspec::overlay::Overlay;
use callspec_drift::DriftReport;
use callspec_validate::{Engine, InputFormat, Options, OverlayReport};
use clap::{Args, Subcommand, ValueEnum};

use crate::{SUCCESS, ignore_broken_pipe};

/// A report over whole logs.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Per resource and JSON pointer: what the records hold, and what the spec does not know.
    ///
    /// Counts records by verdict, finding codes, and per pointer presence, types, string
    /// formats, lengths, number ranges and values with first and last seen. Reports from parts
    /// of a log combine exactly with --merge.
    Drift(DriftArgs),
}

/// The output format of a drift report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    /// Plain text: what drifted.
    Human,
    /// Markdown: tables of what drifted and of every pointer.
    Markdown,
    /// JSON with every statistic (the input of --merge).
    Json,
}

/// The arguments of `callspec report drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Files and directories to read, as `callspec validate` reads them; with --merge, drift
    /// reports in JSON to combine.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The inputs are JSON drift reports: print the report of their union.
    #[arg(long)]
    pub merge: bool,
    /// Check every record against this resource instead of routing it by URL or shape.
    #[arg(long, value_name = "ID")]
    pub resource: Option<String>,
    /// The format of standard input (required with `-`), or of files whose extension says none.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Human)]
    pub format: DriftFormat,
    /// Also write proposed spec changes: two OpenAPI Overlay 1.0 documents per resource, one
    /// acknowledging drift (contract unchanged), one relaxing the contract (to review).
    #[arg(long, value_enum, value_name = "KIND")]
    pub propose: Option<ProposeKind>,
    /// Amend the schemas with this OpenAPI Overlay 1.0 document (repeatable, applied in order).
    #[arg(long, value_name = "FILE")]
    pub overlay: Vec<PathBuf>,
    /// Where --propose writes its files.
    #[arg(long, value_name = "DIR", default_value = ".", requires = "propose")]
    pub out: PathBuf,
    /// --propose: only what was seen at least this many times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
    /// --propose: only what was seen at least this share of the time (0 to 1).
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub min_share: f64,
}

/// What --propose writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProposeKind {
    /// OpenAPI Overlay 1.0 documents targeting the published schemas.
    Overlay,
}

/// Runs `callspec report …`.
pub fn run(command: ReportCommand, out: &mut dyn Write) -> anyhow::Result<u8> {
    let ReportCommand::Drift(args) = command;
    let report = if args.merge {
        let mut merged = DriftReport::new();
        for path in &args.paths {
            let text = std::fs::read(path)
                .with_context(|| format!("reading the drift report {}", path.display()))?;
            let report: DriftReport = serde_json::from_slice(&text)
                .with_context(|| format!("{}: not a drift report in JSON", path.display()))?;
            merged
                .merge(report)
                .with_context(|| format!("merging {}", path.display()))?;
        }
        merged
    } else {
        let overlays = load_overlays(&args.overlay)?;
        let (engine, applied) = Engine::with_overlays(
            Options {
                resource: args.resource.clone(),
                strict: false,
                ..Options::default()
            },
            &overlays,
        )?;
        warn_overlays(&applied, &mut std::io::stderr())?;
        let discovered = callspec_validate::discover(
            &args.paths,
            &callspec_validate::DiscoverOptions {
                format: args.input_format,
                ..Default::default()
            },
        );
        if let Some(error) = discovered.errors.first() {
            for other in &discovered.errors[1..] {
                eprintln!("error: {other}");
            }
            anyhow::bail!("{error}");
        }
        let sources = discovered.sources;
        callspec_drift::collect(&engine, &sources)?
    };
    let text = match args.format {
        DriftFormat::Human => callspec_drift::human(&report),
        DriftFormat::Markdown => callspec_drift::markdown(&report),
        DriftFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    ignore_broken_pipe(out.write_all(text.as_bytes()))?;
    if args.propose == Some(ProposeKind::Overlay) {
        let thresholds = callspec_drift::Thresholds {
            min_count: args.min_count,
            min_share: args.min_share,
        };
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("creating {}", args.out.display()))?;
        for proposal in callspec_drift::propose(&report, thresholds) {
            let stem = proposal.resource.replace('/', "-");
            for (kind, document) in [
                ("acknowledge", &proposal.acknowledge),
                ("relax", &proposal.relax),
            ] {
                let Some(document) = document else { continue };
                let path = args.out.join(format!("{stem}.{kind}.overlay.json"));
                let text = serde_json::to_string_pretty(document)? + "\n";
                std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(SUCCESS)
}

/// Reads and checks the overlay documents `paths` name, each validated against the OpenAPI
/// Overlay 1.0 JSON Schema.
///
/// # Errors
///
/// A file that cannot be read, is not JSON, or is not an Overlay 1.0 document (the error names
/// the file and the JSON pointer).
pub fn load_overlays(paths: &[PathBuf]) -> anyhow::Result<Vec<Overlay>> {
    paths
        .iter()
        .map(|path| Overlay::load(path).map_err(anyhow::Error::from))
        .collect()
}

/// Writes what each overlay did, and its warnings, to `err`.
///
/// # Errors
///
/// Writing to `err` failed.
pub fn warn_overlays(applied: &[OverlayReport], err: &mut dyn Write) -> std::io::Result<()> {
    for report in applied {
        let actions = report.selected.len();
        let nodes: usize = report.selected.iter().sum();
        writeln!(
            err,
            "overlay `{}`: {} ({}), {actions} actions, {nodes} nodes",
            report.title,
            report.resource.unwrap_or("no resource"),
            report.hash.as_deref().unwrap_or("-"),
        )?;
        for warning in &report.warnings {
            writeln!(err, "warning: overlay `{}`: {warning}", report.title)?;
        }
    }
    Ok(())
}
