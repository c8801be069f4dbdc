//! Agreement of the fast path with `jsonschema` on the closed schema: every published schema
//! compiles, and the fast path accepts a body exactly when the closed schema's `is_valid` does
//! (and the published schema's own program exactly when its validator's `is_valid` does),
//! on every corpus record, on the generator's valid, edge, drift and invalid output for every
//! resource, and on arbitrary bytes. The engine gives the same report with the fast path as
//! without it.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

use callspec_gen::{Kind, ResourceSelector};
use proptest::prelude::*;
use serde_json::Value;

use super::super::compile::Compiled;
use super::super::{Engine, Options};
use crate::input::{Origin, Record};

fn engine() -> &'static Engine {
    static ENGINE: std::sync::LazyLock<Engine> =
        std::sync::LazyLock::new(|| Engine::new(Options::default()).unwrap());
    &ENGINE
}

/// An engine with no fast path and no program of the published schemas (`jsonschema` alone):
/// the reference for the reports.
fn slow_engine() -> &'static Engine {
    static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(|| {
        let mut engine = Engine::new(Options::default()).unwrap();
        for c in &mut engine.compiled {
            c.fast = None;
            c.open = super::super::lazy::LazyProgram::none();
        }
        engine
    });
    &ENGINE
}

/// What each of a resource's four checkers answers about one body: the fast path and the
/// closed schema's validator, the published schema's program and its validator.
struct Answers {
    fast: bool,
    closed: bool,
    open: bool,
    published: bool,
}

impl Answers {
    /// The answers of `c` about `body`, parsed as `value` (`None` when it is not JSON).
    fn of(c: &Compiled, body: &[u8], value: Option<&Value>) -> Answers {
        Answers {
            fast: c.fast.as_ref().unwrap().accepts(body).is_some(),
            closed: value.is_some_and(|v| c.closed.get().unwrap().is_valid(v)),
            open: c.open.get().unwrap().accepts(body).is_some(),
            published: value.is_some_and(|v| c.validator.get().unwrap().is_valid(v)),
        }
    }
}

/// For every resource: the fast path's answer and the closed schema's agree on `body`, and so
/// do the published schema's program and its validator. A body
/// that is not one JSON value in UTF-8 is never accepted. An object with a property twice is
/// never accepted (checked by [`no_duplicate_is_accepted`]); the agreement holds for the rest.
fn assert_agrees(body: &[u8]) -> Result<(), TestCaseError> {
    let value = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    for c in &engine().compiled {
        let answers = Answers::of(c, body, value.as_ref());
        prop_assert_eq!(
            answers.fast,
            answers.closed,
            "{} on {}",
            c.resource.id,
            String::from_utf8_lossy(body)
        );
        prop_assert_eq!(
            answers.open,
            answers.published,
            "{} (published schema) on {}",
            c.resource.id,
            String::from_utf8_lossy(body)
        );
    }
    Ok(())
}

/// Every published schema compiles for the fast path (a resource without one would be checked
/// by the full engine only: correct, but slow).
#[test]
fn every_resource_has_a_fast_path() {
    for c in &engine().compiled {
        let published = c.resource.schema().to_value();
        let closed = super::super::compile::closed_schema(published.clone());
        if let Err(refusal) = super::Program::compile(&closed) {
            panic!("{} has no fast path: {refusal}", c.resource.id);
        }
        if let Err(refusal) = super::Program::compile(&published) {
            panic!(
                "{}'s published schema has no program: {refusal}",
                c.resource.id
            );
        }
    }
}

/// On every record of the corpus, and the same reports (the semantic rules read from the
/// members the fast path kept, or from the parsed body).
#[test]
fn agrees_on_the_corpus() {
    let mut checked = 0;
    for (_, line) in super::super::tests::corpus_bodies() {
        assert_agrees(&line).unwrap();
        assert_same_reports(&line).unwrap();
        checked += 1;
    }
    assert!(checked > 200, "{checked}");
}

