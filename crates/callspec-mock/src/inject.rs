//! Case injection through four channels, first match wins: the `Prefer` header (RFC 7240; the
//! keys `case`, `kind`, and Prism's `code`, `example`, `dynamic`, `seed`, plus `fault`), the
//! `__case=` and `__fault=` query parameters (stripped before routing), the call id
//! (`<id>~<case or kind>`), and the server-wide mix, decided per call id. A case name the
//! resource's catalogues do not have is answered 400 with the nearest names.

use callspec_gen::Kind;

use crate::faults::Fault;
use crate::hash;
use crate::mix::Mix;
use crate::store::Choice;

/// The status codes `Prefer: code=` may ask for.
pub(crate) const CODES: [u16; 8] = [200, 401, 404, 429, 500, 502, 503, 504];

/// What a request asked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Injection {
    pub(crate) choice: Choice,
    /// The channel the choice came from: `prefer`, `query`, `call-id`, `mix` or `default`.
    pub(crate) channel: &'static str,
    pub(crate) code: Option<u16>,
    pub(crate) seed: Option<u64>,
    pub(crate) fault: Option<Fault>,
    /// The preferences honoured, as `Preference-Applied` lists them.
    pub(crate) applied: Vec<String>,
}

/// A request that names something the mock does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejected {
    pub(crate) message: String,
    pub(crate) details: Vec<String>,
}

/// One preference: lower-case name and value (unquoted).
pub(crate) fn preferences<'a>(headers: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for header in headers {
        for item in header.split(',') {
            let token = item.split(';').next().unwrap_or("").trim();
            if token.is_empty() {
                continue;
            }
            let (name, value) = token.split_once('=').unwrap_or((token, ""));
            out.push((
                name.trim().to_ascii_lowercase(),
                value.trim().trim_matches('"').to_owned(),
            ));
        }
    }
    out
}

/// The request's inputs to injection.
#[derive(Debug)]
pub(crate) struct Asked<'a> {
    /// The resource the endpoint serves with 200.
    pub(crate) resource: &'a str,
    pub(crate) prefer: Vec<(String, String)>,
    /// `__case` and `__fault` from the query.
    pub(crate) query_case: Option<String>,
    pub(crate) query_fault: Option<String>,
    /// The part of the call id after `~`.
    pub(crate) id_case: Option<String>,
    pub(crate) mix: Option<&'a Mix>,
    /// The call's hash, for the mix.
    pub(crate) call_hash: u64,
}

/// Resolves what a request asked for.
pub(crate) fn resolve(asked: &Asked<'_>) -> Result<Injection, Rejected> {
    let mut injection = Injection {
        choice: Choice::Timeline,
        channel: "default",
        code: None,
        seed: None,
        fault: None,
        applied: Vec::new(),
    };
    let mut prefer_choice = None;
    for (name, value) in &asked.prefer {
        match name.as_str() {
            "case" | "example" => {
                prefer_choice = Some(choice(asked.resource, value)?);
                injection.applied.push(format!("{name}={value}"));
            }
            "kind" => {
                let kind: Kind = value.parse().map_err(|_| Rejected {
                    message: format!("`Prefer: kind={value}` names no kind"),
                    details: Kind::ALL.iter().map(|k| k.as_str().to_owned()).collect(),
                })?;
                prefer_choice = Some(kind_choice(kind));
                injection.applied.push(format!("kind={value}"));
            }
            "code" => {
                let code = value
                    .parse::<u16>()
                    .ok()
                    .filter(|c| CODES.contains(c))
                    .ok_or_else(|| Rejected {
                        message: format!("`Prefer: code={value}` is not a status this mock serves"),
                        details: CODES.iter().map(u16::to_string).collect(),
                    })?;
                injection.code = Some(code);
                injection.applied.push(format!("code={code}"));
            }
            "seed" => {
                let seed = value.parse::<u64>().map_err(|_| Rejected {
                    message: format!("`Prefer: seed={value}` is not an unsigned integer"),
                    details: Vec::new(),
                })?;
                injection.seed = Some(seed);
                injection.applied.push(format!("seed={seed}"));
            }
            // Every payload is generated, so `dynamic=true` is always honoured; `false` (serve
            // a fixed example) is not, and is not echoed.
            "dynamic" if value.eq_ignore_ascii_case("true") => {
                injection.applied.push("dynamic=true".to_owned());
            }
            "fault" => {
                injection.fault = Some(fault(value)?);
                injection.applied.push(format!("fault={value}"));
            }
            // RFC 7240: a preference the server does not know is ignored.
            _ => {}
        }
    }
    if injection.fault.is_none()
        && let Some(value) = &asked.query_fault
    {
        injection.fault = Some(fault(value)?);
    }
    let (choice, channel) = if let Some(c) = prefer_choice {
        (c, "prefer")
    } else if let Some(name) = &asked.query_case {
        (choice(asked.resource, name)?, "query")
    } else if let Some(name) = &asked.id_case {
        (choice(asked.resource, name)?, "call-id")
    } else if let Some(mix) = asked.mix {
        let u = hash::unit(hash::hash(asked.call_hash, &["mix"]));
        (kind_choice(mix.pick(u)), "mix")
    } else {
        (Choice::Timeline, "default")
    };
    injection.choice = choice;
    injection.channel = channel;
    Ok(injection)
}

