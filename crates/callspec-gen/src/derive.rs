//! The cases every resource gets from its schema: null versus absent for each optional field,
//! timestamp, address, number and text edges; unknown fields and open-enum values as drift;
//! and the invalid mutations (missing, null, wrong type, outside the enum, the other date
//! format, malformed values, out-of-range numbers, byte-level corruptions), each with the one
//! finding it raises.

use crate::json::Json;

/// A `serde_json::json!` literal as a [`Json`].
macro_rules! jj {
    ($($t:tt)*) => {
        Json::from(serde_json::json!($($t)*))
    };
}

use crate::catalog::{Base, Outcome, Spec, get, place, places, pointer, remove, set};
use crate::draw::Draw;
use crate::model::{Expected, Kind, codes};
use crate::shape::{Seg, Slot};
use crate::values::{
    self, Cfws, DAYS, Instant, MONTHS, Rfc2822Style, Rfc3339Style, UNICODE_TEXT, Zone,
};

/// What a resource adds to its schema for the derived cases.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Config {
    /// Slots holding free text, which get the empty, Unicode and long edges.
    pub(crate) free_text: &'static [&'static str],
    /// The largest value the typed model takes for integer slots without a schema `maximum`
    /// (default `u64::MAX`).
    pub(crate) integer_max: &'static [(&'static str, u64)],
}

/// The length of the long-text edge, in characters.
pub(crate) const LONG_TEXT: usize = 4096;

fn no_findings() -> Outcome {
    Outcome::Json(Vec::new())
}

fn one(code: &str, place: &[crate::catalog::Tok]) -> Outcome {
    Outcome::Json(vec![Expected::new(code, pointer(place))])
}

fn base_for(slot: &Slot) -> Base {
    if slot.nested() { Base::Rich } else { Base::Any }
}

fn checker(format: &str) -> Option<fn(&str) -> bool> {
    callspec_core::schema::formats()
        .into_iter()
        .find(|f| f.name == format)
        .map(|f| f.check)
}

const ADDRESS_FORMATS: [&str; 5] = [
    "e164",
    "e164-or-sip-uri",
    "e164-or-sip",
    "international-number-or-sip-uri",
    "phone-number",
];

fn is_address(format: &str) -> bool {
    ADDRESS_FORMATS.contains(&format)
}

/// Sets `value` at every place of `path` in `body`.
fn set_all(body: &mut Json, path: &[Seg], value: &Json) {
    for p in places(body, path) {
        set(body, &p, value.clone());
    }
}

/// Derives every schema-driven case of `spec`.
pub(crate) fn derive(spec: &mut Spec, config: Config) {
    let slots = spec.slots.clone();
    presence_edges(spec, &slots);
    timestamp_edges(spec, &slots);
    address_edges(spec, &slots);
    text_and_identifier_edges(spec, &slots, config);
    number_edges(spec, &slots, config);
    open_enum_cases(spec, &slots);
    unknown_field_drift(spec, &slots);
    invalid_mutations(spec, &slots);
    syntax_mutations(spec);
}

fn presence_edges(spec: &mut Spec, slots: &[Slot]) {
    for slot in slots.iter().filter(|s| s.is_member()) {
        let name = slot.name();
        let path = slot.path.clone();
        if !slot.required {
            let p = path.clone();
            spec.add(
                Kind::Edge,
                format!("{name}:absent"),
                format!("`{name}` is absent: the field is optional."),
                Base::Rich,
                move |_, body| {
                    for place in places(body, &p) {
                        remove(body, &place);
                    }
                    no_findings()
                },
            );
        }
        if slot.shape.nullable {
            let p = path.clone();
            spec.add(
                Kind::Edge,
                format!("{name}:null"),
                format!("`{name}` is null, which the contract allows."),
                Base::Rich,
                move |_, body| {
                    set_all(body, &p, &Json::Null);
                    no_findings()
                },
            );
        }
    }
}

