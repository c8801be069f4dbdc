//! `callspec mock` from the command line: the settings it refuses, and a served request.

#![allow(
    clippy::unwrap_used,
    reason = "tests may unwrap: a panic there is a failed test with its message"
)]

#[macro_use]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::Duration;

fn refused(args: &[&str]) -> String {
    let output = common::callspec(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn non_loopback_needs_the_flag() {
    let stderr = refused(&["mock", "--listen", "0.0.0.0:0"]);
    assert!(stderr.contains("--allow-non-loopback"), "{stderr}");
}

#[test]
fn bad_settings_are_usage_errors() {
    assert!(
        refused(&["mock", "--listen", "127.0.0.1:0", "--clock", "fixed:soon"]).contains("--clock")
    );
    assert!(refused(&["mock", "--listen", "127.0.0.1:0", "--mix", "valid=x"]).contains("--mix"));
    assert!(
        refused(&["mock", "--listen", "127.0.0.1:0", "--fault", "teapot=1"]).contains("--fault")
    );
    assert!(
        refused(&[
            "mock",
            "--listen",
            "127.0.0.1:0",
            "--credentials",
            "no-such-file.json"
        ])
        .contains("no-such-file.json")
    );
}

#[test]
fn serves_and_prints_its_address() {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("callspec"));
    let mut child = command
        .args(["mock", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line.trim().strip_prefix("http://").unwrap().to_owned();
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /v0/a1b2c3d4e5/calls/94e5928c-7f7e-4645-ad72-61010f906449 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nAccept: application/json;version=3\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(
        reply.contains("\"id\":\"94e5928c-7f7e-4645-ad72-61010f906449\""),
        "{reply}"
    );
}
