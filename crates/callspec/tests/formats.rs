//! The format vectors of `corpus/formats/`: every string judged by callspec's format check, the
//! typed parser and the portable `pattern` (in an ECMA-262 engine and in Rust's `regex`), each
//! against the verdict the vector file gives with the RFC section that decides it.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::{Path, PathBuf};

use callspec_core::address::AddressFormat;
use callspec_core::schema::formats;
use callspec_core::time::RFC2822_PATTERN;
use callspec_core::{
    E164Number, E164OrSip, E164OrSipUri, InternationalOrSipUri, PhoneNumber, Rfc2822, Rfc3339, Uri,
    UriReference, Uuid,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorFile {
    format: String,
    description: String,
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    data: String,
    valid: bool,
    rule: String,
    #[serde(default)]
    comment: Option<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/formats")
}

fn files() -> Vec<(PathBuf, VectorFile)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let file: VectorFile =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, file)
        })
        .collect()
}

/// The typed parser of a format.
fn typed(format: &str) -> fn(&str) -> bool {
    match format {
        "date-time" => |t| Rfc3339::parse(t).is_ok(),
        "rfc2822-date-time" => |t| Rfc2822::parse(t).is_ok(),
        "uuid" => |t| Uuid::parse(t).is_ok(),
        "uri" => |t| Uri::parse(t).is_ok(),
        "uri-reference" => |t| UriReference::parse(t).is_ok(),
        "e164" => |t| E164Number::parse(t).is_ok(),
        "e164-or-sip-uri" => |t| E164OrSipUri::parse(t).is_ok(),
        "e164-or-sip" => |t| E164OrSip::parse(t).is_ok(),
        "international-number-or-sip-uri" => |t| InternationalOrSipUri::parse(t).is_ok(),
        "phone-number" => |t| PhoneNumber::parse(t).is_ok(),
        other => panic!("no typed parser known for format `{other}`"),
    }
}

/// The portable pattern a schema publishes beside the format, and whether it is exact (accepts
/// exactly what the format accepts) or only never stricter.
fn pattern(format: &str) -> Option<(String, bool)> {
    if format == "rfc2822-date-time" {
        return Some((RFC2822_PATTERN.to_owned(), false));
    }
    AddressFormat::ALL
        .into_iter()
        .find(|f| f.name() == format)
        .map(|f| (f.pattern(), true))
}

#[test]
fn every_format_has_vectors() {
    let files = files();
    for format in formats() {
        let count = files
            .iter()
            .find(|(_, f)| f.format == format.name)
            .map_or(0, |(_, f)| f.vectors.len());
        assert!(
            count >= 20,
            "corpus/formats has {count} vectors for `{}`",
            format.name
        );
    }
}

#[test]
fn vectors_agree_with_format_typed_parser_and_pattern() {
    let mut failures = Vec::new();
    let mut loose = 0usize;
    for (path, file) in files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            name,
            format!("{}.json", file.format),
            "a vector file is named after its format"
        );
        assert!(!file.description.is_empty(), "{name}: a description");
        let format = formats()
            .into_iter()
            .find(|f| f.name == file.format)
            .unwrap_or_else(|| panic!("{name}: callspec has no format `{}`", file.format));
        let typed = typed(&file.format);
        let pattern = pattern(&file.format).map(|(source, exact)| {
            let ecma = regress::Regex::with_flags(&source, "u")
                .unwrap_or_else(|e| panic!("{name}: the pattern is not ECMA-262: {e}"));
            let rust = regex::Regex::new(&source).unwrap();
            (ecma, rust, exact)
        });
        let mut seen = std::collections::HashSet::new();
        for v in &file.vectors {
            let at = format!("{name}: {:?} ({})", v.data, v.rule);
            if !seen.insert(&v.data) {
                failures.push(format!("{at}: listed twice"));
            }
            if !(v.rule.contains("RFC") || v.rule.contains("ITU") || v.rule.contains("SIP")) {
                failures.push(format!("{at}: the rule names no RFC section"));
            }
            if let Some(comment) = &v.comment
                && comment.is_empty()
            {
                failures.push(format!("{at}: an empty comment"));
            }
            if (format.check)(&v.data) != v.valid {
                failures.push(format!("{at}: the format says {}", !v.valid));
            }
            if typed(&v.data) != v.valid {
                failures.push(format!("{at}: the typed parser says {}", !v.valid));
            }
            if let Some((ecma, rust, exact)) = &pattern {
                let by_ecma = ecma.find(&v.data).is_some();
                let by_rust = rust.is_match(&v.data);
                if by_ecma != by_rust {
                    failures.push(format!("{at}: ECMA-262 says {by_ecma}, regex {by_rust}"));
                }
                if v.valid && !by_ecma {
                    failures.push(format!("{at}: the pattern rejects a valid string"));
                }
                if !v.valid && by_ecma {
                    if *exact {
                        failures.push(format!("{at}: the exact pattern accepts it"));
                    } else {
                        loose += 1;
                    }
                }
            }
        }
    }
    println!(
        "invalid vectors the RFC 2822 pattern accepts (calendar, leap seconds, nesting): {loose}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
