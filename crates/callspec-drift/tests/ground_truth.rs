//! Ground truth: a generated log with a field and a value injected at known rates, and lines
//! that cannot be read; every count in the report is the known number.

use callspec_drift::{Collector, UNREADABLE};
use callspec_gen::Kind;
use callspec_validate::{Engine, Options};
use serde_json::{Value, json};

const ID: &str = "bandwidth/voice-v2/call-state";
const RECORDS: u64 = 200;

#[test]
fn every_count_is_the_injected_number() {
    // The injected value may not fit the call's state; semantic rules are another report's
    // matter, so they are off and every count here is drift's alone.
    let engine = Engine::new(Options {
        no_semantic: true,
        ..Options::default()
    })
    .unwrap();
    let mut collector = Collector::new(&engine);
    let mut line = 0;
    let mut first_field_line = None;
    for i in 0..RECORDS {
        let generated = callspec_gen::sample(ID, Kind::Valid, i).unwrap();
        let mut body: Value = generated.body.json().unwrap().clone();
        if i % 5 == 0 {
            body["enqueuedTime"] = json!("2019-10-21T16:45:10.123Z");
        }
        if i % 7 == 0 {
            body["disconnectCause"] = json!("carrier-rejected");
        }
        line += 1;
        if i % 5 == 0 && first_field_line.is_none() {
            first_field_line = Some(line);
        }
        collector.add_bytes("log.ndjson", line, &serde_json::to_vec(&body).unwrap());
        if i % 50 == 0 {
            line += 1;
            collector.add_bytes("log.ndjson", line, b"{\"callId\": ");
        }
    }
    let report = collector.finish();

    let with_field = (0..RECORDS).filter(|i| i % 5 == 0).count() as u64;
    let with_value = (0..RECORDS).filter(|i| i % 7 == 0).count() as u64;
    let drifting = (0..RECORDS).filter(|i| i % 5 == 0 || i % 7 == 0).count() as u64;
    assert_eq!((with_field, with_value, drifting), (40, 29, 63));

    let resource = &report.resources[ID];
    assert_eq!(resource.records.drift, drifting);
    assert_eq!(resource.records.valid, RECORDS - drifting);
    assert_eq!(resource.records.invalid, 0);
    assert_eq!(resource.findings["drift/unknown-field"], with_field);
    assert_eq!(resource.findings["drift/unknown-value"], with_value);
    assert_eq!(resource.findings.len(), 2);

    let field = &resource.pointers["/enqueuedTime"];
    assert!(!field.declared);
    assert_eq!(field.present, with_field);
    assert_eq!(field.absent, RECORDS - with_field);
    assert_eq!(field.formats["rfc3339/3"], with_field);
    assert_eq!(field.types["string"], with_field);
    let length = field.length.unwrap();
    assert_eq!((length.min, length.max), (24, 24));
    assert_eq!(field.examples[0].at.line, first_field_line);
    assert_eq!(field.examples.len(), callspec_drift::EXAMPLES);

    let cause = &resource.pointers["/disconnectCause"];
    assert!(cause.declared);
    let values = cause.values.as_ref().unwrap();
    let injected = &values.counted["carrier-rejected"];
    assert_eq!(injected.count, with_value);
    assert!(!injected.known);
    let counted: u64 = values.counted.values().map(|v| v.count).sum();
    assert_eq!(counted + values.other + cause.null, cause.present);
    assert!(values.counted.iter().filter(|(_, v)| !v.known).count() == 1);

    assert_eq!(resource.pointers["/callId"].present, RECORDS);
    assert_eq!(resource.pointers[""].present, RECORDS);
    assert!(!resource.never_seen.contains(&"/callId".to_owned()));

    let unreadable = &report.resources[UNREADABLE];
    assert_eq!(unreadable.records.unreadable, RECORDS / 50);
    assert!(unreadable.pointers.is_empty());
}
