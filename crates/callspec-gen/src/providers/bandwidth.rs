//! Bandwidth: the Voice API v2 call state, the Catapult v1 list of calls and its query
//! parameters.

/// The generators of this module's resources, which the crate root lists in `PROVIDERS`.
pub(crate) const GENERATORS: &[fn() -> &'static crate::generator::Generator] = &[
    call_state::generator,
    list_calls::generator,
    list_calls_query::generator,
];

/// `bandwidth/voice-v2/call-state`: the state of one call (`000_c3fc2c88aa41130d.txt`).
pub mod call_state {
    use callspec::bandwidth::voice_v2::{Direction, DisconnectCause, State};

    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Generator};
    use crate::json::{Json, obj};
    use crate::typed::optional;
    use crate::values::{self, Instant, Rfc3339Style};

    crate::resource_api!(callspec::bandwidth::voice_v2::RESOURCE);

    /// A Bandwidth v2 call id: `c-95ac8d6e-1a31c52e-b38f-4198-93c1-51633ec68f8d`.
    pub(crate) fn call_id(d: &mut Draw) -> String {
        format!("c-{}-{}", values::hex(d, 8), values::uuid(d))
    }

    fn time(t: Instant) -> Json {
        Json::Str(values::rfc3339(t, Rfc3339Style::MILLIS_Z))
    }

    fn build(d: &mut Draw, base: Base) -> Json {
        // A rich base sets every optional field, which only a call that ended with an error
        // does coherently (the semantic rules of `callspec::bandwidth::rules::VOICE_V2`).
        let rich = base == Base::Rich;
        let state = if rich {
            State::Disconnected
        } else {
            *d.pick(State::ALL)
        };
        let direction = *d.pick(Direction::ALL);
        let start = Instant::draw(d);
        let answer = start.later(d, 60);
        let end = answer.later(d, 3600);
        let ended = state == State::Disconnected;
        let answered = state == State::Answered || (ended && d.chance(70));
        let last = if ended {
            end
        } else if answered {
            answer
        } else {
            start
        }
        .later(d, 5);
        let cause = if rich {
            d.pick(&[
                DisconnectCause::Error,
                DisconnectCause::ApplicationError,
                DisconnectCause::CallbackError,
                DisconnectCause::InvalidBxml,
            ])
            .clone()
        } else {
            d.pick(DisconnectCause::ALL).clone()
        };
        let failed = ended
            && matches!(
                cause,
                DisconnectCause::Error
                    | DisconnectCause::ApplicationError
                    | DisconnectCause::CallbackError
                    | DisconnectCause::InvalidBxml
            );
        let mut call = obj! {
            "callId" => call_id(d),
            "applicationId" => values::uuid(d),
            "accountId" => values::digits(d, 1..=9, 7),
            "to" => values::e164(d),
            "from" => values::e164(d),
            "direction" => direction.as_str(),
            "state" => state.as_str(),
            "startTime" => time(start),
            "lastUpdate" => time(last),
        };
        let b = base;
        let transfer = d.chance(15);
        optional(&mut call, "parentCallId", d, b, transfer, |d| {
            Json::Str(call_id(d))
        });
        optional(&mut call, "answerTime", d, b, answered, |_| time(answer));
        optional(&mut call, "endTime", d, b, ended, |_| time(end));
        optional(&mut call, "disconnectCause", d, b, ended, |_| {
            Json::str(cause.as_str())
        });
        optional(&mut call, "errorMessage", d, b, failed, |d| {
            Json::Str(values::words(
                d,
                &[
                    "call", "failed", "callback", "timed", "out", "invalid", "BXML",
                ],
            ))
        });
        optional(&mut call, "errorId", d, b, failed, |d| {
            Json::Str(values::uuid(d))
        });
        call
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        derive(&mut generator);
        generator
    }
}

