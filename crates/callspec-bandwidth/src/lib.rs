//! Bandwidth's call-detail APIs as typed models: the Voice API v2 call state
//! ("Retrieve Call Information") and the Catapult v1 list of calls with its query parameters
//! ("List Calls").
#![warn(missing_docs)]

pub mod catapult_v1;
pub mod voice_v2;

use callspec_core::{Endpoint, Resource};

/// Every resource this crate describes.
pub fn resources() -> Vec<Resource> {
    vec![
        voice_v2::RESOURCE,
        catapult_v1::RESOURCE,
        catapult_v1::QUERY_RESOURCE,
    ]
}

/// Every endpoint this crate describes.
pub fn endpoints() -> Vec<Endpoint> {
    vec![voice_v2::ENDPOINT, catapult_v1::ENDPOINT]
}
