//! The checking engine: schemas compiled once, then per record parse, route (forced resource,
//! HAR URL, or shape), check the contract and drift, and for records that are not clean, the
//! full diagnostics with source positions. The fast path asks "valid and drift-free?" first.

use std::collections::HashMap;

use callspec_core::Resource;
use serde_json::{Map, Number, Value};

use crate::contract;
use crate::finding::{Code, Excerpt, Finding, Severity, Verdict, verdict_of};
use crate::input::{Exchange, Origin, Position, ReadProblem, Record, split_top_level_array};
use crate::locate;
use crate::plan::{Shape, shape_of};
use crate::pointer::Pointer;
use crate::redact;

/// How the engine checks.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Check every record against this resource instead of routing it.
    pub resource: Option<String>,
    /// Drift is an error.
    pub strict: bool,
}

/// Why an engine could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// `--resource` named no resource.
    #[error("unknown resource `{id}`; expected one of: {}", known.join(", "))]
    UnknownResource {
        /// The id given.
        id: String,
        /// Every resource id.
        known: Vec<&'static str>,
    },
    /// A published schema does not compile (a bug in callspec).
    #[error("{0}")]
    Compile(String),
}

/// What one record came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Where the record came from (`None` for a body checked on its own).
    pub origin: Option<Origin>,
    /// The resource it was checked against.
    pub resource: Option<&'static str>,
    /// The verdict.
    pub verdict: Verdict,
    /// Everything found, in document order.
    pub findings: Vec<Finding>,
    /// HAR: the request, as `GET https://host/path?query` with credentials removed.
    pub request: Option<String>,
}

#[derive(Debug)]
struct Compiled {
    resource: &'static Resource,
    validator: jsonschema::Validator,
    /// The fast path's schema: the published one closed over what the spec knows (every object
    /// `additionalProperties: false`, every open enum an `enum` of its known values), so one
    /// `is_valid` answers "conforms and drift-free".
    closed: jsonschema::Validator,
    shape: Shape,
    is_array: bool,
    required: Vec<Box<str>>,
    /// For a query resource: the JSON type of each parameter, to read query text as.
    parameter_types: HashMap<String, &'static str>,
    /// Whether shape routing may pick it (response bodies; not query parameters).
    routable: bool,
}

/// The compiled catalog, shared by every worker.
#[derive(Debug)]
pub struct Engine {
    compiled: Vec<Compiled>,
    /// Every field name a routable resource knows: a bit per resource that knows it, and a bit
    /// per resource that requires it.
    keys: HashMap<Box<str>, (u64, u64), FieldHash>,
    forced: Option<usize>,
    strict: bool,
}

/// The most resources the router tells apart (a bit each in a `u64`).
const MAX_RESOURCES: usize = 64;

/// The minimum share of a record's fields a resource must know for shape routing to pick it.
const ROUTE_THRESHOLD: f64 = 0.5;

