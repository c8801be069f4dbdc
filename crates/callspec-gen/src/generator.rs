//! The generator machinery: a resource's [`Generator`] is a valid-payload builder plus three
//! catalogs of named cases (edge, drift, invalid), each applying one change to a valid base
//! payload and saying which findings that change must raise. Generating a payload is one
//! choice of case followed by the base's and the case's own choices.

use callspec_core::GeneratorInputs;

use crate::case::CaseInfo;
use crate::draw::Draw;
use crate::expect::{Expectation, Expected};
use crate::json::Json;
use crate::kind::Kind;
use crate::payload::{Body, Generated};
use crate::shape::Slot;

/// What a case turns the base payload into.
#[derive(Debug)]
pub(crate) enum Change {
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

pub(crate) type Apply = Box<dyn Fn(&mut Draw, &mut Json) -> Change + Send + Sync>;

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
pub(crate) struct Generator {
    pub(crate) id: &'static str,
    pub(crate) valid: Builder,
    pub(crate) slots: Vec<Slot>,
    /// What the provider's registration adds to the schema ([`callspec::generator_inputs`]).
    pub(crate) inputs: GeneratorInputs,
    pub(crate) infos: [Vec<CaseInfo>; 3],
    pub(crate) cases: [Vec<Case>; 3],
}

fn catalog_index(kind: Kind) -> Option<usize> {
    match kind {
        Kind::Valid => None,
        Kind::Edge => Some(0),
        Kind::Drift => Some(1),
        Kind::Invalid => Some(2),
    }
}

impl Generator {
    /// The generator of the registered resource `id`, valid payloads from `valid`, with no
    /// cases yet. An id nothing registers has no schema and no inputs: its generator derives
    /// no case, and the registry's test names it.
    pub(crate) fn new(id: &'static str, valid: Builder) -> Self {
        let schema = callspec::resource(id)
            .map(|r| r.schema().to_value())
            .unwrap_or(serde_json::Value::Null);
        Self {
            id,
            valid,
            slots: crate::shape::slots(&schema),
            inputs: callspec::generator_inputs(id).unwrap_or_default(),
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
        apply: impl Fn(&mut Draw, &mut Json) -> Change + Send + Sync + 'static,
    ) {
        let Some(i) = catalog_index(kind) else {
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
        catalog_index(kind).map_or(&[], |i| &self.infos[i])
    }

    /// Generates one payload of `kind`; `case` fixes the catalog case instead of choosing
    /// one.
    pub(crate) fn generate_raw(&self, kind: Kind, case: Option<usize>, d: &mut Draw) -> Raw<'_> {
        let Some(i) = catalog_index(kind).filter(|i| !self.cases[*i].is_empty()) else {
            let body = (self.valid)(d, Base::Any);
            return Raw {
                kind: Kind::Valid,
                case: "valid",
                findings: crate::derive::semantic::findings(self.id, &body, &[]),
                body: RawBody::Json(body),
            };
        };
        let index = match case {
            Some(index) => index.min(self.cases[i].len() - 1),
            None => d.below(self.cases[i].len()),
        };
        let chosen = &self.cases[i][index];
        let mut body = (self.valid)(d, chosen.base);
        let (body, findings) = match (chosen.apply)(d, &mut body) {
            Change::Json(mut findings) => {
                if matches!(kind, Kind::Edge | Kind::Drift) {
                    crate::derive::semantic::cohere(self.id, &mut body, &findings);
                }
                // What the payload says across its fields, under the resource's semantic rules.
                let semantic = crate::derive::semantic::findings(self.id, &body, &findings);
                findings.extend(semantic);
                (RawBody::Json(body), findings)
            }
            Change::Text(bytes, findings) => (RawBody::Text(bytes), findings),
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
