//! A small JSON tree for building and changing payloads quickly: object keys are mostly
//! `&'static str` and objects are sorted vectors, so building, changing and dropping a payload
//! costs a fraction of a `serde_json::Value`. It serializes through serde exactly as the
//! equivalent `Value` does (keys in sorted order), so the NDJSON writer and
//! [`crate::Generated`] bodies agree byte for byte.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Number, Value};

/// An object key.
pub(crate) type Key = Cow<'static, str>;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Arr(Vec<Json>),
    /// Members sorted by key, keys unique.
    Obj(Vec<(Key, Json)>),
}

impl Json {
    /// An object from members in any order (a later duplicate key wins).
    pub(crate) fn object(members: Vec<(Key, Json)>) -> Json {
        let mut out = Json::Obj(Vec::with_capacity(members.len()));
        for (k, v) in members {
            out.insert(k, v);
        }
        out
    }

    pub(crate) fn str(text: impl Into<String>) -> Json {
        Json::Str(text.into())
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Obj(_))
    }

    pub(crate) fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_array_mut(&mut self) -> Option<&mut Vec<Json>> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members
                .binary_search_by(|(k, _)| k.as_ref().cmp(key))
                .ok()
                .map(|i| &members[i].1),
            _ => None,
        }
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Obj(members) => members
                .binary_search_by(|(k, _)| k.as_ref().cmp(key))
                .ok()
                .map(|i| &mut members[i].1),
            _ => None,
        }
    }

    /// Element `i` of an array.
    pub(crate) fn index(&self, i: usize) -> Option<&Json> {
        self.as_array().and_then(|items| items.get(i))
    }

    pub(crate) fn index_mut(&mut self, i: usize) -> Option<&mut Json> {
        self.as_array_mut().and_then(|items| items.get_mut(i))
    }

    /// Sets member `key` of an object (nothing for other values).
    pub(crate) fn insert(&mut self, key: impl Into<Key>, value: Json) {
        if let Json::Obj(members) = self {
            let key = key.into();
            match members.binary_search_by(|(k, _)| k.as_ref().cmp(key.as_ref())) {
                Ok(i) => members[i].1 = value,
                Err(i) => members.insert(i, (key, value)),
            }
        }
    }

    /// Removes member `key` of an object.
    pub(crate) fn remove(&mut self, key: &str) {
        if let Json::Obj(members) = self
            && let Ok(i) = members.binary_search_by(|(k, _)| k.as_ref().cmp(key))
        {
            members.remove(i);
        }
    }

    /// The equivalent `serde_json::Value`.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::U64(n) => Value::from(*n),
            Json::I64(n) => Value::from(*n),
            Json::F64(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => Value::String(s.clone()),
            Json::Arr(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Obj(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// Compact JSON bytes.
    pub(crate) fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        self.write(&mut out);
        out
    }

    /// Appends compact JSON.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        // Writing to memory cannot fail, and every value here is serializable.
        let _ = serde_json::to_writer(out, self);
    }
}

impl From<&Value> for Json {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    Json::U64(u)
                } else if let Some(i) = n.as_i64() {
                    Json::I64(i)
                } else {
                    Json::F64(n.as_f64().unwrap_or(0.0))
                }
            }
            Value::String(s) => Json::Str(s.clone()),
            Value::Array(items) => Json::Arr(items.iter().map(Json::from).collect()),
            // `Value` objects iterate in key order, so the members arrive sorted.
            Value::Object(map) => Json::Obj(
                map.iter()
                    .map(|(k, v)| (Key::Owned(k.clone()), Json::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<Value> for Json {
    fn from(value: Value) -> Self {
        Json::from(&value)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::U64(n) => serializer.serialize_u64(*n),
            Json::I64(n) => serializer.serialize_i64(*n),
            Json::F64(f) => serializer.serialize_f64(*f),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

/// Builds a [`Json`] object from `key => value` pairs (values converted with `Into<Json>`).
macro_rules! obj {
    ($($key:expr => $value:expr),* $(,)?) => {
        $crate::json::Json::object(vec![$(($crate::json::Key::from($key), $crate::json::Json::from($value))),*])
    };
}
pub(crate) use obj;

impl From<String> for Json {
    fn from(s: String) -> Self {
        Json::Str(s)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Json::Str(s.to_owned())
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Self {
        Json::U64(n)
    }
}

impl From<f64> for Json {
    fn from(f: f64) -> Self {
        Json::F64(f)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(v: Option<T>) -> Self {
        v.map_or(Json::Null, Into::into)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Self {
        Json::Arr(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_as_value_does() {
        let value = json!({"b": [1, -2, 0.0294, 1e-7, 20.0, 18446744073709551615u64, null, true],
                           "a": {"z": "\u{2028}\"\\", "y": {}}, "c": []});
        let tree = Json::from(&value);
        assert_eq!(tree.to_vec(), serde_json::to_vec(&value).unwrap());
        assert_eq!(tree.to_value(), value);
        let mut built = obj! { "b" => 1u64, "a" => "x" };
        built.insert("c", Json::Null);
        built.remove("b");
        assert_eq!(built.to_value(), json!({"a": "x", "c": null}));
    }
}
