//! The catalogue machinery: a resource's generator ([`Spec`]) is a valid-payload builder plus
//! three lists of named cases (edge, drift, invalid), each applying one change to a valid base
//! payload and saying which findings that change must raise. Generating a payload is one
//! choice of case followed by the base's and the case's own choices.

use std::sync::LazyLock;

use crate::json::Json;

use crate::draw::Draw;
use crate::model::{Body, CaseInfo, Expectation, Expected, Generated, Kind};
use crate::shape::{Seg, Slot};

/// What a case turns the base payload into.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The (changed) JSON body, with the findings the change raises.
    Json(Vec<Expected>),
    /// Raw bytes replacing the body, with the findings they raise.
    Text(Vec<u8>, Vec<Expected>),
}

/// Which valid payload a case starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// Any valid payload.
    Any,
    /// A rich one: every optional field present with a value, every array non-empty, so a
    /// nested place exists to change.
    Rich,
}

pub(crate) type Apply = Box<dyn Fn(&mut Draw, &mut Json) -> Outcome + Send + Sync>;

/// A named case.
pub(crate) struct Case {
    pub(crate) base: Base,
    pub(crate) apply: Apply,
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Case").field("base", &self.base).finish()
    }
}

/// A resource's valid-payload builder.
pub(crate) type Builder = fn(&mut Draw, Base) -> Json;

/// The generator of one resource.
#[derive(Debug)]
pub(crate) struct Spec {
    pub(crate) id: &'static str,
    pub(crate) valid: Builder,
    pub(crate) slots: Vec<Slot>,
    pub(crate) infos: [Vec<CaseInfo>; 3],
    pub(crate) cases: [Vec<Case>; 3],
}

fn catalogue_index(kind: Kind) -> Option<usize> {
    match kind {
        Kind::Valid => None,
        Kind::Edge => Some(0),
        Kind::Drift => Some(1),
        Kind::Invalid => Some(2),
    }
}

impl Spec {
    pub(crate) fn new(id: &'static str, valid: Builder) -> Self {
        let schema = callspec::resource(id)
            .map(|r| r.schema().to_value())
            .unwrap_or(serde_json::Value::Null);
        Self {
            id,
            valid,
            slots: crate::shape::slots(&schema),
            infos: Default::default(),
            cases: Default::default(),
        }
    }

    /// Adds a case; a name already in the catalogue is ignored (the first definition wins), so
    /// derived and hand-written cases cannot collide.
    pub(crate) fn add(
        &mut self,
        kind: Kind,
        name: impl Into<String>,
        description: impl Into<String>,
        base: Base,
        apply: impl Fn(&mut Draw, &mut Json) -> Outcome + Send + Sync + 'static,
    ) {
        let Some(i) = catalogue_index(kind) else {
            return;
        };
        let name = name.into();
        if self.infos[i].iter().any(|info| info.name == name) {
            return;
        }
        self.infos[i].push(CaseInfo {
            name,
            kind,
            description: description.into(),
        });
        self.cases[i].push(Case {
            base,
            apply: Box::new(apply),
        });
    }

    pub(crate) fn infos(&self, kind: Kind) -> &[CaseInfo] {
        catalogue_index(kind).map_or(&[], |i| &self.infos[i])
    }

    /// Generates one payload of `kind`; `case` fixes the catalogue case instead of choosing
    /// one.
    pub(crate) fn generate_raw(&self, kind: Kind, case: Option<usize>, d: &mut Draw) -> Raw<'_> {
        let Some(i) = catalogue_index(kind).filter(|i| !self.cases[*i].is_empty()) else {
            return Raw {
                kind: Kind::Valid,
                case: "valid",
                findings: Vec::new(),
                body: RawBody::Json((self.valid)(d, Base::Any)),
            };
        };
        let index = match case {
            Some(index) => index.min(self.cases[i].len() - 1),
            None => d.below(self.cases[i].len()),
        };
        let chosen = &self.cases[i][index];
        let mut body = (self.valid)(d, chosen.base);
        let (body, findings) = match (chosen.apply)(d, &mut body) {
            Outcome::Json(findings) => (RawBody::Json(body), findings),
            Outcome::Text(bytes, findings) => (RawBody::Text(bytes), findings),
        };
        Raw {
            kind,
            case: &self.infos[i][index].name,
            findings,
            body,
        }
    }

    /// Generates one payload of `kind` as the public [`Generated`].
    pub(crate) fn generate(&self, kind: Kind, case: Option<usize>, d: &mut Draw) -> Generated {
        let raw = self.generate_raw(kind, case, d);
        Generated {
            resource: self.id,
            kind: raw.kind,
            case: raw.case.to_owned(),
            expect: Expectation::from_findings(raw.findings),
            body: match raw.body {
                RawBody::Json(json) => Body::Json(json.to_value()),
                RawBody::Text(bytes) => Body::Text(bytes),
            },
        }
    }
}

/// A generated body before it becomes public.
#[derive(Debug)]
pub(crate) enum RawBody {
    Json(Json),
    Text(Vec<u8>),
}

/// A generated payload before it becomes public: what the NDJSON writer writes.
#[derive(Debug)]
pub(crate) struct Raw<'a> {
    pub(crate) kind: Kind,
    pub(crate) case: &'a str,
    pub(crate) findings: Vec<Expected>,
    pub(crate) body: RawBody,
}

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

/// Every resource's generator, in id order.
pub(crate) fn specs() -> &'static [Spec] {
    static ALL: LazyLock<Vec<Spec>> = LazyLock::new(|| {
        let mut all = vec![
            crate::bandwidth::call_state::spec(),
            crate::bandwidth::list_calls::spec(),
            crate::bandwidth::list_calls_query::spec(),
            crate::apifonica::call::spec(),
            crate::signalwire::call::spec(),
            crate::vonage::call_detail::spec(),
            crate::vonage::not_found::spec(),
        ];
        all.sort_by_key(|s| s.id);
        all
    });
    &ALL
}

/// The generator of the resource with this id.
pub(crate) fn spec(id: &str) -> Option<&'static Spec> {
    specs().iter().find(|s| s.id == id)
}
