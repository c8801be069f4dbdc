//! Oracles the generator's tests judge payloads with, independent of the generator: callspec's
//! compiled schemas (jsonschema) with the finding semantics the validator implements, the
//! independent `boon` implementation with callspec's own formats registered, a drift walker
//! over the `x-callspec-*` annotations, and the typed round trip.

#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test binary uses part of the support"
)]

use std::collections::BTreeMap;
use std::error::Error;
use std::sync::LazyLock;

use callspec_core::finding::{Code, Verdict};
use callspec_gen::{Body, Expected, Generated};
use jsonschema::error::ValidationErrorKind;
use jsonschema::types::JsonType;
use serde_json::Value;

/// callspec's compiled schemas, by resource id.
static CALLSPEC: LazyLock<BTreeMap<&'static str, jsonschema::Validator>> = LazyLock::new(|| {
    callspec::resources()
        .iter()
        .map(|r| (r.id, callspec::compile(r).expect("schema compiles")))
        .collect()
});

/// callspec's formats that are not standard JSON Schema formats, registered with boon; boon
/// checks the standard ones (`date-time`, `uuid`, `uri`, `uri-reference`) itself.
static CUSTOM_FORMATS: LazyLock<Vec<callspec_core::schema::Format>> = LazyLock::new(|| {
    callspec_core::schema::formats()
        .into_iter()
        .filter(|f| !f.standard)
        .collect()
});

fn custom_format<const N: usize>(v: &Value) -> Result<(), Box<dyn Error>> {
    let Value::String(text) = v else {
        return Ok(());
    };
    let format = &CUSTOM_FORMATS[N];
    if (format.check)(text) {
        Ok(())
    } else {
        Err(format!("not a valid `{}`", format.name).into())
    }
}

type FormatCheck = fn(&Value) -> Result<(), Box<dyn Error>>;

const CUSTOM_CHECKS: [FormatCheck; 8] = [
    custom_format::<0>,
    custom_format::<1>,
    custom_format::<2>,
    custom_format::<3>,
    custom_format::<4>,
    custom_format::<5>,
    custom_format::<6>,
    custom_format::<7>,
];

struct Boon {
    schemas: boon::Schemas,
    index: BTreeMap<&'static str, boon::SchemaIndex>,
}

static BOON: LazyLock<Boon> = LazyLock::new(|| {
    assert!(CUSTOM_FORMATS.len() <= CUSTOM_CHECKS.len());
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    for (format, func) in CUSTOM_FORMATS.iter().zip(CUSTOM_CHECKS) {
        compiler.register_format(boon::Format {
            name: format.name,
            func,
        });
    }
    let mut index = BTreeMap::new();
    for resource in callspec::resources() {
        // The published file, as a foreign validator would read it.
        let path = format!(
            "{}/../../specs/{}",
            env!("CARGO_MANIFEST_DIR"),
            resource.spec_path()
        );
        let text = std::fs::read_to_string(&path).expect("spec file exists");
        let schema: Value = serde_json::from_str(&text).expect("spec is JSON");
        let url = schema["$id"].as_str().expect("schema has $id").to_owned();
        compiler
            .add_resource(&url, schema)
            .expect("boon adds the schema");
        let compiled = compiler
            .compile(&url, &mut schemas)
            .unwrap_or_else(|e| panic!("boon compiles {}: {e}", resource.id));
        index.insert(resource.id, compiled);
    }
    Boon { schemas, index }
});

