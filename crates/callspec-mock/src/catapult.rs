//! Catapult's list of calls (`GET /v1/users/{userId}/calls/`, `004_0e185cbb391e358e.txt`): a
//! deterministic population of 30 to 120 calls per user, drawn by callspec-gen and laid on
//! the virtual clock, filtered by `from`/`to`, sorted by `startTime` (`sortOrder`, default
//! `desc`) and paged for real (`page` from 0, `size` 1 to 1000, default 25), with `bridgeId` or
//! `conferenceId` returning every matching call unpaged as the document says. Parameters are
//! checked against the published query schema; a next page is announced in a `Link` header
//! (RFC 8288), which the document does not describe.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use callspec_gen::Kind;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::hash;
use crate::timeline::{Phase, Timeline, rfc3339};

/// The list's resource and its query's.
pub(crate) const RESOURCE: &str = "bandwidth/catapult-v1/list-calls";
const QUERY_RESOURCE: &str = "bandwidth/catapult-v1/list-calls.query";

/// One call of a population, before it is seen at an instant.
#[derive(Debug, Clone)]
struct Listed {
    id: String,
    timeline: Timeline,
    body: Value,
}

/// A user's calls, shared by the requests that page through them.
type Population = Arc<Vec<Listed>>;

/// The populations drawn so far, by (seed, user); bounded.
#[derive(Debug, Default)]
pub(crate) struct Populations(Mutex<HashMap<(u64, String), Population>>);

impl Populations {
    fn get(&self, seed: u64, user: &str, origin: Timestamp) -> Arc<Vec<Listed>> {
        let key = (seed, user.to_owned());
        if let Some(p) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Arc::clone(p);
        }
        let population = Arc::new(draw(seed, user, origin));
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= 256 {
            map.clear();
        }
        map.insert(key, Arc::clone(&population));
        population
    }
}

fn draw(seed: u64, user: &str, origin: Timestamp) -> Vec<Listed> {
    let mut h = hash::hash(seed, &[crate::provider::CATAPULT, user, "population"]);
    let count = hash::range(&mut h, 30, 120);
    let mut out = Vec::new();
    for i in 0..count {
        let index = i.to_string();
        let call_hash = hash::hash(seed, &[crate::provider::CATAPULT, user, "call", &index]);
        // A valid page drawn for this call; its first element is the call.
        let body = (0..8u64).find_map(|attempt| {
            let page = callspec_gen::sample(RESOURCE, Kind::Valid, hash::mix(call_hash ^ attempt))?;
            page.body.json()?.get(0).cloned()
        });
        let Some(mut body) = body else { continue };
        let id = format!("c-{:016x}", call_hash);
        let timeline = Timeline::listed(hash::hash(call_hash, &["timeline"]), origin);
        if let Some(object) = body.as_object_mut() {
            object.insert("id".into(), json!(id));
            object.remove("bridgeId");
            object.remove("conferenceId");
            if i % 4 == 0 {
                object.insert("bridgeId".into(), json!(format!("brg-{}", i % 3 + 1)));
            }
            if i % 6 == 1 {
                object.insert("conferenceId".into(), json!(format!("conf-{}", i % 2 + 1)));
            }
        }
        out.push(Listed { id, timeline, body });
    }
    out
}

/// The call as it is at `now`.
fn at(listed: &Listed, now: Timestamp) -> Value {
    let t = &listed.timeline;
    let mut body = listed.body.clone();
    let Some(object) = body.as_object_mut() else {
        return body;
    };
    let state = match (t.phase(now), t.answer) {
        (Phase::Ringing, _) => "started",
        (Phase::Talking, _) => "active",
        (Phase::Ended, Some(_)) => "completed",
        (Phase::Ended, None) => "rejected",
    };
    object.insert("state".into(), json!(state));
    object.insert("startTime".into(), json!(rfc3339(t.start)));
    let answered = t.answered_by(now).map(|a| json!(rfc3339(a)));
    object.insert("activeTime".into(), answered.unwrap_or(Value::Null));
    let ended = t.ended_by(now).map(|e| json!(rfc3339(e)));
    object.insert("endTime".into(), ended.unwrap_or(Value::Null));
    let billed = t.ended_by(now).map(|_| json!(t.talked_secs(now)));
    object.insert("chargeableDuration".into(), billed.unwrap_or(Value::Null));
    body
}

/// A list request that cannot be answered: 400 with the parameters at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadQuery(pub(crate) Vec<String>);

/// The page a list request gets.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) body: Vec<u8>,
    /// `(rel, query)` for the `Link` header: `first`, `previous`, `next`.
    pub(crate) links: Vec<(&'static str, String)>,
}

static QUERY_SCHEMA: LazyLock<Option<jsonschema::Validator>> =
    LazyLock::new(|| callspec::resource(QUERY_RESOURCE).and_then(|r| callspec::compile(r).ok()));

