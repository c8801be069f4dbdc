//! Apifonica: call details.

/// The generators of this module's resources, which the crate root lists in `PROVIDERS`.
pub(crate) const GENERATORS: &[fn() -> &'static crate::generator::Generator] = &[call::generator];

/// `apifonica/v2/call`: one call's details (`001_083368ee9b707044.txt`).
pub mod call {
    use callspec::apifonica::v2::{Channel, Direction, HttpMethod, Status};

    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Change, Generator};
    use crate::json::{Json, obj};
    use crate::kind::Kind;
    use crate::typed::{nullable, pick_str, sometimes};
    use crate::values::{self, Instant, Rfc2822Style};

    crate::resource_api!(callspec::apifonica::v2::RESOURCE);

    fn date(t: Instant) -> Json {
        Json::Str(values::rfc2822(t, Rfc2822Style::DOCUMENT))
    }

    fn address(d: &mut Draw) -> String {
        match d.weighted(&[80, 10, 10]) {
            0 => values::international(d),
            1 => values::e164(d),
            _ => values::sip_uri(d),
        }
    }

    fn build(d: &mut Draw, base: Base) -> Json {
        // A rich base sets started, ended and duration: a completed call.
        let status = if base == Base::Rich {
            Status::Completed
        } else {
            *d.pick(Status::ALL)
        };
        let created = Instant::draw(d);
        let started = created.later(d, 30);
        let ended = started.later(d, 3600);
        let updated = ended.later(d, 60);
        let finished = status == Status::Completed;
        let active = status != Status::Queued;
        // `duration` is ended - created, as the document's example has it (18 = 13:01:43 -
        // 13:01:25; ended - started is 6).
        let seconds = (ended.secs - created.secs).max(0) as u64;
        // EUR cents, fractional: 0.0294 for a short call.
        let cents = values::amount(d, 50, 4);
        let recorded = finished && d.chance(50);
        let parent = d.chance(20);
        let mut call = obj! {
            "call_sid" => values::hex(d, 32),
            "parent_call_sid" => nullable(base, parent, || Json::Str(values::hex(d, 32))),
            "created" => date(created),
            "account_sid" => values::hex(d, 32),
            "from" => address(d),
            "to" => address(d),
            "direction" => pick_str(d, Direction::ALL, Direction::as_str),
            "status" => status.as_str(),
            "controller" => nullable(base, active, || {
                Json::str("http://apifonica.com/voicexml/getxml?xml_variant=welcome_to_apifonica")
            }),
            "method" => nullable(base, active, || Json::str(HttpMethod::Post.as_str())),
            "timeout" => nullable(base, active, || Json::U64(15)),
            "updated" => nullable(base, active, || date(updated)),
            "started" => nullable(base, finished, || date(started)),
            "ended" => nullable(base, finished, || date(ended)),
            "duration" => nullable(base, finished, || Json::U64(seconds)),
            "price" => nullable(base, finished, || Json::F64(cents)),
            "record_sid" => nullable(base, recorded, || Json::Str(format!("rec{}", values::uuid(d)))),
            "channel" => nullable(base, active, || pick_str(d, Channel::ALL, Channel::as_str)),
        };
        sometimes(&mut call, "number_sid", d, base, 40, |d| {
            Json::Str(values::hex(d, 32))
        });
        sometimes(&mut call, "tag", d, base, 30, |d| {
            Json::Str(format!("MyClient_{}", d.upto(99)))
        });
        call
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        generator.add(
            Kind::Edge,
            "status:canceled",
            "The status `canceled`, which the \"Call status\" section lists and the response \
             table does not.",
            Base::Any,
            |_, body| {
                body.insert("status", Json::str("canceled"));
                Change::Json(vec![])
            },
        );
        derive(&mut generator);
        generator
    }
}
