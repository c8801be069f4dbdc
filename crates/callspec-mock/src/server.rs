//! The server: the accept loop, one task per connection, and the handler that turns a request
//! into a response by the catalog (route, authentication, required headers, retention, the
//! call store, Catapult's list) with injection, faults and the journal around it. Admin
//! endpoints live under `/__admin/`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use callspec_gen::{Expectation, Expected, Kind};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::auth::Authenticator;
use crate::catapult::{self, Populations};
use crate::clock::{Clock, parse_duration};
use crate::faults::{Fault, Faults};
use crate::http::{self, Limits, ReadError, Request, Response};
use crate::inject::{self, Asked};
use crate::journal::{Entry, Journal, redact_header, redact_url};
use crate::mix::Mix;
use crate::provider;
use crate::route::{self, Routed};
use crate::store::{self, Choice, Served};
use crate::timeline::{rfc2822, rfc3339};

/// Everything a running mock shares between connections.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) seed: u64,
    pub(crate) mix: Option<Mix>,
    pub(crate) faithful: bool,
    pub(crate) faults: Faults,
    pub(crate) limits: Limits,
    pub(crate) clock: Clock,
    pub(crate) auth: Authenticator,
    pub(crate) journal: Journal,
    pub(crate) populations: Populations,
    /// The schemas amended by `--overlay`, which served bodies are checked against.
    checker: Option<callspec_validate::Engine>,
    occurrences: Mutex<HashMap<String, u64>>,
    seq: AtomicU64,
}

impl State {
    #[allow(clippy::too_many_arguments)] // the parts of a configuration, once
    pub(crate) fn new(
        seed: u64,
        mix: Option<Mix>,
        faithful: bool,
        faults: Faults,
        limits: Limits,
        clock: Clock,
        auth: Authenticator,
        journal: Journal,
        checker: Option<callspec_validate::Engine>,
    ) -> Self {
        Self {
            seed,
            mix,
            faithful,
            faults,
            limits,
            clock,
            auth,
            journal,
            populations: Populations::default(),
            checker,
            occurrences: Mutex::new(HashMap::new()),
            seq: AtomicU64::new(0),
        }
    }

    /// How many times `key` was seen before (0 the first time).
    fn occurrence(&self, key: &str) -> u64 {
        let mut map = self.occurrences.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= 100_000 && !map.contains_key(key) {
            map.clear();
        }
        let n = map.entry(key.to_owned()).or_insert(0);
        let seen = *n;
        *n += 1;
        seen
    }
}

/// Accepts connections until `shutdown` resolves.
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    shutdown: tokio::sync::oneshot::Receiver<()>,
) {
    let permits = Arc::new(Semaphore::new(state.limits.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return;
        };
        tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    connection(stream, &state).await;
                    drop(permit);
                });
            }
        }
    }
}

async fn connection(mut stream: TcpStream, state: &State) {
    // Latency faults are meaningful only without Nagle's delay.
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    loop {
        let request = match http::read_request(&mut stream, &mut buf, &state.limits).await {
            Ok(request) => request,
            Err(ReadError::Closed) => return,
            Err(ReadError::Timeout) => {
                let r = plain(408, "the request did not arrive in time");
                return http::refuse(stream, &r).await;
            }
            Err(ReadError::TooLarge(status)) => {
                let r = plain(status, "the request is larger than this server accepts");
                return http::refuse(stream, &r).await;
            }
            Err(ReadError::Malformed(why)) => {
                let r = plain(400, &format!("not an HTTP/1.1 request: {why}"));
                return http::refuse(stream, &r).await;
            }
        };
        let started = Instant::now();
        let head_only = request.method.eq_ignore_ascii_case("HEAD");
        let keep_alive = request.keep_alive;
        let handled = handle(state, &request);
        if !handled.latency.is_zero() {
            tokio::time::sleep(handled.latency).await;
        }
        let connection_fault = handled.fault.filter(|f| !matches!(f, Fault::Status(_)));
        let written = match connection_fault {
            Some(fault) => {
                let stall = state.faults.stall_for();
                record(state, &request, &handled, started, Some(fault));
                let _ = http::write_fault(stream, &handled.response, fault, stall).await;
                return;
            }
            None => {
                let keep = keep_alive && handled.fault.is_none();
                // Recorded before it is written: a client that has its response finds it in
                // the journal.
                if handled.journal {
                    record(state, &request, &handled, started, None);
                }
                http::write_response(&mut stream, &handled.response, head_only, keep)
                    .await
                    .map(|()| keep)
            }
        };
        match written {
            Ok(true) => {}
            _ => return,
        }
    }
}

