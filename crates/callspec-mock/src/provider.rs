//! What each provider does beyond its body schema, as the mock answers it: retention, the ids
//! it accepts, and its error bodies (401, 404, 400, 406, 429 and 5xx) with `WWW-Authenticate`.
//! The documents describe only Vonage's 404 body; every other error body is the provider's
//! public error shape, chosen and written down in the README ("callspec mock").

use jiff::SignedDuration;
use serde_json::json;

use crate::http::Response;

/// The APIs the mock knows by id prefix (see `route::api`).
pub(crate) const BANDWIDTH: &str = "bandwidth/voice-v2";
pub(crate) const CATAPULT: &str = "bandwidth/catapult-v1";
pub(crate) const APIFONICA: &str = "apifonica/v2";
pub(crate) const SIGNALWIRE: &str = "signalwire/laml-2010-04-01";
pub(crate) const VONAGE: &str = "vonage/v0";

/// How long after its end a call is still served: Bandwidth 7 days ("Call information is kept
/// for 7 days after the calls are hung up", `000_c3fc2c88aa41130d.txt`), Vonage 24 hours
/// ("for up to 24 hours after the call", `003_a6befd7941e0630a.txt`); the others say nothing,
/// so their calls are kept.
pub(crate) fn retention(api: &str) -> Option<SignedDuration> {
    match api {
        BANDWIDTH => Some(SignedDuration::from_hours(7 * 24)),
        VONAGE => Some(SignedDuration::from_hours(24)),
        _ => None,
    }
}

/// Whether the ids must be UUIDs: SignalWire types `AccountSid` and `Sid` as uuid, Vonage's
/// `callGuid` is one; another id names no call (404).
pub(crate) fn needs_uuid(api: &str) -> (bool, bool) {
    match api {
        SIGNALWIRE => (true, true),
        VONAGE => (false, true),
        _ => (false, false),
    }
}

/// Whether `s` is a UUID in its 8-4-4-4-12 hexadecimal form.
pub(crate) fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn body(value: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap_or_default()
}

/// The 404 for `path` in `api`'s style (`None`: a plain JSON 404 for a path no provider has).
pub(crate) fn not_found(api: Option<&str>, path: &str) -> Response {
    match api {
        // The document describes the 404 with no body.
        Some(BANDWIDTH) => Response::new(404),
        Some(VONAGE) => Response::json(
            404,
            body(json!({"message": "The requested resource was not found."})),
        ),
        Some(SIGNALWIRE) => Response::json(
            404,
            body(json!({
                "code": 20404,
                "message": format!("The requested resource {path} was not found"),
                "more_info": "https://developer.signalwire.com/compatibility-api/rest/",
                "status": 404
            })),
        ),
        Some(CATAPULT) => Response::json(
            404,
            body(json!({
                "category": "not-found",
                "code": "resource-not-found",
                "message": format!("The requested resource {path} was not found"),
                "details": []
            })),
        ),
        Some(APIFONICA) => {
            Response::json(404, body(json!({"status": 404, "message": "Not found"})))
        }
        _ => Response::json(
            404,
            body(json!({"message": format!("no endpoint of any provider is at {path}")})),
        ),
    }
}

/// The 401 in `api`'s style, with `WWW-Authenticate` for its scheme.
pub(crate) fn unauthorized(api: &str, why: &str) -> Response {
    let (challenge, value) = match api {
        VONAGE => (
            "Bearer realm=\"vonage\", error=\"invalid_token\"",
            json!({"message": why}),
        ),
        SIGNALWIRE => (
            "Basic realm=\"SignalWire\"",
            json!({
                "code": 20003,
                "message": "Authenticate",
                "more_info": "https://developer.signalwire.com/compatibility-api/rest/",
                "status": 401
            }),
        ),
        CATAPULT => (
            "Basic realm=\"Catapult\"",
            json!({"category": "unauthorized", "code": "unauthorized", "message": why, "details": []}),
        ),
        APIFONICA => (
            "Basic realm=\"Apifonica\"",
            json!({"status": 401, "message": why}),
        ),
        _ => (
            "Basic realm=\"Bandwidth\"",
            json!({"type": "authentication-error", "description": why}),
        ),
    };
    Response::json(401, body(value)).header("WWW-Authenticate", challenge)
}

/// A 400 (bad parameters, unknown case) in `api`'s style.
pub(crate) fn bad_request(api: Option<&str>, message: &str, details: &[String]) -> Response {
    let value = match api {
        Some(CATAPULT) => json!({
            "category": "bad-request",
            "code": "invalid-parameter",
            "message": message,
            "details": details
        }),
        Some(SIGNALWIRE) => json!({
            "code": 20001,
            "message": message,
            "more_info": "https://developer.signalwire.com/compatibility-api/rest/",
            "status": 400,
            "details": details
        }),
        _ => json!({"message": message, "details": details}),
    };
    Response::json(400, body(value))
}

/// A 429 or 5xx with `Retry-After: 1`, in `api`'s style.
pub(crate) fn unavailable(api: Option<&str>, status: u16) -> Response {
    let message = if status == 429 {
        "Too many requests"
    } else {
        "The service is temporarily unavailable"
    };
    let value = match api {
        Some(VONAGE) => json!({"message": message}),
        Some(SIGNALWIRE) => json!({"code": 20429, "message": message, "status": status}),
        Some(CATAPULT) => {
            json!({"category": "server", "code": "unavailable", "message": message, "details": []})
        }
        _ => json!({"message": message}),
    };
    Response::json(status, body(value)).header("Retry-After", "1")
}

/// Vonage's answer to an `Accept` without `version=3`: 406 with the document's error shape.
pub(crate) fn not_acceptable(expected: &str, got: Option<&str>) -> Response {
    let message = match got {
        None => {
            format!("The Accept header is missing; this API version needs `Accept: {expected}`")
        }
        Some(got) => {
            format!("`Accept: {got}` names no version this API serves; use `Accept: {expected}`")
        }
    };
    Response::json(406, body(json!({"message": message})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("94e5928c-7f7e-4645-ad72-61010f906449"));
        assert!(!is_uuid("94e5928c-7f7e-4645-ad72-61010f90644"));
        assert!(!is_uuid("c-1"));
    }

    #[test]
    fn vonage_404_is_the_documented_body() {
        let r = not_found(Some(VONAGE), "/v0/k/calls/x");
        assert_eq!(
            r.body,
            br#"{"message":"The requested resource was not found."}"#
        );
        assert!(not_found(Some(BANDWIDTH), "/").body.is_empty());
        assert!(
            unauthorized(VONAGE, "no")
                .get("WWW-Authenticate")
                .is_some_and(|v| v.starts_with("Bearer"))
        );
    }
}
