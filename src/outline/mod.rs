//! The outline of a document: its headings with what each says (a category, a vendor, a kind of
//! storage), queried by offset. Any stage that needs the section around a place asks the outline
//! instead of keeping its own heading stack.
use crate::blocks::{Block, BlockKind};
use crate::grammar::{Category, Lexicons};
use crate::model::Kind;
use std::cell::OnceCell;
use std::ops::Range;

pub mod providers;

/// One heading of the document.
#[derive(Debug, Clone)]
pub struct Heading {
    pub range: Range<usize>,
    /// 1–6 for Markdown headings, 0 for a line that reads as a heading in plain text.
    pub level: u8,
    pub text: String,
    /// The heading this one sits under, as an index into the outline.
    parent: Option<usize>,
    /// Its index in the outline.
    index: usize,
}

/// The outline's headings, and what each says, read the first time a stage asks: most
/// documents whose cookies all stand in tables never ask for a heading's vendor or kind.
#[derive(Debug, Clone)]
pub struct Outline<'l> {
    headings: Vec<Heading>,
    lexicons: &'l Lexicons,
    categories: OnceCell<Vec<Option<Category>>>,
    /// A known vendor each heading names ("Cookies related to Matomo").
    vendors: OnceCell<Vec<Option<String>>>,
    /// Storage other than cookies each heading names ("Local storage").
    kinds: OnceCell<Vec<Option<Kind>>>,
}

