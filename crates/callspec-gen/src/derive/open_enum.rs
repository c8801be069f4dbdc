//! Open enums: each known value, and an unknown future value as drift.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) const FUTURE_VALUES: [&str; 6] = [
    "sip-error",
    "redirected",
    "machine-detected",
    "forbidden",
    "network-unreachable",
    "media-timeout",
];

pub(super) fn cases(generator: &mut Generator, slots: &[Slot]) {
    for slot in slots {
        let Some(known) = slot.shape.known_values.clone() else {
            continue;
        };
        let name = slot.name();
        let future: Vec<&'static str> = FUTURE_VALUES
            .iter()
            .copied()
            .filter(|v| !known.iter().any(|k| k == v))
            .collect();
        let variants: Vec<String> = known
            .iter()
            .map(|k| k.to_ascii_uppercase())
            .filter(|v| !known.contains(v))
            .collect();
        for (kind, what) in [
            (Kind::Edge, "unknown-future-value"),
            (Kind::Drift, "unknown-value"),
        ] {
            let path = slot.path.clone();
            let future = future.clone();
            generator.add(
                kind,
                format!("{name}:{what}"),
                format!(
                    "`{name}` holds a value the open enum does not list yet; the document says \
                     other values can appear, so it is drift, not a violation."
                ),
                Base::Rich,
                move |d, body| {
                    let Some(p) = place(d, body, &path) else {
                        return no_findings();
                    };
                    set(body, &p, jj!(*d.pick(&future)));
                    one(Code::DriftUnknownValue, &p)
                },
            );
        }
        let path = slot.path.clone();
        generator.add(
            Kind::Drift,
            format!("{name}:known-value-in-other-case"),
            format!("`{name}` holds a known value in uppercase, which the spec does not know."),
            Base::Rich,
            move |d, body| {
                let Some(p) = place(d, body, &path) else {
                    return no_findings();
                };
                set(body, &p, jj!(d.pick(&variants)));
                one(Code::DriftUnknownValue, &p)
            },
        );
    }
}
