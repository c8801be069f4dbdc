//! The members the semantic rules read, taken from a body the fast path accepted without
//! building its whole `serde_json::Value`: one pass of the parser in which each wanted member
//! is borrowed as raw JSON (so its byte offset is known, for positions) and parsed alone, and
//! every other member is skipped. A list resource's body gives one such object per element.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use callspec_core::rule::{Check, Semantics};

/// The members every rule of `semantics` reads, each once.
pub(super) fn rule_fields(semantics: &Semantics) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    let mut add = |name: &'static str| {
        if !names.contains(&name) {
            names.push(name);
        }
    };
    for rule in semantics.rules {
        match &rule.check {
            Check::TimeOrder(fields) => fields.iter().for_each(|f| add(f.name)),
            Check::Fields {
                when, set, unset, ..
            } => {
                add(when);
                set.iter().chain(unset.iter()).for_each(|n| add(n));
            }
            Check::Duration {
                field, from, to, ..
            } => {
                add(field);
                add(from.name);
                add(to.name);
            }
            Check::Polls(polls) => {
                add(polls.id);
                add(polls.state);
                if let Some(update) = polls.update {
                    add(update.name);
                }
                polls.fixed.iter().for_each(|f| add(f.name));
            }
        }
    }
    names
}

/// What the rules read of a body, with where each member's value starts.
#[derive(Debug)]
pub(super) struct Extracted {
    /// The body cut down to the wanted members: an object, or an array of objects for a list.
    pub(super) value: Value,
    /// The byte offset of each kept member's value: by element (`None` for the body itself)
    /// and member name.
    offsets: Vec<(Option<usize>, &'static str, usize)>,
}

impl Extracted {
    /// The byte offset of the value at `pointer` (`/name` or `/3/name`), when it was kept.
    pub(super) fn offset(&self, pointer: &str) -> Option<usize> {
        let rest = pointer.strip_prefix('/')?;
        let (item, name) = match rest.split_once('/') {
            Some((index, name)) => (Some(index.parse::<usize>().ok()?), name),
            None => (None, rest),
        };
        self.offsets
            .iter()
            .find(|(i, n, _)| *i == item && *n == name)
            .map(|(_, _, offset)| *offset)
    }
}

/// The wanted members of `body` (an object, or an array of objects when `each_item`), or
/// `None` when the body is not of that shape or not JSON (then the caller parses it whole).
pub(super) fn extract(body: &[u8], names: &[&'static str], each_item: bool) -> Option<Extracted> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let members: Vec<Vec<(&'static str, &RawValue)>> = if each_item {
        Items { names }.deserialize(&mut deserializer).ok()?
    } else {
        vec![Members { names }.deserialize(&mut deserializer).ok()?]
    };
    deserializer.end().ok()?;
    let base = body.as_ptr() as usize;
    let mut offsets = Vec::new();
    let mut objects = Vec::with_capacity(members.len());
    for (index, kept) in members.into_iter().enumerate() {
        let item = each_item.then_some(index);
        let mut object = Map::new();
        for (name, raw) in kept {
            let value: Value = serde_json::from_str(raw.get()).ok()?;
            offsets.push((item, name, (raw.get().as_ptr() as usize).checked_sub(base)?));
            object.insert(name.to_owned(), value);
        }
        objects.push(Value::Object(object));
    }
    let value = if each_item {
        Value::Array(objects)
    } else {
        objects.pop()?
    };
    Some(Extracted { value, offsets })
}

/// A member name: the wanted name it is, or `None`.
struct Key<'n> {
    names: &'n [&'static str],
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<&'static str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<&'static str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.names.iter().copied().find(|n| *n == key))
    }
}

/// An object: its wanted members, borrowed raw; the last of a repeated name wins, as in a
/// parsed value.
struct Members<'n> {
    names: &'n [&'static str],
}

impl<'de> DeserializeSeed<'de> for Members<'_> {
    type Value = Vec<(&'static str, &'de RawValue)>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Members<'_> {
    type Value = Vec<(&'static str, &'de RawValue)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kept: Self::Value = Vec::new();
        while let Some(key) = map.next_key_seed(Key { names: self.names })? {
            match key {
                Some(name) => {
                    let raw: &'de RawValue = map.next_value()?;
                    match kept.iter_mut().find(|(n, _)| *n == name) {
                        Some(slot) => slot.1 = raw,
                        None => kept.push((name, raw)),
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(kept)
    }
}

/// An array of objects: the wanted members of each.
struct Items<'n> {
    names: &'n [&'static str],
}

impl<'de> DeserializeSeed<'de> for Items<'_> {
    type Value = Vec<Vec<(&'static str, &'de RawValue)>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Items<'_> {
    type Value = Vec<Vec<(&'static str, &'de RawValue)>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(kept) = seq.next_element_seed(Members { names: self.names })? {
            items.push(kept);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_wanted_members_with_their_offsets() {
        let body =
            br#"{"a": 1, "state": "done", "b": {"state": "x"}, "end": null, "state": "late"}"#;
        let got = extract(body, &["state", "end", "missing"], false).expect("an object");
        assert_eq!(got.value, serde_json::json!({"state": "late", "end": null}));
        let at = got.offset("/state").expect("kept");
        assert_eq!(&body[at..at + 6], b"\"late\"");
        assert_eq!(got.offset("/a"), None);
        assert_eq!(got.offset("/missing"), None);
    }

    #[test]
    fn reads_each_element_of_a_list() {
        let body = b"[{\"id\": \"c-1\", \"x\": [1, 2]},\n {\"id\": \"c-2\"}]";
        let got = extract(body, &["id"], true).expect("an array");
        assert_eq!(got.value, serde_json::json!([{"id": "c-1"}, {"id": "c-2"}]));
        let at = got.offset("/1/id").expect("kept");
        assert_eq!(&body[at..at + 5], b"\"c-2\"");
        assert_eq!(got.offset("/2/id"), None);
    }

    #[test]
    fn another_shape_is_refused() {
        assert!(extract(b"[1, 2]", &["id"], true).is_none());
        assert!(extract(b"{\"id\": 1}", &["id"], true).is_none());
        assert!(extract(b"[]", &["id"], false).is_none());
        assert!(extract(b"{\"id\": 1} x", &["id"], false).is_none());
    }
}
