//! Text and identifier edges: empty, Unicode and long free text (the fields the provider registers), uuid and URI variants.

use callspec_core::GeneratorInputs;

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) fn edges(generator: &mut Generator, slots: &[Slot], inputs: GeneratorInputs) {
    for name in inputs.free_text {
        let Some(slot) = slots.iter().find(|s| s.name() == *name) else {
            continue;
        };
        let path = slot.path.clone();
        let texts: [(&str, &str, MakeText); 3] = [
            ("empty", "the empty string", String::new),
            (
                "unicode",
                "accents, an emoji, CJK, Arabic, a combining mark, U+2028, NUL, a quote and a backslash",
                || UNICODE_TEXT.to_owned(),
            ),
            ("long", "4096 characters", || values::long_text(LONG_TEXT)),
        ];
        for (what, description, make) in texts {
            let path = path.clone();
            generator.add(
                Kind::Edge,
                format!("{name}:{what}"),
                format!("The free-text field `{name}` holds {description}."),
                base_for(slot),
                move |_, body| {
                    set_all(body, &path, &Json::Str(make()));
                    no_findings()
                },
            );
        }
    }
    let uuids: Vec<Vec<Seg>> = slots_with_format(slots, "uuid")
        .into_iter()
        .map(|s| s.path.clone())
        .collect();
    if !uuids.is_empty() {
        generator.add(
            Kind::Edge,
            "uuid:uppercase",
            "Every UUID is written in uppercase hex digits.",
            Base::Rich,
            move |_, body| {
                for path in &uuids {
                    for p in places(body, path) {
                        if let Some(text) = get(body, &p).and_then(Json::as_str) {
                            let upper = text.to_ascii_uppercase();
                            set(body, &p, Json::Str(upper));
                        }
                    }
                }
                no_findings()
            },
        );
    }
    let uris: Vec<Vec<Seg>> = slots_with_format(slots, "uri")
        .into_iter()
        .map(|s| s.path.clone())
        .collect();
    if !uris.is_empty() {
        generator.add(
            Kind::Edge,
            "uri:port-query-fragment",
            "Every absolute URI has a port, a query with an encoded value and a fragment.",
            Base::Rich,
            move |_, body| {
                let value =
                    jj!("https://callbacks.example.com:8443/events/call?id=c-1&note=a%20b#last");
                for path in &uris {
                    set_all(body, path, &value);
                }
                no_findings()
            },
        );
    }
    let refs: Vec<Vec<Seg>> = slots_with_format(slots, "uri-reference")
        .into_iter()
        .map(|s| s.path.clone())
        .collect();
    if !refs.is_empty() {
        generator.add(
            Kind::Edge,
            "uri-reference:absolute",
            "Every URI reference is an absolute URI rather than a path.",
            Base::Rich,
            move |_, body| {
                for path in &refs {
                    for p in places(body, path) {
                        if let Some(text) = get(body, &p).and_then(Json::as_str) {
                            let absolute = format!("https://example.signalwire.com{text}");
                            set(body, &p, Json::Str(absolute));
                        }
                    }
                }
                no_findings()
            },
        );
    }
}
