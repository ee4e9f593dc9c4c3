//! Stage 3: blocks → raw tables. One recognizer per layout; each turns the lines of a block into
//! rows of cells with byte ranges, knowing nothing of what the columns mean (that is the
//! interpretation stage's job, with the lexicon).
mod aligned;
mod concat;
mod keyvalue;
mod list;
mod pipe;
mod prose;
mod record;
mod spaced;
pub mod stream;
mod tsv;

use crate::blocks::{Block, BlockKind};
use crate::grammar::Field;
pub use crate::model::Layout;
use crate::span::{RangeCover, RunningMax};
use crate::Limits;

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCell {
    /// Cell text with white space collapsed (wrapped fragments joined by one space).
    pub text: String,
    /// From the first to the last character of the cell in the source.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub cells: Vec<RawCell>,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    pub layout: Layout,
    pub rows: Vec<RawRow>,
    pub range: Range<usize>,
    /// Index of the block it was found in.
    pub block: usize,
    /// The first row only continues the wrapped cells of a row before this table (a row cut by
    /// a page break or a blank line).
    pub starts_with_continuation: bool,
    /// Cells past `Limits::max_cells_per_row` were merged into the last cell.
    pub truncated_cells: bool,
    /// The fields of the columns when the layout itself gives them (a list has no header row).
    pub fields: Option<Vec<Field>>,
}

impl RawTable {
    /// A table found by a line recognizer; the block is assigned by [`recognize`].
    pub fn new(layout: Layout, range: Range<usize>, rows: Vec<RawRow>, fields: Option<Vec<Field>>) -> RawTable {
        RawTable { layout, rows, range, block: 0, starts_with_continuation: false, truncated_cells: false, fields }
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// Finds every raw table, in document order: [`recognize_layouts`], then running text when no
/// table declares cookies ([`add_prose`]).
pub fn recognize(
    text: &str,
    blocks: &[Block],
    limits: &Limits,
    lexicons: &crate::grammar::Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    let tables = recognize_layouts(text, blocks, limits, lexicons, language);
    add_prose(text, blocks, tables, limits, lexicons, language)
}

/// Every table of every layout but running text, in document order, each attached to the
/// block it starts in. Where two recognizers claim the same lines, the more specific layout
/// wins: parsed Markdown tables, then pipe cells, tab-separated rows, lists, and one cell per
/// line.
pub fn recognize_layouts(
    text: &str,
    blocks: &[Block],
    limits: &Limits,
    lexicons: &crate::grammar::Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    let mut markdown_tables = Vec::new();
    let mut tsv_tables = Vec::new();
    let mut list_tables = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::PipeTable { rows } => markdown_tables.extend(
                pipe::recognize(text, index, block, rows, limits).map(|t| record::as_records(t, lexicons, language)),
            ),
            BlockKind::Paragraph | BlockKind::Code => {
                tsv_tables.extend(tsv::recognize(text, index, block, limits));
                list_tables.extend(list::recognize(text, index, block));
            }
            BlockKind::List { .. } => list_tables.extend(list::recognize(text, index, block)),
            _ => {}
        }
    }
    // The line-stream layouts read across blank lines, outside Markdown tables, code samples
    // and HTML. A code block that names no language is read: a table pasted as text into a
    // fence or indented is one.
    let fenced = RangeCover::new(
        blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::PipeTable { .. } | BlockKind::CodeSample | BlockKind::Html))
            .map(|b| b.range.clone()),
    );
    let lines: Vec<Range<usize>> =
        crate::blocks::lines_in(text, 0..text.len()).into_iter().filter(|l| !fenced.contains(l)).collect();
    // Page numbers and running headers among the lines, which the readers of cells written one
    // per line and of `Name:` blocks skip.
    let furniture = stream::page_furniture(text, &lines, lexicons);
    let pipe_tables = stream::pipe_tables(text, &lines, lexicons, language)
        .into_iter()
        .map(|t| record::as_records(t, lexicons, language));
    let cell_tables = stream::cell_per_line_tables(text, &lines, &furniture, lexicons, language);
    let key_value_tables = keyvalue::recognize(text, &lines, &furniture, lexicons, language);
    let spaced_tables = spaced::recognize(text, &lines, lexicons, language);
    let concatenated_tables = concat::recognize(text, &lines, lexicons);
    let name_line_tables = stream::name_lines(text, &lines);
    let aligned_tables = aligned::recognize(text, &lines, lexicons, language);
    let cell_block_tables = stream::cell_blocks(text, &lines, &furniture, lexicons, language);
    let mut kept = Kept::default();
    // Records of labelled values come before pipe cells: "Name: _ga | Provider: Google" is one
    // record, not a header of four cells with no row under it.
    let ordered =
        markdown_tables.into_iter().chain(key_value_tables).chain(pipe_tables).chain(tsv_tables).chain(aligned_tables);
    let line_layouts = cell_block_tables
        .into_iter()
        .chain(cell_tables)
        .chain(spaced_tables)
        .chain(concatenated_tables)
        .chain(name_line_tables);
    for table in ordered.chain(list_tables).chain(line_layouts) {
        kept.keep_unless_overlapping(table);
    }
    attach_and_cap(kept.tables, blocks, limits)
}