/// `bandwidth/catapult-v1/list-calls`: a page of calls (`004_0e185cbb391e358e.txt`).
pub mod list_calls {
    use callspec::bandwidth::catapult_v1::{
        Direction, HttpMethod, MAX_SIP_HEADER_LEN, MAX_SIP_HEADERS, RecordingFileFormat, State,
    };

    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Change, Generator};
    use crate::json::{Json, obj};
    use crate::place::{Tok, pointer};
    use callspec_core::finding::Code;

    use crate::expect::Expected;

    use crate::kind::Kind;
    use crate::typed::{optional, pick_str, sometimes};
    use crate::values::{self, Instant, Rfc3339Style};

    crate::resource_api!(callspec::bandwidth::catapult_v1::RESOURCE);

    /// The most calls a page holds (`size` is at most 1000).
    pub const LARGEST_PAGE: usize = 1000;

    fn time(t: Instant) -> Json {
        Json::Str(values::rfc3339(t, Rfc3339Style::MILLIS_Z))
    }

    fn address(d: &mut Draw) -> String {
        match d.weighted(&[80, 10, 10]) {
            0 => values::e164(d),
            1 => values::sip_address(d),
            _ => values::sip_uri(d),
        }
    }

    fn headers(d: &mut Draw, base: Base) -> Json {
        let n = if base == Base::Rich {
            1 + d.below(2)
        } else {
            d.below(3)
        };
        Json::object(
            (1..=n)
                .map(|i| {
                    (
                        format!("X-Header-{i}").into(),
                        Json::Str(format!("value-{}", values::hex(d, 4))),
                    )
                })
                .collect(),
        )
    }

    fn call(d: &mut Draw, base: Base) -> Json {
        // A rich base sets activeTime and endTime: a completed call.
        let state = if base == Base::Rich {
            State::Completed
        } else {
            *d.pick(State::ALL)
        };
        let start = Instant::draw(d);
        let active = start.later(d, 30);
        let end = active.later(d, 3600);
        let answered = matches!(
            state,
            State::Active | State::Completed | State::Transferring
        );
        let ended = matches!(state, State::Completed | State::Rejected);
        let callback = if d.chance(60) {
            String::new()
        } else {
            format!(
                "https://callbacks.example.com/catapult/{}",
                values::hex(d, 8)
            )
        };
        let billed = (end.secs - active.secs).max(0) as u64;
        let mut call = obj! {
            "id" => format!("c-{}", values::hex(d, 20)),
            "direction" => pick_str(d, Direction::ALL, Direction::as_str),
            "from" => address(d),
            "to" => address(d),
            "state" => state.as_str(),
            "startTime" => time(start),
            "callbackUrl" => callback,
            "recordingEnabled" => d.chance(30),
        };
        let b = base;
        optional(&mut call, "activeTime", d, b, answered, |_| time(active));
        optional(&mut call, "endTime", d, b, ended, |_| time(end));
        sometimes(&mut call, "callbackHttpMethod", d, b, 30, |d| {
            pick_str(d, HttpMethod::ALL, HttpMethod::as_str)
        });
        sometimes(&mut call, "callbackTimeout", d, b, 30, |d| {
            Json::U64(d.upto(30_000))
        });
        sometimes(&mut call, "fallbackUrl", d, b, 20, |d| {
            Json::Str(format!(
                "https://fallback.example.com/{}",
                values::hex(d, 6)
            ))
        });
        sometimes(&mut call, "bridgeId", d, b, 20, |d| {
            Json::Str(format!("brg-{}", values::hex(d, 16)))
        });
        sometimes(&mut call, "conferenceId", d, b, 20, |d| {
            Json::Str(format!("conf-{}", values::hex(d, 16)))
        });
        optional(
            &mut call,
            "chargeableDuration",
            d,
            b,
            state == State::Completed,
            |_| Json::U64(billed.div_ceil(60) * 60),
        );
        sometimes(&mut call, "recordingFileFormat", d, b, 30, |d| {
            pick_str(d, RecordingFileFormat::ALL, RecordingFileFormat::as_str)
        });
        sometimes(&mut call, "transcriptionEnabled", d, b, 30, |d| {
            Json::Bool(d.chance(50))
        });
        // "Only returned if exist": absent rather than null when there are none.
        if base == Base::Rich || d.chance(30) {
            let headers = headers(d, base);
            call.insert("sipHeaders", headers);
        }
        // The events link both document examples show; rich payloads carry it (no draw, so the
        // other payloads stay as they were).
        if base == Base::Rich {
            let id = call
                .get("id")
                .and_then(Json::as_str)
                .unwrap_or("c-1")
                .to_owned();
            call.insert(
                "events",
                Json::Str(format!(
                    "https://api.catapult.inetwork.com/v1/users/u-1/calls/{id}/events"
                )),
            );
        }
        call
    }

    fn build(d: &mut Draw, base: Base) -> Json {
        let n = if base == Base::Rich {
            1 + d.below(3)
        } else {
            d.below(4)
        };
        Json::Arr((0..n).map(|_| call(d, base)).collect())
    }

    /// The index of one call of a non-empty page.
    fn element(d: &mut Draw, body: &Json) -> usize {
        d.below(body.as_array().map_or(1, Vec::len))
    }

    fn set_headers(body: &mut Json, i: usize, headers: Json) {
        if let Some(call) = body.index_mut(i) {
            call.insert("sipHeaders", headers);
        }
    }

    fn header_place(i: usize, name: &str) -> Vec<Tok> {
        vec![
            Tok::Index(i),
            Tok::Key("sipHeaders".into()),
            Tok::Key(name.to_owned().into()),
        ]
    }

    fn header_map(entries: impl IntoIterator<Item = (String, String)>) -> Json {
        Json::object(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), Json::Str(v)))
                .collect(),
        )
    }

    /// A header name of exactly `len` characters.
    fn long_name(i: usize, len: usize) -> String {
        let mut name = format!("X-{i}-");
        while name.len() < len {
            name.push(char::from(b'a' + (name.len() % 26) as u8));
        }
        name
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        generator.add(
            Kind::Edge,
            "page:empty",
            "An empty page: `[]`.",
            Base::Any,
            |_, body| {
                *body = Json::Arr(Vec::new());
                Change::Json(vec![])
            },
        );
        generator.add(
            Kind::Edge,
            "page:one-call",
            "A page of exactly one call.",
            Base::Rich,
            |_, body| {
                if let Some(calls) = body.as_array_mut() {
                    calls.truncate(1);
                }
                Change::Json(vec![])
            },
        );
        generator.add(
            Kind::Edge,
            "page:1000-calls",
            "A full page of 1000 calls, the largest `size` allows.",
            Base::Any,
            |d, body| {
                *body = Json::Arr((0..LARGEST_PAGE).map(|_| call(d, Base::Any)).collect());
                Change::Json(vec![])
            },
        );
        for n in 0..=MAX_SIP_HEADERS {
            generator.add(
                Kind::Edge,
                format!("sipHeaders:{n}-headers"),
                format!("Every call carries {n} SIP headers."),
                Base::Rich,
                move |d, body| {
                    for i in 0..body.as_array().map_or(0, Vec::len) {
                        let headers = header_map(
                            (1..=n).map(|k| (format!("X-Custom-{k}"), values::hex(d, 1 + k * 3))),
                        );
                        set_headers(body, i, headers);
                    }
                    Change::Json(vec![])
                },
            );
        }
        generator.add(
            Kind::Edge,
            "sipHeaders:5-headers-at-256",
            "Every call carries 5 SIP headers whose names and values are 256 characters long.",
            Base::Rich,
            |_, body| {
                for i in 0..body.as_array().map_or(0, Vec::len) {
                    let headers = header_map((1..=MAX_SIP_HEADERS).map(|k| {
                        (
                            long_name(k, MAX_SIP_HEADER_LEN),
                            values::long_text(MAX_SIP_HEADER_LEN),
                        )
                    }));
                    set_headers(body, i, headers);
                }
                Change::Json(vec![])
            },
        );
        generator.add(
            Kind::Edge,
            "sipHeaders:lowercase-prefix-and-empty-value",
            "SIP header names with a lowercase `x-` prefix, and an empty value.",
            Base::Rich,
            |_, body| {
                for i in 0..body.as_array().map_or(0, Vec::len) {
                    set_headers(body, i, obj! { "x-lowercase" => "value", "X-Empty" => "" });
                }
                Change::Json(vec![])
            },
        );
        generator.add(
            Kind::Edge,
            "callbackUrl:empty",
            "Every call has the empty callback URL both document examples show.",
            Base::Rich,
            |_, body| {
                for call in body.as_array_mut().into_iter().flatten() {
                    call.insert("callbackUrl", Json::str(""));
                }
                Change::Json(vec![])
            },
        );
        generator.add(
            Kind::Invalid,
            "events:placeholder",
            "A call's `events` link keeps the `{callId1}` placeholder of the document's examples, \
             which is no URI.",
            Base::Rich,
            |d, body| {
                let i = element(d, body);
                if let Some(call) = body.as_array_mut().and_then(|calls| calls.get_mut(i)) {
                    call.insert("events", Json::str("https://.../calls/{callId1}/events"));
                }
                Change::Json(vec![Expected::new(
                    Code::ContractFormat,
                    pointer(&[Tok::Index(i), Tok::Key("events".into())]),
                )])
            },
        );
        generator.add(
            Kind::Invalid,
            "sipHeaders:too-many",
            "A call carries 6 SIP headers; the document allows up to 5.",
            Base::Rich,
            |d, body| {
                let i = element(d, body);
                set_headers(
                    body,
                    i,
                    header_map((1..=MAX_SIP_HEADERS + 1).map(|k| (format!("X-H{k}"), "v".into()))),
                );
                Change::Json(vec![Expected::new(
                    Code::ContractRange,
                    pointer(&[Tok::Index(i), Tok::Key("sipHeaders".into())]),
                )])
            },
        );
        generator.add(
            Kind::Invalid,
            "sipHeaders:value-too-long",
            "A SIP header value of 257 characters; the document allows 256.",
            Base::Rich,
            |d, body| {
                let i = element(d, body);
                set_headers(
                    body,
                    i,
                    obj! { "X-Long" => values::long_text(MAX_SIP_HEADER_LEN + 1), "X-Short" => "ok" },
                );
                Change::Json(vec![Expected::new(Code::ContractRange, pointer(&header_place(i, "X-Long")))])
            },
        );
        generator.add(
            Kind::Invalid,
            "sipHeaders:name-too-long",
            "A SIP header name of 257 characters; the document allows 256.",
            Base::Rich,
            |d, body| {
                let i = element(d, body);
                let name = long_name(1, MAX_SIP_HEADER_LEN + 1);
                set_headers(body, i, header_map([(name.clone(), "v".to_owned())]));
                Change::Json(vec![Expected::new(
                    Code::ContractRange,
                    pointer(&header_place(i, &name)),
                )])
            },
        );
        generator.add(
            Kind::Invalid,
            "sipHeaders:name-without-x-prefix",
            "A SIP header whose name does not start with `X-`.",
            Base::Rich,
            |d, body| {
                let i = element(d, body);
                let name = *d.pick(&["P-Asserted-Identity", "Y-Foo", "User-Agent"]);
                set_headers(body, i, obj! { "X-Fine" => "ok", name => "value" });
                Change::Json(vec![Expected::new(
                    Code::ContractPattern,
                    pointer(&header_place(i, name)),
                )])
            },
        );
        generator.add(
            Kind::Invalid,
            "sipHeaders:value-not-a-string",
            "A SIP header value that is not a string.",
            Base::Rich,
            |d, body| {
                let i = element(d, body);
                let value = match d.below(4) {
                    0 => Json::U64(42),
                    1 => Json::Bool(true),
                    2 => Json::Null,
                    _ => Json::Arr(vec![Json::str("v")]),
                };
                set_headers(body, i, obj! { "X-Fine" => "ok", "X-Typed" => value });
                Change::Json(vec![Expected::new(
                    Code::ContractType,
                    pointer(&header_place(i, "X-Typed")),
                )])
            },
        );
        derive(&mut generator);
        generator
    }
}

