//! Every named case of every catalog, generated from a few seeds, judged by the oracles:
//! valid and edge payloads pass callspec's schemas and boon and survive the typed round trip;
//! drift payloads raise exactly their drift findings; invalid payloads raise exactly their
//! finding. This covers the whole catalog whatever proptest happens to draw.

use crate::support;

use callspec_core::finding::Verdict;
use callspec_gen::{Kind, catalog, resource_ids, sample, sample_case};

const SEEDS: [u64; 3] = [0, 1, 0xC0FFEE];

#[test]
fn every_case_raises_exactly_its_findings() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in resource_ids() {
        for kind in [Kind::Edge, Kind::Drift, Kind::Invalid] {
            for case in catalog(id, kind) {
                for seed in SEEDS {
                    let g = sample_case(id, &case.name, seed).expect("the case exists");
                    assert_eq!(g.case, case.name);
                    assert_eq!(g.kind, kind);
                    checked += 1;
                    if let Err(e) = support::check(&g) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} payloads disagree with the oracles:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn verdicts_match_the_catalog() {
    for id in resource_ids() {
        for seed in 0..40 {
            let valid = sample(id, Kind::Valid, seed).unwrap();
            assert_eq!(valid.expect.verdict, Verdict::Valid);
            assert_eq!(valid.case, "valid");
            let edge = sample(id, Kind::Edge, seed).unwrap();
            assert!(matches!(
                edge.expect.verdict,
                Verdict::Valid | Verdict::Drift
            ));
            assert_eq!(
                edge.expect.verdict == Verdict::Drift,
                edge.case.ends_with(":unknown-future-value"),
                "{id} {}",
                edge.case
            );
            assert_eq!(
                sample(id, Kind::Drift, seed).unwrap().expect.verdict,
                Verdict::Drift
            );
            let invalid = sample(id, Kind::Invalid, seed).unwrap();
            assert!(matches!(
                invalid.expect.verdict,
                Verdict::Invalid | Verdict::Unreadable
            ));
            // One finding the mutation makes; the semantic rules may add warnings it provokes.
            let made = invalid.expect.findings.iter();
            let made = made.filter(|f| !f.code.is_semantic() || f.code.verdict() != Verdict::Valid);
            assert_eq!(made.count(), 1, "{id} {}", invalid.case);
        }
    }
}

#[test]
fn names_are_unique_and_stable_in_form() {
    for id in resource_ids() {
        let all: Vec<&str> = [Kind::Edge, Kind::Drift, Kind::Invalid]
            .into_iter()
            .flat_map(|kind| catalog(id, kind).iter().map(|c| c.name.as_str()))
            .collect();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "{id}: a name is in two catalogs");
        for kind in [Kind::Edge, Kind::Drift, Kind::Invalid] {
            let names: Vec<&str> = catalog(id, kind).iter().map(|c| c.name.as_str()).collect();
            assert!(!names.is_empty(), "{id} {kind}: empty catalog");
            for name in names {
                assert!(
                    !name.is_empty() && !name.contains(char::is_whitespace),
                    "{id}: `{name}`"
                );
            }
        }
    }
}

#[test]
fn rich_payloads_cover_every_known_property() {
    // The builders write JSON directly; this keeps them in step with the models: every
    // property the schema knows appears in some valid payload.
    for id in resource_ids() {
        let schema = callspec::resource(id).unwrap().schema().to_value();
        let mut known = Vec::new();
        collect_known(&schema, "", &mut known);
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200 {
            let g = sample(id, Kind::Valid, seed).unwrap();
            collect_present(g.body.json().unwrap(), "", &mut seen);
        }
        for seed in 0..50 {
            // Edge cases start from rich payloads that fill every optional member.
            let g = sample_case(id, "rfc3339:fraction-3", seed)
                .or_else(|| sample_case(id, "rfc2822:document-style", seed))
                .or_else(|| sample(id, Kind::Edge, seed))
                .unwrap();
            if let Some(body) = g.body.json() {
                collect_present(body, "", &mut seen);
            }
        }
        for property in known {
            assert!(
                seen.contains(&property),
                "{id}: no generated payload has `{property}`"
            );
        }
    }
}

fn collect_known(schema: &serde_json::Value, _at: &str, out: &mut Vec<String>) {
    // Property names of every object schema, unqualified.
    match schema {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Array(names)) =
                map.get(callspec_core::schema::KNOWN_PROPERTIES)
            {
                out.extend(names.iter().filter_map(|n| n.as_str()).map(str::to_owned));
            }
            for v in map.values() {
                collect_known(v, "", out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_known(v, "", out)),
        _ => {}
    }
}

fn collect_present(
    value: &serde_json::Value,
    _at: &str,
    out: &mut std::collections::BTreeSet<String>,
) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                if k != "sipHeaders" {
                    collect_present(v, "", out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_present(v, "", out)),
        _ => {}
    }
}
