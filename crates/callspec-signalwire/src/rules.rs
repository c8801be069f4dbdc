//! SignalWire's semantic rules, next to the model they read: what a LaML call says across its
//! fields and across polls of the same call, each citing the document.

use callspec_core::finding::{Code, Severity};
use callspec_core::rule::{
    Check, Citation, Polls, Relation, Rule, Semantics, TimeField, TimeFormat,
};

const fn cite(quote: &'static str) -> Citation {
    Citation {
        document: "SignalWire Compatibility API: Retrieve a Call",
        url: "https://developer.signalwire.com/compatibility-api/rest/retrieve-a-call",
        quote,
    }
}

const fn t(name: &'static str) -> TimeField {
    TimeField {
        name,
        format: TimeFormat::Rfc2822,
    }
}

/// `signalwire/laml-2010-04-01/call`.
pub const CALL: Semantics = Semantics {
    each_item: false,
    rules: &[
        Rule {
            code: Code::SemanticTimeOrder,
            summary: "date_created <= start_time <= end_time",
            severity: Severity::Error,
            reason: "each timestamp is defined by a moment of the call's life, and those \
                     moments come in this order",
            citation: cite(
                "date_created: The date ... this call was created ... start_time: The time ... \
                 on which the call began ... end_time: The time ... on which the call was \
                 terminated",
            ),
            check: Check::TimeOrder(&[t("date_created"), t("start_time"), t("end_time")]),
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "status `completed` => end_time set",
            severity: Severity::Error,
            reason: "a completed call was terminated, and end_time is \"the time ... on which \
                     the call was terminated\"",
            citation: cite(
                "end_time: The time, in RFC 2822 GMT format, on which the call was terminated.",
            ),
            check: Check::Fields {
                when: "status",
                is: &[Some("completed")],
                set: &["end_time"],
                unset: &[],
            },
        },
        Rule {
            code: Code::SemanticDuration,
            summary: "duration = end_time - start_time (tolerance 1 s)",
            severity: Severity::Warning,
            reason: "the document's own field examples disagree (duration 20, start_time Wed, \
                     19 Sept 2018 20:00:01, end_time Fri, 21 Sept 2018 10:00:00: 136,799 s), \
                     so a mismatch is a warning",
            citation: cite("duration: The duration, in seconds, of the call."),
            check: Check::Duration {
                field: "duration",
                from: t("start_time"),
                to: t("end_time"),
                relation: Relation::Equal,
                tolerance_secs: 1,
            },
        },
        Rule {
            code: Code::SemanticMonotonic,
            summary: "the same sid polled again: status never goes back (queued < ringing < \
                      in-progress < the final statuses), date_updated never decreases, \
                      start_time and end_time never change once set",
            severity: Severity::Error,
            reason: "the statuses are stages of one call's life, which does not go back; the \
                     input's order is taken as the order of the polls (`--rule \
                     semantic/monotonic=warning` for logs merged out of order)",
            citation: cite(
                "status: The status of the call. Possible values: [queued, ringing, \
                 in-progress, canceled, completed, busy, failed]",
            ),
            check: Check::Polls(Polls {
                id: "sid",
                state: "status",
                order: &[
                    &[Some("queued")],
                    &[Some("ringing")],
                    &[Some("in-progress")],
                    &[
                        Some("canceled"),
                        Some("completed"),
                        Some("busy"),
                        Some("failed"),
                    ],
                ],
                update: Some(t("date_updated")),
                fixed: &[t("start_time"), t("end_time")],
            }),
        },
    ],
};