fn slots_with_format<'a>(slots: &'a [Slot], format: &str) -> Vec<&'a Slot> {
    slots
        .iter()
        .filter(|s| s.shape.format.as_deref() == Some(format))
        .collect()
}

/// Re-renders every timestamp of `paths` with `render`, keeping each one's instant.
fn rerender(
    d: &mut Draw,
    body: &mut Json,
    paths: &[Vec<Seg>],
    parse: fn(&str) -> Option<Instant>,
    render: &dyn Fn(&mut Draw, Instant) -> String,
) {
    for path in paths {
        for p in places(body, path) {
            let instant = get(body, &p)
                .and_then(Json::as_str)
                .and_then(parse)
                .unwrap_or_else(|| Instant::draw(d));
            let text = render(d, instant);
            set(body, &p, Json::Str(text));
        }
    }
}

pub(crate) fn parse_rfc3339(text: &str) -> Option<Instant> {
    let t = callspec_core::Rfc3339::parse(text).ok()?.instant()?;
    Some(Instant {
        secs: t.as_second(),
        nanos: u32::try_from(t.subsec_nanosecond()).unwrap_or(0),
    })
}

pub(crate) fn parse_rfc2822(text: &str) -> Option<Instant> {
    let t = callspec_core::Rfc2822::parse(text).ok()?.instant()?;
    Some(Instant {
        secs: t.as_second(),
        nanos: 0,
    })
}

type Render = Box<dyn Fn(&mut Draw, Instant) -> String + Send + Sync>;
type Variants = Vec<(String, String, Render)>;
type ParseInstant = fn(&str) -> Option<Instant>;
type Check = fn(&str) -> bool;
type MakeText = fn() -> String;
type MakeValue = Box<dyn Fn(&mut Draw, &Json) -> Json + Send + Sync>;

fn rfc3339_variants() -> Variants {
    let mut out: Vec<(String, String, Render)> = Vec::new();
    for digits in 0..=9u32 {
        out.push((
            format!("rfc3339:fraction-{digits}"),
            format!("Every RFC 3339 timestamp has {digits} fractional digits."),
            Box::new(move |_, t| {
                values::rfc3339(
                    t,
                    Rfc3339Style {
                        digits,
                        offset: None,
                        lowercase: false,
                    },
                )
            }),
        ));
    }
    let offsets: [(&str, &str, &[i32]); 4] = [
        (
            "offset-positive",
            "a positive numeric offset (`+05:30`)",
            &[330, 60, 120, 345, 540],
        ),
        (
            "offset-negative",
            "a negative numeric offset (`-08:00`)",
            &[-480, -300, -210, -600],
        ),
        ("offset-zero", "the numeric offset `+00:00`", &[0]),
        (
            "offset-extreme",
            "the largest offsets RFC 3339 allows (`+23:59`, `-23:59`)",
            &[23 * 60 + 59, -(23 * 60 + 59)],
        ),
    ];
    for (name, what, choices) in offsets {
        out.push((
            format!("rfc3339:{name}"),
            format!("Every RFC 3339 timestamp has {what}."),
            Box::new(move |d, t| {
                let offset = *d.pick(choices);
                let digits = d.upto(9) as u32;
                values::rfc3339(
                    t,
                    Rfc3339Style {
                        digits,
                        offset: Some(offset),
                        lowercase: false,
                    },
                )
            }),
        ));
    }
    out.push((
        "rfc3339:offset-unknown-local".into(),
        "Every RFC 3339 timestamp has the offset `-00:00` (UTC, local offset unknown).".into(),
        Box::new(|_, t| values::rfc3339(t, Rfc3339Style::MILLIS_Z).replace('Z', "-00:00")),
    ));
    out.push((
        "rfc3339:lowercase".into(),
        "Every RFC 3339 timestamp writes `t` and `z` in lowercase, as RFC 3339 allows.".into(),
        Box::new(|d, t| {
            let digits = d.upto(9) as u32;
            values::rfc3339(
                t,
                Rfc3339Style {
                    digits,
                    offset: None,
                    lowercase: true,
                },
            )
        }),
    ));
    out.push((
        "rfc3339:leap-second".into(),
        "Every RFC 3339 timestamp is the leap second `2016-12-31T23:59:60Z`.".into(),
        Box::new(|d, _| {
            let digits = d.upto(3) as u32;
            let frac = if digits == 0 {
                String::new()
            } else {
                format!(".{}", "5".repeat(digits as usize))
            };
            format!("2016-12-31T23:59:60{frac}Z")
        }),
    ));
    out
}

