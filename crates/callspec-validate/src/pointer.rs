//! A reusable JSON pointer (RFC 6901) buffer: push and pop segments while walking a document,
//! with `~` and `/` escaped in member names.

/// A JSON pointer being built.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pointer {
    text: String,
    marks: Vec<usize>,
}

impl Pointer {
    /// Appends a member name.
    pub(crate) fn push_key(&mut self, key: &str) {
        self.marks.push(self.text.len());
        self.text.push('/');
        push_escaped(&mut self.text, key);
    }

    /// Appends an array index.
    pub(crate) fn push_index(&mut self, index: usize) {
        use std::fmt::Write as _;
        self.marks.push(self.text.len());
        let _ = write!(self.text, "/{index}");
    }

    /// Removes the last segment.
    pub(crate) fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.text.truncate(mark);
        }
    }

    /// The pointer's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }
}

/// Appends `key` to `out` escaped as a pointer segment.
pub(crate) fn push_escaped(out: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// `parent` with the member `key` appended.
pub(crate) fn child(parent: &str, key: &str) -> String {
    let mut out = String::with_capacity(parent.len() + key.len() + 1);
    out.push_str(parent);
    out.push('/');
    push_escaped(&mut out, key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_pop_escape() {
        let mut p = Pointer::default();
        p.push_key("a/b");
        p.push_index(3);
        p.push_key("m~n");
        assert_eq!(p.as_str(), "/a~1b/3/m~0n");
        p.pop();
        p.pop();
        assert_eq!(p.as_str(), "/a~1b");
        assert_eq!(child("", "x"), "/x");
    }
}
