//! callspec-gen: payload generators for every callspec resource, usable as proptest strategies
//! from your own tests and as deterministic NDJSON fixtures for any language.
//!
//! Four kinds of payload per resource ([`Kind`]):
//!
//! - **valid**: what a provider typically sends, built from the typed models and serialized, so
//!   generators follow the specs as the models change;
//! - **edge**: valid but tricky, from a named catalog ([`catalog`]): null versus absent for
//!   every optional field, RFC 3339 and RFC 2822 variants, the shortest and longest addresses,
//!   SIP URIs with parameters, numbers at their bounds, Unicode, empty and long text, empty and
//!   full pages, SIP headers at their limits, unknown future values of open enums (`drift`);
//! - **drift**: valid by contract but unknown to the spec: unknown fields, unknown values of
//!   open enums;
//! - **invalid**: one mutation of a valid payload, each raising exactly one named finding
//!   (wrong type, missing field, outside a closed enum, the other date format, malformed
//!   addresses and URIs, out-of-range numbers, byte-level corruptions).
//!
//! Every [`Generated`] payload carries its [`Expectation`]: the verdict and the findings
//! (code and JSON pointer, in callspec-core's one vocabulary, [`callspec_core::finding`])
//! `callspec validate` must report.
//!
//! Every resource a provider registers ([`callspec::resources`]) has a generator; one module per
//! provider (`bandwidth`, `apifonica`, ...) gives each resource's strategies by name, and
//! [`strategies`] gives them by id. A proptest example, run as a doc test:
//!
//! ```
//! use callspec_core::finding::Verdict;
//! use proptest::prelude::*;
//!
//! // Stands in for your client's parser.
//! fn parse_call_state(bytes: &[u8]) -> Result<serde_json::Value, serde_json::Error> {
//!     serde_json::from_slice(bytes)
//! }
//!
//! // In your crate these would be `#[test]` functions.
//! proptest! {
//!     // Every edge case of Bandwidth's call state is valid or drift: your parser must take it.
//!     fn my_parser_takes_every_edge_case(g in callspec_gen::bandwidth::call_state::edge()) {
//!         prop_assert!(matches!(g.expect.verdict, Verdict::Valid | Verdict::Drift));
//!         prop_assert!(parse_call_state(&g.body.to_bytes()).is_ok(), "{}", g.case);
//!     }
//!
//!     // Every invalid mutation names the findings a validator must report.
//!     fn every_mutation_names_its_findings(g in callspec_gen::strategies("apifonica/v2/call")
//!         .expect("a registered resource")
//!         .invalid())
//!     {
//!         prop_assert!(!g.expect.findings.is_empty(), "{}", g.case);
//!     }
//! }
//! # my_parser_takes_every_edge_case();
//! # every_mutation_names_its_findings();
//! ```

mod case;
mod derive;
mod draw;
mod expect;
mod generator;
mod json;
mod kind;
mod ndjson;
mod payload;
mod place;
mod registry;
mod select;
mod shape;
mod tree;
mod typed;
mod values;

// The provider modules, one per file of `src/providers/`: each gives its resources' strategies
// by name (`callspec_gen::bandwidth::call_state`) and its `GENERATORS`. The file is the one
// registration: `build.rs` declares each as a public module and lists its `GENERATORS` in
// `PROVIDERS`; `registry.rs` indexes them by id.
include!(concat!(env!("OUT_DIR"), "/providers.rs"));

pub use case::CaseInfo;
pub use expect::{Expectation, Expected};
pub use kind::{Kind, UnknownKind};
pub use ndjson::{nth, write_ndjson};
pub use payload::{Body, Generated};
pub use select::{ResourceSelector, UnknownResource};
pub use tree::{ChoiceTree, GenStrategy};

