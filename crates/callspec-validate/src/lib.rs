//! The callspec validation engine: reads captured traffic (JSON, NDJSON, HAR), routes each
//! record to a resource, checks it against the contract, tells drift apart, and reports every
//! finding at its source position. Checking never fails: a record that cannot be read is a
//! finding like any other.
//!
//! The pipeline, one folder per stage: `input` (sources, decompression, one reader per format),
//! `engine` (compile, route, request checks, contract and drift), `report` (one renderer per
//! output format and the writer of the document), and `run`, which streams the records through
//! them on worker threads.
//!
//! Validating bytes and printing the findings:
//!
//! ```
//! use callspec_validate::{Engine, Options, Verdict};
//!
//! let engine = Engine::new(Options::default())?;
//! let body = br#"{
//!   "callId": "c-1", "parentCallId": null, "applicationId": "a", "accountId": "5",
//!   "to": "+15553334444", "from": "+15551112222", "direction": "sideways",
//!   "state": "disconnected", "startTime": "2019-10-21T16:45:11.293Z",
//!   "endTime": "2019-10-21T16:55:12.950Z",
//!   "disconnectCause": "hangup", "lastUpdate": "2019-10-21T16:55:12.971Z"
//! }"#;
//! let report = engine.check_bytes(None, body);
//! assert_eq!(report.resource, Some("bandwidth/voice-v2/call-state"));
//! assert_eq!(report.verdict, Verdict::Invalid);
//! for finding in &report.findings {
//!     let at = finding.position.map(|p| format!("{}:{}", p.line, p.column));
//!     println!("{} at {}: {}", finding.code, at.unwrap_or_default(), finding.message);
//! }
//! assert_eq!(report.findings[0].code.as_str(), "contract/enum");
//! # Ok::<(), callspec_validate::EngineError>(())
//! ```
//!
//! Files, directories and standard input go through [`discover`], [`run`], a [`Renderer`]
//! and a [`ReportWriter`], as the `callspec validate` command does.

mod contract;
mod engine;
mod finding;
mod input;
pub mod locate;
mod plan;
mod pointer;
pub mod redact;
mod report;
mod run;

pub use engine::{
    Engine, EngineError, FIXED_MAX, Level, Options, OverlayEffect, OverlayReport,
    ParseRuleSettingError, PollTracker, Report, RuleSetting, Seen, Sighting, Sightings, Text,
};
pub use finding::{Code, Excerpt, Finding, Severity, Verdict, verdict_of};
pub use input::{
    ByteSize, DiscoverOptions, Discovered, Exchange, IGNORE_FILE, InputError, InputFormat,
    InputSource, Limits, Origin, ParseByteSizeError, ParseInputFormatError, ReadProblem, Record,
    Records, STDIN_NAME, Skipped, WHOLE_ARRAY_BYTES, discover, write_origin,
};
pub use report::{OutputFormat, Renderer, ReportWriter, Style, json_summary};
pub use run::{
    MAX_JOBS, OverlaySummary, Progress, RunError, RunOptions, RunOutcome, Sink, Summary, run,
    run_with,
};
