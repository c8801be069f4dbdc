//! The callspec validation engine: reads captured traffic (JSON, NDJSON, HAR), routes each
//! record to a resource, checks it against the contract, tells drift apart, and reports every
//! finding at its source position. Checking never fails: a record that cannot be read is a
//! finding like any other.

mod contract;
pub mod engine;
pub mod finding;
pub mod input;
pub mod locate;
mod plan;
mod pointer;
pub mod redact;
pub mod report;
pub mod run;

pub use engine::{Engine, EngineError, Options, Report};
pub use finding::{Code, Excerpt, Finding, Severity, Verdict};
pub use input::{InputFormat, InputSource, Record};
pub use report::{Format, Style};
pub use run::{Outcome, Progress, RunError, RunOptions, Summary, run};
