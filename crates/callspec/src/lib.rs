//! callspec: the catalog of every provider, endpoint and resource the kit knows, and the
//! published specs (`specs/`) they generate. Tools address resources by id through here and
//! never name a provider crate.
//!
//! Each provider crate registers itself in one table, its `PROVIDER` constant
//! ([`core::provider::Provider`]), and is registered with the facade by one line, its
//! dependency in this crate's `Cargo.toml`; [`PROVIDERS`] lists those tables, and [`resources`],
//! [`endpoints`] and [`generator_inputs`] are built from them. The provider crates are
//! re-exported by name (`callspec::bandwidth::voice_v2::State`) for the tools that need their
//! typed models.

pub mod overlay;
pub mod semantic;
pub mod specs;

pub use callspec_core as core;
pub use callspec_core::{Endpoint, GeneratorInputs, Provider, Registration, Resource};

// `pub use callspec_<name> as <name>;` for every provider crate among the facade's
// `[dependencies]`, and `PROVIDERS`, their tables (written by `build.rs`).
include!(concat!(env!("OUT_DIR"), "/providers.rs"));

/// Every registration (a resource with the generator's inputs), in a stable order (by id).
pub fn registrations() -> &'static [Registration] {
    static ALL: std::sync::LazyLock<Vec<Registration>> = std::sync::LazyLock::new(|| {
        let mut all: Vec<Registration> = PROVIDERS
            .iter()
            .flat_map(|p| p.resources.iter().copied())
            .collect();
        all.sort_by_key(|r| r.resource.id);
        all
    });
    &ALL
}

/// Every resource, in a stable order (by id).
pub fn resources() -> &'static [Resource] {
    static ALL: std::sync::LazyLock<Vec<Resource>> =
        std::sync::LazyLock::new(|| registrations().iter().map(|r| r.resource).collect());
    &ALL
}

/// Every endpoint, in a stable order (by id).
pub fn endpoints() -> &'static [Endpoint] {
    static ALL: std::sync::LazyLock<Vec<Endpoint>> = std::sync::LazyLock::new(|| {
        let mut all: Vec<Endpoint> = PROVIDERS
            .iter()
            .flat_map(|p| p.endpoints.iter().copied())
            .collect();
        all.sort_by_key(|e| e.id);
        all
    });
    &ALL
}

/// What the generator needs beyond the schema of the resource with this id.
pub fn generator_inputs(id: &str) -> Option<GeneratorInputs> {
    registrations()
        .iter()
        .find(|r| r.resource.id == id)
        .map(|r| r.generator)
}

/// The resource with this id.
pub fn resource(id: &str) -> Option<&'static Resource> {
    resources().iter().find(|r| r.id == id)
}

/// The options every callspec schema is compiled with: draft 2020-12, formats asserted, every
/// callspec format registered, and any other format an error rather than silently ignored.
pub fn validator_options() -> jsonschema::ValidationOptions<'static> {
    let mut options = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false);
    for format in callspec_core::schema::formats() {
        options = options.with_format(format.name, format.check);
    }
    options
}

/// Compiles a resource's published schema with [`validator_options`].
pub fn compile(resource: &Resource) -> Result<jsonschema::Validator, CompileError> {
    validator_options()
        .build(resource.schema().as_value())
        .map_err(|error| CompileError {
            resource: resource.id,
            message: error.to_string(),
        })
}

/// A published schema that does not compile: a bug in callspec, reported with the resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the schema of `{resource}` does not compile: {message}")]
pub struct CompileError {
    /// The resource id.
    pub resource: &'static str,
    /// What the compiler said.
    pub message: String,
}

/// The endpoint a request is for, by method, host and path (without the query string).
pub fn route(method: &str, host: &str, path: &str) -> Option<&'static Endpoint> {
    endpoints().iter().find(|e| e.matches(method, host, path))
}
