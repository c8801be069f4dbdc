//! The HAR request checks: for an entry to a known endpoint, the request headers the endpoint
//! requires (the versioned `Accept` header among them), the authentication scheme, and the query
//! parameters against the endpoint's query resource.

use callspec_core::Endpoint;
use serde_json::{Map, Number, Value};

use super::Engine;
use super::compile::Compiled;
use crate::contract;
use crate::finding::{Code, Finding};
use crate::input::Exchange;
use crate::redact;

impl Engine {
    /// The findings about the request of `exchange`, which went to `endpoint`.
    pub(super) fn check_request(&self, endpoint: &Endpoint, exchange: &Exchange) -> Vec<Finding> {
        let mut request = Vec::new();
        for rule in endpoint.headers {
            // Every header of that name counts: a browser may send `Accept: */*` before the
            // versioned one, and one accepted value satisfies the rule.
            let values = exchange.request_headers_named(rule.name);
            let first_refused = match values.iter().find(|v| rule.accepts(v)) {
                Some(_) => None,
                None => values.first().copied(),
            };
            match (values.is_empty(), first_refused) {
                (true, _) => request.push(
                    Finding::new(
                        Code::RequestHeader,
                        "",
                        format!("request header `{}` is missing", rule.name),
                    )
                    .expected(format!("`{}: {}`", rule.name, rule.expected()))
                    .actual("no header"),
                ),
                (false, Some(value)) => request.push(
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
                (false, None) => {}
            }
        }
        let authorizations = exchange.request_headers_named("Authorization");
        let scheme_of = |authorization: &str| {
            authorization
                .split_once([' ', '\t'])
                .map(|(scheme, _)| scheme.to_owned())
        };
        let accepted = authorizations
            .iter()
            .any(|a| scheme_of(a).is_some_and(|s| s.eq_ignore_ascii_case(endpoint.auth.scheme())));
        if let Some(authorization) = authorizations.first().filter(|_| !accepted) {
            // Only a registered scheme name is ever shown: anything else may be the
            // credential itself.
            let scheme = scheme_of(authorization);
            let scheme = scheme.as_deref();
            {
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
        request
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
        let validator = match query.validator.get() {
            Ok(validator) => validator,
            Err(finding) => {
                findings.push(*finding);
                return findings;
            }
        };
        if !validator.is_valid(&object) {
            for mut finding in contract::findings(validator, &object) {
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
