//! Which resource the fast path checks a record against, without a `serde_json::Value`: the
//! forced one, else the one the previous record on this thread was routed to, kept only when
//! the fields of the record route there too (the same answer shape routing gives, since a
//! record the closed schema accepts has only listed, distinct fields).

use std::cell::Cell;

use super::super::Engine;
use super::super::compile::Compiled;
use super::Captured;

thread_local! {
    /// The resource the last record checked on this thread was routed to. Every engine
    /// compiles `callspec::resources()` in the same order, so an index holds for any engine.
    static LAST: Cell<Option<usize>> = const { Cell::new(None) };
    /// The route of the last set of fields asked about: (resource, mask of its fields, route).
    static ROUTE: Cell<Option<(usize, u128, Option<usize>)>> = const { Cell::new(None) };
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
        let i = LAST.get()?;
        let c = &self.compiled[i];
        let program = c.fast.as_ref()?;
        let fields = program.root_fields()?;
        let (mask, kept) = program.accepts_keeping(body)?;
        let route = match ROUTE.get() {
            Some((resource, seen, route)) if resource == i && seen == mask => route,
            _ => {
                let names = fields
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1u128 << bit) != 0)
                    .map(|(_, name)| &**name);
                let route = self.route_fields(names, mask.count_ones() as usize);
                ROUTE.set(Some((i, mask, route)));
                route
            }
        };
        (route == Some(i)).then_some((c, kept))
    }

    /// Remembers the resource an object record was routed to, for the next record's fast path.
    pub(in crate::engine) fn remember_route(&self, target: &Compiled) {
        let index = self.compiled.iter().position(|c| std::ptr::eq(c, target));
        LAST.set(index);
    }
}
