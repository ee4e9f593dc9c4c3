//! HTML input: the DOM (parsed by html5ever through `scraper`) is rendered as Markdown — headings
//! as `#` lines, tables as pipe tables, lists as `-` items, paragraphs apart — and the usual
//! pipeline runs on that text. Every word of the rendering remembers where it stands in the HTML
//! source, so spans are mapped back and point into the HTML the user wrote. Scripts, styles,
//! navigation and forms are left out.
use scraper::{ElementRef, Html, Node};

/// The Markdown rendering of an HTML document and the way back to the HTML source.
pub struct Rendered {
    pub text: String,
    /// `(start in the rendering, length, start in the HTML source)` of every word, in order.
    pieces: Vec<(usize, usize, usize)>,
}

/// Elements whose content is not part of the policy.
const SKIPPED: [&str; 12] =
    ["script", "style", "noscript", "template", "nav", "svg", "button", "select", "form", "iframe", "head", "title"];

struct Renderer<'a> {
    html: &'a str,
    cursor: usize,
    out: String,
    pieces: Vec<(usize, usize, usize)>,
    /// The last text ended with white space (so the next word is a new word, not glued on).
    space_pending: bool,
}

/// Where `needle` first occurs in `haystack` at or after `from` (None for an empty needle).
/// The next word is usually a few bytes ahead: a search for its first character and a
/// comparison costs less than setting up a substring searcher for every word.
fn find_from(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let first = needle.chars().next()?;
    let mut at = from;
    while let Some(offset) = haystack[at..].find(first) {
        let candidate = at + offset;
        if haystack[candidate..].starts_with(needle) {
            return Some(candidate);
        }
        at = candidate + first.len_utf8();
    }
    None
}

