//! The merge law: the merge of the reports of any split of a log (through their JSON, as
//! `--merge` reads them) is the report of the whole log.

use std::sync::LazyLock;

use callspec_drift::{Collector, DriftReport};
use callspec_gen::Kind;
use callspec_validate::{Engine, Options};
use proptest::prelude::*;

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(Options::default()).expect("the catalog compiles"));

/// A mixed log: every resource, every kind, and an unreadable line.
static LOG: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let mut lines = Vec::new();
    for (n, id) in callspec_gen::resource_ids().into_iter().enumerate() {
        for (k, kind) in [Kind::Valid, Kind::Drift, Kind::Invalid, Kind::Edge]
            .into_iter()
            .enumerate()
        {
            for seed in 0..2u64 {
                if let Some(generated) = callspec_gen::sample(id, kind, seed + 10 * (n + k) as u64)
                {
                    lines.push(generated.body.to_bytes());
                }
            }
        }
    }
    lines.push(b"{\"callId\": ".to_vec());
    lines
});

fn report_of(parts: &[(usize, &Vec<u8>)]) -> DriftReport {
    let mut collector = Collector::new(&ENGINE);
    for (line, body) in parts {
        collector.add_bytes("log.ndjson", *line as u64 + 1, body);
    }
    collector.finish()
}

fn through_json(report: &DriftReport) -> DriftReport {
    let text = serde_json::to_string(report).expect("a report serializes");
    serde_json::from_str(&text).expect("a report reads back")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn merge_of_a_split_is_the_whole(parts in proptest::collection::vec(0..3usize, LOG.len())) {
        let whole = report_of(&LOG.iter().enumerate().collect::<Vec<_>>());
        let mut merged = DriftReport::new();
        for part in 0..3 {
            let lines: Vec<(usize, &Vec<u8>)> = LOG
                .iter()
                .enumerate()
                .filter(|(i, _)| parts[*i] == part)
                .collect();
            merged.merge(through_json(&report_of(&lines))).unwrap();
        }
        if merged != whole {
            let a = serde_json::to_string_pretty(&merged).unwrap();
            let b = serde_json::to_string_pretty(&whole).unwrap();
            let diff: Vec<String> = a.lines().zip(b.lines()).enumerate()
                .filter(|(_, (x, y))| x != y).take(5)
                .map(|(i, (x, y))| format!("line {i}: merged {x} / whole {y}")).collect();
            prop_assert!(false, "the merge differs from the whole: {diff:#?}");
        }
    }
}

#[test]
fn a_report_of_another_format_is_refused() {
    let mut report = DriftReport::new();
    let mut other = DriftReport::new();
    other.schema = "https://example.com/other".into();
    let error = report.merge(other).unwrap_err();
    assert!(error.to_string().contains("https://example.com/other"));
}
