//! The members the semantic rules read, kept while the fast path walks a body, so a record it
//! accepts is never read a second time: each wanted member of the record (or of each element
//! of a list resource) is kept as a small scalar, its text copied into one buffer, and the
//! rules read them through [`Members`]. A wanted member holding an array or an object is not
//! kept, and the capture says it is incomplete (the caller then parses the body whole).

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use callspec_core::rule::{Instant, Member, Members, TimeField, TimeFormat, parse_instant};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use super::walk::Walk;

/// What a [`super::Program`] keeps of the bodies it accepts: the members `names`, of the root
/// object, or of each element of the root array (`each_item`).
#[derive(Debug)]
pub(in crate::engine) struct Plan {
    /// The members kept, by slot.
    pub(super) names: Vec<&'static str>,
    /// Whether they are members of each element of the root array.
    pub(super) each_item: bool,
    /// The node of the object whose members are kept.
    pub(super) object: usize,
    /// For each listed property of that object, by its index: its slot in `names`.
    pub(super) slots: Vec<Option<u8>>,
}

/// A kept member's value.
#[derive(Debug)]
enum Kept {
    Null,
    Bool(bool),
    Number(Number),
    /// A string: its place in [`Captured::text`], and the instant it names once asked for.
    Str {
        range: Range<usize>,
        instant: Cell<Option<(TimeFormat, Option<Instant>)>>,
    },
}

/// The members kept of one body.
#[derive(Debug)]
pub(in crate::engine) struct Captured<'p> {
    plan: &'p Plan,
    /// The text of every kept string, one after the other.
    text: String,
    /// The kept members in document order: slot and value.
    values: Vec<(u8, Kept)>,
    /// For a list: where each element's members start in `values`.
    items: Vec<usize>,
    /// Whether every wanted member present was kept (none held an array or an object, and the
    /// body had the planned shape).
    complete: bool,
}

impl<'p> Captured<'p> {
    pub(super) fn new(plan: &'p Plan) -> Self {
        Captured {
            plan,
            text: String::new(),
            values: Vec::with_capacity(plan.names.len()),
            items: Vec::new(),
            complete: true,
        }
    }

    /// Whether every wanted member present was kept.
    pub(in crate::engine) fn is_complete(&self) -> bool {
        self.complete
    }

    /// Marks the capture incomplete: the body is not of the shape it was planned for.
    pub(super) fn give_up(&mut self) {
        self.complete = false;
    }

    /// Starts the next element of a list.
    pub(super) fn next_item(&mut self) {
        self.items.push(self.values.len());
    }

    /// Takes back the element started last: the list ended instead.
    pub(super) fn drop_last_item(&mut self) {
        self.items.pop();
    }

    /// Whether the members of object node `node` are the ones planned to be kept.
    pub(super) fn planned_for(&self, node: usize) -> bool {
        node == self.plan.object
    }

    /// The slot of the listed property `index` of object node `node`, when it is kept.
    pub(super) fn slot(&self, node: usize, index: u8) -> Option<u8> {
        if !self.planned_for(node) {
            return None;
        }
        self.plan.slots.get(usize::from(index)).copied().flatten()
    }

    /// The objects whose members were kept: the record, or each element of a list with its
    /// index.
    pub(in crate::engine) fn objects(&self) -> impl Iterator<Item = (Option<usize>, Object<'_>)> {
        let whole = (!self.plan.each_item).then_some({
            (
                None,
                Object {
                    captured: self,
                    range: 0..self.values.len(),
                },
            )
        });
        let items = self
            .plan
            .each_item
            .then_some(&self.items)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, &start)| {
                let end = self.items.get(i + 1).copied().unwrap_or(self.values.len());
                (
                    Some(i),
                    Object {
                        captured: self,
                        range: start..end,
                    },
                )
            });
        whole.into_iter().chain(items)
    }

    fn keep(&mut self, slot: u8, value: Kept) {
        self.values.push((slot, value));
    }

    fn keep_str(&mut self, slot: u8, text: &str) {
        let start = self.text.len();
        self.text.push_str(text);
        self.keep(
            slot,
            Kept::Str {
                range: start..self.text.len(),
                instant: Cell::new(None),
            },
        );
    }
}

/// One object's kept members.
#[derive(Debug, Clone)]
pub(in crate::engine) struct Object<'c> {
    captured: &'c Captured<'c>,
    range: Range<usize>,
}

impl Object<'_> {
    fn kept(&self, name: &str) -> Option<&Kept> {
        let names = &self.captured.plan.names;
        // Rules name members by the same static strings the plan holds: the pointer is found
        // without comparing text.
        let slot = names
            .iter()
            .position(|n| std::ptr::eq(*n, name))
            .or_else(|| names.iter().position(|n| *n == name))?;
        self.captured.values[self.range.clone()]
            .iter()
            .find(|(s, _)| usize::from(*s) == slot)
            .map(|(_, kept)| kept)
    }
}

impl Members for Object<'_> {
    fn member(&self, name: &str) -> Option<Member<'_>> {
        Some(match self.kept(name)? {
            Kept::Null => Member::Null,
            Kept::Bool(b) => Member::Bool(*b),
            Kept::Number(n) => Member::Number(n),
            Kept::Str { range, .. } => Member::Str(&self.captured.text[range.clone()]),
        })
    }

    fn instant(&self, field: TimeField) -> Option<Instant> {
        let Kept::Str { range, instant } = self.kept(field.name)? else {
            return None;
        };
        if let Some((format, at)) = instant.get()
            && format == field.format
        {
            return at;
        }
        let at = parse_instant(&self.captured.text[range.clone()], field.format);
        instant.set(Some((field.format, at)));
        at
    }
}

/// Walks one wanted member's value against its node and keeps it in `slot`.
pub(super) struct Keep<'p, 'w> {
    pub(super) walk: Walk<'p, 'w>,
    pub(super) out: &'w mut Captured<'p>,
    pub(super) slot: u8,
}

impl<'de> DeserializeSeed<'de> for Keep<'_, '_> {
    type Value = u128;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u128, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Keep<'_, '_> {
    type Value = u128;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<u128, E> {
        let mask = self.walk.visit_unit()?;
        self.out.keep(self.slot, Kept::Null);
        Ok(mask)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<u128, E> {
        let mask = self.walk.visit_bool(value)?;
        self.out.keep(self.slot, Kept::Bool(value));
        Ok(mask)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u128, E> {
        let mask = self.walk.visit_u64(value)?;
        self.out.keep(self.slot, Kept::Number(value.into()));
        Ok(mask)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u128, E> {
        let mask = self.walk.visit_i64(value)?;
        self.out.keep(self.slot, Kept::Number(value.into()));
        Ok(mask)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<u128, E> {
        let mask = self.walk.visit_f64(value)?;
        // JSON has no infinite or NaN number: serde_json never gives one.
        match Number::from_f64(value) {
            Some(number) => self.out.keep(self.slot, Kept::Number(number)),
            None => self.out.give_up(),
        }
        Ok(mask)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<u128, E> {
        let mask = self.walk.visit_str(value)?;
        self.out.keep_str(self.slot, value);
        Ok(mask)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<u128, A::Error> {
        self.out.give_up();
        self.walk.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<u128, A::Error> {
        self.out.give_up();
        self.walk.visit_map(map)
    }
}
