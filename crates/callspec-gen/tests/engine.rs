//! callspec's own validator agrees with every expectation: each named case of every catalog
//! (from a few seeds) and a run of NDJSON records per resource and kind, checked with
//! `callspec_validate::Engine::check_bytes`, give exactly the expected verdict and findings.

use callspec_gen::{
    Expected, Generated, Kind, ResourceSelector, catalog, nth, resource_ids, sample_case,
};
use callspec_validate::{Engine, Options, PollTracker};

fn disagreement(engine: &Engine, g: &Generated) -> Option<String> {
    let bytes = g.body.to_bytes();
    let mut report = engine.check_bytes(Some(g.resource), &bytes);
    // Polls within the one payload (a list repeating a call), as a run follows them.
    PollTracker::default().observe(engine, &mut report);
    let mut found: Vec<Expected> = report
        .findings
        .iter()
        .map(|f| Expected::new(f.code, f.pointer.clone()))
        .collect();
    found.sort();
    let mut expected = g.expect.findings.clone();
    expected.sort();
    (report.verdict.as_str() != g.expect.verdict.as_str() || found != expected).then(|| {
        format!(
            "{} `{}`: expected {} {:?}, the engine says {} {:?}\nbody: {}",
            g.resource,
            g.case,
            g.expect.verdict,
            expected,
            report.verdict.as_str(),
            found,
            String::from_utf8_lossy(&bytes)
                .chars()
                .take(600)
                .collect::<String>()
        )
    })
}

fn engine() -> Engine {
    Engine::new(Options::default()).expect("the engine builds")
}

#[test]
fn the_engine_agrees_with_every_catalog_case() {
    let engine = engine();
    let mut failures = Vec::new();
    for id in resource_ids() {
        for kind in [Kind::Edge, Kind::Drift, Kind::Invalid] {
            for case in catalog(id, kind) {
                for seed in [0, 1, 2] {
                    let g = sample_case(id, &case.name, seed).expect("the case exists");
                    failures.extend(disagreement(&engine, &g));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_engine_agrees_with_generated_records() {
    let engine = engine();
    let mut failures = Vec::new();
    for id in resource_ids() {
        for kind in Kind::ALL {
            for index in 0..150 {
                let g = nth(ResourceSelector::One(id), kind, 2024, index).expect("known resource");
                failures.extend(disagreement(&engine, &g));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
