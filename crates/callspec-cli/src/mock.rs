//! `callspec mock`: serves all five providers' call-detail APIs on one loopback listener (see
//! `callspec-mock`), until Ctrl-C; then writes the journal as HAR when asked.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use callspec_mock::{ClockSpec, Config, Credentials, Faults, Mix, MockServer};
use clap::Args;

use crate::SUCCESS;

/// The arguments of `callspec mock`.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// Where to listen. Port 0 picks a free port; the address is printed on standard output.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Allow a --listen address that is not loopback (the mock then serves other machines).
    #[arg(long)]
    pub allow_non_loopback: bool,
    /// The seed every payload, list and fault derives from; the same seed gives the same bytes.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,
    /// The virtual clock: `fixed:RFC3339` (default `fixed:2026-01-01T00:00:00Z`),
    /// `offset:DURATION` (the real time moved, such as `offset:-2h`) or `real`.
    #[arg(long, value_name = "SPEC")]
    pub clock: Option<String>,
    /// Kinds served to calls no request names a case for, decided per call id, such as
    /// `valid=0.8,edge=0.15,drift=0.05`.
    #[arg(long, value_name = "MIX")]
    pub mix: Option<String>,
    /// Leave out the X-Callspec-* headers naming the case and the expected verdict.
    #[arg(long)]
    pub faithful: bool,
    /// A JSON array of credentials checked by value:
    /// `[{"api": "vonage/v0", "account": "...", "token": "..."}, {"api": "bandwidth/voice-v2",
    /// "account": "...", "username": "...", "password": "..."}]`. Without it any well-formed
    /// credential is accepted and bound to the first account it is used with.
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// A fault, repeatable: `latency=200ms`, `latency=10ms..200ms`, `reset=0.01`, `close=RATE`,
    /// `truncate=RATE`, `chunked=RATE`, `stall=RATE`, `429=RATE`, `500|502|503|504=RATE`,
    /// `stall-for=30s`.
    #[arg(long = "fault", value_name = "SPEC")]
    pub faults: Vec<String>,
    /// How many exchanges the journal keeps in memory.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub journal_limit: usize,
    /// Append every exchange to this NDJSON file as it happens.
    #[arg(long, value_name = "FILE")]
    pub journal_ndjson: Option<PathBuf>,
    /// Write the journal as a HAR 1.2 file on exit (Ctrl-C).
    #[arg(long, value_name = "FILE")]
    pub journal_har: Option<PathBuf>,
}

impl MockArgs {
    /// The server configuration these arguments describe.
    pub fn config(&self) -> anyhow::Result<Config> {
        let mut faults = Faults::default();
        for spec in &self.faults {
            faults.add(spec)?;
        }
        Ok(Config {
            listen: self.listen,
            allow_non_loopback: self.allow_non_loopback,
            seed: self.seed,
            clock: match &self.clock {
                Some(spec) => spec.parse::<ClockSpec>()?,
                None => ClockSpec::default(),
            },
            mix: self.mix.as_deref().map(str::parse::<Mix>).transpose()?,
            faithful: self.faithful,
            credentials: self
                .credentials
                .as_deref()
                .map(Credentials::load)
                .transpose()?,
            faults,
            journal_limit: self.journal_limit,
            journal_ndjson: self.journal_ndjson.clone(),
            ..Config::default()
        })
    }
}

/// Runs the mock until Ctrl-C.
pub fn run(args: MockArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let server = MockServer::start(args.config()?)?;
    crate::ignore_broken_pipe(writeln!(out, "{}", server.base_url()).and_then(|()| out.flush()))?;
    eprintln!(
        "callspec mock: serving Bandwidth, Catapult, Apifonica, SignalWire and Vonage on {} (Ctrl-C stops)",
        server.base_url()
    );
    server.wait_for_ctrl_c().context("cannot wait for Ctrl-C")?;
    if let Some(path) = &args.journal_har {
        std::fs::write(path, server.journal_har())
            .with_context(|| format!("cannot write the HAR journal {}", path.display()))?;
        eprintln!("callspec mock: journal written to {}", path.display());
    }
    Ok(SUCCESS)
}
