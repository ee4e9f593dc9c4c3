//! Nesting bounds: before a document reaches a parser, markup nested past
//! [`Limits::max_nesting_depth`](crate::Limits) is neutralised in a copy of the text of the same
//! length, so that every byte offset still holds.
//!
//! The parsers we hand documents to do not recurse, but their work per tag or per line grows
//! with the depth they hold open: html5ever checks the stack of open elements for every block
//! start tag (40,000 nested `<div>` took 4.5 s) and re-creates unclosed formatting elements after
//! every paragraph; pulldown-cmark matches every open container again on each lazy continuation
//! line (`- ` × 40,000 then 40,000 short lines took 6.4 s). Bounding the depth makes both linear.
//! What lies past the bound is not dropped: its text is read as if the markup were absent, and
//! the document gets a `limit-exceeded` note ([`note`]).
pub mod html;
pub mod markdown;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Source;
use std::borrow::Cow;

/// A text made safe to parse, and where it differs from the original.
#[derive(Debug)]
pub struct Bounded<'a> {
    /// The original when nothing was nested too deep; else a copy of equal length.
    pub text: Cow<'a, str>,
    /// Byte offset of the first neutralised piece of markup.
    pub first: Option<usize>,
    /// How many pieces of markup were neutralised.
    pub neutralised: usize,
}

impl<'a> Bounded<'a> {
    fn untouched(text: &'a str) -> Self {
        Bounded { text: Cow::Borrowed(text), first: None, neutralised: 0 }
    }

    /// Whether the depth limit was reached.
    pub fn exceeded(&self) -> bool {
        self.neutralised > 0
    }
}

/// The start of the message of a nesting note, to tell it from limits that cut a document.
const NOTE_START: &str = "markup is nested deeper than";

/// What was neutralised: HTML tags or Markdown container markers.
#[derive(Debug, Clone, Copy)]
pub enum Markup {
    Tags,
    Markers,
}

/// The `limit-exceeded` note of a document whose markup went past the depth limit at `at`.
pub fn note(source: &Source, at: usize, neutralised: usize, limit: usize, markup: Markup) -> Diagnostic {
    let at = crate::text::floor_char_boundary(&source.text, at.min(source.text.len()));
    let end = source.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    let what = match (markup, neutralised) {
        (Markup::Tags, 1) => "1 tag was",
        (Markup::Markers, 1) => "1 quote or list marker was",
        (Markup::Tags, _) => "tags were",
        (Markup::Markers, _) => "quote and list markers were",
    };
    let count = if neutralised == 1 { String::new() } else { format!("{neutralised} ") };
    Diagnostic::new(
        "limit-exceeded",
        Severity::Warning,
        format!("{NOTE_START} {limit} levels from here: {count}{what} read as absent; the text they hold is kept"),
        source.span(at..end),
    )
    .with_help("--max-nesting-depth sets the limit")
}

/// Whether a diagnostic is a nesting note: the text was kept, only its nesting was dropped, so
/// the document is not cut (batch keeps its status).
pub fn is_note(diagnostic: &Diagnostic) -> bool {
    diagnostic.rule == "limit-exceeded" && diagnostic.message.starts_with(NOTE_START)
}

/// Replaces `range` of `bytes` (a copy of a UTF-8 text) by an HTML bogus comment `<?   >` of the
/// same length, or by spaces when it is shorter than 3 bytes. The range must start and end on
/// character boundaries; every byte inside becomes ASCII, so the text stays UTF-8.
fn blank(bytes: &mut [u8], range: std::ops::Range<usize>) {
    let piece = &mut bytes[range];
    piece.fill(b' ');
    if piece.len() >= 3 {
        piece[0] = b'<';
        piece[1] = b'?';
        let last = piece.len() - 1;
        piece[last] = b'>';
    }
}

/// A copy of `text` in which `edits` were made (each a range to blank or one byte to replace).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        match *edit {
            Edit::Blank(ref range) => blank(&mut bytes, range.clone()),
            Edit::Byte(at, byte) => bytes[at] = byte,
        }
    }
    // Every edit replaces whole characters by ASCII bytes: the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

enum Edit {
    Blank(std::ops::Range<usize>),
    Byte(usize, u8),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_length_and_utf8() {
        let text = "a<b title=\"é>\">c";
        let out = apply(text, &[Edit::Blank(1..16)]);
        assert_eq!(out.len(), text.len());
        assert_eq!(out, "a<?            >c");
        assert_eq!(apply("ab", &[Edit::Blank(0..2)]), "  ");
        assert_eq!(apply(">>x", &[Edit::Byte(1, b'\\')]), ">\\x");
    }
}
