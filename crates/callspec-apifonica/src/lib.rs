//! Apifonica's call details, `GET /v2/accounts/{accountSID}/calls/{callSID}`, as typed models
//! (Apifonica, "Get details of specific call").
#![warn(missing_docs)]

pub mod v2;

use callspec_core::{Endpoint, Resource};

/// Every resource this crate describes.
pub fn resources() -> Vec<Resource> {
    vec![v2::RESOURCE]
}

/// Every endpoint this crate describes.
pub fn endpoints() -> Vec<Endpoint> {
    vec![v2::ENDPOINT]
}
