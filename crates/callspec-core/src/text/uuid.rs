//! UUIDs in their text form (RFC 4122 section 3, RFC 9562 section 4): `8-4-4-4-12` hex digits.

/// Is `text` a UUID in its text form: 32 hex digits in groups of 8, 4, 4, 4 and 12 separated by
/// `-`, any case (RFC 9562 section 4: case-insensitive on input)? Any version and variant,
/// the Nil and Max UUIDs included: the format is the text form, not a version check.
pub fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("94e5928c-7f7e-4645-ad72-61010f906449"));
        assert!(is_uuid("B3877C40-DA60-4998-90AD-B792E98472AF"));
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(is_uuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assert!(!is_uuid("b3877c40-da60-4998-90ad-b792e98472pa"));
        assert!(!is_uuid("94e5928c7f7e4645ad7261010f906449"));
        assert!(!is_uuid("{94e5928c-7f7e-4645-ad72-61010f906449}"));
    }
}
