//! Vonage Contact Center's call detail, `GET /v0/{accountKey}/calls/{callGuid}`, and its 404
//! body, as typed models (Vonage Contact Center, "Retrieving the call detail").
#![warn(missing_docs)]

pub mod v0;

use callspec_core::{Endpoint, Resource};

/// Every resource this crate describes.
pub fn resources() -> Vec<Resource> {
    vec![v0::RESOURCE, v0::NOT_FOUND_RESOURCE]
}

/// Every endpoint this crate describes.
pub fn endpoints() -> Vec<Endpoint> {
    vec![v0::ENDPOINT]
}
