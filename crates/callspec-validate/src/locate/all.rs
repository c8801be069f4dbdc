//! Locating all the findings of a body at once, in time linear in the body: the pointers are
//! gathered into a tree and followed in one descent (each object or array on the way is read
//! once, whatever the number of pointers into it), the positions are found in one forward pass
//! over the sorted offsets, and each excerpt is cut from its line by byte offsets. The answers
//! are those of [`locate_nearest`](super::locate_nearest), [`position_at`](super::position_at)
//! and [`Excerpt::at`] one finding at a time.

use memchr::{memchr, memchr_iter, memrchr};

use super::{BOM, Position, array_index, count_chars, key_matches, skip_value, skip_ws};
use crate::finding::{Excerpt, Finding};

/// Where one finding sits in its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// The byte offset of the value (or of its nearest existing ancestor).
    pub(crate) offset: usize,
    /// Its position relative to the body (the body's first character is 1:1).
    pub(crate) position: Position,
    /// The excerpt of its line.
    pub(crate) excerpt: Option<Excerpt>,
}

/// A node of the pointer tree: the pointers that end here, and the tokens below.
#[derive(Default)]
struct Node<'p> {
    ends: Vec<usize>,
    children: Vec<(&'p str, Node<'p>)>,
}

impl<'p> Node<'p> {
    fn insert(&mut self, mut tokens: std::str::Split<'p, char>, pointer: usize) {
        match tokens.next() {
            None => self.ends.push(pointer),
            Some(token) => {
                let child = match self.children.iter().position(|(t, _)| *t == token) {
                    Some(i) => &mut self.children[i].1,
                    None => {
                        self.children.push((token, Node::default()));
                        &mut self.children.last_mut().expect("just pushed").1
                    }
                };
                child.insert(tokens, pointer);
            }
        }
    }

    /// Every pointer in this subtree gets `offset`.
    fn all_at(&self, offset: Option<usize>, out: &mut [Option<usize>]) {
        for &pointer in &self.ends {
            out[pointer] = offset;
        }
        for (_, child) in &self.children {
            child.all_at(offset, out);
        }
    }
}

/// Locates every pointer of `pointers` in `body`: for each, the offset, position and excerpt of
/// its value, or of the nearest existing ancestor; `None` where [`super::locate_nearest`] gives
/// `None` (not a pointer, a malformed body).
fn locate_all(body: &[u8], pointers: &[&str]) -> Vec<Option<Located>> {
    let mut root = Node::default();
    let mut offsets = vec![None; pointers.len()];
    for (i, pointer) in pointers.iter().enumerate() {
        match pointer.strip_prefix('/') {
            Some(rest) => root.insert(rest.split('/'), i),
            None if pointer.is_empty() => root.ends.push(i),
            None => {}
        }
    }
    let first = if body.starts_with(BOM) { BOM.len() } else { 0 };
    let at = skip_ws(body, first);
    if at < body.len() {
        descend(body, at, &root, &mut offsets);
    }
    positions(body, &offsets)
}

/// Places every finding of `findings` at its pointer in `body`, all in one descent: its
/// position, mapped to the source by `to_source`, and the excerpt of its line. A finding whose
/// pointer leads nowhere keeps no position.
pub(crate) fn place_all(
    findings: &mut [Finding],
    body: &[u8],
    to_source: impl Fn(Position) -> Position,
) {
    let located = {
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        locate_all(body, &pointers)
    };
    for (finding, located) in findings.iter_mut().zip(located) {
        if let Some(located) = located {
            finding.position = Some(to_source(located.position));
            finding.excerpt = located.excerpt;
        }
    }
}

/// Follows the tree from the value at `at`.
fn descend(body: &[u8], at: usize, node: &Node<'_>, out: &mut [Option<usize>]) {
    // A value is located where it ends too; the ancestors passed through need not.
    let whole = skip_value(body, at).is_some();
    for &pointer in &node.ends {
        out[pointer] = whole.then_some(at);
    }
    if node.children.is_empty() {
        return;
    }
    let Some(&first) = body.get(at) else {
        node.all_at(None, out);
        return;
    };
    let mut found: Vec<Option<usize>> = vec![None; node.children.len()];
    let complete = match first {
        b'{' => members(body, at, node, &mut found),
        b'[' => elements(body, at, node, &mut found),
        _ => true,
    };
    for ((token, child), found) in node.children.iter().zip(found) {
        match found {
            Some(value) => descend(body, value, child, out),
            None => {
                // A token that is no index is missing from any array, however malformed.
                let missing = complete || (first == b'[' && array_index(token).is_none());
                child.all_at((missing && whole).then_some(at), out);
            }
        }
    }
}

