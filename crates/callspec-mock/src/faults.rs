//! Faults, opt-in and seeded: latency before a response, 429 and 5xx answers with
//! `Retry-After`, and connection-level faults written on the raw socket (a reset, a close
//! before the status line, a body cut short of its true `Content-Length`, malformed chunked
//! encoding, a body that stalls). Each is chosen by rate (`--fault reset=0.01`) or per request
//! (`Prefer: fault=reset`, `?__fault=reset`); the rate draw hashes the seed, the request and
//! how many times that request was seen, so a failing run replays exactly.

use std::time::Duration;

use crate::clock::parse_duration;
use crate::error::ConfigError;
use crate::hash;

/// A fault that replaces the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// An HTTP error status (429, 500, 502, 503, 504) with `Retry-After` and a provider-style
    /// body.
    Status(u16),
    /// The connection is reset (RST) after the request is read.
    Reset,
    /// The connection is closed (FIN) before the status line.
    Close,
    /// The head with the true `Content-Length`, then half the body, then FIN.
    Truncate,
    /// `Transfer-Encoding: chunked` with a malformed chunk size after the first chunk.
    Chunked,
    /// The head and half the body, then nothing until the stall time ends, then FIN.
    Stall,
}

/// The statuses `Fault::Status` may carry.
pub const FAULT_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];

impl Fault {
    /// The name used in `--fault`, `Prefer: fault=` and `__fault=`.
    pub fn name(self) -> String {
        match self {
            Fault::Status(code) => code.to_string(),
            Fault::Reset => "reset".into(),
            Fault::Close => "close".into(),
            Fault::Truncate => "truncate".into(),
            Fault::Chunked => "chunked".into(),
            Fault::Stall => "stall".into(),
        }
    }

    /// The fault with this name.
    pub fn from_name(name: &str) -> Option<Fault> {
        Some(match name {
            "reset" => Fault::Reset,
            "close" => Fault::Close,
            "truncate" => Fault::Truncate,
            "chunked" => Fault::Chunked,
            "stall" => Fault::Stall,
            code => {
                let code: u16 = code.parse().ok()?;
                FAULT_STATUSES
                    .contains(&code)
                    .then_some(Fault::Status(code))?
            }
        })
    }

    /// Every fault name, for messages.
    pub fn names() -> String {
        let mut names: Vec<String> = FAULT_STATUSES.iter().map(u16::to_string).collect();
        names.extend(["reset", "close", "truncate", "chunked", "stall"].map(String::from));
        names.join(", ")
    }
}

/// Latency added before every response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Latency {
    /// Always this long.
    Fixed(Duration),
    /// Uniform between the bounds (inclusive), drawn per request from the seed.
    Uniform(Duration, Duration),
}

/// The faults a server injects by rate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faults {
    /// Latency before each response.
    pub latency: Option<Latency>,
    /// Each fault with its rate in `[0, 1]`, in the order given.
    pub rates: Vec<(Fault, f64)>,
    /// How long a stalled body stalls before the connection closes (default 30 s).
    pub stall_for: Option<Duration>,
}

impl Faults {
    /// Adds one `--fault` setting: `latency=200ms`, `latency=10ms..200ms`, `NAME=RATE`
    /// (`reset=0.01`, `503=0.05`) or `stall-for=5s`.
    pub fn add(&mut self, spec: &str) -> Result<(), ConfigError> {
        let bad = |why: String| ConfigError::Fault {
            value: spec.to_owned(),
            why,
        };
        let (name, value) = spec
            .split_once('=')
            .ok_or_else(|| bad("expected NAME=VALUE".to_owned()))?;
        let duration = |text: &str| {
            parse_duration(text)
                .filter(|d| !d.is_negative())
                .and_then(|d| Duration::try_from(d).ok())
                .ok_or_else(|| bad(format!("`{text}` is not a duration such as `200ms`")))
        };
        match name {
            "latency" => {
                self.latency = Some(match value.split_once("..") {
                    Some((low, high)) => {
                        let (low, high) = (duration(low)?, duration(high)?);
                        if low > high {
                            return Err(bad("the lower bound is above the upper".to_owned()));
                        }
                        Latency::Uniform(low, high)
                    }
                    None => Latency::Fixed(duration(value)?),
                });
            }
            "stall-for" => self.stall_for = Some(duration(value)?),
            _ => {
                let fault = Fault::from_name(name).ok_or_else(|| {
                    bad(format!(
                        "unknown fault `{name}`; expected latency, stall-for or one of {}",
                        Fault::names()
                    ))
                })?;
                let rate: f64 = value
                    .parse()
                    .ok()
                    .filter(|r: &f64| (0.0..=1.0).contains(r))
                    .ok_or_else(|| bad(format!("`{value}` is not a rate between 0 and 1")))?;
                self.rates.retain(|(f, _)| *f != fault);
                self.rates.push((fault, rate));
            }
        }
        if self.rates.iter().map(|(_, r)| r).sum::<f64>() > 1.0 {
            return Err(bad("the fault rates sum to more than 1".to_owned()));
        }
        Ok(())
    }

    /// The fault drawn for the `occurrence`-th sight of `request_key`, if any.
    pub(crate) fn draw(&self, seed: u64, request_key: &str, occurrence: u64) -> Option<Fault> {
        if self.rates.is_empty() {
            return None;
        }
        let u = hash::unit(hash::hash(
            seed,
            &["fault", request_key, &occurrence.to_string()],
        ));
        let mut acc = 0.0;
        for (fault, rate) in &self.rates {
            acc += rate;
            if u < acc {
                return Some(*fault);
            }
        }
        None
    }

    /// The latency drawn for the `occurrence`-th sight of `request_key`.
    pub(crate) fn latency(&self, seed: u64, request_key: &str, occurrence: u64) -> Duration {
        match self.latency {
            None => Duration::ZERO,
            Some(Latency::Fixed(d)) => d,
            Some(Latency::Uniform(low, high)) => {
                let mut h = hash::hash(seed, &["latency", request_key, &occurrence.to_string()]);
                let span = u64::try_from((high - low).as_micros()).unwrap_or(u64::MAX);
                low + Duration::from_micros(hash::range(&mut h, 0, span))
            }
        }
    }

    /// How long a stall lasts.
    pub(crate) fn stall_for(&self) -> Duration {
        self.stall_for.unwrap_or(Duration::from_secs(30))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse() {
        let mut faults = Faults::default();
        faults.add("latency=10ms..20ms").unwrap();
        faults.add("reset=0.5").unwrap();
        faults.add("503=0.25").unwrap();
        assert!(faults.add("404=0.1").is_err());
        assert!(faults.add("reset=2").is_err());
        assert!(faults.add("truncate=0.5").is_err(), "rates above 1 in sum");
        assert!(faults.add("latency=soon").is_err());
        let l = faults.latency(1, "GET /x", 0);
        assert!(l >= Duration::from_millis(10) && l <= Duration::from_millis(20));
        assert_eq!(faults.draw(3, "GET /x", 4), faults.draw(3, "GET /x", 4));
        let drawn: Vec<_> = (0..200)
            .filter_map(|n| faults.draw(3, "GET /x", n))
            .collect();
        assert!(drawn.contains(&Fault::Reset) && drawn.contains(&Fault::Status(503)));
        for name in ["reset", "close", "truncate", "chunked", "stall", "429"] {
            assert_eq!(
                Fault::from_name(name).map(Fault::name).as_deref(),
                Some(name)
            );
        }
    }
}
