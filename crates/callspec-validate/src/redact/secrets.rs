//! The credentials of one record, and the [`Redactor`] that removes them, with every other
//! secret the redaction rules know, from any text shown about that record.

use std::borrow::Cow;

use base64::Engine as _;
use percent_encoding::percent_decode_str;

use super::REDACTED;
use super::names::{is_secret_header, is_secret_key, is_secret_query_param};
use super::phone::mask_phones_in_text;
use super::url::Url;
use crate::input::Exchange;

/// Secrets shorter than this are removed where they are found (a header, the userinfo, a
/// parameter) but not searched for in the rest of the output: a user name such as `user` would
/// otherwise cut `/users/` out of every path.
pub const MIN_SEARCHED: usize = 6;

/// The credentials of one record: every value redaction removes wherever it appears in what is
/// shown about the record, not only where it was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    values: Vec<Box<str>>,
}

impl Secrets {
    /// No secrets.
    #[must_use]
    pub fn new() -> Self {
        Secrets::default()
    }

    /// Whether none is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The secrets known, longest first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(AsRef::as_ref)
    }

    /// The credentials of a HAR exchange: the values of secret headers (request and response,
    /// every occurrence, any case) with the credential after an `Authorization` scheme, the
    /// decoded user and password of `Basic`, and each `name=value` of a cookie; the userinfo of
    /// the URL (and of any URL in a header value) with its user and password, raw and
    /// percent-decoded; the values of secret query, fragment and path parameters.
    #[must_use]
    pub fn of_exchange(exchange: &Exchange) -> Self {
        let mut secrets = Secrets::new();
        for (name, value) in exchange
            .request_headers
            .iter()
            .chain(&exchange.response_headers)
        {
            if is_secret_header(name) {
                secrets.learn_header_value(value);
            }
            secrets.learn_urls_in(value);
        }
        secrets.learn_url(&exchange.url);
        for (name, value) in &exchange.query {
            if is_secret_query_param(name) {
                secrets.add(value);
            }
        }
        secrets.finish();
        secrets
    }

    /// Learns the values of secret fields ([`is_secret_key`]) in JSON text, such as a body.
    pub fn learn_json(&mut self, text: &[u8]) {
        let text = String::from_utf8_lossy(text);
        for_each_secret_field(&text, |value| self.add(&unescape_json(value)));
        self.finish();
    }

    /// Adds one secret (and its percent-decoded form, when different).
    pub fn add(&mut self, value: &str) {
        let value = value.trim_matches(|c: char| c.is_whitespace() || c == '"');
        if value.is_empty() || value == REDACTED {
            return;
        }
        self.values.push(value.into());
        let decoded = percent_decode_str(value).decode_utf8_lossy();
        if decoded != value {
            self.values.push(decoded.as_ref().into());
        }
        // As JSON text writes it (a body, an excerpt).
        if let Ok(json) = serde_json::to_string(value) {
            let json = &json[1..json.len() - 1];
            if json != value {
                self.values.push(json.into());
            }
        }
    }

    fn learn_header_value(&mut self, value: &str) {
        self.add(value);
        let value = value.trim();
        if let Some((scheme, credential)) = value.split_once([' ', '\t']) {
            let credential = credential.trim();
            self.add(credential);
            if scheme.eq_ignore_ascii_case("basic") {
                let engine = base64::engine::GeneralPurpose::new(
                    &base64::alphabet::STANDARD,
                    base64::engine::GeneralPurposeConfig::new()
                        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
                );
                if let Ok(decoded) = engine.decode(credential) {
                    let decoded = String::from_utf8_lossy(&decoded);
                    self.add(&decoded);
                    if let Some((user, password)) = decoded.split_once(':') {
                        self.add(user);
                        self.add(password);
                    }
                }
            }
        }
        // Cookies, Set-Cookie attributes and auth parameters (`realm="x", response="y"`).
        for part in value.split([';', ',', ' ']) {
            if let Some((_, v)) = part.split_once('=') {
                self.add(v);
            }
        }
    }

    fn learn_url(&mut self, url: &str) {
        let parsed = Url::parse(url);
        if let Some(userinfo) = parsed.userinfo {
            self.add(userinfo);
            if let Some((user, password)) = userinfo.split_once(':') {
                self.add(user);
                self.add(password);
            }
        }
        for (name, value) in parsed.params() {
            if super::names::is_secret_param_raw(name) {
                self.add(value);
            }
        }
    }

    fn learn_urls_in(&mut self, text: &str) {
        for (i, _) in text.match_indices("://") {
            let start = text[..i]
                .rfind(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | ','))
                .map_or(0, |s| s + 1);
            let end = text[i..]
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '>' | ','))
                .map_or(text.len(), |e| i + e);
            self.learn_url(&text[start..end]);
        }
    }

    /// Longest first (so a secret holding another is removed whole), without repeats.
    fn finish(&mut self) {
        self.values
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.values.dedup();
    }

    /// Adds every secret of `other`.
    pub fn extend(&mut self, other: &Secrets) {
        self.values.extend(other.values.iter().cloned());
        self.finish();
    }
}

