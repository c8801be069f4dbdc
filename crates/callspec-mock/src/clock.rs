//! The virtual clock: every time the mock reasons about (call timelines, retention, `Date`) is
//! read from here. It is either fixed at an instant or the real time moved by an offset, and
//! the admin endpoint advances it, so a 7-day retention is crossed in one request.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::SystemTime;

use jiff::{SignedDuration, Timestamp};

use crate::error::ConfigError;

/// How the clock is set at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockSpec {
    /// Stands still at this instant until advanced (`fixed:RFC3339`).
    Fixed(Timestamp),
    /// The real time plus this offset (`offset:-2h`; `real` is `offset:0s`).
    Offset(SignedDuration),
}

impl Default for ClockSpec {
    /// `fixed:2026-01-01T00:00:00Z`: the same bytes on every run.
    fn default() -> Self {
        ClockSpec::Fixed(Timestamp::constant(1_767_225_600, 0))
    }
}

impl std::str::FromStr for ClockSpec {
    type Err = ConfigError;
    /// `fixed:2026-01-01T00:00:00Z`, `offset:-90s`, `offset:+2h`, or `real`.
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        let bad = |why: &str| ConfigError::Clock {
            value: s.to_owned(),
            why: why.to_owned(),
        };
        if s == "real" {
            return Ok(ClockSpec::Offset(SignedDuration::ZERO));
        }
        if let Some(at) = s.strip_prefix("fixed:") {
            return at
                .parse::<Timestamp>()
                .map(ClockSpec::Fixed)
                .map_err(|e| bad(&format!("not an RFC 3339 instant: {e}")));
        }
        if let Some(offset) = s.strip_prefix("offset:") {
            return parse_duration(offset)
                .map(ClockSpec::Offset)
                .ok_or_else(|| bad("expected a duration such as `-90s`, `+2h`, `7d`"));
        }
        Err(bad("expected `fixed:RFC3339`, `offset:DURATION` or `real`"))
    }
}

/// Parses `[+-]N(ms|s|m|h|d)`.
pub fn parse_duration(text: &str) -> Option<SignedDuration> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let split = rest.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = rest.split_at(split);
    let n: i64 = digits.parse().ok()?;
    let millis = match unit {
        "ms" => Some(n),
        "s" => n.checked_mul(1_000),
        "m" => n.checked_mul(60_000),
        "h" => n.checked_mul(3_600_000),
        "d" => n.checked_mul(86_400_000),
        _ => None,
    }?;
    Some(SignedDuration::from_millis(if negative {
        -millis
    } else {
        millis
    }))
}

/// The running virtual clock.
#[derive(Debug)]
pub(crate) struct Clock {
    spec: ClockSpec,
    /// The virtual instant the server started at: every call timeline is laid around it.
    origin: Timestamp,
    /// Milliseconds added by the admin endpoint.
    advanced_ms: AtomicI64,
}

impl Clock {
    pub(crate) fn new(spec: ClockSpec) -> Self {
        let origin = match spec {
            ClockSpec::Fixed(at) => at,
            ClockSpec::Offset(offset) => real_now().saturating_add(offset).unwrap_or(real_now()),
        };
        Self {
            spec,
            origin,
            advanced_ms: AtomicI64::new(0),
        }
    }

    /// The instant call timelines are laid around.
    pub(crate) fn origin(&self) -> Timestamp {
        self.origin
    }

    /// The virtual now.
    pub(crate) fn now(&self) -> Timestamp {
        let base = match self.spec {
            ClockSpec::Fixed(at) => at,
            ClockSpec::Offset(offset) => real_now().saturating_add(offset).unwrap_or(real_now()),
        };
        let advanced = SignedDuration::from_millis(self.advanced_ms.load(Ordering::SeqCst));
        base.saturating_add(advanced).unwrap_or(base)
    }

    /// Moves the clock by `by` (which may be negative).
    pub(crate) fn advance(&self, by: SignedDuration) {
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.advanced_ms.fetch_add(millis, Ordering::SeqCst);
    }
}

fn real_now() -> Timestamp {
    Timestamp::try_from(SystemTime::now()).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!(
            "fixed:2026-01-01T00:00:00Z".parse::<ClockSpec>().ok(),
            Some(ClockSpec::default())
        );
        assert_eq!(
            "offset:-90s".parse::<ClockSpec>().ok(),
            Some(ClockSpec::Offset(SignedDuration::from_secs(-90)))
        );
        assert!("fixed:yesterday".parse::<ClockSpec>().is_err());
        assert!("offset:3 weeks".parse::<ClockSpec>().is_err());
        assert_eq!(parse_duration("7d"), Some(SignedDuration::from_hours(168)));
        assert_eq!(parse_duration("x"), None);
    }

    #[test]
    fn advancing_moves_now() {
        let clock = Clock::new(ClockSpec::default());
        let before = clock.now();
        clock.advance(SignedDuration::from_hours(24));
        assert_eq!(
            clock.now().duration_since(before),
            SignedDuration::from_hours(24)
        );
        assert_eq!(clock.origin(), before);
    }
}
