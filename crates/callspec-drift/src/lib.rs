//! The callspec drift report: what a whole log says about a spec. Records are read and checked
//! as `callspec validate` reads and checks them (the validator's readers and engine), and for
//! each resource the report counts records by verdict, finding codes, and per JSON pointer
//! (array items as `*`) presence, types, string formats, lengths, number ranges, values with
//! first and last seen, and a few masked examples with their positions.
//!
//! Memory is bounded: one record at a time, values counted up to [`TOP_K`] distinct per pointer
//! with an exact "other" bucket, and [`EXAMPLES`] examples per pointer. Reports are mergeable:
//! [`DriftReport::merge`] of the reports of two parts of a log is the report of the whole.
//!
//! ```
//! use callspec_drift::{Collector, DriftReport};
//! use callspec_validate::{Engine, Options};
//!
//! let engine = Engine::new(Options::default())?;
//! let mut collector = Collector::new(&engine);
//! let body = br#"{"callId":"c-1","parentCallId":null,"applicationId":"a","accountId":"5",
//!   "to":"+15553334444","from":"+15551112222","direction":"inbound","state":"answered",
//!   "startTime":"2019-10-21T16:45:11.293Z","answerTime":"2019-10-21T16:45:20.000Z",
//!   "lastUpdate":"2019-10-21T16:55:12.971Z",
//!   "enqueuedTime":"2019-10-21T16:45:10Z"}"#;
//! collector.add_bytes("log.ndjson", 1, body);
//! let report: DriftReport = collector.finish();
//! let resource = &report.resources["bandwidth/voice-v2/call-state"];
//! assert_eq!(resource.records.drift, 1);
//! assert!(!resource.pointers["/enqueuedTime"].declared);
//! # Ok::<(), callspec_validate::EngineError>(())
//! ```

mod collect;
mod declared;
mod format;
mod merge;
mod model;
mod propose;
mod render;

pub use collect::{CollectError, Collector, UNREADABLE, UNROUTED, collect};
pub use declared::{Declared, declared_pointers};
pub use format::format_class;
pub use merge::MergeError;
pub use model::{
    DriftReport, EXAMPLES, Example, PointerStats, Position, REPORT_SCHEMA, Range, ResourceReport,
    TOP_K, ValueStat, Values, VerdictCounts,
};
pub use propose::{Proposal, Thresholds, propose, schema_hash};
pub use render::{human, markdown};
