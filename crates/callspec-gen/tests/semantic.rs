//! The semantic rules: every rule has a generator mutation or a rule-driven case (an edge case
//! for each duration rule, a warning); valid
//! payloads are coherent (no semantic error); and on the half of the rules JSON Schema
//! expresses (state => presence and null-ness, published as `if`/`then`), boon, reading the
//! published `specs/`, gives the same verdict as callspec.

use callspec_core::rule::Check;
use callspec_gen::{Kind, ResourceSelector, catalog, nth, resource_ids, sample};
use callspec_validate::{Code, Engine, Options, PollTracker, Severity};
use serde_json::Value;

use crate::support;

fn engine() -> Engine {
    Engine::new(Options::default()).expect("the engine builds")
}

/// callspec's verdict on the exported half: no contract error and no state-and-fields error.
fn callspec_accepts(engine: &Engine, id: &str, body: &Value) -> bool {
    let bytes = serde_json::to_vec(body).expect("serializes");
    let report = engine.check_bytes(Some(id), &bytes);
    !report
        .findings
        .iter()
        .any(|f| f.code.family() == "contract" || f.code == Code::SemanticStateFields)
}

/// The object the rules read: the body, or the first call of a list.
fn item(body: &mut Value, each_item: bool) -> Option<&mut serde_json::Map<String, Value>> {
    if each_item {
        body.as_array_mut()?.first_mut()?.as_object_mut()
    } else {
        body.as_object_mut()
    }
}

/// Bodies that put each state-and-fields rule to the test: a rich valid payload with the rule's
/// `when` member set to each of its values, and the same with the rule's fields flipped.
fn probes(id: &str) -> Vec<Value> {
    let semantics = callspec::semantic::semantics(id);
    let mut out = Vec::new();
    for seed in 0..4 {
        let Some(g) = sample(id, Kind::Valid, seed) else {
            continue;
        };
        let Some(base) = g.body.json().cloned() else {
            continue;
        };
        out.push(base.clone());
        for rule in semantics.rules {
            let Check::Fields {
                when,
                is,
                set,
                unset,
            } = rule.check
            else {
                continue;
            };
            for value in is {
                let state = value.map_or(Value::Null, |s| Value::String(s.to_owned()));
                let mut probe = base.clone();
                let Some(object) = item(&mut probe, semantics.each_item) else {
                    continue;
                };
                object.insert(when.to_owned(), state);
                out.push(probe.clone());
                // Flip what the rule speaks of: the fields it wants set become null, those it
                // wants unset get a value.
                let Some(object) = item(&mut probe, semantics.each_item) else {
                    continue;
                };
                for name in set {
                    object.insert((*name).to_owned(), Value::Null);
                }
                for name in unset {
                    object.insert((*name).to_owned(), Value::String("x".to_owned()));
                }
                out.push(probe);
            }
        }
    }
    out
}

