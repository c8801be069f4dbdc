//! `cargo xtask sdk-matrix`: the SDK survival matrix. Installs the providers' official SDKs
//! that the registries offer (pinned versions, into `target/sdk-matrix/`), starts `callspec
//! mock`, runs each SDK against every named edge, drift and invalid case of its resource, and
//! writes which SDK crashes, accepts silently or reports the problem on which case to
//! `crates/callspec-mock/SDK-MATRIX.md`. Needs `python3` (with `venv`), `node` and `npm`, and
//! the package registries; it is not part of CI.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

/// Python packages, pinned: Bandwidth's Voice v2 SDK, and the Twilio client that SignalWire's
/// LaML API is compatible with (SignalWire's own Python package wraps it).
const PIP: &[&str] = &[
    "bandwidth-sdk==23.3.1",
    "twilio==9.13.0",
    "requests==2.34.2",
];
/// npm packages, pinned: Bandwidth's client for Catapult v1.
const NPM: &[&str] = &["node-bandwidth@4.0.0"];

pub(crate) fn run(args: &[&str]) -> anyhow::Result<()> {
    if !args.is_empty() {
        bail!("sdk-matrix takes no arguments");
    }
    let root = crate::root();
    let work = root.join("target/sdk-matrix");
    std::fs::create_dir_all(work.join("node")).context("creating target/sdk-matrix")?;
    let python = work.join("py/bin/python");
    if !python.exists() {
        step(
            Command::new("python3")
                .args(["-m", "venv"])
                .arg(work.join("py")),
        )?;
    }
    step(
        Command::new(&python)
            .args(["-m", "pip", "install", "-q"])
            .args(PIP),
    )?;
    if !work.join("node/package.json").exists() {
        std::fs::write(work.join("node/package.json"), "{\"private\": true}\n")?;
    }
    step(
        Command::new("npm")
            .current_dir(work.join("node"))
            .args(["install", "--no-audit", "--no-fund", "--silent"])
            .args(NPM),
    )?;
    std::fs::write(work.join("drive.py"), DRIVER_PY)?;
    std::fs::write(work.join("node/catapult.js"), DRIVER_JS)?;

    let mut mock = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "run",
            "-q",
            "-p",
            "callspec-cli",
            "--",
            "mock",
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting callspec mock")?;
    let mut line = String::new();
    let read = mock
        .stdout
        .take()
        .map(|out| BufReader::new(out).read_line(&mut line));
    let result = match read {
        Some(Ok(n)) if n > 0 => step(
            Command::new(&python)
                .arg(work.join("drive.py"))
                .arg(line.trim())
                .arg(work.join("node"))
                .arg(root.join("crates/callspec-mock/SDK-MATRIX.md")),
        ),
        _ => Err(anyhow::anyhow!("callspec mock printed no address")),
    };
    let _ = mock.kill();
    let _ = mock.wait();
    result?;
    println!("wrote crates/callspec-mock/SDK-MATRIX.md");
    Ok(())
}

fn step(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(())
}

/// Drives the Python SDKs and plain HTTP clients, runs the Node driver, writes the matrix.
const DRIVER_PY: &str = r#####"
import datetime, importlib.metadata as md, json, subprocess, sys
import requests

base, node_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]
catalog = requests.get(base + "/__admin/cases").json()

def cases(resource):
    for entry in catalog:
        if entry["resource"] == resource:
            return [(c["name"], c["kind"]) for c in entry["cases"]]
    return []

def verdict(url, headers):
    r = requests.get(url, headers=headers)
    return r.headers.get("X-Callspec-Expect-Verdict", "?")

def outcome(call, reported):
    try:
        value = call()
        return "accepted", type(value).__name__
    except reported as e:
        return "reported", type(e).__name__
    except Exception as e:  # anything else escaped the client: a crash
        return "crashed", type(e).__name__

rows = []

def run(sdk, resource, url_of, headers, call_of, reported):
    for name, kind in cases(resource):
        v = verdict(url_of(name), headers)
        result, detail = outcome(lambda: call_of(name), reported)
        rows.append({"sdk": sdk, "resource": resource, "case": name, "kind": kind,
                     "verdict": v, "outcome": result, "detail": detail})

# Bandwidth Voice v2: bandwidth-sdk (OpenAPI-generated, pydantic models).
import bandwidth, pydantic
bw_conf = bandwidth.Configuration(host=base + "/api/v2", username="sdk", password="secret",
                                  ignore_operation_servers=True)
bw = bandwidth.CallsApi(bandwidth.ApiClient(bw_conf))
basic = {"Authorization": requests.auth._basic_auth_str("sdk", "secret")}
run("bandwidth-sdk " + md.version("bandwidth-sdk"), "bandwidth/voice-v2/call-state",
    lambda n: f"{base}/api/v2/accounts/9900000/calls/c-sdk~{n}", basic,
    lambda n: bw.get_call_state("9900000", f"c-sdk~{n}"),
    (bandwidth.exceptions.OpenApiException, pydantic.ValidationError))

# SignalWire LaML: the Twilio client, pointed at the LaML base path.
from twilio.rest import Client as Twilio
from twilio.base.exceptions import TwilioException
project = "b3877c40-da60-4998-90ad-b792e98472af"
sid = "d4e5f6a7-1b2c-4d3e-8f90-a1b2c3d4e5f6"
tw = Twilio(project, "token")
tw.api.base_url = base + "/api/laml"
tw_auth = {"Authorization": requests.auth._basic_auth_str(project, "token")}
run("twilio " + md.version("twilio"), "signalwire/laml-2010-04-01/call",
    lambda n: f"{base}/api/laml/2010-04-01/Accounts/{project}/Calls/{sid}~{n}.json", tw_auth,
    lambda n: tw.api.v2010.accounts(project).calls(f"{sid}~{n}").fetch().status,
    (TwilioException,))

