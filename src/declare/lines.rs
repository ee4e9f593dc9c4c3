//! The lines the declaration stage reads, each with what its shape says: indentation, a bullet,
//! whether it is a heading, blank, or inside something that is not running text (a table that
//! already declared its cookies, a code block, raw HTML).
use crate::blocks::{lines_in, Block, BlockKind};
use crate::span::RangeCover;
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Line {
    /// The line without its line break and trailing spaces.
    pub range: Range<usize>,
    /// Bytes of spaces and tabs before the content.
    pub indent: usize,
    /// The line starts with a bullet or a number marker.
    pub bullet: bool,
    /// The content after the indentation, the bullet and leading pipes or quote marks.
    pub body: Range<usize>,
    /// No letter or digit: an empty line, a lone `|`, a rule.
    pub blank: bool,
    pub heading: bool,
    /// Not running text: inside a table that declared cookies, a code block or raw HTML.
    pub barrier: bool,
}

/// Every line of `text` with its shape. `claimed` are ranges already read as declarations.
pub fn lines(text: &str, blocks: &[Block], outline: &crate::outline::Outline, claimed: &RangeCover) -> Vec<Line> {
    // A line of plain text is taken for a title by its shape alone; a long one is more often a
    // line of a description (a wrapped sentence, a cut excerpt) than a section title.
    const LONGEST_PLAIN_TITLE: usize = 6;
    let headings = RangeCover::new(
        blocks
            .iter()
            .filter(|b| match b.kind {
                BlockKind::Heading { level: 0 } => b.text.split_whitespace().count() <= LONGEST_PLAIN_TITLE,
                BlockKind::Heading { .. } => true,
                _ => false,
            })
            .map(|b| b.range.clone()),
    );
    let opaque = RangeCover::new(
        blocks
            .iter()
            .filter(|b| {
                matches!(b.kind, BlockKind::Code | BlockKind::CodeSample | BlockKind::Html) && !is_comment(&b.text)
            })
            .map(|b| b.range.clone())
            .chain(front_matter(text)),
    );
    lines_in(text, 0..text.len())
        .into_iter()
        .map(|range| {
            let content = &text[range.clone()];
            let trimmed = content.trim_start();
            let indent = content.len() - trimmed.len();
            let marker = crate::text::bullet_len(content);
            let mut body_start = range.start + marker.unwrap_or(indent);
            // Leading pipes of a row and quote marks of a block quote are no content.
            let rest = &text[body_start..range.end];
            let stripped = rest.trim_start_matches(|c: char| c == '|' || c == '>' || c.is_whitespace());
            // Nor is the colon that opens a definition under its term (Pandoc, PHP Markdown
            // Extra: "qz_lang", then ": Remembers the language").
            let stripped = match stripped.strip_prefix(':') {
                Some(definition) if marker.is_none() && definition.starts_with([' ', '\t']) => definition.trim_start(),
                _ => stripped,
            };
            body_start += rest.len() - stripped.len();
            let blank = !content.chars().any(char::is_alphanumeric);
            Line {
                indent,
                bullet: marker.is_some(),
                body: body_start..range.end,
                blank,
                heading: headings.overlaps(&range) && !range.is_empty()
                    || outline.heading_at(range.start + indent).is_some_and(|h| {
                        h.level > 0
                            || h.text.split_whitespace().count() <= LONGEST_PLAIN_TITLE
                            || outline.category(h).is_some()
                    }),
                barrier: claimed.overlaps(&range) || opaque.overlaps(&range),
                range,
            }
        })
        .collect()
}

/// The metadata block a static-site generator reads before a Markdown page (`---` YAML or `+++`
/// TOML fences on the first line): its keys are settings, not declarations.
fn front_matter(text: &str) -> Option<Range<usize>> {
    let text_start = text.trim_start_matches('\u{feff}');
    let offset = text.len() - text_start.len();
    let fence = ["---", "+++"].into_iter().find(|f| {
        text_start.starts_with(f) && text_start[f.len()..].trim_start_matches([' ', '\t']).starts_with(['\n', '\r'])
    })?;
    let mut at = text_start.find('\n')? + 1;
    for line in text_start[at..].split_inclusive('\n').take(200) {
        let content = line.trim_end();
        if content == fence || fence == "---" && content == "..." {
            return Some(offset..offset + at + line.len());
        }
        at += line.len();
    }
    None
}

fn is_comment(text: &str) -> bool {
    text.trim_start().starts_with("<!--")
}
