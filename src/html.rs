//! HTML input: the DOM (parsed by html5ever through `scraper`) is rendered as Markdown — headings
//! as `#` lines, tables as pipe tables, lists as `-` items, paragraphs apart — and the usual
//! pipeline runs on that text. Every word of the rendering remembers where it stands in the HTML
//! source, so spans are mapped back and point into the HTML the user wrote. Scripts, styles,
//! navigation and forms are left out.
use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

/// The Markdown rendering of an HTML document and the way back to the HTML source.
pub struct Rendered {
    pub text: String,
    /// Every word, in order.
    pieces: Vec<Piece>,
    /// Where markup nested past the depth limit was first met in the HTML, and how many tags
    /// were read as absent (see [`crate::nesting`]).
    pub nesting: Option<(usize, usize)>,
}

/// A word of the rendering and where the source spells it.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Start and length in the rendering (or in a cell's text, while the cell is rendered apart).
    start: usize,
    len: usize,
    /// Start and length in the HTML source (longer than `len` when spelt with references).
    html: usize,
    html_len: usize,
}

/// Elements whose content is not part of the policy.
const SKIPPED: [&str; 12] =
    ["script", "style", "noscript", "template", "nav", "svg", "button", "select", "form", "iframe", "head", "title"];

/// Bytes of the source a word that is not found (a word the parser moved, or spelt with
/// character references the search does not read) may cost the search: four times the
/// document, then this many bytes per word. A document full of such words cannot make the
/// search quadratic; the offsets of its words are then approximate.
const MISSES_PER_BYTE: usize = 4;
const MISS_WINDOW: usize = 64;

/// Bytes of carried cell text (cells spanning rows, copied into each row) per byte of HTML.
const CARRIED_PER_BYTE: usize = 1;

struct Renderer<'a> {
    html: &'a str,
    cursor: usize,
    out: String,
    pieces: Vec<Piece>,
    /// The last text ended with white space (so the next word is a new word, not glued on).
    space_pending: bool,
    /// Bytes left for searches that find nothing.
    miss_budget: usize,
    /// Columns of a table row that cells spanning rows or columns may fill.
    max_columns: usize,
    /// Bytes left for the copies of cells spanning rows.
    carry_budget: usize,
    /// Lists open around the current point: an item of a list nested in an item is written
    /// indented under it, as Markdown writes it.
    list_depth: usize,
}

/// Levels of nested lists whose items are indented further; deeper ones are written at this one.
const MAX_LIST_INDENT: usize = 8;

/// The length of the character reference at the start of `bytes` (`&amp;`, `&#233;`,
/// `&#xE9;`), which the parser decoded into one character. Only references closed by `;`
/// count: a bare `&` is read as itself.
fn reference_len(bytes: &[u8]) -> Option<usize> {
    let body = bytes.get(1..)?;
    let (skip, digits): (usize, fn(&u8) -> bool) = match body {
        [b'#', b'x' | b'X', ..] => (2, u8::is_ascii_hexdigit),
        [b'#', ..] => (1, u8::is_ascii_digit),
        _ => (0, u8::is_ascii_alphanumeric),
    };
    let run = body.iter().skip(skip).take(33).take_while(|b| digits(b)).count();
    (run > 0 && run <= 32 && body.get(skip + run) == Some(&b';')).then_some(1 + skip + run + 1)
}

/// Where the source spells `word` from `at`: its end, reading a character reference as the one
/// character it stands for.
fn spelt_at(html: &str, mut at: usize, word: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    for c in word.chars() {
        if bytes.get(at) == Some(&b'&') {
            if let Some(len) = reference_len(&bytes[at..]) {
                at += len;
                continue;
            }
        }
        if !html.get(at..)?.starts_with(c) {
            return None;
        }
        at += c.len_utf8();
    }
    Some(at)
}

