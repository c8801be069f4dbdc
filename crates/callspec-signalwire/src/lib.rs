//! SignalWire's LaML (Twilio-compatible) call resource,
//! `GET /api/laml/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}`, as typed models
//! (SignalWire Compatibility API, "Retrieve a Call").
#![warn(missing_docs)]

pub mod laml;

use callspec_core::{Endpoint, Resource};

/// Every resource this crate describes.
pub fn resources() -> Vec<Resource> {
    vec![laml::RESOURCE]
}

/// Every endpoint this crate describes.
pub fn endpoints() -> Vec<Endpoint> {
    vec![laml::ENDPOINT]
}
