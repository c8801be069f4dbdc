//! Helpers the payload builders share: optional members (absent, null or a value), members
//! that may be null, and values of the provider enums, read from the models' `ALL`/`KNOWN`
//! lists so new variants are generated as soon as the models have them.
//!
//! Builders write JSON directly rather than going through the typed models' checked
//! constructors, which re-validate every value (URIs, addresses, dates) and would cost most of
//! the generation time; the tests deserialize every valid and edge payload into the typed
//! models and back, and check that rich payloads carry every property the schema knows.

use crate::draw::Draw;
use crate::generator::Base;
use crate::json::Json;

/// Sets an optional member: a value when `wanted` (always in a rich base), else absent (the
/// simplest) or null.
pub(crate) fn optional(
    object: &mut Json,
    key: &'static str,
    d: &mut Draw,
    base: Base,
    wanted: bool,
    make: impl FnOnce(&mut Draw) -> Json,
) {
    if wanted || base == Base::Rich {
        let value = make(d);
        object.insert(key, value);
    } else if d.chance(50) {
        object.insert(key, Json::Null);
    }
}

/// Sets an optional member that holds a value with `percent` probability (always in a rich
/// base).
pub(crate) fn sometimes(
    object: &mut Json,
    key: &'static str,
    d: &mut Draw,
    base: Base,
    percent: u64,
    make: impl FnOnce(&mut Draw) -> Json,
) {
    let wanted = d.chance(percent);
    optional(object, key, d, base, wanted, make);
}

/// A member that is always present but may be null: a value when `wanted` or in a rich base.
pub(crate) fn nullable(base: Base, wanted: bool, make: impl FnOnce() -> Json) -> Json {
    if wanted || base == Base::Rich {
        make()
    } else {
        Json::Null
    }
}

/// One of an enum's values, as the provider writes it.
pub(crate) fn pick_str<T>(d: &mut Draw, all: &[T], as_str: fn(&T) -> &str) -> Json {
    Json::str(as_str(d.pick(all)))
}
