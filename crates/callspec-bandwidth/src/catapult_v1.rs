//! Bandwidth Catapult v1, "List Calls": the list of active and historic calls, and its query
//! parameters (<https://dev.bandwidth.com/ap-docs/methods/calls/getCalls.html>).

use std::borrow::Cow;
use std::collections::BTreeMap;

use callspec_core::{
    Auth, Count, E164OrSip, E164OrSipUri, Endpoint, Maybe, Resource, Response, Rfc3339,
    SourceDocument, Uri, present, string_enum,
};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// The document this module encodes.
pub const SOURCE: SourceDocument = SourceDocument {
    provider: "Bandwidth Catapult API v1",
    title: "List Calls",
    url: "https://dev.bandwidth.com/ap-docs/methods/calls/getCalls.html",
};

/// `bandwidth/catapult-v1/list-calls`.
pub const RESOURCE: Resource = Resource {
    id: "bandwidth/catapult-v1/list-calls",
    title: "Bandwidth Catapult v1 list of calls",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<ListCalls>(RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_array::<ListCalls>,
};

/// `bandwidth/catapult-v1/list-calls.query`.
pub const QUERY_RESOURCE: Resource = Resource {
    id: "bandwidth/catapult-v1/list-calls.query",
    title: "Bandwidth Catapult v1 list-calls query parameters",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<ListCallsQuery>(QUERY_RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_object::<ListCallsQuery>,
};

/// `GET https://api.catapult.inetwork.com/v1/users/{userId}/calls/`, Basic auth (the document's
/// examples use `-u {token}:{secret}`).
pub const ENDPOINT: Endpoint = Endpoint {
    id: "bandwidth/catapult-v1/list-calls",
    method: "GET",
    hosts: &["api.catapult.inetwork.com"],
    path: "/v1/users/{userId}/calls/",
    path_suffixes: &[],
    auth: Auth::Basic,
    headers: &[],
    query: Some(QUERY_RESOURCE.id),
    responses: &[Response {
        status: 200,
        resource: Some(RESOURCE.id),
        description: "A JSON array of calls.",
    }],
    source: SOURCE,
};

/// The body of `GET /v1/users/{userId}/calls/`: a JSON array of calls
/// (List Calls, both examples). An empty array is a valid page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListCalls(#[serde(deserialize_with = "callspec_core::objects")] pub Vec<Call>);

/// One call of the list (List Calls, "Properties"). The document marks no
/// property optional; callspec requires those both examples always show (`id`, `direction`,
/// `from`, `to`, `state`, `startTime`, `recordingEnabled`, `callbackUrl`) and lets the others,
/// which describe later events or settings, be absent or null. The examples' `events` link is
/// not in the property table but is on every call of both examples, so callspec knows it as an
/// optional URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    /// The unique ID of the call.
    pub id: String,
    /// Call direction: `in` for an incoming call, `out` for an outgoing call.
    pub direction: Direction,
    /// The phone number or SIP address that made the call: E.164 (`+15555555555`) or a SIP
    /// address, which the document writes without its scheme (`identify@domain.com`); callspec
    /// also accepts the `sip:` form.
    pub from: E164OrSip,
    /// The phone number or SIP address that received the call, written as `from` is.
    pub to: E164OrSip,
    /// The call state.
    pub state: State,
    /// Date when the call was created, ISO 8601 (RFC 3339 `date-time`).
    pub start_time: Rfc3339,
    /// Date when the call was answered, ISO 8601. Absent or null until the call is answered.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub active_time: Maybe<Rfc3339>,
    /// Date when the call ended, ISO 8601. Absent or null while the call is not over (the
    /// document's active call has none).
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub end_time: Maybe<Rfc3339>,
    /// The server URL where the call events related to the call will be sent. Both examples in
    /// List Calls show an empty string, so callspec reads `""` as "no callback"
    /// and requires the field: an absolute URI or the empty string.
    pub callback_url: CallbackUrl,
    /// Whether the HTTP callback event is sent via `GET` or `POST`. Default is `POST`.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub callback_http_method: Maybe<HttpMethod>,
    /// How long the platform waits for the callback URL's response before timing out, in
    /// milliseconds.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub callback_timeout: Maybe<Count>,
    /// The server URL used to send the call events if the request to `callbackUrl` fails.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub fallback_url: Maybe<Uri>,
    /// The id of the bridge for the call.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub bridge_id: Maybe<String>,
    /// The id of the conference for the call.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub conference_id: Maybe<String>,
    /// The number of seconds the call will be billed for. Absent on the document's active call.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub chargeable_duration: Maybe<Count>,
    /// Whether the call was recorded: `true` if enabled, `false` (the default) if disabled.
    /// Both examples show it, so callspec requires it.
    pub recording_enabled: bool,
    /// The file format of the recorded call: `wav` (default) or `mp3`.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub recording_file_format: Maybe<RecordingFileFormat>,
    /// Whether all the recordings for this call were automatically transcribed.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub transcription_enabled: Maybe<bool>,
    /// SIP headers prefixed by `X-`, "only returned if exist": at most 5, each name and value
    /// at most 256 characters.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub sip_headers: Maybe<SipHeaders>,
    /// The URL of the call's events, `/v1/users/{userId}/calls/{callId}/events` (Catapult
    /// "Calls", <https://dev.bandwidth.com/ap-docs/methods/calls/calls.html>: "Gets the list of
    /// call events for a call"). List Calls shows it on every call of both examples without
    /// listing it among the properties, so callspec reads it as an optional absolute URI.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub events: Maybe<Uri>,
}

string_enum! {
    /// Call direction: `in` for an incoming call, `out` for an outgoing call
    /// (List Calls). Closed.
    pub enum Direction: closed {
        /// An incoming call.
        In = "in",
        /// An outgoing call.
        Out = "out",
    }
}

string_enum! {
    /// The call state: `started`, `rejected`, `active`, `completed` or `transferring`
    /// (List Calls). Closed.
    pub enum State: closed {
        /// The call was created.
        Started = "started",
        /// The call was rejected (an outgoing call sent to voicemail is not `rejected`).
        Rejected = "rejected",
        /// The call is in progress.
        Active = "active",
        /// The call has ended.
        Completed = "completed",
        /// The call is being transferred.
        Transferring = "transferring",
    }
}

string_enum! {
    /// The HTTP method of callback events: `GET` or `POST` (List Calls).
    /// Closed, and spelled as the document spells it.
    pub enum HttpMethod: closed {
        /// HTTP GET.
        Get = "GET",
        /// HTTP POST, the default.
        Post = "POST",
    }
}

string_enum! {
    /// The file format of the recorded call: `wav` (default) or `mp3`
    /// (List Calls). Closed.
    pub enum RecordingFileFormat: closed {
        /// WAV, the default.
        Wav = "wav",
        /// MP3.
        Mp3 = "mp3",
    }
}

/// The callback URL: an absolute URI, or `""` when none is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CallbackUrl(String);

impl CallbackUrl {
    /// The URL as written (`""` when none is set).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for CallbackUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.is_empty() || callspec_core::text::is_uri(&text) {
            Ok(Self(text))
        } else {
            Err(serde::de::Error::custom(format_args!(
                "invalid callback URL `{text}`: expected an absolute URI or the empty string"
            )))
        }
    }
}

