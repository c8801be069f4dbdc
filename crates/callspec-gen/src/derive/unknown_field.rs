//! Unknown fields as drift: a field the spec does not list, at the top and in nested objects.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) const FUTURE_FIELDS: [&str; 8] = [
    "region",
    "callQuality",
    "stir_shaken",
    "tags",
    "priority",
    "displayName",
    "x_vendor_extension",
    "enqueuedTime",
];

pub(super) fn future_field(d: &mut Draw, known: &[String]) -> &'static str {
    let candidates: Vec<&str> = FUTURE_FIELDS
        .iter()
        .copied()
        .filter(|f| !known.iter().any(|k| k == f))
        .collect();
    d.pick_str(&candidates)
}

pub(super) fn future_value(d: &mut Draw) -> Json {
    match d.below(6) {
        0 => jj!("value"),
        1 => jj!(1),
        2 => jj!(true),
        3 => Json::Null,
        4 => jj!({ "nested": [1, 2], "deeper": { "x": "y" } }),
        _ => jj!(["a", "b"]),
    }
}

pub(super) fn drift(generator: &mut Generator, slots: &[Slot]) {
    let objects: Vec<(Vec<Seg>, Vec<String>)> = slots
        .iter()
        .filter_map(|s| Some((s.path.clone(), s.shape.known_properties.clone()?)))
        .collect();
    for (path, known) in &objects {
        let name = crate::shape::path_name(path);
        let path = path.clone();
        let known = known.clone();
        generator.add(
            Kind::Drift,
            format!("unknown-field:{name}"),
            format!("An object at `{name}` carries a member the spec does not list."),
            if path.is_empty() {
                Base::Any
            } else {
                Base::Rich
            },
            move |d, body| {
                let Some(mut p) = place(d, body, &path) else {
                    return no_findings();
                };
                let field = future_field(d, &known);
                p.push(Tok::Key(field.into()));
                set(body, &p, future_value(d));
                one(Code::DriftUnknownField, &p)
            },
        );
    }
    if objects.len() > 1 || objects.iter().any(|(p, _)| p.contains(&Seg::Each)) {
        generator.add(
            Kind::Drift,
            "unknown-field:everywhere",
            "Every object carries a member the spec does not list.",
            Base::Rich,
            move |d, body| {
                let mut findings = Vec::new();
                for (path, known) in &objects {
                    for mut p in places(body, path) {
                        if !get(body, &p).is_some_and(Json::is_object) {
                            continue;
                        }
                        let field = future_field(d, known);
                        p.push(Tok::Key(field.into()));
                        set(body, &p, future_value(d));
                        findings.push(Expected::new(Code::DriftUnknownField, pointer(&p)));
                    }
                }
                Change::Json(findings)
            },
        );
    }
}
