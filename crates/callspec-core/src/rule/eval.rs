//! Evaluating the per-record rules on a parsed body: [`check`] for one object, [`check_all`]
//! for a resource's body (each element of a list resource). The across-polls rule needs
//! memory and is the validator's; here it yields nothing.

use jiff::Timestamp;
use serde_json::Value;

use super::{Check, Relation, Rule, Semantics, TimeField, TimeFormat};
use crate::time::{Rfc2822, Rfc3339};

/// A rule broken by a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON pointer of the later field, the one reported (`/answerTime`); a missing field
    /// is reported where it would be.
    pub pointer: String,
    /// The other field the rule compares it with (`/startTime`), when there is one.
    pub other: Option<String>,
    /// What is wrong, naming both fields (`/answerTime is before /startTime
    /// 2019-10-21T16:45:11.293Z`).
    pub message: String,
    /// What the rule expects.
    pub expected: String,
    /// What was found.
    pub actual: String,
}

/// The instant of `value` read as a timestamp of `format`; `None` when it is not a string of
/// that format.
pub fn instant(value: Option<&Value>, format: TimeFormat) -> Option<Timestamp> {
    let text = value?.as_str()?;
    match format {
        TimeFormat::Rfc3339 => Rfc3339::parse(text).ok().and_then(|t| t.instant()),
        TimeFormat::Rfc2822 => Rfc2822::parse(text).ok().and_then(|t| t.instant()),
    }
}

fn member<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    object.as_object()?.get(name)
}

fn is_set(object: &Value, name: &str) -> bool {
    member(object, name).is_some_and(|v| !v.is_null())
}

