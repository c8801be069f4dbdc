//! Bandwidth's semantic rules, next to the models they read: what a Voice API v2 call state
//! and a Catapult v1 call say across their fields and across polls of the same call. Each rule
//! cites the sentence of the document it rests on.

use callspec_core::finding::{Code, Severity};
use callspec_core::rule::{
    Check, Citation, Polls, Relation, Rule, Semantics, TimeField, TimeFormat,
};

const V2_DOCUMENT: &str = "Bandwidth Voice API v2: Retrieve Call Information";
const V2_URL: &str = "https://dev.bandwidth.com/apis/voice/#operation/getCallState";
const V1_DOCUMENT: &str = "Bandwidth Catapult v1: List Calls";
const V1_URL: &str = "https://dev.bandwidth.com/ap-docs/methods/calls/getCalls.html";

const fn v2(quote: &'static str) -> Citation {
    Citation {
        document: V2_DOCUMENT,
        url: V2_URL,
        quote,
    }
}

const fn v1(quote: &'static str) -> Citation {
    Citation {
        document: V1_DOCUMENT,
        url: V1_URL,
        quote,
    }
}

const fn t(name: &'static str) -> TimeField {
    TimeField {
        name,
        format: TimeFormat::Rfc3339,
    }
}

/// Why the rules the document states are errors.
const STATED: &str = "the document states it: a record that breaks it contradicts the document";
/// Why the time order is an error.
const ORDER_REASON: &str = "each timestamp is defined by a moment of the call's life, and \
                            those moments come in this order";
/// Why polls that go back are errors.
const POLLS_REASON: &str = "the states and timestamps are stages of one call's life, which \
                            does not go back; the input's order is taken as the order of the \
                            polls (`--rule semantic/monotonic=warning` for logs merged out of \
                            order)";

/// The causes that are not errors: a call that ended with one of them has no `errorMessage`
/// or `errorId`.
const NORMAL_CAUSES: &[Option<&str>] = &[
    Some("hangup"),
    Some("busy"),
    Some("timeout"),
    Some("cancel"),
    Some("rejected"),
    None,
];

/// `bandwidth/voice-v2/call-state`.
pub const VOICE_V2: Semantics = Semantics {
    each_item: false,
    rules: &[
        Rule {
            code: Code::SemanticTimeOrder,
            summary: "startTime <= answerTime <= endTime <= lastUpdate",
            severity: Severity::Error,
            reason: ORDER_REASON,
            citation: v2(
                "startTime: The time the call was initiated ... answerTime: (optional) Populated \
                 once the call has been answered ... endTime: (optional) Populated once the \
                 call has ended ... lastUpdate: The last time the call had a state update",
            ),
            check: Check::TimeOrder(&[
                t("startTime"),
                t("answerTime"),
                t("endTime"),
                t("lastUpdate"),
            ]),
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "state `disconnected` => endTime and disconnectCause set",
            severity: Severity::Error,
            reason: STATED,
            citation: v2(
                "endTime: (optional) Populated once the call has ended ... disconnectCause: \
                 (optional) Populated once the call has ended, with the reason the call ended",
            ),
            check: Check::Fields {
                when: "state",
                is: &[Some("disconnected")],
                set: &["endTime", "disconnectCause"],
                unset: &[],
            },
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "state `answered` => answerTime set; endTime and disconnectCause null",
            severity: Severity::Error,
            reason: STATED,
            citation: v2(
                "answerTime: (optional) Populated once the call has been answered ... endTime: \
                 (optional) Populated once the call has ended",
            ),
            check: Check::Fields {
                when: "state",
                is: &[Some("answered")],
                set: &["answerTime"],
                unset: &["endTime", "disconnectCause"],
            },
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "state `initiated` => answerTime, endTime and disconnectCause null",
            severity: Severity::Error,
            reason: STATED,
            citation: v2(
                "answerTime: (optional) Populated once the call has been answered ... endTime: \
                 (optional) Populated once the call has ended",
            ),
            check: Check::Fields {
                when: "state",
                is: &[Some("initiated")],
                set: &[],
                unset: &["answerTime", "endTime", "disconnectCause"],
            },
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "disconnectCause not an error (hangup, busy, timeout, cancel, rejected, \
                      none) => errorMessage and errorId null",
            severity: Severity::Error,
            reason: STATED,
            citation: v2(
                "errorMessage: (optional) Populated only if the call ended with an error ... \
                 errorId: (optional) Populated only if the call ended with an error",
            ),
            check: Check::Fields {
                when: "disconnectCause",
                is: NORMAL_CAUSES,
                set: &[],
                unset: &["errorMessage", "errorId"],
            },
        },
        Rule {
            code: Code::SemanticMonotonic,
            summary: "the same callId polled again: state never goes back (initiated < \
                      answered < disconnected), lastUpdate never decreases, answerTime and \
                      endTime never change once set",
            severity: Severity::Error,
            reason: POLLS_REASON,
            citation: v2(
                "state: The current state of the call: initiated, answered, or disconnected ... \
                 lastUpdate: The last time the call had a state update",
            ),
            check: Check::Polls(Polls {
                id: "callId",
                state: "state",
                order: &[
                    &[Some("initiated")],
                    &[Some("answered")],
                    &[Some("disconnected")],
                ],
                update: Some(t("lastUpdate")),
                fixed: &[t("answerTime"), t("endTime")],
            }),
        },
    ],
};

