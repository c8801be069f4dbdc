//! Byte-level corruptions: truncated, malformed and non-UTF-8 bodies, each raising its syntax finding.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn mutations(generator: &mut Generator) {
    let json = Code::SyntaxJson;
    let utf8 = Code::SyntaxUtf8;
    let text = |bytes: Vec<u8>, code: Code| Change::Text(bytes, vec![Expected::new(code, "")]);
    generator.add(
        Kind::Invalid,
        "syntax:truncated",
        "The body is cut short (a dropped connection), at a character boundary.",
        Base::Any,
        move |d, body| {
            let full = body.to_vec();
            let mut cut = 1 + d.below(full.len().saturating_sub(1).max(1));
            while cut > 1 && std::str::from_utf8(&full[..cut]).is_err() {
                cut -= 1;
            }
            text(full[..cut].to_vec(), json)
        },
    );
    generator.add(
        Kind::Invalid,
        "syntax:missing-separator",
        "A comma between members (or, in a one-member object, the colon after the key) is \
         missing, as in Apifonica's document example.",
        Base::Rich,
        move |d, body| {
            let full = body.to_vec();
            // In compact JSON, `,"` occurs only between members: a quote inside a string is
            // escaped.
            let commas: Vec<usize> = full
                .windows(2)
                .enumerate()
                .filter(|(_, w)| w == b",\"")
                .map(|(i, _)| i)
                .collect();
            let at = if commas.is_empty() {
                full.windows(2).position(|w| w == b"\":").map(|i| i + 1)
            } else {
                Some(commas[d.below(commas.len())])
            };
            let mut bytes = full;
            if let Some(at) = at {
                bytes.remove(at);
            }
            text(bytes, json)
        },
    );
    generator.add(
        Kind::Invalid,
        "syntax:concatenated-documents",
        "Two JSON documents back to back.",
        Base::Any,
        move |_, body| {
            let mut bytes = body.to_vec();
            let again = bytes.clone();
            bytes.extend_from_slice(&again);
            text(bytes, json)
        },
    );
    generator.add(
        Kind::Invalid,
        "syntax:html-error-page",
        "An HTML error page from a proxy instead of JSON.",
        Base::Any,
        move |_, _| {
            text(
                b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>".to_vec(),
                json,
            )
        },
    );
    let corruptions: [(&str, &str, &[u8]); 5] = [
        (
            "byte-ff",
            "the byte 0xFF, which never occurs in UTF-8",
            b"\xff",
        ),
        (
            "overlong",
            "an overlong encoding of `/` (0xC0 0xAF)",
            b"\xc0\xaf",
        ),
        (
            "surrogate",
            "an encoded UTF-16 surrogate (0xED 0xA0 0x80)",
            b"\xed\xa0\x80",
        ),
        (
            "truncated-sequence",
            "a three-byte sequence cut after two bytes (0xE2 0x82)",
            b"\xe2\x82",
        ),
        ("latin1", "Latin-1 text (`Caf\\xE9`)", b"Caf\xe9"),
    ];
    for (name, what, bad) in corruptions {
        generator.add(
            Kind::Invalid,
            format!("utf8:{name}"),
            format!("The first string holds {what}; the body is otherwise JSON."),
            Base::Any,
            move |_, body| {
                let mut bytes = body.to_vec();
                let at = bytes
                    .iter()
                    .position(|b| *b == b'"')
                    .map_or(bytes.len(), |i| i + 1);
                bytes.splice(at..at, bad.iter().copied());
                text(bytes, utf8)
            },
        );
    }
}
