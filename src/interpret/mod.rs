//! Stage 4: raw tables → interpreted tables. The header row is mapped to canonical fields with
//! the lexicons; the section headings above a table give its category. A headerless piece of
//! table that follows a table (split by a page break, a page header or blank lines) continues
//! it; after a heading that names another category it starts a new table with the same columns.
use crate::blocks::{Block, BlockKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::grammar::duration::reads_as_duration;
use crate::grammar::names::looks_like_name_cell;
use crate::grammar::{Category, Field, Lexicons};
pub use crate::model::{Cell, Row, Table};
use crate::source::{Format, Source};
use crate::span::Span;
use crate::tables::{Layout, RawRow, RawTable};
use crate::Limits;

mod columns;
mod rows;
use columns::*;
use rows::*;

#[derive(Debug, Clone)]
struct OpenHeading {
    level: u8,
    text: String,
    span: Span,
    category: Option<Category>,
    /// A known vendor the heading names.
    provider: Option<String>,
}

/// What stood between the last table that could go on and the next raw table: all that the
/// continuation rules ask of the blocks in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Between {
    page_break: bool,
    heading: bool,
    /// Every block in between is minor (see [`is_minor`]).
    all_minor: bool,
    /// A heading in between names a category.
    category: bool,
}

impl Between {
    const NOTHING: Between = Between { page_break: false, heading: false, all_minor: true, category: false };

    /// Notes a block in between; `category` is the one its heading names, if any.
    fn note(&mut self, block: &Block, format: Format, category: Option<Category>) {
        self.page_break |= block.kind == BlockKind::PageFurniture;
        self.heading |= block.is_heading();
        self.all_minor &= is_minor(block, format);
        self.category |= category.is_some();
    }
}

pub struct Interpretation {
    pub tables: Vec<Table>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything the interpretation of the blocks still to come depends on, taken where a section
/// starts: the open headings, what stood since the last table, and the columns of that table.
/// Two runs in the same state read the blocks that follow the same way.
#[derive(Debug, Clone)]
pub struct State {
    headings: Vec<OpenHeading>,
    between: Option<Between>,
    last_table: Option<(Vec<Option<Field>>, Vec<String>, Layout)>,
}

impl State {
    /// Whether `self` (taken in an earlier version of the document) equals `other` once its
    /// spans are moved by `map`; a span `map` cannot carry (inside an edit) never matches.
    pub fn matches_mapped(&self, other: &State, map: impl Fn(Span) -> Option<Span>) -> bool {
        self.between == other.between
            && self.last_table == other.last_table
            && self.headings.len() == other.headings.len()
            && self.headings.iter().zip(&other.headings).all(|(old, new)| {
                old.level == new.level
                    && old.text == new.text
                    && old.category == new.category
                    && old.provider == new.provider
                    && map(old.span) == Some(new.span)
            })
    }

    /// Moves the spans of the open headings (the state of a section kept after an edit).
    pub fn move_spans(&mut self, map: impl Fn(Span) -> Span) {
        for heading in &mut self.headings {
            heading.span = map(heading.span);
        }
    }
}

/// Interprets blocks in document order, one block at a time, so that a caller can stop at a
/// section boundary, look at the [`State`] and resume later (the language server redoes only
/// the sections an edit touched; see `crate::incremental`).
pub struct Interpreter<'a> {
    source: &'a Source,
    lexicons: &'a Lexicons,
    language: Option<&'a str>,
    limits: &'a Limits,
    pub tables: Vec<Table>,
    pub diagnostics: Vec<Diagnostic>,
    headings: Vec<OpenHeading>,
    /// None when no table is open for continuation.
    between: Option<Between>,
    /// The lowest index of a table rows were appended to (or continued) since the last
    /// [`Interpreter::take_lowest_appended`].
    lowest_appended: Option<usize>,
}

impl<'a> Interpreter<'a> {
    /// An interpreter at the start of a document, or resumed in `state` with the `tables` and
    /// `diagnostics` found before that point.
    pub fn new(
        source: &'a Source,
        language: Option<&'a str>,
        lexicons: &'a Lexicons,
        limits: &'a Limits,
        resume: Option<(State, Vec<Table>, Vec<Diagnostic>)>,
    ) -> Self {
        let (state, tables, diagnostics) =
            resume.unwrap_or((State { headings: Vec::new(), between: None, last_table: None }, Vec::new(), Vec::new()));
        Interpreter {
            source,
            lexicons,
            language,
            limits,
            tables,
            diagnostics,
            headings: state.headings,
            between: state.between,
            lowest_appended: None,
        }
    }

