//! callspec-corpus's integration tests, gathered into one binary so they link once: the
//! runner judged with fake subjects, and the provider-drift snapshots over the captures. The
//! corpus itself runs in its own binary (`corpus`, one trial per case).

mod captures;
mod runner;
