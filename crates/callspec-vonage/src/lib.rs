//! Vonage Contact Center's call detail, `GET /v0/{accountKey}/calls/{callGuid}`, and its 404
//! body, as typed models (Vonage Contact Center, "Retrieving the call detail").

pub mod rules;
pub mod v0;

use callspec_core::rule::Semantics;
use callspec_core::{GeneratorInputs, Provider, Registration};

/// Vonage's registration: every resource this crate describes, with the generator's inputs,
/// and every endpoint. The facade's catalog is built from this table.
pub const PROVIDER: Provider = Provider {
    name: "vonage",
    resources: &[
        Registration {
            resource: v0::RESOURCE,
            generator: GeneratorInputs {
                free_text: &["dispositionCode"],
                integer_max: &[],
            },
            semantics: rules::CALL_DETAIL,
        },
        Registration {
            resource: v0::NOT_FOUND_RESOURCE,
            generator: GeneratorInputs {
                free_text: &["message"],
                integer_max: &[],
            },
            semantics: Semantics::NONE,
        },
    ],
    endpoints: &[v0::ENDPOINT],
};
