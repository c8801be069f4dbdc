//! SignalWire LaML API 2010-04-01, "Retrieve a Call"
//! (<https://developer.signalwire.com/compatibility-api/rest/retrieve-a-call>).

use callspec_core::{
    Auth, CurrencyCode, E164OrSipUri, Endpoint, Maybe, NonNegative, Resource, Response, Rfc2822,
    SourceDocument, UriReference, Uuid, string_enum,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Number;

/// The document this module encodes.
pub const SOURCE: SourceDocument = SourceDocument {
    provider: "SignalWire Compatibility API (LaML)",
    title: "Retrieve a Call",
    url: "https://developer.signalwire.com/compatibility-api/rest/retrieve-a-call",
};

/// `signalwire/laml-2010-04-01/call`.
pub const RESOURCE: Resource = Resource {
    id: "signalwire/laml-2010-04-01/call",
    title: "SignalWire LaML call",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<Call>(RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_object::<Call>,
};

/// `GET https://{space}.signalwire.com/api/laml/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}`,
/// with or without the `.json` suffix. The document asks for an API token with the Voice scope;
/// LaML authenticates it with HTTP Basic (project id and token).
pub const ENDPOINT: Endpoint = Endpoint {
    id: "signalwire/laml-2010-04-01/get-call",
    method: "GET",
    hosts: &["{space}.signalwire.com"],
    path: "/api/laml/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}",
    path_suffixes: &[".json"],
    auth: Auth::Basic,
    headers: &[],
    query: None,
    responses: &[Response {
        status: 200,
        resource: Some(RESOURCE.id),
        description: "OK",
    }],
    source: SOURCE,
};

/// A call (Retrieve a Call, "Responses: OK"). The document marks no field optional:
/// callspec requires the fields every call has from its creation (`sid`, `account_sid`,
/// `api_version`, `date_created`, `date_updated`, `direction`, `from`, `to`, `status`, `uri`)
/// and lets those that describe later events, numbers or prices be absent or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Call {
    /// The unique identifier for the account that created this call (a UUID).
    pub account_sid: Uuid,
    /// The annotation for the call.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub annotation: Maybe<String>,
    /// Who or what the call was answered by: `human` or `machine`; absent or null when the call
    /// was not answered or answering machine detection was off.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub answered_by: Maybe<AnsweredBy>,
    /// The version of the SignalWire API. The document's example is
    /// `2010-04-01T00:00:00.000Z`; callspec accepts any string.
    pub api_version: String,
    /// The date this call was created, "RFC 2822 GMT format". The document's own examples
    /// write `Sept` (`Wed, 19 Sept 2018 20:00:00 +0000`), which RFC 2822 does not allow;
    /// callspec holds the stated format, so `Sept` is a contract violation.
    pub date_created: Rfc2822,
    /// The date this call was last updated (RFC 2822).
    pub date_updated: Rfc2822,
    /// The direction of the call.
    pub direction: Direction,
    /// The duration of the call in seconds: a JSON number (the document says "number"), not a
    /// string. Absent or null until the call ends.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub duration: Maybe<NonNegative>,
    /// The time the call was terminated (RFC 2822); absent or null until it ends.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub end_time: Maybe<Rfc2822>,
    /// The number this call was forwarded from; absent or null when it was not forwarded.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub forwarded_from: Maybe<E164OrSipUri>,
    /// The address that initiated the call: an E.164 number (`+xxxxxxxxxxx`) or a SIP endpoint
    /// (`sip:xxx@yyy.zzz`).
    pub from: E164OrSipUri,
    /// The formatted number that initiated the call, free text.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub formatted_from: Maybe<String>,
    /// The unique identifier for the call that created this call (a UUID); absent or null when
    /// there is none.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub parent_call_sid: Maybe<Uuid>,
    /// Outbound call: the unique identifier for OutgoingCallerId. Inbound call: the unique
    /// identifier for IncomingPhoneNumber (a UUID).
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub phone_number_sid: Maybe<Uuid>,
    /// The charge for the call, a JSON number of either sign (the document gives no sign);
    /// absent or null until the call is priced.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub price: Maybe<Number>,
    /// The currency of `price`. The document says "ISO 4127", a typo for ISO 4217 currency
    /// codes (`USD`).
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub price_unit: Maybe<CurrencyCode>,
    /// The unique identifier for the call (a UUID).
    pub sid: Uuid,
    /// The time the call began (RFC 2822); absent or null until it is answered.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub start_time: Maybe<Rfc2822>,
    /// The status of the call.
    pub status: Status,
    /// A map of available sub-resources.
    #[serde(
        default,
        deserialize_with = "callspec_core::maybe_object",
        skip_serializing_if = "Maybe::is_absent"
    )]
    pub subresource_uris: Maybe<SubresourceUris>,
    /// The address that received the call: E.164 or a SIP endpoint.
    pub to: E164OrSipUri,
    /// The formatted number that received the call, free text (`(310) 567-8901`).
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub formatted_to: Maybe<String>,
    /// The URI for the call, relative to the API host.
    pub uri: UriReference,
}

/// The sub-resources of a call (Retrieve a Call, `subresource_uris`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SubresourceUris {
    /// The URI for notifications.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub notifications: Maybe<UriReference>,
    /// The URI for recordings.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub recordings: Maybe<UriReference>,
}

string_enum! {
    /// Who or what answered: `human` or `machine` (Retrieve a Call). Closed.
    pub enum AnsweredBy: closed {
        /// A person answered.
        Human = "human",
        /// An answering machine answered.
        Machine = "machine",
    }
}

string_enum! {
    /// The direction of the call: `inbound` or `outbound` (Retrieve a Call). Closed:
    /// Twilio's `outbound-api` and `outbound-dial` are not in the document.
    pub enum Direction: closed {
        /// An incoming call.
        Inbound = "inbound",
        /// An outgoing call.
        Outbound = "outbound",
    }
}

string_enum! {
    /// The status of the call (Retrieve a Call). Closed: Twilio's `no-answer` is
    /// not in the document.
    pub enum Status: closed {
        /// Waiting to be placed.
        Queued = "queued",
        /// Ringing.
        Ringing = "ringing",
        /// Answered and in progress.
        InProgress = "in-progress",
        /// Canceled before it was answered.
        Canceled = "canceled",
        /// Answered and ended normally.
        Completed = "completed",
        /// The callee was busy.
        Busy = "busy",
        /// The call could not be placed.
        Failed = "failed",
    }
}
