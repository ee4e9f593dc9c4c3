//! Stage 4: raw tables → interpreted tables. The header row is mapped to canonical fields with
//! the lexicons; the section headings above a table give its category. A headerless piece of
//! table that follows a table (split by a page break, a page header or blank lines) continues
//! it; after a heading that names another category it starts a new table with the same columns.
use crate::blocks::{Block, BlockKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::grammar::duration::reads_as_duration;
use crate::grammar::{Category, Field, Lexicons};
pub use crate::model::{Cell, Row, Table};
use crate::source::{Format, Source};
use crate::span::Span;
use crate::tables::stream::looks_like_name_cell;
use crate::tables::{Layout, RawRow, RawTable};
use crate::Limits;

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

/// A header names the cookie column and at least one other, different field.
fn is_cookie_header(header: &[Option<Field>]) -> bool {
    let mut fields: Vec<Field> = header.iter().flatten().copied().collect();
    fields.sort();
    fields.dedup();
    fields.contains(&Field::Name) && fields.len() >= 2
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

fn new_table(
    source: &Source,
    raw: RawTable,
    mut header: Vec<Option<Field>>,
    headings: &[OpenHeading],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Table {
    promote_function(&mut header);
    resolve_name_columns(&mut header, &raw.rows[1..]);
    party_column_of_names(&mut header, &raw.rows[1..]);
    category_column_of_purposes(&mut header, &raw.rows[1..]);
    let headers: Vec<String> = raw.rows[0].cells.iter().map(|c| c.text.clone()).collect();
    let header_span = source.span(raw.rows[0].range.clone());
    let mut table = new_table_with(source, &raw, header, headers, Some(header_span), headings);
    let mut raw = raw;
    raw.rows.remove(0);
    append_rows(source, &mut table, raw, limits, diagnostics);
    table
}

/// "Function" alone describes what the cookie is for when no column says "purpose".
fn promote_function(columns: &mut [Option<Field>]) {
    if !columns.contains(&Some(Field::Purpose)) {
        if let Some(function) = columns.iter_mut().find(|f| **f == Some(Field::Function)) {
            *function = Some(Field::Purpose);
        }
    }
}

fn new_table_with(
    source: &Source,
    raw: &RawTable,
    columns: Vec<Option<Field>>,
    headers: Vec<String>,
    header_span: Option<Span>,
    headings: &[OpenHeading],
) -> Table {
    let nearest = headings.last();
    let lead = crate::outline::lead_in(&source.text, raw.range.start);
    let lexicons = crate::grammar::lexicons();
    let since = nearest.map_or(0, |h| h.span.end);
    let introduced_by = crate::outline::providers::introduced_provider(&source.text, raw.range.start, since, lexicons);
    let kind =
        lead.and_then(|l| lexicons.storage_named(l)).or_else(|| nearest.and_then(|h| lexicons.storage_named(&h.text)));
    Table {
        kind,
        heading: nearest.map(|h| h.text.clone()),
        category: headings.iter().rev().find_map(|h| h.category),
        category_heading: headings.iter().rev().find(|h| h.category.is_some()).map(|h| h.text.clone()),
        provider: crate::outline::providers::lead_in_or_heading(
            introduced_by,
            headings.iter().rev().find_map(|h| h.provider.as_deref()),
        ),
        columns,
        headers,
        layout: raw.layout,
        span: source.span(raw.range.clone()),
        rows: 0,
        body: Vec::new(),
        heading_span: nearest.map(|h| h.span),
        header_span,
    }
}

/// Appends a raw table's rows: a leading continuation joins the last row, a repeated header
/// (printed again after a page break) is dropped, rows past the limit are reported.
fn append_rows(source: &Source, table: &mut Table, raw: RawTable, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) {
    let mut rows = raw.rows.into_iter();
    if raw.starts_with_continuation {
        if let (Some(first), Some(last)) = (rows.next(), table.body.last_mut()) {
            let mut merged = to_raw(last);
            merged.absorb(first);
            *last = to_row(source, merged);
        }
    }
    for row in rows {
        let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        if texts.len() == table.headers.len() && texts.iter().zip(&table.headers).all(|(a, b)| a == b) {
            continue;
        }
        if table.body.len() >= limits.max_rows_per_table {
            diagnostics.push(Diagnostic::new(
                "limit-exceeded",
                Severity::Warning,
                format!("the table has more than {} rows; the rest were not read", limits.max_rows_per_table),
                source.span(row.range.clone()),
            ));
            break;
        }
        // A row that lost a spanning cell in front is put back in place before its lifetime is
        // looked for: both shift its cells.
        let row = realign_name(table, to_row(source, row));
        let row = realign(table, row);
        table.body.push(row);
    }
    table.span.end = table.span.end.max(raw.range.end);
    table.rows = table.body.len();
}

/// A row that left out a cell ("| _ga | 2 years | text | |" under "Cookie | Type | Duration |
/// Description"): when the duration column holds no duration but a cell before it does, and
/// the row ends with an empty cell, empty cells are put back where the row skipped them.
fn realign(table: &Table, mut row: Row) -> Row {
    let Some(duration) = table.column(Field::Duration) else { return row };
    let width = table.columns.len();
    let reads = |cell: Option<&Cell>| cell.is_some_and(|c| !c.text.is_empty() && reads_as_duration(&c.text));
    let trailing_empty = row.cells.last().is_some_and(|c| c.text.is_empty()) || row.cells.len() < width;
    if reads(row.cells.get(duration)) || !trailing_empty {
        return row;
    }
    let Some(early) = (0..duration).rev().find(|&j| reads(row.cells.get(j)) && table.columns[j] != Some(Field::Name))
    else {
        return row;
    };
    let filler = Cell { text: String::new(), span: row.cells[early].span };
    // Where the row skipped its cells: right before the lifetime, unless the cells between the
    // name and the lifetime are descriptions and the columns right after the name hold short
    // values (a provider cell spanning rows, lost: "_ga | Distinguishes unique users | 2 years"
    // under "Cookie | Provider | Purpose | Duration").
    let missing = duration - early;
    let after_name = table.column(Field::Name).map_or(0, |n| n + 1);
    let describes = |cell: &Cell| cell.text.split_whitespace().count() >= 3;
    let short_columns = (after_name..after_name + missing).all(|j| {
        matches!(table.columns.get(j), Some(Some(Field::Provider | Field::Domain | Field::Party | Field::Category)))
    });
    let at = if after_name < early && row.cells[after_name..early].iter().all(describes) && short_columns {
        after_name
    } else {
        early
    };
    for _ in 0..missing {
        row.cells.insert(at, filler.clone());
    }
    while row.cells.len() > width && row.cells.last().is_some_and(|c| c.text.is_empty()) {
        row.cells.pop();
    }
    row
}

/// A row that lost its leading cells (a provider cell spanning several rows is written once, in
/// the first of them): its name stands left of the name column and the name column holds text.
/// Empty cells are put back in front, and each takes the text of the cell above it, the spanning
/// cell's.
fn realign_name(table: &Table, mut row: Row) -> Row {
    use crate::grammar::names::{name_evidence, NameEvidence};
    let Some(name_column) = table.column(Field::Name).filter(|&n| n > 0) else { return row };
    let single_name = |cell: Option<&Cell>, wanted: NameEvidence| {
        cell.is_some_and(|c| !c.text.contains(char::is_whitespace) && name_evidence(&c.text) >= wanted)
    };
    if single_name(row.cells.get(name_column), NameEvidence::Weak) {
        return row;
    }
    let Some(found) = (0..name_column).rev().find(|&j| single_name(row.cells.get(j), NameEvidence::Strong)) else {
        return row;
    };
    let Some(above) = table.body.last() else { return row };
    let shift = name_column - found;
    for column in (0..shift).rev() {
        let inherited = above.cells.get(column).cloned();
        row.cells.insert(0, inherited.unwrap_or(Cell { text: String::new(), span: row.span }));
    }
    let width = table.columns.len();
    while row.cells.len() > width && row.cells.last().is_some_and(|c| c.text.is_empty()) {
        row.cells.pop();
    }
    row
}

fn to_row(source: &Source, raw: RawRow) -> Row {
    Row {
        cells: raw.cells.into_iter().map(|c| Cell { text: c.text, span: source.span(c.range) }).collect(),
        span: source.span(raw.range),
    }
}

fn to_raw(row: &Row) -> RawRow {
    RawRow {
        cells: row
            .cells
            .iter()
            .map(|c| crate::tables::RawCell { text: c.text.clone(), range: c.span.range() })
            .collect(),
        range: row.span.range(),
    }
}

fn unrecognized(source: &Source, raw: &RawTable) -> Diagnostic {
    let header: Vec<&str> = raw.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
    Diagnostic::new(
        "unrecognized-table",
        Severity::Warning,
        format!(
            "a table-like block ({} rows) whose header names no cookie column: {:?}",
            raw.rows.len(),
            header.join(" | ")
        ),
        source.span(raw.range.clone()),
    )
    .with_help(
        "if it declares cookies, give it a header with a name column (e.g. \"Cookie\", \"Name\", \"Nom du cookie\")",
    )
}

/// How much a column's cells look like cookie names: one token, technical (`_ga`, `cart_id`),
/// all lower case (`locale`) or all capitals (`NID`); not a capitalized word (`Facebook`).
fn name_likeness(rows: &[RawRow], column: usize) -> f64 {
    use crate::grammar::names::{name_evidence, NameEvidence};
    share(rows, column, |text| {
        let single = !text.contains(' ') && looks_like_name_cell(text) && name_evidence(text) != NameEvidence::None;
        let technical = crate::grammar::names::looks_technical(text);
        let lower = text.chars().all(|c| !c.is_alphabetic() || c.is_lowercase());
        let upper = text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && text.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
        // A list of names in one cell ("_ga, _gid, OptanonConsent") holds names too.
        let list = || {
            let items = crate::grammar::names::split_names(text);
            items.len() >= 2 && items.iter().all(|n| name_evidence(&n.name) == NameEvidence::Strong)
        };
        single && (technical || lower || upper) || text.contains([',', ';']) && list()
    })
}

/// Share of the non-empty cells of a column that pass `test`.
fn share(rows: &[RawRow], column: usize, test: impl Fn(&str) -> bool) -> f64 {
    let cells: Vec<&str> =
        rows.iter().filter_map(|r| r.cells.get(column)).map(|c| c.text.as_str()).filter(|t| !t.is_empty()).collect();
    if cells.is_empty() {
        return 0.0;
    }
    cells.iter().filter(|t| test(t)).count() as f64 / cells.len() as f64
}

/// A "Source" column is a party column in some tables ("Third party") and the provider's in
/// others ("Mapvendor"): when most of its cells name no party, it names the provider (unless
/// another column does).
fn party_column_of_names(header: &mut [Option<Field>], body: &[RawRow]) {
    if header.contains(&Some(Field::Provider)) {
        return;
    }
    let lexicons = crate::grammar::lexicons();
    if let Some(column) = header.iter().position(|f| *f == Some(Field::Party)) {
        if !body.is_empty() && share(body, column, |t| lexicons.party_in(t).is_some()) < 0.5 {
            header[column] = Some(Field::Provider);
        }
    }
}

/// A column headed as the purpose whose cells are category words ("Purpose": "Strictly
/// Necessary", "Functional") beside another that describes: the first is the category column,
/// the other the purpose. With no other column to describe, the header stands.
fn category_column_of_purposes(header: &mut [Option<Field>], body: &[RawRow]) {
    const MAX_CATEGORY_WORDS: usize = 3;
    if body.is_empty() || header.contains(&Some(Field::Category)) {
        return;
    }
    let lexicons = crate::grammar::lexicons();
    let Some(column) = header.iter().position(|f| *f == Some(Field::Purpose)) else { return };
    let categories = share(body, column, |t| {
        t.split_whitespace().count() <= MAX_CATEGORY_WORDS && lexicons.category_in(t).is_some()
    });
    let describing = (0..header.len()).find(|&j| {
        j != column
            && header[j].is_none_or(|f| matches!(f, Field::Function | Field::Type | Field::Purpose))
            && share(body, j, |t| t.split_whitespace().count() >= 4) >= 0.5
    });
    if let (true, Some(describing)) = (categories >= 0.6, describing) {
        header[column] = Some(Field::Category);
        header[describing] = Some(Field::Purpose);
    }
}

/// Two columns named for the cookie ("Cookie" and "Nom"): the one whose cells look like names
/// holds them; the other names the service, so it is the provider when there is none.
fn resolve_name_columns(header: &mut [Option<Field>], body: &[RawRow]) {
    let names: Vec<usize> =
        header.iter().enumerate().filter(|(_, f)| **f == Some(Field::Name)).map(|(i, _)| i).collect();
    if names.len() < 2 || body.is_empty() {
        return;
    }
    let best = names
        .iter()
        .copied()
        .max_by(|a, b| name_likeness(body, *a).total_cmp(&name_likeness(body, *b)))
        .unwrap_or(names[0]);
    let has_provider = header.contains(&Some(Field::Provider));
    let mut provider_given = has_provider;
    let lexicons = crate::grammar::lexicons();
    for column in names {
        if column == best {
            continue;
        }
        // The other columns named for the cookie, by what they hold: parties ("Cookies used":
        // "First Party"), hosts ("Cookie Subgroup": "shop.example"), else the service.
        let host = |t: &str| {
            let t = t.trim_start_matches('.');
            let labels: Vec<&str> = t.split('.').collect();
            labels.len() >= 2
                && labels.iter().all(|l| {
                    !l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                })
                && labels.last().is_some_and(|l| l.len() >= 2 && l.chars().all(|c| c.is_ascii_lowercase()))
        };
        header[column] = if share(body, column, |t| lexicons.party_in(t).is_some()) >= 0.6
            && !header.contains(&Some(Field::Party))
        {
            Some(Field::Party)
        } else if share(body, column, host) >= 0.6 && !header.contains(&Some(Field::Domain)) {
            Some(Field::Domain)
        } else if provider_given {
            None
        } else {
            provider_given = true;
            Some(Field::Provider)
        };
    }
}

/// Columns of a table with no header, typed by what their cells hold: durations, category
/// words, cookie names, long text (purpose) and short capitalized names (provider). Only a table
/// with a name column and one more typed column is accepted.
fn infer_fields(rows: &[RawRow], lexicons: &Lexicons) -> Option<Vec<Option<Field>>> {
    let width = rows.iter().map(|r| r.cells.len()).max()?;
    if width < 2 || rows.iter().filter(|r| r.cells.len() >= 2).count() == 0 {
        return None;
    }
    let mut fields: Vec<Option<Field>> = vec![None; width];
    let pick = |fields: &[Option<Field>], score: &dyn Fn(usize) -> f64, min: f64| -> Option<usize> {
        (0..width)
            .filter(|c| fields[*c].is_none())
            .map(|c| (c, score(c)))
            .filter(|(_, s)| *s >= min)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c)
    };
    let words = |column: usize| -> f64 {
        let cells: Vec<usize> = rows
            .iter()
            .filter_map(|r| r.cells.get(column))
            .filter(|c| !c.text.is_empty())
            .map(|c| c.text.split_whitespace().count())
            .collect();
        if cells.is_empty() {
            0.0
        } else {
            cells.iter().sum::<usize>() as f64 / cells.len() as f64
        }
    };
    if let Some(c) =
        pick(&fields, &|c| share(rows, c, |t| t.split_whitespace().count() <= 6 && reads_as_duration(t)), 0.6)
    {
        fields[c] = Some(Field::Duration);
    }
    if let Some(c) = pick(
        &fields,
        &|c| share(rows, c, |t| t.split_whitespace().count() <= 3 && lexicons.category_in(t).is_some()),
        0.6,
    ) {
        fields[c] = Some(Field::Category);
    }
    let name = pick(&fields, &|c| name_likeness(rows, c), 0.6)?;
    fields[name] = Some(Field::Name);
    // The description: the column of the longest text, three words or more on average.
    if let Some(c) = pick(&fields, &|c| if words(c) >= 3.0 { words(c) } else { 0.0 }, 3.0) {
        fields[c] = Some(Field::Purpose);
    }
    let capitalized = |t: &str| t.split_whitespace().count() <= 4 && t.chars().next().is_some_and(char::is_uppercase);
    if let Some(c) = pick(&fields, &|c| if words(c) <= 3.0 { share(rows, c, capitalized) } else { 0.0 }, 0.6) {
        fields[c] = Some(Field::Provider);
    }
    (fields.iter().flatten().count() >= 2).then_some(fields)
}
