//! What a catalog lists about each of its cases ([`CaseInfo`]).

use crate::kind::Kind;

/// A case of a catalog: its stable name, kind and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInfo {
    /// The stable name, as it appears in [`Generated::case`](crate::Generated::case).
    pub name: String,
    /// The catalog it belongs to.
    pub kind: Kind,
    /// What the case does, in a sentence.
    pub description: String,
}
