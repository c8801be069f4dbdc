//! The excerpt under a finding in the `human` format: the source line with a line-number gutter
//! and a caret under the offending value. The line was redacted by the report stage; here it is
//! made [`visible`], the caret counted on what is shown.

use std::io::{self, Write};

use super::human::Human;
use crate::finding::Excerpt;
use crate::locate::Position;
use crate::redact::sanitize::visible;

/// Writes the excerpt block for a finding at `position`, the caret in `color`.
pub(super) fn write_excerpt(
    human: &Human,
    out: &mut Vec<u8>,
    excerpt: &Excerpt,
    position: Position,
    color: &str,
) -> io::Result<()> {
    let number = position.line.to_string();
    let gutter = " ".repeat(number.len());
    let bar = human.paint("1;34", "|");
    let split = excerpt
        .text
        .char_indices()
        .nth(excerpt.column.saturating_sub(1))
        .map_or(excerpt.text.len(), |(i, _)| i);
    let (before, after) = excerpt.text.split_at(split);
    let (before, after) = (visible(before), visible(after));
    writeln!(out, "  {gutter} {bar}")?;
    writeln!(
        out,
        "  {} {bar} {before}{after}",
        human.paint("1;34", &number),
    )?;
    let pad: String = before
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = excerpt.width.min(after.chars().count()).max(1);
    writeln!(
        out,
        "  {gutter} {bar} {pad}{}",
        human.paint(color, &"^".repeat(width))
    )?;
    Ok(())
}
