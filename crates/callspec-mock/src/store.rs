//! The virtual call store: a call is a pure function of (seed, API, account, call id). Its
//! payload is drawn by callspec-gen from the hash of those four, and for a valid call the
//! fields that tell its life (state, times, duration, the ids of the path) are set from its
//! [`Timeline`] at the virtual now. No state is kept, so the same seed gives the same bytes
//! whatever the order or concurrency of the requests.

use callspec_gen::{Expectation, Generated, Kind};
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::hash;
use crate::provider::{APIFONICA, BANDWIDTH, SIGNALWIRE, VONAGE};
use crate::timeline::{Phase, Timeline, rfc2822, rfc3339};

/// Which payload a request gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Choice {
    /// The call as it is at the virtual now (a valid payload).
    Timeline,
    /// A payload of this kind (edge, drift, invalid), its case drawn from the call's hash.
    Kind(Kind),
    /// This named case of the catalogue.
    Case(String),
}

/// What is served for a call.
#[derive(Debug, Clone)]
pub(crate) struct Served {
    pub(crate) body: Vec<u8>,
    pub(crate) kind: Kind,
    pub(crate) case: String,
    pub(crate) expect: Expectation,
}

/// The hash a call's payload and timeline derive from.
pub(crate) fn call_hash(seed: u64, api: &str, account: &str, call_id: &str) -> u64 {
    hash::hash(seed, &[api, account, call_id])
}

/// The call's timeline.
pub(crate) fn timeline(call_hash: u64, origin: Timestamp) -> Timeline {
    Timeline::single(hash::hash(call_hash, &["timeline"]), origin)
}

/// The payload of `resource` for a call, as `choice` asks. `None` when the case is unknown
/// (the caller checks names first).
#[allow(clippy::too_many_arguments)] // one call, its place and the virtual time
pub(crate) fn serve(
    api: &str,
    resource: &str,
    account: &str,
    call_id: &str,
    uuid_part: &str,
    call_hash: u64,
    choice: &Choice,
    origin: Timestamp,
    now: Timestamp,
) -> Option<Served> {
    let generated = match choice {
        Choice::Timeline | Choice::Kind(Kind::Valid) => {
            let mut generated = callspec_gen::sample(resource, Kind::Valid, call_hash)?;
            if let callspec_gen::Body::Json(body) = &mut generated.body {
                let t = timeline(call_hash, origin);
                live(api, body, account, call_id, uuid_part, &t, now);
            }
            generated
        }
        Choice::Kind(kind) => callspec_gen::sample(resource, *kind, call_hash)?,
        Choice::Case(name) => callspec_gen::sample_case(resource, name, call_hash)?,
    };
    Some(served(generated))
}

pub(crate) fn served(g: Generated) -> Served {
    Served {
        body: g.body.to_bytes(),
        kind: g.kind,
        case: g.case,
        expect: g.expect,
    }
}

fn set(body: &mut Value, key: &str, value: Value) {
    if let Some(object) = body.as_object_mut() {
        object.insert(key.to_owned(), value);
    }
}

fn opt<T>(value: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    value.map_or(Value::Null, f)
}

