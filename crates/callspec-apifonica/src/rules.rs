//! Apifonica's semantic rules, next to the model they read: what a call's details say across
//! their fields and across polls of the same call, each citing the document.

use callspec_core::finding::{Code, Severity};
use callspec_core::rule::{
    Check, Citation, Polls, Relation, Rule, Semantics, TimeField, TimeFormat,
};

const fn cite(quote: &'static str) -> Citation {
    Citation {
        document: "Apifonica: Get details of specific call",
        url: "https://www.apifonica.com/en/docs/api/rest/get-details-specific-call/",
        quote,
    }
}

const fn t(name: &'static str) -> TimeField {
    TimeField {
        name,
        format: TimeFormat::Rfc2822,
    }
}

const STATED: &str = "the document states it: a record that breaks it contradicts the document";

/// `apifonica/v2/call`.
pub const CALL: Semantics = Semantics {
    each_item: false,
    rules: &[
        Rule {
            code: Code::SemanticTimeOrder,
            summary: "created <= started <= ended <= updated",
            severity: Severity::Error,
            reason: "each timestamp is defined by a moment of the call's life, and those \
                     moments come in this order (the document's example keeps it)",
            citation: cite(
                "When a call is initiated, a new instance of the calls resource is created ... \
                 When the call ends, the status changes to completed and the values of the \
                 started, ended, price and duration parameters are updated.",
            ),
            check: Check::TimeOrder(&[t("created"), t("started"), t("ended"), t("updated")]),
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "status `queued` => started, ended, duration and price null",
            severity: Severity::Error,
            reason: STATED,
            citation: cite(
                "The value of the status parameter is set to queued. All other parameters have \
                 the null value.",
            ),
            check: Check::Fields {
                when: "status",
                is: &[Some("queued")],
                set: &[],
                unset: &["started", "ended", "duration", "price"],
            },
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "status `completed` => started, ended and duration set",
            severity: Severity::Error,
            reason: STATED,
            citation: cite(
                "When the call ends, the status changes to completed and the values of the \
                 started, ended, price and duration parameters are updated.",
            ),
            check: Check::Fields {
                when: "status",
                is: &[Some("completed")],
                set: &["started", "ended", "duration"],
                unset: &[],
            },
        },
        Rule {
            code: Code::SemanticDuration,
            summary: "duration = ended - created (tolerance 1 s)",
            severity: Severity::Warning,
            reason: "the document defines duration only as \"Duration of the call in seconds\"; \
                     the rule rests on its one example (duration 18 = ended - created; ended - \
                     started is 6), so a mismatch is a warning",
            citation: cite(
                "\"created\": \"Fri, 21 Apr 2017 13:01:25 +0000\" ... \"ended\": \"Fri, 21 Apr \
                 2017 13:01:43 +0000\", \"duration\": 18",
            ),
            check: Check::Duration {
                field: "duration",
                from: t("created"),
                to: t("ended"),
                relation: Relation::Equal,
                tolerance_secs: 1,
            },
        },
        Rule {
            code: Code::SemanticMonotonic,
            summary: "the same call_sid polled again: status never goes back (queued < \
                      initiated < ringing < answered < the final statuses), updated never \
                      decreases, started and ended never change once set",
            severity: Severity::Error,
            reason: "the statuses are stages of one call's life, which does not go back; the \
                     input's order is taken as the order of the polls (`--rule \
                     semantic/monotonic=warning` for logs merged out of order)",
            citation: cite(
                "The status changes during the progress of the call (See the Call Status \
                 section for more details)",
            ),
            check: Check::Polls(Polls {
                id: "call_sid",
                state: "status",
                order: &[
                    &[Some("queued")],
                    &[Some("initiated")],
                    &[Some("ringing")],
                    &[Some("answered")],
                    &[
                        Some("completed"),
                        Some("no_answer"),
                        Some("canceled"),
                        Some("busy"),
                        Some("rejected"),
                        Some("failed"),
                    ],
                ],
                update: Some(t("updated")),
                fixed: &[t("started"), t("ended")],
            }),
        },
    ],
};