/// Removes secrets from text about one record: the record's [`Secrets`] wherever they appear,
/// the values of secret fields in JSON text, URL userinfo and secret URL parameters in any
/// string, and, unless values are shown, phone numbers masked.
#[derive(Debug, Clone)]
pub struct Redactor<'a> {
    secrets: &'a Secrets,
    show_values: bool,
}

impl<'a> Redactor<'a> {
    /// A redactor of `secrets`; `show_values` keeps phone numbers (never a credential).
    #[must_use]
    pub fn new(secrets: &'a Secrets, show_values: bool) -> Self {
        Redactor {
            secrets,
            show_values,
        }
    }

    /// `text` with every secret removed and, unless values are shown, phone numbers masked.
    #[must_use]
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        for secret in self.secrets.iter() {
            if secret.len() >= MIN_SEARCHED && out.contains(secret) {
                out = Cow::Owned(out.replace(secret, REDACTED));
            }
        }
        if out.contains("://") {
            out = Cow::Owned(redact_urls_in(&out));
        }
        if out.contains('"')
            && let Cow::Owned(masked) = mask_secret_fields(&out)
        {
            out = Cow::Owned(masked);
        }
        if !self.show_values
            && let Cow::Owned(masked) = mask_phones_in_text(&out)
        {
            out = Cow::Owned(masked);
        }
        out
    }
}

impl Redactor<'_> {
    /// `text`, a window cut out of a longer line (starting or ending in `…`), with a secret cut
    /// by the window's edge removed too: the run of characters at a cut edge, up to a quote, a
    /// comma or whitespace, is removed when it is the end (at the start) or the start (at the
    /// end) of a known secret of at least 4 characters.
    #[must_use]
    pub fn window<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let stop = |c: char| c == '"' || c == ',' || c.is_whitespace();
        let mut out = Cow::Borrowed(text);
        if let Some(rest) = out.strip_prefix('…') {
            let end = rest.find(stop).unwrap_or(rest.len());
            let piece = &rest[..end];
            if piece.len() >= 4 && self.secrets.iter().any(|s| s.ends_with(piece)) {
                out = Cow::Owned(format!("…{REDACTED}{}", &rest[end..]));
            }
        }
        if let Some(rest) = out.strip_suffix('…') {
            let start = rest.rfind(stop).map_or(0, |i| i + 1);
            let piece = &rest[start..];
            if piece.len() >= 4 && self.secrets.iter().any(|s| s.starts_with(piece)) {
                out = Cow::Owned(format!("{}{REDACTED}…", &rest[..start]));
            }
        }
        out
    }
}

