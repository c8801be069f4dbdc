//! The virtual clock: a call's life, and the 7-day and 24-hour retention, in milliseconds.

use crate::support::*;

#[test]
fn a_polled_call_moves_forward_and_ends_once() {
    let server = mock();
    let order = ["initiated", "answered", "disconnected"];
    let mut seen = Vec::new();
    let mut end_time: Option<serde_json::Value> = None;
    // At most 1,000 polls 5 s apart: every call ends within 920 s.
    for _ in 0..1000 {
        let call = get(&server, BANDWIDTH, &[]).json();
        let state = call["state"].as_str().unwrap().to_owned();
        let rank = order.iter().position(|s| *s == state).unwrap();
        if let Some(last) = seen.last() {
            assert!(rank >= *last, "the state went back to {state}");
        }
        seen.push(rank);
        match (&end_time, call["endTime"].is_null()) {
            (None, false) => end_time = Some(call["endTime"].clone()),
            (Some(end), false) => assert_eq!(&call["endTime"], end, "endTime changed"),
            (Some(_), true) => panic!("endTime disappeared"),
            (None, true) => assert_ne!(state, "disconnected"),
        }
        if state == "disconnected" {
            break;
        }
        advance(&server, "5s");
    }
    assert_eq!(seen.first(), Some(&0), "a call starts initiated");
    assert_eq!(seen.last(), Some(&2), "and ends disconnected");
    assert!(end_time.is_some());
}

#[test]
fn bandwidth_forgets_after_7_days_and_vonage_after_24_hours() {
    let server = mock();
    assert_eq!(get(&server, BANDWIDTH, &[]).status, 200);
    assert_eq!(get(&server, VONAGE, &[]).status, 200);
    advance(&server, "2h");
    assert_eq!(get(&server, VONAGE, &[]).status, 200);
    advance(&server, "23h");
    let vonage = get(&server, VONAGE, &[]);
    assert_eq!(vonage.status, 404);
    assert_eq!(
        vonage.json()["message"],
        "The requested resource was not found."
    );
    assert_eq!(get(&server, BANDWIDTH, &[]).status, 200);
    advance(&server, "6d");
    let bandwidth = get(&server, BANDWIDTH, &[]);
    assert_eq!(bandwidth.status, 404);
    assert!(
        bandwidth.body.is_empty(),
        "the document describes no 404 body"
    );
    // The others keep their calls.
    assert_eq!(get(&server, APIFONICA, &[]).status, 200);
    assert_eq!(get(&server, SIGNALWIRE, &[]).status, 200);
}

#[test]
fn the_clock_can_start_anywhere() {
    let server = start(callspec_mock::Config {
        clock: "fixed:2030-05-06T07:08:09Z".parse().unwrap(),
        ..callspec_mock::Config::default()
    });
    let clock = get(&server, "/__admin/clock", &[]).json();
    assert_eq!(clock["now"], "2030-05-06T07:08:09.000Z");
    let call = get(&server, BANDWIDTH, &[]);
    assert_eq!(call.header("Date"), Some("Mon, 06 May 2030 07:08:09 GMT"));
    assert!(
        call.json()["startTime"]
            .as_str()
            .unwrap()
            .starts_with("2030-05-06T07:0")
    );
    let bad = request(
        &agent(),
        "POST",
        &server,
        "/__admin/clock?advance=soon",
        &[],
    );
    assert_eq!(bad.status, 400);
}