fn rfc2822_variants() -> Variants {
    fn style(f: impl Fn(&mut Rfc2822Style) + Send + Sync + 'static) -> Render {
        Box::new(move |_, t| {
            let mut s = Rfc2822Style::DOCUMENT;
            f(&mut s);
            values::rfc2822(t, s)
        })
    }
    let mut out: Vec<(String, String, Render)> = vec![
        (
            "rfc2822:document-style".into(),
            "`Fri, 21 Apr 2017 13:01:25 +0000`, as the documents write it.".into(),
            style(|_| {}),
        ),
        (
            "rfc2822:without-day-of-week".into(),
            "No day of week: `21 Apr 2017 13:01:25 +0000`.".into(),
            style(|s| s.day_of_week = false),
        ),
        (
            "rfc2822:no-seconds".into(),
            "No seconds: `Fri, 21 Apr 2017 13:01 +0000`.".into(),
            style(|s| s.seconds = false),
        ),
        (
            "rfc2822:zone-gmt".into(),
            "The obsolete zone `GMT`.".into(),
            style(|s| s.zone = Zone::Name("GMT", 0)),
        ),
        (
            "rfc2822:zone-ut".into(),
            "The obsolete zone `UT`.".into(),
            style(|s| s.zone = Zone::Name("UT", 0)),
        ),
        (
            "rfc2822:zone-military-z".into(),
            "The obsolete military zone `Z`.".into(),
            style(|s| s.zone = Zone::Name("Z", 0)),
        ),
        (
            "rfc2822:two-digit-year".into(),
            "The obsolete two-digit year: `21 Apr 17`.".into(),
            style(|s| s.two_digit_year = true),
        ),
        (
            "rfc2822:lowercase".into(),
            "Day and month names in lowercase: `fri, 21 apr 2017 ...`.".into(),
            style(|s| s.lowercase = true),
        ),
        (
            "rfc2822:space-before-comma".into(),
            "White space before the comma: `Fri , 21 Apr 2017 ...`.".into(),
            style(|s| s.space_before_comma = true),
        ),
        (
            "rfc2822:trailing-comment".into(),
            "A trailing comment: `... +0000 (UTC)`.".into(),
            style(|s| s.cfws = Cfws::TrailingComment),
        ),
        (
            "rfc2822:nested-comment".into(),
            "Comments nested two deep before and after the date.".into(),
            style(|s| s.cfws = Cfws::NestedComment),
        ),
        (
            "rfc2822:comments-between-tokens".into(),
            "Comments between tokens: `Fri, (day) 21 (of) Apr 2017 ...`.".into(),
            style(|s| s.cfws = Cfws::BetweenTokens),
        ),
        (
            "rfc2822:folding-white-space".into(),
            "A folded line (CRLF and a space) between the date and the time.".into(),
            style(|s| s.cfws = Cfws::Folding),
        ),
        (
            "rfc2822:extra-white-space".into(),
            "Runs of spaces and tabs between tokens.".into(),
            style(|s| s.cfws = Cfws::ExtraWhiteSpace),
        ),
    ];
    out.push((
        "rfc2822:one-digit-day".into(),
        "A one-digit day: `Sun, 1 Jan 2017 ...`.".into(),
        Box::new(|d, t| {
            let c = values::civil(t.secs);
            let day = 1 + d.upto(8) as i64;
            let t = Instant {
                secs: t.secs - (i64::from(c.day) - day) * 86_400,
                nanos: 0,
            };
            let mut s = Rfc2822Style::DOCUMENT;
            s.one_digit_day = true;
            values::rfc2822(t, s)
        }),
    ));
    out.push((
        "rfc2822:zone-us".into(),
        "An obsolete US zone name (`EST`, `EDT`, `CST`, `CDT`, `MST`, `MDT`, `PST`, `PDT`).".into(),
        Box::new(|d, t| {
            let (name, hours) = *d.pick(&[
                ("EST", -5),
                ("EDT", -4),
                ("CST", -6),
                ("CDT", -5),
                ("MST", -7),
                ("MDT", -6),
                ("PST", -8),
                ("PDT", -7),
            ]);
            let mut s = Rfc2822Style::DOCUMENT;
            s.zone = Zone::Name(name, hours * 60);
            values::rfc2822(t, s)
        }),
    ));
    out.push((
        "rfc2822:zone-numeric".into(),
        "A numeric zone other than `+0000` (`-0700`, `+0530`, `+1400`).".into(),
        Box::new(|d, t| {
            let minutes = *d.pick(&[-420, 330, 840, -600, 60, -210]);
            let mut s = Rfc2822Style::DOCUMENT;
            s.zone = Zone::Numeric(minutes);
            values::rfc2822(t, s)
        }),
    ));
    out
}

