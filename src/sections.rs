//! A Markdown document cut into sections at its top-level ATX headings, so that the block and
//! table stages can run section by section and the language server can redo only the sections
//! an edit touched.
//!
//! A cut is made only where CommonMark itself starts afresh: a line `# …` (one to six `#` then a
//! space, a tab or the line's end) at column 0, after a blank line, outside any fenced code
//! block. A blank line closes every paragraph, table and HTML block of types 6 and 7; a
//! non-indented line that is no list marker closes every list item and block quote; so parsing
//! each section alone gives the same blocks as parsing the whole document. What could carry
//! state across the cut is ruled out by not cutting the document at all: a link reference
//! definition (a `[label]: …` line, which any section may use; any line holding `]:` counts, so
//! that labels over several lines and definitions in quotes are caught too), a fence marker
//! anywhere but column 0 (a fence in a list item or quote, which the simple fence tracking here
//! cannot follow), a line opening raw HTML other than a one-line comment (an HTML block of types
//! 1–5 runs until its own end marker, over blank lines), and a carriage return that is not part
//! of a CRLF (CommonMark ends a line there; the line tracking here does not). The tests in
//! `tests/incremental.rs` check the blocks against one parse of the whole document, on the corpus
//! and on random documents.
use std::ops::Range;

/// The sections of a Markdown `text`, in order, covering it without gaps. A document that
/// cannot be cut safely is one section.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    if has_lone_carriage_return(bytes) {
        return whole(text);
    }
    let mut starts = vec![0usize];
    let mut fence: Option<(u8, usize)> = None;
    let mut previous_blank = true;
    let mut offset = 0usize;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if let Some((marker, length)) = fence {
            if indent == 0 && closes_fence(content, marker, length) {
                fence = None;
            } else if indent <= 3 && fence_opening(content).is_some() && indent != 0 {
                return whole(text);
            }
            previous_blank = false;
            continue;
        }
        // The line without the markers of a list item or a quote around it.
        let unquoted = line.trim_start_matches([' ', '\t', '>', '-', '*', '+']);
        if let Some(opening) = fence_opening(unquoted) {
            if indent != 0 || fence_opening(line).is_none() {
                // A fence inside a list item or a quote, or indented: not followed here.
                return whole(text);
            }
            fence = Some(opening);
            previous_blank = false;
            continue;
        }
        if line.contains("]:") || opens_raw_html(unquoted) {
            return whole(text);
        }
        if previous_blank && indent == 0 && is_atx_heading(line) && line_start > 0 {
            starts.push(line_start);
        }
        previous_blank = line.trim().is_empty();
    }
    let mut sections: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    sections.push(*starts.last().unwrap_or(&0)..text.len());
    sections
}

/// Whether a "\r" stands alone (not before a "\n"): a line end for CommonMark.
fn has_lone_carriage_return(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// The document as one section.
pub fn whole(text: &str) -> Vec<Range<usize>> {
    std::iter::once(0..text.len()).collect()
}

/// A fence opening line: three or more backticks or tildes; the marker and its length.
fn fence_opening(line: &str) -> Option<(u8, usize)> {
    let marker = *line.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let length = line.bytes().take_while(|&b| b == marker).count();
    // A backtick fence's info string holds no backtick.
    (length >= 3 && !(marker == b'`' && line[length..].contains('`'))).then_some((marker, length))
}

fn closes_fence(line: &str, marker: u8, length: usize) -> bool {
    let run = line.bytes().take_while(|&b| b == marker).count();
    run >= length && line[run..].trim().is_empty()
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// A line that may open an HTML block other than a comment closed on the same line.
fn opens_raw_html(line: &str) -> bool {
    if !line.starts_with('<') {
        return false;
    }
    !(line.starts_with("<!--") && line[4..].contains("-->"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn cuts_before_top_level_headings_after_a_blank_line() {
        let text = "# Title\n\nIntro.\n\n## A\n\n| N | D |\n|---|---|\n| a | 1 |\n\n## B\ntext\n#hashtag\n\n##no\n";
        assert_eq!(
            cut(text),
            ["# Title\n\nIntro.\n\n", "## A\n\n| N | D |\n|---|---|\n| a | 1 |\n\n", "## B\ntext\n#hashtag\n\n##no\n"]
        );
    }

    #[test]
    fn no_cut_inside_a_fence_or_without_a_blank_line() {
        let text = "# A\n\n```\n\n# not a heading\n```\n\n# B\nx\n# C\n";
        assert_eq!(cut(text), ["# A\n\n```\n\n# not a heading\n```\n\n", "# B\nx\n# C\n"]);
        let tilde = "~~~~\n\n# code\n~~~\n\n# still code\n~~~~\n\n# B\n";
        assert_eq!(cut(tilde), ["~~~~\n\n# code\n~~~\n\n# still code\n~~~~\n\n", "# B\n"]);
    }

    #[test]
    fn documents_that_cannot_be_cut_are_one_section() {
        for text in [
            "# A\n\nSee [the list][1].\n\n# B\n\n[1]: https://example.com\n",
            "# A\n\n- item\n\n  ```\n\n# B\n",
            "# A\n\n> ```\n\n# B\n",
            "# A\n\n<script>\n\n# B\n</script>\n",
            "# A\n\n<!--\n\n# B\n-->\n",
        ] {
            assert_eq!(split(text), whole(text), "{text:?}");
        }
        let comment = "# A\n\n<!-- cookielint-disable missing-duration -->\n\n# B\n";
        assert_eq!(split(comment).len(), 2);
    }
}
