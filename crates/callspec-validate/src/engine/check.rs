//! Checking a record: the body parsed, routed, its request checked (HAR), then the contract and
//! drift, each finding placed at its source position; the verdict follows from the findings.

use serde_json::Value;

use super::compile::Compiled;
use super::parse::{parse, read_problem};
use super::{Engine, Report};
use crate::contract;
use crate::finding::{Code, Excerpt, Finding, Severity, Verdict, verdict_of};
use crate::input::{Exchange, Origin, Record, split_top_level_array};
use crate::locate;
use crate::pointer::Pointer;
use crate::redact;

impl Engine {
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
                let sightings = self.sightings(c.resource.id, &value, body, None);
                Report {
                    sightings,
                    ..self.report(None, Some(c.resource.id), findings)
                }
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
                let sightings = self.sightings(c.resource.id, value, body, Some(&origin));
                Report {
                    sightings,
                    ..self.report(Some(origin), Some(c.resource.id), findings)
                }
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
        let (endpoint, target) = self.route_exchange(exchange);
        let Some(target) = target else {
            return Report {
                origin: Some(origin),
                resource: None,
                verdict: Verdict::Unrouted,
                findings: Vec::new(),
                request: None,
                sightings: Vec::new(),
            };
        };
        let mut request = match endpoint {
            Some(endpoint) => self.check_request(endpoint, exchange),
            None => Vec::new(),
        };
        let (findings, sightings) = match parse(body, &origin) {
            Ok(value) => (
                self.check_value(target, &value, body, &origin, request),
                self.sightings(target.resource.id, &value, body, Some(&origin)),
            ),
            Err(finding) => {
                request.push(*finding);
                (request, Vec::new())
            }
        };
        Report {
            sightings,
            ..self.report(Some(origin), Some(target.resource.id), findings)
        }
    }

    /// Contract, drift and the semantic rules of a parsed body against `target`, after `prior`
    /// findings (request checks). Clean bodies take the fast path and allocate nothing.
    fn check_value(
        &self,
        target: &Compiled,
        value: &Value,
        body: &[u8],
        origin: &Origin,
        prior: Vec<Finding>,
    ) -> Vec<Finding> {
        if prior.is_empty() && target.closed.is_valid(value) {
            return self.add_semantic(target, value, body, origin, prior);
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
        self.add_semantic(target, value, body, origin, findings)
    }

    fn report(
        &self,
        origin: Option<Origin>,
        resource: Option<&'static str>,
        mut findings: Vec<Finding>,
    ) -> Report {
        // The verdict says what the findings are; under --strict drift is then reported as an
        // error, and `Verdict::fails` makes the run fail on it. (Semantic findings carry their
        // run's severity already, and their verdict follows it.)
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
            sightings: Vec::new(),
        }
    }
}
