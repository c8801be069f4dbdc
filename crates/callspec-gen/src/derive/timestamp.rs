//! Timestamp edges: every RFC 3339 and RFC 2822 variant a timestamp field may take, each re-rendering the same instant.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Re-renders every timestamp of `paths` with `render`, keeping each one's instant.
pub(super) fn rerender(
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

pub(super) fn parse_rfc3339(text: &str) -> Option<Instant> {
    let t = callspec_core::Rfc3339::parse(text).ok()?.instant()?;
    Some(Instant {
        secs: t.as_second(),
        nanos: u32::try_from(t.subsec_nanosecond()).unwrap_or(0),
    })
}

pub(super) fn parse_rfc2822(text: &str) -> Option<Instant> {
    let t = callspec_core::Rfc2822::parse(text).ok()?.instant()?;
    Some(Instant {
        secs: t.as_second(),
        nanos: 0,
    })
}

pub(super) fn rfc3339_variants() -> Variants {
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
                // Zeros: every timestamp is the same instant, whatever its digits, so the
                // payload stays in time order.
                format!(".{}", "0".repeat(digits as usize))
            };
            format!("2016-12-31T23:59:60{frac}Z")
        }),
    ));
    out
}

pub(super) fn rfc2822_variants() -> Variants {
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

pub(super) fn edges(generator: &mut Generator, slots: &[Slot]) {
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
            generator.add(
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
