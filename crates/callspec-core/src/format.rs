//! The formats callspec's schemas use and the check of each: the list a validator registers so
//! that every `format` is asserted, none silently ignored.

use crate::address::AddressFormat;

pub use crate::text::{FORMAT_URI, FORMAT_URI_REFERENCE, FORMAT_UUID};
pub use crate::time::{FORMAT_RFC2822, FORMAT_RFC3339};

/// A format callspec asserts, with its checker.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// The `format` keyword's value.
    pub name: &'static str,
    /// Whether `text` conforms.
    pub check: fn(&str) -> bool,
    /// Whether the name is a standard JSON Schema format (others are callspec's own).
    pub standard: bool,
}

/// Every format the published schemas use. A validator that asserts formats registers all of
/// these; any other format name in a schema is an error, never silently ignored.
pub fn formats() -> Vec<Format> {
    let mut all = vec![
        Format {
            name: FORMAT_RFC3339,
            check: crate::time::is_rfc3339,
            standard: true,
        },
        Format {
            name: FORMAT_RFC2822,
            check: crate::time::is_rfc2822,
            standard: false,
        },
        Format {
            name: FORMAT_UUID,
            check: crate::text::is_uuid,
            standard: true,
        },
        Format {
            name: FORMAT_URI,
            check: crate::text::is_uri,
            standard: true,
        },
        Format {
            name: FORMAT_URI_REFERENCE,
            check: crate::text::is_uri_reference,
            standard: true,
        },
    ];
    all.extend(AddressFormat::ALL.iter().map(|f| Format {
        name: f.name(),
        check: f.checker(),
        standard: false,
    }));
    all
}
