//! A place in the document.
use serde::Serialize;
use std::ops::Range;

/// A byte range of the decoded document text with the 1-based line on which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

impl Span {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}
