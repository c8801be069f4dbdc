//! What the catalog is made of: a `Resource` (a body the kit can check, with its schema and the
//! document it encodes) and an `Endpoint` (where a provider serves it: method, hosts, path,
//! authentication, required headers, query parameters and the resource per response status).

use serde::Serialize;

/// A provider document, the specification a resource encodes: its title and where it is
/// published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SourceDocument {
    /// The provider and API the document belongs to.
    pub provider: &'static str,
    /// The document's title as published.
    pub title: &'static str,
    /// The document's public URL.
    pub url: &'static str,
}

impl SourceDocument {
    /// The citation: provider, title in quotes, and URL.
    pub fn citation(&self) -> String {
        format!("{}, \"{}\", {}", self.provider, self.title, self.url)
    }
}

/// A body the kit checks: one JSON value shape with its schema.
#[derive(Debug, Clone, Copy)]
pub struct Resource {
    /// The stable id, such as `bandwidth/voice-v2/call-state`.
    pub id: &'static str,
    /// A one-line title.
    pub title: &'static str,
    /// The document the schema encodes.
    pub source: SourceDocument,
    /// Builds the published JSON Schema (draft 2020-12).
    pub schema: fn() -> schemars::Schema,
    /// Deserializes a body into the resource's typed model and serializes it back: the typed
    /// round trip, or serde's reason for rejecting the body.
    pub typed: fn(serde_json::Value) -> Result<serde_json::Value, serde_json::Error>,
}

impl Resource {
    /// The published schema.
    pub fn schema(&self) -> schemars::Schema {
        (self.schema)()
    }

    /// Deserializes `body` into the typed model and serializes it back.
    pub fn typed_round_trip(
        &self,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Error> {
        (self.typed)(body)
    }

    /// The schema file's path under `specs/`.
    pub fn spec_path(&self) -> String {
        format!("{}.schema.json", self.id)
    }
}

/// How an endpoint authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Auth {
    /// HTTP Basic (`Authorization: Basic ...`).
    Basic,
    /// OAuth bearer token (`Authorization: Bearer ...`).
    Bearer,
}

impl Auth {
    /// The `Authorization` scheme name.
    pub fn scheme(self) -> &'static str {
        match self {
            Auth::Basic => "Basic",
            Auth::Bearer => "Bearer",
        }
    }
}

/// A request header an endpoint requires, with the media type it must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HeaderRule {
    /// The header name (compared without regard to case).
    pub name: &'static str,
    /// The media type essence the value must have, such as `application/json`.
    pub media_type: &'static str,
    /// Media type parameters the value must carry, such as `version=3`.
    pub parameters: &'static [(&'static str, &'static str)],
    /// Why, citing the document.
    pub description: &'static str,
}

impl HeaderRule {
    /// The value the document shows, such as `application/json;version=3`.
    pub fn expected(&self) -> String {
        let mut out = self.media_type.to_owned();
        for (name, value) in self.parameters {
            out.push(';');
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
        out
    }

    /// Whether `value` satisfies the rule: the same media type (or a list containing it, as
    /// `Accept` allows) with every required parameter, ignoring case and white space where
    /// RFC 9110 does.
    pub fn accepts(&self, value: &str) -> bool {
        value.split(',').any(|range| {
            let mut parts = range.split(';').map(str::trim);
            let essence_ok = parts
                .next()
                .is_some_and(|e| e.eq_ignore_ascii_case(self.media_type));
            let params: Vec<(&str, &str)> = parts
                .filter_map(|p| p.split_once('='))
                .map(|(n, v)| (n.trim(), v.trim().trim_matches('"')))
                .collect();
            essence_ok
                && self.parameters.iter().all(|(name, want)| {
                    params
                        .iter()
                        .any(|(n, v)| n.eq_ignore_ascii_case(name) && v == want)
                })
        })
    }
}

/// A body served for a response status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The resource id of the body, or `None` when the document describes no body.
    pub resource: Option<&'static str>,
    /// What the status means, citing the document.
    pub description: &'static str,
}

