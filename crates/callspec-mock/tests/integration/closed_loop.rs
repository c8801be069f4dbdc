//! The closed loop: every case of every resource served by the mock, the mock's HAR read by
//! `callspec validate`'s engine unchanged, and each entry's verdict and finding codes equal to
//! what the mock's expectation header said.

use callspec_gen::Kind;
use callspec_validate::{Engine, InputFormat, InputSource, Options};

use crate::support::*;

#[test]
fn the_validator_agrees_with_every_expectation_header() {
    let server = start(callspec_mock::Config {
        journal_limit: 100_000,
        ..callspec_mock::Config::default()
    });
    let agent = agent();
    let singles = [
        (
            "bandwidth/voice-v2/call-state",
            "/api/v2/accounts/9900000/calls/c-{n}",
        ),
        ("apifonica/v2/call", "/v2/accounts/acc1/calls/call-{n}"),
        (
            "signalwire/laml-2010-04-01/call",
            "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/d4e5f6a7-1b2c-4d3e-8f90-{n:0>12}.json",
        ),
        (
            "vonage/v0/call-detail",
            "/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-{n:0>12}",
        ),
    ];
    let mut expected = Vec::new();
    let mut n = 0u32;
    for (resource, template) in singles {
        let mut choices: Vec<String> = vec!["valid".into(), "valid".into()];
        for kind in [Kind::Edge, Kind::Drift, Kind::Invalid] {
            choices.extend(
                callspec_gen::catalog(resource, kind)
                    .iter()
                    .map(|c| c.name.clone()),
            );
        }
        for choice in choices {
            n += 1;
            let path = template
                .replace("{n}", &n.to_string())
                .replace("{n:0>12}", &format!("{n:0>12}"));
            let path = if choice == "valid" {
                path
            } else {
                format!("{path}?__case={}", encode(&choice))
            };
            let got = request(&agent, "GET", &server, &path, &[]);
            assert_eq!(got.status, 200, "{path}");
            expected.push((
                path,
                got.header("X-Callspec-Expect-Verdict").unwrap().to_owned(),
                got.header("X-Callspec-Expect-Findings")
                    .unwrap_or("")
                    .to_owned(),
            ));
        }
    }
    // Catapult: pages of the live list, then every list case.
    let list = "bandwidth/catapult-v1/list-calls";
    let mut choices: Vec<String> =
        vec!["?size=1000".into(), "?page=2&size=10&sortOrder=asc".into()];
    for kind in [Kind::Edge, Kind::Drift, Kind::Invalid] {
        choices.extend(
            callspec_gen::catalog(list, kind)
                .iter()
                .map(|c| format!("?__case={}", encode(&c.name))),
        );
    }
    for query in choices {
        let path = format!("{CATAPULT}{query}");
        let got = request(&agent, "GET", &server, &path, &[]);
        assert_eq!(got.status, 200, "{path}");
        expected.push((
            path,
            got.header("X-Callspec-Expect-Verdict").unwrap().to_owned(),
            got.header("X-Callspec-Expect-Findings")
                .unwrap_or("")
                .to_owned(),
        ));
    }

    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("mock.har");
    std::fs::write(&har, server.journal_har()).unwrap();
    let engine = Engine::new(Options::default()).unwrap();
    let records = InputSource::file(&har, InputFormat::Har).records().unwrap();
    let mut reports: Vec<_> = records.flat_map(|record| engine.check(record)).collect();
    // Polls within each body (a page that lists a call twice); not across entries, since the
    // mock serves independent cases for the same call ids.
    for report in &mut reports {
        callspec_validate::PollTracker::default().observe(&engine, report);
    }
    assert_eq!(reports.len(), expected.len());
    let mut mismatches = Vec::new();
    for (report, (path, verdict, findings)) in reports.iter().zip(&expected) {
        let mut want: Vec<String> = findings
            .split(", ")
            .filter(|f| !f.is_empty())
            .map(|f| f.split(' ').next().unwrap_or("").to_owned())
            .collect();
        let mut got: Vec<String> = report
            .findings
            .iter()
            .map(|f| f.code.as_str().to_owned())
            .collect();
        want.sort();
        got.sort();
        want.dedup();
        got.dedup();
        if report.verdict.as_str() != verdict || got != want {
            mismatches.push(format!(
                "{path}: header {verdict} {want:?}, validator {} {got:?}",
                report.verdict.as_str()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} entries disagree:\n{}",
        mismatches.len(),
        expected.len(),
        mismatches.join("\n")
    );
    assert!(expected.len() > 100, "{} entries", expected.len());
}
