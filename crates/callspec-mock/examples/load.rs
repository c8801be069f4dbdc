//! A short, bounded load test of the mock on loopback: `CLIENTS` keep-alive connections each
//! send `REQUESTS` GETs (a rotation over the five providers' endpoints, valid calls and named
//! cases), and the run prints requests per second and the p50/p99 latency as a client sees it.
//!
//! ```sh
//! cargo run --release -p callspec-mock --example load -- [CLIENTS] [REQUESTS]
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use callspec_mock::{Config, MockServer};

const PATHS: [&str; 6] = [
    "/api/v2/accounts/9900000/calls/c-{n}",
    "/v2/accounts/acc1/calls/call-{n}~edge",
    "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/d4e5f6a7-1b2c-4d3e-8f90-{n12}.json",
    "/v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-{n12}~invalid",
    "/v1/users/u-load/calls/?page={p}&size=25",
    "/api/v2/accounts/9900000/calls/c-{n}~drift",
];

fn request(i: usize) -> Vec<u8> {
    let n = i % 1000;
    let path = PATHS[i % PATHS.len()]
        .replace("{n12}", &format!("{n:0>12}"))
        .replace("{n}", &n.to_string())
        .replace("{p}", &(n % 4).to_string());
    let auth = if path.starts_with("/v0/") {
        "Bearer load-token\r\nAccept: application/json;version=3"
    } else {
        // user:pass
        "Basic dXNlcjpwYXNz"
    };
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {auth}\r\n\r\n").into_bytes()
}

/// Reads one response with a Content-Length body; returns its status.
fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                let n = stream.read(&mut chunk)?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            buf.drain(..end + 4 + length);
            return Ok(head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0));
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let clients: usize = args.next().map_or(Ok(4), |a| a.parse())?;
    let requests: usize = args.next().map_or(Ok(5_000), |a| a.parse())?;
    let server = MockServer::start(Config {
        // A small journal: the load test measures serving, not memory growth.
        journal_limit: 1_000,
        ..Config::default()
    })?;
    let addr = server.addr();
    // Warm-up: the Catapult population and the compiled query schema.
    {
        let mut s = TcpStream::connect(addr)?;
        let mut buf = Vec::new();
        for i in 0..PATHS.len() {
            s.write_all(&request(i))?;
            read_response(&mut s, &mut buf)?;
        }
    }
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            std::thread::spawn(move || -> std::io::Result<(Vec<Duration>, usize)> {
                let mut stream = TcpStream::connect(addr)?;
                stream.set_nodelay(true)?;
                let mut buf = Vec::new();
                let mut latencies = Vec::with_capacity(requests);
                let mut errors = 0;
                for i in 0..requests {
                    let t = Instant::now();
                    stream.write_all(&request(c * requests + i))?;
                    if read_response(&mut stream, &mut buf)? != 200 {
                        errors += 1;
                    }
                    latencies.push(t.elapsed());
                }
                Ok((latencies, errors))
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (latencies, e) = t.join().map_err(|_| "a client thread panicked")??;
        all.extend(latencies);
        errors += e;
    }
    let wall = started.elapsed();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "clients {clients}, requests {}, non-200 {errors}, wall {:.2} s, {:.0} requests/s, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        all.len(),
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        all.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
    Ok(())
}
