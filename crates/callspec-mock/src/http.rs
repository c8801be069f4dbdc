//! HTTP/1.1 on the raw socket: reading one request head (bounded in size and time, parsed by
//! `httparse`, the parser hyper uses) and writing a response, whole or broken on purpose. The
//! mock writes its own bytes because the connection-level faults are exactly the bytes a
//! well-behaved HTTP stack refuses to write.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::faults::Fault;

/// The most headers a request may carry.
const MAX_HEADERS: usize = 100;

/// Bounds on what one connection may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most bytes a request head may take (request line and headers).
    pub max_head_bytes: usize,
    /// The most bytes a request body may take.
    pub max_body_bytes: usize,
    /// How long a request head (and its body) may take to arrive once its first byte has, and
    /// how long a kept-alive connection may stay idle.
    pub read_timeout: Duration,
    /// The most connections served at once; further ones wait to be accepted.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_head_bytes: 16 * 1024,
            max_body_bytes: 64 * 1024,
            read_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// One request as read.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The request target as sent (path and query).
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// Whether the connection may carry another request.
    pub(crate) keep_alive: bool,
}

impl Request {
    /// The first header named `name` (without regard to case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header named `name`.
    pub(crate) fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection (or never sent a byte before the idle time ran out).
    Closed,
    /// The head did not arrive in time: answered 408, then closed.
    Timeout,
    /// The head is too large (431) or the body is (413).
    TooLarge(u16),
    /// Not HTTP/1.x (400).
    Malformed(String),
}

/// Reads one request from `stream`, keeping bytes after it in `buf` for the next one.
pub(crate) async fn read_request(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Request, ReadError> {
    let deadline = tokio::time::Instant::now() + limits.read_timeout;
    let mut chunk = [0u8; 4096];
    let (head_len, mut request, content_length) = loop {
        if !buf.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut parsed = httparse::Request::new(&mut headers);
            match parsed.parse(buf) {
                Ok(httparse::Status::Complete(len)) => break head(&parsed, len)?,
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => return Err(ReadError::TooLarge(431)),
                Err(e) => return Err(ReadError::Malformed(e.to_string())),
            }
            if buf.len() > limits.max_head_bytes {
                return Err(ReadError::TooLarge(431));
            }
        }
        let read = tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await;
        match read {
            Err(_) if buf.is_empty() => return Err(ReadError::Closed),
            Err(_) => return Err(ReadError::Timeout),
            Ok(Err(_) | Ok(0)) => return Err(ReadError::Closed),
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    if head_len > limits.max_head_bytes {
        return Err(ReadError::TooLarge(431));
    }
    if content_length > limits.max_body_bytes {
        return Err(ReadError::TooLarge(413));
    }
    buf.drain(..head_len);
    while buf.len() < content_length {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Err(_) => return Err(ReadError::Timeout),
            Ok(Err(_) | Ok(0)) => return Err(ReadError::Closed),
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    request.body = buf.drain(..content_length).collect();
    Ok(request)
}

fn head(
    parsed: &httparse::Request<'_, '_>,
    len: usize,
) -> Result<(usize, Request, usize), ReadError> {
    let method = parsed.method.unwrap_or_default().to_owned();
    let target = parsed.path.unwrap_or_default().to_owned();
    let minor = parsed.version.unwrap_or(1);
    let mut headers = Vec::with_capacity(parsed.headers.len());
    let mut content_length = 0usize;
    let mut connection_close = minor == 0;
    for h in parsed.headers.iter() {
        let value = String::from_utf8_lossy(h.value).into_owned();
        if h.name.eq_ignore_ascii_case("content-length") {
            content_length = value
                .trim()
                .parse()
                .map_err(|_| ReadError::Malformed(format!("Content-Length `{value}`")))?;
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(ReadError::Malformed(
                "request bodies in chunked encoding are not accepted".into(),
            ));
        } else if h.name.eq_ignore_ascii_case("connection") {
            let v = value.to_ascii_lowercase();
            if v.contains("close") {
                connection_close = true;
            } else if v.contains("keep-alive") {
                connection_close = false;
            }
        }
        headers.push((h.name.to_owned(), value));
    }
    if !target.starts_with('/') {
        return Err(ReadError::Malformed(format!(
            "the request target `{}` is not an origin-form path",
            target.chars().take(64).collect::<String>()
        )));
    }
    Ok((
        len,
        Request {
            method,
            target,
            headers,
            body: Vec::new(),
            keep_alive: !connection_close,
        },
        content_length,
    ))
}

/// A response to write.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON body (`Content-Type: application/json`).
    pub(crate) fn json(status: u16, body: Vec<u8>) -> Self {
        Self::new(status)
            .header("Content-Type", "application/json")
            .body(body)
    }

    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub(crate) fn body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }

    /// The first header named `name`.
    #[cfg(test)]
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The reason phrase of a status.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

fn head_bytes(response: &Response, length_header: Option<usize>, keep_alive: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    match length_header {
        Some(len) => out.push_str(&format!("Content-Length: {len}\r\n")),
        None => out.push_str("Transfer-Encoding: chunked\r\n"),
    }
    out.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    out.into_bytes()
}

/// Writes `response` whole; `head_only` for `HEAD` (the same headers, no body).
pub(crate) async fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut out = head_bytes(response, Some(response.body.len()), keep_alive);
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    stream.write_all(&out).await?;
    stream.flush().await
}

/// Answers a request that cannot be served and closes gracefully: the response, a half-close,
/// then whatever the client still sends is read and dropped (at most 64 KiB, for at most one
/// second), so the client reads the answer instead of a reset.
pub(crate) async fn refuse(mut stream: TcpStream, response: &Response) {
    if write_response(&mut stream, response, false, false)
        .await
        .is_err()
    {
        return;
    }
    let _ = stream.shutdown().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
    let mut drained = 0usize;
    let mut chunk = [0u8; 4096];
    while drained < 64 * 1024 {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => drained += n,
            _ => break,
        }
    }
}