/// An HTTP endpoint of a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// The stable id, such as `bandwidth/voice-v2/get-call-state`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// Host patterns: exact names, or `{name}` standing for one DNS label.
    pub hosts: &'static [&'static str],
    /// The path template: `{name}` stands for one non-empty path segment.
    pub path: &'static str,
    /// Suffixes the last segment may carry, such as `.json`.
    pub path_suffixes: &'static [&'static str],
    /// How the endpoint authenticates.
    pub auth: Auth,
    /// Request headers the endpoint requires beyond authentication.
    pub headers: &'static [HeaderRule],
    /// The resource id of the query parameters' schema, if the endpoint takes any.
    pub query: Option<&'static str>,
    /// The bodies per response status.
    pub responses: &'static [Response],
    /// The document that describes the endpoint.
    pub source: SourceDocument,
}

impl Endpoint {
    /// Whether a request with this method, host and path (no query string) is for this
    /// endpoint.
    pub fn matches(&self, method: &str, host: &str, path: &str) -> bool {
        method.eq_ignore_ascii_case(self.method)
            && self.hosts.iter().any(|pattern| host_matches(pattern, host))
            && self.path_matches(path)
    }

    /// Whether `path` fits the template, with or without one of the allowed suffixes.
    pub fn path_matches(&self, path: &str) -> bool {
        template_matches(self.path, path)
            || self.path_suffixes.iter().any(|suffix| {
                path.strip_suffix(suffix)
                    .is_some_and(|bare| template_matches(self.path, bare))
            })
    }

    /// The resource for a response status, if the document describes one.
    pub fn resource_for(&self, status: u16) -> Option<&'static str> {
        self.responses
            .iter()
            .find(|r| r.status == status)
            .and_then(|r| r.resource)
    }
}

fn host_matches(pattern: &str, host: &str) -> bool {
    // A port is not part of the host name.
    let host = host
        .rsplit_once(':')
        .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    let (mut p, mut h) = (pattern.split('.'), host.split('.'));
    loop {
        match (p.next(), h.next()) {
            (None, None) => return true,
            (Some(pl), Some(hl)) => {
                let wildcard = pl.starts_with('{') && pl.ends_with('}');
                if !(if wildcard {
                    !hl.is_empty()
                } else {
                    pl.eq_ignore_ascii_case(hl)
                }) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

fn template_matches(template: &str, path: &str) -> bool {
    let trim = |s: &'_ str| -> String { s.trim_end_matches('/').to_owned() };
    let (template, path) = (trim(template), trim(path));
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) => {
                let variable = ts.starts_with('{') && ts.ends_with('}');
                if !(if variable { !ps.is_empty() } else { ts == ps }) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_paths() {
        assert!(host_matches("voice.bandwidth.com", "voice.bandwidth.com"));
        assert!(host_matches(
            "voice.bandwidth.com",
            "VOICE.bandwidth.com:443"
        ));
        assert!(host_matches(
            "{space}.signalwire.com",
            "example.signalwire.com"
        ));
        assert!(!host_matches(
            "{space}.signalwire.com",
            "a.b.signalwire.com"
        ));
        assert!(template_matches(
            "/v1/users/{userId}/calls/",
            "/v1/users/u-1/calls"
        ));
        assert!(template_matches(
            "/v1/users/{userId}/calls/",
            "/v1/users/u-1/calls/"
        ));
        assert!(!template_matches(
            "/v1/users/{userId}/calls/",
            "/v1/users//calls"
        ));
        assert!(!template_matches("/a/{b}", "/a/b/c"));
    }

    #[test]
    fn accept_header() {
        let rule = HeaderRule {
            name: "Accept",
            media_type: "application/json",
            parameters: &[("version", "3")],
            description: "",
        };
        assert!(rule.accepts("application/json;version=3"));
        assert!(rule.accepts("application/json; version=3"));
        assert!(rule.accepts("text/html, Application/JSON; version=\"3\""));
        assert!(!rule.accepts("application/json"));
        assert!(!rule.accepts("application/json;version=6"));
        assert_eq!(rule.expected(), "application/json;version=3");
    }
}