impl Engine {
    /// Compiles every resource's schema.
    pub fn new(options: Options) -> Result<Engine, EngineError> {
        let mut compiled = Vec::new();
        for resource in callspec::resources() {
            let schema = resource.schema().to_value();
            let compile = |schema: &Value| {
                callspec::validator_options()
                    .build(schema)
                    .map_err(|e| EngineError::Compile(format!("{}: {e}", resource.id)))
            };
            let validator = compile(&schema)?;
            let closed = compile(&closed_schema(schema.clone()))?;
            let required = resolve_root(&schema)
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).map(Into::into).collect())
                .unwrap_or_default();
            let parameter_types = schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .filter_map(|(k, v)| {
                            let ty = v.get("type").and_then(Value::as_str)?;
                            let ty = ["integer", "number", "boolean"]
                                .into_iter()
                                .find(|t| *t == ty)?;
                            Some((k.clone(), ty))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let routable = !callspec::endpoints()
                .iter()
                .any(|e| e.query == Some(resource.id));
            compiled.push(Compiled {
                routable,
                resource,
                is_array: schema.get("type").and_then(Value::as_str) == Some("array"),
                shape: shape_of(&schema),
                validator,
                closed,
                required,
                parameter_types,
            });
        }
        let forced = match &options.resource {
            None => None,
            Some(id) => Some(
                compiled
                    .iter()
                    .position(|c| c.resource.id == id)
                    .ok_or_else(|| EngineError::UnknownResource {
                        id: id.clone(),
                        known: callspec::resources().iter().map(|r| r.id).collect(),
                    })?,
            ),
        };
        if compiled.len() > MAX_RESOURCES {
            return Err(EngineError::Compile(format!(
                "more than {MAX_RESOURCES} resources"
            )));
        }
        let mut keys: HashMap<Box<str>, (u64, u64), FieldHash> = HashMap::default();
        for (i, c) in compiled.iter().enumerate().filter(|(_, c)| c.routable) {
            for key in c.shape.known() {
                keys.entry(key.clone()).or_default().0 |= 1 << i;
            }
            for key in &c.required {
                keys.entry(key.clone()).or_default().1 |= 1 << i;
            }
        }
        Ok(Engine {
            keys,
            compiled,
            forced,
            strict: options.strict,
        })
    }

    /// Whether drift is an error.
    pub fn strict(&self) -> bool {
        self.strict
    }

    fn by_id(&self, id: &str) -> Option<&Compiled> {
        self.compiled.iter().find(|c| c.resource.id == id)
    }

    /// Checks one body on its own, against `resource` when given, else routed by shape.
    pub fn check_bytes(&self, resource: Option<&str>, body: &[u8]) -> Report {
        let target = match resource {
            Some(id) => match self.by_id(id) {
                Some(c) => Some(c),
                None => {
                    let finding = Finding::new(
                        Code::RouteUnknownId,
                        "",
                        format!("no resource has the id `{id}`"),
                    );
                    return self.report(None, None, vec![finding]);
                }
            },
            None => self.forced.map(|i| &self.compiled[i]),
        };
        let origin = Origin::new("<body>".into());
        let value = match parse(body, &origin) {
            Ok(value) => value,
            Err(finding) => {
                return self.report(None, target.map(|c| c.resource.id), vec![*finding]);
            }
        };
        let target = target.or_else(|| self.route_shape(&value));
        match target {
            Some(c) => {
                let findings = self.check_value(c, &value, body, &origin, Vec::new());
                self.report(None, Some(c.resource.id), findings)
            }
            None => self.unknown_resource(None, &value),
        }
    }

    /// Checks a record; a JSON file holding an array that is not a list resource comes back as
    /// one report per element.
    pub fn check(&self, record: Record) -> Vec<Report> {
        let Record {
            origin,
            body,
            exchange,
        } = record;
        let body = match body {
            Ok(body) => body,
            Err(problem) => {
                let finding = read_problem(&problem, &origin);
                return vec![self.report(Some(origin), None, vec![finding])];
            }
        };
        if let Some(exchange) = exchange {
            return vec![self.check_exchange(origin, &exchange, &body)];
        }
        let value = match parse(&body, &origin) {
            Ok(value) => value,
            Err(finding) => {
                let resource = self.forced.map(|i| self.compiled[i].resource.id);
                return vec![self.report(Some(origin), resource, vec![*finding])];
            }
        };
        let whole_file = origin.line.is_none() && origin.index.is_none();
        let target = match self.forced {
            Some(i) => Some(&self.compiled[i]),
            None => self.route_shape(&value),
        };
        if whole_file
            && value.is_array()
            && !target.is_some_and(|c| c.is_array)
            && let Some(elements) = split_top_level_array(&body, origin.start)
        {
            return elements
                .into_iter()
                .map(|(index, range, start)| {
                    let origin = origin.element(index, start);
                    let value = value.get(index).unwrap_or(&Value::Null);
                    let target = match self.forced {
                        Some(i) => Some(&self.compiled[i]),
                        None => self.route_shape(value),
                    };
                    self.check_routed(target, value, &body[range], origin)
                })
                .collect();
        }
        vec![self.check_routed(target, &value, &body, origin)]
    }