fn timestamp_edges(spec: &mut Spec, slots: &[Slot]) {
    let groups: [(&str, ParseInstant, Variants); 2] = [
        ("date-time", parse_rfc3339, rfc3339_variants()),
        ("rfc2822-date-time", parse_rfc2822, rfc2822_variants()),
    ];
    for (format, parse, variants) in groups {
        let paths: Vec<Vec<Seg>> = slots_with_format(slots, format)
            .into_iter()
            .map(|s| s.path.clone())
            .collect();
        if paths.is_empty() {
            continue;
        }
        for (name, description, render) in variants {
            let paths = paths.clone();
            spec.add(
                Kind::Edge,
                name,
                format!("{description} Applies to every `{format}` field."),
                Base::Rich,
                move |d, body| {
                    rerender(d, body, &paths, parse, &*render);
                    no_findings()
                },
            );
        }
    }
}

type Make = fn(&mut Draw) -> String;

fn address_variants() -> Vec<(&'static str, &'static str, Make)> {
    vec![
        (
            "e164-shortest",
            "the shortest E.164 number, `+` and one digit",
            |d| format!("+{}", values::digits(d, 1..=9, 1)),
        ),
        (
            "e164-longest",
            "the longest E.164 number, `+` and 15 digits",
            |d| format!("+{}", values::digits(d, 1..=9, 15)),
        ),
        (
            "international-digits-shortest",
            "the shortest international number without `+`, 7 digits",
            |d| values::digits(d, 1..=9, 7),
        ),
        (
            "international-digits-longest",
            "the longest international number without `+`, 15 digits",
            |d| values::digits(d, 1..=9, 15),
        ),
        (
            "national-shortest",
            "the shortest national number, 0 and 4 digits",
            |d| format!("0{}", values::digits(d, 0..=9, 4)),
        ),
        (
            "national-longest",
            "the longest national number, 0 and 14 digits",
            |d| format!("0{}", values::digits(d, 0..=9, 14)),
        ),
        (
            "sip-uri-with-parameters",
            "a SIP URI with a port and parameters",
            |d| {
                (*d.pick(&[
                    "sip:+15551234567@sip.example.com:5060;transport=udp;user=phone",
                    "sip:alice@example.com;transport=tcp;lr",
                    "sip:bob@10.0.0.7:5080;maddr=10.0.0.1;ttl=15",
                ]))
                .to_owned()
            },
        ),
        ("sips-uri", "a SIPS URI over TLS", |_| {
            "sips:alice@example.com:5061;transport=tls".to_owned()
        }),
        ("sip-uri-ipv6", "a SIP URI with an IPv6 host", |_| {
            "sip:alice@[2001:db8::1]:5060;lr".to_owned()
        }),
        ("sip-uri-headers", "a SIP URI with URI headers", |_| {
            "sip:alice@example.com?subject=project%20x&priority=urgent".to_owned()
        }),
        (
            "sip-uri-host-only",
            "a SIP URI with a host and no user",
            |_| "sip:pbx.example.com".to_owned(),
        ),
        (
            "sip-uri-with-password",
            "a SIP URI with user and password",
            |_| "sip:alice:secret@example.com".to_owned(),
        ),
        (
            "sip-address-without-scheme",
            "a SIP address without its scheme, as Catapult writes it",
            |_| "identify@domain.com".to_owned(),
        ),
    ]
}

