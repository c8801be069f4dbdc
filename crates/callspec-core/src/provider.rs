//! A provider's one registration table ([`Provider`]): its resources with the generator's
//! inputs for each, and its endpoints. Each provider crate exports one `PROVIDER` constant; the
//! facade's catalog is built from those tables, and every tool (the generator, the corpus
//! runner, the specs writer, the CLI) discovers resources from the catalog.

use crate::descriptor::{Endpoint, Resource};
use crate::rule::Semantics;

/// Everything one provider crate registers.
#[derive(Debug, Clone, Copy)]
pub struct Provider {
    /// The provider's name, the first segment of its ids (`bandwidth`).
    pub name: &'static str,
    /// Its resources, each with what the generator needs beyond the schema.
    pub resources: &'static [Registration],
    /// Its endpoints.
    pub endpoints: &'static [Endpoint],
}

/// One registered resource.
#[derive(Debug, Clone, Copy)]
pub struct Registration {
    /// The resource.
    pub resource: Resource,
    /// What the generator adds to the resource's schema for the cases it derives.
    pub generator: GeneratorInputs,
    /// The resource's semantic rules ([`Semantics::NONE`] for none), declared next to its
    /// models.
    pub semantics: Semantics,
}

/// What the generator needs to know about a resource beyond its published schema, as facts of
/// the typed model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeneratorInputs {
    /// Fields holding free text, by path (`tag`, `calls[].name`), which get the empty, Unicode
    /// and long-text edges.
    pub free_text: &'static [&'static str],
    /// The largest value the typed model takes for integer fields without a schema `maximum`
    /// (`u64::MAX` where not listed), by path.
    pub integer_max: &'static [(&'static str, u64)],
}

impl GeneratorInputs {
    /// Nothing beyond the schema.
    pub const NONE: GeneratorInputs = GeneratorInputs {
        free_text: &[],
        integer_max: &[],
    };
}

impl Provider {
    /// The resources, without the generator's inputs.
    pub fn resources(&self) -> impl Iterator<Item = &'static Resource> + use<> {
        self.resources.iter().map(|r| &r.resource)
    }
}