fn plain(status: u16, message: &str) -> Response {
    Response::json(
        status,
        serde_json::to_vec(&serde_json::json!({ "message": message })).unwrap_or_default(),
    )
}

/// A handled request: the response and what the journal keeps about it.
#[derive(Debug)]
struct Handled {
    response: Response,
    fault: Option<Fault>,
    latency: std::time::Duration,
    journal: bool,
    /// The URL as the provider would have it, before redaction.
    url: String,
    endpoint: Option<&'static str>,
    case: Option<String>,
    channel: Option<&'static str>,
    expect: Option<Expectation>,
}

impl Handled {
    fn plain(response: Response, url: String, endpoint: Option<&'static str>) -> Self {
        Self {
            response,
            fault: None,
            latency: std::time::Duration::ZERO,
            journal: true,
            url,
            endpoint,
            case: None,
            channel: None,
            expect: None,
        }
    }
}

fn record(
    state: &State,
    request: &Request,
    handled: &Handled,
    started: Instant,
    fault: Option<Fault>,
) {
    let lost_status = matches!(fault, Some(Fault::Reset | Fault::Close));
    let fault = fault.or(handled.fault).map(Fault::name);
    let entry = Entry {
        seq: state.seq.fetch_add(1, Ordering::SeqCst),
        time: state.clock.now(),
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        method: request.method.clone(),
        url: redact_url(&handled.url),
        request_headers: request
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), redact_header(n, v)))
            .collect(),
        status: if lost_status {
            0
        } else {
            handled.response.status
        },
        response_headers: if lost_status {
            Vec::new()
        } else {
            handled.response.headers.clone()
        },
        body: if lost_status || request.method.eq_ignore_ascii_case("HEAD") {
            Vec::new()
        } else {
            handled.response.body.clone()
        },
        endpoint: handled.endpoint,
        case: handled.case.clone(),
        channel: handled.channel,
        expect: handled.expect.clone(),
        fault,
    };
    state.journal.record(entry);
}

/// Characters written percent-encoded in the `X-Callspec-*` headers.
const HEADER_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b',').add(b'"');

fn header_text(s: &str) -> String {
    utf8_percent_encode(s, HEADER_UNSAFE).to_string()
}

