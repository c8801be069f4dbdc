//! Which resources to generate for ([`ResourceSelector`]): one registered resource, or all.

use std::str::FromStr;

/// Which resources to generate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceSelector {
    /// One resource, by id.
    One(&'static str),
    /// Every resource, in turn (round robin in id order).
    All,
}

/// A resource id that no provider registers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown resource `{}`: expected `all` or one of {}", .0, resource_list())]
pub struct UnknownResource(pub String);

fn resource_list() -> String {
    let ids: Vec<&str> = callspec::resources().iter().map(|r| r.id).collect();
    ids.join(", ")
}

impl FromStr for ResourceSelector {
    type Err = UnknownResource;
    /// `all`, or the id of a registered resource.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "all" {
            return Ok(ResourceSelector::All);
        }
        callspec::resource(s)
            .map(|r| ResourceSelector::One(r.id))
            .ok_or_else(|| UnknownResource(s.to_owned()))
    }
}
