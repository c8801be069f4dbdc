//! The facade's integration tests, gathered into one binary so they link once: the published
//! specs and the catalog, every provider document's example, schema-serde agreement, the format
//! vectors and the portable patterns' linearity.

mod agreement;
mod documents;
mod formats;
mod patterns;
mod specs;
