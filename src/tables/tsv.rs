//! Tab-separated rows, as copied from office documents and PDF viewers. A tab always separates
//! two cells (two tabs in a row enclose an empty cell). A line whose first cell is empty
//! continues the wrapped cells of the row above it: PDF text breaks long cells over several
//! lines and starts each following line with a tab.
use super::{cap_cells, Layout, RawCell, RawRow, RawTable};
use crate::blocks::{lines_in, Block};
use crate::text::collapse_whitespace;
use crate::Limits;
use std::ops::Range;

pub fn recognize(text: &str, index: usize, block: &Block, limits: &Limits) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut run: Vec<Range<usize>> = Vec::new();
    for line in lines_in(text, block.range.clone()) {
        if text[line.clone()].trim_end_matches([' ', '\r']).contains('\t') {
            run.push(line);
        } else {
            tables.extend(table_from_run(text, index, &run, limits));
            run.clear();
        }
    }
    tables.extend(table_from_run(text, index, &run, limits));
    tables
}

fn table_from_run(text: &str, index: usize, run: &[Range<usize>], limits: &Limits) -> Option<RawTable> {
    let first = run.first()?;
    let mut rows: Vec<RawRow> = Vec::new();
    let mut starts_with_continuation = false;
    let mut truncated_cells = false;
    for (position, line) in run.iter().enumerate() {
        let (cells, capped) =
            cap_cells(split_cells(text, line.clone(), limits.max_cells_per_row), limits.max_cells_per_row);
        truncated_cells |= capped;
        let row = RawRow { cells, range: line.clone() };
        let continuation = row.cells.first().is_none_or(|c| c.text.is_empty());
        match rows.last_mut() {
            Some(previous) if continuation => previous.absorb(row),
            _ => {
                starts_with_continuation |= position == 0 && continuation;
                rows.push(row);
            }
        }
    }
    // A lone line is a table only when it has several cells: one tab in a sentence is not.
    let cells = rows[0].cells.iter().filter(|c| !c.text.is_empty()).count();
    if rows.len() == 1 && cells < 3 && !starts_with_continuation {
        return None;
    }
    let last = run.last().unwrap_or(first);
    Some(RawTable {
        layout: Layout::TabSeparated,
        rows,
        range: first.start..last.end,
        block: index,
        starts_with_continuation,
        truncated_cells,
        fields: None,
    })
}

/// The cells of a line; past `limit` cells (0: none), the rest of the line stays in one more
/// cell, so that a line of a million tabs does not make a million cells before the cap.
fn split_cells(text: &str, line: Range<usize>, limit: usize) -> Vec<RawCell> {
    let content = &text[line.clone()];
    let content = content.trim_end_matches(['\r', '\n']);
    let mut cells = Vec::new();
    let mut offset = line.start;
    let pieces = if limit == 0 { usize::MAX } else { limit + 1 };
    for piece in content.splitn(pieces, '\t') {
        let leading = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let start = offset + leading;
        cells.push(RawCell { text: collapse_whitespace(trimmed), range: start..start + trimmed.len() });
        offset += piece.len() + 1;
    }
    // Trailing tabs are padding, not empty cells.
    while cells.len() > 1 && cells.last().is_some_and(|c| c.text.is_empty()) {
        cells.pop();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::BlockKind;

    fn block(text: &str) -> Block {
        Block { kind: BlockKind::Paragraph, range: 0..text.len(), text: String::new() }
    }

    #[test]
    fn wrapped_cells_are_joined() {
        let text = "Provider\tFunction\tName\tPurpose\nOds\tAuthentication (front and\tsessionid\tTo remember the user from\n\tback office)\t\tone page to another\n";
        let tables = recognize(text, 0, &block(text), &Limits::default());
        assert_eq!(tables.len(), 1);
        let row = &tables[0].rows[1];
        assert_eq!(row.cells[1].text, "Authentication (front and back office)");
        assert_eq!(row.cells[2].text, "sessionid");
        assert_eq!(row.cells[3].text, "To remember the user from one page to another");
        assert_eq!(&text[row.cells[2].range.clone()], "sessionid");
    }

    #[test]
    fn a_sentence_with_one_tab_is_not_a_table() {
        let text = "Some\ttext here\n";
        assert!(recognize(text, 0, &block(text), &Limits::default()).is_empty());
    }
}
