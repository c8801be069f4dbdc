//! Routing: which resource a record is checked against. A HAR entry goes by its request (method,
//! host, path and status through the endpoint table); any other record by its shape, the share
//! of its fields each resource knows; a record that fits none is `unrouted`.

use callspec_core::Endpoint;
use serde_json::Value;

use super::compile::{Compiled, MAX_RESOURCES};
use super::{Engine, Report};
use crate::finding::{Code, Finding, Severity, Verdict};
use crate::input::{Exchange, Origin};

/// The minimum share of a record's fields a resource must know for shape routing to pick it.
const ROUTE_THRESHOLD: f64 = 0.5;

/// The elements of an array shape routing reads.
pub(super) const ARRAY_SAMPLE: usize = 8;

impl Engine {
    /// The endpoint a HAR request went to (when the endpoint table knows it), and the resource
    /// its body is checked against: the forced one, else the endpoint's for the status.
    pub(super) fn route_exchange(
        &self,
        exchange: &Exchange,
    ) -> (Option<&'static Endpoint>, Option<&Compiled>) {
        let (host, path) = split_url(&exchange.url);
        let forced = self.forced.map(|i| &self.compiled[i]);
        let endpoint = callspec::route(&exchange.method, host, path);
        let target = match (forced, endpoint) {
            (Some(c), _) => Some(c),
            (None, Some(endpoint)) => endpoint
                .resource_for(exchange.status)
                .and_then(|id| self.by_id(id)),
            (None, None) => None,
        };
        (endpoint, target)
    }

    pub(super) fn unknown_resource(&self, origin: Option<Origin>, value: &Value) -> Report {
        let candidates = self.candidates(value);
        let names: Vec<String> = candidates
            .iter()
            .map(|(id, score)| format!("`{id}` ({:.0}%)", score * 100.0))
            .collect();
        let mut finding = Finding::new(
            Code::RouteUnknownResource,
            "",
            if names.is_empty() {
                "the record matches no resource".to_owned()
            } else {
                format!(
                    "the record matches no resource; closest: {}",
                    names.join(", ")
                )
            },
        )
        .expected("the fields of a known resource (or --resource ID)")
        .actual(shape_of(value));
        // Under --strict a record that matches nothing fails the run.
        finding.severity = if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        Report {
            origin,
            resource: None,
            verdict: Verdict::Unrouted,
            findings: vec![finding],
            request: None,
            secrets: crate::redact::Secrets::new(),
            sightings: super::Sightings::default(),
            ignored: false,
            overlay_effects: Vec::new(),
        }
    }

    /// How well `value`'s fields fit each resource, best first.
    fn candidates(&self, value: &Value) -> Vec<(&'static str, f64)> {
        let scores = self.scores(value);
        let mut scored: Vec<(&'static str, f64)> = self
            .compiled
            .iter()
            .zip(scores)
            .filter(|(_, s)| *s > 0.0)
            .map(|(c, s)| (c.resource.id, s))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(3);
        scored
    }

    /// The resource a record's shape fits best, if it fits one well enough. Logs repeat the
    /// same fields record after record: each worker remembers the last object's field names
    /// and its route, and reuses the route when the next object has the same names.
    pub(super) fn route_shape(&self, value: &Value) -> Option<&Compiled> {
        // Every engine compiles `callspec::resources()` in the same order with the same field
        // table, so a remembered route (an index) holds for any engine on the thread.
        thread_local! {
            static LAST: std::cell::RefCell<(Vec<String>, Option<usize>)> =
                const { std::cell::RefCell::new((Vec::new(), None)) };
        }
        let Value::Object(object) = value else {
            return self.route_uncached(value).map(|i| &self.compiled[i]);
        };
        let cached = LAST.with_borrow(|(keys, route)| {
            (keys.len() == object.len() && keys.iter().zip(object.keys()).all(|(a, b)| a == b))
                .then_some(*route)
        });
        let route = cached.unwrap_or_else(|| {
            let route = self.route_uncached(value);
            LAST.with_borrow_mut(|(keys, cached)| {
                keys.clear();
                keys.extend(object.keys().cloned());
                *cached = route;
            });
            route
        });
        route.map(|i| &self.compiled[i])
    }

    fn route_uncached(&self, value: &Value) -> Option<usize> {
        best(&self.scores(value))
    }

    /// The route of an object with these (distinct) field names: what [`Engine::route_shape`]
    /// gives for any object with exactly these fields.
    pub(super) fn route_fields<'k>(
        &self,
        names: impl Iterator<Item = &'k str>,
        len: usize,
    ) -> Option<usize> {
        best(&self.object_scores(self.fit(names, len)))
    }

