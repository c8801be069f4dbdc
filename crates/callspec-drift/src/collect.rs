//! Collecting a report: every record read and checked as `callspec validate` does (the
//! validator's readers and engine, one record at a time), then its verdict, findings and values
//! counted into the report.

use std::collections::BTreeMap;
use std::sync::Arc;

use callspec_validate::{Engine, InputError, InputSource, Origin, Record, Report, Verdict};
use serde_json::Value;

use crate::declared::{Declared, child_pointer, declared_pointers, value_text};
use crate::format::format_class;
use crate::model::{
    DriftReport, EXAMPLES, Example, PointerStats, Position, Range, ResourceReport, TOP_K,
    ValueStat, Values,
};

/// Where records with no resource are counted.
pub const UNROUTED: &str = "(unrouted)";
/// Where records that could not be read, and no resource was forced for, are counted.
pub const UNREADABLE: &str = "(unreadable)";

/// Why a report could not be collected.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// A source could not be opened.
    #[error("opening an input")]
    Open(#[from] InputError),
}

/// Collects a report record by record.
#[derive(Debug)]
pub struct Collector<'e> {
    engine: &'e Engine,
    declared: BTreeMap<&'static str, BTreeMap<String, Declared>>,
    report: DriftReport,
}

/// The report of every record of `sources`, read in order.
///
/// # Errors
///
/// A source that cannot be opened.
pub fn collect(engine: &Engine, sources: &[InputSource]) -> Result<DriftReport, CollectError> {
    let mut collector = Collector::new(engine);
    for source in sources {
        for record in source.records()? {
            collector.add_record(record);
        }
    }
    Ok(collector.finish())
}

impl<'e> Collector<'e> {
    /// An empty report over `engine`'s catalog.
    #[must_use]
    pub fn new(engine: &'e Engine) -> Self {
        let declared = callspec::resources()
            .iter()
            .map(|r| (r.id, declared_pointers(&r.schema().to_value())))
            .collect();
        Collector {
            engine,
            declared,
            report: DriftReport::new(),
        }
    }

    /// Checks and counts one record.
    pub fn add_record(&mut self, record: Record) {
        let body = record.body.as_ref().ok().cloned();
        let reports = self.engine.check(record);
        let parsed = body.and_then(|b| serde_json::from_slice::<Value>(&b).ok());
        for report in &reports {
            let value = match (&parsed, report.origin.as_ref().and_then(|o| o.index)) {
                (Some(whole), Some(index)) => whole.get(index),
                (Some(whole), None) => Some(whole),
                (None, _) => None,
            };
            self.add_report(report, value);
        }
    }

    /// Checks and counts one NDJSON line of `source`.
    pub fn add_bytes(&mut self, source: &str, line: u64, body: &[u8]) {
        let mut origin = Origin::new(Arc::from(source));
        origin.line = Some(line);
        self.add_record(Record {
            origin,
            body: Ok(body.to_vec()),
            exchange: None,
        });
    }

    /// Counts a checked record whose body parsed to `value`.
    pub fn add_report(&mut self, report: &Report, value: Option<&Value>) {
        let key = match (report.verdict, report.resource) {
            (Verdict::Unrouted, _) => UNROUTED,
            (_, Some(id)) => id,
            (Verdict::Unreadable, None) => UNREADABLE,
            (_, None) => UNROUTED,
        };
        let at = position(report.origin.as_ref());
        let resource = self.report.resources.entry(key.to_owned()).or_default();
        let counts = &mut resource.records;
        *match report.verdict {
            Verdict::Valid => &mut counts.valid,
            Verdict::Drift => &mut counts.drift,
            Verdict::Invalid => &mut counts.invalid,
            Verdict::Unreadable => &mut counts.unreadable,
            Verdict::Unrouted => &mut counts.unrouted,
        } += 1;
        for finding in &report.findings {
            *resource
                .findings
                .entry(finding.code.as_str().to_owned())
                .or_default() += 1;
        }
        let readable = matches!(
            report.verdict,
            Verdict::Valid | Verdict::Drift | Verdict::Invalid
        );
        let (Some(value), Some(id), true) = (value, report.resource, readable) else {
            return;
        };
        let time = record_time(value);
        widen(
            &mut resource.first_seen,
            &mut resource.last_seen,
            time.as_deref(),
        );
        let empty = BTreeMap::new();
        let declared = self.declared.get(id).unwrap_or(&empty);
        let context = Context {
            declared,
            time: time.as_deref(),
            at: &at,
        };
        observe(&mut resource.pointers, &context, String::new(), value);
    }

    /// The report, with the derived counts (absent, never seen) filled in.
    #[must_use]
    pub fn finish(mut self) -> DriftReport {
        for (id, resource) in &mut self.report.resources {
            let declared = self.declared.get(id.as_str());
            finish_resource(resource, declared);
        }
        self.report
    }
}

/// Fills in what follows from the counts: each pointer's `absent` (its parent object seen
/// without it) and the declared pointers never seen.
pub(crate) fn finish_resource(
    resource: &mut ResourceReport,
    declared: Option<&BTreeMap<String, Declared>>,
) {
    let objects: BTreeMap<String, u64> = resource
        .pointers
        .iter()
        .map(|(p, s)| (p.clone(), s.types.get("object").copied().unwrap_or(0)))
        .collect();
    for (pointer, stats) in &mut resource.pointers {
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            continue;
        };
        stats.absent = if last == "*" {
            0
        } else {
            objects
                .get(parent)
                .copied()
                .unwrap_or(0)
                .saturating_sub(stats.present)
        };
    }
    resource.never_seen =
        if resource.records.total() == resource.records.unreadable + resource.records.unrouted {
            Vec::new()
        } else {
            declared
                .into_iter()
                .flat_map(BTreeMap::keys)
                .filter(|p| !resource.pointers.contains_key(*p))
                .cloned()
                .collect()
        };
}

