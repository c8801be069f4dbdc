//! Invalid mutations: a required field missing, null where not allowed, the wrong JSON type, outside a closed enum, the other date format, malformed values and out-of-range numbers, each with the finding it raises.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Whether `value` has one of the JSON types in `types`.
pub(super) fn has_type(value: &Json, types: &[String]) -> bool {
    let is = |t: &str| types.iter().any(|x| x == t);
    match value {
        Json::Null => false,
        Json::Bool(_) => is("boolean"),
        Json::U64(_) | Json::I64(_) => is("number") || is("integer"),
        Json::F64(_) => is("number"),
        Json::Str(_) => is("string"),
        Json::Arr(_) => is("array"),
        Json::Obj(_) => is("object"),
    }
}

pub(super) fn wrong_types(types: &[String]) -> Vec<Json> {
    [
        jj!(42),
        jj!(true),
        jj!("text"),
        jj!(["text"]),
        jj!({ "value": "text" }),
    ]
    .into_iter()
    .filter(|v| !has_type(v, types))
    .collect()
}

pub(super) fn malformed_candidates(format: &str) -> Vec<&'static str> {
    let all: &[&str] = match format {
        "uuid" => &[
            "b3877c40-da60-4998-90ad-b792e98472pa",
            "94e5928c7f7e4645ad7261010f906449",
            "{94e5928c-7f7e-4645-ad72-61010f906449}",
            "94e5928c-7f7e-4645-ad72",
        ],
        "uri" => &[
            "example.com/callback",
            "/relative/path",
            "http://exa mple.com/x",
            "https://.../calls/{callId1}/events",
        ],
        "uri-reference" => &["a b", "/with space", "http://[::1/x", "/percent%zz"],
        f if is_address(f) => &[
            "anonymous",
            "sip:",
            "sip:alice@",
            "+0123456789",
            "+1234567890123456",
            "+1 555 333 4444",
            "15553334444",
            "(310) 567-8901",
            "identify@domain.com",
            "02072068888",
            "tel:+15553334444",
            "0123",
            "",
        ],
        _ => &[],
    };
    let Some(check) = checker(format) else {
        return Vec::new();
    };
    all.iter().copied().filter(|c| !check(c)).collect()
}

pub(super) fn malformed_timestamp(d: &mut Draw, format: &str) -> String {
    let t = Instant::draw(d);
    if format == "date-time" {
        let text = values::rfc3339(t, Rfc3339Style::MILLIS_Z);
        match d.below(5) {
            0 => text.replacen('T', " ", 1),
            1 => text.trim_end_matches('Z').to_owned(),
            2 => {
                let mut s = text.trim_end_matches('Z').to_owned();
                s.push_str("+0200");
                s
            }
            3 => format!("{}-13-{}", &text[..4], &text[8..]),
            _ => t.secs.to_string(),
        }
    } else {
        let text = values::rfc2822(t, Rfc2822Style::DOCUMENT);
        let c = values::civil(t.secs);
        match d.below(4) {
            // The SignalWire document's own spelling: `Wed, 19 Sept 2018 20:00:00 +0000`.
            0 => {
                const LONG: [&str; 12] = [
                    "January", "February", "March", "April", "Mai", "June", "July", "August",
                    "Sept", "October", "November", "December",
                ];
                text.replacen(MONTHS[c.month as usize - 1], LONG[c.month as usize - 1], 1)
            }
            1 => text.replacen(DAYS[c.weekday], DAYS[(c.weekday + 1) % 7], 1),
            2 => text.trim_end_matches(" +0000").to_owned(),
            _ => {
                let hour = format!(" {:02}:", c.hour);
                text.replacen(&hour, " 24:", 1)
            }
        }
    }
}