    fn check_routed(
        &self,
        target: Option<&Compiled>,
        value: &Value,
        body: &[u8],
        origin: Origin,
    ) -> Report {
        match target {
            Some(c) => {
                let findings = self.check_value(c, value, body, &origin, Vec::new());
                self.report(Some(origin), Some(c.resource.id), findings)
            }
            None => self.unknown_resource(Some(origin), value),
        }
    }

    fn check_exchange(&self, origin: Origin, exchange: &Exchange, body: &[u8]) -> Report {
        let request = format!("{} {}", exchange.method, redact::redact_url(&exchange.url));
        Report {
            request: Some(request),
            ..self.check_exchange_body(origin, exchange, body)
        }
    }

    fn check_exchange_body(&self, origin: Origin, exchange: &Exchange, body: &[u8]) -> Report {
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
        let Some(target) = target else {
            return Report {
                origin: Some(origin),
                resource: None,
                verdict: Verdict::Unrouted,
                findings: Vec::new(),
                request: None,
            };
        };
        let mut request = Vec::new();
        if let Some(endpoint) = endpoint {
            for rule in endpoint.headers {
                match exchange.request_header(rule.name) {
                    None => request.push(
                        Finding::new(
                            Code::RequestHeader,
                            "",
                            format!("request header `{}` is missing", rule.name),
                        )
                        .expected(format!("`{}: {}`", rule.name, rule.expected()))
                        .actual("no header"),
                    ),
                    Some(value) if !rule.accepts(value) => request.push(
                        Finding::new(
                            Code::RequestHeader,
                            "",
                            format!(
                                "request header `{}` is `{value}`, not `{}`",
                                rule.name,
                                rule.expected()
                            ),
                        )
                        .expected(format!("`{}: {}`", rule.name, rule.expected()))
                        .actual(format!("`{value}`")),
                    ),
                    Some(_) => {}
                }
            }
            if let Some(authorization) = exchange.request_header("Authorization") {
                // Only a registered scheme name is ever shown: anything else may be the
                // credential itself.
                let scheme = authorization
                    .split_once([' ', '\t'])
                    .map(|(scheme, _)| scheme);
                if !scheme.is_some_and(|s| s.eq_ignore_ascii_case(endpoint.auth.scheme())) {
                    let shown = match scheme.and_then(known_auth_scheme) {
                        Some(name) => format!("the `{name}` scheme"),
                        None => "no scheme callspec recognizes".to_owned(),
                    };
                    request.push(
                        Finding::new(
                            Code::RequestAuth,
                            "",
                            format!(
                                "`Authorization` uses {shown}; `{}` authenticates with `{}`",
                                endpoint.id,
                                endpoint.auth.scheme()
                            ),
                        )
                        .expected(format!("`{}` credentials", endpoint.auth.scheme()))
                        .actual(shown),
                    );
                }
            }
            if let Some(query) = endpoint.query.and_then(|id| self.by_id(id)) {
                request.extend(self.check_query(query, &exchange.query));
            }
        }
        let findings = match parse(body, &origin) {
            Ok(value) => self.check_value(target, &value, body, &origin, request),
            Err(finding) => {
                request.push(*finding);
                request
            }
        };
        self.report(Some(origin), Some(target.resource.id), findings)
    }

