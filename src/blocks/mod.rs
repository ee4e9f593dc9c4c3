//! Stage 2: [`Source`] → blocks (headings, paragraphs, lists, tables, code, page furniture).
//!
//! Markdown goes through pulldown-cmark with source offsets; plain and PDF-derived text through
//! the line segmenter in `text`. Both give the same [`Block`] type, so the later stages do not
//! care where a block came from. Blocks hold byte ranges into the source, not copies of lines.
mod markdown;
mod text;

pub use markdown::html_table_regions;

pub use crate::model::{Block, BlockKind};
use crate::source::{Format, Source};
use std::ops::Range;

/// The sections a document is read in (see [`crate::sections`]): Markdown is cut at its
/// top-level headings, other formats are one section.
pub fn sections(source: &Source) -> Vec<Range<usize>> {
    match source.format {
        Format::Markdown | Format::Html => crate::sections::split(&source.text),
        Format::Text | Format::PdfText => crate::sections::whole(&source.text),
    }
}

/// Cuts one section of a document into blocks, with offsets relative to the section's start.
/// Markdown containers nested past `max_depth` are read as text (see [`crate::nesting`]).
pub fn segment_text(text: &str, format: Format, max_depth: usize) -> Vec<Block> {
    match format {
        // HTML is rendered to Markdown before segmentation (see `crate::html`).
        Format::Markdown | Format::Html => markdown::segment(text, max_depth),
        Format::Text => text::segment(text, false),
        Format::PdfText => text::segment(text, true),
    }
}

/// Cuts a document into blocks, in document order, section by section (default limits).
pub fn segment(source: &Source) -> Vec<Block> {
    let mut blocks = Vec::new();
    for section in sections(source) {
        let start = section.start as isize;
        let depth = crate::Limits::default().max_nesting_depth;
        blocks.extend(segment_text(&source.text[section], source.format, depth).into_iter().map(|mut block| {
            block.shift(start);
            block
        }));
    }
    blocks
}

/// "3.2 Analytics cookies (Google Analytics 4)", "4. Third parties": a section number and a short
/// title on a line of its own, no sentence punctuation at its end. Text copied from a page keeps
/// such titles inside running text; they open a section in any format.
pub fn is_numbered_title(line: &str) -> bool {
    const MAX_TITLE_WORDS: usize = 10;
    let line = line.trim();
    let Some((number, title)) = line.split_once(' ') else { return false };
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    let numbered =
        parts.len() <= 4 && parts.iter().all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let title = title.trim();
    numbered
        && title.chars().next().is_some_and(char::is_uppercase)
        // One word after a number is as often a cookie's name as a title ("1. PHPSESSID").
        && (2..=MAX_TITLE_WORDS).contains(&title.split_whitespace().count())
        && !title.ends_with(['.', ',', ';', ':'])
        && !title.contains(['|', '\t'])
        && !title.contains(": ")
}

/// Lines of `text` within `range`, each as the byte range of its content (without the line
/// break and the spaces and tabs before it). A form feed at the start of a line (a page break)
/// is left out of the content.
pub fn lines_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let end = range.end.min(text.len());
    let mut start = range.start;
    if start >= end {
        return lines;
    }
    // Every layout reader splits its blocks into lines: the breaks are found with a vectorized
    // search rather than byte by byte.
    let first = start;
    for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[first..end]).map(|i| first + i) {
        if i < start {
            // The `\n` of a `\r\n` already taken.
            continue;
        }
        lines.push(trim_line(text, start..i));
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
    }
    if start < end {
        lines.push(trim_line(text, start..end));
    }
    lines
}

fn trim_line(text: &str, mut range: Range<usize>) -> Range<usize> {
    while range.start < range.end && text.as_bytes()[range.start] == 0x0C {
        range.start += 1;
    }
    // Spaces and tabs at the end of a line are no content: text copied out of an HTML table
    // often ends every line with a tab, which would make each line a tab-separated row.
    while range.end > range.start && matches!(text.as_bytes()[range.end - 1], b' ' | b'\t') {
        range.end -= 1;
    }
    range
}

#[cfg(test)]
mod tests {
    use super::lines_in;

    /// The lines a plain byte-by-byte reading gives: each `\n`, `\r\n` or lone `\r` ends one.
    fn reference(text: &str, range: std::ops::Range<usize>) -> Vec<String> {
        let end = range.end.min(text.len());
        let mut out = Vec::new();
        let mut line = String::new();
        let mut chars = text[range.start.min(end)..end].chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\n' || c == '\r' {
                if c == '\r' {
                    chars.next_if_eq(&'\n');
                }
                out.push(std::mem::take(&mut line));
                continue;
            }
            line.push(c);
        }
        if !line.is_empty() {
            out.push(line);
        }
        out.iter().map(|l| l.trim_start_matches('\u{c}').trim_end_matches([' ', '\t']).to_string()).collect()
    }

    #[test]
    fn every_kind_of_line_break_ends_a_line() {
        let texts =
            ["a\nb\r\nc\rd", "a\r\n\r\nb\r", "\r\n\n\r", "x \t\n\u{c}y\t\r\nz", "é\r\rü\n", "no break", "", "\u{c}"];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len() + 1 {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end.min(text.len())) {
                        continue;
                    }
                    let got: Vec<String> =
                        lines_in(text, start..end).into_iter().map(|r| text[r].to_string()).collect();
                    assert_eq!(got, reference(text, start..end), "{text:?} {start}..{end}");
                }
            }
        }
    }
}