    pub fn state(&self) -> State {
        let last_table = self.between.and(self.tables.last()).map(|t| (t.columns.clone(), t.headers.clone(), t.layout));
        State { headings: self.headings.clone(), between: self.between, last_table }
    }

    /// The lowest index of a table that rows were added to since the last call.
    pub fn take_lowest_appended(&mut self) -> Option<usize> {
        self.lowest_appended.take()
    }

    fn appended(&mut self, index: usize) {
        self.lowest_appended = Some(self.lowest_appended.map_or(index, |i| i.min(index)));
    }

    /// Reads `blocks` (whose first one has index `first_index` in the document) with the raw
    /// tables found in them, in document order.
    pub fn blocks(&mut self, blocks: &[Block], first_index: usize, raw_tables: Vec<RawTable>) {
        // Lines a table consumed are cells, not headings or prose (a one-cell-per-line header
        // "Cookie name" looks like a heading on its own).
        let consumed = crate::span::RangeCover::new(raw_tables.iter().map(|t| t.range.clone()));
        let mut raw_tables = raw_tables.into_iter().peekable();
        for (offset, block) in blocks.iter().enumerate() {
            let mut had_table = false;
            while let Some(raw) = raw_tables.next_if(|t| t.block == first_index + offset) {
                had_table = true;
                self.table(raw);
            }
            if consumed.contains(&block.range) {
                continue;
            }
            self.block(block, had_table);
        }
    }

    fn block(&mut self, block: &Block, had_table: bool) {
        let category = heading_category(block, self.lexicons);
        if let BlockKind::Heading { level } = block.kind {
            // Plain-text headings (level 0) have no hierarchy: each replaces the previous one.
            // The sibling is the heading this one closes, if it had the same level.
            let sibling_named_vendor =
                self.headings.iter().rev().find(|h| h.level == level).is_some_and(|h| h.provider.is_some())
                    && self.headings.last().is_some_and(|h| h.level >= level);
            self.headings.retain(|h| if level == 0 { h.level != 0 } else { h.level < level && h.level != 0 });
            let provider =
                crate::outline::providers::heading_vendor(&block.text, level, sibling_named_vendor, self.lexicons);
            self.headings.push(OpenHeading {
                level,
                text: block.text.clone(),
                span: self.source.span(block.range.clone()),
                category,
                provider,
            });
        }
        if !had_table {
            if let Some(between) = self.between.as_mut() {
                between.note(block, self.source.format, category);
            }
        }
    }

