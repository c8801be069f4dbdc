//! Starting a mock on an ephemeral loopback port and talking to it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::Engine as _;
use callspec_mock::{Config, MockServer};

pub(crate) const BANDWIDTH: &str = "/api/v2/accounts/9900000/calls/c-2a4b6c8d";
pub(crate) const APIFONICA: &str = "/v2/accounts/acc1/calls/call1";
pub(crate) const SIGNALWIRE: &str = "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/d4e5f6a7-1b2c-4d3e-8f90-a1b2c3d4e5f6.json";
pub(crate) const VONAGE: &str = "/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449";
pub(crate) const CATAPULT: &str = "/v1/users/u-abc/calls/";

pub(crate) fn start(config: Config) -> MockServer {
    MockServer::start(config).expect("the mock starts on loopback")
}

pub(crate) fn mock() -> MockServer {
    start(Config::default())
}

pub(crate) fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// A response as the client saw it.
#[derive(Debug, Clone)]
pub(crate) struct Got {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Got {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// The credential each path needs by default.
pub(crate) fn auth_for(path: &str) -> String {
    if path.starts_with("/v0/") {
        "Bearer token-1".to_owned()
    } else {
        basic("user", "pass")
    }
}

/// A GET with the provider's default credentials (and Vonage's Accept) plus `extra` headers.
pub(crate) fn get(server: &MockServer, path: &str, extra: &[(&str, &str)]) -> Got {
    request(&agent(), "GET", server, path, extra)
}

pub(crate) fn request(
    agent: &ureq::Agent,
    method: &str,
    server: &MockServer,
    path: &str,
    extra: &[(&str, &str)],
) -> Got {
    let url = format!("{}{path}", server.base_url());
    let mut headers: Vec<(String, String)> = vec![("Authorization".into(), auth_for(path))];
    if path.starts_with("/v0/") {
        headers.push(("Accept".into(), "application/json;version=3".into()));
    }
    for (n, v) in extra {
        headers.retain(|(h, _)| !h.eq_ignore_ascii_case(n));
        if !v.is_empty() {
            headers.push(((*n).into(), (*v).into()));
        }
    }
    let builder = match method {
        "HEAD" => {
            let mut b = agent.head(&url);
            for (n, v) in &headers {
                b = b.header(n, v);
            }
            b.call()
        }
        "DELETE" => {
            let mut b = agent.delete(&url);
            for (n, v) in &headers {
                b = b.header(n, v);
            }
            b.call()
        }
        "POST" => {
            let mut b = agent.post(&url);
            for (n, v) in &headers {
                b = b.header(n, v);
            }
            b.send_empty()
        }
        _ => {
            let mut b = agent.get(&url);
            for (n, v) in &headers {
                b = b.header(n, v);
            }
            b.call()
        }
    };
    let mut response = builder.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = if method == "HEAD" {
        Vec::new()
    } else {
        response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("{method} {path} body: {e}"))
    };
    Got {
        status,
        headers,
        body,
    }
}

/// Moves the virtual clock.
pub(crate) fn advance(server: &MockServer, by: &str) {
    let got = request(
        &agent(),
        "POST",
        server,
        &format!("/__admin/clock?advance={by}"),
        &[],
    );
    assert_eq!(got.status, 200, "{}", String::from_utf8_lossy(&got.body));
}

/// Writes raw bytes and reads until the server closes or `timeout` passes between reads.
pub(crate) fn raw(
    server: &MockServer,
    bytes: &[u8],
    timeout: Duration,
) -> (Vec<u8>, Option<std::io::Error>) {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    stream.write_all(bytes).expect("write");
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => return (out, Some(e)),
        }
    }
}

/// A raw GET request with the provider's credentials.
pub(crate) fn raw_get(path: &str, extra: &str) -> Vec<u8> {
    let mut accept = String::new();
    if path.starts_with("/v0/") {
        accept = "Accept: application/json;version=3\r\n".into();
    }
    format!(
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\n{accept}{extra}Connection: close\r\n\r\n",
        auth_for(path)
    )
    .into_bytes()
}

/// Everything but RFC 3986's unreserved characters, as a query value is percent-encoded.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `s` percent-encoded for a query value (`__case=…`).
pub(crate) fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}