    fn check_query(&self, query: &Compiled, pairs: &[(String, String)]) -> Vec<Finding> {
        let mut object = Map::new();
        let mut findings = Vec::new();
        for (name, text) in pairs {
            if object.contains_key(name) {
                continue;
            }
            if !query.shape.known().iter().any(|k| **k == **name) {
                // Credentials in a query string are authentication, not API parameters.
                if !redact::is_secret_query_param(name) {
                    findings.push(
                        Finding::new(
                            Code::RequestUnknownParameter,
                            crate::pointer::child("", name),
                            format!("query parameter `{name}` is not in the spec"),
                        )
                        .actual(format!("`{name}`")),
                    );
                }
                continue;
            }
            let value = match query.parameter_types.get(name).copied() {
                Some("integer") => text.parse::<i64>().map(Value::from).ok(),
                Some("number") => text
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number),
                Some("boolean") => text.parse::<bool>().map(Value::Bool).ok(),
                _ => None,
            };
            object.insert(
                name.clone(),
                value.unwrap_or_else(|| Value::String(text.clone())),
            );
        }
        let object = Value::Object(object);
        if !query.validator.is_valid(&object) {
            for mut finding in contract::findings(&query.validator, &object) {
                finding.message = format!("query parameter: {}", finding.message);
                finding.code = Code::RequestQuery;
                finding.schema_location = finding
                    .schema_location
                    .map(|s| format!("specs/{}#{s}", query.resource.spec_path()));
                findings.push(finding);
            }
        }
        findings
    }

    /// Contract and drift of a parsed body against `target`, after `prior` findings (request
    /// checks). Clean bodies take the fast path and allocate nothing.
    fn check_value(
        &self,
        target: &Compiled,
        value: &Value,
        body: &[u8],
        origin: &Origin,
        prior: Vec<Finding>,
    ) -> Vec<Finding> {
        if prior.is_empty() && target.closed.is_valid(value) {
            return prior;
        }
        let mut findings = prior;
        let first_body_finding = findings.len();
        findings.extend(contract::findings(&target.validator, value));
        target
            .shape
            .drift(value, &mut Pointer::default(), &mut findings);
        let spec = target.resource.spec_path();
        for finding in &mut findings[first_body_finding..] {
            if let Some(location) = &finding.schema_location {
                finding.schema_location = Some(format!("specs/{spec}#{location}"));
            }
            if let Some((location, _exact)) = locate::locate_nearest(body, &finding.pointer) {
                let in_body = location.position();
                finding.position = Some(origin.source_position(in_body));
                finding.excerpt = Excerpt::at(body, in_body);
            }
        }
        // Document order: by source position; request findings (no position) first.
        findings.sort_by_key(|f| f.position.map(|p| (p.line, p.column)));
        findings
    }

    fn report(
        &self,
        origin: Option<Origin>,
        resource: Option<&'static str>,
        mut findings: Vec<Finding>,
    ) -> Report {
        // The verdict says what the findings are; under --strict drift is then reported as an
        // error, and `Verdict::fails` makes the run fail on it.
        let verdict = verdict_of(&findings);
        if self.strict {
            for finding in findings.iter_mut().filter(|f| f.code.is_drift()) {
                finding.severity = Severity::Error;
            }
        }
        Report {
            origin,
            resource,
            verdict,
            findings,
            request: None,
        }
    }

    fn unknown_resource(&self, origin: Option<Origin>, value: &Value) -> Report {
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
        .expected("the fields of a known resource (or --resource ID)");
        finding.severity = Severity::Warning;
        Report {
            origin,
            resource: None,
            verdict: Verdict::Unrouted,
            findings: vec![finding],
            request: None,
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
    fn route_shape(&self, value: &Value) -> Option<&Compiled> {
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
        let scores = self.scores(value);
        let (best, score) = scores
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, 0.0),
                |best, (i, s)| if s > best.1 { (i, s) } else { best },
            );
        (score >= ROUTE_THRESHOLD).then_some(best)
    }

    /// For every resource, the share of the record's fields it knows, discounted by the
    /// required fields the record lacks: |fields ∩ known| / (|fields| + |required ∖ fields|).
    /// One hash lookup per field, whatever the number of resources.
    fn scores(&self, value: &Value) -> [f64; MAX_RESOURCES] {
        let mut scores = [0.0; MAX_RESOURCES];
        match value {
            Value::Object(object) => {
                let fit = self.fit(object);
                for (i, c) in self.compiled.iter().enumerate() {
                    if c.routable && !c.is_array {
                        scores[i] = fit[i];
                    }
                }
            }
            Value::Array(items) => {
                let sample: Vec<&Value> = items.iter().take(8).collect();
                let share = 1.0 / sample.len().max(1) as f64;
                for (i, c) in self.compiled.iter().enumerate() {
                    if c.routable && c.is_array && sample.is_empty() {
                        scores[i] = ROUTE_THRESHOLD;
                    }
                }
                for item in &sample {
                    let Some(object) = item.as_object() else {
                        continue;
                    };
                    let fit = self.fit(object);
                    for (i, c) in self.compiled.iter().enumerate() {
                        if c.routable && c.is_array {
                            scores[i] += fit[i] * share;
                        }
                    }
                }
            }
            _ => {}
        }
        scores
    }

    fn fit(&self, object: &Map<String, Value>) -> [f64; MAX_RESOURCES] {
        let mut fit = [0.0; MAX_RESOURCES];
        if object.is_empty() {
            return fit;
        }
        let n = self.compiled.len();
        let mut known = [0u32; MAX_RESOURCES];
        let mut required = [0u32; MAX_RESOURCES];
        for key in object.keys() {
            if let Some(&(known_mask, required_mask)) = self.keys.get(key.as_str()) {
                count_bits(known_mask, &mut known);
                count_bits(required_mask, &mut required);
            }
        }
        for (i, c) in self.compiled.iter().enumerate().take(n) {
            let missing = (c.required.len() as u32).saturating_sub(required[i]);
            fit[i] = f64::from(known[i]) / (object.len() as f64 + f64::from(missing));
        }
        fit
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
struct FieldHash;

impl std::hash::BuildHasher for FieldHash {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

/// The FNV-1a state.
#[derive(Debug)]
struct Fnv(u64);

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

/// The published schema closed over what the spec knows: valid against it means conforming and
/// drift-free. Objects that list their known properties forbid others; open enums allow only
/// their known values.
fn closed_schema(mut schema: Value) -> Value {
    fn close(value: &mut Value) {
        match value {
            Value::Object(object) => {
                if object.contains_key(callspec_core::schema::KNOWN_PROPERTIES) {
                    object.insert("additionalProperties".into(), Value::Bool(false));
                }
                if let Some(known) = object.get(callspec_core::schema::KNOWN_VALUES).cloned() {
                    object.insert("enum".into(), known);
                }
                object.values_mut().for_each(close);
            }
            Value::Array(items) => items.iter_mut().for_each(close),
            _ => {}
        }
    }
    close(&mut schema);
    schema
}

/// The root schema with its `$ref` followed (a list resource's items are the shape that counts).
fn resolve_root(schema: &Value) -> &Value {
    let target = schema.get("items").unwrap_or(schema);
    match target
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => schema
            .get("$defs")
            .and_then(|d| d.get(name))
            .unwrap_or(target),
        None => target,
    }
}

/// Parses a body: UTF-8 first, then JSON.
fn parse(body: &[u8], origin: &Origin) -> Result<Value, Box<Finding>> {
    let text = std::str::from_utf8(body).map_err(|error| {
        let at = error.valid_up_to();
        let mut finding = Finding::new(
            Code::SyntaxUtf8,
            "",
            format!(
                "the body is not UTF-8: invalid byte 0x{:02x}",
                body.get(at).copied().unwrap_or_default()
            ),
        )
        .expected("UTF-8 text");
        let in_body = locate::position_at(body, at, Position::START);
        finding.position = Some(origin.source_position(in_body));
        finding.excerpt = Excerpt::at(body, in_body);
        Box::new(finding)
    })?;
    serde_json::from_str(text).map_err(|error| {
        let message = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else {
            let text = error.to_string();
            // serde_json appends " at line L column C"; the position is reported separately.
            text.split(" at line ").next().unwrap_or(&text).to_owned()
        };
        let mut finding = Finding::new(Code::SyntaxJson, "", format!("not JSON: {message}"))
            .expected("a JSON value");
        let in_body = locate::syntax_position(body, &error);
        finding.position = Some(origin.source_position(in_body));
        finding.excerpt = Excerpt::at(body, in_body);
        Box::new(finding)
    })
}

fn read_problem(problem: &ReadProblem, origin: &Origin) -> Finding {
    let mut finding = Finding::new(Code::SyntaxInput, "", problem.to_string());
    if let ReadProblem::HarDocument {
        position: Some(position),
        ..
    } = problem
    {
        finding.position = Some(*position);
    } else {
        finding.position = origin.line.map(|line| Position::new(line, 1));
    }
    finding
}

/// The IANA-registered HTTP authentication scheme `name` is, spelled as registered.
fn known_auth_scheme(name: &str) -> Option<&'static str> {
    const SCHEMES: &[&str] = &[
        "Basic",
        "Bearer",
        "Digest",
        "HOBA",
        "Mutual",
        "Negotiate",
        "OAuth",
        "SCRAM-SHA-1",
        "SCRAM-SHA-256",
        "vapid",
        "DPoP",
        "GNAP",
        "Concealed",
        "PrivateToken",
        "NTLM",
        "Token",
        "AWS4-HMAC-SHA256",
    ];
    SCHEMES
        .iter()
        .copied()
        .find(|s| s.eq_ignore_ascii_case(name))
}

