//! `callspec generate`: deterministic NDJSON fixtures from the generator, for clients written in
//! any language.

use std::io::Write;

use callspec_gen::{Kind, ResourceSelector};
use clap::{Args, ValueEnum};

use crate::SUCCESS;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Valid payloads as providers typically send them.
    Valid,
    /// Valid but tricky payloads from the named edge catalogue.
    Edge,
    /// Valid by contract, unknown to the spec: unknown fields and open-enum values.
    Drift,
    /// Mutations of valid payloads, each raising one expected finding.
    Invalid,
}

/// The arguments of `callspec generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The resource id, or `all` to mix every resource.
    #[arg(long, value_name = "ID")]
    pub resource: String,
    /// What to generate.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// How many records.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub count: u64,
    /// The seed; the same seed gives the same bytes.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,
    /// Wrap each body as `{"case":..,"expect":{"verdict":..,"findings":[..]},"body":..}`.
    #[arg(long)]
    pub with_expectations: bool,
}

/// Runs `callspec generate`, writing NDJSON to `out`.
pub fn run(args: GenerateArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let resource: ResourceSelector = args.resource.parse()?;
    let kind = match args.kind {
        KindArg::Valid => Kind::Valid,
        KindArg::Edge => Kind::Edge,
        KindArg::Drift => Kind::Drift,
        KindArg::Invalid => Kind::Invalid,
    };
    let mut out = out;
    crate::ignore_broken_pipe(callspec_gen::write_ndjson(
        &mut out,
        resource,
        kind,
        args.count,
        args.seed,
        args.with_expectations,
    ))?;
    Ok(SUCCESS)
}