struct Context<'a> {
    declared: &'a BTreeMap<String, Declared>,
    time: Option<&'a str>,
    at: &'a Position,
}

fn observe(
    pointers: &mut BTreeMap<String, PointerStats>,
    context: &Context<'_>,
    pointer: String,
    value: &Value,
) {
    let declared = context.declared.get(&pointer);
    let stats = pointers.entry(pointer.clone()).or_default();
    stats.declared = declared.is_some();
    stats.present += 1;
    *stats.types.entry(json_type(value).to_owned()).or_default() += 1;
    widen(&mut stats.first_seen, &mut stats.last_seen, context.time);
    match value {
        Value::Null => stats.null += 1,
        Value::String(s) => {
            *stats.formats.entry(format_class(s)).or_default() += 1;
            let length = s.chars().count() as u64;
            stats.length = Some(match stats.length {
                Some(r) => Range {
                    min: r.min.min(length),
                    max: r.max.max(length),
                },
                None => Range {
                    min: length,
                    max: length,
                },
            });
        }
        Value::Number(n) => {
            if let Some(x) = n.as_f64() {
                stats.number = Some(match stats.number {
                    Some(r) => Range {
                        min: r.min.min(x),
                        max: r.max.max(x),
                    },
                    None => Range { min: x, max: x },
                });
            }
        }
        _ => {}
    }
    // `null` is counted as such, not as a value.
    let scalar = !matches!(value, Value::Null | Value::Array(_) | Value::Object(_));
    let enumerated = declared.filter(|d| d.enumerated);
    if scalar && (enumerated.is_some() || declared.is_none()) {
        let values = stats.values.get_or_insert_with(|| Values {
            known: enumerated.map(|d| d.known.clone()).unwrap_or_default(),
            closed: enumerated.is_some_and(|d| d.closed),
            ..Values::default()
        });
        count_value(values, value, context);
    }
    add_example(&mut stats.examples, context.at, value);
    match value {
        Value::Object(members) => {
            for (name, child) in members {
                observe(pointers, context, child_pointer(&pointer, name), child);
            }
        }
        Value::Array(items) => {
            for item in items {
                observe(pointers, context, format!("{pointer}/*"), item);
            }
        }
        _ => {}
    }
}

fn count_value(values: &mut Values, value: &Value, context: &Context<'_>) {
    let text = mask(&value_text(value));
    let known = values.known.contains(&text);
    if !values.counted.contains_key(&text) && values.counted.len() >= TOP_K {
        values.other += 1;
        return;
    }
    let stat = values.counted.entry(text).or_insert_with(|| ValueStat {
        known,
        ..ValueStat::default()
    });
    stat.count += 1;
    widen(&mut stat.first_seen, &mut stat.last_seen, context.time);
    if stat.example.as_ref().is_none_or(|e| context.at < e) {
        stat.example = Some(context.at.clone());
    }
}

fn add_example(examples: &mut Vec<Example>, at: &Position, value: &Value) {
    // Positions only grow in a stream; building the text is skipped for those that cannot
    // make it (ties at one position, array items, are decided by the text).
    if examples.len() >= EXAMPLES && examples.last().is_some_and(|last| &last.at < at) {
        return;
    }
    let text = value.to_string();
    let mut text = mask(&text);
    if text.chars().count() > 80 {
        text = text.chars().take(79).collect::<String>() + "…";
    }
    let example = Example {
        at: at.clone(),
        value: text,
    };
    if let Err(i) = examples.binary_search(&example) {
        examples.insert(i, example);
        examples.truncate(EXAMPLES);
    }
}

/// Masks phone numbers, as every reporter does before showing captured text.
fn mask(text: &str) -> String {
    callspec_validate::redact::mask_phones_in_text(text).into_owned()
}

/// Widens a first/last-seen span to `time`.
pub(crate) fn widen(first: &mut Option<String>, last: &mut Option<String>, time: Option<&str>) {
    let Some(time) = time else { return };
    if first.as_deref().is_none_or(|f| time < f) {
        *first = Some(time.to_owned());
    }
    if last.as_deref().is_none_or(|l| time > l) {
        *last = Some(time.to_owned());
    }
}

/// A record's time: its first top-level member (in key order) that is an RFC 3339 timestamp,
/// as UTC with nine fractional digits (so times compare as text).
fn record_time(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    object.values().find_map(|v| {
        let ts = v.as_str()?.parse::<jiff::Timestamp>().ok()?;
        Some(format!("{ts:.9}"))
    })
}

fn position(origin: Option<&Origin>) -> Position {
    match origin {
        Some(o) => Position {
            source: o.source.to_string(),
            line: o.line,
            entry: o.entry.map(|e| e as u64),
            index: o.index.map(|i| i as u64),
        },
        None => Position {
            source: "<body>".into(),
            line: None,
            entry: None,
            index: None,
        },
    }
}

/// The JSON type name of `value` as the report counts it (`integer` for whole numbers); the
/// proposals read the same names.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