    fn table(&mut self, mut raw: RawTable) {
        // An empty header row above the real one (what HTML-to-Markdown converters write for a
        // table whose header cells are not `<th>`): the first row with text is the header.
        if raw.fields.is_none() && raw.rows.len() >= 2 && raw.rows[0].cells.iter().all(|c| c.text.trim().is_empty()) {
            raw.rows.remove(0);
        }
        let (source, lexicons, limits) = (self.source, self.lexicons, self.limits);
        let diagnostics = &mut self.diagnostics;
        let tables = &mut self.tables;
        let headings = &self.headings;
        if raw.truncated_cells {
            diagnostics.push(Diagnostic::new(
                "limit-exceeded",
                Severity::Warning,
                format!(
                    "a row has more than {} cells; the extra cells were merged into the last one",
                    limits.max_cells_per_row
                ),
                source.span(raw.range.clone()),
            ));
        }
        if let Some(fields) = raw.fields.clone() {
            // The layout gives the columns (a list of cookies): no header row to read.
            let headers = fields.iter().map(|f| f.as_str().to_string()).collect();
            let mut columns: Vec<Option<Field>> = fields.into_iter().map(Some).collect();
            promote_function(&mut columns);
            let mut table = new_table_with(source, &raw, columns, headers, None, headings);
            append_rows(source, &mut table, raw, limits, diagnostics);
            tables.push(table);
            self.between = None;
            return;
        }
        let header: Vec<Option<Field>> =
            raw.rows[0].cells.iter().map(|c| lexicons.column_field(&c.text, self.language)).collect();
        // A header printed again continues the table only across a page break (page furniture
        // between the two) or with nothing at all between them.
        let open_between = self.between.filter(|b| (b.page_break || !b.heading) && b.all_minor && !b.category);
        if let (Some(_), Some(previous)) = (open_between, tables.last_mut()) {
            // The header printed again at the top of the next page: the same table goes on.
            if raw.rows[0].cells.iter().map(|c| c.text.as_str()).eq(previous.headers.iter().map(String::as_str)) {
                // Drop the repeated header first, so that a row cut by the page break joins the
                // row it continues.
                let mut raw = raw;
                raw.rows.remove(0);
                if !raw.rows.is_empty() {
                    append_rows(source, previous, raw, limits, diagnostics);
                }
                let index = tables.len() - 1;
                self.appended(index);
                self.between = Some(Between::NOTHING);
                return;
            }
        }
        if is_cookie_header(&header) {
            let table = new_table(source, raw, header, headings, limits, diagnostics);
            tables.push(table);
            self.between = Some(Between::NOTHING);
            return;
        }
        let continues = self
            .between
            .zip(tables.last())
            .filter(|(between, previous)| {
                raw.width() <= previous.columns.len()
                    && (raw.width() >= 2 || raw.starts_with_continuation)
                    // A table goes on in the layout it started in: a line of links under a
                    // Markdown table ("Imprint | Privacy | Contact") is no row of it.
                    && raw.layout == previous.layout
                    && between.all_minor
            })
            .map(|(between, _)| between.category);
        match continues {
            Some(false) => {
                if let Some(previous) = tables.last_mut() {
                    append_rows(source, previous, raw, limits, diagnostics);
                    let index = tables.len() - 1;
                    self.appended(index);
                }
            }
            Some(true) => {
                // A new section with the columns of the table before it.
                let previous = tables.last().map(|t| (t.columns.clone(), t.headers.clone()));
                if let Some((columns, headers)) = previous {
                    let mut table = new_table_with(source, &raw, columns, headers, None, headings);
                    append_rows(source, &mut table, raw, limits, diagnostics);
                    tables.push(table);
                }
            }
            None => {
                // No header and nothing to continue: type the columns by their content. A first
                // row that names columns (but not the cookie) is the header of some other table,
                // reported below.
                let typed = if header.iter().any(Option::is_some) { None } else { infer_fields(&raw.rows, lexicons) };
                if let Some(columns) = typed {
                    let headers = vec![String::new(); columns.len()];
                    let mut table = new_table_with(source, &raw, columns, headers, None, headings);
                    append_rows(source, &mut table, raw, limits, diagnostics);
                    tables.push(table);
                    self.between = Some(Between::NOTHING);
                    return;
                }
                // One line of pipes outside a Markdown table is a line of links or labels, not
                // a table.
                if raw.rows.len() >= 2 || raw.width() >= 3 && raw.layout == Layout::PipeTable {
                    diagnostics.push(unrecognized(source, &raw));
                }
                self.between = None;
                return;
            }
        }
        self.between = Some(Between::NOTHING);
    }

    /// Finishes the tables from index `from` on: the title's vendor for rows that name no
    /// provider, a stray last row dropped, and (when `whole_document`) a row cut by the end of
    /// the document.
    pub fn finish(mut self, from: usize, title_vendor: Option<&str>, whole_document: bool) -> Interpretation {
        for table in &mut self.tables[from..] {
            if table.provider.is_none() && table.column(Field::Provider).is_none() {
                table.provider = title_vendor.map(str::to_string);
            }
        }
        if whole_document {
            drop_cut_last_row(self.source, &mut self.tables, &mut self.diagnostics);
        }
        drop_stray_last_row(self.source, &mut self.tables[from..]);
        Interpretation { tables: self.tables, diagnostics: self.diagnostics }
    }
}

/// A guide about one vendor's cookies names it in its title; rows that name no provider and
/// stand under no heading naming one are that vendor's.
pub fn title_vendor(blocks: &[Block]) -> Option<String> {
    blocks.iter().find(|b| b.is_heading()).and_then(|b| crate::knowledge::vendor_in(&b.text))
}

/// Interprets a whole document at once.
pub fn interpret(
    source: &Source,
    blocks: &[Block],
    raw_tables: Vec<RawTable>,
    language: Option<&str>,
    lexicons: &Lexicons,
    limits: &Limits,
) -> Interpretation {
    let mut interpreter = Interpreter::new(source, language, lexicons, limits, None);
    interpreter.blocks(blocks, 0, raw_tables);
    interpreter.finish(0, title_vendor(blocks).as_deref(), true)
}

