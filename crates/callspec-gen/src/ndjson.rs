//! The NDJSON fixture writer behind `callspec generate`: one generated payload per line,
//! deterministic for a seed, optionally wrapped with its expectation so a client written in any
//! language can check itself against the same cases.
//!
//! Line `i` of a run depends only on the seed, the resource selection, the kind and `i`: the
//! first N lines are the same whatever `count` is. With `ResourceSelector::All` the resources
//! take turns in id order.

use std::io::{self, BufWriter, Write};

use base64::Engine as _;

use crate::draw::{Draw, record_seed};
use crate::expect::Expectation;
use crate::generator::{Generator, Raw, RawBody};
use crate::kind::Kind;
use crate::payload::Generated;
use crate::registry;
use crate::select::{ResourceSelector, UnknownResource};

/// The generators of the selection: for [`ResourceSelector::All`], one per registered resource
/// ([`callspec::resources`]), so a resource without a generator is an error naming it rather
/// than silently left out.
fn selected(resource: ResourceSelector) -> io::Result<Vec<&'static Generator>> {
    let ids: Vec<&'static str> = match resource {
        ResourceSelector::All => callspec::resources().iter().map(|r| r.id).collect(),
        ResourceSelector::One(id) => vec![id],
    };
    ids.into_iter()
        .map(|id| {
            registry::generator(id).ok_or_else(|| {
                let message = if callspec::resource(id).is_some() {
                    format!("resource `{id}` has no generator")
                } else {
                    UnknownResource(id.to_owned()).to_string()
                };
                io::Error::new(io::ErrorKind::InvalidInput, message)
            })
        })
        .collect()
}

/// The payload on line `index` of `write_ndjson(_, resource, kind, _, seed, _)`, or `None` for
/// an unknown resource id.
pub fn nth(resource: ResourceSelector, kind: Kind, seed: u64, index: u64) -> Option<Generated> {
    let generators = selected(resource).ok()?;
    let generator = generators[(index % generators.len() as u64) as usize];
    Some(generator.generate(kind, None, &mut Draw::seeded(record_seed(seed, index))))
}

/// Writes `count` payloads of `kind` as NDJSON, deterministically for `seed`.
///
/// Without expectations each line is the body itself: compact JSON, or for byte-level
/// corruptions (`kind` invalid) the raw bytes, which never contain a line break.
///
/// With expectations each line is a JSON object:
///
/// ```text
/// {"case":NAME,"expect":{"verdict":V,"findings":[{"code":C,"pointer":P}]},"body":BODY}
/// ```
///
/// preceded by `"resource":ID` when `resource` is [`ResourceSelector::All`]. A body that is not
/// UTF-8 JSON has no `body`; instead `"body_text"` holds its text (invalid UTF-8 sequences
/// replaced by U+FFFD, so it is exact whenever the bytes are UTF-8) and `"body_base64"` its
/// exact bytes (standard alphabet, padded). Findings are sorted by pointer, then code.
///
/// Output is buffered here; a write error (such as a closed pipe) is returned as is.
pub fn write_ndjson(
    out: &mut impl Write,
    resource: ResourceSelector,
    kind: Kind,
    count: u64,
    seed: u64,
    with_expectations: bool,
) -> io::Result<()> {
    let generators = selected(resource)?;
    let name_resource = resource == ResourceSelector::All;
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut line = Vec::with_capacity(4096);
    for index in 0..count {
        let generator = generators[(index % generators.len() as u64) as usize];
        let raw = generator.generate_raw(kind, None, &mut Draw::seeded(record_seed(seed, index)));
        line.clear();
        if with_expectations {
            let resource = name_resource.then_some(generator.id);
            encode_expectation_line(&mut line, resource, raw);
        } else {
            encode_body(&mut line, &raw.body);
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()
}

fn encode_body(line: &mut Vec<u8>, body: &RawBody) {
    match body {
        RawBody::Json(json) => json.write(line),
        RawBody::Text(bytes) => line.extend_from_slice(bytes),
    }
}

fn string(line: &mut Vec<u8>, text: &str) {
    // Writing a string to memory cannot fail.
    let _ = serde_json::to_writer(&mut *line, text);
}

/// Writes one expectation line (without its newline).
fn encode_expectation_line(line: &mut Vec<u8>, resource: Option<&str>, raw: Raw<'_>) {
    let expect = Expectation::from_findings(raw.findings);
    line.push(b'{');
    if let Some(resource) = resource {
        line.extend_from_slice(b"\"resource\":");
        string(line, resource);
        line.push(b',');
    }
    line.extend_from_slice(b"\"case\":");
    string(line, raw.case);
    line.extend_from_slice(b",\"expect\":{\"verdict\":\"");
    line.extend_from_slice(expect.verdict.as_str().as_bytes());
    line.extend_from_slice(b"\",\"findings\":[");
    for (i, finding) in expect.findings.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        line.extend_from_slice(b"{\"code\":");
        string(line, finding.code.as_str());
        line.extend_from_slice(b",\"pointer\":");
        string(line, &finding.pointer);
        line.push(b'}');
    }
    line.extend_from_slice(b"]},");
    match &raw.body {
        RawBody::Json(_) => {
            line.extend_from_slice(b"\"body\":");
            encode_body(line, &raw.body);
        }
        RawBody::Text(bytes) => {
            line.extend_from_slice(b"\"body_text\":");
            string(line, &String::from_utf8_lossy(bytes));
            line.extend_from_slice(b",\"body_base64\":\"");
            line.extend_from_slice(
                base64::engine::general_purpose::STANDARD
                    .encode(bytes)
                    .as_bytes(),
            );
            line.push(b'"');
        }
    }
    line.push(b'}');
}
