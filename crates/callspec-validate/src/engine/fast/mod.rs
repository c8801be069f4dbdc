//! The fast path: a resource's closed schema compiled into a program that reads a body once,
//! with borrowed strings and no `serde_json::Value`, and answers "valid and drift-free". It
//! covers the keywords the published schemas use ([`compile`](self)) and refuses to compile
//! anything else; a body it does not accept goes to the full engine, so it never says "valid"
//! where `jsonschema` would not.

mod capture;
mod compile;
mod route;
mod walk;

pub(super) use capture::Captured;
pub(super) use walk::Sample;

use std::collections::HashMap;

use super::route::FieldHash;

/// A compiled closed schema.
#[derive(Debug)]
pub(super) struct Program {
    nodes: Vec<Node>,
    /// The kinds of value each node can accept (a choice: the union of its branches').
    kinds: Vec<Kinds>,
    root: usize,
    /// When the root is an object that allows only its listed properties: their names, in the
    /// order of the bits of the mask [`Program::accepts`] returns.
    root_fields: Option<Vec<Box<str>>>,
    /// When the root is an array of objects that allow only their listed properties: their
    /// names, in the order of the bits of the masks of [`Sample`].
    item_fields: Option<Vec<Box<str>>>,
    /// The members kept while reading an accepted body, for the semantic rules.
    capture: Option<capture::Plan>,
}

/// The kinds of JSON value a schema's `type` allows, a bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kinds(u8);

impl Kinds {
    const NULL: Kinds = Kinds(1);
    const BOOLEAN: Kinds = Kinds(2);
    /// Numbers with no fractional part (`integer`).
    const INTEGER: Kinds = Kinds(4);
    /// Any number (`number`).
    const NUMBER: Kinds = Kinds(8);
    const STRING: Kinds = Kinds(16);
    const ARRAY: Kinds = Kinds(32);
    const OBJECT: Kinds = Kinds(64);
    const ALL: Kinds = Kinds(127);
    const NONE: Kinds = Kinds(0);

    fn has(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }

    fn with(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }
}

/// One schema.
#[derive(Debug)]
enum Node {
    /// Assertions on the value itself.
    Check(Box<Check>),
    /// `anyOf` (`one_of` false) or `oneOf`. A scalar is tried against every branch; an array or
    /// an object goes to the one branch that allows it.
    Choice { branches: Vec<usize>, one_of: bool },
}

/// A literal of `enum` / `const` (numbers are refused at compile time: they compare
/// mathematically).
#[derive(Debug, PartialEq)]
enum Literal {
    Null,
    Bool(bool),
    String(Box<str>),
}

/// What an object says about properties it does not list.
#[derive(Debug)]
enum Additional {
    Allow,
    Deny,
    Schema(usize),
}

#[derive(Debug)]
struct Check {
    kinds: Kinds,
    literals: Option<Vec<Literal>>,
    // Strings.
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<regex::Regex>,
    format: Option<fn(&str) -> bool>,
    // Numbers: integer bounds (exact as f64), inclusive or exclusive.
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    // Arrays.
    items: Option<usize>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    // Objects.
    properties: Vec<usize>,
    names: HashMap<Box<str>, u8, FieldHash>,
    required: u128,
    additional: Additional,
    property_names: Option<usize>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
}

/// A numeric bound: an integer no larger in magnitude than 2^53, so exact as an `f64`.
#[derive(Debug, Clone, Copy)]
struct Bound {
    limit: i64,
    exclusive: bool,
}

impl Program {
    /// Whether `body` is one JSON value (UTF-8, nothing but whitespace after it) the closed
    /// schema accepts. `Some(mask)` when it does: for a root object, a bit per listed property
    /// present (in the order of [`Program::root_fields`]), else 0.
    pub(in crate::engine) fn accepts(&self, body: &[u8]) -> Option<u128> {
        walk_body(body, walk::Walk::new(self, self.root))
    }

    /// What [`Program::accepts`] answers, with the members kept for the semantic rules when
    /// [`Program::keep`] planned some.
    pub(super) fn accepts_keeping(&self, body: &[u8]) -> Option<(u128, Option<Captured<'_>>)> {
        self.accepts_sampling(body, None)
    }

    /// What [`Program::accepts_keeping`] answers, with the masks of the root array's first
    /// elements written to `sample` (see [`Program::item_fields`]).
    pub(super) fn accepts_sampling(
        &self,
        body: &[u8],
        sample: Option<&mut Sample>,
    ) -> Option<(u128, Option<Captured<'_>>)> {
        let mut captured = self.capture.as_ref().map(Captured::new);
        let at = match &self.capture {
            Some(plan) if plan.each_item => walk::At::Items,
            _ => walk::At::Object,
        };
        let walk = walk::Walk {
            program: self,
            node: self.root,
            capture: captured.as_mut().map(|out| (at, out)),
            sample,
        };
        let mask = walk_body(body, walk)?;
        Some((mask, captured))
    }

    /// Plans to keep the members `names` of each accepted body's root object, or of each
    /// element of its root array (`each_item`), for [`Program::accepts_keeping`]. Nothing is
    /// planned when the body's shape does not have such an object, or when there are more names
    /// than slots; the members are then read from a parsed body.
    pub(super) fn keep(&mut self, names: &[&'static str], each_item: bool) {
        self.capture = None;
        if names.is_empty() || names.len() > usize::from(u8::MAX) {
            return;
        }
        let object = if each_item {
            self.container(self.root, Kinds::ARRAY)
                .and_then(|(_, array)| array.items)
                .and_then(|items| self.container(items, Kinds::OBJECT))
        } else {
            self.container(self.root, Kinds::OBJECT)
        };
        let Some((object, check)) = object else {
            return;
        };
        let mut slots = vec![None; check.properties.len()];
        for (name, &index) in &check.names {
            if let Some(slot) = names.iter().position(|n| **n == **name) {
                slots[usize::from(index)] = u8::try_from(slot).ok();
            }
        }
        self.capture = Some(capture::Plan {
            names: names.to_vec(),
            each_item,
            object,
            slots,
        });
    }

    /// The root object's property names, when the root is an object that forbids others.
    pub(super) fn root_fields(&self) -> Option<&[Box<str>]> {
        self.root_fields.as_deref()
    }

    /// The property names of the root array's elements, when they are objects that forbid
    /// others.
    pub(super) fn item_fields(&self) -> Option<&[Box<str>]> {
        self.item_fields.as_deref()
    }
}

/// `walk` over `body`, which must be UTF-8 and one JSON value with nothing but whitespace after
/// it.
fn walk_body(body: &[u8], walk: walk::Walk<'_, '_>) -> Option<u128> {
    let text = std::str::from_utf8(body).ok()?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mask = serde::de::DeserializeSeed::deserialize(walk, &mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(mask)
}

#[cfg(test)]
mod tests;
