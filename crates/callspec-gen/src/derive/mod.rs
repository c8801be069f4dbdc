//! The cases every resource gets from its schema, one file per case family: null versus
//! absent for each optional field ([`presence`]); timestamp, address, text and number edges
//! ([`timestamp`], [`address`], [`text`], [`number`]); open-enum values and unknown fields as
//! drift ([`open_enum`], [`unknown_field`]); and the invalid mutations (missing, null, wrong
//! type, outside the enum, the other date format, malformed values, out-of-range numbers:
//! [`invalid`]; byte-level corruptions: [`syntax`]; the semantic rules' mutations and the
//! semantic findings of every payload: [`semantic`]), each with the findings it raises. This
//! module holds what the families share.

use crate::json::Json;

/// A `serde_json::json!` literal as a [`Json`].
macro_rules! jj {
    ($($t:tt)*) => {
        Json::from(serde_json::json!($($t)*))
    };
}

mod address;
mod invalid;
mod number;
mod open_enum;
mod presence;
pub(crate) mod semantic;
mod syntax;
mod text;
mod timestamp;
mod unknown_field;

use callspec_core::finding::Code;

use crate::draw::Draw;
use crate::expect::Expected;
use crate::generator::{Base, Change, Generator};
use crate::kind::Kind;
use crate::place::{Tok, get, place, places, pointer, remove, set};
use crate::shape::{Seg, Slot};
use crate::values::{
    self, Cfws, DAYS, Instant, MONTHS, Rfc2822Style, Rfc3339Style, UNICODE_TEXT, Zone,
};

/// The length of the long-text edge, in characters.
const LONG_TEXT: usize = 4096;

fn no_findings() -> Change {
    Change::Json(Vec::new())
}

fn one(code: Code, place: &[Tok]) -> Change {
    Change::Json(vec![Expected::new(code, pointer(place))])
}

fn base_for(slot: &Slot) -> Base {
    if slot.nested() { Base::Rich } else { Base::Any }
}

fn checker(format: &str) -> Option<fn(&str) -> bool> {
    callspec_core::schema::formats()
        .into_iter()
        .find(|f| f.name == format)
        .map(|f| f.check)
}

const ADDRESS_FORMATS: [&str; 5] = [
    "e164",
    "e164-or-sip-uri",
    "e164-or-sip",
    "international-number-or-sip-uri",
    "phone-number",
];

fn is_address(format: &str) -> bool {
    ADDRESS_FORMATS.contains(&format)
}

/// Sets `value` at every place of `path` in `body`.
fn set_all(body: &mut Json, path: &[Seg], value: &Json) {
    for p in places(body, path) {
        set(body, &p, value.clone());
    }
}

fn slots_with_format<'a>(slots: &'a [Slot], format: &str) -> Vec<&'a Slot> {
    slots
        .iter()
        .filter(|s| s.shape.format.as_deref() == Some(format))
        .collect()
}

type Render = Box<dyn Fn(&mut Draw, Instant) -> String + Send + Sync>;
type Variants = Vec<(String, String, Render)>;
type ParseInstant = fn(&str) -> Option<Instant>;
type Check = fn(&str) -> bool;
type MakeText = fn() -> String;
type MakeValue = Box<dyn Fn(&mut Draw, &Json) -> Json + Send + Sync>;

/// Derives every schema-driven case of `generator`, with the inputs its provider registers.
pub(crate) fn derive(generator: &mut Generator) {
    let slots = generator.slots.clone();
    let inputs = generator.inputs;
    presence::edges(generator, &slots);
    timestamp::edges(generator, &slots);
    address::edges(generator, &slots);
    text::edges(generator, &slots, inputs);
    number::edges(generator, &slots, inputs);
    open_enum::cases(generator, &slots);
    unknown_field::drift(generator, &slots);
    invalid::mutations(generator, &slots);
    semantic::mutations(generator);
    semantic::state_mutations(generator);
    semantic::poll_mutations(generator);
    semantic::duration_cases(generator);
    syntax::mutations(generator);
}
