//! Byte spans into a document's decoded text, and the line index that turns them into lines
//! and columns only at the edges (renderers, the language server).
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

/// Start offsets of every line, so that offset → line is a binary search, not a scan.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Lines end at `\n`, at `\r` not followed by `\n`, and at a form feed is *not* a line end
    /// (pdftotext puts it at the start of the next page's first line).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, len: text.len() }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset.min(self.len)) {
            Ok(exact) => exact + 1,
            Err(next) => next,
        }
    }

    /// Byte offset at which a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line.saturating_sub(1)).copied().unwrap_or(self.len)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// A span for a byte range.
    pub fn span(&self, range: Range<usize>) -> Span {
        Span { start: range.start, end: range.end, line: self.line(range.start) }
    }

    /// 1-based line and 1-based column in Unicode scalar values, for human output.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_start(line);
        let offset = crate::text::floor_char_boundary(text, offset);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_mixed_endings() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line(7), 4);
        assert_eq!(index.line_col(text, 7), (4, 1));
    }
}

/// A set of byte ranges asked "does one of you contain this range?" many times: sorted by start
/// with the running maximum of their ends, so that each question is a binary search. Tables,
/// code blocks and headings can each number in the hundreds of thousands; testing every line or
/// block against every range went quadratic.
#[derive(Debug, Clone, Default)]
pub struct RangeCover {
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the first `i + 1` ranges in start order.
    max_end: Vec<usize>,
}

impl RangeCover {
    pub fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        let mut sorted: Vec<Range<usize>> = ranges.into_iter().collect();
        sorted.sort_unstable_by_key(|r| r.start);
        let starts = sorted.iter().map(|r| r.start).collect();
        let max_end = sorted
            .iter()
            .scan(0, |max, r| {
                *max = (*max).max(r.end);
                Some(*max)
            })
            .collect();
        RangeCover { starts, max_end }
    }

    /// Whether some range holds all of `inner` (`start <= inner.start && inner.end <= end`).
    pub fn contains(&self, inner: &Range<usize>) -> bool {
        let starting_before = self.starts.partition_point(|&s| s <= inner.start);
        starting_before > 0 && self.max_end[starting_before - 1] >= inner.end
    }

    /// Whether some range overlaps `other` (`start < other.end && other.start < end`).
    pub fn overlaps(&self, other: &Range<usize>) -> bool {
        let starting_before = self.starts.partition_point(|&s| s < other.end);
        starting_before > 0 && self.max_end[starting_before - 1] > other.start
    }
}

#[cfg(test)]
mod cover_tests {
    use super::RangeCover;
    use std::ops::Range;

    /// The binary searches answer what testing every range answers, on ranges that nest,
    /// overlap, touch and are empty.
    #[test]
    fn agrees_with_testing_every_range() {
        let ranges: Vec<Range<usize>> = vec![5..9, 0..2, 3..3, 8..20, 12..13, 30..31, 25..25, 1..4];
        let cover = RangeCover::new(ranges.clone());
        for start in 0..35 {
            for end in start..36 {
                let probe = start..end;
                let contains = ranges.iter().any(|r| r.start <= probe.start && probe.end <= r.end);
                let overlaps = ranges.iter().any(|r| r.start < probe.end && probe.start < r.end);
                assert_eq!(cover.contains(&probe), contains, "contains {probe:?}");
                assert_eq!(cover.overlaps(&probe), overlaps, "overlaps {probe:?}");
            }
        }
        assert!(!RangeCover::new([]).contains(&(0..0)));
    }
}
