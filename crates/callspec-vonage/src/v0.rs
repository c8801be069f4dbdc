//! Vonage Contact Center API v0, "Retrieving the call detail"
//! (<https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3568796012/Retrieving+the+call+detail>).

use callspec_core::{
    Auth, Endpoint, HeaderRule, Maybe, PhoneNumber, Resource, Response, SourceDocument, Uri, Uuid,
    required_nullable, string_enum,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The document this module encodes.
pub const SOURCE: SourceDocument = SourceDocument {
    provider: "Vonage Contact Center API",
    title: "Retrieving the call detail",
    url: "https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3568796012/Retrieving+the+call+detail",
};

/// `vonage/v0/call-detail`.
pub const RESOURCE: Resource = Resource {
    id: "vonage/v0/call-detail",
    title: "Vonage Contact Center call detail",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<CallDetail>(RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_object::<CallDetail>,
};

/// `vonage/v0/not-found`.
pub const NOT_FOUND_RESOURCE: Resource = Resource {
    id: "vonage/v0/not-found",
    title: "Vonage Contact Center 404 body",
    source: SOURCE,
    schema: || callspec_core::schema::resource_schema::<NotFound>(NOT_FOUND_RESOURCE.id, &SOURCE),
    typed: callspec_core::round_trip_object::<NotFound>,
};

/// The `Accept` header the endpoint requires. The document shows `application/json;version=3`
/// (and `application/json; version=3` in its curl examples) while its prose says "version 6";
/// callspec holds the value shown, `version=3`.
pub const ACCEPT: HeaderRule = HeaderRule {
    name: "Accept",
    media_type: "application/json",
    parameters: &[("version", "3")],
    description: "The API version travels in the Accept header: application/json;version=3 \
                  (Retrieving the call detail; its prose says version 6, its header value says 3, \
                  and callspec holds the header value).",
};

/// `GET https://{emea|nam|apac}.cc.vonage.com/v0/{accountKey}/calls/{callGuid}`, OAuth bearer
/// token, `Accept: application/json;version=3`.
pub const ENDPOINT: Endpoint = Endpoint {
    id: "vonage/v0/get-call-detail",
    method: "GET",
    hosts: &[
        "emea.cc.vonage.com",
        "nam.cc.vonage.com",
        "apac.cc.vonage.com",
    ],
    path: "/v0/{accountKey}/calls/{callGuid}",
    path_suffixes: &[],
    auth: Auth::Bearer,
    headers: &[ACCEPT],
    query: None,
    responses: &[
        Response {
            status: 200,
            resource: Some(RESOURCE.id),
            description: "The call detail of an active or completed call (up to 24 hours after).",
        },
        Response {
            status: 404,
            resource: Some(NOT_FOUND_RESOURCE.id),
            description: "No call with that identifier.",
        },
    ],
    source: SOURCE,
};

/// The detail of an active or completed call (Retrieving the call detail). Both examples show
/// `id`, `links`, `from`, `to`, `status`, `recordingStatus` and `dispositionCode`, so they are
/// required; the last three may be null as the document says. `result` is "included only when
/// a call fault is recorded", so it may be absent (or null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallDetail {
    /// The call's identifier, the `callGuid` of the request (a UUID).
    pub id: Uuid,
    /// Links to the call resource.
    #[serde(deserialize_with = "callspec_core::objects")]
    pub links: Vec<Link>,
    /// The party that placed the call.
    #[serde(deserialize_with = "callspec_core::object")]
    pub from: From,
    /// The party that received the call.
    #[serde(deserialize_with = "callspec_core::object")]
    pub to: To,
    /// Call status: `Active`, or null if the call is disconnected.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<Status>")]
    pub status: Option<Status>,
    /// On an active call `Started`, `Stopped` or `Paused`; null on an inactive call.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<RecordingStatus>")]
    pub recording_status: Option<RecordingStatus>,
    /// The fault recorded for the call; included only when a call fault is recorded.
    #[serde(
        default,
        deserialize_with = "callspec_core::maybe_object",
        skip_serializing_if = "Maybe::is_absent"
    )]
    pub result: Maybe<CallResult>,
    /// The disposition code set for the call, free text (`Wrong Number`, `Sale`); null if no
    /// disposition code is set.
    #[serde(deserialize_with = "required_nullable")]
    #[schemars(with = "Maybe<String>")]
    pub disposition_code: Option<String>,
}

/// A link to a related resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    /// The absolute URI of the resource. The document masks the region as `***`, which is a
    /// valid host in a URI.
    pub href: Uri,
    /// The relation, such as `_self`.
    pub rel: String,
}

/// The party that placed the call. The document's examples show either `telephoneNumber` or
/// `presentedCLID`, with `agentId`; each may be absent or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct From {
    /// The caller's number: national with its leading 0 as the examples write it
    /// (`02072068888`), international digits, or E.164.
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub telephone_number: Maybe<PhoneNumber>,
    /// The presented caller line identity (`08008888888`), written as `telephoneNumber` is.
    #[serde(
        default,
        rename = "presentedCLID",
        skip_serializing_if = "Maybe::is_absent"
    )]
    pub presented_clid: Maybe<PhoneNumber>,
    /// The id of the agent on the call, a string (`"10"`).
    #[serde(default, skip_serializing_if = "Maybe::is_absent")]
    pub agent_id: Maybe<String>,
}

/// The party that received the call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct To {
    /// The number called, written as `from.telephoneNumber` is. Both examples show it, so it
    /// is required.
    pub telephone_number: PhoneNumber,
}

/// The fault recorded for a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CallResult {
    /// Overall result.
    pub code: ResultCode,
    /// Which party in the call raised the result.
    pub party: Party,
    /// Why.
    pub reason: Reason,
}

/// The 404 body: `{ "message": "The requested resource was not found." }`
/// (Retrieving the call detail).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NotFound {
    /// What went wrong, free text.
    pub message: String,
}

string_enum! {
    /// Call status: `Active`; a disconnected call has null (Retrieving the call detail). Closed.
    pub enum Status: closed {
        /// The call is in progress.
        Active = "Active",
    }
}

string_enum! {
    /// Recording status on an active call (Retrieving the call detail). Closed.
    pub enum RecordingStatus: closed {
        /// Recording.
        Started = "Started",
        /// Recording stopped.
        Stopped = "Stopped",
        /// Recording paused.
        Paused = "Paused",
    }
}

string_enum! {
    /// Overall result: `Failure` or `Success` (Retrieving the call detail). Closed.
    pub enum ResultCode: closed {
        /// The call failed.
        Failure = "Failure",
        /// The call succeeded.
        Success = "Success",
    }
}

string_enum! {
    /// Which party raised the result: `Originator` if the fault occurred requesting the call,
    /// `Recipient` if the destination triggered it (Retrieving the call detail). Closed.
    pub enum Party: closed {
        /// The fault occurred requesting the call.
        Originator = "Originator",
        /// The destination triggered the fault.
        Recipient = "Recipient",
    }
}

string_enum! {
    /// Why the call had its result (Retrieving the call detail). Closed.
    pub enum Reason: closed {
        /// The call failed.
        CallFailed = "CallFailed",
        /// The call was rejected.
        CallRejected = "CallRejected",
        /// Nobody answered.
        NoAnswer = "NoAnswer",
        /// The call ended normally.
        Normal = "Normal",
        /// The number was busy.
        NumberBusy = "NumberBusy",
        /// The number has changed.
        NumberChanged = "NumberChanged",
        /// The reason is not known.
        Unknown = "Unknown",
    }
}