/// An object with one of its listed properties twice is never accepted, whatever the value.
#[test]
fn no_duplicate_is_accepted() {
    let c = engine()
        .by_id("bandwidth/voice-v2/call-state")
        .unwrap()
        .fast
        .as_ref()
        .unwrap();
    let body = br#"{"callId":"c","applicationId":"a","accountId":"5","to":"+15553334444",
        "from":"+15551112222","direction":"inbound","state":"answered",
        "startTime":"2019-10-21T16:45:11.293Z","lastUpdate":"2019-10-21T16:45:11.293Z"}"#;
    assert!(c.accepts(body).is_some());
    let twice =
        String::from_utf8_lossy(body).replace(r#""callId":"c""#, r#""callId":"c","callId":"d""#);
    assert!(c.accepts(twice.as_bytes()).is_none());
}

/// Through the engine: the same reports with the fast path as without it, records routed by
/// shape (so the fast path's routing is checked too) and forced.
fn assert_same_reports(body: &[u8]) -> Result<(), TestCaseError> {
    for line in [Some(1), None] {
        let mut origin = Origin::new("log.ndjson".into());
        origin.line = line;
        let record = || Record {
            origin: origin.clone(),
            body: Ok(body.to_vec()),
            exchange: None,
        };
        prop_assert_eq!(engine().check(record()), slow_engine().check(record()));
        // The same record again: now the fast path has a remembered route.
        prop_assert_eq!(engine().check(record()), slow_engine().check(record()));
    }
    Ok(())
}

fn any_kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

fn any_resource() -> impl Strategy<Value = &'static str> {
    prop::sample::select(
        callspec::resources()
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// On the generator's output: every kind, every resource.
    #[test]
    fn agrees_on_generated_payloads(
        (id, kind, seed) in (any_resource(), any_kind(), any::<u64>())
    ) {
        let generated = callspec_gen::sample(id, kind, seed).unwrap();
        let body = generated.body.to_bytes();
        assert_agrees(&body)?;
        assert_same_reports(&body)?;
    }

    /// On arbitrary bytes.
    #[test]
    fn agrees_on_arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..256)) {
        assert_agrees(&body)?;
    }

    /// On valid payloads with one byte changed: mostly near misses of every keyword.
    #[test]
    fn agrees_on_one_changed_byte(
        (id, seed, at, byte) in (any_resource(), any::<u64>(), any::<prop::sample::Index>(), any::<u8>())
    ) {
        let mut body = callspec_gen::sample(id, Kind::Valid, seed).unwrap().body.to_bytes();
        if !body.is_empty() {
            let i = at.index(body.len());
            body[i] = byte;
        }
        assert_agrees(&body)?;
        assert_same_reports(&body)?;
    }
}

/// A longer run over the NDJSON writer's records, every kind and resource in turn:
/// `CALLSPEC_AGREEMENT_RECORDS` of them (2,000 by default; run by hand in release mode with
/// millions), shared among the machine's cores.
#[test]
fn agrees_on_many_generated_records() {
    let count: u64 = std::env::var("CALLSPEC_AGREEMENT_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let accepted: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || agree_on_share(count, t, threads)))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    eprintln!(
        "{count} records: the fast path and the closed schema agree, and the published schema's \
         program and its validator; {accepted} accepted by the fast path"
    );
    assert!(count < 8 || accepted > 0);
}

/// Records `t`, `t + threads`, ... of the long run; how many the fast path accepted.
fn agree_on_share(count: u64, t: u64, threads: u64) -> u64 {
    let mut accepted = 0;
    for index in (t..count).step_by(threads as usize) {
        let kind = Kind::ALL[(index % 4) as usize];
        let generated = callspec_gen::nth(ResourceSelector::All, kind, 7, index / 4).unwrap();
        let body = generated.body.to_bytes();
        let c = engine().by_id(generated.resource).unwrap();
        let value = serde_json::from_slice::<Value>(&body).ok();
        let answers = Answers::of(c, &body, value.as_ref());
        assert_eq!(
            answers.fast,
            answers.closed,
            "record {index}: {}",
            String::from_utf8_lossy(&body)
        );
        assert_eq!(
            answers.open,
            answers.published,
            "record {index} (published schema): {}",
            String::from_utf8_lossy(&body)
        );
        accepted += u64::from(answers.fast);
    }
    accepted
}
