//! Merging reports: the report of two parts of a log is the report of the whole. Counts add,
//! ranges and first/last seen combine, examples keep the earliest positions, and value counts
//! keep [`TOP_K`] by name with the rest in the exact "other" count.

use std::collections::BTreeMap;

use crate::collect::{finish_resource, widen};
use crate::declared::declared_pointers;
use crate::model::{
    DriftReport, EXAMPLES, PointerStats, REPORT_SCHEMA, Range, ResourceReport, TOP_K, Values,
};

/// Why reports could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A report of another format.
    #[error("a drift report with `$schema` `{found}`; expected `{REPORT_SCHEMA}`")]
    Schema {
        /// The `$schema` found.
        found: String,
    },
}

impl DriftReport {
    /// Adds `other` into this report.
    ///
    /// # Errors
    ///
    /// Either report is not of this format ([`REPORT_SCHEMA`]).
    pub fn merge(&mut self, other: DriftReport) -> Result<(), MergeError> {
        for report in [&*self, &other] {
            if report.schema != REPORT_SCHEMA {
                return Err(MergeError::Schema {
                    found: report.schema.clone(),
                });
            }
        }
        for (id, theirs) in other.resources {
            let ours = self.resources.entry(id.clone()).or_default();
            merge_resource(ours, theirs);
            let declared =
                callspec::resource(&id).map(|r| declared_pointers(&r.schema().to_value()));
            finish_resource(ours, declared.as_ref());
        }
        Ok(())
    }
}

fn merge_resource(ours: &mut ResourceReport, theirs: ResourceReport) {
    let (a, b) = (&mut ours.records, theirs.records);
    a.valid += b.valid;
    a.drift += b.drift;
    a.invalid += b.invalid;
    a.unreadable += b.unreadable;
    a.unrouted += b.unrouted;
    span(
        &mut ours.first_seen,
        &mut ours.last_seen,
        theirs.first_seen,
        theirs.last_seen,
    );
    add_counts(&mut ours.findings, theirs.findings);
    for (pointer, stats) in theirs.pointers {
        match ours.pointers.get_mut(&pointer) {
            Some(mine) => merge_pointer(mine, stats),
            None => {
                ours.pointers.insert(pointer, stats);
            }
        }
    }
}

fn merge_pointer(ours: &mut PointerStats, theirs: PointerStats) {
    ours.declared |= theirs.declared;
    ours.present += theirs.present;
    ours.null += theirs.null;
    add_counts(&mut ours.types, theirs.types);
    add_counts(&mut ours.formats, theirs.formats);
    ours.length = range(ours.length, theirs.length, |a, b| a.min(b), |a, b| a.max(b));
    ours.number = range(ours.number, theirs.number, f64::min, f64::max);
    span(
        &mut ours.first_seen,
        &mut ours.last_seen,
        theirs.first_seen,
        theirs.last_seen,
    );
    ours.examples.extend(theirs.examples);
    ours.examples.sort();
    ours.examples.dedup();
    ours.examples.truncate(EXAMPLES);
    ours.values = match (ours.values.take(), theirs.values) {
        (Some(a), Some(b)) => Some(merge_values(a, b)),
        (a, b) => a.or(b),
    };
}

fn merge_values(mut ours: Values, theirs: Values) -> Values {
    ours.other += theirs.other;
    for (value, stat) in theirs.counted {
        match ours.counted.get_mut(&value) {
            Some(mine) => {
                mine.count += stat.count;
                span(
                    &mut mine.first_seen,
                    &mut mine.last_seen,
                    stat.first_seen,
                    stat.last_seen,
                );
                mine.example = match (mine.example.take(), stat.example) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            None => {
                ours.counted.insert(value, stat);
            }
        }
    }
    if ours.counted.len() > TOP_K {
        // Keep the most frequent by name (ties by value); the rest count as "other".
        let mut by_count: Vec<(u64, String)> = ours
            .counted
            .iter()
            .map(|(v, s)| (s.count, v.clone()))
            .collect();
        by_count.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (count, value) in by_count.into_iter().skip(TOP_K) {
            ours.counted.remove(&value);
            ours.other += count;
        }
    }
    ours
}

fn add_counts(ours: &mut BTreeMap<String, u64>, theirs: BTreeMap<String, u64>) {
    for (key, count) in theirs {
        *ours.entry(key).or_default() += count;
    }
}

fn range<T: Copy>(
    a: Option<Range<T>>,
    b: Option<Range<T>>,
    min: impl Fn(T, T) -> T,
    max: impl Fn(T, T) -> T,
) -> Option<Range<T>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Range {
            min: min(a.min, b.min),
            max: max(a.max, b.max),
        }),
        (a, b) => a.or(b),
    }
}

fn span(
    first: &mut Option<String>,
    last: &mut Option<String>,
    their_first: Option<String>,
    their_last: Option<String>,
) {
    widen(first, last, their_first.as_deref());
    widen(first, last, their_last.as_deref());
}
