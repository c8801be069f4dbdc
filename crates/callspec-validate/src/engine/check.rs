//! Checking a record: the body parsed, routed, its request checked (HAR), then the contract and
//! drift, each finding placed at its source position; the verdict follows from the findings.

use serde_json::Value;

use super::compile::Compiled;
use super::fast::Captured;
use super::parse::{parse, read_problem, too_deep};
use super::semantic::Read;
use super::{Engine, OverlayEffect, Report, Sightings};
use crate::contract;
use crate::finding::{Code, Finding, Severity, Verdict, verdict_of};
use crate::input::{Exchange, Origin, ReadProblem, Record, split_top_level_array};
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
        let value = match self.parse_body(body, &origin) {
            Ok(value) => value,
            Err(finding) => {
                return self.report(None, target.map(|c| c.resource.id), vec![*finding]);
            }
        };
        let target = target.or_else(|| self.route_shape(&value));
        match target {
            Some(c) => {
                let mut effects = Vec::new();
                let findings = self.check_value(c, &value, body, &origin, Vec::new(), &mut effects);
                let sightings = self.sightings(c.resource.id, Read::Parsed(&value), Some(body));
                Report {
                    overlay_effects: effects,
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
        if let Some(exchange) = &exchange
            && let Some(report) = self.check_exchange_first(&origin, exchange, &body)
        {
            return vec![report];
        }
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
        self.check_borrowed(origin, &body, true)
    }

    /// Checks a body read without an exchange, borrowed from where it was read (an NDJSON line
    /// in its chunk): what [`Engine::check`] does with a record whose body is `body`. With
    /// `copy` false the reports' sightings carry no copy of the body: the caller keeps it, to
    /// place what a later poll finds.
    pub(crate) fn check_borrowed(&self, origin: Origin, body: &[u8], copy: bool) -> Vec<Report> {
        let mut reports = self.check_body(origin, body, copy);
        // What is shown about a record with findings may quote its secret fields.
        for report in reports.iter_mut().filter(|r| !r.findings.is_empty()) {
            report.secrets.learn_json(body);
        }
        reports
    }

    fn check_body(&self, origin: Origin, body: &[u8], copy: bool) -> Vec<Report> {
        // A resource overlays amended is compared with its published schema, record by record.
        if let Some((c, kept)) = self.fast_clean(body)
            && c.overlaid.is_none()
        {
            return vec![self.fast_accepted(c, body, origin, kept, copy)];
        }
        let value = match self.parse_body(body, &origin) {
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
        if let Some(c) = target
            && self.forced.is_none()
            && value.is_object()
        {
            self.remember_route(c);
        }
        if whole_file
            && value.is_array()
            && !target.is_some_and(|c| c.is_array)
            && let Some(elements) = split_top_level_array(body, origin.start)
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
                    self.check_routed(target, value, &body[range], origin, copy)
                })
                .collect();
        }
        vec![self.check_routed(target, &value, body, origin, copy)]
    }

    /// For a HAR entry, what is decided before its body is read: an entry whose request no
    /// endpoint covers is ignored; an entry without a usable body is one finding, naming the
    /// endpoint when one covers it.
    fn check_exchange_first(
        &self,
        origin: &Origin,
        exchange: &Exchange,
        body: &Result<Vec<u8>, ReadProblem>,
    ) -> Option<Report> {
        let (endpoint, target) = self.route_exchange(exchange);
        let request = format!("{} {}", exchange.method, redact::redact_url(&exchange.url));
        let ignored = Report {
            origin: Some(origin.clone()),
            resource: None,
            verdict: Verdict::Unrouted,
            findings: Vec::new(),
            request: Some(request.clone()),
            secrets: redact::Secrets::of_exchange(exchange),
            sightings: Sightings::default(),
            ignored: true,
            overlay_effects: Vec::new(),
        };
        if endpoint.is_none() && self.forced.is_none() {
            return Some(ignored);
        }
        let problem = body.as_ref().err()?;
        let no_body = matches!(
            problem,
            ReadProblem::MissingContent | ReadProblem::MissingText
        );
        let finding = match (endpoint, target) {
            // A covered endpoint with no resource for this status and no body: nothing to check.
            (Some(_), None) if no_body && self.forced.is_none() => return Some(ignored),
            (Some(endpoint), Some(target)) if no_body => Finding::new(
                Code::SyntaxInput,
                "",
                format!(
                    "{problem} (an entry to `{}`, status {}: the capture was saved without its \
                     body)",
                    endpoint.id, exchange.status
                ),
            )
            .expected(format!(
                "the body of `{}` in `response.content.text` (save the HAR with content)",
                target.resource.id
            ))
            .actual("no `response.content.text`"),
            _ => read_problem(problem, origin),
        };
        Some(Report {
            request: Some(request),
            secrets: redact::Secrets::of_exchange(exchange),
            ..self.report(
                Some(origin.clone()),
                target.map(|c| c.resource.id),
                vec![finding],
            )
        })
    }

    /// Parses a body, within the nesting limit.
    fn parse_body(&self, body: &[u8], origin: &Origin) -> Result<Value, Box<Finding>> {
        if let Some(limit) = self.max_depth
            && limit < crate::input::Limits::MAX_DEPTH
            && let Some(finding) = too_deep(body, limit, origin)
        {
            return Err(finding);
        }
        parse(body, origin)
    }

    fn check_routed(
        &self,
        target: Option<&Compiled>,
        value: &Value,
        body: &[u8],
        origin: Origin,
        copy: bool,
    ) -> Report {
        match target {
            Some(c) => {
                let mut effects = Vec::new();
                let findings = self.check_value(c, value, body, &origin, Vec::new(), &mut effects);
                let sightings =
                    self.sightings(c.resource.id, Read::Parsed(value), copy.then_some(body));
                Report {
                    overlay_effects: effects,
                    sightings,
                    ..self.report(Some(origin), Some(c.resource.id), findings)
                }
            }
            None => self.unknown_resource(Some(origin), value),
        }
    }

    fn check_exchange(&self, origin: Origin, exchange: &Exchange, body: &[u8]) -> Report {
        let request = format!("{} {}", exchange.method, redact::redact_url(&exchange.url));
        let report = self.check_exchange_body(origin, exchange, body);
        let mut secrets = redact::Secrets::of_exchange(exchange);
        if !report.findings.is_empty() {
            secrets.learn_json(body);
        }
        Report {
            request: Some(request),
            secrets,
            ..report
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
                secrets: redact::Secrets::new(),
                sightings: Sightings::default(),
                ignored: false,
                overlay_effects: Vec::new(),
            };
        };
        let mut request = match endpoint {
            Some(endpoint) => self.check_request(endpoint, exchange),
            None => Vec::new(),
        };
        if request.is_empty()
            && target.overlaid.is_none()
            && let Some(fast) = &target.fast
            && let Some((_, kept)) = fast.accepts_keeping(body)
        {
            return self.fast_accepted(target, body, origin, kept, true);
        }
        let mut effects = Vec::new();
        let (findings, sightings) = match self.parse_body(body, &origin) {
            Ok(value) => (
                self.check_value(target, &value, body, &origin, request, &mut effects),
                self.sightings(target.resource.id, Read::Parsed(&value), Some(body)),
            ),
            Err(finding) => {
                request.push(*finding);
                (request, Sightings::default())
            }
        };
        Report {
            overlay_effects: effects,
            sightings,
            ..self.report(Some(origin), Some(target.resource.id), findings)
        }
    }

    /// A body the fast path accepted: no contract or drift finding. The semantic rules and the
    /// across-polls sightings read the members the fast path kept as it read the body
    /// (`kept`); a body it could not keep them of (a wanted member holding an array or an
    /// object) is parsed whole, as the slow path would. `copy`: see [`Engine::check_borrowed`].
    fn fast_accepted(
        &self,
        target: &Compiled,
        body: &[u8],
        origin: Origin,
        kept: Option<Captured<'_>>,
        copy: bool,
    ) -> Report {
        let id = target.resource.id;
        let semantics = self.semantics_of(id);
        if semantics.rules.is_empty() {
            return self.report(Some(origin), Some(id), Vec::new());
        }
        let parsed;
        let read = match &kept {
            Some(kept) if kept.is_complete() => Read::Kept(kept),
            _ => match parse(body, &origin) {
                Ok(value) => {
                    parsed = value;
                    Read::Parsed(&parsed)
                }
                Err(_) => return self.report(Some(origin), Some(id), Vec::new()),
            },
        };
        let findings = self.add_semantic(target, read, body, &origin, Vec::new());
        let sightings = self.sightings(id, read, copy.then_some(body));
        Report {
            sightings,
            ..self.report(Some(origin), Some(id), findings)
        }
    }

    /// Contract, drift and the semantic rules of a parsed body against `target`, after `prior`
    /// findings (request checks). Clean bodies take the fast path and allocate nothing. For a
    /// resource overlays amended, what they changed is compared with the published schema and
    /// added to `effects`.
    fn check_value(
        &self,
        target: &Compiled,
        value: &Value,
        body: &[u8],
        origin: &Origin,
        prior: Vec<Finding>,
        effects: &mut Vec<OverlayEffect>,
    ) -> Vec<Finding> {
        // The fast path's programs answer on the bytes what the closed and published schemas
        // answer on the value (the agreement tests pin it), without compiling a `jsonschema`
        // validator; the validators serve a resource without them and the findings.
        let clean = match &target.fast {
            Some(fast) => fast.accepts(body).is_some(),
            None => match target.closed.get() {
                Ok(closed) => closed.is_valid(value),
                Err(finding) => {
                    let mut findings = prior;
                    findings.push(*finding);
                    return findings;
                }
            },
        };
        if prior.is_empty() && clean && target.overlaid.is_none() {
            return self.add_semantic(target, Read::Parsed(value), body, origin, prior);
        }
        let mut findings = prior;
        let first_body_finding = findings.len();
        if !clean {
            let conforms = target
                .open
                .get()
                .is_some_and(|open| open.accepts(body).is_some());
            if !conforms {
                match target.validator.get() {
                    Ok(validator) => findings.extend(contract::findings(validator, value)),
                    Err(finding) => findings.push(*finding),
                }
            }
            target
                .shape
                .drift(value, &mut Pointer::default(), &mut findings);
        }
        if let Some(overlaid) = &target.overlaid {
            effects.extend(overlaid.compare(value, &mut findings[first_body_finding..]));
        }
        let spec = target.resource.spec_path();
        for finding in &mut findings[first_body_finding..] {
            if let Some(location) = &finding.schema_location {
                finding.schema_location = Some(format!("specs/{spec}#{location}"));
            }
        }
        locate::place_all(&mut findings[first_body_finding..], body, |at| {
            origin.source_position(at)
        });
        // Document order: by source position; request findings (no position) first.
        findings.sort_by_key(|f| f.position.map(|p| (p.line, p.column)));
        self.add_semantic(target, Read::Parsed(value), body, origin, findings)
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
            secrets: redact::Secrets::new(),
            sightings: Sightings::default(),
            ignored: false,
            overlay_effects: Vec::new(),
        }
    }
}