fn kind_choice(kind: Kind) -> Choice {
    if kind == Kind::Valid {
        Choice::Timeline
    } else {
        Choice::Kind(kind)
    }
}

fn fault(value: &str) -> Result<Fault, Rejected> {
    Fault::from_name(value).ok_or_else(|| Rejected {
        message: format!("`{value}` names no fault"),
        details: Fault::names().split(", ").map(str::to_owned).collect(),
    })
}

/// A case name or a kind name, checked against the resource's catalogues.
fn choice(resource: &str, name: &str) -> Result<Choice, Rejected> {
    if let Ok(kind) = name.parse::<Kind>() {
        return Ok(kind_choice(kind));
    }
    let known = case_names(resource);
    if known.iter().any(|k| k == name) {
        return Ok(Choice::Case(name.to_owned()));
    }
    Err(Rejected {
        message: format!("`{name}` is not a case of `{resource}`; the nearest names follow"),
        details: nearest(name, &known, 8),
    })
}

/// Every case name of a resource's edge, drift and invalid catalogues.
pub(crate) fn case_names(resource: &str) -> Vec<String> {
    [Kind::Edge, Kind::Drift, Kind::Invalid]
        .into_iter()
        .flat_map(|k| callspec_gen::catalog(resource, k))
        .map(|c| c.name.clone())
        .collect()
}

/// Up to `n` names of `known` nearest to `name`: those containing it if any, else the nearest
/// by edit distance.
fn nearest(name: &str, known: &[String], n: usize) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .map(|k| {
            let kl = k.to_lowercase();
            let score = if !lower.is_empty() && kl.contains(&lower) {
                0
            } else {
                1 + levenshtein(&lower, &kl)
            };
            (score, k)
        })
        .collect();
    scored.sort();
    // Names containing the one given, when there are any, are all the answer.
    let containing = scored.iter().take_while(|(s, _)| *s == 0).count();
    let n = if containing > 0 { containing.min(n) } else { n };
    scored.into_iter().take(n).map(|(_, k)| k.clone()).collect()
}

fn levenshtein(a: &str, b: &str) -> usize {
    // Bounded: names longer than 256 characters are compared by their first 256.
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESOURCE: &str = "bandwidth/voice-v2/call-state";

    fn asked(prefer: &str) -> Asked<'static> {
        Asked {
            resource: RESOURCE,
            prefer: preferences(std::iter::once(prefer)),
            query_case: None,
            query_fault: None,
            id_case: None,
            mix: None,
            call_hash: 1,
        }
    }

    #[test]
    fn prefer_keys() {
        let case = case_names(RESOURCE)[0].clone();
        let got = resolve(&asked(&format!(
            "case=\"{case}\", seed=9; x=y, respond-async"
        )))
        .unwrap();
        assert_eq!(got.choice, Choice::Case(case.clone()));
        assert_eq!(got.seed, Some(9));
        assert_eq!(
            got.applied,
            vec![format!("case={case}"), "seed=9".to_owned()]
        );
        let got = resolve(&asked("code=404, dynamic=true, kind=drift")).unwrap();
        assert_eq!(got.code, Some(404));
        assert_eq!(got.choice, Choice::Kind(Kind::Drift));
        assert!(resolve(&asked("code=418")).is_err());
        assert!(resolve(&asked("kind=weird")).is_err());
    }

    #[test]
    fn unknown_cases_list_near_names() {
        let err = resolve(&asked("case=disconnectCause")).unwrap_err();
        assert!(!err.details.is_empty());
        assert!(
            err.details.iter().all(|d| d.contains("disconnectCause")),
            "{err:?}"
        );
    }

    #[test]
    fn channels_in_order() {
        let names = case_names(RESOURCE);
        let mut a = asked("");
        a.id_case = Some(names[1].clone());
        a.query_case = Some(names[2].clone());
        assert_eq!(resolve(&a).unwrap().channel, "query");
        a.query_case = None;
        assert_eq!(resolve(&a).unwrap().choice, Choice::Case(names[1].clone()));
        a.id_case = None;
        assert_eq!(resolve(&a).unwrap().channel, "default");
    }
}
