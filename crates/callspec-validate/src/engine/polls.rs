//! Across records: the same call seen again later in the input (repeated polls of one call)
//! never goes back. Its state never returns to an earlier stage, its update time never
//! decreases, and the timestamps that are set once (`answerTime`, `endTime`, ...) never change.
//!
//! Each checked record carries its [`Sightings`] (what the `Polls` rule of its resource reads:
//! call id, state rank, update time, set-once timestamps, and, for a record checked on its own,
//! a copy of the body); a [`PollTracker`] sees them in input order, on the one thread that
//! writes, and adds `semantic/monotonic` findings. Positions are looked for only then, for the
//! findings alone, in one pass over the body: a poll that goes forward costs no lookup. The
//! streaming run keeps no copy: a line's sightings alone travel to the writer, and a line whose
//! poll went back is checked again from its chunk's bytes (`run.rs`).
//!
//! Memory is bounded, per call and in all: the tracker remembers at most
//! [`PollTracker::DEFAULT_CAPACITY`] calls (65,536), forgetting the call first seen longest ago
//! when full, so a call polled again after that many other calls is taken as new. A call is
//! keyed by a 64-bit hash of its resource and id, made on the worker that read it (two of
//! 65,536 calls share one with odds near 1 in 10^10), and what is remembered of it is its
//! state's rank, its update time and its set-once timestamps (at most [`FIXED_MAX`]), each text
//! kept inline and cut to [`TEXT_CAP`] (40) bytes: about 390 bytes a call in one slab, about
//! 26 MiB in all. Timestamps less than a second apart are the same moment written at another
//! precision.
//!
//! The tracker runs on the one thread that writes, so it is the run's serial stage: a
//! sighting is made on the worker with no allocation (texts and set-once timestamps inline,
//! the key hashed, pointers written only for a finding), and the writer does one map lookup
//! per call.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use callspec_core::rule::{Instant as Timestamp, Members, Polls, is_one_of};

use super::semantic::{Read, citation};
use super::{Engine, Report};
use crate::finding::{Code, Finding, verdict_of};
use crate::locate;

/// A value's text as written, kept inline (no allocation) and cut to 40 bytes at a character
/// boundary; shown with `…` when cut.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Text {
    bytes: [u8; TEXT_CAP],
    len: u8,
    cut: bool,
}

impl Text {
    /// `text`, cut to 40 bytes.
    pub fn new(text: &str) -> Text {
        let mut end = text.len().min(TEXT_CAP);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; TEXT_CAP];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        Text {
            bytes,
            len: end as u8,
            cut: end < text.len(),
        }
    }

    /// The text kept (without the `…` of a cut one).
    pub fn as_str(&self) -> &str {
        // The bytes are a prefix of a `str` cut at a character boundary.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

/// A value of one poll, with the member it is in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seen<T> {
    /// The value.
    pub value: T,
    /// Its text as written.
    pub text: Text,
    /// The member holding it.
    pub member: &'static str,
}

impl<T> Seen<T> {
    /// Its JSON pointer in the body: `/member`, or `/3/member` in a list's element 3.
    fn pointer(&self, item: Option<usize>) -> String {
        match item {
            Some(index) => format!("/{index}/{}", self.member),
            None => format!("/{}", self.member),
        }
    }
}

/// What one record says about one call, for the across-polls rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    /// The resource.
    pub resource: &'static str,
    /// The call: a hash of the resource and the call id.
    pub key: u64,
    /// The element of a list resource's body that holds the call.
    pub item: Option<usize>,
    /// The state's rank in the call's life, when the state has one.
    pub state: Option<Seen<usize>>,
    /// The update time.
    pub update: Option<Seen<Timestamp>>,
    /// The set-once timestamps that are set, by index in the rule's list (kept inline: a
    /// rule lists at most [`FIXED_MAX`]).
    pub fixed: [Option<Seen<Timestamp>>; FIXED_MAX],
}

/// The most set-once timestamps an across-polls rule lists (the registered rules list two;
/// a test fails naming any that lists more).
pub const FIXED_MAX: usize = 4;

