//! README.md's "Validate from Rust" example, word for word after this header: `cargo test`
//! compiles it, and `tests/readme.rs` fails when the README's copy differs.

use callspec_validate::{Engine, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Compile every resource's schema once; one engine serves every thread.
    let engine = Engine::new(Options::default())?;

    // A body your client received: here Bandwidth's call state with `state` a number.
    let body = br#"{"callId":"c-1","parentCallId":null,"applicationId":"7fc9698a-b04a-468b-9e8f-91238c0d0086","accountId":"5555555","to":"+15553334444","from":"+15551112222","direction":"inbound","state":42,"startTime":"2019-10-21T16:45:11.293Z","lastUpdate":"2019-10-21T16:55:12.971Z"}"#;

    // `Some(id)` checks against that resource; `None` routes the body by its shape.
    let report = engine.check_bytes(Some("bandwidth/voice-v2/call-state"), body);
    let resource = report.resource.unwrap_or("no resource");
    println!("{resource}: {}", report.verdict);
    for finding in &report.findings {
        let (code, pointer) = (finding.code.as_str(), &finding.pointer);
        let expected = finding.expected.as_deref().unwrap_or("-");
        println!("  {code} at `{pointer}`, expected: {expected}");
    }
    if report.verdict.fails(engine.strict()) {
        return Err(format!("the body is {}", report.verdict).into());
    }
    Ok(())
}
