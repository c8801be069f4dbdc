//! The NDJSON writer: deterministic for a seed, one record per line, expectation lines in the
//! documented shape, and every line judged as its expectation says.

use crate::support;

use base64::Engine as _;
use callspec_core::finding::Verdict;
use callspec_gen::{Body, Expected, Kind, ResourceSelector, nth, resource_ids, write_ndjson};
use serde_json::Value;

fn generate(
    resource: ResourceSelector,
    kind: Kind,
    count: u64,
    seed: u64,
    expect: bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    write_ndjson(&mut out, resource, kind, count, seed, expect).expect("writing to memory");
    out
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    assert_eq!(lines.pop(), Some(&b""[..]), "output ends with a newline");
    lines
}

#[test]
fn same_seed_same_bytes_and_counts_are_prefixes() {
    for kind in Kind::ALL {
        for expect in [false, true] {
            let a = generate(ResourceSelector::All, kind, 60, 7, expect);
            let b = generate(ResourceSelector::All, kind, 60, 7, expect);
            assert_eq!(a, b);
            let longer = generate(ResourceSelector::All, kind, 90, 7, expect);
            assert!(longer.starts_with(&a));
            assert_ne!(a, generate(ResourceSelector::All, kind, 60, 8, expect));
            assert_eq!(lines(&a).len(), 60);
        }
    }
}

#[test]
fn expectation_lines_describe_their_bodies() {
    for id in resource_ids() {
        let selector = ResourceSelector::One(id);
        for kind in Kind::ALL {
            let plain = generate(selector, kind, 40, 11, false);
            let wrapped = generate(selector, kind, 40, 11, true);
            for (i, (plain, line)) in lines(&plain).into_iter().zip(lines(&wrapped)).enumerate() {
                let record: Value = serde_json::from_slice(line).unwrap();
                let object = record.as_object().unwrap();
                assert!(
                    !object.contains_key("resource"),
                    "only `all` names the resource"
                );
                let g = nth(selector, kind, 11, i as u64).unwrap();
                assert_eq!(record["case"], g.case.as_str());
                assert_eq!(record["expect"]["verdict"], g.expect.verdict.as_str());
                let findings: Vec<Expected> = record["expect"]["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| {
                        Expected::new(
                            f["code"].as_str().unwrap().parse().unwrap(),
                            f["pointer"].as_str().unwrap(),
                        )
                    })
                    .collect();
                assert_eq!(findings, g.expect.findings);
                assert_eq!(plain, g.body.to_bytes(), "a plain line is the body's bytes");
                match &g.body {
                    Body::Json(body) => {
                        assert_eq!(&record["body"], body);
                        assert_eq!(object.len(), 3);
                    }
                    Body::Text(bytes) => {
                        assert_eq!(g.expect.verdict, Verdict::Unreadable);
                        assert!(!bytes.contains(&b'\n') && !bytes.contains(&b'\r'));
                        let exact = base64::engine::general_purpose::STANDARD
                            .decode(record["body_base64"].as_str().unwrap())
                            .unwrap();
                        assert_eq!(&exact, bytes);
                        assert_eq!(
                            record["body_text"].as_str().unwrap(),
                            String::from_utf8_lossy(bytes)
                        );
                        assert!(!object.contains_key("body"));
                    }
                }
            }
        }
    }
}

#[test]
fn all_mixes_every_resource_in_turn_and_names_it() {
    let ids = resource_ids();
    for kind in Kind::ALL {
        let out = generate(ResourceSelector::All, kind, 3 * ids.len() as u64, 5, true);
        for (i, line) in lines(&out).into_iter().enumerate() {
            let record: Value = serde_json::from_slice(line).unwrap();
            assert_eq!(record["resource"], ids[i % ids.len()]);
            // Judge the line as a consumer in another language would: from the line alone.
            let resource = record["resource"].as_str().unwrap();
            let body = match record.get("body") {
                Some(body) => Body::Json(body.clone()),
                None => Body::Text(
                    base64::engine::general_purpose::STANDARD
                        .decode(record["body_base64"].as_str().unwrap())
                        .unwrap(),
                ),
            };
            let (verdict, findings) = support::judge(resource, &body);
            // The schema oracle knows the contract, not the semantic rules (a duration off is
            // a warning on a valid record): it judges the contract half of the expectation.
            let all: Vec<Expected> = record["expect"]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    Expected::new(
                        f["code"].as_str().unwrap().parse().unwrap(),
                        f["pointer"].as_str().unwrap(),
                    )
                })
                .collect();
            let said = Verdict::of(all.iter().map(|e| e.code));
            assert_eq!(record["expect"]["verdict"], said.as_str(), "{record}");
            let mut expected: Vec<Expected> =
                all.into_iter().filter(|e| !e.code.is_semantic()).collect();
            expected.sort();
            assert_eq!(
                verdict,
                Verdict::of(expected.iter().map(|e| e.code)),
                "{record}"
            );
            assert_eq!(findings, expected, "{record}");
        }
    }
}

#[test]
fn selectors_parse_and_unknown_resources_are_errors() {
    assert_eq!("all".parse::<ResourceSelector>(), Ok(ResourceSelector::All));
    assert_eq!(
        "vonage/v0/not-found".parse::<ResourceSelector>(),
        Ok(ResourceSelector::One("vonage/v0/not-found"))
    );
    let e = "vonage/v9/nothing".parse::<ResourceSelector>().unwrap_err();
    assert!(e.to_string().contains("apifonica/v2/call"), "{e}");
    let e = write_ndjson(
        &mut Vec::new(),
        ResourceSelector::One("nope"),
        Kind::Valid,
        1,
        0,
        false,
    )
    .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!("drift".parse::<Kind>(), Ok(Kind::Drift));
    assert!("weird".parse::<Kind>().is_err());
}