/// Whether a raw table declares cookies: a list of cookies with items, or a header naming the
/// cookie column with rows under it. A header row alone ("Imprint | Privacy | Cookie settings"
/// in a page's footer) declares nothing.
pub fn declares(table: &RawTable, lexicons: &crate::grammar::Lexicons, language: Option<&str>) -> bool {
    table.fields.as_ref().is_some_and(|f| f.contains(&Field::Name) && !table.rows.is_empty())
        || table.rows.len() >= 2
            && table.rows[0].cells.iter().any(|c| lexicons.column_field(&c.text, language) == Some(Field::Name))
}

/// Running text is read for declarations only when no table or list declares cookies: the
/// prose tables that overlap no table found are added, in document order.
pub fn add_prose(
    text: &str,
    blocks: &[Block],
    tables: Vec<RawTable>,
    limits: &Limits,
    lexicons: &crate::grammar::Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    if tables.iter().any(|t| declares(t, lexicons, language)) {
        return tables;
    }
    with_prose(text, blocks, tables, limits, lexicons)
}

/// The prose tables that overlap none of `tables` added to them, in document order; for a
/// caller that already knows no table declares cookies.
pub(crate) fn with_prose(
    text: &str,
    blocks: &[Block],
    tables: Vec<RawTable>,
    limits: &Limits,
    lexicons: &crate::grammar::Lexicons,
) -> Vec<RawTable> {
    let mut kept = Kept::default();
    for table in tables {
        kept.keep_unless_overlapping(table);
    }
    for table in prose::recognize(text, blocks, lexicons) {
        kept.keep_unless_overlapping(table);
    }
    attach_and_cap(kept.tables, blocks, limits)
}

/// Attaches each table to the block it starts in (or the last block before it), puts them in
/// document order and caps the cells of each row.
fn attach_and_cap(mut kept: Vec<RawTable>, blocks: &[Block], limits: &Limits) -> Vec<RawTable> {
    // The block of a table: the last block in document order whose start is not after the
    // table's.
    let last_block_starting_by = LastBlockStartingBy::new(blocks);
    for table in &mut kept {
        table.block = last_block_starting_by.find(table.range.start).unwrap_or(0);
    }
    kept.sort_by_key(|t| (t.block, t.range.start));
    for table in &mut kept {
        let capped: Vec<RawRow> = std::mem::take(&mut table.rows)
            .into_iter()
            .map(|mut row| {
                let (cells, truncated) = cap_cells(std::mem::take(&mut row.cells), limits.max_cells_per_row);
                table.truncated_cells |= truncated;
                RawRow { cells, range: row.range }
            })
            .collect();
        table.rows = capped;
    }
    kept
}

impl RawTable {
    /// Moves every offset by `by` and the block index by `blocks` (a table found in a section,
    /// placed in the document).
    pub fn shift(&mut self, by: usize, blocks: usize) {
        self.range = self.range.start + by..self.range.end + by;
        self.block += blocks;
        for row in &mut self.rows {
            row.range = row.range.start + by..row.range.end + by;
            for cell in &mut row.cells {
                cell.range = cell.range.start + by..cell.range.end + by;
            }
        }
    }
}

/// The tables kept so far, first come first kept: a table that overlaps one already kept is
/// dropped. The kept ranges never overlap one another, so in start order their ends never
/// decrease, and the only one that can overlap a new range is the last one starting before its
/// end: one lookup per table instead of a scan of every kept table.
#[derive(Default)]
struct Kept {
    tables: Vec<RawTable>,
    ranges: std::collections::BTreeSet<(usize, usize)>,
}

impl Kept {
    fn keep_unless_overlapping(&mut self, table: RawTable) {
        let range = &table.range;
        let overlapping = self.ranges.range(..(range.end, 0)).next_back().is_some_and(|&(_, end)| end > range.start);
        if !overlapping {
            self.ranges.insert((range.start, range.end));
            self.tables.push(table);
        }
    }
}

/// For an offset, the index of the last block (in the order blocks were given, which is not
/// always start order: a table inside a list item comes before its list) whose start is at or
/// before it: the largest index among the blocks starting there or earlier.
struct LastBlockStartingBy(RunningMax);

impl LastBlockStartingBy {
    fn new(blocks: &[Block]) -> Self {
        LastBlockStartingBy(RunningMax::new(blocks.iter().enumerate().map(|(index, b)| (b.range.start, index))))
    }

    fn find(&self, offset: usize) -> Option<usize> {
        self.0.max_before(|&start| start <= offset)
    }
}

