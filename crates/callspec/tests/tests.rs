//! The facade's integration tests, gathered into one binary so they link once: the published
//! specs and the catalog, every provider document's example, and schema-serde agreement.

mod agreement;
mod documents;
mod specs;