impl Renderer<'_> {
    /// Appends words of a text node, finding each in the HTML source after the previous one.
    fn words(&mut self, text: &str) {
        let mut first = true;
        for word in text.split_whitespace() {
            let separate = !first || self.space_pending || text.starts_with(char::is_whitespace);
            if separate && !self.out.is_empty() && !self.out.ends_with([' ', '\n', '(']) {
                self.out.push(' ');
            }
            first = false;
            // Search the source for the word's first characters (entities such as `&amp;` are
            // decoded in the DOM, so stop before any `&`).
            let probe_end = word
                .char_indices()
                .take_while(|(_, c)| *c != '&')
                .take(24)
                .last()
                .map_or(0, |(at, c)| at + c.len_utf8());
            let probe = &word[..probe_end];
            let found = find_from(self.html, self.cursor, probe);
            let html_at = found.unwrap_or(self.cursor);
            if let Some(at) = found {
                self.cursor = at + probe.len();
            }
            let start = self.out.len();
            if word.contains('|') {
                self.out.push_str(&word.replace('|', "\\|"));
            } else {
                self.out.push_str(word);
            }
            self.pieces.push((start, self.out.len() - start, html_at));
        }
        if !text.is_empty() {
            self.space_pending = text.ends_with(char::is_whitespace);
        }
    }

    fn block_break(&mut self) {
        self.space_pending = true;
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push_str(if self.out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    }

    fn line_break(&mut self) {
        self.space_pending = true;
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn inline(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.words(text),
                Node::Element(e) if SKIPPED.contains(&e.name()) => {}
                Node::Element(e) if e.name() == "br" => self.out.push(' '),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.inline(child);
                    }
                }
                _ => {}
            }
        }
    }

    fn block(&mut self, element: ElementRef) {
        let name = element.value().name();
        match name {
            n if SKIPPED.contains(&n) => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_break();
                let level = name[1..].parse::<usize>().unwrap_or(2);
                self.out.push_str(&"#".repeat(level));
                self.out.push(' ');
                self.inline(element);
                self.block_break();
            }
            "table" => self.table(element),
            "ul" | "ol" => {
                self.block_break();
                for item in element.children().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "li") {
                    self.line_break();
                    self.out.push_str("- ");
                    self.inline(item);
                }
                self.block_break();
            }
            "br" => self.line_break(),
            "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "body" | "html" | "dl"
            | "dt" | "dd" | "blockquote" | "figure" | "figcaption" | "details" | "summary" => {
                if element.children().any(|c| ElementRef::wrap(c).is_some_and(|e| is_block(e.value().name()))) {
                    for child in element.children() {
                        match child.value() {
                            Node::Text(text) => self.words(text),
                            Node::Element(_) => {
                                if let Some(child) = ElementRef::wrap(child) {
                                    if is_block(child.value().name()) {
                                        self.block(child);
                                    } else {
                                        self.inline_element(child);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                } else {
                    self.block_break();
                    self.inline(element);
                }
                self.block_break();
            }
            _ => self.inline_element(element),
        }
    }

    fn inline_element(&mut self, element: ElementRef) {
        if !SKIPPED.contains(&element.value().name()) {
            self.inline(element);
        }
    }

    fn table(&mut self, table: ElementRef) {
        self.block_break();
        let rows: Vec<ElementRef> = table
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr")
            .filter(|tr| {
                tr.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table") == Some(table)
            })
            .collect();
        // A cell spanning several rows (`rowspan`) is written once in HTML and lost from the rows
        // below in any flat reading: it is carried down into them, so that each row has its
        // provider or category. A cell spanning columns (`colspan`) leaves the columns it covers
        // empty.
        let mut carried: Vec<Option<(RenderedCell, usize)>> = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let elements: Vec<ElementRef> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let rendered: Vec<RenderedCell> = elements.into_iter().map(|cell| self.render_cell(cell)).collect();
            let mut cells = rendered.into_iter();
            let mut written = 0;
            let mut column = 0;
            self.out.push('|');
            loop {
                if let Some(Some((cell, left))) = carried.get_mut(column) {
                    let cell = cell.clone();
                    *left -= 1;
                    if *left == 0 {
                        carried[column] = None;
                    }
                    self.write_cell(&cell);
                    column += 1;
                    written += 1;
                    continue;
                }
                let Some(cell) = cells.next() else {
                    // Columns further right may still be carried from above.
                    if carried.iter().skip(column).any(Option::is_some) {
                        self.write_cell(&RenderedCell::default());
                        column += 1;
                        written += 1;
                        continue;
                    }
                    break;
                };
                let (colspan, rowspan) = (cell.colspan, cell.rowspan);
                self.write_cell(&cell);
                if rowspan > 1 {
                    if carried.len() <= column {
                        carried.resize(column + 1, None);
                    }
                    carried[column] = Some((cell, rowspan - 1));
                }
                column += 1;
                written += 1;
                for _ in 1..colspan {
                    self.write_cell(&RenderedCell::default());
                    column += 1;
                    written += 1;
                }
            }
            self.out.push('\n');
            if index == 0 {
                self.out.push('|');
                for _ in 0..written.max(1) {
                    self.out.push_str("---|");
                }
                self.out.push('\n');
            }
        }
        self.block_break();
    }

    /// A table cell rendered on its own: its text and where its words come from.
    fn render_cell(&mut self, cell: ElementRef) -> RenderedCell {
        const MAX_SPAN: usize = 1000;
        let span = |name: &str| {
            cell.value().attr(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
        };
        let out = std::mem::take(&mut self.out);
        let pieces = std::mem::take(&mut self.pieces);
        self.space_pending = false;
        self.inline(cell);
        let text = std::mem::replace(&mut self.out, out);
        let cell_pieces = std::mem::replace(&mut self.pieces, pieces);
        RenderedCell { text, pieces: cell_pieces, colspan: span("colspan"), rowspan: span("rowspan") }
    }

    /// Writes ` text |`, moving the cell's words to where they now stand.
    fn write_cell(&mut self, cell: &RenderedCell) {
        self.out.push(' ');
        let trimmed = cell.text.trim_start();
        let lead = cell.text.len() - trimmed.len();
        let base = self.out.len();
        self.out.push_str(trimmed.trim_end());
        for &(start, len, html) in &cell.pieces {
            if start >= lead {
                self.pieces.push((base + start - lead, len, html));
            }
        }
        self.out.push_str(" |");
    }
}

/// A table cell rendered apart, to be written once or carried into the rows it spans.
#[derive(Debug, Clone, Default)]
struct RenderedCell {
    text: String,
    /// `(start in `text`, length, start in the HTML source)` of its words.
    pieces: Vec<(usize, usize, usize)>,
    colspan: usize,
    rowspan: usize,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "p"
            | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "figure"
            | "details"
            | "summary"
            | "br"
            | "nav"
            | "form"
    )
}

/// Renders an HTML document as Markdown, keeping the way back to the source.
pub fn render(html: &str) -> Rendered {
    let document = Html::parse_document(html);
    let mut renderer = Renderer { html, cursor: 0, out: String::new(), pieces: Vec::new(), space_pending: false };
    renderer.block(document.root_element());
    renderer.block_break();
    Rendered { text: renderer.out, pieces: renderer.pieces }
}

impl Rendered {
    /// The HTML offset of a rendering offset that starts a span: inside a word, the same place in
    /// the source word; between words, the next word's start.
    pub fn start(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|(start, _, _)| *start <= offset);
        match index.checked_sub(1).map(|i| self.pieces[i]) {
            Some((start, len, html)) if offset < start + len => html + (offset - start),
            _ => self.pieces.get(index).or(self.pieces.last()).map_or(0, |p| p.2),
        }
    }

    /// The HTML offset of a rendering offset that ends a span: the end of the word before it.
    pub fn end(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|(start, _, _)| *start < offset);
        match index.checked_sub(1).map(|i| self.pieces[i]) {
            Some((start, len, html)) => html + (offset - start).min(len),
            None => 0,
        }
    }
}

