//! Places in a generated payload: a concrete path ([`Place`]) a slot path names, its JSON
//! pointer, and reading, setting and removing the value there.

use crate::draw::Draw;
use crate::json::Json;
use crate::shape::Seg;

/// One step of a concrete place in a payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    Key(crate::json::Key),
    Index(usize),
}

/// A concrete place in a payload.
pub(crate) type Place = Vec<Tok>;

/// The JSON pointer of a place (RFC 6901, `~` and `/` escaped).
pub(crate) fn pointer(place: &[Tok]) -> String {
    let mut out = String::new();
    for tok in place {
        out.push('/');
        match tok {
            Tok::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Tok::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Every concrete place a slot path names in `body` (array elements all expanded; the last
/// member need not exist).
pub(crate) fn places(body: &Json, path: &[Seg]) -> Vec<Place> {
    let mut out = Vec::new();
    expand(body, path, &mut Vec::new(), &mut out, None);
    out
}

/// One concrete place a slot path names in `body`, choosing among array elements.
pub(crate) fn place(d: &mut Draw, body: &Json, path: &[Seg]) -> Option<Place> {
    let mut out = Vec::new();
    expand(body, path, &mut Vec::new(), &mut out, Some(d));
    out.pop()
}

fn expand(
    value: &Json,
    path: &[Seg],
    prefix: &mut Place,
    out: &mut Vec<Place>,
    mut choose: Option<&mut Draw>,
) {
    let Some((first, rest)) = path.split_first() else {
        out.push(prefix.clone());
        return;
    };
    match first {
        Seg::Key(key) => {
            if rest.is_empty() {
                if value.is_object() {
                    prefix.push(Tok::Key(std::borrow::Cow::Borrowed(key)));
                    out.push(prefix.clone());
                    prefix.pop();
                }
            } else if let Some(child) = value.get(key) {
                prefix.push(Tok::Key(std::borrow::Cow::Borrowed(key)));
                expand(child, rest, prefix, out, choose);
                prefix.pop();
            }
        }
        Seg::Each => {
            let Some(items) = value.as_array() else {
                return;
            };
            if items.is_empty() {
                return;
            }
            let indices: Vec<usize> = match choose.as_deref_mut() {
                Some(d) => vec![d.below(items.len())],
                None => (0..items.len()).collect(),
            };
            for i in indices {
                prefix.push(Tok::Index(i));
                expand(&items[i], rest, prefix, out, choose.as_deref_mut());
                prefix.pop();
            }
        }
    }
}

/// Sets the value at `place`, inserting the member if it is missing.
pub(crate) fn set(body: &mut Json, place: &[Tok], value: Json) {
    let Some((last, parent)) = place.split_last() else {
        *body = value;
        return;
    };
    let Some(parent) = get_mut(body, parent) else {
        return;
    };
    match last {
        Tok::Key(k) => parent.insert(k.clone(), value),
        Tok::Index(i) => {
            if let Some(slot) = parent.index_mut(*i) {
                *slot = value;
            }
        }
    }
}

/// Removes the member at `place`.
pub(crate) fn remove(body: &mut Json, place: &[Tok]) {
    let Some((Tok::Key(k), parent)) = place.split_last() else {
        return;
    };
    if let Some(parent) = get_mut(body, parent) {
        parent.remove(k);
    }
}

/// The value at `place`.
pub(crate) fn get<'a>(body: &'a Json, place: &[Tok]) -> Option<&'a Json> {
    place.iter().try_fold(body, |value, tok| match tok {
        Tok::Key(k) => value.get(k),
        Tok::Index(i) => value.index(*i),
    })
}

fn get_mut<'a>(body: &'a mut Json, place: &[Tok]) -> Option<&'a mut Json> {
    place.iter().try_fold(body, |value, tok| match tok {
        Tok::Key(k) => value.get_mut(k),
        Tok::Index(i) => value.index_mut(*i),
    })
}