/// `bandwidth/catapult-v1/list-calls`: every rule applies to each call of the page.
pub const CATAPULT_V1: Semantics = Semantics {
    each_item: true,
    rules: &[
        Rule {
            code: Code::SemanticTimeOrder,
            summary: "startTime <= activeTime <= endTime",
            severity: Severity::Error,
            reason: ORDER_REASON,
            citation: v1(
                "startTime: Date when the call was created ... activeTime: Date when the call \
                 was answered ... endTime: Date when the call ended",
            ),
            check: Check::TimeOrder(&[t("startTime"), t("activeTime"), t("endTime")]),
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "state `completed` => endTime set",
            severity: Severity::Error,
            reason: STATED,
            citation: v1("endTime: Date when the call ended"),
            check: Check::Fields {
                when: "state",
                is: &[Some("completed")],
                set: &["endTime"],
                unset: &[],
            },
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "state `active` => activeTime set, endTime null",
            severity: Severity::Error,
            reason: STATED,
            citation: v1(
                "activeTime: Date when the call was answered ... endTime: Date when the call \
                 ended (the second example: an `active` call with an activeTime and no endTime)",
            ),
            check: Check::Fields {
                when: "state",
                is: &[Some("active")],
                set: &["activeTime"],
                unset: &["endTime"],
            },
        },
        Rule {
            code: Code::SemanticStateFields,
            summary: "state `started` => activeTime and endTime null",
            severity: Severity::Error,
            reason: STATED,
            citation: v1("activeTime: Date when the call was answered"),
            check: Check::Fields {
                when: "state",
                is: &[Some("started")],
                set: &[],
                unset: &["activeTime", "endTime"],
            },
        },
        Rule {
            code: Code::SemanticDuration,
            summary: "chargeableDuration >= endTime - activeTime (tolerance 1 s)",
            severity: Severity::Warning,
            reason: "the document says what is billed, not that every active second is; the \
                     examples bill 60 s for 3.5 s of talk, so billing rounds up, and a call \
                     billed for less than its talk time is suspicious rather than wrong",
            citation: v1("chargeableDuration: The number of seconds the call will be billed for"),
            check: Check::Duration {
                field: "chargeableDuration",
                from: t("activeTime"),
                to: t("endTime"),
                relation: Relation::AtLeast,
                tolerance_secs: 1,
            },
        },
        Rule {
            code: Code::SemanticMonotonic,
            summary: "the same call id listed again: state never goes back (started < active \
                      < completed or rejected), activeTime and endTime never change once set",
            severity: Severity::Error,
            reason: POLLS_REASON,
            citation: v1(
                "state: The call state. Described below, values are: started, rejected, \
                 active, completed, transferring",
            ),
            check: Check::Polls(Polls {
                id: "id",
                state: "state",
                order: &[
                    &[Some("started")],
                    &[Some("active")],
                    &[Some("completed"), Some("rejected")],
                ],
                update: None,
                fixed: &[t("activeTime"), t("endTime")],
            }),
        },
    ],
};
