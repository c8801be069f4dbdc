//! SignalWire's LaML (Twilio-compatible) call resource,
//! `GET /api/laml/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}`, as typed models
//! (SignalWire Compatibility API, "Retrieve a Call").

pub mod laml;
pub mod rules;

use callspec_core::{GeneratorInputs, Provider, Registration};

/// SignalWire's registration: every resource this crate describes, with the generator's
/// inputs, and every endpoint. The facade's catalog is built from this table.
pub const PROVIDER: Provider = Provider {
    name: "signalwire",
    resources: &[Registration {
        resource: laml::RESOURCE,
        generator: GeneratorInputs {
            free_text: &["annotation", "formatted_from", "formatted_to"],
            integer_max: &[],
        },
        semantics: rules::CALL,
    }],
    endpoints: &[laml::ENDPOINT],
};
