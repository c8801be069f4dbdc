//! `callspec generate`: deterministic NDJSON fixtures from the generator, for clients written in
//! any language.

use std::io::Write;

use callspec_gen::{Kind, ResourceSelector};
use clap::Args;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::SUCCESS;

/// The `--kind` values: the library's [`Kind`], each with its summary as help.
fn kind_parser() -> impl TypedValueParser<Value = Kind> {
    PossibleValuesParser::new(
        Kind::ALL.map(|kind| {
            PossibleValue::new(kind.as_str()).help(kind.summary().trim_end_matches('.'))
        }),
    )
    .try_map(|name| name.parse::<Kind>())
}

/// The arguments of `callspec generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The resource id, or `all` to mix every resource.
    #[arg(long, value_name = "ID")]
    pub resource: String,
    /// What to generate.
    #[arg(long, value_parser = kind_parser())]
    pub kind: Kind,
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
    let mut out = out;
    crate::ignore_broken_pipe(callspec_gen::write_ndjson(
        &mut out,
        resource,
        args.kind,
        args.count,
        args.seed,
        args.with_expectations,
    ))?;
    Ok(SUCCESS)
}