/// `bandwidth/catapult-v1/list-calls.query`: the query parameters of List Calls
/// (`004_0e185cbb391e358e.txt`, "Supported Parameters"), as a JSON object whose integers are
/// numbers.
pub mod list_calls_query {
    use callspec::bandwidth::catapult_v1::{MAX_PAGE_SIZE, SortOrder};

    use crate::derive::derive;
    use crate::draw::Draw;
    use crate::generator::{Base, Change, Generator};
    use crate::json::{Json, obj};
    use crate::kind::Kind;
    use crate::typed::pick_str;
    use crate::values;

    crate::resource_api!(callspec::bandwidth::catapult_v1::QUERY_RESOURCE);

    fn build(d: &mut Draw, base: Base) -> Json {
        let rich = base == Base::Rich;
        let mut query = obj! {};
        let mut param = |d: &mut Draw, key: &'static str, make: &dyn Fn(&mut Draw) -> Json| {
            if rich || d.chance(40) {
                let value = make(d);
                query.insert(key, value);
            }
        };
        param(d, "bridgeId", &|d| {
            Json::Str(format!("brg-{}", values::hex(d, 16)))
        });
        param(d, "conferenceId", &|d| {
            Json::Str(format!("conf-{}", values::hex(d, 16)))
        });
        param(d, "from", &|d| {
            Json::Str(if d.chance(80) {
                values::e164(d)
            } else {
                values::sip_uri(d)
            })
        });
        param(d, "to", &|d| Json::Str(values::e164(d)));
        param(d, "page", &|d| Json::U64(d.upto(50)));
        param(d, "size", &|d| {
            Json::U64(u64::from(*d.pick(&[
                25,
                1,
                10,
                50,
                100,
                500,
                MAX_PAGE_SIZE,
            ])))
        });
        param(d, "sortOrder", &|d| {
            pick_str(d, SortOrder::ALL, SortOrder::as_str)
        });
        query
    }

    fn make() -> Generator {
        let mut generator = Generator::new(ID, build);
        generator.add(
            Kind::Edge,
            "query:empty",
            "No parameters at all: every default applies.",
            Base::Any,
            |_, body| {
                *body = obj! {};
                Change::Json(vec![])
            },
        );
        derive(&mut generator);
        generator
    }
}
