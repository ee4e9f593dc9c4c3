//! Byte spans into a document's decoded text, and the line index that turns them into lines
//! and columns only at the edges (renderers, the language server).
pub use crate::model::Span;
use std::ops::Range;

/// Start offsets of every line, so that offset → line is a binary search, not a scan.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// Characters and UTF-16 code units before every `CHECKPOINT` bytes of the text (each cut at
    /// a character boundary), made on the first column asked for in a long line: a column there is counted
    /// from the nearest checkpoint, not from the line start (a page rendered on one line of a
    /// megabyte with thousands of findings made that quadratic).
    checkpoints: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// Bytes between two checkpoints of [`LineIndex`]; a column in a line shorter than this is
/// counted directly.
const CHECKPOINT: usize = 1024;

impl LineIndex {
    /// Lines end at `\n`, at `\r` not followed by `\n`, and at a form feed is *not* a line end
    /// (pdftotext puts it at the start of the next page's first line).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // Only the two line-break bytes matter: a vectorized search skips the rest.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts, len: text.len(), checkpoints: std::sync::OnceLock::new() }
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
        if offset < start + CHECKPOINT {
            return (line, text.get(start..offset).map_or(0, |s| s.chars().count()) + 1);
        }
        let column = self.count_before(text, offset, false) - self.count_before(text, start, false) + 1;
        (line, column)
    }

    /// Characters (or, with `utf16`, UTF-16 code units) in `text[..offset]` (`offset` on a
    /// character boundary).
    fn count_before(&self, text: &str, offset: usize, utf16: bool) -> usize {
        // A character outside the Basic Multilingual Plane (four bytes in UTF-8, led by a byte
        // of 0xF0 or more) is two UTF-16 units.
        fn count(piece: &str, utf16: bool) -> usize {
            let chars = piece.chars().count();
            if utf16 {
                chars + piece.bytes().filter(|&b| b >= 0xF0).count()
            } else {
                chars
            }
        }
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
            let (mut chars, mut units, mut from) = (0, 0, 0);
            for k in 0..=text.len() / CHECKPOINT {
                let at = crate::text::floor_char_boundary(text, k * CHECKPOINT);
                chars += count(&text[from..at], false);
                units += count(&text[from..at], true);
                before.push((chars, units));
                from = at;
            }
            before
        });
        let k = (offset / CHECKPOINT).min(checkpoints.len().saturating_sub(1));
        let at = crate::text::floor_char_boundary(text, k * CHECKPOINT);
        let (chars, units) = checkpoints.get(k).copied().unwrap_or((0, 0));
        (if utf16 { units } else { chars }) + text.get(at..offset).map_or(0, |piece| count(piece, utf16))
    }

    /// 0-based column of `offset` in UTF-16 code units (as the language server protocol counts
    /// by default); `offset` on a character boundary.
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        let start = self.line_start(self.line(offset));
        if offset < start + CHECKPOINT {
            return text.get(start..offset).map_or(0, |s| s.chars().map(char::len_utf16).sum());
        }
        self.count_before(text, offset, true) - self.count_before(text, start, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_long_lines_count_characters_from_the_line_start() {
        let line = "é_ga 😀 ".repeat(3000);
        let text = format!("first\n{line}\n{line}");
        let index = LineIndex::new(&text);
        for offset in [6, 7, 8, 4100, 9000, 24_000, 30_006, 30_007, 61_000, text.len()] {
            let line = index.line(offset);
            let start = index.line_start(line);
            let floor = crate::text::floor_char_boundary(&text, offset);
            let expected = text[start..floor].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset), (line, expected), "offset {offset}");
            let units: usize = text[start..floor].chars().map(char::len_utf16).sum();
            assert_eq!(index.utf16_column(&text, floor), units, "offset {offset}");
        }
    }

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

/// Values at offsets, asked many times "the largest value at an offset before this point":
/// sorted by offset with the running maximum, so that each question is a binary search. Under
/// [`RangeCover`] (value: a range's end) and the table-to-block lookup (value: a block's index).
#[derive(Debug, Clone, Default)]
pub struct RunningMax {
    offsets: Vec<usize>,
    /// `max[i]`: the largest value among the first `i + 1` entries in offset order.
    max: Vec<usize>,
}

impl RunningMax {
    pub fn new(entries: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut sorted: Vec<(usize, usize)> = entries.into_iter().collect();
        sorted.sort_unstable_by_key(|&(offset, _)| offset);
        let offsets = sorted.iter().map(|&(offset, _)| offset).collect();
        let max = sorted
            .iter()
            .scan(0, |max, &(_, value)| {
                *max = (*max).max(value);
                Some(*max)
            })
            .collect();
        RunningMax { offsets, max }
    }

    /// The largest value among the entries whose offset passes `before`, a test that holds for
    /// a prefix of the offsets in order (`|o| o <= x`, `|o| o < x`); `None` when none does.
    pub fn max_before(&self, before: impl FnMut(&usize) -> bool) -> Option<usize> {
        let count = self.offsets.partition_point(before);
        count.checked_sub(1).map(|last| self.max[last])
    }
}

/// A set of byte ranges asked "does one of you contain this range?" many times: the running
/// maximum of their ends in start order. Tables, code blocks and headings can each number in the
/// hundreds of thousands; testing every line or block against every range went quadratic.
#[derive(Debug, Clone, Default)]
pub struct RangeCover {
    ends: RunningMax,
}

impl RangeCover {
    pub fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        RangeCover { ends: RunningMax::new(ranges.into_iter().map(|r| (r.start, r.end))) }
    }

    /// Whether some range holds all of `inner` (`start <= inner.start && inner.end <= end`).
    pub fn contains(&self, inner: &Range<usize>) -> bool {
        self.ends.max_before(|&start| start <= inner.start).is_some_and(|end| end >= inner.end)
    }

    /// Whether some range overlaps `other` (`start < other.end && other.start < end`).
    pub fn overlaps(&self, other: &Range<usize>) -> bool {
        self.ends.max_before(|&start| start < other.end).is_some_and(|end| end > other.start)
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