/// Declares a resource module's public API: `ID` (the registered resource's, given as the
/// provider's `Resource` constant), the four strategies and the catalogs, all reading the
/// module's own generator (built once, on first use, by the module's `make`).
macro_rules! resource_api {
    ($resource:path) => {
        /// The resource id.
        pub const ID: &str = $resource.id;

        /// The resource's generator, built on first use.
        pub(crate) fn generator() -> &'static $crate::generator::Generator {
            static GENERATOR: std::sync::LazyLock<$crate::generator::Generator> =
                std::sync::LazyLock::new(make);
            &GENERATOR
        }

        /// Valid payloads, as the provider typically sends them.
        pub fn valid() -> $crate::GenStrategy {
            $crate::GenStrategy::new(generator(), $crate::Kind::Valid, None)
        }

        /// Valid but tricky payloads from the edge catalog ([`edges`]).
        pub fn edge() -> $crate::GenStrategy {
            $crate::GenStrategy::new(generator(), $crate::Kind::Edge, None)
        }

        /// Payloads valid by contract but unknown to the spec ([`drifts`]).
        pub fn drift() -> $crate::GenStrategy {
            $crate::GenStrategy::new(generator(), $crate::Kind::Drift, None)
        }

        /// Invalid mutations of valid payloads, each with its finding ([`mutations`]).
        pub fn invalid() -> $crate::GenStrategy {
            $crate::GenStrategy::new(generator(), $crate::Kind::Invalid, None)
        }

        /// The edge catalog.
        pub fn edges() -> &'static [$crate::CaseInfo] {
            generator().infos($crate::Kind::Edge)
        }

        /// The drift catalog.
        pub fn drifts() -> &'static [$crate::CaseInfo] {
            generator().infos($crate::Kind::Drift)
        }

        /// The invalid-mutation catalog.
        pub fn mutations() -> &'static [$crate::CaseInfo] {
            generator().infos($crate::Kind::Invalid)
        }
    };
}
pub(crate) use resource_api;

/// Every resource id the generator knows, in id order: every resource a provider registers
/// ([`callspec::resources`]; a test fails naming any without a generator).
pub fn resource_ids() -> Vec<&'static str> {
    registry::generators().iter().map(|g| g.id).collect()
}

/// The strategies of one resource.
#[derive(Debug, Clone, Copy)]
pub struct Strategies {
    generator: &'static generator::Generator,
}

impl Strategies {
    /// The resource id.
    pub fn resource(&self) -> &'static str {
        self.generator.id
    }

    /// The strategy for `kind` payloads.
    pub fn of(&self, kind: Kind) -> GenStrategy {
        GenStrategy::new(self.generator, kind, None)
    }

    /// Valid payloads.
    pub fn valid(&self) -> GenStrategy {
        self.of(Kind::Valid)
    }

    /// Edge payloads.
    pub fn edge(&self) -> GenStrategy {
        self.of(Kind::Edge)
    }

    /// Drift payloads.
    pub fn drift(&self) -> GenStrategy {
        self.of(Kind::Drift)
    }

    /// Invalid payloads.
    pub fn invalid(&self) -> GenStrategy {
        self.of(Kind::Invalid)
    }

    /// Payloads of one named case of any catalog (such as
    /// `disconnectCause:unknown-future-value`), or `None` if no catalog has it.
    pub fn case(&self, name: &str) -> Option<GenStrategy> {
        [Kind::Edge, Kind::Drift, Kind::Invalid]
            .into_iter()
            .find_map(|kind| {
                let index = self
                    .generator
                    .infos(kind)
                    .iter()
                    .position(|c| c.name == name)?;
                Some(GenStrategy::new(self.generator, kind, Some(index)))
            })
    }

    /// The catalog of `kind` (empty for [`Kind::Valid`]).
    pub fn catalog(&self, kind: Kind) -> &'static [CaseInfo] {
        self.generator.infos(kind)
    }
}

/// The strategies of the resource with this id, or `None` for an unknown id.
pub fn strategies(id: &str) -> Option<Strategies> {
    registry::generator(id).map(|generator| Strategies { generator })
}

/// The named cases of a resource's catalog of `kind` (empty for [`Kind::Valid`] or an unknown
/// id).
pub fn catalog(id: &str, kind: Kind) -> &'static [CaseInfo] {
    registry::generator(id).map_or(&[], |g| g.infos(kind))
}

/// The edge catalog of a resource (empty for an unknown id): `catalog(id, Kind::Edge)`.
pub fn edges(id: &str) -> &'static [CaseInfo] {
    catalog(id, Kind::Edge)
}

/// One payload of `kind` for a resource, deterministic for `seed`, or `None` for an unknown
/// id.
pub fn sample(id: &str, kind: Kind, seed: u64) -> Option<Generated> {
    let generator = registry::generator(id)?;
    Some(generator.generate(kind, None, &mut draw::Draw::seeded(seed)))
}

/// One payload of a named case, deterministic for `seed`, or `None` if the resource or the
/// case is unknown.
pub fn sample_case(id: &str, case: &str, seed: u64) -> Option<Generated> {
    let generator = registry::generator(id)?;
    [Kind::Edge, Kind::Drift, Kind::Invalid]
        .into_iter()
        .find_map(|kind| {
            let index = generator.infos(kind).iter().position(|c| c.name == case)?;
            Some(generator.generate(kind, Some(index), &mut draw::Draw::seeded(seed)))
        })
}
