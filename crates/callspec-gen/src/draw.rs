//! The one source of randomness every generator draws from: a sequence of choices, each a
//! number in a range, where 0 is always the simplest option. Fed by a seeded RNG it generates
//! fast and deterministically (the NDJSON writer); fed by a recorded sequence it replays a
//! payload exactly, which is how the proptest strategies shrink (see `tree`).

/// SplitMix64: tiny, fast, and fixed forever, so a seed gives the same bytes in every release.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
}

/// The SplitMix64 finalizer: a bijective scramble of 64 bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of record `index` of a run seeded with `seed`: records are independent, so the
/// first N records of a run are the same whatever the count.
pub(crate) fn record_seed(seed: u64, index: u64) -> u64 {
    mix(seed ^ mix(index.wrapping_add(0x6A09_E667_F3BC_C908)))
}

/// One choice as it was made: the value and the largest value it could have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    pub(crate) value: u64,
    pub(crate) max: u64,
}

/// Where choices come from.
#[derive(Debug)]
enum Origin {
    Rng(SplitMix),
    Replay { choices: Vec<u64>, at: usize },
}

/// A sequence of choices, optionally recorded.
#[derive(Debug)]
pub(crate) struct Draw {
    origin: Origin,
    log: Option<Vec<Choice>>,
}

impl Draw {
    /// Choices from a seeded RNG, not recorded (the fast path).
    pub(crate) fn seeded(seed: u64) -> Self {
        Self {
            origin: Origin::Rng(SplitMix::new(seed)),
            log: None,
        }
    }

    /// Choices from a seeded RNG, recorded so they can be replayed and shrunk.
    pub(crate) fn recording(seed: u64) -> Self {
        Self {
            origin: Origin::Rng(SplitMix::new(seed)),
            log: Some(Vec::new()),
        }
    }

    /// Choices replayed from `choices` (0 once they run out), recorded as they are used.
    pub(crate) fn replay(choices: Vec<u64>) -> Self {
        Self {
            origin: Origin::Replay { choices, at: 0 },
            log: Some(Vec::new()),
        }
    }

    /// The choices made so far, if recording.
    pub(crate) fn into_log(self) -> Vec<Choice> {
        self.log.unwrap_or_default()
    }

    /// A number in `0..=max`; 0 is the simplest.
    pub(crate) fn upto(&mut self, max: u64) -> u64 {
        let value = match &mut self.origin {
            Origin::Rng(rng) => {
                let x = rng.next_u64();
                if max == u64::MAX {
                    x
                } else {
                    // Lemire's multiply-shift: uniform enough for test data, and branch-free.
                    ((u128::from(x) * (u128::from(max) + 1)) >> 64) as u64
                }
            }
            Origin::Replay { choices, at } => {
                let raw = choices.get(*at).copied().unwrap_or(0);
                *at += 1;
                if raw <= max { raw } else { raw % (max + 1) }
            }
        };
        if let Some(log) = &mut self.log {
            log.push(Choice { value, max });
        }
        value
    }

    /// A number in `0..n` (`n` at least 1).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.upto(n.saturating_sub(1) as u64) as usize
    }

    /// A number in `lo..=hi`, `lo` being the simplest.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.upto(hi.saturating_sub(lo))
    }

    /// True with about `percent` percent probability; false is the simplest.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.upto(99) >= 100 - percent.min(100)
    }

    /// One of `items`, the first being the simplest.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `items`, the first being the simplest.
    pub(crate) fn pick_str<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// An index into `weights`, chosen with those relative weights; index 0 is the simplest.
    pub(crate) fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.upto(total.saturating_sub(1));
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_reproduces_a_recording() {
        let mut d = Draw::recording(7);
        let a: Vec<u64> = (0..50).map(|i| d.upto(i * 3)).collect();
        let log = d.into_log();
        let mut r = Draw::replay(log.iter().map(|c| c.value).collect());
        let b: Vec<u64> = (0..50).map(|i| r.upto(i * 3)).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn exhausted_replay_is_simplest() {
        let mut r = Draw::replay(vec![]);
        assert_eq!(r.upto(10), 0);
        assert!(!r.chance(99));
        assert_eq!(r.weighted(&[1, 5]), 0);
    }

    #[test]
    fn seeds_are_fixed() {
        // SplitMix64's published first output for seed 0.
        assert_eq!(SplitMix::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