/// What a record says about the calls it holds, for the across-polls rule, with a copy of its
/// body, kept until a [`PollTracker`] has seen it, to place the findings a later poll brings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sightings {
    /// One per call the record holds (one, or one per element of a list).
    pub calls: Vec<Sighting>,
    body: Option<Arc<[u8]>>,
}

impl Sightings {
    /// Whether the record says nothing for the across-polls rule.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// What the tracker remembers of a call.
#[derive(Debug, Clone)]
struct Memory {
    rank: Option<(usize, Text)>,
    update: Option<(Timestamp, Text)>,
    fixed: [Option<(Timestamp, Text)>; FIXED_MAX],
}

/// The tracker's map hashes nothing: its keys are hashes already.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Remembers the calls seen so far in a run, in input order, and reports the polls that go
/// back. Bounded: at most `capacity` calls.
#[derive(Debug)]
pub struct PollTracker {
    capacity: usize,
    /// Each remembered call's place in `memories`, by key.
    calls: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    /// What is remembered of each call, with its key, in the order first seen until full;
    /// then the slot of the call first seen longest ago is taken next.
    memories: Vec<(u64, Memory)>,
    /// The slot taken next once `memories` is full.
    oldest: usize,
}

/// The longest text of a value remembered for a call (a timestamp with many fraction digits
/// is cut, at a character boundary, with `…`).
const TEXT_CAP: usize = 40;

/// The key of a call: a hash of its resource and id, so a key's size does not depend on the
/// id's length.
fn key(resource: &str, call_id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    resource.hash(&mut hasher);
    call_id.hash(&mut hasher);
    hasher.finish()
}

impl Default for PollTracker {
    fn default() -> Self {
        PollTracker::new(PollTracker::DEFAULT_CAPACITY)
    }
}

impl PollTracker {
    /// The calls remembered by default.
    pub const DEFAULT_CAPACITY: usize = 65_536;

    /// A tracker remembering at most `capacity` calls (at least one, at most `u32::MAX`).
    pub fn new(capacity: usize) -> PollTracker {
        PollTracker {
            capacity: capacity.clamp(1, u32::MAX as usize),
            calls: HashMap::default(),
            memories: Vec::new(),
            oldest: 0,
        }
    }

    /// How many calls are remembered now.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether no call is remembered.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Checks `report`'s sightings against the earlier polls of the same calls, adds a
    /// `semantic/monotonic` finding for each that goes back, and remembers them. Returns
    /// whether the report changed (then it must be rendered again).
    pub fn observe(&mut self, engine: &Engine, report: &mut Report) -> bool {
        self.observe_in(engine, report, None)
    }

    /// [`PollTracker::observe`], placing the findings in `body` when given (the caller kept the
    /// record's body, and its sightings carry no copy), else in the sightings' copy.
    pub(crate) fn observe_in(
        &mut self,
        engine: &Engine,
        report: &mut Report,
        body: Option<&[u8]>,
    ) -> bool {
        if report.sightings.is_empty() {
            return false;
        }
        let Sightings { calls, body: copy } = std::mem::take(&mut report.sightings);
        let added = self.went_back(engine, &calls);
        if added.is_empty() {
            return false;
        }
        place(report, added, body.or(copy.as_deref()));
        true
    }

