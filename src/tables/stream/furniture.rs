//! Page furniture among a document's lines: page numbers and running headers, found once per
//! document and skipped by the readers of cells one per line and of `Name:` blocks, so that a
//! table or a record goes on across a page break.
use crate::grammar::Lexicons;
use std::ops::Range;

/// Which of a document's lines (by their index in the slice `page_furniture` read) are page
/// furniture.
pub struct PageFurniture {
    lines: Vec<bool>,
}

impl PageFurniture {
    /// Whether the line at `index` is page furniture.
    pub fn contains(&self, index: usize) -> bool {
        self.lines.get(index).copied().unwrap_or(false)
    }

    pub fn is_empty(&self) -> bool {
        !self.lines.contains(&true)
    }
}

impl std::fmt::Debug for PageFurniture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.lines.iter().enumerate().filter(|(_, &is)| is).map(|(index, _)| index)).finish()
    }
}

/// Indexes of the lines that are page furniture: page numbers, and lines that open a page (after
/// a form feed) with the same text on several pages (running headers). The readers of cells
/// written one per line and of `Name:` blocks skip them, so that a table or a record goes on
/// across a page break.
pub fn page_furniture(text: &str, lines: &[Range<usize>], lexicons: &Lexicons) -> PageFurniture {
    let page_start = |l: &Range<usize>| {
        text[l.clone()].starts_with('\u{0C}') || (l.start > 0 && text.as_bytes()[l.start - 1] == 0x0C)
    };
    let key = |l: &Range<usize>| text[l.clone()].trim_matches(|c: char| c.is_whitespace() || c == '\u{0C}');
    // A running header opens two pages or more and stands nowhere else but at the top of the
    // first page: a cell that happens to open two pages ("Google", "Session") also stands in
    // other rows.
    let mut openings: std::collections::HashMap<&str, (usize, bool)> = std::collections::HashMap::new();
    for line in lines.iter().filter(|l| page_start(l)) {
        openings.entry(key(line)).or_default().0 += 1;
    }
    if !openings.is_empty() {
        let first_page_top = lines.iter().position(|l| !key(l).is_empty());
        for (_, line) in lines.iter().enumerate().filter(|&(i, l)| !page_start(l) && Some(i) != first_page_top) {
            if let Some((_, elsewhere)) = openings.get_mut(key(line)) {
                *elsewhere = true;
            }
        }
    }
    // A bare number is a page number only at the end of a page ("6" may be half of "6 / months"):
    // before a page break, or at the end of a text that has page breaks (elsewhere it may be the
    // last cell of a table); and only near the page's own number (a "days" cell at the foot of
    // a page is not).
    let paged = memchr::memchr(0x0C, text.as_bytes()).is_some();
    let ends_page = |index: usize| match lines[index + 1..].iter().find(|l| !key(l).is_empty() || page_start(l)) {
        Some(next) => page_start(next),
        None => paged,
    };
    const PAGE_NUMBER_OFFSET: u64 = 2;
    let numbers_its_page = |index: usize, content: &str| {
        let page = memchr::memchr_iter(0x0C, &text.as_bytes()[..lines[index].start]).count() as u64 + 1;
        let number: String =
            content.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
        number.parse::<u64>().is_ok_and(|n| n.abs_diff(page) <= PAGE_NUMBER_OFFSET)
    };
    let lines = lines
        .iter()
        .enumerate()
        .map(|(index, l)| {
            let content = key(l);
            let page_number = lexicons.is_page_number_line(content)
                && (content.contains(char::is_alphabetic) || ends_page(index) && numbers_its_page(index, content));
            page_number
                || (!content.is_empty() && openings.get(content).is_some_and(|&(n, elsewhere)| n >= 2 && !elsewhere))
        })
        .collect();
    PageFurniture { lines }
}