/// Every URL (`scheme://…` up to whitespace, a quote, a backtick or an angle bracket) in `text`
/// redacted as [`Url::redacted`] does.
fn redact_urls_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, _) in text.match_indices("://") {
        if i < copied {
            continue;
        }
        let start = text[copied..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_')))
            .map_or(copied, |s| {
                copied + s + text[copied + s..].chars().next().map_or(1, char::len_utf8)
            });
        let end = text[i + 3..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>'))
            .map_or(text.len(), |e| i + 3 + e);
        out.push_str(&text[copied..start]);
        out.push_str(&Url::parse(&text[start..end]).redacted());
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Calls `found` with the raw (still JSON-escaped) text of the value of every secret field in
/// JSON text: a string's contents, or a number or literal. A string cut off by the end of the
/// text counts up to there.
fn for_each_secret_field(text: &str, mut found: impl FnMut(&str)) {
    for (_, value) in secret_fields(text) {
        if let Some(value) = text.get(value) {
            found(value);
        }
    }
}

/// The byte ranges of the keys and values of secret fields in JSON text.
fn secret_fields(text: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut fields = Vec::new();
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'"', &bytes[at..]).map(|i| at + i) {
        let close = string_end(bytes, open + 1);
        let key = open + 1..close;
        at = (close + 1).min(bytes.len());
        let mut colon = at;
        while colon < bytes.len() && bytes[colon].is_ascii_whitespace() {
            colon += 1;
        }
        if bytes.get(colon) != Some(&b':') {
            continue;
        }
        if !is_secret_key(&unescape_json(&text[key.clone()])) {
            continue;
        }
        let mut start = colon + 1;
        while start < bytes.len() && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        let value = if bytes.get(start) == Some(&b'"') {
            let end = string_end(bytes, start + 1);
            at = (end + 1).min(bytes.len());
            start + 1..end
        } else {
            let end = bytes[start..]
                .iter()
                .position(|b| {
                    matches!(b, b',' | b'}' | b']' | b'{' | b'[') || b.is_ascii_whitespace()
                })
                .map_or(bytes.len(), |e| start + e);
            start..end
        };
        if !value.is_empty() {
            fields.push((key, value));
        }
    }
    fields
}

/// The index of the closing quote of the string whose contents start at `from` (or the end).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The values of secret fields in JSON text replaced by [`REDACTED`].
fn mask_secret_fields(text: &str) -> Cow<'_, str> {
    let fields = secret_fields(text);
    if fields.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (_, value) in fields {
        if !text.is_char_boundary(value.start) || !text.is_char_boundary(value.end) {
            continue;
        }
        out.push_str(&text[copied..value.start]);
        out.push_str(REDACTED);
        copied = value.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A JSON string's contents unescaped (the raw text when it does not parse).
fn unescape_json(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).map_or(Cow::Borrowed(raw), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange() -> Exchange {
        Exchange {
            method: "GET".into(),
            url: "https://us%40r:p#ss/w0rd@h.example/a;jsessionid=sessionABC?jwt=jwtTOKEN1".into(),
            request_headers: vec![
                (
                    "authorization".into(),
                    "Basic dXNlcm5hbWU6cGFzc3dvcmQx".into(),
                ),
                ("AUTHORIZATION".into(), "Bearer bearerTOKEN".into()),
                ("Cookie".into(), "a=cookieONE; b=cookieTWO".into()),
            ],
            query: vec![("code".into(), "oauthCODE1".into())],
            status: 200,
            response_headers: vec![("Set-Cookie".into(), "sid=setCOOKIE1; Path=/".into())],
            mime_type: None,
        }
    }

    #[test]
    fn credentials_of_an_exchange() {
        let secrets = Secrets::of_exchange(&exchange());
        let all: Vec<&str> = secrets.iter().collect();
        for secret in [
            "username",
            "password1",
            "bearerTOKEN",
            "cookieONE",
            "cookieTWO",
            "setCOOKIE1",
            "p#ss/w0rd",
            "us@r",
            "sessionABC",
            "jwtTOKEN1",
            "oauthCODE1",
        ] {
            assert!(all.contains(&secret), "{secret} not in {all:?}");
        }
    }

    #[test]
    fn removed_everywhere() {
        let secrets = Secrets::of_exchange(&exchange());
        let redactor = Redactor::new(&secrets, true);
        assert_eq!(
            redactor.text("field `bearerTOKEN` is not in the spec"),
            "field `***` is not in the spec"
        );
        assert_eq!(
            redactor.text(r#"{"callbackUrl": "https://u:pw@hooks.example/x?token=t1", "auth_token": "abc", "n": 1}"#),
            r#"{"callbackUrl": "https://***@hooks.example/x?token=***", "auth_token": "***", "n": 1}"#
        );
        assert_eq!(
            redactor.text(r#""password": 12345, "x""#),
            r#""password": ***, "x""#
        );
        assert_eq!(redactor.text(r#"…"token":"abc"#), r#"…"token":"***"#);
        assert_eq!(redactor.window("…TOKEN\", \"x\": 1"), "…***\", \"x\": 1");
        assert_eq!(redactor.window("\"x\": \"bearerTO…"), "\"x\": \"***…");
        assert_eq!(redactor.window("…abc\", 1…"), "…abc\", 1…");
    }

    #[test]
    fn body_fields() {
        let mut secrets = Secrets::new();
        secrets.learn_json(
            br#"{"sid":"AC1","auth_token":"twilioTOKEN9","nested":{"clientSecret":"s\"ecret1"}}"#,
        );
        let all: Vec<&str> = secrets.iter().collect();
        assert!(all.contains(&"twilioTOKEN9"), "{all:?}");
        assert!(all.contains(&"s\"ecret1"), "{all:?}");
        assert!(all.contains(&"s\\\"ecret1"), "{all:?}");
        assert!(!all.contains(&"AC1"));
    }
}
