//! Walking a body against a [`Program`] as serde_json reads it: a `DeserializeSeed` per node,
//! strings borrowed from the body (or serde_json's scratch buffer when escaped), nothing kept.
//! The first thing the schema does not accept stops the walk with an error. An object with a
//! listed property twice is not accepted (`serde_json::Value` would keep only the last). The
//! root's walk may keep the members the semantic rules read ([`super::capture`]).

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::capture::{Captured, Keep};
use super::{Additional, Check, Kinds, Literal, Node, Program};

/// The walk of one value against one node; yields the object's mask of listed properties
/// present (0 for any other value).
pub(super) struct Walk<'p, 'w> {
    pub(super) program: &'p Program,
    pub(super) node: usize,
    /// Where the wanted members are kept, and what this value is to the capture.
    pub(super) capture: Option<(At, &'w mut Captured<'p>)>,
    /// For the root array: where the masks of its first elements go, for routing.
    pub(super) sample: Option<&'w mut Sample>,
}

/// The masks of listed properties of a root array's first [`Sample::SIZE`] elements (0 for an
/// element that is not an object), and how many there are: what shape routing reads of a list.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(in crate::engine) struct Sample {
    pub(in crate::engine) masks: [u128; Sample::SIZE],
    pub(in crate::engine) len: usize,
}

impl Sample {
    /// The elements shape routing reads of a list.
    pub(in crate::engine) const SIZE: usize = super::super::route::ARRAY_SAMPLE;

    fn push(&mut self, mask: u128) {
        if self.len < Sample::SIZE {
            self.masks[self.len] = mask;
            self.len += 1;
        }
    }
}

/// What a walked value is to the capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    /// The object whose members are kept.
    Object,
    /// The list whose elements' members are kept.
    Items,
}

impl<'p> Walk<'p, '_> {
    /// The walk of a value that keeps nothing.
    pub(super) fn new(program: &'p Program, node: usize) -> Self {
        Walk {
            program,
            node,
            capture: None,
            sample: None,
        }
    }
}

fn reject<E: de::Error>() -> E {
    E::custom("not accepted by the closed schema")
}

/// A value that is not an array or an object, as read.
enum Scalar<'a> {
    Null,
    Bool(bool),
    /// `kind` has both integer bits for a number with no fractional part; `exact` is the
    /// value when it is an integer held exactly (otherwise bounds compare as f64, exact for
    /// integer bounds within 2^53).
    Number {
        kind: Kinds,
        value: f64,
        exact: Option<i128>,
    },
    String(&'a str),
}

impl Scalar<'_> {
    fn kind(&self) -> Kinds {
        match self {
            Scalar::Null => Kinds::NULL,
            Scalar::Bool(_) => Kinds::BOOLEAN,
            Scalar::Number { kind, .. } => *kind,
            Scalar::String(_) => Kinds::STRING,
        }
    }
}

impl Program {
    /// Whether a scalar passes `node`: every branch of a choice is tried.
    fn scalar_passes(&self, node: usize, scalar: &Scalar<'_>) -> bool {
        match &self.nodes[node] {
            Node::Check(check) => check.kinds.has(scalar.kind()) && check.passes(scalar),
            Node::Choice { branches, one_of } => {
                let mut passing = branches.iter().filter(|&&b| self.scalar_passes(b, scalar));
                if *one_of {
                    passing.next().is_some() && passing.next().is_none()
                } else {
                    passing.next().is_some()
                }
            }
        }
    }

    /// The check an array or an object (`kind`) is read against, with its node, when `node`
    /// allows it: for a choice, its one branch that allows the kind.
    pub(super) fn container(&self, mut node: usize, kind: Kinds) -> Option<(usize, &Check)> {
        loop {
            match &self.nodes[node] {
                Node::Check(check) => return check.kinds.has(kind).then_some((node, &**check)),
                Node::Choice { branches, .. } => {
                    node = *branches.iter().find(|&&b| self.kinds[b].has(kind))?;
                }
            }
        }
    }
}

impl Check {
    /// Whether a scalar of a kind this check allows passes its other keywords.
    fn passes(&self, scalar: &Scalar<'_>) -> bool {
        match scalar {
            Scalar::Null => self
                .literals
                .as_ref()
                .is_none_or(|l| l.contains(&Literal::Null)),
            Scalar::Bool(b) => self
                .literals
                .as_ref()
                .is_none_or(|l| l.contains(&Literal::Bool(*b))),
            Scalar::Number { value, exact, .. } => {
                let order = |limit: i64| match exact {
                    Some(exact) => exact.cmp(&i128::from(limit)),
                    None => value.total_cmp(&(limit as f64)),
                };
                self.literals.is_none()
                    && self.minimum.is_none_or(|min| {
                        let order = order(min.limit);
                        order.is_gt() || (!min.exclusive && order.is_eq())
                    })
                    && self.maximum.is_none_or(|max| {
                        let order = order(max.limit);
                        order.is_lt() || (!max.exclusive && order.is_eq())
                    })
            }
            Scalar::String(text) => self.string_passes(text),
        }
    }

    /// Whether a string passes the literals, length, pattern and format.
    fn string_passes(&self, text: &str) -> bool {
        if let Some(literals) = &self.literals
            && !literals
                .iter()
                .any(|l| matches!(l, Literal::String(s) if &**s == text))
        {
            return false;
        }
        if self.min_length.is_some() || self.max_length.is_some() {
            let length = text.chars().count() as u64;
            if self.min_length.is_some_and(|min| length < min)
                || self.max_length.is_some_and(|max| length > max)
            {
                return false;
            }
        }
        if let Some(pattern) = &self.pattern
            && !pattern.is_match(text)
        {
            return false;
        }
        self.format.is_none_or(|format| format(text))
    }
}

