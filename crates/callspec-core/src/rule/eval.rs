//! Evaluating the per-record rules: [`check`] for one object, [`check_object`] for every rule
//! on one object, [`check_all`] for a parsed body (each element of a list resource). An object
//! is anything that gives its members ([`Members`]): a parsed `serde_json::Value`, or the few
//! members a validator kept while reading a body without building one. The across-polls rule
//! needs memory and is the validator's; here it yields nothing.

use jiff::Timestamp;
use serde_json::{Number, Value};

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

/// A member's value, as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Member<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as parsed.
    Number(&'a Number),
    /// A string.
    Str(&'a str),
    /// An array or an object.
    Composite(&'a Value),
}

impl<'a> Member<'a> {
    /// The string, when it is one.
    pub fn as_str(self) -> Option<&'a str> {
        match self {
            Member::Str(text) => Some(text),
            _ => None,
        }
    }

    fn is_null(self) -> bool {
        matches!(self, Member::Null)
    }
}

impl<'a> From<&'a Value> for Member<'a> {
    fn from(value: &'a Value) -> Self {
        match value {
            Value::Null => Member::Null,
            Value::Bool(b) => Member::Bool(*b),
            Value::Number(n) => Member::Number(n),
            Value::String(s) => Member::Str(s),
            Value::Array(_) | Value::Object(_) => Member::Composite(value),
        }
    }
}

/// An object the rules read: its members by name.
pub trait Members {
    /// The member `name`, when present.
    fn member(&self, name: &str) -> Option<Member<'_>>;

    /// The instant the member `field` names in its format; `None` when it is absent or not a
    /// string of that format. An implementation may remember what it parsed.
    fn instant(&self, field: TimeField) -> Option<Timestamp> {
        parse_instant(self.member(field.name)?.as_str()?, field.format)
    }
}

impl Members for Value {
    fn member(&self, name: &str) -> Option<Member<'_>> {
        self.as_object()?.get(name).map(Member::from)
    }
}

/// The instant of `value` read as a timestamp of `format`; `None` when it is not a string of
/// that format.
pub fn instant(value: Option<&Value>, format: TimeFormat) -> Option<Timestamp> {
    parse_instant(value?.as_str()?, format)
}

/// The instant of `text` read as a timestamp of `format`.
pub fn parse_instant(text: &str, format: TimeFormat) -> Option<Timestamp> {
    match format {
        TimeFormat::Rfc3339 => Rfc3339::parse(text).ok().and_then(|t| t.instant()),
        TimeFormat::Rfc2822 => Rfc2822::parse(text).ok().and_then(|t| t.instant()),
    }
}

fn is_set(object: &(impl Members + ?Sized), name: &str) -> bool {
    object.member(name).is_some_and(|v| !v.is_null())
}

/// The pointer of a member under `prefix`, escaped as RFC 6901 says.
fn pointer(prefix: &str, name: &str) -> String {
    format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1"))
}

fn shown(value: Option<Member<'_>>) -> String {
    match value {
        None => "absent".to_owned(),
        Some(Member::Null) => "null".to_owned(),
        Some(Member::Bool(b)) => b.to_string(),
        Some(Member::Number(n)) => n.to_string(),
        Some(Member::Str(s)) => s.to_owned(),
        Some(Member::Composite(v)) => v.to_string(),
    }
}

/// Whether `value` is one of `is` (`None`: absent or null).
pub fn is_one_of(value: Option<Member<'_>>, is: &[Option<&str>]) -> bool {
    is.iter().any(|wanted| match (wanted, value) {
        (None, None | Some(Member::Null)) => true,
        (Some(text), Some(Member::Str(s))) => s == *text,
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
pub fn check(rule: &Rule, object: &(impl Members + ?Sized), prefix: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    match &rule.check {
        Check::TimeOrder(fields) => time_order(fields, object, prefix, &mut out),
        Check::Fields {
            when,
            is,
            set,
            unset,
        } => {
            let value = object.member(when);
            if !is_one_of(value, is) {
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
                        actual: shown(object.member(name)),
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
                        actual: shown(object.member(name)),
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
            let Some(Member::Number(seconds)) = object.member(field) else {
                return out;
            };
            let Some(seconds) = seconds.as_f64() else {
                return out;
            };
            let (Some(start), Some(end)) = (object.instant(*from), object.instant(*to)) else {
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

fn shown_state(value: Option<Member<'_>>) -> String {
    match value {
        Some(Member::Str(s)) => format!("`{s}`"),
        other => shown(other),
    }
}

fn time_order<O: Members + ?Sized>(
    fields: &[TimeField],
    object: &O,
    prefix: &str,
    out: &mut Vec<Violation>,
) {
    // The latest instant among the earlier fields, with its field and text.
    let mut latest: Option<(Timestamp, &str, &str)> = None;
    for field in fields {
        let Some(at) = object.instant(*field) else {
            continue;
        };
        let text = object
            .member(field.name)
            .and_then(|m| m.as_str())
            .unwrap_or_default();
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
    if semantics.each_item {
        if let Some(items) = body.as_array() {
            for (i, item) in items.iter().enumerate() {
                check_object(semantics, item, &format!("/{i}"), &mut out);
            }
        }
    } else {
        check_object(semantics, body, "", &mut out);
    }
    out
}

/// Adds to `out` every violation of the per-record rules of `semantics` by one `object` (a
/// record, or one element of a list), with pointers under `prefix`.
pub fn check_object(
    semantics: &Semantics,
    object: &(impl Members + ?Sized),
    prefix: &str,
    out: &mut Vec<(&'static Rule, Violation)>,
) {
    for rule in semantics.rules {
        out.extend(check(rule, object, prefix).into_iter().map(|v| (rule, v)));
    }
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
