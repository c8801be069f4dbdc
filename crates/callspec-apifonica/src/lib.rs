//! Apifonica's call details, `GET /v2/accounts/{accountSID}/calls/{callSID}`, as typed models
//! (Apifonica, "Get details of specific call").

pub mod rules;
pub mod v2;

use callspec_core::{GeneratorInputs, Provider, Registration};

/// Apifonica's registration: every resource this crate describes, with the generator's inputs,
/// and every endpoint. The facade's catalog is built from this table.
pub const PROVIDER: Provider = Provider {
    name: "apifonica",
    resources: &[Registration {
        resource: v2::RESOURCE,
        generator: GeneratorInputs {
            free_text: &["tag"],
            integer_max: &[],
        },
        semantics: rules::CALL,
    }],
    endpoints: &[v2::ENDPOINT],
};
