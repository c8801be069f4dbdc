//! The same proposed overlays applied to the published schema by an independent Overlay
//! implementation, `openapi-format` from the npm registry, give the same amended schema as
//! callspec's. Needs `node` and the package under `target/npm` (see `interop/README.md`);
//! without them the test says why it is skipped and passes, unless `CALLSPEC_REQUIRE_INTEROP`
//! is set (as `cargo xtask validate` sets it after installing the package).

use std::path::{Path, PathBuf};
use std::process::Command;

use callspec::overlay::Overlay;
use callspec_drift::{Collector, Thresholds, propose};
use callspec_gen::Kind;
use callspec_validate::{Engine, Options};
use serde_json::{Value, json};

const ID: &str = "bandwidth/voice-v2/call-state";

fn prefix() -> PathBuf {
    match std::env::var_os("CALLSPEC_NPM_PREFIX") {
        Some(prefix) => PathBuf::from(prefix),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/npm"),
    }
}

/// Why the test cannot run here, if it cannot.
fn missing(prefix: &Path) -> Option<String> {
    match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        _ => return Some("`node` is not on PATH".to_owned()),
    }
    let package = prefix.join("node_modules/openapi-format/package.json");
    let Ok(text) = std::fs::read_to_string(&package) else {
        return Some(format!(
            "openapi-format is not installed at {} (run `npm install --prefix target/npm \
             openapi-format@1.33.6`, or `cargo xtask validate`)",
            prefix.display()
        ));
    };
    let version = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|p| p["version"].as_str().map(str::to_owned))
        .unwrap_or_default();
    if !version.starts_with("1.33.") {
        return Some(format!(
            "openapi-format {version} is installed; the test pins 1.33.x"
        ));
    }
    None
}

/// A log with drift to acknowledge and contract violations to relax, at known rates.
fn log() -> Vec<Vec<u8>> {
    (0..80u64)
        .map(|i| {
            let generated = callspec_gen::sample(ID, Kind::Valid, i).expect("a known resource");
            let mut body: Value = generated.body.json().expect("a JSON body").clone();
            if i % 3 == 0 {
                body["enqueuedTime"] = json!("2019-10-21T16:45:10.123Z");
            }
            if i % 4 == 0 {
                body["disconnectCause"] = json!("carrier-rejected");
            }
            if i % 5 == 0 {
                body["accountId"] = Value::Null;
            }
            if i % 10 == 1 {
                body.as_object_mut()
                    .expect("an object")
                    .remove("applicationId");
            }
            if i % 20 == 2 {
                body["callId"] = json!(12345);
            }
            if i % 25 == 7 {
                body["direction"] = Value::Null;
            }
            if i == 3 {
                body["direction"] = json!("sideways");
            }
            serde_json::to_vec(&body).expect("a body serializes")
        })
        .collect()
}

fn openapi_format(prefix: &Path, schema: &Value, overlay: &Value) -> Value {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let schema_path = dir.path().join("schema.json");
    let overlay_path = dir.path().join("overlay.json");
    std::fs::write(&schema_path, schema.to_string()).expect("written");
    std::fs::write(&overlay_path, overlay.to_string()).expect("written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("interop/apply-overlay.js");
    let output = Command::new("node")
        .arg(script)
        .arg(prefix)
        .arg(&schema_path)
        .arg(&overlay_path)
        .output()
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "openapi-format failed: {stderr}");
    assert!(stderr.is_empty(), "openapi-format: {stderr}");
    serde_json::from_slice(&output.stdout).expect("openapi-format prints JSON")
}

#[test]
fn openapi_format_amends_the_schema_as_callspec_does() {
    let prefix = prefix();
    if let Some(why) = missing(&prefix) {
        assert!(
            std::env::var_os("CALLSPEC_REQUIRE_INTEROP").is_none(),
            "CALLSPEC_REQUIRE_INTEROP is set, but {why}"
        );
        eprintln!("skipped: {why}");
        return;
    }
    let engine = Engine::new(Options {
        resource: Some(ID.to_owned()),
        ..Options::default()
    })
    .expect("the catalog compiles");
    let mut collector = Collector::new(&engine);
    for (i, body) in log().iter().enumerate() {
        collector.add_bytes("log.ndjson", i as u64 + 1, body);
    }
    let proposals = propose(&collector.finish(), Thresholds::default());
    let proposal = proposals
        .iter()
        .find(|p| p.resource == ID)
        .expect("a proposal");
    let published = callspec::resource(ID)
        .expect("a resource")
        .schema()
        .to_value();
    let mut compared = 0;
    for document in [&proposal.acknowledge, &proposal.relax] {
        let document = document.as_ref().expect("both kinds are proposed");
        let overlay = Overlay::from_document(document).expect("a valid overlay");
        let mut ours = published.clone();
        let applied = overlay.apply(&mut ours);
        assert!(applied.unmatched().is_empty(), "{applied:?}");
        assert_ne!(ours, published);
        let theirs = openapi_format(&prefix, &published, document);
        assert_eq!(
            ours, theirs,
            "{}: callspec and openapi-format disagree",
            document["x-callspec-kind"]
        );
        compared += document["actions"].as_array().map_or(0, Vec::len);
    }
    // Acknowledge: a known value, a property and its listing; relax: nullable, widened, a
    // `$ref` moved into an `anyOf` (two actions), optional, a closed-enum value.
    assert_eq!(compared, 9);
}
