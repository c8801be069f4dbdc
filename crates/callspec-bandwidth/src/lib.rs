//! Bandwidth's call-detail APIs as typed models: the Voice API v2 call state
//! (`000_c3fc2c88aa41130d.txt`) and the Catapult v1 list of calls with its query parameters
//! (`004_0e185cbb391e358e.txt`).
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
