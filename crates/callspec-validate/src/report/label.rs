//! How text output names things: a record's place, what a finding is about, the request line;
//! each made safe for a terminal and masked as the style says.

use std::borrow::Cow;

use super::Style;
use crate::engine::Report;
use crate::finding::{Code, Finding};
use crate::redact::mask_phones_in_text;

/// The request line for display: `%2B` is how a URL writes the `+` of an E.164 number, so it
/// is decoded before phone numbers are masked.
pub(super) fn request_line<'a>(style: &Style, request: &'a str) -> Cow<'a, str> {
    if style.show_values {
        return Cow::Borrowed(request);
    }
    let readable = request.replace("%2B", "+").replace("%2b", "+");
    Cow::Owned(mask_phones_in_text(&readable).into_owned())
}

/// Text for a terminal: control characters, which a terminal would act on, become `�`.
pub(super) fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\t') {
        Cow::Owned(text.chars().map(crate::finding::printable).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// What a finding is about, in words: the request headers, a query parameter, the whole body
/// or a value at a pointer.
pub(super) fn subject(finding: &Finding) -> String {
    match finding.code {
        Code::RequestHeader | Code::RequestAuth => "the request headers".to_owned(),
        Code::RequestQuery | Code::RequestUnknownParameter => {
            format!(
                "query parameter `{}`",
                finding.pointer.trim_start_matches('/')
            )
        }
        _ if finding.pointer.is_empty() => "the whole body".to_owned(),
        _ => format!("`{}`", finding.pointer),
    }
}

pub(super) fn source(report: &Report) -> &str {
    report.origin.as_ref().map_or("<body>", |o| &o.source)
}

/// Where a record is, for people: `path`, `path:12` (NDJSON), `path#entry=3` (HAR).
pub(super) fn record_label(report: &Report) -> String {
    report
        .origin
        .as_ref()
        .map_or_else(|| "<body>".to_owned(), ToString::to_string)
}
