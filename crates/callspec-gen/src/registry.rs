//! The generator registry: every resource's generator, in id order, from the provider modules'
//! `GENERATORS` that the crate root lists (`PROVIDERS`, one entry per file of `src/providers/`,
//! written by `build.rs`). The resource modules depend on the machinery only; its test names
//! every registered resource ([`callspec::resources`]) that has no generator.

use std::sync::LazyLock;

use crate::generator::Generator;

/// Every resource's generator, in id order.
pub(crate) fn generators() -> &'static [&'static Generator] {
    static ALL: LazyLock<Vec<&'static Generator>> = LazyLock::new(|| {
        let mut all: Vec<&'static Generator> = crate::PROVIDERS
            .iter()
            .flat_map(|generators| generators.iter().map(|generator| generator()))
            .collect();
        all.sort_by_key(|s| s.id);
        all
    });
    &ALL
}

/// The generator of the resource with this id.
pub(crate) fn generator(id: &str) -> Option<&'static Generator> {
    generators().iter().copied().find(|g| g.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_resource_has_a_generator() {
        let missing: Vec<String> = callspec::resources()
            .iter()
            .map(|r| r.id)
            .filter(|id| generator(id).is_none())
            .map(|id| {
                let provider = id.split('/').next().unwrap_or(id).replace('-', "_");
                format!("{id} (crates/callspec-gen/src/providers/{provider}.rs)")
            })
            .collect();
        assert!(
            missing.is_empty(),
            "registered resources without a generator (add a module for each to its provider's \
             file, and its `generator` to that file's `GENERATORS`): {missing:?}"
        );
    }

    #[test]
    fn every_generator_is_for_a_registered_resource() {
        for g in generators() {
            assert!(
                callspec::resource(g.id).is_some(),
                "the generator of `{}` is for no registered resource",
                g.id
            );
        }
    }
}
