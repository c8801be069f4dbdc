//! SignalWire: the LaML call resource.

/// The generators of this module's resources, which the crate root lists in `PROVIDERS`.
pub(crate) const GENERATORS: &[fn() -> &'static crate::generator::Generator] = &[call::generator];

/// `signalwire/laml-2010-04-01/call`: one call (`002_974627d3ca28048b.txt`).
pub mod call {
    use callspec::signalwire::laml::{AnsweredBy, Direction, Status};

    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Change, Generator};
    use crate::json::{Json, obj};
    use callspec_core::finding::Code;

    use crate::expect::Expected;

    use crate::kind::Kind;
    use crate::typed::{optional, pick_str, sometimes};
    use crate::values::{self, Instant, Rfc2822Style};

    crate::resource_api!(callspec::signalwire::laml::RESOURCE);

    fn date(t: Instant) -> Json {
        Json::Str(values::rfc2822(t, Rfc2822Style::DOCUMENT))
    }

    fn address(d: &mut Draw) -> String {
        if d.chance(80) {
            values::e164(d)
        } else {
            values::sip_uri(d)
        }
    }

    fn formatted(number: &str) -> String {
        // `(310) 567-8901` for a North American number, the number itself otherwise.
        match number.strip_prefix("+1") {
            Some(rest) if rest.len() == 10 => {
                format!("({}) {}-{}", &rest[..3], &rest[3..6], &rest[6..])
            }
            _ => number.to_owned(),
        }
    }

    fn build(d: &mut Draw, base: Base) -> Json {
        let status = *d.pick(Status::ALL);
        let created = Instant::draw(d);
        let started = created.later(d, 30);
        let ended = started.later(d, 3600);
        let updated = ended.later(d, 60);
        let answered = matches!(status, Status::InProgress | Status::Completed);
        let finished = status == Status::Completed;
        let account = values::uuid(d);
        let sid = values::uuid(d);
        let from = address(d);
        let to = address(d);
        let seconds = (ended.secs - started.secs).max(0) as u64;
        let prefix = format!("/api/laml/2010-04-01/Accounts/{account}/Calls/{sid}");
        let mut call = obj! {
            "account_sid" => account,
            "api_version" => "2010-04-01",
            "date_created" => date(created),
            "date_updated" => date(updated),
            "direction" => pick_str(d, Direction::ALL, Direction::as_str),
            "from" => from.clone(),
            "sid" => sid,
            "status" => status.as_str(),
            "to" => to.clone(),
            "uri" => format!("{prefix}.json"),
        };
        let b = base;
        sometimes(&mut call, "annotation", d, b, 20, |d| {
            Json::Str(values::words(
                d,
                &["priority", "customer", "callback", "VIP", "support"],
            ))
        });
        sometimes(
            &mut call,
            "answered_by",
            d,
            b,
            if answered { 50 } else { 0 },
            |d| pick_str(d, AnsweredBy::ALL, AnsweredBy::as_str),
        );
        optional(&mut call, "duration", d, b, finished, |_| {
            Json::U64(seconds)
        });
        optional(&mut call, "end_time", d, b, finished, |_| date(ended));
        sometimes(&mut call, "forwarded_from", d, b, 10, |d| {
            Json::Str(values::e164(d))
        });
        sometimes(&mut call, "formatted_from", d, b, 50, |_| {
            Json::Str(formatted(&from))
        });
        sometimes(&mut call, "parent_call_sid", d, b, 15, |d| {
            Json::Str(values::uuid(d))
        });
        sometimes(&mut call, "phone_number_sid", d, b, 50, |d| {
            Json::Str(values::uuid(d))
        });
        optional(&mut call, "price", d, b, finished, |d| {
            Json::F64(values::amount(d, 2, 4))
        });
        optional(&mut call, "price_unit", d, b, finished, |d| {
            Json::str(*d.pick(&["USD", "EUR", "GBP"]))
        });
        optional(&mut call, "start_time", d, b, answered, |_| date(started));
        if base == Base::Rich || d.chance(60) {
            call.insert(
                "subresource_uris",
                obj! {
                    "notifications" => format!("{prefix}/Notifications.json"),
                    "recordings" => format!("{prefix}/Recordings.json"),
                },
            );
        }
        sometimes(&mut call, "formatted_to", d, b, 50, |_| {
            Json::Str(formatted(&to))
        });
        call
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        generator.add(
            Kind::Edge,
            "subresource_uris:empty",
            "`subresource_uris` is an empty object.",
            Base::Any,
            |_, body| {
                body.insert("subresource_uris", obj! {});
                Change::Json(vec![])
            },
        );
        generator.add(
            Kind::Invalid,
            "date_created:document-example",
            "`date_created` is the document's own example `Wed, 19 Sept 2018 20:00:00 +0000`; \
             `Sept` is not an RFC 2822 month.",
            Base::Any,
            |_, body| {
                body.insert(
                    "date_created",
                    Json::str("Wed, 19 Sept 2018 20:00:00 +0000"),
                );
                Change::Json(vec![Expected::new(Code::ContractFormat, "/date_created")])
            },
        );
        generator.add(
            Kind::Invalid,
            "sid:document-example",
            "`sid` is the document's example `b3877c40-da60-4998-90ad-b792e98472pa`, whose `pa` \
             is not hexadecimal.",
            Base::Any,
            |_, body| {
                body.insert("sid", Json::str("b3877c40-da60-4998-90ad-b792e98472pa"));
                Change::Json(vec![Expected::new(Code::ContractFormat, "/sid")])
            },
        );
        derive(&mut generator);
        generator
    }
}