/// A document cut in the middle of a row (an excerpt, a capture that stopped) can end inside
/// the row's name: "wordpress_test_" may be the start of "wordpress_test_cookie". When the text
/// ends without a line break right after a row's name and the row has nothing else, the name is
/// not trusted: the row gives no entry and a truncated-row diagnostic says so.
fn drop_cut_last_row(source: &Source, tables: &mut [Table], diagnostics: &mut Vec<Diagnostic>) {
    if !may_cut_last_row(&source.text) {
        return;
    }
    let text = source.text.trim_end_matches(|c: char| c.is_whitespace() && c != '\n' && c != '\r');
    for table in tables.iter_mut() {
        let Some(name_column) = table.column(Field::Name) else { continue };
        let Some(last) = table.body.last() else { continue };
        let Some(name) = last.cell(name_column) else { continue };
        let only_name =
            |row: &Row| row.cells.iter().enumerate().all(|(i, c)| i == name_column || c.text.trim().is_empty());
        // In a list of bare names every row is a name alone: a last one without a line break is
        // complete.
        let others_have_more = table.body[..table.body.len() - 1].iter().any(|row| !only_name(row));
        if name.span.end == text.len() && only_name(last) && others_have_more {
            diagnostics.push(
                Diagnostic::new(
                    "truncated-row",
                    Severity::Warning,
                    format!(
                        "the document ends inside this row: `{}` may be cut, so no entry was made from it",
                        name.text
                    ),
                    name.span,
                )
                .with_help("give the complete row, or end the document after it"),
            );
            table.body.pop();
            table.rows = table.body.len();
        }
    }
}

/// Whether a document may end inside a row: it does not end with a line break. A complete
/// document ends with one; one cut by a byte budget can end anywhere, after a space too.
pub fn may_cut_last_row(text: &str) -> bool {
    let text = text.trim_end_matches(|c: char| c.is_whitespace() && c != '\n' && c != '\r');
    !(text.is_empty() || text.ends_with(['\n', '\r']))
}

/// A line of the page after a table ("Imprint | Privacy | Cookie settings | Contact", a site's
/// footer links), read as its last row because only blank lines separate them: the row stands
/// apart from the rows above (a blank line before it, none between them), its name is a plain
/// word the knowledge base does not know, and its lifetime cell, if it has one, is no lifetime.
/// It is no declaration, so it gives no entry.
fn drop_stray_last_row(source: &Source, tables: &mut [Table]) {
    let text = &source.text;
    let gap_has_blank_line = |before: &Row, after: &Row| {
        text.get(before.span.end..after.span.start).is_some_and(|gap| gap.matches('\n').count() >= 2)
    };
    for table in tables.iter_mut() {
        let (Some(name_column), Some(duration_column)) = (table.column(Field::Name), table.column(Field::Duration))
        else {
            continue;
        };
        let n = table.body.len();
        if n < 3 || !gap_has_blank_line(&table.body[n - 2], &table.body[n - 1]) {
            continue;
        }
        if table.body[..n - 1].windows(2).any(|pair| gap_has_blank_line(&pair[0], &pair[1])) {
            continue;
        }
        let last = &table.body[n - 1];
        let name_is_plain = last.cell(name_column).is_some_and(|c| {
            let name = c.text.trim();
            crate::text::is_capitalized_word(name)
                && name.chars().count() >= 3
                && crate::knowledge::base().lookup(name).is_empty()
        });
        let no_lifetime =
            last.cell(duration_column).is_none_or(|c| !crate::grammar::duration::reads_as_duration(&c.text));
        if name_is_plain && no_lifetime {
            table.body.pop();
            table.rows = table.body.len();
            if let Some(row) = table.body.last() {
                table.span = source.span(table.span.start..row.span.end);
            }
        }
    }
}

/// What may stand between two pieces of one table: headings that name no category, page
/// furniture and, in PDF text, a short line (a running header or footer).
fn is_minor(block: &Block, format: Format) -> bool {
    match block.kind {
        BlockKind::Heading { .. } => true,
        BlockKind::PageFurniture => true,
        BlockKind::Paragraph => format == Format::PdfText && !block.text.contains('\n') && block.text.len() <= 80,
        BlockKind::Html => block.text.trim_start().starts_with("<!--"),
        _ => false,
    }
}

fn heading_category(block: &Block, lexicons: &Lexicons) -> Option<Category> {
    match block.kind {
        BlockKind::Heading { .. } => lexicons.heading_category(&block.text),
        _ => None,
    }
}
