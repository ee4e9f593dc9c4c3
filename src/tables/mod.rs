//! Stage 3: blocks → raw tables. One recognizer per layout; each turns the lines of a block into
//! rows of cells with byte ranges, knowing nothing of what the columns mean (that is the
//! interpretation stage's job, with the lexicon).
mod list;
mod pipe;
mod tsv;

use crate::blocks::{Block, BlockKind};
use crate::lexicon::Field;
use crate::Limits;
use serde::Serialize;
use std::ops::Range;

/// The layout a table was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A GFM pipe table found by the Markdown parser.
    PipeTable,
    /// Cells separated by tabs, wrapped cells continued on lines that start with a tab.
    TabSeparated,
    /// A bullet list whose items declare cookies (implicit columns).
    List,
}

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
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// Finds every raw table in the blocks, in document order.
pub fn recognize(text: &str, blocks: &[Block], limits: &Limits) -> Vec<RawTable> {
    let mut tables = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::PipeTable { rows } => tables.extend(pipe::recognize(text, index, block, rows, limits)),
            BlockKind::Paragraph | BlockKind::Code => {
                tables.extend(tsv::recognize(text, index, block, limits));
                tables.extend(list::recognize(text, index, block));
            }
            BlockKind::List { .. } => tables.extend(list::recognize(text, index, block)),
            _ => {}
        }
    }
    // Several recognizers may find tables in one block: keep document order.
    tables.sort_by_key(|t| (t.block, t.range.start));
    tables
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
                    existing.text.push(' ');
                    existing.text.push_str(&cell.text);
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
