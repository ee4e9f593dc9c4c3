//! GFM pipe tables, as found by pulldown-cmark: the parser gives each cell's range, we keep the
//! cell's text as written, minus its inline Markdown.
use super::{cap_cells, Layout, RawCell, RawRow, RawTable};
use crate::blocks::Block;
use crate::text::strip_inline_markdown;
use crate::Limits;
use std::ops::Range;

pub fn recognize(
    text: &str,
    index: usize,
    block: &Block,
    rows: &[Vec<Range<usize>>],
    limits: &Limits,
) -> Option<RawTable> {
    let mut truncated_cells = false;
    let raw_rows: Vec<RawRow> = rows
        .iter()
        .filter(|cells| !cells.is_empty())
        .map(|cells| {
            let cells: Vec<RawCell> = cells.iter().map(|range| cell(text, range.clone())).collect();
            let range = cells[0].range.start..cells[cells.len() - 1].range.end;
            let (cells, capped) = cap_cells(cells, limits.max_cells_per_row);
            truncated_cells |= capped;
            RawRow { cells, range }
        })
        .collect();
    (!raw_rows.is_empty()).then(|| RawTable {
        layout: Layout::PipeTable,
        rows: raw_rows,
        range: block.range.clone(),
        block: index,
        starts_with_continuation: false,
        truncated_cells,
        fields: None,
    })
}

/// The cell's trimmed source range and its text without inline Markdown.
fn cell(text: &str, range: Range<usize>) -> RawCell {
    let raw = &text[range.clone()];
    let leading = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let start = range.start + leading;
    RawCell { text: strip_inline_markdown(trimmed), range: start..start + trimmed.len() }
}