#[test]
fn boon_agrees_with_callspec_on_the_exported_half() {
    let engine = engine();
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for id in resource_ids() {
        for body in probes(id) {
            checked += 1;
            let boon = support::boon(id, &body).is_ok();
            let ours = callspec_accepts(&engine, id, &body);
            if boon != ours {
                disagreements.push(format!("{id}: boon {boon}, callspec {ours}: {body}"));
            }
        }
    }
    assert!(checked > 50, "only {checked} probes");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn every_rule_a_payload_can_break_has_an_invalid_mutation() {
    for id in resource_ids() {
        let semantics = callspec::semantic::semantics(id);
        // A list resource's page can hold two polls of one call: its across-polls rule has a
        // mutation too.
        let rules = semantics
            .rules
            .iter()
            .filter(|r| match r.check {
                Check::TimeOrder(_) | Check::Fields { .. } => true,
                Check::Polls(_) => semantics.each_item,
                Check::Duration { .. } => false,
            })
            .count();
        let mutations = catalog(id, Kind::Invalid)
            .iter()
            .filter(|c| c.name.starts_with("semantic:"))
            .count();
        assert_eq!(mutations, rules, "{id}");
    }
}

/// Every duration rule has an edge case that breaks it: the payload stays valid (the rule is a
/// warning), its expectation names `semantic/duration` at the rule's member, and callspec's
/// engine reports exactly that.
#[test]
fn every_duration_rule_has_an_edge_case() {
    let engine = engine();
    let mut cases = 0;
    for id in resource_ids() {
        let semantics = callspec::semantic::semantics(id);
        for rule in semantics.rules {
            let Check::Duration { field, .. } = rule.check else {
                continue;
            };
            let name = format!("semantic:{field}-off");
            let mut raised = 0;
            for seed in 0..16 {
                let g = callspec_gen::sample_case(id, &name, seed)
                    .unwrap_or_else(|| panic!("{id} has no edge case `{name}`"));
                assert_eq!(g.expect.verdict.as_str(), "valid", "{id} {name}: {g:?}");
                let prefix = if semantics.each_item { "/0" } else { "" };
                let pointer = format!("{prefix}/{field}");
                let expected = g
                    .expect
                    .findings
                    .iter()
                    .any(|f| f.code == Code::SemanticDuration && f.pointer == pointer);
                let report = engine.check_bytes(Some(id), &g.body.to_bytes());
                let reported = report
                    .findings
                    .iter()
                    .any(|f| f.code == Code::SemanticDuration && f.pointer == pointer);
                assert_eq!(expected, reported, "{id} {name} seed {seed}: {report:?}");
                assert_eq!(report.verdict.as_str(), "valid", "{id} {name}: {report:?}");
                raised += usize::from(expected);
            }
            assert!(
                raised >= 12,
                "{id} {name}: the rule broken in {raised} of 16 payloads"
            );
            cases += 1;
        }
    }
    assert!(cases >= 3, "{cases} duration rules");
}

#[test]
fn valid_payloads_break_no_semantic_rule() {
    let engine = engine();
    for id in resource_ids() {
        for index in 0..300 {
            let g = nth(ResourceSelector::One(id), Kind::Valid, 11, index).expect("known");
            let bytes = g.body.to_bytes();
            let report = engine.check_bytes(Some(id), &bytes);
            let broken: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.code.is_semantic() && f.severity == Severity::Error)
                .map(|f| format!("{} {}: {}", f.code, f.pointer, f.message))
                .collect();
            assert!(
                broken.is_empty(),
                "{id} valid #{index}: {broken:?}\n{}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}

/// The round trip with the semantic rules: `CALLSPEC_ROUND_TRIP` records (40 unless set; run
/// by hand with 10000 in release mode) per resource and kind, generated then validated, agree
/// with every expectation.
#[test]
fn the_round_trip_agrees_with_the_semantic_rules() {
    let count: u64 = std::env::var("CALLSPEC_ROUND_TRIP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let engine = engine();
    let mut failures = Vec::new();
    for id in resource_ids() {
        for kind in Kind::ALL {
            for index in 0..count {
                let g = nth(ResourceSelector::One(id), kind, 7, index).expect("known resource");
                let mut report = engine.check_bytes(Some(g.resource), &g.body.to_bytes());
                // Polls within the one payload (a list repeating a call), as a run follows them.
                PollTracker::default().observe(&engine, &mut report);
                let mut found: Vec<(Code, String)> = report
                    .findings
                    .iter()
                    .map(|f| (f.code, f.pointer.clone()))
                    .collect();
                found.sort();
                let mut expected: Vec<(Code, String)> = g
                    .expect
                    .findings
                    .iter()
                    .map(|e| (e.code, e.pointer.clone()))
                    .collect();
                expected.sort();
                if report.verdict.as_str() != g.expect.verdict.as_str() || found != expected {
                    failures.push(format!("{id} {kind:?} #{index} `{}`: {found:?}", g.case));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
