//! The semantic rules in generated payloads: the findings a payload raises under its
//! resource's rules ([`findings`]), evaluated by the same `callspec_core::rule` descriptors the
//! validator runs, after the case's own change; one invalid mutation per time-order rule
//! ([`mutations`]) and per state-and-fields rule ([`state_mutations`]), each with its expected
//! code and pointer; for a list resource, one invalid mutation of its across-polls rule
//! ([`poll_mutations`]); and one edge case per duration rule ([`duration_cases`]), a warning.

#[allow(clippy::wildcard_imports)]
use super::*;

use callspec_core::rule::{Check, Rule, check, check_all};
use serde_json::Value;

/// The semantic findings `body` raises, but for those at a place where the case's `expected`
/// findings already report a contract or drift finding (a missing or mistyped field is the
/// contract's to report, as the validator has it) or the same finding.
pub(crate) fn findings(id: &str, body: &Json, expected: &[Expected]) -> Vec<Expected> {
    let semantics = callspec::semantic::semantics(id);
    if semantics.rules.is_empty() {
        return Vec::new();
    }
    let value = body.to_value();
    check_all(&semantics, &value)
        .into_iter()
        .filter(|(rule, v)| {
            !expected.iter().any(|e| {
                e.pointer == v.pointer && (e.code.family() == "contract" || e.code == rule.code)
            })
        })
        .map(|(rule, v)| Expected::new(rule.code, v.pointer))
        .collect()
}

/// One invalid mutation per time-order rule: the last timestamp of the order moved before the
/// first, on a rich base where every timestamp is set.
pub(super) fn mutations(generator: &mut Generator) {
    let semantics = callspec::semantic::semantics(generator.id);
    let prefix = if semantics.each_item { "/0" } else { "" };
    for rule in semantics.rules {
        let Check::TimeOrder(fields) = rule.check else {
            continue;
        };
        let (Some(first), Some(last)) = (fields.first().copied(), fields.last().copied()) else {
            continue;
        };
        let (first_name, last_name) = (first.name, last.name);
        let each_item = semantics.each_item;
        generator.add(
            Kind::Invalid,
            format!("semantic:{last_name}-before-{first_name}"),
            format!(
                "`{last_name}` is a day before `{first_name}`: {} ({}).",
                rule.summary, rule.code
            ),
            Base::Rich,
            move |_, body| {
                let Some(target) = subject(body, each_item) else {
                    return no_findings();
                };
                let Some(at) = target
                    .get(first_name)
                    .and_then(Json::as_str)
                    .and_then(|t| parse_time(t, first.format))
                else {
                    return no_findings();
                };
                let earlier = Instant {
                    secs: at.secs - 86_400,
                    nanos: at.nanos,
                };
                let text = match last.format {
                    callspec_core::rule::TimeFormat::Rfc3339 => {
                        values::rfc3339(earlier, Rfc3339Style::MILLIS_Z)
                    }
                    callspec_core::rule::TimeFormat::Rfc2822 => {
                        values::rfc2822(earlier, Rfc2822Style::DOCUMENT)
                    }
                };
                if let Some(slot) = target.get_mut(last_name) {
                    *slot = Json::Str(text);
                } else {
                    return no_findings();
                }
                Change::Json(vec![Expected::new(
                    Code::SemanticTimeOrder,
                    format!("{prefix}/{last_name}"),
                )])
            },
        );
    }
}

