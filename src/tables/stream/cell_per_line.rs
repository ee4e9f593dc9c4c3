//! One cell per line with no separator: a header of N short lines that each name a column,
//! then rows of N lines.
use super::pipe_cells::is_pipe_line;
use crate::grammar::names::looks_like_name_cell;
use crate::grammar::{Field, Lexicons};
use crate::tables::{Layout, RawCell, RawRow, RawTable};
use crate::text::collapse_whitespace;
use std::ops::Range;

/// One cell per line, no separator: N header lines naming columns, then rows of N lines.
pub fn cell_per_line_tables(
    text: &str,
    lines: &[Range<usize>],
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    let content: Vec<Range<usize>> = lines
        .iter()
        .filter(|l| {
            let t = text[(*l).clone()].trim();
            !t.is_empty() && !is_pipe_line(t) && !t.contains('\t')
        })
        .cloned()
        .collect();
    // Each line's label, read once: a run of labels that does not make a header is read again
    // from its next line.
    let labels: Vec<std::cell::OnceCell<Option<Field>>> = vec![std::cell::OnceCell::new(); content.len()];
    let short_field = |at: usize| {
        *labels[at].get_or_init(|| {
            let t = text[content[at].clone()].trim();
            (t.chars().count() <= 40 && t.split_whitespace().count() <= 5)
                .then(|| lexicons.column_field(t, language))
                .flatten()
        })
    };
    let mut tables = Vec::new();
    let mut i = 0;
    while i < content.len() {
        let mut fields = Vec::new();
        let mut k = i;
        while k < content.len() {
            match short_field(k) {
                Some(field) if !fields.contains(&field) => {
                    fields.push(field);
                    k += 1;
                }
                _ => break,
            }
        }
        let Some(name_at) = fields.iter().position(|f| *f == Field::Name) else {
            i += 1;
            continue;
        };
        if fields.len() < 2 {
            i += 1;
            continue;
        }
        let width = fields.len();
        let cell_of = |range: &Range<usize>| {
            let raw = &text[range.clone()];
            let lead = raw.len() - raw.trim_start().len();
            let trimmed = raw.trim();
            RawCell {
                text: collapse_whitespace(trimmed),
                range: range.start + lead..range.start + lead + trimmed.len(),
            }
        };
        let mut rows = vec![RawRow {
            cells: content[i..k].iter().map(cell_of).collect(),
            range: content[i].start..content[k - 1].end,
        }];
        let mut at = k;
        while at + width <= content.len() {
            let group = &content[at..at + width];
            let name = text[group[name_at].clone()].trim();
            if !looks_like_name_cell(name) || (at..at + width).filter(|&l| short_field(l).is_some()).count() == width {
                break;
            }
            rows.push(RawRow {
                cells: group.iter().map(cell_of).collect(),
                range: group[0].start..group[width - 1].end,
            });
            at += width;
        }
        if rows.len() >= 2 {
            tables.push(RawTable::new(
                Layout::CellPerLine,
                rows[0].range.start..rows[rows.len() - 1].range.end,
                rows,
                None,
            ));
            i = at;
        } else {
            i += 1;
        }
    }
    tables
}
