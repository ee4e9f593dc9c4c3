//! Markdown: block quotes and list items nested past the limit.
//!
//! Each container a line holds open is paid for by its prefix: a block quote by its `>`, a list
//! item by its marker on the line that opens it and by at least two columns of indentation on
//! the lines that continue it. A line can therefore leave at most (markers + other white-space
//! columns / 2) containers open, and lines that open nothing (lazy continuations, blank lines)
//! never deepen the nesting. Counting this way line by line, and neutralising the first marker
//! that would go past the limit (it becomes a backslash, so that the rest of the line is
//! paragraph text), keeps every container stack within the limit without following CommonMark's
//! block structure, and works on any slice of lines.
use super::{apply, Bounded, Edit};

/// The text to hand to the Markdown parser: `text` with no container nested past `limit`.
pub fn bound(text: &str, limit: usize) -> Bounded<'_> {
    let edits: Vec<Edit> = markers_past(text, limit).map(|at| Edit::Byte(at, b'\\')).collect();
    let Some(Edit::Byte(first, _)) = edits.first() else { return Bounded::untouched(text) };
    let first = Some(*first);
    let neutralised = edits.len();
    Bounded { text: std::borrow::Cow::Owned(apply(text, &edits)), first, neutralised }
}

/// Where `bound` would first neutralise a marker in `text`, and how many it would: the
/// document's note, without making the copy.
pub fn excess(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut past = markers_past(text, limit);
    let first = past.next()?;
    Some((first, 1 + past.count()))
}

/// The offsets of the markers that would hold open more than `limit` containers, one per line
/// at most.
fn markers_past(text: &str, limit: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut line = 0;
    std::iter::from_fn(move || {
        while line < bytes.len() {
            let found = past_limit(bytes, line, limit);
            line = match memchr_newline(&bytes[line..]) {
                Some(offset) => line + offset + 1,
                None => bytes.len(),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    })
}

/// The first line break (a vectorized search: this runs over every byte of every Markdown
/// document, twice).
fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// The offset of the container marker on the line starting at `start` that would hold open more
/// than `limit` containers, if there is one.
fn past_limit(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let mut at = start;
    let mut columns = 0usize;
    let mut markers = 0usize;
    while at < bytes.len() {
        let marker_end = match bytes[at] {
            b' ' => {
                columns += 1;
                at += 1;
                continue;
            }
            b'\t' => {
                columns += 4 - columns % 4;
                at += 1;
                continue;
            }
            b'>' => at + 1,
            b'-' | b'+' | b'*' if ends_marker(bytes, at + 1) => at + 1,
            b'0'..=b'9' => {
                let digits = bytes[at..].iter().take(10).take_while(|b| b.is_ascii_digit()).count();
                let after = at + digits;
                if digits <= 9 && matches!(bytes.get(after), Some(b'.' | b')')) && ends_marker(bytes, after + 1) {
                    after + 1
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        if markers + columns / 2 + 1 > limit {
            return Some(at);
        }
        markers += 1;
        // The one space after a marker belongs to it.
        at = marker_end + usize::from(bytes.get(marker_end) == Some(&b' '));
    }
    None
}

/// A list marker is followed by a space, a tab or the end of the line.
fn ends_marker(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_text_is_untouched() {
        let text = "# T\n\n> quote\n> - item\n>   - nested\n\n1. one\n2) two\n- [x] done\n";
        let bounded = bound(text, 8);
        assert!(!bounded.exceeded());
        assert!(matches!(bounded.text, std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn markers_past_the_limit_are_neutralised() {
        let text = format!("{} deep\n", ">".repeat(10));
        let bounded = bound(&text, 4);
        assert_eq!(bounded.text, format!(">>>>\\{} deep\n", ">".repeat(5)));
        assert_eq!(bounded.first, Some(4));
        let text = "- - - - - x\n";
        assert_eq!(bound(text, 3).text, "- - - \\ - x\n");
        let text = "1. 2. 3. x\n";
        assert_eq!(bound(text, 2).text, "1. 2. \\. x\n");
        // Indentation pays for the items it continues.
        let text = format!("{}- x\n", " ".repeat(8));
        assert_eq!(bound(&text, 4).text, format!("{}\\ x\n", " ".repeat(8)));
        assert!(!bound(&text, 5).exceeded());
    }

    #[test]
    fn every_byte_offset_holds() {
        let text = format!("{}é\r\n{}\n", "> ".repeat(300), "- ".repeat(300));
        let bounded = bound(&text, 128);
        assert_eq!(bounded.text.len(), text.len());
        assert_eq!(bounded.neutralised, 2);
    }
}