/// `body[object]` is `{`: the start of the last member of each child token's key. `false`, and
/// nothing found, when the object is malformed.
fn members(body: &[u8], object: usize, node: &Node<'_>, found: &mut [Option<usize>]) -> bool {
    let complete = scan_members(body, object, node, found);
    if !complete {
        found.fill(None);
    }
    complete
}

fn scan_members(body: &[u8], object: usize, node: &Node<'_>, found: &mut [Option<usize>]) -> bool {
    let mut at = skip_ws(body, object + 1);
    if body.get(at) == Some(&b'}') {
        return true;
    }
    loop {
        if body.get(at) != Some(&b'"') {
            return false;
        }
        let Some(key_end) = super::skip_string(body, at) else {
            return false;
        };
        let key = &body[at + 1..key_end - 1];
        at = skip_ws(body, key_end);
        if body.get(at) != Some(&b':') {
            return false;
        }
        at = skip_ws(body, at + 1);
        for ((token, _), found) in node.children.iter().zip(found.iter_mut()) {
            if key_matches(key, token) {
                *found = Some(at);
            }
        }
        let Some(end) = skip_value(body, at) else {
            return false;
        };
        at = skip_ws(body, end);
        match body.get(at) {
            Some(b',') => at = skip_ws(body, at + 1),
            Some(b'}') => return true,
            _ => return false,
        }
    }
}

/// `body[array]` is `[`: the start of each child token's element. `false` when the array is
/// malformed before the last element asked for (the elements before it are found).
fn elements(body: &[u8], array: usize, node: &Node<'_>, found: &mut [Option<usize>]) -> bool {
    let mut wanted: Vec<(usize, usize)> = node
        .children
        .iter()
        .enumerate()
        .filter_map(|(child, (token, _))| array_index(token).map(|index| (index, child)))
        .collect();
    if wanted.is_empty() {
        return true;
    }
    wanted.sort_unstable();
    let last = wanted[wanted.len() - 1].0;
    let mut next = wanted.iter().peekable();
    let mut at = skip_ws(body, array + 1);
    if body.get(at) == Some(&b']') {
        return true;
    }
    let mut current = 0usize;
    loop {
        if at >= body.len() {
            // The array ends before its element `current`: malformed.
            return false;
        }
        while let Some(&&(index, child)) = next.peek() {
            if index != current {
                break;
            }
            found[child] = Some(at);
            next.next();
        }
        if current == last {
            return true;
        }
        let Some(end) = skip_value(body, at) else {
            return false;
        };
        at = skip_ws(body, end);
        match body.get(at) {
            Some(b',') => at = skip_ws(body, at + 1),
            Some(b']') => return true,
            _ => return false,
        }
        current += 1;
    }
}

/// Positions and excerpts of the offsets, in one forward pass over the body.
pub(crate) fn positions(body: &[u8], offsets: &[Option<usize>]) -> Vec<Option<Located>> {
    let text = std::str::from_utf8(body).ok();
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.map(|o| (o, i)))
        .collect();
    order.sort_unstable();
    let mut out = vec![None; offsets.len()];
    let (mut scanned, mut position, mut line_start) = (0usize, Position::START, 0usize);
    let mut line_end: Option<(usize, usize)> = None;
    for (offset, i) in order {
        let span = &body[scanned..offset];
        match memrchr(b'\n', span) {
            None => position.column += count_chars(span),
            Some(last) => {
                position.line += memchr_iter(b'\n', span).count() as u64;
                position.column = count_chars(&span[last + 1..]) + 1;
                line_start = scanned + last + 1;
            }
        }
        scanned = offset;
        let excerpt = match text {
            Some(text) => {
                let end = match line_end {
                    Some((start, end)) if start == line_start => end,
                    _ => {
                        let end = memchr(b'\n', &body[offset..]).map_or(body.len(), |n| offset + n);
                        line_end = Some((line_start, end));
                        end
                    }
                };
                let line = &text[line_start..end];
                let line = line.strip_suffix('\r').unwrap_or(line);
                Some(Excerpt::in_line(
                    line,
                    (offset - line_start).min(line.len()),
                ))
            }
            None => Excerpt::at(body, position),
        };
        out[i] = Some(Located {
            offset,
            position,
            excerpt,
        });
    }
    out
}

#[cfg(test)]
mod tests;
