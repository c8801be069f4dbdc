//! Bandwidth Voice API v2, "Retrieve Call Information": the state of one call
//! (<https://dev.bandwidth.com/apis/voice/#operation/getCallState>).

use callspec_core::{
    Auth, E164Number, Endpoint, Maybe, Resource, Response, Rfc3339, SourceDocument, string_enum,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The document this module encodes.
pub const SOURCE: SourceDocument = SourceDocument {
    provider: "Bandwidth Voice API v2",
    title: "Retrieve Call Information",
    url: "https://dev.bandwidth.com/apis/voice/#operation/getCallState",
};

/// `bandwidth/voice-v2/call-state`.
pub const RESOURCE: Resource = Resource {
    id: "bandwidth/voice-v2/call-state",
    title: "Bandwidth Voice API v2 call state",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<CallState>(RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_object::<CallState>,
};

/// `GET https://voice.bandwidth.com/api/v2/accounts/{accountId}/calls/{callId}`, Basic auth.
pub const ENDPOINT: Endpoint = Endpoint {
    id: "bandwidth/voice-v2/get-call-state",
    method: "GET",
    hosts: &["voice.bandwidth.com"],
    path: "/api/v2/accounts/{accountId}/calls/{callId}",
    path_suffixes: &[],
    auth: Auth::Basic,
    headers: &[],
    query: None,
    responses: &[
        Response {
            status: 200,
            resource: Some(RESOURCE.id),
            description: "The call's current state.",
        },
        Response {
            status: 404,
            resource: None,
            description: "The call is unknown or was hung up more than 7 days ago; the document \
                          describes no body.",
        },
    ],
    source: SOURCE,
};

/// The current state of a call, as `GET /api/v2/accounts/{accountId}/calls/{callId}` returns it
/// (Retrieve Call Information, "Response Attributes"). Fields the document marks "(optional)"
/// may be absent or null; the document's example writes them as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallState {
    /// The call id.
    pub call_id: String,
    /// (optional) The A-leg call id, set only if this call is the B-leg of a `<Transfer>`.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub parent_call_id: Maybe<String>,
    /// The application id associated with the call.
    pub application_id: String,
    /// The account id associated with the call.
    pub account_id: String,
    /// The phone number that received the call, in E.164 format (e.g. `+15555555555`). The
    /// document allows only E.164 here; a SIP URI is a contract violation.
    pub to: E164Number,
    /// The phone number that made the call, in E.164 format (e.g. `+15555555555`).
    pub from: E164Number,
    /// The direction of the call.
    pub direction: Direction,
    /// The current state of the call.
    pub state: State,
    /// The time the call was initiated, in ISO 8601 format. callspec reads "ISO 8601" as RFC 3339
    /// `date-time` with any number of fractional digits; the document's example has three
    /// (Retrieve Call Information).
    pub start_time: Rfc3339,
    /// (optional) Populated once the call has been answered, with the time in ISO 8601 format.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub answer_time: Maybe<Rfc3339>,
    /// (optional) Populated once the call has ended, with the time in ISO 8601 format.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub end_time: Maybe<Rfc3339>,
    /// (optional) Populated once the call has ended, with the reason the call ended.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub disconnect_cause: Maybe<DisconnectCause>,
    /// (optional) Populated only if the call ended with an error, with a text explaining the
    /// reason.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub error_message: Maybe<String>,
    /// (optional) Populated only if the call ended with an error, with a Bandwidth internal id
    /// that references the error event.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub error_id: Maybe<String>,
    /// The last time the call had a state update, in ISO 8601 format (RFC 3339 `date-time`).
    pub last_update: Rfc3339,
}

string_enum! {
    /// The direction of the call: `inbound` or `outbound` (Retrieve Call Information). Closed.
    pub enum Direction: closed {
        /// The call came in to a Bandwidth number.
        Inbound = "inbound",
        /// The call was placed by the application.
        Outbound = "outbound",
    }
}

string_enum! {
    /// The current state of the call: `initiated`, `answered` or `disconnected`
    /// (Retrieve Call Information). Closed.
    pub enum State: closed {
        /// The call was created and is not answered yet.
        Initiated = "initiated",
        /// The call was answered and is in progress.
        Answered = "answered",
        /// The call has ended.
        Disconnected = "disconnected",
    }
}

string_enum! {
    /// Why the call ended. Open: the document says "this list is not exhaustive and other
    /// values can appear in the future" (Retrieve Call Information), so another string is
    /// drift, not a violation.
    pub enum DisconnectCause: open {
        /// One party hung up the call, a `<Hangup>` verb was executed, or there was no more
        /// BXML to execute; the call ended normally.
        Hangup = "hangup",
        /// The callee was busy.
        Busy = "busy",
        /// The call wasn't answered before the `callTimeout` was reached.
        Timeout = "timeout",
        /// The call was cancelled by its originator while it was ringing.
        Cancel = "cancel",
        /// The call was rejected by the callee.
        Rejected = "rejected",
        /// A BXML callback couldn't be delivered to the callback server.
        CallbackError = "callback-error",
        /// Invalid BXML was returned in response to a callback.
        InvalidBxml = "invalid-bxml",
        /// An unsupported action was tried on the call.
        ApplicationError = "application-error",
        /// The account rate limits were reached.
        AccountLimit = "account-limit",
        /// The system maximum capacity was reached.
        NodeCapacityExceeded = "node-capacity-exceeded",
        /// Some error not described in any of the other causes happened on the call.
        Error = "error",
        /// Some unknown error happened on the call.
        UnknownCause = "unknown",
    }
}