/// The pointer of a member under `prefix`, escaped as RFC 6901 says.
fn pointer(prefix: &str, name: &str) -> String {
    format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1"))
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "absent".to_owned(),
        Some(Value::Null) => "null".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Whether `value` of member `when` is one of `is`.
fn matches(value: Option<&Value>, is: &[Option<&str>]) -> bool {
    is.iter().any(|wanted| match (wanted, value) {
        (None, None | Some(Value::Null)) => true,
        (Some(text), Some(Value::String(s))) => s == text,
        _ => false,
    })
}

/// The values `is` as text: `` `disconnected` `` or `null`.
fn listed(is: &[Option<&str>]) -> String {
    is.iter()
        .map(|v| v.map_or_else(|| "null".to_owned(), |s| format!("`{s}`")))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The violations of `rule` by `object` (one record, or one element of a list), with pointers
/// under `prefix` (`""`, or `/3` for the fourth element).
pub fn check(rule: &Rule, object: &Value, prefix: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    match &rule.check {
        Check::TimeOrder(fields) => time_order(fields, object, prefix, &mut out),
        Check::Fields {
            when,
            is,
            set,
            unset,
        } => {
            let value = member(object, when);
            if !matches(value, is) {
                return out;
            }
            // Written only for a violation: most records break no rule.
            let cause = || format!("{} is {}", pointer(prefix, when), shown_state(value));
            for name in *set {
                if !is_set(object, name) {
                    out.push(Violation {
                        pointer: pointer(prefix, name),
                        other: Some(pointer(prefix, when)),
                        message: format!("{} is not set, yet {}", pointer(prefix, name), cause()),
                        expected: format!("a value (not null) when {} is {}", when, listed(is)),
                        actual: shown(member(object, name)),
                    });
                }
            }
            for name in *unset {
                if is_set(object, name) {
                    out.push(Violation {
                        pointer: pointer(prefix, name),
                        other: Some(pointer(prefix, when)),
                        message: format!("{} is set, yet {}", pointer(prefix, name), cause()),
                        expected: format!("absent or null when {} is {}", when, listed(is)),
                        actual: shown(member(object, name)),
                    });
                }
            }
        }
        Check::Duration {
            field,
            from,
            to,
            relation,
            tolerance_secs,
        } => {
            let Some(seconds) = member(object, field).and_then(Value::as_f64) else {
                return out;
            };
            let (Some(start), Some(end)) = (
                instant(member(object, from.name), from.format),
                instant(member(object, to.name), to.format),
            ) else {
                return out;
            };
            let elapsed = end.duration_since(start).as_secs_f64();
            let tolerance = f64::from(*tolerance_secs);
            let holds = match relation {
                Relation::Equal => (seconds - elapsed).abs() <= tolerance,
                Relation::AtLeast => seconds >= elapsed - tolerance,
            };
            if !holds {
                let (f, a, b) = (
                    pointer(prefix, field),
                    pointer(prefix, to.name),
                    pointer(prefix, from.name),
                );
                let (wrong, wanted) = match relation {
                    Relation::Equal => ("is not", "equal to"),
                    Relation::AtLeast => ("is less than", "at least"),
                };
                out.push(Violation {
                    pointer: f.clone(),
                    other: Some(a.clone()),
                    message: format!("{f} {seconds} {wrong} {a} − {b} ({elapsed} s)"),
                    expected: format!(
                        "{wanted} {a} − {b} ({elapsed} s), within {tolerance_secs} s"
                    ),
                    actual: format!("{seconds}"),
                });
            }
        }
        Check::Polls(_) => {}
    }
    out
}

fn shown_state(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => format!("`{s}`"),
        other => shown(other),
    }
}

fn time_order(fields: &[TimeField], object: &Value, prefix: &str, out: &mut Vec<Violation>) {
    // The latest instant among the earlier fields, with its field and text.
    let mut latest: Option<(Timestamp, &str, &str)> = None;
    for field in fields {
        let value = member(object, field.name);
        let Some(at) = instant(value, field.format) else {
            continue;
        };
        let text = value.and_then(Value::as_str).unwrap_or_default();
        match latest {
            Some((before, name, before_text)) if at < before => {
                let (p, o) = (pointer(prefix, field.name), pointer(prefix, name));
                out.push(Violation {
                    pointer: p.clone(),
                    other: Some(o.clone()),
                    message: format!("{p} is before {o} {before_text}"),
                    expected: format!("not before {o} ({before_text})"),
                    actual: text.to_owned(),
                });
            }
            Some((before, _, _)) if at == before => {}
            _ => latest = Some((at, field.name, text)),
        }
    }
}

/// Every violation of the per-record rules of `semantics` by `body`, with the rule broken:
/// the body itself, or each element when the rules apply to the items of a list.
pub fn check_all(semantics: &Semantics, body: &Value) -> Vec<(&'static Rule, Violation)> {
    let mut out = Vec::new();
    let mut one = |object: &Value, prefix: &str| {
        for rule in semantics.rules {
            out.extend(check(rule, object, prefix).into_iter().map(|v| (rule, v)));
        }
    };
    if semantics.each_item {
        if let Some(items) = body.as_array() {
            for (i, item) in items.iter().enumerate() {
                one(item, &format!("/{i}"));
            }
        }
    } else {
        one(body, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Severity};
    use crate::rule::Citation;

    const CITE: Citation = Citation {
        document: "d",
        url: "https://example.com/",
        quote: "q",
    };

    fn rule(check: Check) -> Rule {
        Rule {
            code: Code::SemanticTimeOrder,
            summary: "s",
            severity: Severity::Error,
            reason: "r",
            citation: CITE,
            check,
        }
    }

    const ORDER: &[TimeField] = &[
        TimeField {
            name: "start",
            format: TimeFormat::Rfc3339,
        },
        TimeField {
            name: "answer",
            format: TimeFormat::Rfc2822,
        },
        TimeField {
            name: "end",
            format: TimeFormat::Rfc3339,
        },
    ];

    #[test]
    fn time_order_compares_instants_in_each_format() {
        let r = rule(Check::TimeOrder(ORDER));
        // 13:01:25 +0000 is 14:01:25 +0100: equal instants, different text.
        let ok = serde_json::json!({"start": "2017-04-21T14:01:25+01:00",
            "answer": "Fri, 21 Apr 2017 13:01:25 +0000", "end": null});
        assert!(check(&r, &ok, "").is_empty());
        let bad = serde_json::json!({"start": "2017-04-21T13:01:26Z",
            "answer": "Fri, 21 Apr 2017 13:01:25 +0000", "end": "2017-04-21T13:01:27Z"});
        let found = check(&r, &bad, "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/answer");
        assert_eq!(
            found[0].message,
            "/answer is before /start 2017-04-21T13:01:26Z"
        );
        // Not of its format: skipped.
        let skipped = serde_json::json!({"start": "2017-04-21T13:01:26Z",
            "answer": "2017-04-21T13:01:25Z"});
        assert!(check(&r, &skipped, "").is_empty());
    }

    #[test]
    fn fields_follow_the_state() {
        let r = rule(Check::Fields {
            when: "state",
            is: &[Some("done")],
            set: &["end"],
            unset: &["error"],
        });
        let body = serde_json::json!({"state": "done", "end": null, "error": "x"});
        let found = check(&r, &body, "/2");
        let pointers: Vec<&str> = found.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/2/end", "/2/error"]);
        let other = serde_json::json!({"state": "running", "error": "x"});
        assert!(check(&r, &other, "").is_empty());
    }

    #[test]
    fn durations_have_a_tolerance() {
        let r = rule(Check::Duration {
            field: "duration",
            from: ORDER[0],
            to: ORDER[2],
            relation: Relation::Equal,
            tolerance_secs: 1,
        });
        let at = |d: f64| {
            serde_json::json!({"start": "2017-04-21T13:00:00Z", "end": "2017-04-21T13:00:10Z",
                "duration": d})
        };
        assert!(check(&r, &at(11.0), "").is_empty());
        assert!(check(&r, &at(9.0), "").is_empty());
        assert_eq!(check(&r, &at(11.5), "").len(), 1);
    }
}
