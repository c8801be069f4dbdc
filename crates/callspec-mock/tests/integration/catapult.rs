//! Catapult's list: walked to the end by its `Link` header, sorted, filtered, and 400 for
//! parameters outside the published query schema.

use std::collections::HashSet;

use crate::support::*;

fn next_link(got: &Got) -> Option<String> {
    let link = got.header("Link")?;
    link.split(", ").find_map(|part| {
        let (url, rel) = part.split_once("; ")?;
        (rel == "rel=\"next\"").then(|| url.trim_matches(['<', '>']).to_owned())
    })
}

#[test]
fn paging_walks_every_call_once_in_order() {
    let server = mock();
    let all = get(&server, &format!("{CATAPULT}?size=1000"), &[]).json();
    let total = all.as_array().unwrap().len();
    assert!(total >= 30);
    let mut ids = Vec::new();
    let mut starts = Vec::new();
    let mut url = format!("{CATAPULT}?size=7");
    for _ in 0..100 {
        let got = get(&server, &url, &[]);
        assert_eq!(got.status, 200);
        for call in got.json().as_array().unwrap() {
            ids.push(call["id"].as_str().unwrap().to_owned());
            starts.push(call["startTime"].as_str().unwrap().to_owned());
        }
        match next_link(&got) {
            Some(next) => url = next.strip_prefix(&server.base_url()).unwrap().to_owned(),
            None => break,
        }
    }
    assert_eq!(ids.len(), total, "every call, once");
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        total,
        "no duplicates"
    );
    assert!(
        starts.windows(2).all(|w| w[0] >= w[1]),
        "desc by startTime by default"
    );
    let asc = get(&server, &format!("{CATAPULT}?size=1000&sortOrder=asc"), &[]).json();
    let asc_starts: Vec<&str> = asc
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["startTime"].as_str().unwrap())
        .collect();
    assert!(asc_starts.windows(2).all(|w| w[0] <= w[1]));
    let past_end = get(&server, &format!("{CATAPULT}?page=1000"), &[]);
    assert_eq!(past_end.json(), serde_json::json!([]));
    assert!(next_link(&past_end).is_none());
}

#[test]
fn defaults_are_page_0_of_25() {
    let server = mock();
    let default = get(&server, CATAPULT, &[]);
    let explicit = get(
        &server,
        &format!("{CATAPULT}?page=0&size=25&sortOrder=desc"),
        &[],
    );
    assert_eq!(default.body, explicit.body);
    assert_eq!(default.json().as_array().unwrap().len(), 25);
    assert!(
        default
            .header("Link")
            .is_some_and(|l| l.contains("rel=\"next\"") && l.contains("rel=\"first\""))
    );
}

#[test]
fn filters_and_groups() {
    let server = mock();
    let all = get(&server, &format!("{CATAPULT}?size=1000"), &[]).json();
    let first = &all[0];
    let from = first["from"].as_str().unwrap();
    let encoded: String = from.bytes().map(|b| format!("%{b:02X}")).collect();
    let filtered = get(
        &server,
        &format!("{CATAPULT}?size=1000&from={encoded}"),
        &[],
    );
    if from.starts_with('+') || from.starts_with("sip:") {
        assert_eq!(
            filtered.status,
            200,
            "{}",
            String::from_utf8_lossy(&filtered.body)
        );
        let calls = filtered.json();
        assert!(
            calls
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["from"] == first["from"])
        );
        assert!(!calls.as_array().unwrap().is_empty());
    }
    let bridge = get(&server, &format!("{CATAPULT}?bridgeId=brg-1&size=1"), &[]);
    assert_eq!(bridge.status, 200);
    assert!(bridge.header("Link").is_none(), "pagination does not apply");
    let calls = bridge.json();
    assert!(calls.as_array().unwrap().len() > 1, "size is not applied");
    assert!(
        calls
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["bridgeId"] == "brg-1")
    );
}

#[test]
fn out_of_range_parameters_are_400_with_a_body() {
    let server = mock();
    for query in [
        "size=0",
        "size=1001",
        "page=-1",
        "page=one",
        "sortOrder=newest",
        "to=bob",
    ] {
        let got = get(&server, &format!("{CATAPULT}?{query}"), &[]);
        assert_eq!(got.status, 400, "{query}");
        let body = got.json();
        assert_eq!(body["category"], "bad-request", "{query}");
        assert!(!body["details"].as_array().unwrap().is_empty(), "{query}");
    }
}