/// Checks the parameters against the published query schema.
fn check(pairs: &[(String, String)]) -> Result<Map<String, Value>, BadQuery> {
    let mut query = Map::new();
    let mut problems = Vec::new();
    for (name, value) in pairs {
        if query.contains_key(name) {
            problems.push(format!("`{name}` is given more than once"));
            continue;
        }
        let typed = match name.as_str() {
            "page" | "size" => value
                .parse::<i64>()
                .map_or_else(|_| json!(value), |n| json!(n)),
            _ => json!(value),
        };
        query.insert(name.clone(), typed);
    }
    let instance = Value::Object(query.clone());
    if let Some(validator) = QUERY_SCHEMA.as_ref() {
        for error in validator.iter_errors(&instance) {
            let at = error.instance_path().to_string();
            let name = at.trim_start_matches('/');
            let shown = if name.is_empty() {
                "the query".to_owned()
            } else {
                format!("`{name}`")
            };
            problems.push(format!("{shown}: {error}"));
        }
    }
    if problems.is_empty() {
        Ok(query)
    } else {
        Err(BadQuery(problems))
    }
}

/// Answers a list request for `user` at `now`.
pub(crate) fn list(
    populations: &Populations,
    seed: u64,
    user: &str,
    pairs: &[(String, String)],
    origin: Timestamp,
    now: Timestamp,
) -> Result<Page, BadQuery> {
    let query = check(pairs)?;
    let text = |name: &str| query.get(name).and_then(Value::as_str);
    let number =
        |name: &str, default: u64| query.get(name).and_then(Value::as_u64).unwrap_or(default);
    let population = populations.get(seed, user, origin);
    let mut calls: Vec<&Listed> = population
        .iter()
        .filter(|c| c.timeline.start <= now)
        .filter(|c| {
            text("from").is_none_or(|f| c.body.get("from").and_then(Value::as_str) == Some(f))
        })
        .filter(|c| text("to").is_none_or(|t| c.body.get("to").and_then(Value::as_str) == Some(t)))
        .collect();
    calls.sort_by(|a, b| (a.timeline.start, &a.id).cmp(&(b.timeline.start, &b.id)));
    if text("sortOrder") != Some("asc") {
        calls.reverse();
    }
    let grouped = [
        ("bridgeId", text("bridgeId")),
        ("conferenceId", text("conferenceId")),
    ];
    if grouped.iter().any(|(_, v)| v.is_some()) {
        // "pagination do not apply"
        let page: Vec<Value> = calls
            .into_iter()
            .filter(|c| {
                grouped.iter().all(|(field, want)| {
                    want.is_none_or(|w| c.body.get(*field).and_then(Value::as_str) == Some(w))
                })
            })
            .map(|c| at(c, now))
            .collect();
        return Ok(Page {
            body: serde_json::to_vec(&page).unwrap_or_default(),
            links: Vec::new(),
        });
    }
    let page = number("page", 0);
    let size = number("size", 25).max(1);
    let start = usize::try_from(page.saturating_mul(size)).unwrap_or(usize::MAX);
    let size_usize = usize::try_from(size).unwrap_or(usize::MAX);
    let body: Vec<Value> = calls
        .iter()
        .skip(start)
        .take(size_usize)
        .map(|c| at(c, now))
        .collect();
    let link = |p: u64| {
        let mut kept: Vec<String> = pairs
            .iter()
            .filter(|(n, _)| n != "page" && n != "size")
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect();
        kept.push(format!("page={p}"));
        kept.push(format!("size={size}"));
        kept.join("&")
    };
    let mut links = vec![("first", link(0))];
    if page > 0 {
        links.push(("previous", link(page - 1)));
    }
    if start.saturating_add(size_usize) < calls.len() {
        links.push(("next", link(page + 1)));
    }
    Ok(Page {
        body: serde_json::to_vec(&body).unwrap_or_default(),
        links,
    })
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        crate::route::query_pairs(Some(q))
    }

    #[test]
    fn bad_parameters() {
        for q in [
            "size=0",
            "size=1001",
            "page=-1",
            "sortOrder=up",
            "page=x",
            "from=bob",
        ] {
            assert!(check(&pairs(q)).is_err(), "{q}");
        }
        for q in ["size=1000", "page=0&sortOrder=asc", "from=%2B19195551212"] {
            assert!(check(&pairs(q)).is_ok(), "{q}");
        }
    }

    #[test]
    fn pages_cover_the_population_once() {
        let populations = Populations::default();
        let origin = Timestamp::constant(1_767_225_600, 0);
        let mut seen = Vec::new();
        let mut page = 0;
        loop {
            let p = list(
                &populations,
                3,
                "u",
                &pairs(&format!("page={page}&size=7")),
                origin,
                origin,
            )
            .unwrap();
            let calls: Vec<Value> = serde_json::from_slice(&p.body).unwrap();
            seen.extend(calls.iter().map(|c| c["id"].as_str().unwrap().to_owned()));
            if !p.links.iter().any(|(rel, _)| *rel == "next") {
                break;
            }
            page += 1;
        }
        let total = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), total);
        assert!(total >= 30);
    }
}
