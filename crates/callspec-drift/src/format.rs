//! The format class of a string: which of the shapes call-detail APIs write a string is in, so
//! a report shows `rfc3339/3` (three fractional digits) drifting to `rfc3339/6`, or E.164
//! numbers turning national.

/// The class of `s`, one of: `rfc3339/N` (N fractional digits), `rfc2822`, `e164`, `sip`,
/// `national` (7 to 15 digits with optional spaces, dashes or parentheses, no `+`),
/// `numeric` (a JSON number written as a string), `empty`, or `text`.
#[must_use]
pub fn format_class(s: &str) -> String {
    if s.is_empty() {
        return "empty".into();
    }
    if s.parse::<jiff::Timestamp>().is_ok() {
        let fraction = s.find('.').map_or(0, |dot| {
            s[dot + 1..].bytes().take_while(u8::is_ascii_digit).count()
        });
        return format!("rfc3339/{fraction}");
    }
    if jiff::fmt::rfc2822::parse(s).is_ok() {
        return "rfc2822".into();
    }
    if let Some(digits) = s.strip_prefix('+')
        && (1..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
    {
        return "e164".into();
    }
    let lower = s.get(..5).map(str::to_ascii_lowercase).unwrap_or_default();
    if lower.starts_with("sip:") || lower.starts_with("sips:") {
        return "sip".into();
    }
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let separators_only = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.'));
    if separators_only && (7..=15).contains(&digits) && !s.contains('.') {
        return "national".into();
    }
    if serde_json::from_str::<serde_json::Number>(s).is_ok() {
        return "numeric".into();
    }
    "text".into()
}

#[cfg(test)]
mod tests {
    use super::format_class;

    #[test]
    fn classes() {
        assert_eq!(format_class("2019-10-21T16:45:11.293Z"), "rfc3339/3");
        assert_eq!(format_class("2019-10-21T16:45:11Z"), "rfc3339/0");
        assert_eq!(
            format_class("2019-10-21T16:45:11.123456+02:00"),
            "rfc3339/6"
        );
        assert_eq!(format_class("Mon, 21 Oct 2019 16:45:11 +0000"), "rfc2822");
        assert_eq!(format_class("+15551112222"), "e164");
        assert_eq!(format_class("sip:alice@example.com"), "sip");
        assert_eq!(format_class("(555) 111-2222"), "national");
        assert_eq!(format_class("5551112222"), "national");
        assert_eq!(format_class("12.5"), "numeric");
        assert_eq!(format_class("42"), "numeric");
        assert_eq!(format_class(""), "empty");
        assert_eq!(format_class("hangup"), "text");
    }
}