/// Where `word` is first spelt in `html` between `from` and `to`: its start and end.
fn find_word(html: &str, from: usize, to: usize, word: &str) -> Option<(usize, usize)> {
    let first = *word.as_bytes().first()?;
    let bytes = html.as_bytes();
    let mut at = from;
    while at < to {
        let offset = bytes[at..to].iter().position(|&b| b == first || b == b'&')?;
        let candidate = at + offset;
        if html.is_char_boundary(candidate) {
            if let Some(end) = spelt_at(html, candidate, word) {
                return Some((candidate, end));
            }
        }
        at = candidate + 1;
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
            // Search the source for the word's first characters.
            let probe_end = word.char_indices().take(24).last().map_or(0, |(at, c)| at + c.len_utf8());
            let probe = &word[..probe_end];
            let found = self.locate(probe);
            let html_at = found.map_or(self.cursor, |(start, _)| start);
            let mut html_len = word.len();
            if let Some((start, probe_end)) = found {
                // The rest of the word where the source goes on spelling it.
                let end = spelt_at(self.html, probe_end, &word[probe.len()..]).unwrap_or(probe_end);
                self.cursor = end;
                html_len = if end > probe_end || probe.len() == word.len() {
                    end - start
                } else {
                    (probe_end - start) + (word.len() - probe.len())
                };
            }
            let start = self.out.len();
            if word.contains('|') {
                self.out.push_str(&word.replace('|', "\\|"));
            } else {
                self.out.push_str(word);
            }
            self.pieces.push(Piece { start, len: self.out.len() - start, html: html_at, html_len });
        }
        if !text.is_empty() {
            self.space_pending = text.ends_with(char::is_whitespace);
        }
    }

    /// Finds a word in the source after the cursor, within what the miss budget allows.
    fn locate(&mut self, probe: &str) -> Option<(usize, usize)> {
        let len = self.html.len();
        let to = if self.miss_budget >= len - self.cursor {
            len
        } else {
            crate::text::floor_char_boundary(self.html, self.cursor + self.miss_budget.max(MISS_WINDOW))
                .max(self.cursor)
        };
        let found = find_word(self.html, self.cursor, to, probe);
        if found.is_none() {
            self.miss_budget = self.miss_budget.saturating_sub(to - self.cursor);
        }
        found
    }

    fn block_break(&mut self) {
        self.space_pending = true;
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push_str(if self.out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    }

    /// Two spaces per level of list, as Markdown indents nested items.
    fn indent(&mut self, levels: usize) {
        self.out.push_str(&"  ".repeat(levels));
    }

    fn line_break(&mut self) {
        self.space_pending = true;
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Renders the document below `root` (itself read as a block), walking the tree with an
    /// explicit stack: however deep the DOM, the walk uses no more of the thread's stack.
    fn document(&mut self, root: ElementRef) {
        let mut frames: Vec<Frame> = Vec::new();
        // The subtree being passed over (skipped content, or a table already rendered).
        let mut skipping: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    let context = frames.last().map_or(Children::Blocks, |f| f.children);
                    let step = match node.value() {
                        Node::Text(text) => {
                            if context != Children::ListItems {
                                self.words(text);
                            }
                            continue;
                        }
                        Node::Element(_) => match ElementRef::wrap(node) {
                            Some(element) => self.open(element, context),
                            None => continue,
                        },
                        _ => continue,
                    };
                    match step {
                        Step::Enter(children, close) => {
                            if children == Children::ListItems {
                                self.list_depth += 1;
                            }
                            frames.push(Frame { id: node.id(), children, close })
                        }
                        Step::Skip => skipping = Some(node.id()),
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = skipping {
                        if id == node.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if frames.last().is_some_and(|f| f.id == node.id()) {
                        match frames.pop() {
                            Some(Frame { close: true, children, .. }) => {
                                if children == Children::ListItems {
                                    self.list_depth = self.list_depth.saturating_sub(1);
                                }
                                self.block_break();
                            }
                            // A list nested in an item: what the item says after it is set
                            // apart and indented to the item's text, as Markdown continues an
                            // item (on the next line it would continue the last nested item).
                            Some(Frame { close: false, children: Children::ListItems, .. }) => {
                                self.list_depth = self.list_depth.saturating_sub(1);
                                self.block_break();
                                self.indent(self.list_depth.min(MAX_LIST_INDENT));
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    /// What an element opened in `context` writes first, and how its children are read.
    fn open(&mut self, element: ElementRef, context: Children) -> Step {
        let name = element.value().name();
        match context {
            Children::ListItems if name == "li" => {
                self.line_break();
                self.indent(self.list_depth.min(MAX_LIST_INDENT).saturating_sub(1));
                self.out.push_str("- ");
                Step::Enter(Children::Inline, false)
            }
            // A list written straight inside a list (invalid, and common): its items one level
            // deeper.
            Children::ListItems if matches!(name, "ul" | "ol") => Step::Enter(Children::ListItems, false),
            Children::ListItems => Step::Skip,
            _ if SKIPPED.contains(&name) => Step::Skip,
            // A list nested in a list item: its items on lines of their own, indented under it.
            Children::Inline if matches!(name, "ul" | "ol") && self.list_depth > 0 => {
                self.line_break();
                Step::Enter(Children::ListItems, false)
            }
            Children::Inline => {
                if name == "br" {
                    self.out.push(' ');
                }
                Step::Enter(Children::Inline, false)
            }
            Children::Blocks if !is_block(name) => Step::Enter(Children::Inline, false),
            Children::Blocks => self.open_block(element),
        }
    }

    /// A block element: headings as `#` lines, tables as pipe tables, lists as `-` items,
    /// containers apart from what surrounds them.
    fn open_block(&mut self, element: ElementRef) -> Step {
        let name = element.value().name();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_break();
                let level = name[1..].parse::<usize>().unwrap_or(2);
                self.out.push_str(&"#".repeat(level));
                self.out.push(' ');
                Step::Enter(Children::Inline, true)
            }
            "table" => {
                self.table(element);
                Step::Skip
            }
            "ul" | "ol" => {
                self.block_break();
                Step::Enter(Children::ListItems, true)
            }
            "br" => {
                self.line_break();
                Step::Enter(Children::Inline, false)
            }
            "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "body" | "html" | "dl"
            | "dt" | "dd" | "blockquote" | "figure" | "figcaption" | "details" | "summary" => {
                if element.children().any(|c| ElementRef::wrap(c).is_some_and(|e| is_block(e.value().name()))) {
                    Step::Enter(Children::Blocks, true)
                } else {
                    self.block_break();
                    Step::Enter(Children::Inline, true)
                }
            }
            _ => Step::Enter(Children::Inline, false),
        }
    }

    /// The text of an element read inline (a table cell): its words, without the skipped
    /// elements, a line break as a space. Walked with an explicit stack like the document.
    fn inline(&mut self, element: ElementRef) {
        let mut skipping: Option<NodeId> = None;
        for edge in element.traverse() {
            match edge {
                Edge::Open(node) if skipping.is_none() && node.id() != element.id() => match node.value() {
                    Node::Text(text) => self.words(text),
                    Node::Element(e) if SKIPPED.contains(&e.name()) => skipping = Some(node.id()),
                    Node::Element(e) if e.name() == "br" => self.out.push(' '),
                    _ => {}
                },
                Edge::Close(node) if skipping == Some(node.id()) => skipping = None,
                _ => {}
            }
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
        // Only the first `max_columns` columns are carried or filled: past them a row holds its
        // own cells only. And the copies of carried cells may cost at most `carry_budget`
        // bytes, after which they are written empty: a tall cell of long text carried into
        // thousands of short rows would otherwise multiply the document.
        let mut carried: Vec<Option<(RenderedCell, usize)>> = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let elements: Vec<ElementRef> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let rendered: Vec<RenderedCell> = elements.into_iter().map(|cell| self.render_cell(cell)).collect();
            let mut cells = rendered.into_iter();
            let carried_end = carried.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
            let mut written = 0;
            let mut column = 0;
            self.out.push('|');
            loop {
                if let Some(Some((cell, left))) = carried.get_mut(column) {
                    let copy = if self.carry_budget >= cell.text.len() {
                        self.carry_budget -= cell.text.len();
                        cell.clone()
                    } else {
                        RenderedCell::default()
                    };
                    *left -= 1;
                    if *left == 0 {
                        carried[column] = None;
                    }
                    self.write_cell(&copy);
                    column += 1;
                    written += 1;
                    continue;
                }
                let Some(cell) = cells.next() else {
                    // Columns further right may still be carried from above.
                    if column < carried_end {
                        self.write_cell(&RenderedCell::default());
                        column += 1;
                        written += 1;
                        continue;
                    }
                    break;
                };
                let (colspan, rowspan) = (cell.colspan, cell.rowspan);
                self.write_cell(&cell);
                if rowspan > 1 && column < self.max_columns {
                    if carried.len() <= column {
                        carried.resize(column + 1, None);
                    }
                    carried[column] = Some((cell, rowspan - 1));
                }
                column += 1;
                written += 1;
                for _ in 1..colspan {
                    if column >= self.max_columns {
                        break;
                    }
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
        for piece in &cell.pieces {
            if piece.start >= lead {
                self.pieces.push(Piece { start: base + piece.start - lead, ..*piece });
            }
        }
        self.out.push_str(" |");
    }
}

/// How the children of an open element are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Children {
    /// Block elements as blocks, others inline.
    Blocks,
    /// Everything as running text.
    Inline,
    /// Only `li` elements, each an item.
    ListItems,
}

/// An element being rendered: how its children are read, and whether it ends its block.
struct Frame {
    id: NodeId,
    children: Children,
    close: bool,
}

enum Step {
    /// Read its children this way; a block break after them when set.
    Enter(Children, bool),
    /// Pass over it and everything below it.
    Skip,
}

/// A table cell rendered apart, to be written once or carried into the rows it spans.
#[derive(Debug, Clone, Default)]
struct RenderedCell {
    text: String,
    /// Its words, with their starts in `text`.
    pieces: Vec<Piece>,
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

/// Renders an HTML document as Markdown, keeping the way back to the source, with the default
/// limits.
pub fn render(html: &str) -> Rendered {
    render_within(html, &crate::Limits::default())
}

/// Renders an HTML document as Markdown within `limits`: elements nested past
/// `max_nesting_depth` are read as if their tags were absent (see [`crate::nesting::html`]), and
/// cells spanning rows or columns fill at most `max_cells_per_row` columns.
pub fn render_within(html: &str, limits: &crate::Limits) -> Rendered {
    let bounded = crate::nesting::html::bound(html, limits.max_nesting_depth);
    let nesting = bounded.first.map(|first| (first, bounded.neutralised));
    let document = Html::parse_document(&bounded.text);
    drop(bounded);
    let mut renderer = Renderer {
        html,
        cursor: 0,
        out: String::new(),
        pieces: Vec::new(),
        space_pending: false,
        miss_budget: html.len().saturating_mul(MISSES_PER_BYTE).saturating_add(1 << 20),
        max_columns: limits.max_cells_per_row.max(1),
        carry_budget: html.len().saturating_mul(CARRIED_PER_BYTE).saturating_add(1 << 20),
        list_depth: 0,
    };
    renderer.document(document.root_element());
    renderer.block_break();
    Rendered { text: renderer.out, pieces: renderer.pieces, nesting }
}

/// A Markdown text whose HTML blocks in `regions` (sorted, apart) are rendered in place, the rest
/// kept as written, with the way back to the text. Each rendered block stands apart from the
/// Markdown around it by a blank line.
pub fn render_regions_within(text: &str, regions: &[std::ops::Range<usize>], limits: &crate::Limits) -> Rendered {
    let mut out = String::with_capacity(text.len());
    let mut pieces = Vec::new();
    let mut nesting: Option<(usize, usize)> = None;
    let mut cursor = 0;
    let verbatim = |out: &mut String, pieces: &mut Vec<Piece>, range: std::ops::Range<usize>| {
        if !range.is_empty() {
            pieces.push(Piece { start: out.len(), len: range.len(), html: range.start, html_len: range.len() });
            out.push_str(&text[range]);
        }
    };
    for region in regions {
        verbatim(&mut out, &mut pieces, cursor..region.start);
        out.push_str("\n\n");
        let rendered = render_within(&text[region.clone()], limits);
        let base = out.len();
        pieces.extend(rendered.pieces.iter().map(|p| Piece {
            start: base + p.start,
            len: p.len,
            html: region.start + p.html,
            html_len: p.html_len,
        }));
        out.push_str(&rendered.text);
        out.push_str("\n\n");
        if let Some((first, count)) = rendered.nesting {
            nesting = Some(match nesting {
                Some((earlier, total)) => (earlier, total + count),
                None => (region.start + first, count),
            });
        }
        cursor = region.end;
    }
    verbatim(&mut out, &mut pieces, cursor..text.len());
    Rendered { text: out, pieces, nesting }
}

impl Rendered {
    /// The HTML offset of a rendering offset that starts a span: inside a word, the same place in
    /// the source word; between words, the next word's start.
    pub fn start(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.start <= offset);
        match index.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if offset < p.start + p.len => p.html + (offset - p.start).min(p.html_len),
            _ => self.pieces.get(index).or(self.pieces.last()).map_or(0, |p| p.html),
        }
    }

    /// The HTML offset of a rendering offset that ends a span: the end of the word before it.
    pub fn end(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.start < offset);
        match index.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if offset - p.start >= p.len => p.html + p.html_len,
            Some(p) => p.html + (offset - p.start).min(p.html_len),
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

    /// Words spelt with character references are found where the source spells them.
    #[test]
    fn words_with_character_references_point_at_their_source() {
        let html = "<p>La soci&eacute;t&eacute; d&#233;pose &#x5F;ga &amp; co</p>";
        let rendered = render(html);
        assert_eq!(rendered.text.trim(), "La société dépose _ga & co");
        for (word, spelt) in [("société", "soci&eacute;t&eacute;"), ("dépose", "d&#233;pose"), ("_ga", "&#x5F;ga")] {
            let at = rendered.text.find(word).unwrap();
            assert_eq!(&html[rendered.start(at)..rendered.end(at + word.len())], spelt);
        }
    }

    /// Cells spanning many rows and columns fill no more than the row limit allows.
    #[test]
    fn spans_fill_a_bounded_number_of_columns() {
        let limits = crate::Limits { max_cells_per_row: 8, ..crate::Limits::default() };
        let html = format!(
            "<table><tr><td colspan=1000>a</td><td rowspan=1000>b</td></tr>{}</table>",
            "<tr><td>c</td></tr>".repeat(3)
        );
        let rendered = render_within(&html, &limits);
        let widest = rendered.text.lines().map(|l| l.matches('|').count()).max().unwrap();
        assert!(widest <= 10, "{}", rendered.text);
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

    /// A list nested in a list item is written indented under the item, and what the item says
    /// after it is set apart and indented to the item's text; a list after the outer one is
    /// written at the margin, and a list written straight inside it one level deeper.
    #[test]
    fn nested_lists_are_indented_under_their_item() {
        let html = "<ul><li>Vendor<ul><li>a_id: one</li><li>b_id: two<ol><li>c</li></ol></li></ul>after</li><li>Other</li></ul><ul><li>z</li><ul><li>y</li></ul></ul>";
        let rendered = render(html);
        assert_eq!(
            rendered.text.trim_end(),
            "- Vendor\n  - a_id: one\n  - b_id: two\n    - c\n\n  after\n- Other\n\n- z\n  - y"
        );
        let c = rendered.text.find("- c").unwrap() + 2;
        assert_eq!(&html[rendered.start(c)..rendered.end(c + 1)], "c");
    }
}