/// boon's verdict on a JSON body: `Ok` or its error message.
pub fn boon(resource: &str, body: &Value) -> Result<(), String> {
    let boon = &*BOON;
    boon.schemas
        .validate(body, boon.index[resource])
        .map_err(|e| format!("{e:#}"))
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn findings_of(error: &jsonschema::ValidationError<'_>, out: &mut Vec<Expected>) {
    let at = error.instance_path().as_str().to_owned();
    let code = match error.kind() {
        ValidationErrorKind::Type { .. } => Code::ContractType,
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            out.push(Expected::new(
                Code::ContractRequired,
                format!("{at}/{}", escape(name)),
            ));
            return;
        }
        ValidationErrorKind::Enum { .. } => Code::ContractEnum,
        ValidationErrorKind::Format { .. } => Code::ContractFormat,
        ValidationErrorKind::Pattern { .. } => Code::ContractPattern,
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::MinItems { .. }
        | ValidationErrorKind::MaxItems { .. }
        | ValidationErrorKind::MinProperties { .. }
        | ValidationErrorKind::MaxProperties { .. } => Code::ContractRange,
        ValidationErrorKind::PropertyNames { error: inner } => {
            // The finding names the member: the object's pointer and the name.
            let name = inner.instance().as_str().unwrap_or_default().to_owned();
            let mut inner_findings = Vec::new();
            findings_of(inner, &mut inner_findings);
            for f in inner_findings {
                out.push(Expected::new(f.code, format!("{at}/{}", escape(&name))));
            }
            return;
        }
        ValidationErrorKind::AnyOf { context } => {
            // A nullable field reports what its non-null branch raises; of several non-null
            // branches (`callbackUrl`), the most specific finding wins.
            let mut branch_findings = Vec::new();
            for branch in context {
                let null_branch = branch.len() == 1
                    && matches!(
                        branch[0].kind(),
                        ValidationErrorKind::Type {
                            kind: jsonschema::error::TypeKind::Single(JsonType::Null)
                        }
                    );
                if null_branch {
                    continue;
                }
                for e in branch {
                    findings_of(e, &mut branch_findings);
                }
            }
            let has_format = branch_findings
                .iter()
                .any(|f| f.code == Code::ContractFormat);
            branch_findings.retain(|f| !(has_format && f.code == Code::ContractRange));
            out.extend(branch_findings);
            return;
        }
        // Any other keyword is `contract/schema`, as the validator has it.
        _ => Code::ContractSchema,
    };
    out.push(Expected::new(code, at));
}

/// The contract findings callspec's schemas give `body`, with the validator's rules: a value
/// that fails its format and its portable pattern is only `contract/format`, and a wrong type is
/// the one finding at its pointer (a null in a closed enum is not also `contract/enum`).
pub fn contract_findings(resource: &str, body: &Value) -> Vec<Expected> {
    let validator = &CALLSPEC[resource];
    let mut out = Vec::new();
    for error in validator.iter_errors(body) {
        findings_of(&error, &mut out);
    }
    let formats: Vec<String> = out
        .iter()
        .filter(|f| f.code == Code::ContractFormat)
        .map(|f| f.pointer.clone())
        .collect();
    let types: Vec<String> = out
        .iter()
        .filter(|f| f.code == Code::ContractType)
        .map(|f| f.pointer.clone())
        .collect();
    out.retain(|f| !(f.code == Code::ContractPattern && formats.contains(&f.pointer)));
    out.retain(|f| {
        f.code == Code::ContractType
            || f.code == Code::ContractRequired
            || !types.contains(&f.pointer)
    });
    out.sort();
    out.dedup();
    out
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => root
            .pointer(r.trim_start_matches('#'))
            .map_or(node, |n| resolve(root, n)),
        None => node,
    }
}