/// One invalid mutation per state-and-fields rule: on a rich base, the rule's `when` member
/// set to its first value and the first field it speaks of flipped (a field the state needs
/// made null, or a field it wants unset left set). The finding expected is at that field; what
/// else the new state breaks is added by [`findings`], as for every case.
pub(super) fn state_mutations(generator: &mut Generator) {
    let semantics = callspec::semantic::semantics(generator.id);
    let each_item = semantics.each_item;
    let prefix = if each_item { "/0" } else { "" };
    for rule in semantics.rules {
        let Check::Fields {
            when,
            is,
            set,
            unset,
        } = rule.check
        else {
            continue;
        };
        let Some(state) = is.first().copied() else {
            continue;
        };
        let (field, needed) = match (set.first(), unset.first()) {
            (Some(field), _) => (*field, true),
            (None, Some(field)) => (*field, false),
            (None, None) => continue,
        };
        let shown = state.unwrap_or("null");
        generator.add(
            Kind::Invalid,
            format!("semantic:{when}-{shown}-{field}"),
            format!(
                "`{when}` is {shown} and `{field}` {}: {} ({}).",
                if needed { "is null" } else { "is left set" },
                rule.summary,
                rule.code
            ),
            Base::Rich,
            move |_, body| {
                let Some(target) = subject(body, each_item) else {
                    return no_findings();
                };
                if needed {
                    target.insert(field, Json::Null);
                } else if target.get(field).is_none_or(|v| matches!(v, Json::Null)) {
                    return no_findings();
                }
                target.insert(when, state.map_or(Json::Null, |s| Json::Str(s.to_owned())));
                // The one finding is the flipped field's: what else the new state wants unset
                // is made null (the fields the rules speak of are nullable).
                for _ in 0..4 {
                    let value = target.to_value();
                    let others: Vec<&'static str> = semantics
                        .rules
                        .iter()
                        .filter_map(|r| match r.check {
                            Check::Fields { unset, .. } => Some((r, unset)),
                            _ => None,
                        })
                        .flat_map(|(r, unset)| {
                            let broken = check(r, &value, "");
                            unset.iter().copied().filter(move |name| {
                                *name != field
                                    && broken.iter().any(|v| v.pointer == format!("/{name}"))
                            })
                        })
                        .collect();
                    if others.is_empty() {
                        break;
                    }
                    for name in others {
                        target.insert(name, Json::Null);
                    }
                }
                Change::Json(vec![Expected::new(
                    Code::SemanticStateFields,
                    format!("{prefix}/{field}"),
                )])
            },
        );
    }
}

/// For a list resource, one invalid mutation of its across-polls rule: the page lists its first
/// call again at the end, in the first state of the call's life (set-once timestamps and the
/// fields that state wants unset made null), after having listed it in a later state. The
/// finding expected is `semantic/monotonic` at the repeated call's state; a validator that
/// follows polls within a record (callspec does, in input order) reports it. A single-object
/// resource cannot hold two polls of a call in one payload.
pub(super) fn poll_mutations(generator: &mut Generator) {
    let semantics = callspec::semantic::semantics(generator.id);
    let Some((rule, polls)) = semantics.polls() else {
        return;
    };
    if !semantics.each_item {
        return;
    }
    let Some(first_state) = polls.order.first().and_then(|rank| rank.first()).copied() else {
        return;
    };
    let shown = first_state.unwrap_or("null");
    generator.add(
        Kind::Invalid,
        format!("semantic:listed-again-{shown}"),
        format!(
            "the page lists its first call again, `{}` back to {shown}: {} ({}).",
            polls.state, rule.summary, rule.code
        ),
        Base::Rich,
        move |_, body| {
            let Some(items) = body.as_array_mut() else {
                return no_findings();
            };
            let Some(first) = items.first() else {
                return no_findings();
            };
            let rank_of = |state: Option<&Json>| {
                let state = state.and_then(Json::as_str);
                polls.order.iter().position(|rank| rank.contains(&state))
            };
            // Going back needs a first listing past the first stage of a call's life.
            if rank_of(first.get(polls.state)).is_none_or(|rank| rank == 0) {
                return no_findings();
            }
            let mut again = first.clone();
            again.insert(
                polls.state,
                first_state.map_or(Json::Null, |s| Json::Str(s.to_owned())),
            );
            for field in polls.fixed {
                again.insert(field.name, Json::Null);
            }
            // What the first state wants unset, unset (the fields the rules speak of are
            // nullable): the one finding is the poll's.
            for r in semantics.rules {
                if let Check::Fields {
                    when, is, unset, ..
                } = r.check
                    && when == polls.state
                    && is.contains(&first_state)
                {
                    for name in unset {
                        again.insert(*name, Json::Null);
                    }
                }
            }
            let index = items.len();
            items.push(again);
            Change::Json(vec![Expected::new(
                Code::SemanticMonotonic,
                format!("/{index}/{}", polls.state),
            )])
        },
    );
}