    /// The `semantic/monotonic` findings of `calls` (what one record says) against the earlier
    /// polls of the same calls, which are then remembered with these.
    pub(crate) fn went_back(&mut self, engine: &Engine, calls: &[Sighting]) -> Vec<Finding> {
        let severity = engine.rule_severity(Code::SemanticMonotonic);
        let mut added: Vec<Finding> = Vec::new();
        for sighting in calls {
            let key = sighting.key;
            if let Some(&slot) = self.calls.get(&key) {
                let memory = &mut self.memories[slot as usize].1;
                if let Some(severity) = severity {
                    let rule = engine
                        .semantics_of(sighting.resource)
                        .polls()
                        .map(|(r, _)| r);
                    for mut finding in went_back(memory, sighting) {
                        finding.severity = severity;
                        finding.schema_location = rule.map(citation);
                        added.push(finding);
                    }
                }
                remember(memory, sighting);
            } else {
                let mut memory = Memory {
                    rank: None,
                    update: None,
                    fixed: [None; FIXED_MAX],
                };
                remember(&mut memory, sighting);
                let slot = if self.memories.len() < self.capacity {
                    if self.memories.is_empty() {
                        // Grown once to the usual size rather than doubling through it.
                        let first = self.capacity.min(Self::DEFAULT_CAPACITY);
                        self.memories.reserve_exact(first);
                        self.calls.reserve(first);
                    }
                    self.memories.push((key, memory));
                    self.memories.len() - 1
                } else {
                    // Full: the call first seen longest ago is forgotten.
                    let slot = self.oldest;
                    self.oldest = (slot + 1) % self.capacity;
                    let (forgotten, _) = std::mem::replace(&mut self.memories[slot], (key, memory));
                    self.calls.remove(&forgotten);
                    slot
                };
                // The capacity is at most `u32::MAX` calls.
                self.calls.insert(key, slot as u32);
            }
        }
        added
    }
}

/// Adds the findings `added` (from [`PollTracker::went_back`]) to `report`, placed in `body`
/// (the record's, when at hand) in one pass, and sets its verdict again.
pub(crate) fn place(report: &mut Report, mut added: Vec<Finding>, body: Option<&[u8]>) {
    if let Some(body) = body {
        // Every finding placed in one pass over the body.
        let origin = report.origin.as_ref();
        locate::place_all(&mut added, body, |at| {
            origin.map_or(at, |origin| origin.source_position(at))
        });
        // What is shown about a record with findings may quote its secret fields: a record
        // without findings until now has not had them learned.
        if report.findings.is_empty() {
            report.secrets.learn_json(body);
        }
    }
    report.findings.extend(added);
    report
        .findings
        .sort_by_key(|f| f.position.map(|p| (p.line, p.column)));
    report.verdict = verdict_of(&report.findings);
}

fn finding(pointer: String, message: String, expected: String, text: Text) -> Finding {
    Finding::new(Code::SemanticMonotonic, pointer, message)
        .expected(expected)
        .actual(text.to_string())
}

fn went_back(memory: &Memory, sighting: &Sighting) -> Vec<Finding> {
    let mut out = Vec::new();
    let item = sighting.item;
    if let (Some((before, before_text)), Some(now)) = (&memory.rank, &sighting.state)
        && now.value < *before
    {
        let pointer = now.pointer(item);
        out.push(finding(
            pointer.clone(),
            format!(
                "{pointer} is `{}`, after `{before_text}` in an earlier poll of this call",
                now.text
            ),
            format!("`{before_text}` or a later state"),
            now.text,
        ));
    }
    if let (Some((before, before_text)), Some(now)) = (&memory.update, &sighting.update)
        && apart(now.value, *before) < -PRECISION_SECS
    {
        let pointer = now.pointer(item);
        out.push(finding(
            pointer.clone(),
            format!("{pointer} is before {pointer} {before_text} of an earlier poll of this call"),
            format!("not before {before_text}"),
            now.text,
        ));
    }
    for (now, before) in sighting.fixed.iter().zip(&memory.fixed) {
        if let (Some(now), Some((before, before_text))) = (now, before)
            && apart(now.value, *before).abs() >= PRECISION_SECS
        {
            let pointer = now.pointer(item);
            out.push(finding(
                pointer.clone(),
                format!(
                    "{pointer} changed from {before_text} (an earlier poll of this call) once set"
                ),
                format!("{before_text}, as set before"),
                now.text,
            ));
        }
    }
    out
}

/// Two timestamps closer than this are the same moment written at another precision
/// (`16:45:14Z` and `16:45:14.352Z`): the documents write seconds or milliseconds, so a poll
/// that drops the fraction has not changed the time.
const PRECISION_SECS: f64 = 1.0;

/// `now - before`, in seconds.
fn apart(now: Timestamp, before: Timestamp) -> f64 {
    now.duration_since(before).as_secs_f64()
}

fn remember(memory: &mut Memory, sighting: &Sighting) {
    if let Some(now) = &sighting.state
        && memory.rank.as_ref().is_none_or(|(r, _)| now.value > *r)
    {
        memory.rank = Some((now.value, now.text));
    }
    if let Some(now) = &sighting.update
        && memory.update.as_ref().is_none_or(|(t, _)| now.value > *t)
    {
        memory.update = Some((now.value, now.text));
    }
    for (now, before) in sighting.fixed.iter().zip(&mut memory.fixed) {
        if let Some(now) = now
            && before.is_none()
        {
            *before = Some((now.value, now.text));
        }
    }
}

impl Engine {
    /// What a routed body of `resource` says about each call it holds, for the across-polls
    /// rule, read from `read` (the parsed body or the members the fast path kept), with a copy
    /// of `body` when given (to place the findings a later poll brings; a caller that keeps
    /// the body itself passes none); nothing when the resource has no such rule or the rule
    /// is off.
    pub(super) fn sightings(
        &self,
        resource: &'static str,
        read: Read<'_>,
        body: Option<&[u8]>,
    ) -> Sightings {
        let semantics = self.semantics_of(resource);
        let Some((_rule, polls)) = semantics.polls() else {
            return Sightings::default();
        };
        if self.rule_severity(Code::SemanticMonotonic).is_none() {
            return Sightings::default();
        }
        let mut calls: Vec<Sighting> = Vec::new();
        read.for_each_object(semantics.each_item, |object, item| {
            calls.extend(sighting(resource, polls, object, item));
        });
        if calls.is_empty() {
            return Sightings::default();
        }
        Sightings {
            calls,
            body: body.map(Arc::from),
        }
    }
}

/// What `object` says about its call.
fn sighting(
    resource: &'static str,
    polls: &Polls,
    object: &dyn Members,
    item: Option<usize>,
) -> Option<Sighting> {
    let key = key(resource, object.member(polls.id)?.as_str()?);
    let seen = |member: &'static str, text: &str| Seen {
        value: (),
        text: Text::new(text),
        member,
    };
    let state_value = object.member(polls.state);
    let state = polls
        .order
        .iter()
        .position(|rank| is_one_of(state_value, rank))
        .map(|rank| {
            let text = state_value.and_then(|v| v.as_str()).unwrap_or("null");
            with(seen(polls.state, text), rank)
        });
    let update = polls.update.and_then(|field| {
        let at = object.instant(field)?;
        Some(with(
            seen(field.name, object.member(field.name)?.as_str()?),
            at,
        ))
    });
    let mut fixed = [None; FIXED_MAX];
    for (slot, field) in fixed.iter_mut().zip(polls.fixed) {
        *slot = object.instant(*field).and_then(|at| {
            Some(with(
                seen(field.name, object.member(field.name)?.as_str()?),
                at,
            ))
        });
    }
    Some(Sighting {
        resource,
        key,
        item,
        state,
        update,
        fixed,
    })
}