fn address_edges(spec: &mut Spec, slots: &[Slot]) {
    let targets: Vec<(Vec<Seg>, Check)> = slots
        .iter()
        .filter_map(|s| {
            let format = s.shape.format.as_deref().filter(|f| is_address(f))?;
            Some((s.path.clone(), checker(format)?))
        })
        .collect();
    if targets.is_empty() {
        return;
    }
    for (name, what, make) in address_variants() {
        let sample = make(&mut Draw::seeded(0));
        let accepting: Vec<String> = slots
            .iter()
            .filter(|s| {
                s.shape
                    .format
                    .as_deref()
                    .filter(|f| is_address(f))
                    .and_then(checker)
                    .is_some_and(|check| check(&sample))
            })
            .map(Slot::name)
            .collect();
        if accepting.is_empty() {
            continue;
        }
        let targets = targets.clone();
        spec.add(
            Kind::Edge,
            format!("address:{name}"),
            format!(
                "Every address field that allows it ({}) holds {what}.",
                accepting.join(", ")
            ),
            Base::Rich,
            move |d, body| {
                let value = make(d);
                for (path, check) in &targets {
                    if check(&value) {
                        set_all(body, path, &Json::Str(value.clone()));
                    }
                }
                no_findings()
            },
        );
    }
}

