//! The mock's errors: a configuration it cannot run with, and a server it cannot start.

use std::net::SocketAddr;
use std::path::PathBuf;

/// A setting the mock cannot run with.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `--clock` is not `fixed:RFC3339`, `offset:DURATION` or `real`.
    #[error("--clock `{value}`: {why}")]
    Clock {
        /// The value given.
        value: String,
        /// What is wrong with it.
        why: String,
    },
    /// `--mix` is not `kind=weight,...`.
    #[error("--mix `{value}`: {why}")]
    Mix {
        /// The value given.
        value: String,
        /// What is wrong with it.
        why: String,
    },
    /// A `--fault` is not one the mock knows.
    #[error("--fault `{value}`: {why}")]
    Fault {
        /// The value given.
        value: String,
        /// What is wrong with it.
        why: String,
    },
    /// The credentials file cannot be read.
    #[error("cannot read the credentials file {}", path.display())]
    CredentialsIo {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The credentials file is not what the mock expects.
    #[error("the credentials file {} is not valid at line {line}, column {column}: {message}", path.display())]
    CredentialsFormat {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// A non-loopback listen address without the flag that allows it.
    #[error(
        "refusing to listen on {addr}: it is not a loopback address; pass --allow-non-loopback to serve other machines"
    )]
    NotLoopback {
        /// The address asked for.
        addr: SocketAddr,
    },
}

/// The server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is not usable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The address cannot be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The journal file cannot be opened.
    #[error("cannot open the journal file {}", path.display())]
    Journal {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The async runtime cannot start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
}