fn with<T>(seen: Seen<()>, value: T) -> Seen<T> {
    Seen {
        value,
        text: seen.text,
        member: seen.member,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Options;

    const ID: &str = "bandwidth/voice-v2/call-state";

    fn body(call: &str, state: &str, end: Option<&str>, last: &str) -> Vec<u8> {
        let end = end.map_or("null".to_owned(), |e| format!("\"{e}\""));
        let cause = if state == "disconnected" {
            "\"hangup\""
        } else {
            "null"
        };
        format!(
            r#"{{"callId":"{call}","applicationId":"a","accountId":"5","to":"+15553334444","from":"+15551112222","direction":"inbound","state":"{state}","startTime":"2019-10-21T16:45:11.293Z","answerTime":"2019-10-21T16:45:14.352Z","endTime":{end},"disconnectCause":{cause},"lastUpdate":"{last}"}}"#
        )
        .into_bytes()
    }

    fn codes(report: &Report) -> Vec<(&'static str, String)> {
        report
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.pointer.clone()))
            .collect()
    }

    #[test]
    fn a_call_that_goes_back_is_reported_at_the_later_poll() {
        let engine = Engine::new(Options::default()).unwrap();
        let mut tracker = PollTracker::default();
        let ended = "2019-10-21T16:55:12.950Z";
        let mut first = engine.check_bytes(
            Some(ID),
            &body("c-1", "disconnected", Some(ended), "2019-10-21T16:55:13Z"),
        );
        assert!(!tracker.observe(&engine, &mut first));
        let mut second = engine.check_bytes(
            Some(ID),
            &body("c-1", "answered", None, "2019-10-21T16:50:00Z"),
        );
        assert!(tracker.observe(&engine, &mut second));
        assert_eq!(
            codes(&second),
            [
                ("semantic/monotonic", "/state".to_owned()),
                ("semantic/monotonic", "/lastUpdate".to_owned()),
            ]
        );
        assert_eq!(second.verdict, crate::finding::Verdict::Invalid);
        // Placed in the later poll's body, though looked for only once the tracker saw it.
        let state = second.findings[0].position.expect("a position");
        assert_eq!((state.line, state.column), (1, 125));
        assert!(second.findings[0].excerpt.is_some());
        // Another call is independent.
        let mut other = engine.check_bytes(
            Some(ID),
            &body("c-2", "answered", None, "2019-10-21T16:50:00Z"),
        );
        assert!(!tracker.observe(&engine, &mut other));
    }

    #[test]
    fn every_rule_lists_at_most_fixed_max_set_once_timestamps() {
        for resource in callspec::resources() {
            let semantics = callspec::semantic::semantics(resource.id);
            if let Some((_, polls)) = semantics.polls() {
                assert!(
                    polls.fixed.len() <= FIXED_MAX,
                    "`{}`: its across-polls rule lists {} set-once timestamps; the tracker \
                     keeps at most FIXED_MAX ({FIXED_MAX}) (crates/callspec-validate/src/engine/polls.rs)",
                    resource.id,
                    polls.fixed.len()
                );
            }
        }
    }

    #[test]
    fn memory_is_capped() {
        let engine = Engine::new(Options::default()).unwrap();
        let mut tracker = PollTracker::new(2);
        for call in ["c-1", "c-2", "c-3"] {
            let mut r = engine.check_bytes(
                Some(ID),
                &body(
                    call,
                    "disconnected",
                    Some("2019-10-21T16:55:12Z"),
                    "2019-10-21T16:55:13Z",
                ),
            );
            tracker.observe(&engine, &mut r);
        }
        assert_eq!(tracker.len(), 2);
        // c-1 was forgotten: going back is not seen.
        let mut again = engine.check_bytes(
            Some(ID),
            &body("c-1", "answered", None, "2019-10-21T16:50:00Z"),
        );
        assert!(!tracker.observe(&engine, &mut again));
        // c-3 is remembered.
        let mut again = engine.check_bytes(
            Some(ID),
            &body("c-3", "answered", None, "2019-10-21T16:50:00Z"),
        );
        assert!(tracker.observe(&engine, &mut again));
    }

    #[test]
    fn levels_and_no_semantic() {
        let off = Engine::new(Options {
            no_semantic: true,
            ..Options::default()
        })
        .unwrap();
        assert_eq!(off.rule_severity(Code::SemanticTimeOrder), None);
        let bad = body(
            "c-1",
            "answered",
            Some("2019-10-21T16:55:12Z"),
            "2019-10-21T16:55:13Z",
        );
        assert!(off.check_bytes(Some(ID), &bad).findings.is_empty());
        let warn = Engine::new(Options {
            rules: vec!["semantic/state-fields=warning".parse().unwrap()],
            ..Options::default()
        })
        .unwrap();
        let report = warn.check_bytes(Some(ID), &bad);
        assert_eq!(report.verdict, crate::finding::Verdict::Valid);
        assert!(!report.findings.is_empty());
        let strict = Engine::new(Options {
            strict: true,
            ..Options::default()
        })
        .unwrap();
        assert_eq!(
            strict.rule_severity(Code::SemanticDuration),
            Some(crate::finding::Severity::Error)
        );
        assert!(
            "semantic/nope=off"
                .parse::<super::super::RuleSetting>()
                .is_err()
        );
        assert!(
            "contract/type=off"
                .parse::<super::super::RuleSetting>()
                .is_err()
        );
        assert!(
            "semantic/duration=loud"
                .parse::<super::super::RuleSetting>()
                .is_err()
        );
    }
}
