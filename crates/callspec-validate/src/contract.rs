//! Turns the jsonschema crate's errors into callspec findings with stable codes: a missing
//! field at the pointer it would have, the failing branch of a nullable `anyOf` instead of the
//! `anyOf` itself, one `contract/format` where a value fails its format and its portable
//! pattern, a property-name violation at the member it names.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::finding::{Code, Finding};
use crate::pointer::child;

/// Every contract finding of `instance` against `validator`, in document order, deduplicated.
pub(crate) fn findings(validator: &jsonschema::Validator, instance: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    for error in validator.iter_errors(instance) {
        map(&error, &mut out);
    }
    tidy(&mut out);
    out
}

/// Keeps one root cause per value: a wrong type says it all (a `null` in a closed enum is not
/// also outside the enum), and a format failure says what its portable pattern says. Exact
/// repeats are dropped.
fn tidy(out: &mut Vec<Finding>) {
    let pointers = |code: Code, out: &[Finding]| -> Vec<String> {
        out.iter()
            .filter(|f| f.code == code)
            .map(|f| f.pointer.clone())
            .collect()
    };
    let types = pointers(Code::ContractType, out);
    let formats = pointers(Code::ContractFormat, out);
    out.retain(|f| {
        let shadowed_by_type = f.code != Code::ContractType
            && f.code != Code::ContractRequired
            && types.contains(&f.pointer);
        let shadowed_by_format = f.code == Code::ContractPattern && formats.contains(&f.pointer);
        !shadowed_by_type && !shadowed_by_format
    });
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert((f.code, f.pointer.clone())));
}

fn map(error: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let pointer = error.instance_path().as_str().to_owned();
    let schema = error.schema_path().as_str().to_owned();
    let actual = render(error.instance());
    let finding = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            Finding::new(
                Code::ContractRequired,
                child(&pointer, name),
                format!("required field `{name}` is missing"),
            )
            .expected(format!("a field `{name}`"))
            .actual("nothing")
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(ts) => {
                    let names: Vec<String> = ts.into_iter().map(|t| t.to_string()).collect();
                    names.join(" or ")
                }
            };
            type_finding(pointer, expected, error.instance())
        }
        ValidationErrorKind::AnyOf { context } => return any_of(error, context, out),
        ValidationErrorKind::Enum { options } => Finding::new(
            Code::ContractEnum,
            pointer,
            format!("{actual} is not one of the allowed values"),
        )
        .expected(format!("one of {}", list(options)))
        .actual(actual),
        ValidationErrorKind::Constant { expected_value } => Finding::new(
            Code::ContractEnum,
            pointer,
            format!("{actual} is not the allowed value"),
        )
        .expected(render(expected_value))
        .actual(actual),
        ValidationErrorKind::Format { format } => Finding::new(
            Code::ContractFormat,
            pointer,
            format!("{actual} is not a valid `{format}`"),
        )
        .expected(format!("format `{format}`"))
        .actual(actual),
        ValidationErrorKind::Pattern { pattern } => Finding::new(
            Code::ContractPattern,
            pointer,
            format!("{actual} does not match the pattern"),
        )
        .expected(format!("a string matching `{pattern}`"))
        .actual(actual),
        ValidationErrorKind::PropertyNames { error: inner } => {
            let name = inner.instance().as_str().unwrap_or_default().to_owned();
            let mut nested = Vec::new();
            map(inner, &mut nested);
            for mut finding in nested {
                finding.pointer = child(&pointer, &name);
                finding.message = format!("field name `{name}`: {}", finding.message);
                out.push(finding.at_schema(schema.clone()));
            }
            return;
        }
        kind => range_or_other(kind, pointer, &actual),
    };
    out.push(finding.at_schema(schema));
}