fn text_and_identifier_edges(spec: &mut Spec, slots: &[Slot], config: Config) {
    for name in config.free_text {
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
            spec.add(
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
        spec.add(
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
        spec.add(
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
        spec.add(
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

fn number_edges(spec: &mut Spec, slots: &[Slot], config: Config) {
    for slot in slots
        .iter()
        .filter(|s| s.shape.is("integer") || s.shape.is("number"))
    {
        let name = slot.name();
        let integer = slot.shape.is("integer");
        let mut values: Vec<(&str, String, Json)> = Vec::new();
        if let Some(min) = slot.shape.minimum {
            values.push((
                "smallest",
                format!("its minimum, {min}"),
                if integer { jj!(min as i64) } else { jj!(min) },
            ));
        } else {
            values.push(("zero", "zero".into(), jj!(0)));
            values.push(("negative", "a negative amount".into(), jj!(-0.0035)));
        }
        if integer {
            let largest = match slot.shape.maximum {
                Some(max) => max as u64,
                None => config
                    .integer_max
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(u64::MAX, |(_, max)| *max),
            };
            values.push((
                "largest",
                format!("the largest value the model takes, {largest}"),
                Json::U64(largest),
            ));
        } else {
            values.push((
                "largest",
                "the largest finite double, 1.7976931348623157e308".into(),
                jj!(f64::MAX),
            ));
            values.push((
                "largest-integer",
                "18446744073709551615 (u64::MAX)".into(),
                jj!(u64::MAX),
            ));
            values.push((
                "fractional",
                "a fractional amount, 0.0294".into(),
                jj!(0.0294),
            ));
            values.push((
                "tiny",
                "1e-7, which serializers write in exponent form".into(),
                jj!(1e-7),
            ));
            values.push((
                "float-with-zero-fraction",
                "20.0, a float with a zero fraction".into(),
                jj!(20.0),
            ));
        }
        for (what, description, value) in values {
            let path = slot.path.clone();
            spec.add(
                Kind::Edge,
                format!("{name}:{what}"),
                format!("`{name}` is {description}."),
                base_for(slot),
                move |_, body| {
                    set_all(body, &path, &value);
                    no_findings()
                },
            );
        }
    }
}

const FUTURE_VALUES: [&str; 6] = [
    "sip-error",
    "redirected",
    "machine-detected",
    "forbidden",
    "network-unreachable",
    "media-timeout",
];

fn open_enum_cases(spec: &mut Spec, slots: &[Slot]) {
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
            spec.add(
                kind,
                format!("{name}:{what}"),
                format!(
                    "`{name}` holds a value the open enum does not list yet; the document says \
                     other values can appear, so it is drift, not a violation."
                ),
                base_for(slot),
                move |d, body| {
                    let Some(p) = place(d, body, &path) else {
                        return no_findings();
                    };
                    set(body, &p, jj!(*d.pick(&future)));
                    one(codes::UNKNOWN_VALUE, &p)
                },
            );
        }
        let path = slot.path.clone();
        spec.add(
            Kind::Drift,
            format!("{name}:known-value-in-other-case"),
            format!("`{name}` holds a known value in uppercase, which the spec does not know."),
            base_for(slot),
            move |d, body| {
                let Some(p) = place(d, body, &path) else {
                    return no_findings();
                };
                set(body, &p, jj!(d.pick(&variants)));
                one(codes::UNKNOWN_VALUE, &p)
            },
        );
    }
}

const FUTURE_FIELDS: [&str; 8] = [
    "region",
    "callQuality",
    "stir_shaken",
    "tags",
    "priority",
    "displayName",
    "x_vendor_extension",
    "enqueuedTime",
];

fn future_field(d: &mut Draw, known: &[String]) -> &'static str {
    let candidates: Vec<&str> = FUTURE_FIELDS
        .iter()
        .copied()
        .filter(|f| !known.iter().any(|k| k == f))
        .collect();
    d.pick_str(&candidates)
}

fn future_value(d: &mut Draw) -> Json {
    match d.below(6) {
        0 => jj!("value"),
        1 => jj!(1),
        2 => jj!(true),
        3 => Json::Null,
        4 => jj!({ "nested": [1, 2], "deeper": { "x": "y" } }),
        _ => jj!(["a", "b"]),
    }
}

fn unknown_field_drift(spec: &mut Spec, slots: &[Slot]) {
    let objects: Vec<(Vec<Seg>, Vec<String>)> = slots
        .iter()
        .filter_map(|s| Some((s.path.clone(), s.shape.known_properties.clone()?)))
        .collect();
    for (path, known) in &objects {
        let name = crate::shape::path_name(path);
        let path = path.clone();
        let known = known.clone();
        spec.add(
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
                p.push(crate::catalog::Tok::Key(field.into()));
                set(body, &p, future_value(d));
                one(codes::UNKNOWN_FIELD, &p)
            },
        );
    }
    if objects.len() > 1 || objects.iter().any(|(p, _)| p.contains(&Seg::Each)) {
        spec.add(
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
                        p.push(crate::catalog::Tok::Key(field.into()));
                        set(body, &p, future_value(d));
                        findings.push(Expected::new(codes::UNKNOWN_FIELD, pointer(&p)));
                    }
                }
                Outcome::Json(findings)
            },
        );
    }
}

