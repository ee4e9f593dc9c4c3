//! One cell per line with no separator: a header of N short lines that each name a column,
//! then rows of N lines.
use super::pipe_cells::is_pipe_line;
use crate::grammar::names::looks_like_name_cell;
use crate::grammar::{Field, Lexicons};
use crate::tables::{Layout, RawCell, RawRow, RawTable};
use crate::text::collapse_whitespace;
use std::ops::Range;

/// One cell per line, no separator: N header lines naming columns, then rows of N lines. Page
/// furniture among them (`furniture`: indexes of `lines`, from [`super::page_furniture`]) is
/// skipped: a table goes on past a page break.
pub fn cell_per_line_tables(
    text: &str,
    lines: &[Range<usize>],
    furniture: &crate::tables::stream::PageFurniture,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    let content: Vec<Range<usize>> = lines
        .iter()
        .enumerate()
        .filter(|&(index, l)| {
            let t = text[l.clone()].trim();
            !t.is_empty() && !furniture.contains(index) && !is_pipe_line(t) && !t.contains('\t')
        })
        .map(|(_, l)| l.clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::lexicons;

    fn rows(text: &str) -> Vec<Vec<String>> {
        let lines = crate::blocks::lines_in(text, 0..text.len());
        let furniture = super::super::page_furniture(text, &lines, lexicons());
        cell_per_line_tables(text, &lines, &furniture, lexicons(), None)
            .into_iter()
            .flat_map(|t| t.rows.into_iter().skip(1))
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    /// A table that goes on over a page break: the page's number (in words of any language, or
    /// bare at the break) and the running header at the top of the next page are not cells.
    #[test]
    fn a_table_goes_on_past_page_furniture() {
        for (footer, header) in [("Strona 1 z 2", ""), ("- 1 -", "Polityka cookie\n"), ("Page 1 of 2", "")] {
            let text = format!(
                "Nazwa\nDostawca\nOkres\n_ga\nGoogle\n2 lata\n_gid\nGoogle\n24 godziny\n{footer}\n\u{c}{header}_gat\nGoogle\n1 minuta\n_fbp\nMeta\n3 miesiące\n\u{c}{header}"
            );
            assert_eq!(
                rows(&text),
                [
                    ["_ga", "Google", "2 lata"],
                    ["_gid", "Google", "24 godziny"],
                    ["_gat", "Google", "1 minuta"],
                    ["_fbp", "Meta", "3 miesiące"]
                ],
                "{footer:?}"
            );
        }
    }

    /// A cell that opens two pages but stands in other rows too is no running header, and a
    /// number at the foot of a page that is not near the page's number is a cell.
    #[test]
    fn cells_at_page_edges_that_are_not_furniture() {
        let text = "Name\nProvider\nDuration (days)\n_ga\nGoogle\n730\n_gid\nGoogle\n30\n\u{c}Google\n_gat\nGoogle\n1\n_gcl_au\nGoogle\n90\n\u{c}Google\n_fbp\nMeta\n90\n";
        let lines = crate::blocks::lines_in(text, 0..text.len());
        let furniture = super::super::page_furniture(text, &lines, lexicons());
        assert!(furniture.is_empty(), "{furniture:?}");
    }

    /// A bare number with no page break after it is a cell, even at the end of the text.
    #[test]
    fn a_last_number_is_a_cell() {
        let text = "Name\nProvider\nDuration (days)\n_ga\nGoogle\n730\n_fbp\nMeta\n90\n";
        assert_eq!(rows(text), [["_ga", "Google", "730"], ["_fbp", "Meta", "90"]]);
    }
}