/// One edge case per duration rule: on a rich base, the duration member set an hour past what
/// its timestamps give (for an "at least" rule, to nothing at all). The duration rules are
/// warnings, so the payload stays valid; the expected `semantic/duration` finding comes from
/// [`findings`], which evaluates the rules on the payload as the validator does.
pub(super) fn duration_cases(generator: &mut Generator) {
    let semantics = callspec::semantic::semantics(generator.id);
    let each_item = semantics.each_item;
    for rule in semantics.rules {
        let Check::Duration {
            field,
            from,
            to,
            relation,
            ..
        } = rule.check
        else {
            continue;
        };
        let at_least = relation == callspec_core::rule::Relation::AtLeast;
        generator.add(
            Kind::Edge,
            format!("semantic:{field}-off"),
            format!(
                "`{field}` {} the time from `{}` to `{}`: {} ({}, a warning: the record stays valid).",
                if at_least { "is 0, below" } else { "is an hour more than" },
                from.name,
                to.name,
                rule.summary,
                rule.code
            ),
            Base::Rich,
            move |_, body| {
                let Some(target) = subject(body, each_item) else {
                    return no_findings();
                };
                let instant = |name: &str, format| {
                    parse_time(target.get(name).and_then(Json::as_str)?, format)
                };
                let (Some(start), Some(end)) = (instant(from.name, from.format), instant(to.name, to.format))
                else {
                    return no_findings();
                };
                let elapsed = u64::try_from(end.secs - start.secs).unwrap_or(0);
                let seconds = if at_least { 0 } else { elapsed + 3600 };
                let value = match target.get(field) {
                    Some(Json::Str(_)) => Json::Str(seconds.to_string()),
                    Some(Json::Null) | None => return no_findings(),
                    Some(_) => Json::U64(seconds),
                };
                target.insert(field, value);
                no_findings()
            },
        );
    }
}

/// The object the rules read in a body: the body, or a list's first element.
fn subject(body: &mut Json, each_item: bool) -> Option<&mut Json> {
    if each_item {
        body.as_array_mut()?.first_mut()
    } else {
        Some(body)
    }
}

/// A timestamp in the format its rule reads it in.
fn parse_time(text: &str, format: callspec_core::rule::TimeFormat) -> Option<Instant> {
    match format {
        callspec_core::rule::TimeFormat::Rfc3339 => timestamp::parse_rfc3339(text),
        callspec_core::rule::TimeFormat::Rfc2822 => timestamp::parse_rfc2822(text),
    }
}

/// Makes an edge or drift payload coherent with its resource's state-and-fields rules after
/// the case changed it (a rich base with `endTime` made null is no longer a disconnected
/// call): the state moves to one whose fields the payload has, and fields that state wants
/// unset become null. What the case set itself is kept where a coherent state allows it.
pub(crate) fn cohere(id: &str, body: &mut Json, expected: &[Expected]) {
    let semantics = callspec::semantic::semantics(id);
    let fields: Vec<&Rule> = semantics
        .rules
        .iter()
        .filter(|r| matches!(r.check, Check::Fields { .. } | Check::TimeOrder(_)))
        .collect();
    if fields.is_empty() {
        return;
    }
    // Every state the resource knows, in the order of a call's life, from its polls rule.
    let states: Vec<(&str, Option<&str>)> = semantics
        .polls()
        .map(|(_, polls)| {
            polls
                .order
                .iter()
                .flat_map(|rank| rank.iter().map(|s| (polls.state, *s)))
                .collect()
        })
        .unwrap_or_default();
    // The members the case itself changed (those its findings name) are kept.
    let kept: Vec<&str> = expected
        .iter()
        .map(|e| e.pointer.rsplit('/').next().unwrap_or_default())
        .collect();
    let mut value = body.to_value();
    let changed = if semantics.each_item {
        match value.as_array_mut() {
            Some(items) => {
                // Every item is made coherent (no short circuit).
                let mut changed = false;
                for item in items.iter_mut() {
                    changed |= cohere_one(&fields, &states, &kept, item);
                }
                changed
            }
            None => false,
        }
    } else {
        cohere_one(&fields, &states, &kept, &mut value)
    };
    if changed {
        *body = Json::from(value);
    }
}

