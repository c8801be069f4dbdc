//! callspec-gen's integration tests, gathered into one binary so they link once: the
//! catalogs, agreement with callspec's engine, the NDJSON writer, the independent oracles,
//! properties over every strategy, and shrinking.

mod support;

mod catalog;
mod engine;
mod ndjson;
mod oracles;
mod properties;
mod semantic;
mod shrinking;
