//! One HAR entry into a record: the entry's JSON read leniently (only the fields used are
//! declared, every one may be missing or null, `status` may be written `200.0` or `"200"`), the
//! HTTP exchange around the response, and the body decoded: base64 with or without padding, then
//! by its `Content-Encoding` (gzip, deflate, br) when a proxy kept it compressed.

use std::io::Read;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::error::ReadProblem;
use super::record::Exchange;
use crate::locate::Position;

/// Standard base64, padded or not.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The body (or why there is none) and the exchange of the entry in `bytes`, which starts at
/// `start` in the capture; a decoded body is at most `max_body` bytes.
pub(super) fn read_entry(
    bytes: &[u8],
    start: Position,
    max_body: u64,
) -> (Result<Vec<u8>, ReadProblem>, Option<Exchange>) {
    let entry: HarEntry = match serde_json::from_slice(bytes) {
        Ok(entry) => entry,
        Err(err) => {
            let message = without_values(&err.to_string());
            let message = match message.rsplit_once(" at line ") {
                Some((message, _)) => message.to_owned(),
                None => message,
            };
            let problem = if err.is_data() {
                ReadProblem::InvalidEntry { message }
            } else {
                let at = Position::new(err.line().max(1) as u64, err.column().max(1) as u64);
                ReadProblem::EntrySyntax {
                    message,
                    position: at.relative_to(start),
                }
            };
            return (Err(problem), None);
        }
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
        status: response.status.0,
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
        }) => decode_body(&text, encoding.as_deref(), &exchange, max_body),
    };
    (body, Some(exchange))
}

/// serde's messages quote the offending value (``invalid type: integer `123` ``, `string "x"`);
/// in a HAR document that value may be a credential, so it is left out.
pub(super) fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                quote = Some(c);
                out.push(c);
                out.push('…');
            }
            None => out.push(c),
        }
    }
    out
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
    status: Status,
    #[serde(deserialize_with = "null_default")]
    headers: Vec<HarPair>,
    content: Option<HarContent>,
}

/// `response.status`: a whole number, written as an integer, a whole float (`200.0`) or a
/// numeric string (`"200"`), as recorders do; `null` is 0.
#[derive(Default)]
struct Status(u16);

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Option::<serde_json::Value>::deserialize(deserializer)?;
        let number = match &value {
            None => return Ok(Status(0)),
            Some(serde_json::Value::Number(n)) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            }),
            Some(serde_json::Value::String(s)) => s.trim().parse::<u64>().ok(),
            Some(_) => None,
        };
        number
            .and_then(|n| u16::try_from(n).ok())
            .map(Status)
            .ok_or_else(|| D::Error::custom("`response.status` is not an HTTP status number"))
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HarContent {
    mime_type: Option<String>,
    /// Kept raw: a lone surrogate escape in the body is the body's problem, not the entry's.
    text: Option<Box<RawValue>>,
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

impl HarPair {
    fn into_tuple(self) -> (String, String) {
        (self.name, self.value)
    }
}

/// The body's bytes from `response.content.text`: the JSON string read, base64-decoded when
/// marked so, and decompressed when its `Content-Encoding` says it was kept compressed.
fn decode_body(
    text: &RawValue,
    encoding: Option<&str>,
    exchange: &Exchange,
    max_body: u64,
) -> Result<Vec<u8>, ReadProblem> {
    let raw = text.get();
    if raw == "null" {
        return Err(ReadProblem::MissingText);
    }
    let text: String = serde_json::from_str(raw).map_err(|err| {
        let message = err.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        ReadProblem::BodyText {
            message: without_values(&message),
        }
    })?;
    let bytes = match encoding {
        None | Some("") => text.into_bytes(),
        Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
            let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
                let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                BASE64.decode(compact)
            } else {
                BASE64.decode(text.as_bytes())
            };
            decoded.map_err(|err| ReadProblem::Base64 {
                message: err.to_string(),
            })?
        }
        Some(encoding) => {
            return Err(ReadProblem::UnsupportedEncoding {
                encoding: encoding.to_owned(),
            });
        }
    };
    let content_encodings: Vec<String> = exchange
        .response_headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
        .flat_map(|(_, value)| value.split(','))
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e != "identity")
        .collect();
    let mut bytes = bytes;
    // Encodings apply in the order listed, so they come off in reverse. Recorders usually store
    // the decoded body and keep the header: a body that already reads as text is left as it is.
    for encoding in content_encodings.iter().rev() {
        if !kept_compressed(&bytes, encoding) {
            break;
        }
        bytes = decompress_body(&bytes, encoding, max_body)?;
    }
    if bytes.len() as u64 > max_body {
        return Err(ReadProblem::RecordTooLarge {
            what: "the response body",
            limit: max_body,
        });
    }
    Ok(bytes)
}

/// Whether `bytes` look compressed with `encoding` rather than already decoded.
fn kept_compressed(bytes: &[u8], encoding: &str) -> bool {
    match encoding {
        "gzip" | "x-gzip" => bytes.starts_with(&[0x1f, 0x8b]),
        "deflate" | "br" => {
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            !matches!(first, None | Some(b'{' | b'[' | b'"')) && std::str::from_utf8(bytes).is_err()
        }
        _ => false,
    }
}

fn decompress_body(bytes: &[u8], encoding: &str, max_body: u64) -> Result<Vec<u8>, ReadProblem> {
    let reader: Box<dyn Read + '_> = match encoding {
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(bytes)),
        "deflate" if bytes.first().is_some_and(|b| b & 0x0f == 8) => {
            Box::new(flate2::read::ZlibDecoder::new(bytes))
        }
        "deflate" => Box::new(flate2::read::DeflateDecoder::new(bytes)),
        "br" => Box::new(brotli::Decompressor::new(bytes, 4096)),
        other => {
            return Err(ReadProblem::UnsupportedEncoding {
                encoding: other.to_owned(),
            });
        }
    };
    let mut out = Vec::new();
    reader
        .take(max_body.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|err| ReadProblem::ContentEncoding {
            encoding: encoding.to_owned(),
            message: err.to_string(),
        })?;
    if out.len() as u64 > max_body {
        return Err(ReadProblem::RecordTooLarge {
            what: "the decompressed response body",
            limit: max_body,
        });
    }
    Ok(out)
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
