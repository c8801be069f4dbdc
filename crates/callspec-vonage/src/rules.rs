//! Vonage Contact Center's semantic rules, next to the model they read: what a call detail
//! says across its fields and across polls of the same call, each citing the document.

use callspec_core::finding::{Code, Severity};
use callspec_core::rule::{Check, Citation, Polls, Rule, Semantics};

const fn cite(quote: &'static str) -> Citation {
    Citation {
        document: "Vonage Contact Center: Retrieving the call detail",
        url: "https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3568796012/Retrieving+the+call+detail",
        quote,
    }
}

/// `vonage/v0/call-detail`.
pub const CALL_DETAIL: Semantics = Semantics {
    each_item: false,
    rules: &[
        Rule {
            code: Code::SemanticStateFields,
            summary: "status null (disconnected) => recordingStatus null",
            severity: Severity::Error,
            reason: "the document states it: a record that breaks it contradicts the document",
            citation: cite(
                "status. Call status. Either \"Active\" or null if the call is disconnected. \
                 recordingStatus. On an active call this can be \"Started\", \"Stopped\" or \
                 \"Paused\". This is null on an inactive call.",
            ),
            check: Check::Fields {
                when: "status",
                is: &[None],
                set: &[],
                unset: &["recordingStatus"],
            },
        },
        Rule {
            code: Code::SemanticMonotonic,
            summary: "the same id polled again: a disconnected call (status null) never \
                      becomes \"Active\" again",
            severity: Severity::Error,
            reason: "a disconnected call does not come back; the input's order is taken as the \
                     order of the polls (`--rule semantic/monotonic=warning` for logs merged \
                     out of order)",
            citation: cite(
                "status. Call status. Either \"Active\" or null if the call is disconnected.",
            ),
            check: Check::Polls(Polls {
                id: "id",
                state: "status",
                order: &[&[Some("Active")], &[None]],
                update: None,
                fixed: &[],
            }),
        },
    ],
};
