//! The one vocabulary of findings: codes ([`Code`]), severities ([`Severity`]) and verdicts
//! ([`Verdict`]), and the rule that turns a record's findings into its verdict
//! ([`Verdict::of`]). The engine, the generator's expectations, the corpus runner and its lint
//! all use these types; the README's codes table and the code and verdict enums of
//! `corpus/manifest.schema.json` are generated from them (`cargo xtask codes`).
//!
//! The rule, decided once per code by [`Code::verdict`]: a record's verdict is the highest
//! verdict among its findings' codes, in the order `valid` < `unrouted` < `drift` < `invalid`
//! < `unreadable`. A record without findings is `valid`, except a HAR entry for an endpoint
//! callspec does not know, which is `unrouted` without a finding.

mod code;
mod severity;
mod verdict;

pub use code::{Code, UnknownCode};
pub use severity::Severity;
pub use verdict::{UnknownVerdict, Verdict};
