//! The excerpt under a finding in the `human` format: the source line with a line-number gutter
//! and a caret under the offending value.

use std::io::{self, Write};

use super::human::Human;
use crate::finding::Excerpt;
use crate::locate::Position;

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
    writeln!(out, "  {gutter} {bar}")?;
    writeln!(
        out,
        "  {} {bar} {}",
        human.paint("1;34", &number),
        human.style.mask(&excerpt.text)
    )?;
    let pad: String = excerpt
        .text
        .chars()
        .take(excerpt.column - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(
        out,
        "  {gutter} {bar} {pad}{}",
        human.paint(color, &"^".repeat(excerpt.width))
    )?;
    Ok(())
}
