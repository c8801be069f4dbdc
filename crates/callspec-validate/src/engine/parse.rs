//! Parsing a body: UTF-8 first, then JSON; what fails is a `syntax/…` finding at its position.
//! A read problem (a part of the input that could not be read) is a `syntax/input` finding.

use serde_json::Value;

use crate::finding::{Code, Excerpt, Finding};
use crate::input::{Origin, ReadProblem};
use crate::locate::{self, Position};

/// Parses a body: UTF-8 first, then JSON.
pub(super) fn parse(body: &[u8], origin: &Origin) -> Result<Value, Box<Finding>> {
    let text = std::str::from_utf8(body).map_err(|error| {
        let at = error.valid_up_to();
        let mut finding = Finding::new(
            Code::SyntaxUtf8,
            "",
            format!(
                "the body is not UTF-8: invalid byte 0x{:02x}",
                body.get(at).copied().unwrap_or_default()
            ),
        )
        .expected("UTF-8 text");
        let in_body = locate::position_at(body, at, Position::START);
        finding.position = Some(origin.source_position(in_body));
        finding.excerpt = Excerpt::at(body, in_body);
        Box::new(finding)
    })?;
    serde_json::from_str(text).map_err(|error| {
        let message = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else {
            let text = error.to_string();
            // serde_json appends " at line L column C"; the position is reported separately.
            text.split(" at line ").next().unwrap_or(&text).to_owned()
        };
        let mut finding = Finding::new(Code::SyntaxJson, "", format!("not JSON: {message}"))
            .expected("a JSON value");
        let in_body = locate::syntax_position(body, &error);
        finding.position = Some(origin.source_position(in_body));
        finding.excerpt = Excerpt::at(body, in_body);
        Box::new(finding)
    })
}

pub(super) fn read_problem(problem: &ReadProblem, origin: &Origin) -> Finding {
    let mut finding = Finding::new(Code::SyntaxInput, "", problem.to_string());
    finding.position = match problem {
        ReadProblem::HarDocument {
            position: Some(position),
            ..
        }
        | ReadProblem::Truncated { position, .. }
        | ReadProblem::Syntax { position, .. } => Some(*position),
        _ if origin.index.is_some() => Some(origin.start),
        _ => origin.line.map(|line| Position::new(line, 1)),
    };
    finding
}

/// The finding for a body nested deeper than `limit`, or `None`: a scan of brackets outside
/// strings, run only when the limit is below the parser's own.
pub(super) fn too_deep(body: &[u8], limit: usize, origin: &Origin) -> Option<Box<Finding>> {
    let (mut depth, mut in_string, mut escape) = (0usize, false, false);
    for (at, &b) in body.iter().enumerate() {
        if in_string {
            if escape {
                escape = false;
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    let mut finding = Finding::new(
                        Code::SyntaxJson,
                        "",
                        format!("not JSON callspec reads: nested deeper than {limit} levels"),
                    )
                    .expected(format!(
                        "at most {limit} levels of arrays and objects (--max-depth)"
                    ));
                    let in_body = locate::position_at(body, at, Position::START);
                    finding.position = Some(origin.source_position(in_body));
                    finding.excerpt = Excerpt::at(body, in_body);
                    return Some(Box::new(finding));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