fn drift_walk(root: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<Expected>) {
    let schema = resolve(root, schema);
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        for branch in branches {
            drift_walk(root, branch, value, at, out);
        }
    }
    if let (Some(known), Value::String(text)) = (
        schema
            .get(callspec_core::schema::KNOWN_VALUES)
            .and_then(Value::as_array),
        value,
    ) && !known.iter().any(|k| k == text)
    {
        out.push(Expected::new(Code::DriftUnknownValue, at));
    }
    if let Value::Object(members) = value {
        let properties = schema.get("properties");
        if let Some(known) = schema
            .get(callspec_core::schema::KNOWN_PROPERTIES)
            .and_then(Value::as_array)
        {
            for (name, child) in members {
                let pointer = format!("{at}/{}", escape(name));
                if known.iter().any(|k| k == name) {
                    if let Some(child_schema) = properties.and_then(|p| p.get(name)) {
                        drift_walk(root, child_schema, child, &pointer, out);
                    }
                } else {
                    out.push(Expected::new(Code::DriftUnknownField, pointer));
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            drift_walk(root, item_schema, item, &format!("{at}/{i}"), out);
        }
    }
}

/// The drift findings of a contract-valid body: unknown members where the schema lists the
/// known ones, unknown values of open enums.
pub fn drift_findings(resource: &str, body: &Value) -> Vec<Expected> {
    let schema = callspec::resource(resource)
        .expect("resource exists")
        .schema()
        .to_value();
    let mut out = Vec::new();
    drift_walk(&schema, &schema, body, "", &mut out);
    out.sort();
    out.dedup();
    out
}

/// Everything the oracles say about a generated payload: the findings and the verdict a
/// validator with callspec's semantics gives.
pub fn judge(resource: &str, body: &Body) -> (Verdict, Vec<Expected>) {
    let value = match body {
        Body::Json(value) => value.clone(),
        Body::Text(bytes) => {
            let code = match std::str::from_utf8(bytes) {
                Err(_) => Code::SyntaxUtf8,
                Ok(text) => match serde_json::from_str::<Value>(text) {
                    Err(_) => Code::SyntaxJson,
                    // A text body that parses is judged as JSON.
                    Ok(value) => return judge(resource, &Body::Json(value)),
                },
            };
            return (Verdict::Unreadable, vec![Expected::new(code, "")]);
        }
    };
    let contract = contract_findings(resource, &value);
    if !contract.is_empty() {
        return (Verdict::Invalid, contract);
    }
    let drift = drift_findings(resource, &value);
    let verdict = if drift.is_empty() {
        Verdict::Valid
    } else {
        Verdict::Drift
    };
    (verdict, drift)
}

/// Checks a generated payload against every oracle; returns what is wrong, if anything.
pub fn check(g: &Generated) -> Result<(), String> {
    let (verdict, findings) = judge(g.resource, &g.body);
    // The schema oracle knows the contract, not the semantic rules (the engine's round trip
    // checks those): compare what the contract half expects.
    let mut expected: Vec<Expected> = g
        .expect
        .findings
        .iter()
        .filter(|e| !e.code.is_semantic())
        .cloned()
        .collect();
    expected.sort();
    let contract_verdict = Verdict::of(expected.iter().map(|e| e.code));
    if verdict != contract_verdict || findings != expected {
        return Err(format!(
            "{} `{}`: expected {} {:?}, the schema oracle says {} {:?}\nbody: {}",
            g.resource,
            g.case,
            g.expect.verdict,
            expected,
            verdict,
            findings,
            String::from_utf8_lossy(&g.body.to_bytes()),
        ));
    }
    if let Body::Json(value) = &g.body
        && matches!(g.expect.verdict, Verdict::Valid | Verdict::Drift)
    {
        // The published schema carries the state-and-fields rules as `if`/`then`: boon
        // enforces them as well.
        boon(g.resource, value).map_err(|e| {
            format!(
                "{} `{}`: boon rejects a contract-valid payload: {e}\nbody: {value}",
                g.resource, g.case
            )
        })?;
        let resource = callspec::resource(g.resource).expect("resource exists");
        match resource.typed_round_trip(value.clone()) {
            Ok(back) if back == *value => {}
            // Serde drops unknown members, so a drift payload only has to be accepted.
            Ok(_) if g.expect.verdict == Verdict::Drift => {}
            Ok(back) => {
                return Err(format!(
                    "{} `{}`: the typed round trip changed the payload\nbefore: {value}\nafter:  {back}",
                    g.resource, g.case
                ));
            }
            Err(e) => {
                return Err(format!(
                    "{} `{}`: the typed model rejects a contract-valid payload: {e}\nbody: {value}",
                    g.resource, g.case
                ));
            }
        }
    }
    Ok(())
}
