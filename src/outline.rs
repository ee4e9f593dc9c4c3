//! The outline of a document: its headings with what each says (a category, a vendor, a kind of
//! storage), queried by offset. Any stage that needs the section around a place asks the outline
//! instead of keeping its own heading stack.
use crate::blocks::{Block, BlockKind};
use crate::lexicon::{Category, Lexicons};
use crate::model::Kind;
use std::ops::Range;

/// One heading of the document.
#[derive(Debug, Clone)]
pub struct Heading {
    pub range: Range<usize>,
    /// 1–6 for Markdown headings, 0 for a line that reads as a heading in plain text.
    pub level: u8,
    pub text: String,
    pub category: Option<Category>,
    /// A known vendor the heading names ("Cookies related to Matomo").
    pub vendor: Option<String>,
    /// Storage other than cookies the heading names ("Local storage").
    pub kind: Option<Kind>,
    /// The heading this one sits under, as an index into the outline.
    parent: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    headings: Vec<Heading>,
}

impl Outline {
    /// The outline of a document's blocks (in document order).
    pub fn new(blocks: &[Block], lexicons: &Lexicons) -> Outline {
        let mut headings: Vec<Heading> = Vec::new();
        // The open headings, as indices: the same hierarchy the interpretation keeps (a plain-text
        // heading replaces the previous plain-text one and sits under every Markdown heading).
        let mut open: Vec<usize> = Vec::new();
        for block in blocks {
            let BlockKind::Heading { level } = block.kind else { continue };
            open.retain(|&h| {
                let other = headings[h].level;
                if level == 0 {
                    other != 0
                } else {
                    other < level && other != 0
                }
            });
            headings.push(Heading {
                range: block.range.clone(),
                level,
                text: block.text.clone(),
                category: lexicons.heading_category(&block.text),
                vendor: crate::knowledge::vendor_in(&block.text),
                kind: lexicons.kind_in(&block.text),
                parent: open.last().copied(),
            });
            open.push(headings.len() - 1);
        }
        headings.sort_by_key(|h| h.range.start);
        Outline { headings }
    }

    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    /// The nearest heading that starts before `offset`, then its parents, nearest first.
    pub fn open_at(&self, offset: usize) -> impl Iterator<Item = &Heading> {
        let nearest = self.headings.partition_point(|h| h.range.start < offset).checked_sub(1);
        std::iter::successors(nearest, |&i| self.headings[i].parent).map(|i| &self.headings[i])
    }

    /// The nearest heading before `offset`.
    pub fn nearest(&self, offset: usize) -> Option<&Heading> {
        self.open_at(offset).next()
    }

    /// The category the open headings give at `offset`, with the heading that gives it.
    pub fn category_at(&self, offset: usize) -> Option<(Category, &Heading)> {
        self.open_at(offset).find_map(|h| h.category.map(|c| (c, h)))
    }

    /// The vendor the open headings name at `offset`.
    pub fn vendor_at(&self, offset: usize) -> Option<&str> {
        self.open_at(offset).find_map(|h| h.vendor.as_deref())
    }

    /// The kind of storage the open headings name at `offset`.
    pub fn kind_at(&self, offset: usize) -> Option<Kind> {
        self.open_at(offset).find_map(|h| h.kind)
    }

    /// Whether a heading starts inside `range`.
    pub fn heading_within(&self, range: Range<usize>) -> bool {
        let first = self.headings.partition_point(|h| h.range.start < range.start);
        self.headings.get(first).is_some_and(|h| h.range.start < range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    #[test]
    fn headings_nest_and_give_their_category() {
        let text =
            "# Cookies\n\n## Analytics cookies\n\nText.\n\n### Matomo\n\nMore.\n\n## Necessary cookies\n\nEnd.\n";
        let source = Source::from_text("t.md", text.to_string());
        let blocks = crate::blocks::segment(&source);
        let outline = Outline::new(&blocks, crate::lexicon::lexicons());
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(outline.category_at(at("More.")).map(|(c, _)| c), Some(Category::Statistics));
        assert_eq!(outline.vendor_at(at("More.")), Some("Matomo"));
        assert_eq!(outline.category_at(at("End.")).map(|(c, _)| c), Some(Category::Necessary));
        assert_eq!(outline.vendor_at(at("End.")), None);
        assert_eq!(outline.nearest(at("Text.")).map(|h| h.text.as_str()), Some("Analytics cookies"));
        assert!(outline.category_at(0).is_none());
    }
}
