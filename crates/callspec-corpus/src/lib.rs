//! The conformance corpus runner. `corpus/` holds cases as the files a user would have, with a
//! manifest per directory giving each record's expected verdict and findings. This crate loads
//! the manifests, lints the corpus (schema, unique descriptions, every file referenced and
//! present, every code declared), runs a [`Subject`] (callspec's engine, or a fake one in the
//! runner's own tests) over each case and judges it: passed, failed, skipped with a reason, or
//! errored.

mod judge;
mod lint;
mod manifest;
mod subject;

pub use judge::{Judgment, judge, run_case};
pub use lint::{LintError, lint};
pub use manifest::{Case, Corpus, ExpectedFinding, ExpectedRecord, LoadError, Manifest, load};
pub use subject::{ActualFinding, ActualRecord, EngineSubject, Subject};

/// Cases where callspec knowingly differs from the corpus, each with the reason. A listed case
/// that starts passing fails, so the list never outlives the divergence.
pub const KNOWN_DIVERGENCES: &[(&str, &str)] = &[];

/// The corpus directory of this checkout.
pub fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}