impl JsonSchema for CallbackUrl {
    fn schema_name() -> Cow<'static, str> {
        "CallbackUrl".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An absolute URI, or the empty string when no callback is set.",
            "anyOf": [
                { "type": "string", "maxLength": 0 },
                { "type": "string", "format": "uri" }
            ]
        })
    }
}

/// The most SIP headers a call carries (List Calls: "Up to 5 headers").
pub const MAX_SIP_HEADERS: usize = 5;
/// The longest SIP header name or value, in characters ("Max length ... 256 characters").
pub const MAX_SIP_HEADER_LEN: usize = 256;

/// SIP headers prefixed by `X-` (the prefix is compared without regard to case, as SIP header
/// names are), at most 5, each name and value at most 256 characters
/// (List Calls).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SipHeaders(pub BTreeMap<String, String>);

impl<'de> Deserialize<'de> for SipHeaders {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let map = BTreeMap::<String, String>::deserialize(deserializer)?;
        if map.len() > MAX_SIP_HEADERS {
            return Err(D::Error::custom(format_args!(
                "{} SIP headers: at most {MAX_SIP_HEADERS} are allowed",
                map.len()
            )));
        }
        for (name, value) in &map {
            if !(name.starts_with("X-") || name.starts_with("x-")) {
                return Err(D::Error::custom(format_args!(
                    "SIP header `{name}` does not start with `X-`"
                )));
            }
            if name.chars().count() > MAX_SIP_HEADER_LEN
                || value.chars().count() > MAX_SIP_HEADER_LEN
            {
                return Err(D::Error::custom(format_args!(
                    "SIP header `{name}`: name and value are limited to {MAX_SIP_HEADER_LEN} characters"
                )));
            }
        }
        Ok(Self(map))
    }
}