impl Walk<'_, '_> {
    fn scalar<E: de::Error>(&self, scalar: &Scalar<'_>) -> Result<u128, E> {
        if self.program.scalar_passes(self.node, scalar) {
            Ok(0)
        } else {
            Err(reject())
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = u128;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u128, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = u128;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<u128, E> {
        self.scalar(&Scalar::Null)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<u128, E> {
        self.scalar(&Scalar::Bool(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u128, E> {
        self.scalar(&Scalar::Number {
            kind: Kinds::INTEGER.with(Kinds::NUMBER),
            value: value as f64,
            exact: Some(i128::from(value)),
        })
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u128, E> {
        self.scalar(&Scalar::Number {
            kind: Kinds::INTEGER.with(Kinds::NUMBER),
            value: value as f64,
            exact: Some(i128::from(value)),
        })
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<u128, E> {
        // An f64 with no fractional part is an integer to JSON Schema.
        let kind = if value.fract() == 0.0 {
            Kinds::INTEGER.with(Kinds::NUMBER)
        } else {
            Kinds::NUMBER
        };
        self.scalar(&Scalar::Number {
            kind,
            value,
            exact: None,
        })
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<u128, E> {
        self.scalar(&Scalar::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u128, A::Error> {
        let (_, check) = self
            .program
            .container(self.node, Kinds::ARRAY)
            .ok_or_else(reject)?;
        let mut count: u64 = 0;
        let mut sample = self.sample;
        let mut capture = match self.capture {
            Some((At::Items, out)) if check.items.is_some() => Some(out),
            Some((_, out)) => {
                out.give_up();
                None
            }
            None => None,
        };
        match check.items {
            Some(node) => loop {
                let element = match capture.as_deref_mut() {
                    Some(out) => {
                        out.next_item();
                        Walk {
                            program: self.program,
                            node,
                            capture: Some((At::Object, out)),
                            sample: None,
                        }
                    }
                    None => Walk::new(self.program, node),
                };
                let Some(mask) = seq.next_element_seed(element)? else {
                    if let Some(out) = capture.as_deref_mut() {
                        out.drop_last_item();
                    }
                    break;
                };
                if let Some(sample) = sample.as_deref_mut() {
                    sample.push(mask);
                }
                count += 1;
            },
            None => {
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    if let Some(sample) = sample.as_deref_mut() {
                        sample.push(0);
                    }
                    count += 1;
                }
            }
        }
        if check.min_items.is_some_and(|min| count < min)
            || check.max_items.is_some_and(|max| count > max)
        {
            return Err(reject());
        }
        Ok(0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u128, A::Error> {
        let (object, check) = self
            .program
            .container(self.node, Kinds::OBJECT)
            .ok_or_else(reject)?;
        let mut capture = match self.capture {
            Some((At::Object, out)) if out.planned_for(object) => Some(out),
            Some((_, out)) => {
                out.give_up();
                None
            }
            None => None,
        };
        let keep = !matches!(check.additional, Additional::Deny)
            && (check.property_names.is_some()
                || check.min_properties.is_some()
                || check.max_properties.is_some()
                || matches!(check.additional, Additional::Schema(_)));
        let mut seen: u128 = 0;
        let mut others: Vec<String> = Vec::new();
        let mut count: u64 = 0;
        while let Some(key) = map.next_key_seed(KeySeed { check, keep })? {
            count += 1;
            match key {
                Key::Listed(index) => {
                    let bit = 1u128 << index;
                    if seen & bit != 0 {
                        return Err(reject());
                    }
                    seen |= bit;
                    let walk = Walk::new(self.program, check.properties[usize::from(index)]);
                    let slot = capture.as_deref().and_then(|out| out.slot(object, index));
                    match (capture.as_deref_mut(), slot) {
                        (Some(out), Some(slot)) => {
                            map.next_value_seed(Keep { walk, out, slot })?;
                        }
                        _ => {
                            map.next_value_seed(walk)?;
                        }
                    }
                }
                Key::Other(name) => {
                    if let Some(name) = name {
                        if others.contains(&name) {
                            return Err(reject());
                        }
                        if let Some(node) = check.property_names
                            && !self.program.scalar_passes(node, &Scalar::String(&name))
                        {
                            return Err(reject());
                        }
                        others.push(name);
                    }
                    match check.additional {
                        Additional::Schema(node) => {
                            map.next_value_seed(Walk::new(self.program, node))?;
                        }
                        Additional::Allow => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        Additional::Deny => return Err(reject()),
                    }
                }
            }
        }
        if seen & check.required != check.required
            || check.min_properties.is_some_and(|min| count < min)
            || check.max_properties.is_some_and(|max| count > max)
        {
            return Err(reject());
        }
        Ok(seen)
    }
}

/// An object's key: a listed property (its index), or another name (kept when the object's
/// checks need it).
enum Key {
    Listed(u8),
    Other(Option<String>),
}

struct KeySeed<'p> {
    check: &'p Check,
    keep: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        if let Some(&index) = self.check.names.get(name) {
            return Ok(Key::Listed(index));
        }
        if matches!(self.check.additional, Additional::Deny) {
            return Err(reject());
        }
        Ok(Key::Other(self.keep.then(|| name.to_owned())))
    }
}
