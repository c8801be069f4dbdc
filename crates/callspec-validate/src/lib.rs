//! The callspec validation engine: reads captured traffic, routes each record to a resource,
//! checks it against the contract and reports drift.

pub mod input;
pub mod locate;
pub mod redact;
