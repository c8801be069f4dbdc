//! The property tests of issue 5, run through the public strategies as a user's test would:
//! for every resource, valid and edge payloads pass callspec's schemas and boon and survive the
//! typed round trip, drift payloads are exactly their drift, and invalid payloads raise exactly
//! their finding.

use crate::support;

use callspec_gen::{Kind, resource_ids, strategies};
use proptest::test_runner::{Config, TestRunner};

/// Cases per resource and kind: the catalog test already covers every named case.
const CASES: u32 = 48;

fn run(kind: Kind) {
    for id in resource_ids() {
        let strategy = strategies(id).expect("known resource").of(kind);
        let mut runner = TestRunner::new(Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |g| {
            assert_eq!(g.resource, id);
            support::check(&g).map_err(proptest::test_runner::TestCaseError::fail)
        });
        if let Err(e) = result {
            panic!("{id} {kind}: {e}");
        }
    }
}

#[test]
fn valid_payloads_conform_and_round_trip() {
    run(Kind::Valid);
}

#[test]
fn edge_payloads_conform_and_round_trip() {
    run(Kind::Edge);
}

#[test]
fn drift_payloads_are_exactly_their_drift() {
    run(Kind::Drift);
}

#[test]
fn invalid_payloads_raise_exactly_their_finding() {
    run(Kind::Invalid);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..Default::default()
    })]

    /// The per-resource modules are the same strategies, usable in `proptest!`.
    #[test]
    fn resource_modules_work_in_proptest_macros(
        g in callspec_gen::bandwidth::call_state::edge(),
        q in callspec_gen::bandwidth::list_calls_query::invalid(),
    ) {
        proptest::prop_assert_eq!(g.resource, "bandwidth/voice-v2/call-state");
        proptest::prop_assert!(support::check(&g).is_ok());
        proptest::prop_assert!(support::check(&q).is_ok());
    }
}
