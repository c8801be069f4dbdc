//! HAR 1.2 captures: one record per entry of `log.entries`, with the HTTP exchange around the
//! response body. Read leniently: only the fields used are declared, every one may be missing or
//! null, and an entry whose fields have the wrong types is a record of its own.

use base64::Engine as _;
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Deserializer};

use super::decompress::{Decompressed, read_whole};
use super::error::ReadProblem;
use super::record::{Exchange, Origin, Record, strip_bom};
use super::records::io_problem;
use crate::locate::{self, Position};

/// Reads a HAR document, then hands out its entries one at a time.
pub(super) enum HarReader {
    Unread(Decompressed, Option<u64>),
    Entries(std::iter::Enumerate<std::vec::IntoIter<LenientEntry>>),
    Done,
}

impl HarReader {
    pub(super) fn new(decompressed: Decompressed, size_hint: Option<u64>) -> Self {
        HarReader::Unread(decompressed, size_hint)
    }

    /// The next entry's record, `origin` filled in with its index.
    pub(super) fn next_record(&mut self, origin: Origin) -> Option<Record> {
        if let HarReader::Unread(..) = self {
            let HarReader::Unread(reader, size_hint) = std::mem::replace(self, HarReader::Done)
            else {
                return None;
            };
            let mut bytes = match read_whole(reader, size_hint) {
                Ok(bytes) => bytes,
                Err((err, gzip)) => return Some(io_problem(origin, &err, gzip)),
            };
            strip_bom(&mut bytes);
            match parse_har(&bytes) {
                Ok(entries) => *self = HarReader::Entries(entries.into_iter().enumerate()),
                Err(problem) => {
                    return Some(Record {
                        origin,
                        body: Err(problem),
                        exchange: None,
                    });
                }
            }
        }
        let HarReader::Entries(entries) = self else {
            return None;
        };
        let Some((index, entry)) = entries.next() else {
            *self = HarReader::Done;
            return None;
        };
        let (body, exchange) = har_entry(entry);
        let mut origin = Origin {
            entry: Some(index),
            ..origin
        };
        let body = body.map(|mut body| {
            origin.bom = strip_bom(&mut body);
            body
        });
        Some(Record {
            origin,
            body,
            exchange,
        })
    }
}

/// serde's messages quote the offending value; in a HAR document that value may be a
/// credential, so it is left out.
fn without_values(message: &str) -> String {
    crate::redact::without_quoted(message)
}

#[derive(Deserialize)]
struct HarDocument {
    #[serde(default)]
    log: Option<HarLog>,
}

#[derive(Deserialize)]
struct HarLog {
    #[serde(default)]
    entries: Option<Vec<LenientEntry>>,
}

/// An entry, or why it does not have the HAR shape.
pub(super) struct LenientEntry(Result<HarEntry, String>);

impl<'de> Deserialize<'de> for LenientEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(LenientEntry(
            serde_json::from_value(value).map_err(|err| without_values(&err.to_string())),
        ))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarEntry {
    request: Option<HarRequest>,
    response: Option<HarResponse>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HarRequest {
    #[serde(deserialize_with = "null_default")]
    method: String,
    #[serde(deserialize_with = "null_default")]
    url: String,
    #[serde(deserialize_with = "null_default")]
    headers: Vec<HarPair>,
    query_string: Option<Vec<HarPair>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarResponse {
    #[serde(deserialize_with = "null_default")]
    status: u16,
    #[serde(deserialize_with = "null_default")]
    headers: Vec<HarPair>,
    content: Option<HarContent>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HarContent {
    mime_type: Option<String>,
    text: Option<String>,
    encoding: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarPair {
    #[serde(deserialize_with = "null_default")]
    name: String,
    #[serde(deserialize_with = "null_default")]
    value: String,
}

fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn parse_har(bytes: &[u8]) -> Result<Vec<LenientEntry>, ReadProblem> {
    // serde would also read a struct from an array; a HAR document is an object.
    let first = locate::skip_ws(bytes, 0);
    if bytes.get(first).is_some_and(|&b| b != b'{') {
        return Err(ReadProblem::HarDocument {
            message: "the top-level value is not an object".to_owned(),
            position: Some(locate::position_at(bytes, first, Position::START)),
        });
    }
    let document: HarDocument = serde_json::from_slice(bytes).map_err(|err| {
        let mut message = without_values(&err.to_string());
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        if err.line() > 0 && message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
        ReadProblem::HarDocument {
            message,
            position: (err.line() > 0).then(|| locate::syntax_position(bytes, &err)),
        }
    })?;
    document
        .log
        .and_then(|log| log.entries)
        .ok_or(ReadProblem::HarNoEntries)
}

fn har_entry(entry: LenientEntry) -> (Result<Vec<u8>, ReadProblem>, Option<Exchange>) {
    let entry = match entry.0 {
        Ok(entry) => entry,
        Err(message) => return (Err(ReadProblem::InvalidEntry { message }), None),
    };
    let Some(request) = entry.request else {
        return (Err(ReadProblem::MissingRequest), None);
    };
    let Some(response) = entry.response else {
        return (Err(ReadProblem::MissingResponse), None);
    };
    let query = match request.query_string {
        Some(pairs) if !pairs.is_empty() => pairs.into_iter().map(HarPair::into_tuple).collect(),
        _ => query_from_url(&request.url),
    };
    let (content, mime_type) = match response.content {
        Some(mut content) => {
            let mime_type = content.mime_type.take();
            (Some(content), mime_type)
        }
        None => (None, None),
    };
    let exchange = Exchange {
        method: request.method,
        url: request.url,
        request_headers: request
            .headers
            .into_iter()
            .map(HarPair::into_tuple)
            .collect(),
        query,
        status: response.status,
        response_headers: response
            .headers
            .into_iter()
            .map(HarPair::into_tuple)
            .collect(),
        mime_type,
    };
    let body = match content {
        None => Err(ReadProblem::MissingContent),
        Some(HarContent { text: None, .. }) => Err(ReadProblem::MissingText),
        Some(HarContent {
            text: Some(text),
            encoding,
            ..
        }) => decode_text(text, encoding.as_deref()),
    };
    (body, Some(exchange))
}

impl HarPair {
    fn into_tuple(self) -> (String, String) {
        (self.name, self.value)
    }
}

fn decode_text(text: String, encoding: Option<&str>) -> Result<Vec<u8>, ReadProblem> {
    match encoding {
        None | Some("") => Ok(text.into_bytes()),
        Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
            let engine = &base64::engine::general_purpose::STANDARD;
            let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
                let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                engine.decode(compact)
            } else {
                engine.decode(text.as_bytes())
            };
            decoded.map_err(|err| ReadProblem::Base64 {
                message: err.to_string(),
            })
        }
        Some(encoding) => Err(ReadProblem::UnsupportedEncoding {
            encoding: encoding.to_owned(),
        }),
    }
}

/// The query parameters of `url`, percent-decoded (lossily for invalid UTF-8); `+` is kept.
fn query_from_url(url: &str) -> Vec<(String, String)> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

fn decode_component(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}