impl RawRow {
    /// Appends the fragments of a continuation line to this row's cells, column by column.
    pub fn absorb(&mut self, continuation: RawRow) {
        for (column, cell) in continuation.cells.into_iter().enumerate() {
            if cell.text.is_empty() {
                continue;
            }
            match self.cells.get_mut(column) {
                Some(existing) if existing.text.is_empty() => *existing = cell,
                Some(existing) => {
                    join_wrapped(&mut existing.text, &cell.text);
                    existing.range.end = existing.range.end.max(cell.range.end);
                }
                None => {
                    while self.cells.len() < column {
                        let at = self.range.end;
                        self.cells.push(RawCell { text: String::new(), range: at..at });
                    }
                    self.cells.push(cell);
                }
            }
        }
        self.range.end = self.range.end.max(continuation.range.end);
    }
}

/// Appends the next line of a wrapped cell. A word cut by a hyphen at the end of the line
/// ("réser-" / "vation", as PDF text prints a hyphenated cell) is joined again without it; a
/// technical name cut after a dash ("wp-settings-" / "time-1") keeps the dash and gets no space.
/// A compound split at its own hyphen ("third-" / "party") cannot be told from hyphenation
/// without a dictionary and loses the hyphen.
pub fn join_wrapped(existing: &mut String, next: &str) {
    let last_word = existing.rsplit(char::is_whitespace).next().unwrap_or("");
    // An ASCII hyphen-minus, or the U+2010 hyphen that PDF hyphenation prints.
    let stem = last_word.strip_suffix(['-', '\u{2010}']).unwrap_or("");
    let continues_lower = next.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
    if !stem.is_empty() && continues_lower {
        if crate::grammar::names::looks_technical(last_word)
            && (stem.contains(['_', '-']) || stem.contains(|c: char| c.is_ascii_digit()))
        {
            existing.push_str(next);
            return;
        }
        if stem.ends_with(char::is_lowercase) && next.starts_with(char::is_lowercase) {
            existing.truncate(existing.len() - (last_word.len() - stem.len()));
            existing.push_str(next);
            return;
        }
    }
    existing.push(' ');
    existing.push_str(next);
}

/// Enforces `max_cells_per_row`: the extra cells are folded into the last one, so no text is
/// lost, and the caller reports it.
fn cap_cells(mut cells: Vec<RawCell>, limit: usize) -> (Vec<RawCell>, bool) {
    if cells.len() <= limit || limit == 0 {
        return (cells, false);
    }
    let extra = cells.split_off(limit);
    if let Some(last) = cells.last_mut() {
        for cell in extra {
            if !cell.text.is_empty() {
                last.text.push(' ');
                last.text.push_str(&cell.text);
            }
            last.range.end = cell.range.end;
        }
    }
    (cells, true)
}

#[cfg(test)]
mod join_tests {
    use super::join_wrapped;

    fn joined(a: &str, b: &str) -> String {
        let mut s = a.to_string();
        join_wrapped(&mut s, b);
        s
    }

    #[test]
    fn hyphenation_at_line_ends_is_undone() {
        assert_eq!(joined("Garder une réser-", "vation en cours"), "Garder une réservation en cours");
        assert_eq!(joined("Measures how many", "people use it"), "Measures how many people use it");
        assert_eq!(joined("wp-settings-", "time-1"), "wp-settings-time-1");
        assert_eq!(joined("See section 3 -", "below"), "See section 3 - below");
        assert_eq!(joined("Google Tag-", "Manager"), "Google Tag- Manager");
        assert_eq!(joined("consultation du cata\u{2010}", "logue"), "consultation du catalogue");
    }
}

#[cfg(test)]
mod lookup_tests {
    use super::*;

    fn table(range: Range<usize>) -> RawTable {
        RawTable::new(Layout::PipeCells, range, Vec::new(), None)
    }

    /// Every way a range can sit against kept ranges (nested, overlapping, touching, empty, in
    /// any order): kept exactly when no kept range overlaps it, as a scan of all would decide.
    #[test]
    fn kept_tables_agree_with_a_scan() {
        let mut seed = 7u64;
        let mut next = |limit: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % limit
        };
        for _ in 0..300 {
            let mut kept = Kept::default();
            let mut scanned: Vec<Range<usize>> = Vec::new();
            for _ in 0..12 {
                let start = next(40);
                let range = start..start + next(8);
                if !scanned.iter().any(|k| k.start < range.end && range.start < k.end) {
                    scanned.push(range.clone());
                }
                kept.keep_unless_overlapping(table(range));
            }
            let kept: Vec<Range<usize>> = kept.tables.iter().map(|t| t.range.clone()).collect();
            assert_eq!(kept, scanned);
        }
    }

    /// The last block, in the order given, that starts at or before an offset, blocks out of
    /// start order included (a table inside a list item comes before its list).
    #[test]
    fn block_lookup_agrees_with_a_scan() {
        let block = |range: Range<usize>| Block { kind: BlockKind::Paragraph, range, text: String::new() };
        let blocks = vec![block(0..5), block(20..30), block(8..12), block(8..9), block(40..50), block(35..60)];
        let lookup = LastBlockStartingBy::new(&blocks);
        for offset in 0..70 {
            let scanned = blocks.iter().rposition(|b| b.range.start <= offset);
            assert_eq!(lookup.find(offset), scanned, "offset {offset}");
        }
    }
}
