//! callspec mock: one HTTP server faithful to all five providers' call-detail APIs, so a
//! client in any language is tested by changing only its base URL.
//!
//! - Every endpoint of the catalog (`callspec::endpoints()`) on one loopback listener, routed
//!   by the endpoints' own path templates; `HEAD`, trailing slashes and SignalWire's `.json`.
//! - Each provider's authentication scheme, retention (Bandwidth 7 days, Vonage 24 hours after
//!   the call ended), Vonage's `Accept` version and Catapult's paging, sorting and filters.
//! - A deterministic call store: a call is a function of (seed, API, account, call id), drawn
//!   by callspec-gen and seen at the virtual now of a [`ClockSpec`] clock.
//! - Cases injected by `Prefer`, `__case=`, the call id or a server-wide [`Mix`], each response
//!   naming its case and the validator's expected verdict in `X-Callspec-*` headers.
//! - Seeded [`Faults`]: latency, 429/5xx, reset, close, truncated, malformed chunked, stalled.
//! - A bounded journal, redacted, as NDJSON and HAR 1.2 that `callspec validate` reads.
//!
//! ```no_run
//! let server = callspec_mock::MockServer::start(callspec_mock::Config::default())?;
//! println!("serving on http://{}", server.addr());
//! # Ok::<(), callspec_mock::StartError>(())
//! ```

mod auth;
mod catapult;
mod clock;
mod error;
mod faults;
mod hash;
mod http;
mod inject;
mod journal;
mod mix;
mod provider;
mod route;
mod server;
mod store;
mod timeline;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use auth::{Credential, Credentials};
pub use clock::{ClockSpec, parse_duration};
pub use error::{ConfigError, StartError};
pub use faults::{FAULT_STATUSES, Fault, Faults, Latency};
pub use http::Limits;
pub use mix::Mix;

/// The seed callspec-gen draws a call's payload with: a pure function of the server seed (or a
/// `Prefer: seed=`), the API (`bandwidth/voice-v2`, ...), the account and the call id as
/// requested (with any `~case` suffix). With it, `callspec_gen::sample_case(resource, case,
/// call_seed(..))` gives the exact bytes the mock serves for a case.
pub fn call_seed(seed: u64, api: &str, account: &str, call_id: &str) -> u64 {
    store::call_hash(seed, api, account, call_id)
}

/// How a mock runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen (default `127.0.0.1:0`, an ephemeral loopback port).
    pub listen: SocketAddr,
    /// Whether a non-loopback `listen` address is allowed.
    pub allow_non_loopback: bool,
    /// The seed every payload, population and fault draw derives from.
    pub seed: u64,
    /// The virtual clock.
    pub clock: ClockSpec,
    /// The server-wide mix of kinds, decided per call id.
    pub mix: Option<Mix>,
    /// Leave out the `X-Callspec-*` headers, so responses are byte for byte a provider's.
    pub faithful: bool,
    /// Check credentials by value (otherwise any well-formed one, bound to its first account).
    pub credentials: Option<Credentials>,
    /// Faults by rate and latency.
    pub faults: Faults,
    /// How many exchanges the journal keeps (the oldest are dropped first).
    pub journal_limit: usize,
    /// Also append every exchange to this NDJSON file.
    pub journal_ndjson: Option<PathBuf>,
    /// Bounds on each connection.
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            allow_non_loopback: false,
            seed: 0,
            clock: ClockSpec::default(),
            mix: None,
            faithful: false,
            credentials: None,
            faults: Faults::default(),
            journal_limit: 10_000,
            journal_ndjson: None,
            limits: Limits::default(),
        }
    }
}

/// A running mock. Dropping it stops the server.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<server::State>,
    runtime: Option<tokio::runtime::Runtime>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl MockServer {
    /// Binds and starts serving on a runtime of its own; returns once the port is bound.
    pub fn start(config: Config) -> Result<MockServer, StartError> {
        if !config.allow_non_loopback && !config.listen.ip().is_loopback() {
            return Err(ConfigError::NotLoopback {
                addr: config.listen,
            }
            .into());
        }
        let sink = match &config.journal_ndjson {
            Some(path) => Some(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|source| StartError::Journal {
                        path: path.clone(),
                        source,
                    })?,
            ),
            None => None,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("callspec-mock")
            .enable_all()
            .build()
            .map_err(StartError::Runtime)?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(config.listen))
            .map_err(|source| StartError::Bind {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.listen,
            source,
        })?;
        let state = Arc::new(server::State::new(
            config.seed,
            config.mix,
            config.faithful,
            config.faults,
            config.limits,
            clock::Clock::new(config.clock),
            auth::Authenticator::new(config.credentials),
            journal::Journal::new(config.journal_limit, sink),
        ));
        let (tx, rx) = tokio::sync::oneshot::channel();
        runtime.spawn(server::serve(listener, Arc::clone(&state), rx));
        Ok(MockServer {
            addr,
            state,
            runtime: Some(runtime),
            shutdown: Some(tx),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, the base URL a client points at.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The journal as NDJSON.
    pub fn journal_ndjson(&self) -> Vec<u8> {
        self.state.journal.ndjson()
    }

    /// The journal as a HAR 1.2 log.
    pub fn journal_har(&self) -> Vec<u8> {
        self.state.journal.har()
    }

    /// Blocks until the process gets Ctrl-C (SIGINT).
    pub fn wait_for_ctrl_c(&self) -> std::io::Result<()> {
        match &self.runtime {
            Some(runtime) => runtime.block_on(tokio::signal::ctrl_c()),
            None => Ok(()),
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
