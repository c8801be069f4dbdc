//! Address edges: the shortest and longest E.164 numbers, SIP URIs with parameters, and the other forms each address format allows.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) type Make = fn(&mut Draw) -> String;

pub(super) fn address_variants() -> Vec<(&'static str, &'static str, Make)> {
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

pub(super) fn edges(generator: &mut Generator, slots: &[Slot]) {
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
        generator.add(
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