/// Writes `response` broken by a connection-level `fault`; the connection is closed after.
pub(crate) async fn write_fault(
    mut stream: TcpStream,
    response: &Response,
    fault: Fault,
    stall_for: Duration,
) -> std::io::Result<()> {
    let half = response.body.len() / 2;
    match fault {
        Fault::Reset => {
            // SO_LINGER 0: closing sends RST instead of FIN.
            socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO))?;
            drop(stream);
            return Ok(());
        }
        Fault::Close => {
            stream.shutdown().await?;
        }
        Fault::Truncate => {
            let mut out = head_bytes(response, Some(response.body.len()), false);
            out.extend_from_slice(&response.body[..half]);
            stream.write_all(&out).await?;
            stream.shutdown().await?;
        }
        Fault::Chunked => {
            let mut out = head_bytes(response, None, false);
            out.extend_from_slice(format!("{half:x}\r\n").as_bytes());
            out.extend_from_slice(&response.body[..half]);
            // Not a hexadecimal chunk size.
            out.extend_from_slice(b"\r\nzz\r\n");
            out.extend_from_slice(&response.body[half..]);
            out.extend_from_slice(b"\r\n0\r\n\r\n");
            stream.write_all(&out).await?;
            stream.shutdown().await?;
        }
        Fault::Stall => {
            let mut out = head_bytes(response, Some(response.body.len()), false);
            out.extend_from_slice(&response.body[..half]);
            stream.write_all(&out).await?;
            stream.flush().await?;
            tokio::time::sleep(stall_for).await;
            stream.shutdown().await?;
        }
        Fault::Status(_) => {
            write_response(&mut stream, response, false, false).await?;
            stream.shutdown().await?;
        }
    }
    Ok(())
}