impl<'l> Outline<'l> {
    /// The outline of a document's blocks (in document order). Besides the headings, a short
    /// line of running text that names a category of cookies ("Cookies niezbędne (Necessary)",
    /// "Analytics cookies") titles the lines below it.
    pub fn new(text: &str, blocks: &[Block], lexicons: &'l Lexicons) -> Outline<'l> {
        // The titles, as (range, level, text): heading blocks, and title lines in running text.
        let mut titles: Vec<(Range<usize>, u8, String)> = Vec::new();
        for block in blocks {
            match block.kind {
                // A column label on a line of its own ("Nazwa", "Duration") is a table's header
                // cell, which text extraction leaves shaped like a title.
                BlockKind::Heading { level: 0 } if lexicons.exact_label_field(&block.text, None).is_some() => {}
                BlockKind::Heading { level } => titles.push((block.range.clone(), level, block.text.clone())),
                BlockKind::Paragraph | BlockKind::List { .. } => {
                    for line in crate::blocks::lines_in(text, block.range.clone()) {
                        let content = text[line.clone()].trim();
                        if is_category_title(content, lexicons) {
                            let lead = text[line.clone()].len() - text[line.clone()].trim_start().len();
                            let start = line.start + lead;
                            titles.push((start..start + content.len(), 0, content.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        // Blocks are not always in document order (a Markdown list is a block once it ends, after
        // a heading inside it): the titles are put in order before they nest, so that a heading's
        // parent comes before it and every lookup by offset can search.
        titles.sort_by_key(|(range, _, _)| range.start);
        let mut headings: Vec<Heading> = Vec::with_capacity(titles.len());
        // The open headings, as indices: the same hierarchy the interpretation keeps (a plain-text
        // heading replaces the previous plain-text one and sits under every Markdown heading).
        let mut open: Vec<usize> = Vec::new();
        for (range, level, text) in titles {
            open.retain(|&h| {
                let other = headings[h].level;
                if level == 0 {
                    other != 0
                } else {
                    other < level && other != 0
                }
            });
            let index = headings.len();
            headings.push(Heading { range, level, text, parent: open.last().copied(), index });
            open.push(index);
        }
        Outline { headings, lexicons, categories: OnceCell::new(), vendors: OnceCell::new(), kinds: OnceCell::new() }
    }

    /// The category of cookies a heading names.
    pub fn category(&self, heading: &Heading) -> Option<Category> {
        *self
            .categories
            .get_or_init(|| self.headings.iter().map(|h| self.lexicons.heading_category(&h.text)).collect())
            .get(heading.index)?
    }

    /// A known vendor a heading names ("Cookies related to Matomo"). A heading that names no
    /// known vendor still names one when its previous sibling did (see
    /// [`providers::heading_vendor`]), so all are read in order.
    pub fn vendor(&self, heading: &Heading) -> Option<&str> {
        self.vendors
            .get_or_init(|| {
                let mut vendors: Vec<Option<String>> = Vec::with_capacity(self.headings.len());
                for (index, h) in self.headings.iter().enumerate() {
                    let sibling_named_vendor = self.headings[..index]
                        .iter()
                        .rev()
                        .take_while(|other| other.level >= h.level)
                        .find(|other| other.level == h.level)
                        .is_some_and(|other| vendors[other.index].is_some());
                    vendors.push(providers::heading_vendor(&h.text, h.level, sibling_named_vendor, self.lexicons));
                }
                vendors
            })
            .get(heading.index)?
            .as_deref()
    }

    /// Storage other than cookies a heading names ("Local storage").
    pub fn kind(&self, heading: &Heading) -> Option<Kind> {
        *self
            .kinds
            .get_or_init(|| self.headings.iter().map(|h| self.lexicons.storage_named(&h.text)).collect())
            .get(heading.index)?
    }

    /// The heading that starts at `offset`, if one does.
    pub fn heading_at(&self, offset: usize) -> Option<&Heading> {
        let at = self.headings.partition_point(|h| h.range.start < offset);
        self.headings.get(at).filter(|h| h.range.start == offset)
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
        self.open_at(offset).find_map(|h| self.category(h).map(|c| (c, h)))
    }

    /// The vendor the open headings name at `offset`.
    pub fn vendor_at(&self, offset: usize) -> Option<&str> {
        self.open_at(offset).find_map(|h| self.vendor(h))
    }

    /// The kind of storage the open headings name at `offset`.
    pub fn kind_at(&self, offset: usize) -> Option<Kind> {
        self.open_at(offset).find_map(|h| self.kind(h))
    }

    /// Whether a heading starts inside `range`.
    pub fn heading_within(&self, range: Range<usize>) -> bool {
        let first = self.headings.partition_point(|h| h.range.start < range.start);
        self.headings.get(first).is_some_and(|h| h.range.start < range.end)
    }
}

/// The line that introduces what starts at `start` ("Google Analytics sets the following
/// cookies:", "Définis directement par ScrapeMaster :"): the last line with content before it,
/// when it ends with a colon. A long sentence ending in a colon mentions services in passing
/// ("… through gtag.js or Google Tag Manager, the following cookies are set:"): it introduces
/// nothing by name.
pub fn lead_in(text: &str, start: usize) -> Option<&str> {
    const MAX_LEAD_IN_WORDS: usize = 16;
    let line = lines_before(text, start).next()?;
    (line.ends_with(':') && line.split_whitespace().count() <= MAX_LEAD_IN_WORDS).then_some(line)
}

/// The lines with content right before `start`, nearest first, trimmed: blank lines right
/// before `start` are passed over, the next blank line ends them.
pub(crate) fn lines_before(text: &str, start: usize) -> impl Iterator<Item = &str> {
    let before = text[..crate::text::floor_char_boundary(text, start)].trim_end();
    before.rsplit('\n').map(str::trim).take_while(|line| !line.is_empty())
}

impl Outline<'_> {
    /// The category the running text right before `start` gives what follows: among the last
    /// lines before it (back to a blank line or a heading), the nearest sentence that names a
    /// cookie and one category ("These are essential cookies that do not require consent.").
    pub fn lead_in_category(&self, text: &str, start: usize) -> Option<Category> {
        const LEAD_IN_LINES: usize = 3;
        // A heading between the lines and `start` ends the lead-in.
        let since = self.nearest(start).map_or(0, |h| h.range.end);
        let mut end = start;
        for line in lines_before(text, start).take(LEAD_IN_LINES) {
            let line_start = text[..end].rfind(line).unwrap_or(0);
            if line_start < since {
                break;
            }
            end = line_start;
            let category = line
                .split_inclusive(['.', '!', '?', ';'])
                .rev()
                .find_map(|sentence| self.lexicons.introduced_category(sentence));
            if category.is_some() {
                return category;
            }
        }
        None
    }
}

/// A short line shaped like a title that names a category of cookies: a category word and a
/// noun for a cookie, a capital first, no sentence punctuation at its end.
fn is_category_title(line: &str, lexicons: &Lexicons) -> bool {
    const MAX_WORDS: usize = 8;
    // The cheap tests first: this is asked of every line of running text.
    line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !line.ends_with(['.', ',', ';', ':', '|'])
        && (1..=MAX_WORDS).contains(&line.split_whitespace().take(MAX_WORDS + 1).count())
        && !line.contains('|')
        && lexicons.cookie_nouns_in(&crate::text::fold(line)).next().is_some()
        && lexicons.heading_category(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    /// The outline of `text` read as the file `name`.
    fn outline_of(name: &str, text: &str) -> Outline<'static> {
        let blocks = crate::blocks::segment(&Source::from_text(name, text.to_string()));
        Outline::new(text, &blocks, crate::grammar::lexicons())
    }

    /// A heading inside a list item is a block before the list that holds it; a title line of
    /// that list still comes first in the outline, and nothing is its own parent.
    #[test]
    fn a_heading_inside_a_list_nests_in_document_order() {
        let text = "1. Analytics cookies\n2. ## Other\n\nText.\n";
        let outline = outline_of("t.md", text);
        let titles: Vec<&str> = outline.headings().iter().map(|h| h.text.as_str()).collect();
        assert_eq!(titles, ["1. Analytics cookies", "Other"]);
        assert_eq!(outline.open_at(text.len()).count(), 1);
        // Every chain of parents ends (bounded, so that a cycle fails instead of hanging).
        let most = outline.headings().len();
        assert!((0..=text.len()).all(|offset| outline.open_at(offset).take(most + 1).count() <= most));
        assert_eq!(outline.nearest(text.find("Text.").unwrap()).map(|h| h.text.as_str()), Some("Other"));
        assert_eq!(outline.heading_at(0).map(|h| h.level), Some(0));
    }

    #[test]
    fn headings_nest_and_give_their_category() {
        let text =
            "# Cookies\n\n## Analytics cookies\n\nText.\n\n### Matomo\n\nMore.\n\n## Necessary cookies\n\nEnd.\n";
        let outline = outline_of("t.md", text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(outline.category_at(at("More.")).map(|(c, _)| c), Some(Category::Statistics));
        assert_eq!(outline.vendor_at(at("More.")), Some("Matomo"));
        assert_eq!(outline.category_at(at("End.")).map(|(c, _)| c), Some(Category::Necessary));
        assert_eq!(outline.vendor_at(at("End.")), None);
        assert_eq!(outline.nearest(at("Text.")).map(|h| h.text.as_str()), Some("Analytics cookies"));
        assert!(outline.category_at(0).is_none());
    }

    #[test]
    fn a_category_line_titles_what_follows() {
        let text = "Intro text here.\nCookies niezbędne (Necessary)\ncookie-consent - zapamiętuje\n";
        let outline = outline_of("t.txt", text);
        let at = text.find("cookie-consent").unwrap();
        assert_eq!(outline.category_at(at).map(|(c, _)| c), Some(Category::Necessary));
    }
}
