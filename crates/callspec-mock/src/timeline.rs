//! A call's life on the virtual clock, drawn from its hash: when it started, whether and when
//! it was answered, when it ended. Every call of the single-call endpoints starts within three
//! seconds before the clock's origin, rings 3 to 20 seconds, and (four calls in five) talks 10
//! seconds to 15 minutes, so polling it while advancing the clock walks it through its states.

use jiff::{SignedDuration, Timestamp};

use crate::hash;

/// Where a call is in its life at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// Placed, not answered yet.
    Ringing,
    /// Answered, not ended yet.
    Talking,
    /// Ended.
    Ended,
}

/// A call's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timeline {
    pub(crate) start: Timestamp,
    /// When it was answered; `None` for a call never answered.
    pub(crate) answer: Option<Timestamp>,
    pub(crate) end: Timestamp,
    /// For a call never answered: whether the callee was busy (else no answer).
    pub(crate) busy: bool,
}

impl Timeline {
    /// The timeline of a single call, from its hash, around `origin`.
    pub(crate) fn single(h: u64, origin: Timestamp) -> Self {
        let mut h = h;
        let lead = hash::range(&mut h, 0, 3_000) as i64;
        let start = shift(origin, -lead);
        Self::after(start, &mut h)
    }

    /// The timeline of a listed call: four in five ended within the 30 days before `origin`,
    /// the others started in its last five minutes (so some are still in progress).
    pub(crate) fn listed(h: u64, origin: Timestamp) -> Self {
        let mut h = h;
        let recent = hash::range(&mut h, 0, 4) == 0;
        let back_ms = if recent {
            hash::range(&mut h, 0, 300_000)
        } else {
            hash::range(&mut h, 3_600_000, 30 * 86_400_000)
        };
        let start = shift(origin, -(back_ms as i64));
        Self::after(start, &mut h)
    }

    fn after(start: Timestamp, h: &mut u64) -> Self {
        let ring = hash::range(h, 3_000, 20_000) as i64;
        let answered = hash::range(h, 0, 4) != 0;
        let talk = hash::range(h, 10_000, 900_000) as i64;
        let busy = hash::range(h, 0, 1) == 0;
        let answer = answered.then(|| shift(start, ring));
        let end = match answer {
            Some(a) => shift(a, talk),
            None => shift(start, ring),
        };
        Self {
            start,
            answer,
            end,
            busy,
        }
    }

    /// The phase at `now`.
    pub(crate) fn phase(&self, now: Timestamp) -> Phase {
        if now >= self.end {
            Phase::Ended
        } else if self.answer.is_some_and(|a| now >= a) {
            Phase::Talking
        } else {
            Phase::Ringing
        }
    }

    /// The answer time if it has happened by `now`.
    pub(crate) fn answered_by(&self, now: Timestamp) -> Option<Timestamp> {
        self.answer.filter(|a| now >= *a)
    }

    /// The end time if it has happened by `now`.
    pub(crate) fn ended_by(&self, now: Timestamp) -> Option<Timestamp> {
        (now >= self.end).then_some(self.end)
    }

    /// The last event by `now`.
    pub(crate) fn last_event(&self, now: Timestamp) -> Timestamp {
        self.ended_by(now)
            .or(self.answered_by(now))
            .unwrap_or(self.start)
    }

    /// Whole seconds talked by `now` (0 for a call never answered).
    pub(crate) fn talked_secs(&self, now: Timestamp) -> i64 {
        match self.answered_by(now) {
            Some(a) => {
                let until = if now >= self.end { self.end } else { now };
                until.duration_since(a).as_secs().max(0)
            }
            None => 0,
        }
    }
}

fn shift(t: Timestamp, millis: i64) -> Timestamp {
    t.saturating_add(SignedDuration::from_millis(millis))
        .unwrap_or(t)
}

/// RFC 3339 with milliseconds and `Z`, as Bandwidth writes it (`2019-06-20T15:54:25.435Z`).
pub(crate) fn rfc3339(t: Timestamp) -> String {
    format!("{t:.3}")
}

/// RFC 2822 with `+0000`, as Apifonica and SignalWire write it (`Fri, 21 Apr 2017 13:01:25
/// +0000`); also the IMF-fixdate of HTTP's `Date` with `GMT` for `+0000`.
pub(crate) fn rfc2822(t: Timestamp, zone: &str) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let dt = t.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let day = DAYS[usize::from(dt.weekday().to_monday_zero_offset().unsigned_abs())];
    let month = MONTHS[usize::from(dt.month().unsigned_abs()).saturating_sub(1) % 12];
    format!(
        "{day}, {:02} {month} {} {:02}:{:02}:{:02} {zone}",
        dt.day(),
        dt.year(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_in_order() {
        let origin = Timestamp::constant(1_767_225_600, 0);
        for h in 0..50u64 {
            let t = Timeline::single(hash::mix(h), origin);
            assert!(t.start <= origin && t.start < t.end);
            assert_eq!(t.phase(t.start), Phase::Ringing);
            assert_eq!(t.phase(t.end), Phase::Ended);
            if let Some(a) = t.answer {
                assert_eq!(t.phase(a), Phase::Talking);
            }
        }
    }

    #[test]
    fn formats() {
        let t = Timestamp::constant(1_492_779_685, 0);
        assert_eq!(rfc2822(t, "+0000"), "Fri, 21 Apr 2017 13:01:25 +0000");
        assert_eq!(rfc3339(t), "2017-04-21T13:01:25.000Z");
    }
}
