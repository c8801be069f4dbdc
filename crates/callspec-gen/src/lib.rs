//! callspec-gen: payload generators for every callspec resource, usable as proptest strategies
//! from your own tests and as deterministic NDJSON fixtures for any language.
//!
//! Four kinds of payload per resource ([`Kind`]):
//!
//! - **valid**: what a provider typically sends, built from the typed models and serialized, so
//!   generators follow the specs as the models change;
//! - **edge**: valid but tricky, from a named catalogue ([`catalogue`]): null versus absent for
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
//! (code and JSON pointer) `callspec validate` must report.
//!
//! ```
//! use proptest::test_runner::TestRunner;
//!
//! // In a test: run your own parser on every edge case of Bandwidth's call state.
//! let mut runner = TestRunner::default();
//! runner
//!     .run(&callspec_gen::bandwidth::call_state::edge(), |g| {
//!         let bytes = g.body.to_bytes();
//!         // my_client::parse_call_state(&bytes) must succeed: g.expect.verdict is valid or
//!         // drift for every edge case.
//!         assert!(!bytes.is_empty(), "{}", g.case);
//!         Ok(())
//!     })
//!     .unwrap();
//! ```
#![warn(missing_docs)]

mod catalog;
mod derive;
mod draw;
mod json;
mod model;
mod ndjson;
mod shape;
mod tree;
mod typed;
mod values;

pub mod apifonica;
pub mod bandwidth;
pub mod signalwire;
pub mod vonage;

pub use model::{
    Body, CaseInfo, Expectation, Expected, Generated, Kind, ResourceSelector, UnknownKind,
    UnknownResource, Verdict, codes,
};
pub use ndjson::{nth, write_ndjson};
pub use tree::{ChoiceTree, GenStrategy};

/// Declares a resource module's public API: `ID`, the four strategies and the catalogues.
macro_rules! resource_api {
    ($id:literal) => {
        /// The resource id.
        pub const ID: &str = $id;

        /// Valid payloads, as the provider typically sends them.
        pub fn valid() -> $crate::GenStrategy {
            $crate::strategy(ID, $crate::Kind::Valid)
        }

        /// Valid but tricky payloads from the edge catalogue ([`edges`]).
        pub fn edge() -> $crate::GenStrategy {
            $crate::strategy(ID, $crate::Kind::Edge)
        }

        /// Payloads valid by contract but unknown to the spec ([`drifts`]).
        pub fn drift() -> $crate::GenStrategy {
            $crate::strategy(ID, $crate::Kind::Drift)
        }

        /// Invalid mutations of valid payloads, each with its finding ([`mutations`]).
        pub fn invalid() -> $crate::GenStrategy {
            $crate::strategy(ID, $crate::Kind::Invalid)
        }

        /// The edge catalogue.
        pub fn edges() -> &'static [$crate::CaseInfo] {
            $crate::catalogue(ID, $crate::Kind::Edge)
        }

        /// The drift catalogue.
        pub fn drifts() -> &'static [$crate::CaseInfo] {
            $crate::catalogue(ID, $crate::Kind::Drift)
        }

        /// The invalid-mutation catalogue.
        pub fn mutations() -> &'static [$crate::CaseInfo] {
            $crate::catalogue(ID, $crate::Kind::Invalid)
        }
    };
}
pub(crate) use resource_api;

/// Every resource id the generator knows, in id order (the same as `callspec::resources()`).
pub fn resource_ids() -> Vec<&'static str> {
    catalog::specs().iter().map(|s| s.id).collect()
}

/// The strategy for `kind` payloads of a resource.
///
/// # Panics
///
/// If `id` is not a resource id (see [`resource_ids`]); use [`strategies`] to check first.
pub fn strategy(id: &str, kind: Kind) -> GenStrategy {
    match strategies(id) {
        Some(s) => s.of(kind),
        None => panic!("{}", UnknownResource(id.to_owned())),
    }
}

/// Valid payloads of a resource. Panics on an unknown id, as [`strategy`] does.
pub fn valid(id: &str) -> GenStrategy {
    strategy(id, Kind::Valid)
}

/// Edge payloads of a resource. Panics on an unknown id, as [`strategy`] does.
pub fn edge(id: &str) -> GenStrategy {
    strategy(id, Kind::Edge)
}

/// Drift payloads of a resource. Panics on an unknown id, as [`strategy`] does.
pub fn drift(id: &str) -> GenStrategy {
    strategy(id, Kind::Drift)
}

/// Invalid payloads of a resource. Panics on an unknown id, as [`strategy`] does.
pub fn invalid(id: &str) -> GenStrategy {
    strategy(id, Kind::Invalid)
}

/// The strategies of one resource.
#[derive(Debug, Clone, Copy)]
pub struct Strategies {
    spec: &'static catalog::Spec,
}

impl Strategies {
    /// The resource id.
    pub fn resource(&self) -> &'static str {
        self.spec.id
    }

    /// The strategy for `kind` payloads.
    pub fn of(&self, kind: Kind) -> GenStrategy {
        GenStrategy::new(self.spec, kind, None)
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

    /// Payloads of one named case of any catalogue (such as
    /// `disconnectCause:unknown-future-value`), or `None` if no catalogue has it.
    pub fn case(&self, name: &str) -> Option<GenStrategy> {
        [Kind::Edge, Kind::Drift, Kind::Invalid]
            .into_iter()
            .find_map(|kind| {
                let index = self.spec.infos(kind).iter().position(|c| c.name == name)?;
                Some(GenStrategy::new(self.spec, kind, Some(index)))
            })
    }

    /// The catalogue of `kind` (empty for [`Kind::Valid`]).
    pub fn catalogue(&self, kind: Kind) -> &'static [CaseInfo] {
        self.spec.infos(kind)
    }
}

/// The strategies of the resource with this id, or `None` for an unknown id.
pub fn strategies(id: &str) -> Option<Strategies> {
    catalog::spec(id).map(|spec| Strategies { spec })
}

/// The named cases of a resource's catalogue of `kind` (empty for [`Kind::Valid`] or an
/// unknown id).
pub fn catalogue(id: &str, kind: Kind) -> &'static [CaseInfo] {
    catalog::spec(id).map_or(&[], |spec| spec.infos(kind))
}

/// The edge catalogue of a resource (empty for an unknown id).
pub fn edges(id: &str) -> &'static [CaseInfo] {
    catalogue(id, Kind::Edge)
}

/// One payload of `kind` for a resource, deterministic for `seed`, or `None` for an unknown
/// id.
pub fn sample(id: &str, kind: Kind, seed: u64) -> Option<Generated> {
    let spec = catalog::spec(id)?;
    Some(spec.generate(kind, None, &mut draw::Draw::seeded(seed)))
}

/// One payload of a named case, deterministic for `seed`, or `None` if the resource or the
/// case is unknown.
pub fn sample_case(id: &str, case: &str, seed: u64) -> Option<Generated> {
    let spec = catalog::spec(id)?;
    [Kind::Edge, Kind::Drift, Kind::Invalid]
        .into_iter()
        .find_map(|kind| {
            let index = spec.infos(kind).iter().position(|c| c.name == case)?;
            Some(spec.generate(kind, Some(index), &mut draw::Draw::seeded(seed)))
        })
}
