//! Rendering a report for people: [`human`] text for a terminal, [`markdown`] for a ticket or
//! a pull request. Both lead with what drifted (unknown fields, unknown values, declared fields
//! never seen); the JSON (serde) carries every statistic.

use std::fmt::Write as _;

use crate::model::{DriftReport, PointerStats, ResourceReport, VerdictCounts};

/// The report as plain text.
#[must_use]
pub fn human(report: &DriftReport) -> String {
    let mut out = String::new();
    for (id, resource) in &report.resources {
        let _ = writeln!(out, "{id}: {}", records_line(&resource.records, resource));
        if !resource.findings.is_empty() {
            let codes: Vec<String> = resource
                .findings
                .iter()
                .map(|(code, n)| format!("{code} ×{n}"))
                .collect();
            let _ = writeln!(out, "  findings: {}", codes.join(", "));
        }
        for (pointer, stats) in unknown_fields(resource) {
            let _ = writeln!(out, "  unknown field {pointer}: {}", pointer_line(stats));
            if let Some(example) = stats.examples.first() {
                let _ = writeln!(out, "    e.g. {} {}", example.at, example.value);
            }
        }
        for (pointer, value, stat) in unknown_values(resource) {
            let _ = writeln!(
                out,
                "  unknown value {pointer} = {value:?}: ×{}{}{}",
                stat.count,
                seen(stat.first_seen.as_deref(), stat.last_seen.as_deref()),
                stat.example
                    .as_ref()
                    .map(|e| format!(", e.g. {e}"))
                    .unwrap_or_default()
            );
        }
        if !resource.never_seen.is_empty() {
            let _ = writeln!(out, "  never seen: {}", resource.never_seen.join(", "));
        }
    }
    out
}

/// The report as Markdown: a section per resource, tables of unknown fields and values, and
/// the statistics of every pointer.
#[must_use]
pub fn markdown(report: &DriftReport) -> String {
    let mut out = String::from("# Drift report\n");
    for (id, resource) in &report.resources {
        let _ = writeln!(out, "\n## `{id}`\n");
        let _ = writeln!(out, "{}\n", records_line(&resource.records, resource));
        if !resource.findings.is_empty() {
            out.push_str("| finding | count |\n|---|---:|\n");
            for (code, n) in &resource.findings {
                let _ = writeln!(out, "| `{code}` | {n} |");
            }
            out.push('\n');
        }
        let fields = unknown_fields(resource);
        if !fields.is_empty() {
            out.push_str("### Unknown fields\n\n| pointer | present | statistics | example |\n|---|---:|---|---|\n");
            for (pointer, stats) in fields {
                let example = stats
                    .examples
                    .first()
                    .map(|e| format!("`{}` at {}", cell(&e.value), e.at))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| `{pointer}` | {} | {} | {example} |",
                    stats.present,
                    cell(&pointer_line(stats))
                );
            }
            out.push('\n');
        }
        let values = unknown_values(resource);
        if !values.is_empty() {
            out.push_str("### Unknown values\n\n| pointer | value | count | first seen | last seen | example |\n|---|---|---:|---|---|---|\n");
            for (pointer, value, stat) in values {
                let _ = writeln!(
                    out,
                    "| `{pointer}` | `{}` | {} | {} | {} | {} |",
                    cell(value),
                    stat.count,
                    stat.first_seen.as_deref().unwrap_or(""),
                    stat.last_seen.as_deref().unwrap_or(""),
                    stat.example
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                );
            }
            out.push('\n');
        }
        if !resource.never_seen.is_empty() {
            let list: Vec<String> = resource
                .never_seen
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            let _ = writeln!(out, "Declared, never seen: {}\n", list.join(", "));
        }
        if !resource.pointers.is_empty() {
            out.push_str("### Every pointer\n\n| pointer | declared | present | absent | null | statistics |\n|---|---|---:|---:|---:|---|\n");
            for (pointer, stats) in &resource.pointers {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    if pointer.is_empty() {
                        "(root)"
                    } else {
                        pointer
                    },
                    if stats.declared { "yes" } else { "**no**" },
                    stats.present,
                    stats.absent,
                    stats.null,
                    cell(&pointer_line(stats))
                );
            }
        }
    }
    out
}

fn records_line(records: &VerdictCounts, resource: &ResourceReport) -> String {
    format!(
        "{} records ({} valid, {} drift, {} invalid, {} unreadable, {} unrouted){}",
        records.total(),
        records.valid,
        records.drift,
        records.invalid,
        records.unreadable,
        records.unrouted,
        seen(
            resource.first_seen.as_deref(),
            resource.last_seen.as_deref()
        )
    )
}

fn seen(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => format!(", seen {first} to {last}"),
        _ => String::new(),
    }
}

/// Undeclared pointers whose parent is declared: the new fields themselves, not their insides.
fn unknown_fields(resource: &ResourceReport) -> Vec<(&String, &PointerStats)> {
    resource
        .pointers
        .iter()
        .filter(|(pointer, stats)| {
            !stats.declared
                && pointer.rsplit_once('/').is_some_and(|(parent, _)| {
                    resource.pointers.get(parent).is_some_and(|p| p.declared)
                })
        })
        .collect()
}

fn unknown_values(resource: &ResourceReport) -> Vec<(&String, &String, &crate::model::ValueStat)> {
    resource
        .pointers
        .iter()
        .filter(|(_, stats)| stats.declared)
        .filter_map(|(pointer, stats)| Some((pointer, stats.values.as_ref()?)))
        .flat_map(|(pointer, values)| {
            values
                .counted
                .iter()
                .filter(|(_, stat)| !stat.known)
                .map(move |(value, stat)| (pointer, value, stat))
        })
        .collect()
}

fn pointer_line(stats: &PointerStats) -> String {
    let mut parts = vec![format!("present {}", stats.present)];
    if stats.absent > 0 {
        parts.push(format!("absent {}", stats.absent));
    }
    if stats.null > 0 {
        parts.push(format!("null {}", stats.null));
    }
    parts.push(format!("types {}", counts(&stats.types)));
    if !stats.formats.is_empty() {
        parts.push(format!("formats {}", counts(&stats.formats)));
    }
    if let Some(r) = stats.length {
        parts.push(format!("length {}..{}", r.min, r.max));
    }
    if let Some(r) = stats.number {
        parts.push(format!("range {}..{}", r.min, r.max));
    }
    if let Some(values) = &stats.values {
        let mut named: Vec<String> = values
            .counted
            .iter()
            .map(|(v, s)| format!("{v:?} {}", s.count))
            .collect();
        if values.other > 0 {
            named.push(format!("other {}", values.other));
        }
        parts.push(format!("values {}", named.join(", ")));
    }
    let span = seen(stats.first_seen.as_deref(), stats.last_seen.as_deref());
    parts.join("; ") + &span
}

fn counts(map: &std::collections::BTreeMap<String, u64>) -> String {
    map.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text safe in a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
