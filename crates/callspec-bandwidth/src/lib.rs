//! Bandwidth's call-detail APIs as typed models: the Voice API v2 call state
//! ("Retrieve Call Information") and the Catapult v1 list of calls with its query parameters
//! ("List Calls").

pub mod catapult_v1;
pub mod rules;
pub mod voice_v2;

use callspec_core::rule::Semantics;
use callspec_core::{GeneratorInputs, Provider, Registration};

/// Bandwidth's registration: every resource this crate describes, with the generator's inputs,
/// and every endpoint. The facade's catalog is built from this table.
pub const PROVIDER: Provider = Provider {
    name: "bandwidth",
    resources: &[
        Registration {
            resource: voice_v2::RESOURCE,
            generator: GeneratorInputs {
                free_text: &["errorMessage"],
                integer_max: &[],
            },
            semantics: rules::VOICE_V2,
        },
        Registration {
            resource: catapult_v1::RESOURCE,
            generator: GeneratorInputs::NONE,
            semantics: rules::CATAPULT_V1,
        },
        Registration {
            resource: catapult_v1::QUERY_RESOURCE,
            generator: GeneratorInputs {
                free_text: &[],
                // `page` is a u32 in the model; the schema sets no maximum.
                integer_max: &[("page", u32::MAX as u64)],
            },
            semantics: Semantics::NONE,
        },
    ],
    endpoints: &[voice_v2::ENDPOINT, catapult_v1::ENDPOINT],
};