# Apifonica and Vonage publish no SDK: requests plus a minimal reader of documented fields.
def apifonica(n):
    r = requests.get(f"{base}/v2/accounts/acc1/calls/call-sdk~{n}", auth=("acc1", "secret"))
    r.raise_for_status()
    d = r.json()
    return (d["call_sid"], d["status"].upper(), int(d["duration"] or 0), (d["price"] or 0) + 0)

run("requests " + md.version("requests") + " (Apifonica)", "apifonica/v2/call",
    lambda n: f"{base}/v2/accounts/acc1/calls/call-sdk~{n}", {"Authorization": requests.auth._basic_auth_str("acc1", "secret")},
    apifonica, (requests.RequestException, ValueError))

guid = "94e5928c-7f7e-4645-ad72-61010f906449"
vonage_headers = {"Authorization": "Bearer sdk-token", "Accept": "application/json;version=3"}
def vonage(n):
    r = requests.get(f"{base}/v0/a1b2c3d4e5/calls/{guid}~{n}", headers=vonage_headers)
    r.raise_for_status()
    d = r.json()
    return (d["id"], d["links"][0]["href"], d["from"].get("telephoneNumber"), d["to"].get("telephoneNumber"))

run("requests " + md.version("requests") + " (Vonage)", "vonage/v0/call-detail",
    lambda n: f"{base}/v0/a1b2c3d4e5/calls/{guid}~{n}", vonage_headers,
    vonage, (requests.RequestException, ValueError))

# Catapult v1: node-bandwidth.
catapult = "bandwidth/catapult-v1/list-calls"
listed = []
cat_auth = {"Authorization": requests.auth._basic_auth_str("token", "secret")}
for name, kind in cases(catapult):
    listed.append([name, kind, verdict(f"{base}/v1/users/u-sdk/calls/?__case={requests.utils.quote(name)}", cat_auth)])
node = subprocess.run(["node", "catapult.js", base, json.dumps(listed)], cwd=node_dir,
                      capture_output=True, text=True, check=True)
node_version = json.load(open(f"{node_dir}/node_modules/node-bandwidth/package.json"))["version"]
for line in node.stdout.splitlines():
    r = json.loads(line)
    r.update({"sdk": "node-bandwidth " + node_version, "resource": catapult})
    rows.append(r)

# The matrix.
def label(r):
    good = r["verdict"] in ("valid", "drift")
    if r["outcome"] == "crashed":
        return "crashes"
    if r["outcome"] == "accepted":
        return "ok" if good else "accepts silently"
    return "rejects valid" if good else "reports"

sdks = []
for r in rows:
    if r["sdk"] not in sdks:
        sdks.append(r["sdk"])
cols = ["ok", "reports", "accepts silently", "crashes", "rejects valid"]
lines = ["# SDK survival matrix", "",
         f"Generated by `cargo xtask sdk-matrix` on {datetime.date.today().isoformat()} against `callspec mock` (seed 0).",
         "Each SDK fetched every named edge, drift and invalid case of its resource (the case in the call id, `?__case=` for",
         "Catapult's list). `ok`: a valid or drift body accepted; `reports`: an invalid body refused with the client's own",
         "error; `accepts silently`: an invalid body returned as if valid; `crashes`: another exception escaped the client",
         "(TypeError, KeyError, ...); `rejects valid`: a valid or drift body refused.", "",
         "| client | resource | cases | " + " | ".join(cols) + " |",
         "|---|---|---|" + "---|" * len(cols)]
for sdk in sdks:
    mine = [r for r in rows if r["sdk"] == sdk]
    counts = [sum(1 for r in mine if label(r) == c) for c in cols]
    lines.append(f"| {sdk} | `{mine[0]['resource']}` | {len(mine)} | " + " | ".join(str(c) for c in counts) + " |")
lines += ["", "## Every case", "", "| client | case | kind | verdict | outcome | detail |", "|---|---|---|---|---|---|"]
for r in rows:
    lines.append(f"| {r['sdk']} | `{r['case']}` | {r['kind']} | {r['verdict']} | {label(r)} | {r['detail']} |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines[:10 + len(sdks)]))
"#####;

/// Drives node-bandwidth's `Call.list` through every Catapult list case; one NDJSON line each.
const DRIVER_JS: &str = r#####"
const Bandwidth = require("node-bandwidth");
const UnexpectedResponseError = require("node-bandwidth/lib/unexpectedResponseError");
const RateLimitError = require("node-bandwidth/lib/RateLimitError");
const [base, listed] = [process.argv[2], JSON.parse(process.argv[3])];
const client = new Bandwidth({ userId: "u-sdk", apiToken: "token", apiSecret: "secret", baseUrl: base });
(async () => {
  for (const [name, kind, verdict] of listed) {
    let outcome, detail;
    try {
      const body = await client.Call.list({ __case: name });
      outcome = "accepted";
      detail = Array.isArray(body) ? "array" : typeof body;
    } catch (e) {
      const own = e instanceof UnexpectedResponseError || e instanceof RateLimitError;
      outcome = own ? "reported" : "crashed";
      detail = e.name || e.constructor.name;
    }
    console.log(JSON.stringify({ case: name, kind, verdict, outcome, detail }));
  }
})();
"#####;