fn cohere_one(
    rules: &[&Rule],
    states: &[(&str, Option<&str>)],
    kept: &[&str],
    object: &mut Value,
) -> bool {
    let (orders, fields): (Vec<&Rule>, Vec<&Rule>) = rules
        .iter()
        .partition(|r| matches!(r.check, Check::TimeOrder(_)));
    let mut changed = cohere_fields(&fields, states, kept, object);
    // A timestamp an edge moved before an earlier one (a one-digit day) takes the earlier
    // one's text: the same instant, written in the edge's own style.
    for rule in orders {
        for _ in 0..8 {
            let Some(v) = check(rule, object, "").into_iter().next() else {
                break;
            };
            let (Some(other), Some(map)) = (v.other, object.as_object_mut()) else {
                break;
            };
            let Some(text) = map.get(other.trim_start_matches('/')).cloned() else {
                break;
            };
            map.insert(v.pointer.trim_start_matches('/').to_owned(), text);
            changed = true;
        }
    }
    changed
}

fn cohere_fields(
    rules: &[&Rule],
    states: &[(&str, Option<&str>)],
    kept: &[&str],
    object: &mut Value,
) -> bool {
    let mut changed = false;
    for _ in 0..6 {
        let Some((rule, violation)) = rules
            .iter()
            .find_map(|r| check(r, object, "").into_iter().next().map(|v| (*r, v)))
        else {
            return changed;
        };
        let Check::Fields { when, set, .. } = rule.check else {
            return changed;
        };
        let name = violation.pointer.trim_start_matches('/').to_owned();
        let Some(map) = object.as_object_mut() else {
            return changed;
        };
        if set.contains(&name.as_str()) || kept.contains(&name.as_str()) {
            // A field the state needs is missing: move to a state whose needs are met.
            let candidates: Vec<Option<&str>> = rules
                .iter()
                .filter_map(|r| match r.check {
                    Check::Fields { when: w, is, .. } if w == when => Some(is),
                    _ => None,
                })
                .flatten()
                .copied()
                .chain(states.iter().filter(|(m, _)| *m == when).map(|(_, s)| *s))
                .collect();
            let chosen = candidates.into_iter().find(|candidate| {
                let mut probe = Value::Object(map.clone());
                if let Some(m) = probe.as_object_mut() {
                    m.insert(when.to_owned(), state_value(*candidate));
                }
                rules.iter().all(|r| match r.check {
                    Check::Fields { when: w, set, .. } if w == when => {
                        check(r, &probe, "").iter().all(|v| {
                            let field = v.pointer.trim_start_matches('/');
                            !set.contains(&field) && !kept.contains(&field)
                        })
                    }
                    _ => true,
                })
            });
            match chosen {
                Some(state) => {
                    map.insert(when.to_owned(), state_value(state));
                }
                None => return changed,
            }
        } else {
            // A field the state wants unset: null it.
            map.insert(name, Value::Null);
        }
        changed = true;
    }
    changed
}

fn state_value(state: Option<&str>) -> Value {
    state.map_or(Value::Null, |s| Value::String(s.to_owned()))
}