impl JsonSchema for SipHeaders {
    fn schema_name() -> Cow<'static, str> {
        "SipHeaders".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "SIP headers prefixed by `X-`: at most 5, each name and value at most 256 characters.",
            "maxProperties": MAX_SIP_HEADERS,
            "propertyNames": { "pattern": "^[Xx]-", "maxLength": MAX_SIP_HEADER_LEN },
            "additionalProperties": { "type": "string", "maxLength": MAX_SIP_HEADER_LEN }
        })
    }
}

/// The query parameters of `GET /v1/users/{userId}/calls/` (List Calls,
/// "Supported Parameters"), all optional. A query string carries text; callspec reads a
/// parameter whose schema type is `integer` as a number when it is written as digits, so
/// `page=-1` or `size=abc` fail as the document's constraints say.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListCallsQuery {
    /// The id of the bridge for querying a list of calls history (pagination does not apply).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub bridge_id: Option<String>,
    /// The id of the conference for querying a list of calls history (pagination does not
    /// apply).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "String")]
    pub conference_id: Option<String>,
    /// The number to filter calls that came from: an E.164 number (`+19195551212`) or a SIP URI
    /// (`sip:someone@somewhere.com`).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "E164OrSipUri")]
    pub from: Option<E164OrSipUri>,
    /// The number to filter calls that were called to: E.164 or a SIP URI.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "E164OrSipUri")]
    pub to: Option<E164OrSipUri>,
    /// The page requested, from 0; default 0.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Count")]
    pub page: Option<Count>,
    /// The size of each page: 1 to 1000; default 25. callspec reads "maximum value 1000" as
    /// inclusive and a page of 0 calls as not a page.
    #[serde(
        default,
        deserialize_with = "page_size",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Count", range(min = 1, max = 1000))]
    pub size: Option<Count>,
    /// How to sort the calls by `startTime`: `asc` or `desc`; default `desc`.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "SortOrder")]
    pub sort_order: Option<SortOrder>,
}

/// The largest page size (List Calls: "maximum value 1000").
pub const MAX_PAGE_SIZE: u32 = 1000;

fn page_size<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Count>, D::Error> {
    let size = Count::deserialize(deserializer)?;
    if size
        .as_u64()
        .is_some_and(|n| (1..=u64::from(MAX_PAGE_SIZE)).contains(&n))
    {
        Ok(Some(size))
    } else {
        let size = size.get();
        Err(serde::de::Error::custom(format_args!(
            "page size {size} is out of range: expected 1 to {MAX_PAGE_SIZE}"
        )))
    }
}

string_enum! {
    /// How to sort the calls by `startTime`: `asc` or `desc` (List Calls).
    /// Closed.
    pub enum SortOrder: closed {
        /// Oldest first.
        Asc = "asc",
        /// Newest first, the default.
        Desc = "desc",
    }
}
