//! Tables flattened into a stream of cells, as text extraction prints HTML tables:
//! - pipe cells: `Name | Domain | Lifetime |` on one line, or one cell per line ending in ` |`
//!   (`Naam |`, `deadline |`, …), or rows broken across lines — read as a stream of cells and
//!   grouped into rows of the header's width; a line that is only `|` is an empty cell;
//! - one cell per line with no separator at all: a header of N short lines that each name a
//!   column, then rows of N lines (blank lines between cells are ignored).
//!
//! Both work on the document's lines across blank lines (HTML cells often come out separated by
//! blank lines), skipping lines inside Markdown tables, code and HTML blocks.
//!
//! One file per reading: `pipe_cells`, `cell_per_line`, `name_lines` (a name alone on its
//! line, its description below) and `cell_blocks` (records of one cell per line); `furniture`
//! finds the page numbers and running headers the readers skip.
mod cell_blocks;
mod cell_per_line;
mod furniture;
mod name_lines;
mod pipe_cells;

pub use cell_blocks::cell_blocks;
pub use cell_per_line::cell_per_line_tables;
pub use furniture::{page_furniture, PageFurniture};
pub use name_lines::name_lines;
pub use pipe_cells::{is_pipe_line, pipe_tables};
use std::ops::Range;

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let raw = &text[range.clone()];
    let start = range.start + (raw.len() - raw.trim_start().len());
    start..start + raw.trim().len()
}