fn range_or_other(kind: &ValidationErrorKind, pointer: String, actual: &str) -> Finding {
    let range = |expected: String| {
        Finding::new(
            Code::ContractRange,
            pointer.clone(),
            format!("{actual} is out of range: expected {expected}"),
        )
        .expected(expected)
        .actual(actual)
    };
    match kind {
        ValidationErrorKind::Minimum { limit } => range(format!("at least {limit}")),
        ValidationErrorKind::Maximum { limit } => range(format!("at most {limit}")),
        ValidationErrorKind::ExclusiveMinimum { limit } => range(format!("more than {limit}")),
        ValidationErrorKind::ExclusiveMaximum { limit } => range(format!("less than {limit}")),
        ValidationErrorKind::MinLength { limit } => range(format!("at least {limit} characters")),
        ValidationErrorKind::MaxLength { limit } => range(format!("at most {limit} characters")),
        ValidationErrorKind::MinItems { limit } => range(format!("at least {limit} items")),
        ValidationErrorKind::MaxItems { limit } => range(format!("at most {limit} items")),
        ValidationErrorKind::MinProperties { limit } => range(format!("at least {limit} fields")),
        ValidationErrorKind::MaxProperties { limit } => range(format!("at most {limit} fields")),
        other => {
            let keyword = other.keyword();
            Finding::new(
                Code::ContractSchema,
                pointer,
                format!("{actual} fails `{keyword}`"),
            )
            .expected(format!("a value satisfying `{keyword}`"))
            .actual(actual)
        }
    }
}

/// An `anyOf` failed: report the branch the value was meant for. A branch whose JSON type the
/// value has (`null` of a nullable pair never is) explains the failure best; among several,
/// the one with the fewest, most specific findings. When no branch has the value's type, one
/// `contract/type` finding lists the types allowed.
fn any_of(
    error: &ValidationError<'_>,
    context: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Finding>,
) {
    let pointer = error.instance_path().as_str();
    let mut best: Option<Vec<Finding>> = None;
    let mut types = Vec::new();
    for branch in context {
        let type_error = branch.iter().find(|e| {
            e.instance_path().as_str() == pointer
                && matches!(e.kind(), ValidationErrorKind::Type { .. })
        });
        if let Some(ValidationErrorKind::Type { kind }) = type_error.map(ValidationError::kind) {
            match kind {
                TypeKind::Single(t) => types.push(t.to_string()),
                TypeKind::Multiple(ts) => types.extend(ts.into_iter().map(|t| t.to_string())),
            }
            continue;
        }
        let mut mapped = Vec::new();
        for e in branch {
            map(e, &mut mapped);
        }
        tidy(&mut mapped);
        let better = match &best {
            None => true,
            Some(current) => (mapped.len(), rank(&mapped)) < (current.len(), rank(current)),
        };
        if better {
            best = Some(mapped);
        }
    }
    match best {
        Some(findings) if !findings.is_empty() => out.extend(findings),
        _ => {
            types.dedup();
            let expected = types.join(" or ");
            out.push(
                type_finding(pointer.to_owned(), expected, error.instance())
                    .at_schema(error.schema_path().as_str()),
            );
        }
    }
}

/// A value of the wrong JSON type.
fn type_finding(pointer: String, expected: String, instance: &Value) -> Finding {
    let found = callspec_core::object::json_kind(instance);
    Finding::new(
        Code::ContractType,
        pointer,
        format!("expected {expected}, found {found}"),
    )
    .expected(expected)
    .actual(render(instance))
}

/// Lower is more specific: a wrong format says more than a length bound.
fn rank(findings: &[Finding]) -> u8 {
    findings
        .iter()
        .map(|f| match f.code {
            Code::ContractFormat => 0,
            Code::ContractEnum => 1,
            Code::ContractPattern => 2,
            Code::ContractRequired => 3,
            Code::ContractType => 4,
            Code::ContractRange => 5,
            _ => 6,
        })
        .min()
        .unwrap_or(6)
}

fn article(noun: &str) -> String {
    match noun {
        "array" | "integer" | "object" => format!("an {noun}"),
        "null" => "null".to_owned(),
        other => format!("a {other}"),
    }
}

/// The values of an `enum` keyword, for messages: `"a", "b"`.
fn list(options: &Value) -> String {
    match options {
        Value::Array(items) => items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        other => render(other),
    }
}

/// A value as short JSON text for messages: long strings and containers are abbreviated.
pub(crate) fn render(value: &Value) -> String {
    const MAX: usize = 80;
    let text = match value {
        Value::Object(map) if !map.is_empty() => format!("an object with {} fields", map.len()),
        Value::Array(items) if !items.is_empty() => format!("an array of {} items", items.len()),
        other => other.to_string(),
    };
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}