/// Sets the fields of a valid single-call payload that tell the call's life at `now`.
fn live(
    api: &str,
    body: &mut Value,
    account: &str,
    call_id: &str,
    uuid_part: &str,
    t: &Timeline,
    now: Timestamp,
) {
    let phase = t.phase(now);
    let answered = t.answered_by(now);
    let ended = t.ended_by(now);
    let last = t.last_event(now);
    match api {
        BANDWIDTH => {
            set(body, "callId", json!(call_id));
            set(body, "accountId", json!(account));
            let state = match phase {
                Phase::Ringing => "initiated",
                Phase::Talking => "answered",
                Phase::Ended => "disconnected",
            };
            set(body, "state", json!(state));
            set(body, "startTime", json!(rfc3339(t.start)));
            set(body, "answerTime", opt(answered, |a| json!(rfc3339(a))));
            set(body, "endTime", opt(ended, |e| json!(rfc3339(e))));
            let cause = ended.map(|_| match (t.answer, t.busy) {
                (Some(_), _) => "hangup",
                (None, true) => "busy",
                (None, false) => "timeout",
            });
            set(body, "disconnectCause", opt(cause, |c| json!(c)));
            set(body, "lastUpdate", json!(rfc3339(last)));
            set(body, "errorMessage", Value::Null);
            set(body, "errorId", Value::Null);
        }
        APIFONICA => {
            set(body, "call_sid", json!(call_id));
            set(body, "account_sid", json!(account));
            let status = match (phase, t.answer, t.busy) {
                (Phase::Ringing, _, _) => "ringing",
                (Phase::Talking, _, _) => "answered",
                (Phase::Ended, Some(_), _) => "completed",
                (Phase::Ended, None, true) => "busy",
                (Phase::Ended, None, false) => "no_answer",
            };
            set(body, "status", json!(status));
            set(body, "created", json!(rfc2822(t.start, "+0000")));
            set(body, "updated", json!(rfc2822(last, "+0000")));
            set(
                body,
                "started",
                opt(answered, |a| json!(rfc2822(a, "+0000"))),
            );
            set(body, "ended", opt(ended, |e| json!(rfc2822(e, "+0000"))));
            set(body, "duration", opt(ended, |_| json!(t.talked_secs(now))));
            if ended.is_none() {
                set(body, "price", Value::Null);
                set(body, "record_sid", Value::Null);
            }
        }
        SIGNALWIRE => {
            set(body, "sid", json!(uuid_part));
            set(body, "account_sid", json!(account));
            let prefix = format!("/api/laml/2010-04-01/Accounts/{account}/Calls/{uuid_part}");
            set(body, "uri", json!(format!("{prefix}.json")));
            if body.get("subresource_uris").is_some_and(Value::is_object) {
                set(
                    body,
                    "subresource_uris",
                    json!({
                        "notifications": format!("{prefix}/Notifications.json"),
                        "recordings": format!("{prefix}/Recordings.json"),
                    }),
                );
            }
            let status = match (phase, t.answer, t.busy) {
                (Phase::Ringing, _, _) => "ringing",
                (Phase::Talking, _, _) => "in-progress",
                (Phase::Ended, Some(_), _) => "completed",
                (Phase::Ended, None, true) => "busy",
                (Phase::Ended, None, false) => "canceled",
            };
            set(body, "status", json!(status));
            set(body, "date_created", json!(rfc2822(t.start, "+0000")));
            set(body, "date_updated", json!(rfc2822(last, "+0000")));
            set(body, "start_time", json!(rfc2822(t.start, "+0000")));
            set(body, "end_time", opt(ended, |e| json!(rfc2822(e, "+0000"))));
            set(body, "duration", opt(ended, |_| json!(t.talked_secs(now))));
            if ended.is_none() {
                set(body, "price", Value::Null);
            }
        }
        VONAGE => {
            set(body, "id", json!(uuid_part));
            let region = body
                .pointer("/links/0/href")
                .and_then(Value::as_str)
                .and_then(|h| h.strip_prefix("https://"))
                .and_then(|h| h.split('.').next())
                .unwrap_or("emea")
                .to_owned();
            set(
                body,
                "links",
                json!([{
                    "href": format!("https://{region}.cc.vonage.com/v0/{account}/Calls/{uuid_part}"),
                    "rel": "_self"
                }]),
            );
            match phase {
                Phase::Ringing | Phase::Talking => {
                    set(body, "status", json!("Active"));
                    set(body, "dispositionCode", Value::Null);
                    if let Some(object) = body.as_object_mut() {
                        object.remove("result");
                    }
                }
                Phase::Ended => {
                    set(body, "status", Value::Null);
                    set(body, "recordingStatus", Value::Null);
                    match t.answer {
                        // The document's first example: an unanswered call's fault.
                        None => set(
                            body,
                            "result",
                            json!({"code": "Failure", "party": "Originator", "reason": "NoAnswer"}),
                        ),
                        Some(_) => {
                            if let Some(object) = body.as_object_mut() {
                                object.remove("result");
                            }
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_bytes() {
        let origin = Timestamp::constant(1_767_225_600, 0);
        let h = call_hash(7, BANDWIDTH, "99", "c-1");
        let once = || {
            serve(
                BANDWIDTH,
                "bandwidth/voice-v2/call-state",
                "99",
                "c-1",
                "c-1",
                h,
                &Choice::Timeline,
                origin,
                origin,
            )
            .unwrap()
        };
        let (a, b) = (once(), once());
        assert_eq!(a.body, b.body);
        let v: Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(v["callId"], "c-1");
        assert_eq!(v["state"], "initiated");
        assert_eq!(v["endTime"], Value::Null);
    }
}
