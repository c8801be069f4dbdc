//! Malformed requests never panic the server and cost bounded time and memory.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use callspec_mock::{Config, Limits};

use crate::support::*;

fn status_of(bytes: &[u8]) -> Option<u16> {
    let text = String::from_utf8_lossy(bytes);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

#[test]
fn bad_request_lines_are_400() {
    let server = mock();
    for bytes in [
        &b"NOT HTTP AT ALL\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET http://elsewhere/ HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        b"\x00\xff\xfe\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
    ] {
        let (reply, _) = raw(&server, bytes, Duration::from_secs(5));
        assert_eq!(
            status_of(&reply),
            Some(400),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(get(&server, BANDWIDTH, &[]).status, 200, "still serving");
}

#[test]
fn huge_heads_and_bodies_are_refused() {
    let server = mock();
    let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024));
    let (reply, _) = raw(&server, huge.as_bytes(), Duration::from_secs(5));
    assert_eq!(status_of(&reply), Some(431));
    let many: String = (0..200).map(|i| format!("X-{i}: v\r\n")).collect();
    let (reply, _) = raw(
        &server,
        format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes(),
        Duration::from_secs(5),
    );
    assert_eq!(status_of(&reply), Some(431));
    let (reply, _) = raw(
        &server,
        b"GET / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n",
        Duration::from_secs(5),
    );
    assert_eq!(status_of(&reply), Some(413));
    assert_eq!(get(&server, BANDWIDTH, &[]).status, 200, "still serving");
}

#[test]
fn a_trickled_head_is_cut_off_in_bounded_time() {
    let server = start(Config {
        limits: Limits {
            read_timeout: Duration::from_millis(400),
            ..Limits::default()
        },
        ..Config::default()
    });
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_nonblocking(true).unwrap();
    // One byte every 20 ms, at most 4 s: the head never completes, and the server answers 408
    // once the read timeout has passed since the first byte, however steady the trickle.
    let mut reply = Vec::new();
    let mut buf = [0u8; 1024];
    for byte in b"GET /api/v2/accounts/1/calls/c HTTP/1.1\r\nX-Slow: "
        .iter()
        .chain(b"a".repeat(200).iter())
    {
        match std::io::Read::read(&mut stream, &mut buf) {
            Ok(n) if n > 0 => {
                reply.extend_from_slice(&buf[..n]);
                break;
            }
            _ => {}
        }
        if stream.write_all(&[*byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = std::io::Read::read_to_end(&mut stream, &mut reply);
    assert_eq!(status_of(&reply), Some(408));
    assert_eq!(get(&server, BANDWIDTH, &[]).status, 200, "still serving");
}

#[test]
fn idle_and_half_open_connections_do_not_block_others() {
    let server = start(Config {
        limits: Limits {
            read_timeout: Duration::from_millis(300),
            ..Limits::default()
        },
        ..Config::default()
    });
    let idle: Vec<TcpStream> = (0..50)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    assert_eq!(get(&server, VONAGE, &[]).status, 200);
    drop(idle);
    // Requests pipelined on one connection are all answered, in order.
    let one = raw_get(BANDWIDTH, "");
    let keep = String::from_utf8(one)
        .unwrap()
        .replace("Connection: close\r\n", "");
    let pipelined = format!(
        "{keep}{keep}{}",
        String::from_utf8(raw_get(BANDWIDTH, "")).unwrap()
    );
    let (reply, _) = raw(&server, pipelined.as_bytes(), Duration::from_secs(5));
    assert_eq!(
        String::from_utf8_lossy(&reply)
            .matches("HTTP/1.1 200 OK")
            .count(),
        3
    );
}