/// True when the text reads as HTML rather than Markdown or plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head = &text[..crate::text::floor_char_boundary(text, 4096)];
    let lower = head.trim_start().to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (["<p>", "<p ", "<table", "<div", "<h1", "<h2", "<ul", "<td"].iter().filter(|t| lower.contains(*t)).count()
            >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_headings_and_lists_with_source_offsets() {
        let html = "<html><head><title>x</title><script>var a=1;</script></head><body><nav>Home</nav>\n<h2>Necessary cookies</h2><p>We use <b>cookies</b>.</p><table><tr><th>Name</th><th>Duration</th></tr><tr><td>sid</td><td>Session</td></tr></table><ul><li>_ga &amp; co — 2 years</li></ul></body></html>";
        let rendered = render(html);
        assert!(rendered.text.contains("## Necessary cookies"), "{}", rendered.text);
        assert!(rendered.text.contains("| Name | Duration |\n|---|---|\n| sid | Session |"), "{}", rendered.text);
        assert!(rendered.text.contains("- _ga & co — 2 years"), "{}", rendered.text);
        assert!(!rendered.text.contains("var a") && !rendered.text.contains("Home"));
        let sid = rendered.text.find("sid").unwrap();
        assert_eq!(&html[rendered.start(sid)..rendered.end(sid + 3)], "sid");
    }

    /// A cell spanning rows is carried into each row it spans (pointing at its one place in the
    /// HTML); a cell spanning columns leaves the columns it covers empty.
    #[test]
    fn spanning_cells_are_carried_into_their_rows() {
        let html = "<table><tr><th>Provider</th><th>Cookie</th><th>Duration</th></tr><tr><td rowspan=\"2\">Google</td><td>_ga</td><td>2 years</td></tr><tr><td>_gid</td><td>1 day</td></tr><tr><td colspan=\"2\">Other</td><td>x</td></tr></table>";
        let rendered = render(html);
        assert!(
            rendered.text.contains("| Google | _ga | 2 years |\n| Google | _gid | 1 day |\n| Other |  | x |"),
            "{}",
            rendered.text
        );
        let second = rendered.text.rfind("Google").unwrap();
        assert_eq!(&html[rendered.start(second)..rendered.end(second + 6)], "Google");
    }
}