/// Whether `value` has one of the JSON types in `types`.
fn has_type(value: &Json, types: &[String]) -> bool {
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

fn wrong_types(types: &[String]) -> Vec<Json> {
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

fn malformed_candidates(format: &str) -> Vec<&'static str> {
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

fn malformed_timestamp(d: &mut Draw, format: &str) -> String {
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

fn invalid_mutations(spec: &mut Spec, slots: &[Slot]) {
    for slot in slots {
        let name = slot.name();
        let shape = slot.shape.clone();
        let base = base_for(slot);
        let path = slot.path.clone();
        let mutate = |spec: &mut Spec,
                      what: &str,
                      description: String,
                      code: &'static str,
                      make: MakeValue| {
            let path = path.clone();
            spec.add(
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
                spec,
                "wrong-type",
                "The body is not the JSON type the resource is.".into(),
                codes::TYPE,
                Box::new(move |d, _| d.pick(&wrong).clone()),
            );
            continue;
        }
        if slot.required && slot.is_member() {
            let path = path.clone();
            spec.add(
                Kind::Invalid,
                format!("{name}:missing"),
                format!("The required field `{name}` is missing."),
                base,
                move |d, body| {
                    let Some(p) = place(d, body, &path) else {
                        return no_findings();
                    };
                    remove(body, &p);
                    one(codes::REQUIRED, &p)
                },
            );
        }
        // A wrong type is the one root cause at its pointer, closed enums included: a null or a
        // number in `direction` raises `contract/type` alone.
        if !shape.nullable {
            mutate(
                spec,
                "null",
                format!("`{name}` is null, which the contract does not allow."),
                codes::TYPE,
                Box::new(|_, _| Json::Null),
            );
        }
        let wrong = wrong_types(&shape.types);
        if !wrong.is_empty() {
            mutate(
                spec,
                "wrong-type",
                format!("`{name}` holds a value of the wrong JSON type."),
                codes::TYPE,
                Box::new(move |d, _| d.pick(&wrong).clone()),
            );
        }
        if shape.is("integer") || shape.is("number") {
            mutate(
                spec,
                "number-as-string",
                format!(
                    "`{name}` holds its number as a string (`\"20\"`), as Twilio-style APIs do."
                ),
                codes::TYPE,
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
                spec,
                "fractional",
                format!("`{name}` holds a fractional number where the contract says integer."),
                codes::TYPE,
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
                spec,
                "outside-enum",
                format!(
                    "`{name}` holds a value outside its closed enum ({}).",
                    values.join(", ")
                ),
                codes::ENUM,
                Box::new(move |d, _| jj!(d.pick(&outside))),
            );
        }
        if let Some(format) = shape.format.clone() {
            match format.as_str() {
                "date-time" | "rfc2822-date-time" => {
                    let rfc3339 = format == "date-time";
                    mutate(
                        spec,
                        "other-date-format",
                        format!(
                            "`{name}` holds an {} date where the contract says {}.",
                            if rfc3339 { "RFC 2822" } else { "RFC 3339" },
                            if rfc3339 { "RFC 3339" } else { "RFC 2822" },
                        ),
                        codes::FORMAT,
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
                        spec,
                        "malformed",
                        format!("`{name}` holds a malformed {format} timestamp."),
                        codes::FORMAT,
                        Box::new(move |d, _| Json::Str(malformed_timestamp(d, &f))),
                    );
                }
                other => {
                    let candidates = malformed_candidates(other);
                    if !candidates.is_empty() {
                        mutate(
                            spec,
                            "malformed",
                            format!("`{name}` holds a value that is not of the format `{other}`."),
                            codes::FORMAT,
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
                    spec,
                    "pattern-mismatch",
                    format!("`{name}` does not match its pattern `{pattern}`."),
                    codes::PATTERN,
                    Box::new(move |d, _| jj!(d.pick(&candidates))),
                );
            }
        }
        let integer = shape.is("integer");
        if let Some(min) = shape.minimum {
            mutate(
                spec,
                "below-minimum",
                format!("`{name}` is below its minimum, {min}."),
                codes::RANGE,
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
                spec,
                "above-maximum",
                format!("`{name}` is above its maximum, {max}."),
                codes::RANGE,
                Box::new(move |d, _| jj!(max as u64 + 1 + d.upto(2))),
            );
        }
    }
}

fn syntax_mutations(spec: &mut Spec) {
    let json = codes::SYNTAX_JSON;
    let utf8 = codes::SYNTAX_UTF8;
    let text = |bytes: Vec<u8>, code: &str| Outcome::Text(bytes, vec![Expected::new(code, "")]);
    spec.add(
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
    spec.add(
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
    spec.add(
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
    spec.add(
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
        spec.add(
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
