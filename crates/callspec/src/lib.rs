//! callspec: the catalog of every provider, endpoint and resource the kit knows, and the
//! published specs (`specs/`) they generate. Tools address resources by id through here and
//! never name a provider crate.

pub mod specs;

pub use callspec_core as core;
pub use callspec_core::{Endpoint, Resource};

/// Every resource, in a stable order (by id).
pub fn resources() -> &'static [Resource] {
    static ALL: std::sync::LazyLock<Vec<Resource>> = std::sync::LazyLock::new(|| {
        let mut all = Vec::new();
        all.extend(callspec_bandwidth::resources());
        all.extend(callspec_apifonica::resources());
        all.extend(callspec_signalwire::resources());
        all.extend(callspec_vonage::resources());
        all.sort_by_key(|r| r.id);
        all
    });
    &ALL
}

/// Every endpoint, in a stable order (by id).
pub fn endpoints() -> &'static [Endpoint] {
    static ALL: std::sync::LazyLock<Vec<Endpoint>> = std::sync::LazyLock::new(|| {
        let mut all = Vec::new();
        all.extend(callspec_bandwidth::endpoints());
        all.extend(callspec_apifonica::endpoints());
        all.extend(callspec_signalwire::endpoints());
        all.extend(callspec_vonage::endpoints());
        all.sort_by_key(|e| e.id);
        all
    });
    &ALL
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The resource id.
    pub resource: &'static str,
    /// What the compiler said.
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the schema of `{}` does not compile: {}",
            self.resource, self.message
        )
    }
}

impl std::error::Error for CompileError {}

/// The endpoint a request is for, by method, host and path (without the query string).
pub fn route(method: &str, host: &str, path: &str) -> Option<&'static Endpoint> {
    endpoints().iter().find(|e| e.matches(method, host, path))
}
