//! Apifonica v2, "Get details of specific call"
//! (<https://www.apifonica.com/en/docs/api/rest/get-details-specific-call/>).

use callspec_core::{
    Auth, Count, Endpoint, InternationalOrSipUri, Maybe, NonNegative, Resource, Response, Rfc2822,
    SourceDocument, Uri, required_nullable, string_enum,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The document this module encodes.
pub const SOURCE: SourceDocument = SourceDocument {
    provider: "Apifonica REST API v2",
    title: "Get details of specific call",
    url: "https://www.apifonica.com/en/docs/api/rest/get-details-specific-call/",
};

/// `apifonica/v2/call`.
pub const RESOURCE: Resource = Resource {
    id: "apifonica/v2/call",
    title: "Apifonica v2 call details",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<Call>(RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_object::<Call>,
};

/// `GET https://api.apifonica.com/v2/accounts/{accountSID}/calls/{callSID}`, Basic auth
/// (`-u {accountSID}:{authToken}`).
pub const ENDPOINT: Endpoint = Endpoint {
    id: "apifonica/v2/get-call",
    method: "GET",
    hosts: &["api.apifonica.com"],
    path: "/v2/accounts/{accountSID}/calls/{callSID}",
    path_suffixes: &[],
    auth: Auth::Basic,
    headers: &[],
    query: None,
    responses: &[Response {
        status: 200,
        resource: Some(RESOURCE.id),
        description: "The call's details.",
    }],
    source: SOURCE,
};

/// A call, as `GET /v2/accounts/{accountSID}/calls/{callSID}` returns it
/// (Get details of specific call). The overview says a new call populates `call_sid`, `created`,
/// `account_sid`, `to`, `from`, `number_sid` and `direction`, sets `status` to `queued`, and
/// "all other parameters have the null value": callspec therefore requires every field of the
/// response table, lets those the overview does not populate be null, and lets `tag` (an
/// "optional string field") and `number_sid` (named in the overview only) be absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Call {
    /// Call identifier.
    pub call_sid: String,
    /// Identifier of the parent call leg; null when the call has none.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<String>")]
    pub parent_call_sid: Option<String>,
    /// Call creation date, RFC 2822 as the document's example writes it
    /// (`Fri, 21 Apr 2017 13:01:25 +0000`).
    pub created: Rfc2822,
    /// Account identifier.
    pub account_sid: String,
    /// Caller's phone number. The document's example writes international digits without `+`
    /// (`358942417543`); callspec also accepts E.164 with `+` and, since the `number` channel
    /// covers "local/mobile/SIP numbers", a SIP URI.
    pub from: InternationalOrSipUri,
    /// Recipient's phone number, written as `from` is.
    pub to: InternationalOrSipUri,
    /// Identifier of the number used for the call. Named in the overview only, neither in the
    /// example nor in the response table (Get details of specific call), so it may be absent.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub number_sid: Maybe<String>,
    /// Call direction.
    pub direction: Direction,
    /// Call status.
    pub status: Status,
    /// URL which was used to request the XML controller file; null until set.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Uri>")]
    pub controller: Option<Uri>,
    /// Method used to request the controller; null until set.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<HttpMethod>")]
    pub method: Option<HttpMethod>,
    /// The number of seconds to wait for the answer of the `to` number, counted from the API
    /// request; null until set.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Count>")]
    pub timeout: Option<Count>,
    /// Updated date (RFC 2822); null until the call is updated.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Rfc2822>")]
    pub updated: Option<Rfc2822>,
    /// Call begin date and time (RFC 2822); null until the call ends.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Rfc2822>")]
    pub started: Option<Rfc2822>,
    /// Call end date and time (RFC 2822); null until the call ends.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Rfc2822>")]
    pub ended: Option<Rfc2822>,
    /// Duration of the call in whole seconds; null until the call ends. The document's example
    /// gives 18 where `ended - started` is 6 s; callspec's contract does not compare them.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Count>")]
    pub duration: Option<Count>,
    /// Cost of the call in EURO cents, fractional (`0.0294`), never negative; null until the
    /// call ends.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<NonNegative>")]
    pub price: Option<NonNegative>,
    /// System identifier of the recording; null when recording is off or not ready.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<String>")]
    pub record_sid: Option<String>,
    /// Optional string for custom filtering of the calls; may be absent or null.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub tag: Maybe<String>,
    /// The call channel; null until set.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Channel>")]
    pub channel: Option<Channel>,
}

string_enum! {
    /// Call direction: `inbound` or `outbound` (Get details of specific call). Closed.
    pub enum Direction: closed {
        /// An incoming call.
        Inbound = "inbound",
        /// An outgoing call.
        Outbound = "outbound",
    }
}

string_enum! {
    /// Call status. Closed. The response table lists `queued`, `initiated`, `ringing`,
    /// `answered`, `completed`, `no_answer`, `busy`, `rejected`, `failed`, `modified`; the
    /// "Call status" section adds `canceled`, which callspec accepts too
    /// (Get details of specific call).
    pub enum Status: closed {
        /// The call is ready and waiting in line before going out.
        Queued = "queued",
        /// The call has been started.
        Initiated = "initiated",
        /// The call is currently ringing to the number `to`.
        Ringing = "ringing",
        /// The call was answered and is currently in progress.
        Answered = "answered",
        /// The call was answered and has ended normally.
        Completed = "completed",
        /// The call ended without being answered.
        NoAnswer = "no_answer",
        /// The call was canceled by the initiating party before being answered.
        Canceled = "canceled",
        /// The caller received a busy signal.
        Busy = "busy",
        /// The call was canceled while queued or ringing.
        Rejected = "rejected",
        /// The call could not be completed as dialed.
        Failed = "failed",
        /// The call was modified by the API function Modify live call.
        Modified = "modified",
    }
}

string_enum! {
    /// The HTTP method used to request the controller. The document names only `POST` (its
    /// example); callspec allows `GET` and `POST`, the methods a controller request can use.
    pub enum HttpMethod: closed {
        /// HTTP GET.
        Get = "GET",
        /// HTTP POST.
        Post = "POST",
    }
}

string_enum! {
    /// The call channel: `number` (local, mobile or SIP numbers) or `viber`
    /// (Get details of specific call). Closed.
    pub enum Channel: closed {
        /// A call to a local, mobile or SIP number.
        Number = "number",
        /// A call over Viber.
        Viber = "viber",
    }
}
