//! Vonage Contact Center: the call detail and its 404 body.

/// The generators of this module's resources, which the crate root lists in `PROVIDERS`.
pub(crate) const GENERATORS: &[fn() -> &'static crate::generator::Generator] =
    &[call_detail::generator, not_found::generator];

/// `vonage/v0/call-detail`: one call's detail (`003_a6befd7941e0630a.txt`).
pub mod call_detail {
    use callspec::vonage::v0::{Party, Reason, RecordingStatus, ResultCode, Status};

    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Change, Generator};
    use crate::json::{Json, obj};
    use crate::kind::Kind;
    use crate::typed::{nullable, pick_str, sometimes};
    use crate::values;

    crate::resource_api!(callspec::vonage::v0::RESOURCE);

    fn number(d: &mut Draw) -> Json {
        Json::Str(match d.weighted(&[70, 15, 15]) {
            0 => values::national(d),
            1 => values::international(d),
            _ => values::e164(d),
        })
    }

    const DISPOSITIONS: [&str; 6] = [
        "Wrong Number",
        "Sale",
        "Callback Requested",
        "No Sale",
        "Voicemail",
        "Escalated",
    ];

    fn build(d: &mut Draw, base: Base) -> Json {
        let rich = base == Base::Rich;
        let id = values::uuid(d);
        let region = *d.pick(&["emea", "nam", "apac"]);
        let account = values::hex(d, 10);
        let active = d.chance(40);
        let presented = d.chance(30);
        let mut from = obj! {};
        sometimes(
            &mut from,
            "telephoneNumber",
            d,
            base,
            if presented { 0 } else { 90 },
            number,
        );
        sometimes(
            &mut from,
            "presentedCLID",
            d,
            base,
            if presented { 100 } else { 0 },
            number,
        );
        sometimes(&mut from, "agentId", d, base, 60, |d| {
            Json::Str(d.range(1, 999).to_string())
        });
        let disposition = d.chance(60);
        let mut detail = obj! {
            "id" => id.clone(),
            "links" => vec![obj! {
                "href" => format!("https://{region}.cc.vonage.com/v0/{account}/Calls/{id}"),
                "rel" => "_self",
            }],
            "from" => from,
            "to" => obj! { "telephoneNumber" => number(d) },
            "status" => nullable(base, active, || Json::str(Status::Active.as_str())),
            "recordingStatus" => nullable(base, active, || {
                pick_str(d, RecordingStatus::ALL, RecordingStatus::as_str)
            }),
            "dispositionCode" => nullable(base, disposition, || Json::str(*d.pick(&DISPOSITIONS))),
        };
        if rich || (!active && d.chance(40)) {
            detail.insert(
                "result",
                obj! {
                    "code" => pick_str(d, ResultCode::ALL, ResultCode::as_str),
                    "party" => pick_str(d, Party::ALL, Party::as_str),
                    "reason" => pick_str(d, Reason::ALL, Reason::as_str),
                },
            );
        }
        detail
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        type Edit = fn(&mut Json);
        let edges: [(&str, &str, Edit); 4] = [
            ("links:empty", "`links` is an empty array.", |body| {
                body.insert("links", Json::Arr(Vec::new()));
            }),
            (
                "links:several",
                "`links` holds three links, not only `_self`.",
                |body| {
                    let href = body
                        .get("links")
                        .and_then(|l| l.index(0))
                        .and_then(|l| l.get("href"))
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    body.insert(
                        "links",
                        Json::Arr(vec![
                            obj! { "href" => href.clone(), "rel" => "_self" },
                            obj! { "href" => format!("{href}/recordings"), "rel" => "recordings" },
                            obj! { "href" => format!("{href}/events"), "rel" => "events" },
                        ]),
                    );
                },
            ),
            (
                "from:empty-object",
                "`from` is an empty object: every member is optional.",
                |body| {
                    body.insert("from", obj! {});
                },
            ),
            (
                "links[].href:masked-region",
                "The link's host is masked as `***.cc.vonage.com`, as the document writes it.",
                |body| {
                    if let Some(link) = body.get_mut("links").and_then(|l| l.index_mut(0))
                        && let Some(href) = link.get("href").and_then(Json::as_str)
                    {
                        let masked = href
                            .replacen("emea.", "***.", 1)
                            .replacen("nam.", "***.", 1)
                            .replacen("apac.", "***.", 1);
                        link.insert("href", Json::Str(masked));
                    }
                },
            ),
        ];
        for (name, description, apply) in edges {
            generator.add(Kind::Edge, name, description, Base::Rich, move |_, body| {
                apply(body);
                Change::Json(vec![])
            });
        }
        derive(&mut generator);
        generator
    }
}

/// `vonage/v0/not-found`: the 404 body (`003_a6befd7941e0630a.txt`).
pub mod not_found {
    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Generator};
    use crate::json::{Json, obj};

    crate::resource_api!(callspec::vonage::v0::NOT_FOUND_RESOURCE);

    fn build(d: &mut Draw, _: Base) -> Json {
        let message = *d.pick(&[
            "The requested resource was not found.",
            "Call not found",
            "No call with that identifier.",
        ]);
        obj! { "message" => message }
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        derive(&mut generator);
        generator
    }
}