pub(super) fn mutations(generator: &mut Generator, slots: &[Slot]) {
    for slot in slots {
        let name = slot.name();
        let shape = slot.shape.clone();
        let base = base_for(slot);
        let path = slot.path.clone();
        let mutate = |generator: &mut Generator,
                      what: &str,
                      description: String,
                      code: Code,
                      make: MakeValue| {
            let path = path.clone();
            generator.add(
                Kind::Invalid,
                format!("{name}:{what}"),
                description,
                base,
                move |d, body| {
                    let Some(p) = place(d, body, &path) else {
                        return no_findings();
                    };
                    let current = get(body, &p).cloned().unwrap_or(Json::Null);
                    set(body, &p, make(d, &current));
                    one(code, &p)
                },
            );
        };
        if slot.path.is_empty() {
            let wrong = wrong_types(&shape.types);
            mutate(
                generator,
                "wrong-type",
                "The body is not the JSON type the resource is.".into(),
                Code::ContractType,
                Box::new(move |d, _| d.pick(&wrong).clone()),
            );
            continue;
        }
        if slot.required && slot.is_member() {
            let path = path.clone();
            generator.add(
                Kind::Invalid,
                format!("{name}:missing"),
                format!("The required field `{name}` is missing."),
                base,
                move |d, body| {
                    let Some(p) = place(d, body, &path) else {
                        return no_findings();
                    };
                    remove(body, &p);
                    one(Code::ContractRequired, &p)
                },
            );
        }
        // A wrong type is the one root cause at its pointer, closed enums included: a null or a
        // number in `direction` raises `contract/type` alone.
        if !shape.nullable {
            mutate(
                generator,
                "null",
                format!("`{name}` is null, which the contract does not allow."),
                Code::ContractType,
                Box::new(|_, _| Json::Null),
            );
        }
        let wrong = wrong_types(&shape.types);
        if !wrong.is_empty() {
            mutate(
                generator,
                "wrong-type",
                format!("`{name}` holds a value of the wrong JSON type."),
                Code::ContractType,
                Box::new(move |d, _| d.pick(&wrong).clone()),
            );
        }
        if shape.is("integer") || shape.is("number") {
            mutate(
                generator,
                "number-as-string",
                format!(
                    "`{name}` holds its number as a string (`\"20\"`), as Twilio-style APIs do."
                ),
                Code::ContractType,
                Box::new(|_, current| match current {
                    Json::U64(_) | Json::I64(_) | Json::F64(_) => {
                        Json::Str(String::from_utf8_lossy(&current.to_vec()).into_owned())
                    }
                    _ => jj!("20"),
                }),
            );
        }
        if shape.is("integer") && !shape.is("number") {
            let min = shape.minimum.unwrap_or(0.0);
            mutate(
                generator,
                "fractional",
                format!("`{name}` holds a fractional number where the contract says integer."),
                Code::ContractType,
                Box::new(move |_, _| jj!(min + 1.5)),
            );
        }
        if let Some(values) = &shape.enum_values {
            let outside: Vec<String> = values
                .iter()
                .flat_map(|v| {
                    [
                        v.to_ascii_uppercase(),
                        v.to_ascii_lowercase(),
                        format!("{v}-x"),
                    ]
                })
                .chain(["sideways".to_owned(), "unknown-value".to_owned()])
                .filter(|v| !values.contains(v))
                .collect();
            mutate(
                generator,
                "outside-enum",
                format!(
                    "`{name}` holds a value outside its closed enum ({}).",
                    values.join(", ")
                ),
                Code::ContractEnum,
                Box::new(move |d, _| jj!(d.pick(&outside))),
            );
        }
        if let Some(format) = shape.format.clone() {
            match format.as_str() {
                "date-time" | "rfc2822-date-time" => {
                    let rfc3339 = format == "date-time";
                    mutate(
                        generator,
                        "other-date-format",
                        format!(
                            "`{name}` holds an {} date where the contract says {}.",
                            if rfc3339 { "RFC 2822" } else { "RFC 3339" },
                            if rfc3339 { "RFC 3339" } else { "RFC 2822" },
                        ),
                        Code::ContractFormat,
                        Box::new(move |d, _| {
                            let t = Instant::draw(d);
                            Json::Str(if rfc3339 {
                                values::rfc2822(t, Rfc2822Style::DOCUMENT)
                            } else {
                                values::rfc3339(t, Rfc3339Style::MILLIS_Z)
                            })
                        }),
                    );
                    let f = format.clone();
                    mutate(
                        generator,
                        "malformed",
                        format!("`{name}` holds a malformed {format} timestamp."),
                        Code::ContractFormat,
                        Box::new(move |d, _| Json::Str(malformed_timestamp(d, &f))),
                    );
                }
                other => {
                    let candidates = malformed_candidates(other);
                    if !candidates.is_empty() {
                        mutate(
                            generator,
                            "malformed",
                            format!("`{name}` holds a value that is not of the format `{other}`."),
                            Code::ContractFormat,
                            Box::new(move |d, _| jj!(d.pick(&candidates))),
                        );
                    }
                }
            }
        } else if let Some(pattern) = &shape.pattern {
            let candidates: Vec<&str> = regex::Regex::new(pattern)
                .map(|re| {
                    ["usd", "US", "EURO", "U$D", "", "X-Header"]
                        .into_iter()
                        .filter(|c| !re.is_match(c))
                        .collect()
                })
                .unwrap_or_default();
            if !candidates.is_empty() {
                mutate(
                    generator,
                    "pattern-mismatch",
                    format!("`{name}` does not match its pattern `{pattern}`."),
                    Code::ContractPattern,
                    Box::new(move |d, _| jj!(d.pick(&candidates))),
                );
            }
        }
        let integer = shape.is("integer");
        if let Some(min) = shape.minimum {
            mutate(
                generator,
                "below-minimum",
                format!("`{name}` is below its minimum, {min}."),
                Code::ContractRange,
                Box::new(move |d, _| {
                    if integer {
                        jj!(min as i64 - 1 - d.upto(2) as i64)
                    } else {
                        Json::F64(min - 0.01 * (1 + d.upto(99)) as f64)
                    }
                }),
            );
        }
        if let Some(max) = shape.maximum {
            mutate(
                generator,
                "above-maximum",
                format!("`{name}` is above its maximum, {max}."),
                Code::ContractRange,
                Box::new(move |d, _| jj!(max as u64 + 1 + d.upto(2))),
            );
        }
    }
}
