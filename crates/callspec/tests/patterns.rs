//! Every `pattern` published under `specs/` runs in linear time in a backtracking ECMA-262
//! engine (`regress`) and in Python's `re`: each is matched against adversarial inputs of 10 kB
//! (repetitions of the pieces its repetitions and alternatives are made of, with and without a
//! failing last character) under a watchdog far above what a linear match needs, and the
//! slowest match of each pattern is printed. Python's `re` runs too when `python3` is installed.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long one pattern's whole adversarial set may take before the test calls it stuck. A
/// linear pattern needs a few hundred milliseconds in a debug build; a catastrophic one hours.
const WATCHDOG: Duration = Duration::from_secs(120);
/// The size of each adversarial input.
const SIZE: usize = 10_000;

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(p)) = map.get("pattern") {
                out.push(p.clone());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn walk(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            collect(&value, out);
        }
    }
}

/// Every distinct pattern of `specs/`.
fn patterns() -> Vec<String> {
    let mut out = Vec::new();
    walk(&specs_dir(), &mut out);
    out.sort();
    out.dedup();
    assert!(out.len() >= 5, "specs/ holds the address and date patterns");
    out
}

const PREFIXES: &[&str] = &[
    "",
    "sip:",
    "sip:a@",
    "sip:a@b",
    "sip:a@b.c;transport=",
    "sip:a@b.c;x=",
    "sip:a@b.c?x=",
    "sip:a@[",
    "+",
    "Fri, ",
    "21 Apr 2017",
    "21 Apr 2017 13:01",
    "21 Apr 2017 13:01:25",
    "21 Apr 2017 13:01:25 +0000",
    "(",
    "X-",
];

const FILLERS: &[&str] = &[
    " ",
    "\t",
    "\r\n ",
    "(",
    ")",
    "()",
    "(a)",
    "(\\a)",
    "a",
    "1",
    "0",
    "a.",
    "1.",
    "a-",
    "-",
    ";",
    ";a",
    ";a=b",
    ";transport=%41",
    ";transport=a",
    ";transport=%",
    ";t",
    "%41",
    "%4",
    ":",
    "::",
    "1:",
    "[",
    "+1",
    "sip:",
    "@",
    "a@",
    "Jan ",
    "Fri, ",
    "01 ",
    "01:",
    "+0000 ",
    "((",
    "(a(",
    "\\",
    "`",
    "?a=b&",
    "&a=b",
    "00",
    "1.1.1.",
    "a:",
    "(\r\n ",
];

/// The adversarial inputs: each prefix, a filler repeated to 10 kB, then nothing or `!`.
fn inputs() -> Vec<String> {
    let mut out = Vec::new();
    for prefix in PREFIXES {
        for filler in FILLERS {
            let mut body = (*prefix).to_owned();
            while body.len() < SIZE {
                body.push_str(filler);
            }
            out.push(body.clone());
            body.push('!');
            out.push(body);
        }
    }
    out
}

#[test]
fn every_published_pattern_is_linear_in_a_backtracking_engine() {
    let inputs = inputs();
    for pattern in patterns() {
        let regex = regress::Regex::with_flags(&pattern, "u")
            .unwrap_or_else(|e| panic!("not an ECMA-262 pattern ({e}): {pattern}"));
        let (send, receive) = mpsc::channel();
        let work = inputs.clone();
        std::thread::spawn(move || {
            let mut slowest = (Duration::ZERO, 0usize);
            for (i, input) in work.iter().enumerate() {
                let start = Instant::now();
                let _ = regex.find(input);
                let took = start.elapsed();
                if took > slowest.0 {
                    slowest = (took, i);
                }
            }
            let _ = send.send(slowest);
        });
        let Ok((slowest, index)) = receive.recv_timeout(WATCHDOG) else {
            panic!(
                "the pattern did not finish {} inputs of 10 kB in {WATCHDOG:?}: {pattern}",
                inputs.len()
            );
        };
        let shown: String = pattern.chars().take(60).collect();
        let input: String = inputs[index].chars().take(40).collect();
        println!(
            "regress: slowest of {} inputs {slowest:?} on {input:?}...: {shown}...",
            inputs.len()
        );
    }
}

#[test]
fn python_re_runs_every_pattern_in_linear_time() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if python.is_err() {
        println!("skipped: python3 is not installed, so Python's re is not checked");
        return;
    }
    let dir = std::env::temp_dir().join(format!("callspec-patterns-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("cases.json");
    let cases = serde_json::json!({ "patterns": patterns(), "inputs": inputs() });
    std::fs::write(&data, cases.to_string()).unwrap();
    let script = r#"
import json, re, signal, sys, time
cases = json.load(open(sys.argv[1]))
signal.signal(signal.SIGALRM, lambda *_: sys.exit("watchdog: a pattern took over 120 s"))
for p in cases["patterns"]:
    signal.alarm(120)
    r = re.compile(p)
    slowest = 0.0
    for s in cases["inputs"]:
        t = time.perf_counter()
        r.search(s)
        slowest = max(slowest, time.perf_counter() - t)
    signal.alarm(0)
    print("python re: slowest %.2f ms: %s..." % (slowest * 1000, p[:60]))
"#;
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&data)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    print!("{}", String::from_utf8_lossy(&output.stdout));
    assert!(
        output.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