/// The host and path of a URL, without scheme, userinfo, port, query or fragment.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    (host, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        Engine::new(Options::default()).unwrap()
    }

    fn codes(report: &Report) -> Vec<(&'static str, &str)> {
        report
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.pointer.as_str()))
            .collect()
    }

    const BANDWIDTH: &str = r#"{
  "callId": "c-1", "parentCallId": null, "applicationId": "a", "accountId": "5",
  "to": "+15553334444", "from": "+15551112222", "direction": "inbound",
  "state": "disconnected", "startTime": "2019-10-21T16:45:11.293Z",
  "disconnectCause": "hangup", "lastUpdate": "2019-10-21T16:55:12.971Z"
}"#;

    #[test]
    fn routes_by_shape_and_finds_nothing_in_a_clean_body() {
        let report = engine().check_bytes(None, BANDWIDTH.as_bytes());
        assert_eq!(report.resource, Some("bandwidth/voice-v2/call-state"));
        assert_eq!(report.verdict, Verdict::Valid, "{:?}", report.findings);
    }

    #[test]
    fn contract_codes_and_pointers() {
        let e = engine();
        let id = Some("bandwidth/voice-v2/call-state");
        let bad = BANDWIDTH.replace(r#""lastUpdate": "2019-10-21T16:55:12.971Z""#, r#""x": 1"#);
        let r = e.check_bytes(id, bad.as_bytes());
        assert_eq!(
            codes(&r),
            [
                ("contract/required", "/lastUpdate"),
                ("drift/unknown-field", "/x")
            ]
        );
        assert_eq!(r.verdict, Verdict::Invalid);
        let bad = BANDWIDTH.replace(r#""direction": "inbound""#, r#""direction": "sideways""#);
        assert_eq!(
            codes(&e.check_bytes(id, bad.as_bytes())),
            [("contract/enum", "/direction")]
        );
        let bad = BANDWIDTH.replace("\"+15553334444\"", "\"sip:a@b.c\"");
        assert_eq!(
            codes(&e.check_bytes(id, bad.as_bytes())),
            [("contract/format", "/to")]
        );
        let bad = BANDWIDTH.replace(r#""parentCallId": null"#, r#""parentCallId": 5"#);
        assert_eq!(
            codes(&e.check_bytes(id, bad.as_bytes())),
            [("contract/type", "/parentCallId")]
        );
        let bad = BANDWIDTH.replace(
            r#""disconnectCause": "hangup""#,
            r#""answerTime": "Fri, 21 Apr 2017 13:01:25 +0000""#,
        );
        assert_eq!(
            codes(&e.check_bytes(id, bad.as_bytes())),
            [("contract/format", "/answerTime")]
        );
        let bad = BANDWIDTH.replace(
            r#""disconnectCause": "hangup""#,
            r#""disconnectCause": "carrier""#,
        );
        let r = e.check_bytes(id, bad.as_bytes());
        assert_eq!(
            (codes(&r), r.verdict),
            (
                vec![("drift/unknown-value", "/disconnectCause")],
                Verdict::Drift
            )
        );
    }

    #[test]
    fn syntax() {
        let e = engine();
        let r = e.check_bytes(None, b"{\"a\": 1,\n  \"b\" 2}");
        assert_eq!(
            (codes(&r), r.verdict),
            (vec![("syntax/json", "")], Verdict::Unreadable)
        );
        assert_eq!(r.findings[0].position, Some(Position::new(2, 7)));
        let r = e.check_bytes(None, b"{\"a\": \"\xff\"}");
        assert_eq!(codes(&r), [("syntax/utf8", "")]);
        let r = e.check_bytes(None, b"");
        assert_eq!(r.findings[0].message, "not JSON: the body is empty");
    }

    #[test]
    fn positions_of_findings() {
        let bad = BANDWIDTH.replace(r#""direction": "inbound""#, r#""direction": "sideways""#);
        let record = Record {
            origin: Origin::new("x.json".into()),
            body: Ok(bad.into_bytes()),
            exchange: None,
        };
        let reports = engine().check(record);
        assert_eq!(reports[0].findings[0].position, Some(Position::new(3, 62)));
    }

    #[test]
    fn unknown_shape() {
        let r = engine().check_bytes(None, br#"{"hello": "world"}"#);
        assert_eq!(
            (codes(&r), r.verdict),
            (vec![("route/unknown-resource", "")], Verdict::Unrouted)
        );
    }

    /// The closed schema says "conforms and drift-free" exactly: checked on every record of the
    /// corpus, whose cases cover valid, drift and invalid payloads of every resource.
    #[test]
    fn closed_schema_is_contract_and_no_drift() {
        let engine = engine();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut checked = 0;
        let mut stack = vec![corpus];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read(&path).unwrap();
                let lines: Vec<&[u8]> = if path.extension().is_some_and(|e| e == "ndjson") {
                    text.split(|b| *b == b'\n').collect()
                } else {
                    vec![&text[..]]
                };
                for line in lines {
                    let Ok(value) = serde_json::from_slice::<Value>(line) else {
                        continue;
                    };
                    for c in &engine.compiled {
                        let expected =
                            c.validator.is_valid(&value) && c.shape.is_drift_free(&value);
                        assert_eq!(
                            c.closed.is_valid(&value),
                            expected,
                            "{} on {}",
                            c.resource.id,
                            path.display()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the bytes, checking yields a report: never a panic.
        #[test]
        fn arbitrary_bodies_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let engine = shared_engine();
            let report = engine.check_bytes(None, &body);
            proptest::prop_assert!(report.verdict != Verdict::Valid || serde_json::from_slice::<Value>(&body).is_ok());
            for id in ["bandwidth/voice-v2/call-state", "vonage/v0/call-detail"] {
                let _ = engine.check_bytes(Some(id), &body);
            }
        }

        /// JSON-shaped text with arbitrary values in known fields: a report, never a panic, and a
        /// finding for every record that is not valid.
        #[test]
        fn arbitrary_values_never_panic(value in "[ -~]{0,40}", key in "(callId|to|from|state|startTime|status|links|sipHeaders|x)") {
            let body = format!(r#"{{"{key}": "{}", "callId": 1}}"#, value.replace(['"', '\\'], ""));
            let report = shared_engine().check_bytes(Some("bandwidth/voice-v2/call-state"), body.as_bytes());
            proptest::prop_assert!(report.verdict == Verdict::Valid || !report.findings.is_empty());
        }
    }

    fn shared_engine() -> &'static Engine {
        static ENGINE: std::sync::LazyLock<Engine> = std::sync::LazyLock::new(engine);
        &ENGINE
    }

    #[test]
    fn urls() {
        assert_eq!(
            split_url("https://u:p@voice.bandwidth.com:443/api/v2?x=1#f"),
            ("voice.bandwidth.com:443", "/api/v2")
        );
        assert_eq!(split_url("http://host"), ("host", "/"));
    }
}