    /// For every resource, the share of the record's fields it knows, discounted by the
    /// required fields the record lacks: |fields ∩ known| / (|fields| + |required ∖ fields|).
    /// One hash lookup per field, whatever the number of resources.
    fn scores(&self, value: &Value) -> [f64; MAX_RESOURCES] {
        let mut scores = [0.0; MAX_RESOURCES];
        match value {
            Value::Object(object) => {
                scores =
                    self.object_scores(self.fit(object.keys().map(String::as_str), object.len()));
            }
            Value::Array(items) => {
                let sample: Vec<Option<Vec<&str>>> = items
                    .iter()
                    .take(ARRAY_SAMPLE)
                    .map(|item| {
                        item.as_object()
                            .map(|object| object.keys().map(String::as_str).collect())
                    })
                    .collect();
                scores = self.array_scores(&sample);
            }
            _ => {}
        }
        scores
    }

    /// An array's scores from its first [`ARRAY_SAMPLE`] elements, each an object's field names
    /// (`None` for an element that is not an object): the mean fit of those elements, for the
    /// routable resources that are arrays; an empty array scores the threshold for each.
    fn array_scores(&self, sample: &[Option<Vec<&str>>]) -> [f64; MAX_RESOURCES] {
        let mut scores = [0.0; MAX_RESOURCES];
        let share = 1.0 / sample.len().max(1) as f64;
        for (i, c) in self.compiled.iter().enumerate() {
            if c.routable && c.is_array && sample.is_empty() {
                scores[i] = ROUTE_THRESHOLD;
            }
        }
        for names in sample.iter().flatten() {
            let fit = self.fit(names.iter().copied(), names.len());
            for (i, c) in self.compiled.iter().enumerate() {
                if c.routable && c.is_array {
                    scores[i] += fit[i] * share;
                }
            }
        }
        scores
    }

    /// The resource an array routes to, from its first elements' field names (as
    /// [`Engine::array_scores`] takes them).
    pub(super) fn route_array_fields(&self, sample: &[Option<Vec<&str>>]) -> Option<usize> {
        best(&self.array_scores(sample))
    }

    /// An object's scores: its fit, for the routable resources that are objects.
    fn object_scores(&self, fit: [f64; MAX_RESOURCES]) -> [f64; MAX_RESOURCES] {
        let mut scores = [0.0; MAX_RESOURCES];
        for (i, c) in self.compiled.iter().enumerate() {
            if c.routable && !c.is_array {
                scores[i] = fit[i];
            }
        }
        scores
    }

    /// The fit of an object with `len` distinct field names `names` to each resource.
    fn fit<'k>(&self, names: impl Iterator<Item = &'k str>, len: usize) -> [f64; MAX_RESOURCES] {
        let mut fit = [0.0; MAX_RESOURCES];
        if len == 0 {
            return fit;
        }
        let n = self.compiled.len();
        let mut known = [0u32; MAX_RESOURCES];
        let mut required = [0u32; MAX_RESOURCES];
        for key in names {
            if let Some(&(known_mask, required_mask)) = self.keys.get(key) {
                count_bits(known_mask, &mut known);
                count_bits(required_mask, &mut required);
            }
        }
        for (i, c) in self.compiled.iter().enumerate().take(n) {
            let missing = (c.required.len() as u32).saturating_sub(required[i]);
            fit[i] = f64::from(known[i]) / (len as f64 + f64::from(missing));
        }
        fit
    }
}

/// The best-scoring resource, if it scores at least the threshold.
fn best(scores: &[f64; MAX_RESOURCES]) -> Option<usize> {
    let (best, score) =
        scores.iter().copied().enumerate().fold(
            (0, 0.0),
            |best, (i, s)| if s > best.1 { (i, s) } else { best },
        );
    (score >= ROUTE_THRESHOLD).then_some(best)
}

/// A record's shape in words, the same for records with the same top-level fields: `an object
/// with fields `a`, `b``, `a string`.
fn shape_of(value: &Value) -> String {
    const SHOWN: usize = 8;
    match value {
        Value::Object(object) if !object.is_empty() => {
            let mut names: Vec<&str> = object.keys().map(String::as_str).collect();
            names.sort_unstable();
            let more = names.len().saturating_sub(SHOWN);
            let listed: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!("an object with fields {}{more}", listed.join(", "))
        }
        Value::Object(_) => "an empty object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::String(_) => "a string".to_owned(),
        Value::Number(_) => "a number".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Null => "null".to_owned(),
    }
}

/// Adds one to `counts[i]` for every bit `i` set in `mask` (a field belongs to few resources, so
/// this visits only those).
fn count_bits(mut mask: u64, counts: &mut [u32; MAX_RESOURCES]) {
    while mask != 0 {
        counts[mask.trailing_zeros() as usize] += 1;
        mask &= mask - 1;
    }
}

/// FNV-1a for the router's field table: field names are short and trusted (they come from the
/// schemas; a record's names are only looked up), so a fast hash beats SipHash here.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FieldHash;

impl std::hash::BuildHasher for FieldHash {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

/// The FNV-1a state.
#[derive(Debug)]
pub(super) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The host and path of a URL, without scheme, userinfo, port, query, fragment or path
/// parameters: read by the one URL parser redaction uses too ([`crate::redact::Url`]).
pub(super) fn split_url(url: &str) -> (&str, &str) {
    let url = crate::redact::Url::parse(url);
    (url.host, url.route_path())
}