/// The `X-Callspec-Expect-Findings` value: `code pointer` pairs, comma-separated, pointers
/// percent-encoded.
pub(crate) fn findings_header(expect: &Expectation) -> String {
    expect
        .findings
        .iter()
        .map(|f| format!("{} {}", f.code, header_text(&f.pointer)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn provider_url(routed: &Routed, path: &str, query: Option<&str>) -> String {
    let host = routed
        .endpoint
        .hosts
        .first()
        .copied()
        .unwrap_or("localhost");
    let host: String = host
        .split('.')
        .map(|label| {
            if label.starts_with('{') {
                "mock"
            } else {
                label
            }
        })
        .collect::<Vec<_>>()
        .join(".");
    match query {
        Some(q) => format!("https://{host}{path}?{q}"),
        None => format!("https://{host}{path}"),
    }
}

fn handle(state: &State, request: &Request) -> Handled {
    let (path, query) = route::split_target(&request.target);
    let pairs = route::query_pairs(query);
    let stripped = route::strip_mock_params(query);
    let host = request.header("Host").unwrap_or("localhost");
    let local_url = format!("http://{host}{}", request.target);
    if path.starts_with("/__admin/") {
        let mut h = Handled::plain(admin(state, request, path, &pairs), local_url, None);
        h.journal = false;
        return h;
    }
    let method = request.method.to_ascii_uppercase();
    let Some(routed) = route::route(path) else {
        let nearest = route::nearest(path).map(route::api);
        return Handled::plain(provider::not_found(nearest, path), local_url, None);
    };
    let api = route::api(routed.endpoint);
    let url = provider_url(&routed, path, stripped.as_deref());
    let endpoint = Some(routed.endpoint.id);
    if method != "GET" && method != "HEAD" {
        let r = plain(
            405,
            &format!("{method} is not served here; use GET or HEAD"),
        )
        .header("Allow", "GET, HEAD");
        return Handled::plain(r, url, endpoint);
    }
    let with_date = |mut h: Handled| {
        h.response = std::mem::replace(&mut h.response, Response::new(0))
            .header("Date", rfc2822(state.clock.now(), "GMT"));
        h
    };
    let account = routed.account().to_owned();
    if let Err(why) = state.auth.check(
        api,
        routed.endpoint.auth,
        &account,
        request.header("Authorization"),
    ) {
        return with_date(Handled::plain(
            provider::unauthorized(api, &why),
            url,
            endpoint,
        ));
    }
    for rule in routed.endpoint.headers {
        let value = request.header(rule.name);
        if !value.is_some_and(|v| rule.accepts(v)) {
            let r = provider::not_acceptable(&rule.expected(), value);
            return with_date(Handled::plain(r, url, endpoint));
        }
    }
    let call_id = routed.call_id().map(str::to_owned);
    let (base_id, id_case) = match &call_id {
        Some(id) => match id.split_once('~') {
            Some((base, case)) => (base.to_owned(), Some(case.to_owned())),
            None => (id.clone(), None),
        },
        None => (String::new(), None),
    };
    let (account_uuid, call_uuid) = provider::needs_uuid(api);
    if (account_uuid && !provider::is_uuid(&account))
        || (call_uuid && call_id.is_some() && !provider::is_uuid(&base_id))
    {
        return with_date(Handled::plain(
            provider::not_found(Some(api), path),
            url,
            endpoint,
        ));
    }
    let Some(resource) = routed.endpoint.resource_for(200) else {
        return with_date(Handled::plain(
            provider::not_found(Some(api), path),
            url,
            endpoint,
        ));
    };
    let call_key = call_id.clone().unwrap_or_else(|| "list".to_owned());
    let mix_hash = store::call_hash(state.seed, api, &account, &call_key);
    let asked = Asked {
        resource,
        prefer: inject::preferences(request.headers_named("Prefer")),
        query_case: pairs
            .iter()
            .find(|(n, _)| n == "__case")
            .map(|(_, v)| v.clone()),
        query_fault: pairs
            .iter()
            .find(|(n, _)| n == "__fault")
            .map(|(_, v)| v.clone()),
        id_case,
        mix: state.mix.as_ref(),
        call_hash: mix_hash,
    };
    let injection = match inject::resolve(&asked) {
        Ok(i) => i,
        Err(rejected) => {
            let r = provider::bad_request(Some(api), &rejected.message, &rejected.details);
            return with_date(Handled::plain(r, url, endpoint));
        }
    };
    let seed = injection.seed.unwrap_or(state.seed);
    let call_hash = store::call_hash(seed, api, &account, &call_key);
    let fault_key = format!("{method} {path}?{}", stripped.as_deref().unwrap_or(""));
    let occurrence = state.occurrence(&fault_key);
    let fault = injection
        .fault
        .or_else(|| state.faults.draw(state.seed, &fault_key, occurrence));
    let latency = state.faults.latency(state.seed, &fault_key, occurrence);
    let now = state.clock.now();
    let origin = state.clock.origin();
    let mut handled = Handled::plain(Response::new(200), url, endpoint);
    handled.latency = latency;
    handled.fault = fault;
    handled.channel = Some(injection.channel);
    let applied = injection.applied.join(", ");
    let finish = |mut h: Handled| {
        let mut r = std::mem::replace(&mut h.response, Response::new(0));
        if !applied.is_empty() {
            r = r.header("Preference-Applied", applied.clone());
        }
        if let Some(Fault::Status(_)) = h.fault
            && !state.faithful
        {
            r = r.header(
                "X-Callspec-Fault",
                h.fault.map(Fault::name).unwrap_or_default(),
            );
        }
        h.response = r;
        with_date(h)
    };
    if let Some(Fault::Status(status)) = fault {
        handled.response = provider::unavailable(Some(api), status);
        return finish(handled);
    }
    match injection.code {
        Some(401) => {
            handled.response = provider::unauthorized(api, "the request asked for a 401");
            return finish(handled);
        }
        Some(404) => {
            handled.response = provider::not_found(Some(api), path);
            return finish(handled);
        }
        Some(status) if status != 200 => {
            handled.response = provider::unavailable(Some(api), status);
            return finish(handled);
        }
        _ => {}
    }
    let mut link_header = None;
    let served = match &call_id {
        Some(call_id) => {
            if injection.code.is_none() {
                let t = store::timeline(call_hash, origin);
                let expired = provider::retention(api)
                    .is_some_and(|keep| t.end.saturating_add(keep).is_ok_and(|gone| now > gone));
                if expired || now < t.start {
                    handled.response = provider::not_found(Some(api), path);
                    return finish(handled);
                }
            }
            store::serve(
                api,
                resource,
                &account,
                call_id,
                &base_id,
                call_hash,
                &injection.choice,
                origin,
                now,
            )
        }
        None if injection.choice == Choice::Timeline => {
            match catapult::list(
                &state.populations,
                seed,
                &account,
                &without_mock(&pairs),
                origin,
                now,
            ) {
                Ok(page) => {
                    let base = format!("http://{host}{path}");
                    let links: Vec<String> = page
                        .links
                        .iter()
                        .map(|(rel, q)| format!("<{base}?{q}>; rel=\"{rel}\""))
                        .collect();
                    if !links.is_empty() {
                        link_header = Some(links.join(", "));
                    }
                    Some(Served {
                        body: page.body,
                        kind: Kind::Valid,
                        case: "valid".to_owned(),
                        expect: Expectation::from_findings(Vec::new()),
                    })
                }
                Err(bad) => {
                    handled.response = provider::bad_request(
                        Some(api),
                        "one or more query parameters are not valid",
                        &bad.0,
                    );
                    return finish(handled);
                }
            }
        }
        None => store::serve(
            api,
            resource,
            &account,
            "list",
            "list",
            call_hash,
            &injection.choice,
            origin,
            now,
        ),
    };
    let Some(mut served) = served else {
        handled.response = provider::not_found(Some(api), path);
        return finish(handled);
    };
    // With overlays, what a body is expected to give is what the amended schema says of it.
    if let Some(checker) = &state.checker {
        let mut report = checker.check_bytes(Some(resource), &served.body);
        // Polls within the one body (a page listing a call twice), as a run follows them.
        callspec_validate::PollTracker::default().observe(checker, &mut report);
        served.expect = Expectation::from_findings(
            report
                .findings
                .iter()
                .map(|f| Expected::new(f.code, f.pointer.clone()))
                .collect(),
        );
    }
    handled.response = Response::json(200, served.body.clone());
    if let Some(link) = link_header {
        handled.response =
            std::mem::replace(&mut handled.response, Response::new(0)).header("Link", link);
    }
    if !state.faithful {
        let r = std::mem::replace(&mut handled.response, Response::new(0));
        handled.response = r
            .header("X-Callspec-Case", header_text(&served.case))
            .header("X-Callspec-Kind", served.kind.as_str())
            .header("X-Callspec-Channel", injection.channel)
            .header("X-Callspec-Expect-Verdict", served.expect.verdict.as_str())
            .header(
                "X-Callspec-Expect-Findings",
                findings_header(&served.expect),
            );
    }
    handled.case = Some(served.case);
    handled.expect = Some(served.expect);
    finish(handled)
}

fn without_mock(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(n, _)| n != "__case" && n != "__fault")
        .cloned()
        .collect()
}

fn admin(state: &State, request: &Request, path: &str, pairs: &[(String, String)]) -> Response {
    let method = request.method.to_ascii_uppercase();
    let clock = |state: &State| {
        Response::json(
            200,
            serde_json::to_vec(&serde_json::json!({
                "now": rfc3339(state.clock.now()),
                "origin": rfc3339(state.clock.origin()),
            }))
            .unwrap_or_default(),
        )
    };
    match (method.as_str(), path) {
        ("GET", "/__admin/journal") => Response::new(200)
            .header("Content-Type", "application/x-ndjson")
            .body(state.journal.ndjson()),
        ("GET", "/__admin/journal.har") => Response::new(200)
            .header("Content-Type", "application/json")
            .body(state.journal.har()),
        ("DELETE", "/__admin/journal") => {
            state.journal.clear();
            plain(200, "the journal is empty")
        }
        ("GET", "/__admin/clock") => clock(state),
        ("POST", "/__admin/clock") => {
            let Some((_, by)) = pairs.iter().find(|(n, _)| n == "advance") else {
                return plain(
                    400,
                    "expected `?advance=DURATION` such as `7d`, `-90s`, `250ms`",
                );
            };
            match parse_duration(by) {
                Some(d) => {
                    state.clock.advance(d);
                    clock(state)
                }
                None => plain(
                    400,
                    &format!("`{by}` is not a duration such as `7d`, `-90s`"),
                ),
            }
        }
        ("GET", "/__admin/cases") => {
            let resource = pairs
                .iter()
                .find(|(n, _)| n == "resource")
                .map(|(_, v)| v.as_str());
            let listing: Vec<serde_json::Value> = callspec::resources()
                .iter()
                .filter(|r| resource.is_none_or(|id| id == r.id))
                .map(|r| {
                    let cases: Vec<serde_json::Value> = [Kind::Edge, Kind::Drift, Kind::Invalid]
                        .into_iter()
                        .flat_map(|k| callspec_gen::catalog(r.id, k))
                        .map(|c| serde_json::json!({"name": c.name, "kind": c.kind.as_str(), "description": c.description}))
                        .collect();
                    serde_json::json!({"resource": r.id, "cases": cases})
                })
                .collect();
            Response::json(200, serde_json::to_vec(&listing).unwrap_or_default())
        }
        _ => plain(
            404,
            "admin endpoints: GET /__admin/journal, GET /__admin/journal.har, DELETE /__admin/journal, GET /__admin/clock, POST /__admin/clock?advance=DURATION, GET /__admin/cases[?resource=ID]",
        ),
    }
}
