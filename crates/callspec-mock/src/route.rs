//! Routing by the catalog: a request path is matched against every endpoint's own path
//! template (`callspec::endpoints()`, `Endpoint::path_matches`), so the mock serves exactly the
//! paths the specs describe and no template is written twice. The host is not checked: the
//! mock answers for every provider on one listener, and a client changes only its base URL.

use callspec::Endpoint;
use percent_encoding::percent_decode_str;

/// The API an endpoint belongs to: the first two segments of its id, such as
/// `bandwidth/voice-v2` (the key of the credentials file).
pub(crate) fn api(endpoint: &Endpoint) -> &'static str {
    let id = endpoint.id;
    match id.match_indices('/').nth(1) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

/// A request routed to an endpoint, with its path variables in template order.
#[derive(Debug, Clone)]
pub(crate) struct Routed {
    pub(crate) endpoint: &'static Endpoint,
    /// `(name, value)` per `{name}` of the template, percent-decoded.
    pub(crate) variables: Vec<(&'static str, String)>,
}

impl Routed {
    /// The first variable (the account, user or project).
    pub(crate) fn account(&self) -> &str {
        self.variables.first().map_or("", |(_, v)| v.as_str())
    }

    /// The second variable (the call id), if the template has one.
    pub(crate) fn call_id(&self) -> Option<&str> {
        self.variables.get(1).map(|(_, v)| v.as_str())
    }
}

/// The endpoint serving `path` for a `GET` (or `HEAD`), and its variables.
pub(crate) fn route(path: &str) -> Option<Routed> {
    callspec::endpoints()
        .iter()
        .filter(|e| e.method.eq_ignore_ascii_case("GET"))
        .find(|e| e.path_matches(path))
        .and_then(|endpoint| {
            Some(Routed {
                endpoint,
                variables: variables(endpoint, path)?,
            })
        })
}

fn variables(endpoint: &'static Endpoint, path: &str) -> Option<Vec<(&'static str, String)>> {
    let trimmed = path.trim_end_matches('/');
    let bare = endpoint
        .path_suffixes
        .iter()
        .find_map(|suffix| trimmed.strip_suffix(suffix))
        .unwrap_or(trimmed);
    let template = endpoint.path.trim_end_matches('/');
    let mut out = Vec::new();
    let mut segments = bare.split('/');
    for t in template.split('/') {
        let s = segments.next()?;
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            out.push((name, percent_decode_str(s).decode_utf8_lossy().into_owned()));
        }
    }
    Some(out)
}

/// The endpoint whose literal path prefix (the segments before its first variable) shares the
/// most segments with `path`, for a provider-style 404 on an unknown route; `None` when no
/// prefix matches a whole literal segment or two endpoints tie.
pub(crate) fn nearest(path: &str) -> Option<&'static Endpoint> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let score = |e: &Endpoint| {
        e.path
            .split('/')
            .filter(|s| !s.is_empty())
            .take_while(|s| !s.starts_with('{'))
            .zip(&segments)
            .take_while(|(t, s)| t == *s)
            .count()
    };
    let max = callspec::endpoints().iter().map(score).max().unwrap_or(0);
    if max == 0 {
        return None;
    }
    let mut winners = callspec::endpoints().iter().filter(|e| score(e) == max);
    let first = winners.next()?;
    winners.all(|e| api(e) == api(first)).then_some(first)
}

/// Splits a request target into its path and query (without the `?`).
pub(crate) fn split_target(target: &str) -> (&str, Option<&str>) {
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

/// The query's `name=value` pairs, percent-decoded (`+` as a space).
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (decode(n), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// The query without the mock's own parameters (`__case`, `__fault`), as sent otherwise.
pub(crate) fn strip_mock_params(query: Option<&str>) -> Option<String> {
    let kept: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split_once('=').map_or(*p, |(n, _)| n);
            name != "__case" && name != "__fault"
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_routes() {
        let cases = [
            (
                "/api/v2/accounts/99/calls/c-1",
                "bandwidth/voice-v2",
                Some("c-1"),
            ),
            (
                "/api/v2/accounts/99/calls/c-1/",
                "bandwidth/voice-v2",
                Some("c-1"),
            ),
            ("/v1/users/u-1/calls/", "bandwidth/catapult-v1", None),
            ("/v1/users/u-1/calls", "bandwidth/catapult-v1", None),
            (
                "/v2/accounts/a/calls/c%7Eedge",
                "apifonica/v2",
                Some("c~edge"),
            ),
            (
                "/api/laml/2010-04-01/Accounts/a/Calls/s.json",
                "signalwire/laml-2010-04-01",
                Some("s"),
            ),
            (
                "/api/laml/2010-04-01/Accounts/a/Calls/s",
                "signalwire/laml-2010-04-01",
                Some("s"),
            ),
            ("/v0/k/calls/g", "vonage/v0", Some("g")),
        ];
        for (path, want, call) in cases {
            let routed = route(path).unwrap_or_else(|| panic!("{path} routes"));
            assert_eq!(api(routed.endpoint), want, "{path}");
            assert_eq!(routed.call_id(), call, "{path}");
        }
        assert!(route("/v0/k/calls").is_none());
        assert!(route("/nothing").is_none());
    }

    #[test]
    fn nearest_provider_of_unknown_routes() {
        assert_eq!(nearest("/v0/k/recordings").map(api), Some("vonage/v0"));
        assert_eq!(
            nearest("/api/laml/2010-04-01/Accounts/a/Queues").map(api),
            Some("signalwire/laml-2010-04-01")
        );
        assert_eq!(nearest("/elsewhere").map(api), None);
        assert_eq!(
            nearest("/api/other").map(api),
            None,
            "two providers start with /api"
        );
    }

    #[test]
    fn mock_parameters_are_stripped() {
        assert_eq!(
            strip_mock_params(Some("page=1&__case=x&size=2")).as_deref(),
            Some("page=1&size=2")
        );
        assert_eq!(strip_mock_params(Some("__fault=reset")), None);
        assert_eq!(
            query_pairs(Some("from=%2B1555&x")),
            vec![("from".into(), "+1555".into()), ("x".into(), String::new())]
        );
    }
}
