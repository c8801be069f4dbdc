//! The limits `callspec validate` is measured against by `cargo xtask bench`: loops over an
//! NDJSON file that do as little as possible beyond one step of the real work each.
//!
//! Every mode reads the file the same way, one line at a time into one reused buffer, so the
//! modes differ only by what they do with a line:
//!
//! - [`Mode::Io`]: nothing (the I/O floor: read lines, count bytes);
//! - [`Mode::Parse`]: `serde_json` into `Value` (the parse limit);
//! - [`Mode::Simd`]: simd-json into its owned value (built with the `simd` feature only);
//! - [`Mode::Engine`]: `serde_json` into `Value`, then `jsonschema::Validator::is_valid` with the
//!   schema `callspec::compile` builds for the record's resource (the engine limit).
//!
//! The engine loop does not route by shape: it knows each line's resource for free. Line `i`
//! (0-based, counting every line) belongs to the `i % n`-th of the generator's `n` resources in
//! id order, which is how `callspec generate --resource all` takes turns, so a log concatenated
//! from such runs whose counts are multiples of `n` keeps the rule; or every line belongs to the
//! one resource given with `--resource`.

use std::fmt;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// What a loop does with each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read lines only.
    Io,
    /// Parse into `serde_json::Value`.
    Parse,
    /// Parse into simd-json's owned value.
    Simd,
    /// Parse into `serde_json::Value` and ask the resource's validator `is_valid`.
    Engine,
}

impl Mode {
    /// The mode named on the command line.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "io" => Some(Self::Io),
            "parse" => Some(Self::Parse),
            "simd" => Some(Self::Simd),
            "engine" => Some(Self::Engine),
            _ => None,
        }
    }
}

/// How the engine loop finds each line's resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing<'a> {
    /// Line `i` belongs to the generator's `i % n`-th resource (`callspec generate --resource all`).
    Rotation,
    /// Every line belongs to this resource.
    One(&'a str),
}

/// What a loop saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Bytes read, line breaks included.
    pub bytes: u64,
    /// Lines that parsed (equal to `lines` in the `io` mode).
    pub parsed: u64,
    /// Lines that parsed and validated (`engine` mode only; `parsed` otherwise).
    pub valid: u64,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{\"lines\":{},\"bytes\":{},\"parsed\":{},\"valid\":{}}}",
            self.lines, self.bytes, self.parsed, self.valid
        )
    }
}

/// Why a loop could not run.
#[derive(Debug)]
pub enum LoopError {
    /// The file could not be read.
    Io(io::Error),
    /// A resource is unknown or its schema does not compile.
    Schema(String),
    /// The `simd` mode was asked of a binary built without the `simd` feature.
    SimdNotBuilt,
}

impl fmt::Display for LoopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(error) => write!(f, "{error}"),
            Self::Schema(message) => f.write_str(message),
            Self::SimdNotBuilt => f.write_str("built without the `simd` feature"),
        }
    }
}

impl std::error::Error for LoopError {}

impl From<io::Error> for LoopError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// The validators of the engine loop, in routing order.
fn validators(routing: Routing<'_>) -> Result<Vec<jsonschema::Validator>, LoopError> {
    let ids = match routing {
        Routing::Rotation => callspec_gen::resource_ids(),
        Routing::One(id) => vec![id],
    };
    ids.into_iter()
        .map(|id| {
            let resource = callspec::resource(id)
                .ok_or_else(|| LoopError::Schema(format!("unknown resource `{id}`")))?;
            callspec::compile(resource).map_err(|error| LoopError::Schema(error.message))
        })
        .collect()
}

/// Runs the `mode` loop over the NDJSON file at `path`.
pub fn run(mode: Mode, path: &Path, routing: Routing<'_>) -> Result<Counts, LoopError> {
    if mode == Mode::Simd && !cfg!(feature = "simd") {
        return Err(LoopError::SimdNotBuilt);
    }
    let validators = if mode == Mode::Engine {
        validators(routing)?
    } else {
        Vec::new()
    };
    let mut reader = BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let mut line = Vec::with_capacity(1 << 12);
    let mut counts = Counts::default();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        let index = counts.lines;
        counts.lines += 1;
        counts.bytes += read as u64;
        let mut body = line.as_mut_slice();
        while let [rest @ .., b'\n' | b'\r'] = body {
            body = rest;
        }
        if body.is_empty() {
            continue;
        }
        match mode {
            Mode::Io => {
                counts.parsed += 1;
                counts.valid += 1;
            }
            Mode::Parse => {
                if serde_json::from_slice::<serde_json::Value>(body).is_ok() {
                    counts.parsed += 1;
                    counts.valid += 1;
                }
            }
            Mode::Simd => {
                if simd_parse(body) {
                    counts.parsed += 1;
                    counts.valid += 1;
                }
            }
            Mode::Engine => {
                let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
                    continue;
                };
                counts.parsed += 1;
                let validator = &validators[(index % validators.len() as u64) as usize];
                if validator.is_valid(&value) {
                    counts.valid += 1;
                }
            }
        }
    }
    Ok(counts)
}

/// Parses one line with simd-json (which works in place, hence the mutable buffer).
#[cfg(feature = "simd")]
fn simd_parse(body: &mut [u8]) -> bool {
    simd_json::to_owned_value(body).is_ok()
}

/// Never called: [`run`] refuses the `simd` mode first.
#[cfg(not(feature = "simd"))]
fn simd_parse(_body: &mut [u8]) -> bool {
    false
}
