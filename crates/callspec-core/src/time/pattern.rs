//! The portable `pattern` of `rfc2822-date-time`: one regular expression in the syntax ECMA-262,
//! Python's `re` and Rust's `regex` share, for validators that do not know the format. It is
//! built so that a backtracking engine runs it in linear time: every repetition is followed by
//! something it cannot match, and no two alternatives of a repetition start alike.

/// Folding white space, one unit: `WSP` or `CRLF WSP`.
macro_rules! fws {
    () => {
        r"[ \t]|\r\n[ \t]"
    };
}

/// A comment without nested comments: `ctext`, quoted pairs and folds between parentheses.
macro_rules! comment {
    () => {
        r"\((?:[\x01-\x09\x0b\x0c\x0e-\x27\x2a-\x5b\x5d-\x7f]|\\[\x00-\x7f]|\r\n[ \t])*\)"
    };
}

/// Any CFWS, possibly empty.
macro_rules! cfws {
    () => {
        concat!("(?:", fws!(), "|", comment!(), ")*")
    };
}

/// CFWS with at least one comment or white space.
macro_rules! cfws1 {
    () => {
        concat!("(?:", fws!(), "|", comment!(), ")+")
    };
}

/// CFWS holding white space outside comments.
macro_rules! cfws_with_fws {
    () => {
        concat!(
            "(?:",
            comment!(),
            ")*(?:",
            fws!(),
            ")(?:",
            fws!(),
            "|",
            comment!(),
            ")*"
        )
    };
}

/// CFWS ending with white space outside comments.
macro_rules! cfws_ending_fws {
    () => {
        concat!("(?:(?:", comment!(), ")*(?:", fws!(), "))+")
    };
}

/// The strict branch: comments one level deep, and every field as tight as a regular
/// expression can check it.
macro_rules! strict {
    () => {
        concat!(
            cfws!(),
            r"(?:(?:[Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|[Ss][Aa][Tt]|[Ss][Uu][Nn])",
            cfws!(),
            ",",
            cfws!(),
            ")?",
            r"(?:0?[1-9]|[12][0-9]|3[01])",
            cfws1!(),
            r"(?:[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])",
            cfws1!(),
            r"(?:[0-9]{2,3}|0*(?:19[0-9]{2}|[2-9][0-9]{3}|[1-9][0-9]{4,}))",
            cfws_with_fws!(),
            r"(?:[01][0-9]|2[0-3])",
            cfws!(),
            ":",
            cfws!(),
            r"[0-5][0-9]",
            "(?:",
            cfws!(),
            ":",
            cfws!(),
            r"(?:[0-5][0-9]|60))?",
            cfws_ending_fws!(),
            r"(?:[+-][0-9]{2}[0-5][0-9]|[Uu][Tt]|[Gg][Mm][Tt]|[EeCcMmPp][SsDd][Tt]|[A-IK-Za-ik-z])",
            cfws!()
        )
    };
}

/// The loose branch, for dates with a comment inside a comment (a regular expression cannot
/// match nested parentheses): US-ASCII text in which a `(` opens inside a comment.
macro_rules! nested {
    () => {
        r"(?:[\x00-\x27\x29-\x7f]|\([^()]*\))*\([^()]*\([\x00-\x7f]*"
    };
}

/// The portable shape of an RFC 2822 date. It checks everything the format checks except the
/// calendar (30 February, the day of week), the leap-second rule, and dates holding nested
/// comments, which it accepts whenever they are US-ASCII. Never stricter than the format.
pub const RFC2822_PATTERN: &str = concat!("^(?:", strict!(), "|", nested!(), ")$");
