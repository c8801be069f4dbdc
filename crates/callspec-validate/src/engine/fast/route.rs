//! Which resource the fast path checks a record against, without a `serde_json::Value`: the
//! forced one, else the one the previous record on this thread was routed to, then the others
//! that know the record's first member name (a log or a directory that mixes resources), each
//! kept only when the fields of the record route there too (the same answer shape routing
//! gives, since a record the closed schema accepts has only listed, distinct fields).

use std::cell::Cell;

use super::super::Engine;
use super::super::compile::{Compiled, MAX_RESOURCES};
use super::{Captured, Sample};

/// A set of a resource's fields (a bit per listed property) and the resource it routes to.
type Routed = (u128, Option<usize>);

thread_local! {
    /// The resource the last record checked on this thread was routed to. Every engine
    /// compiles `callspec::resources()` in the same order, so an index holds for any engine.
    static LAST: Cell<Option<usize>> = const { Cell::new(None) };
    /// For each resource, the route of the last set of its fields asked about.
    static ROUTES: [Cell<Option<Routed>>; MAX_RESOURCES] =
        const { [const { Cell::new(None) }; MAX_RESOURCES] };
}

impl Engine {
    /// The resource a record's body is valid and drift-free against, when the fast path can
    /// tell, with the members it kept for the semantic rules; `None` sends the record to the
    /// full engine.
    pub(in crate::engine) fn fast_clean(
        &self,
        body: &[u8],
    ) -> Option<(&Compiled, Option<Captured<'_>>)> {
        if let Some(i) = self.forced {
            let c = &self.compiled[i];
            let (_, kept) = c.fast.as_ref()?.accepts_keeping(body)?;
            return Some((c, kept));
        }
        if body.get(crate::locate::skip_ws(body, 0)) == Some(&b'[') {
            return self.fast_list(body);
        }
        let last = LAST.get();
        if let Some(i) = last
            && let Some(kept) = self.fast_routed(i, body)
        {
            return Some((&self.compiled[i], kept));
        }
        // The record is not the previous one's resource: the others that know its first
        // member's name are tried, and the one it routes to is remembered.
        let (known, _) = self.keys.get(first_member(body)?)?;
        let mut candidates = *known & !last.map_or(0, |i| 1u64 << i);
        while candidates != 0 {
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if let Some(kept) = self.fast_routed(i, body) {
                LAST.set(Some(i));
                return Some((&self.compiled[i], kept));
            }
        }
        None
    }

    /// For a body that is an array: the list resource whose fast path accepts it, when the
    /// fields of its first elements route there.
    fn fast_list(&self, body: &[u8]) -> Option<(&Compiled, Option<Captured<'_>>)> {
        for (i, c) in self.compiled.iter().enumerate() {
            if !c.routable || !c.is_array {
                continue;
            }
            let Some(program) = c.fast.as_ref() else {
                continue;
            };
            let Some(fields) = program.item_fields() else {
                continue;
            };
            let mut sample = Sample::default();
            let Some((_, kept)) = program.accepts_sampling(body, Some(&mut sample)) else {
                continue;
            };
            let names: Vec<Option<Vec<&str>>> = sample.masks[..sample.len]
                .iter()
                .map(|&mask| Some(present(fields, mask).collect()))
                .collect();
            if self.route_array_fields(&names) == Some(i) {
                return Some((c, kept));
            }
        }
        None
    }

    /// The members kept of `body` when resource `i`'s fast path accepts it and its fields
    /// route to `i`.
    fn fast_routed(&self, i: usize, body: &[u8]) -> Option<Option<Captured<'_>>> {
        let c = &self.compiled[i];
        let program = c.fast.as_ref()?;
        let fields = program.root_fields()?;
        let (mask, kept) = program.accepts_keeping(body)?;
        let route = ROUTES.with(|routes| match routes[i].get() {
            Some((seen, route)) if seen == mask => route,
            _ => {
                let route = self.route_fields(present(fields, mask), mask.count_ones() as usize);
                routes[i].set(Some((mask, route)));
                route
            }
        });
        (route == Some(i)).then_some(kept)
    }

    /// Remembers the resource an object record was routed to, for the next record's fast path.
    pub(in crate::engine) fn remember_route(&self, target: &Compiled) {
        let index = self.compiled.iter().position(|c| std::ptr::eq(c, target));
        LAST.set(index);
    }
}

/// The names of `fields` whose bit is set in `mask` (a walk's listed properties present).
fn present(fields: &[Box<str>], mask: u128) -> impl Iterator<Item = &str> {
    fields
        .iter()
        .enumerate()
        .filter(move |(bit, _)| mask & (1u128 << bit) != 0)
        .map(|(_, name)| &**name)
}

/// The name of the first member of the object `body` holds, when it is written without
/// escapes; `None` for anything else (the record then goes to the full engine).
fn first_member(body: &[u8]) -> Option<&str> {
    let at = crate::locate::skip_ws(body, 0);
    if body.get(at) != Some(&b'{') {
        return None;
    }
    let start = crate::locate::skip_ws(body, at + 1);
    if body.get(start) != Some(&b'"') {
        return None;
    }
    let name = &body[start + 1..];
    let end = memchr::memchr2(b'"', b'\\', name)?;
    if name[end] != b'"' {
        return None;
    }
    std::str::from_utf8(&name[..end]).ok()
}

#[cfg(test)]
mod tests {
    use super::first_member;

    #[test]
    fn the_first_member_name() {
        assert_eq!(first_member(b" {\n \"callId\": 1}"), Some("callId"));
        assert_eq!(first_member(b"{}"), None);
        assert_eq!(first_member(b"[{\"a\": 1}]"), None);
        assert_eq!(first_member(b"{\"a\\u0062\": 1}"), None);
        assert_eq!(first_member(b"{\"unterminated"), None);
    }
}
