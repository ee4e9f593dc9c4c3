//! Pipe cells: `Name | Domain | Lifetime |` on one line, one cell per line ending in ` |`, or
//! rows broken across lines, read as a stream of cells grouped into rows of the header's width.
use crate::grammar::names::looks_technical;
use crate::grammar::{Field, Lexicons};
use crate::tables::{Layout, RawCell, RawRow, RawTable};
use crate::text::collapse_whitespace;
use std::ops::Range;

/// One line with a pipe: its cells, and whether its last cell is still open (no closing `|`).
pub(super) struct PipeLine {
    line: Range<usize>,
    cells: Vec<RawCell>,
    open_end: bool,
}

pub fn is_pipe_line(content: &str) -> bool {
    let t = content.trim();
    t.contains('|') && (t.starts_with('|') || t.ends_with('|') || t.matches('|').count() >= 2)
}

pub(super) fn is_delimiter_row(content: &str) -> bool {
    let t = content.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A rule line of a grid table (reStructuredText, Pandoc): corners and rules only,
/// `+------+-----+` or `+======+=====+`.
fn is_grid_rule(content: &str) -> bool {
    let t = content.trim();
    t.len() >= 3
        && t.starts_with('+')
        && t.ends_with('+')
        && t.contains(['-', '='])
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// The line that opens and closes an AsciiDoc table, `|===`.
fn is_asciidoc_delimiter(content: &str) -> bool {
    content.trim().strip_prefix("|===").is_some_and(|rest| rest.bytes().all(|b| b == b'='))
}

/// In each grid of a region (its lines between blank lines), rules between the body's rows (a
/// header and at least two rows parted by rules, or a header ruled off with `+===+` as
/// reStructuredText and Pandoc write it) make the lines between two rules one row, its cells
/// written over several lines. Rules only around the header and at the end (a database
/// client's output) leave a row per line, as do lines with no rule among them. `rules` holds,
/// in order, the index of the line after each rule and whether the rule is of `=`.
fn grid_rows_joined(region: Vec<PipeLine>, rules: &[(usize, bool)], blanks: &[usize]) -> Vec<PipeLine> {
    if rules.is_empty() {
        return region;
    }
    let count = region.len();
    let mut bounds: Vec<usize> = blanks.iter().copied().filter(|&at| at > 0 && at < count).collect();
    bounds.dedup();
    let starts = std::iter::once(0).chain(bounds.iter().copied());
    let ends = bounds.iter().copied().chain(std::iter::once(count));
    let mut lines = region.into_iter();
    let mut joined = Vec::with_capacity(count);
    // Both lists are in order: one pass over the rules for all the grids.
    let mut rule = 0;
    for (start, end) in starts.zip(ends) {
        while rule < rules.len() && rules[rule].0 <= start {
            rule += 1;
        }
        let mut parts: Vec<usize> = Vec::new();
        let mut ruled_header = false;
        while rule < rules.len() && rules[rule].0 < end {
            let (at, double) = rules[rule];
            if parts.last() != Some(&at) {
                parts.push(at);
            }
            ruled_header |= double && parts.len() == 1;
            rule += 1;
        }
        if parts.len() < 2 && !(ruled_header && parts.len() == 1) {
            joined.extend(lines.by_ref().take(end - start));
            continue;
        }
        let row_starts = std::iter::once(start).chain(parts.iter().copied());
        let row_ends = parts.iter().copied().chain(std::iter::once(end));
        for (from, to) in row_starts.zip(row_ends) {
            joined.extend(joined_row(lines.by_ref().take(to - from)));
        }
    }
    joined
}

/// The lines of one grid row read as one line: each column's fragments joined with a space,
/// in one pass over the cells. A fragment left empty (the cell ended on an earlier line) adds
/// nothing.
fn joined_row(lines: impl Iterator<Item = PipeLine>) -> Option<PipeLine> {
    let mut line: Option<Range<usize>> = None;
    let mut open_end = false;
    let mut cells: Vec<Option<RawCell>> = Vec::new();
    for row_line in lines {
        let range = line.get_or_insert(row_line.line.clone());
        range.end = row_line.line.end;
        open_end = row_line.open_end;
        for (column, cell) in row_line.cells.into_iter().enumerate() {
            if column >= cells.len() {
                cells.resize(column + 1, None);
            }
            match &mut cells[column] {
                slot @ None => *slot = Some(cell),
                Some(_) if cell.text.is_empty() => {}
                Some(joined) if joined.text.is_empty() => *joined = cell,
                Some(joined) => {
                    joined.text.push(' ');
                    joined.text.push_str(&cell.text);
                    joined.range.end = cell.range.end;
                }
            }
        }
    }
    let line = line?;
    let cells = cells
        .into_iter()
        .map(|cell| cell.unwrap_or(RawCell { text: String::new(), range: line.start..line.start }))
        .collect();
    Some(PipeLine { line, cells, open_end })
}

pub(super) fn pipe_line(text: &str, line: Range<usize>) -> PipeLine {
    let content = &text[line.clone()];
    let trimmed_start = content.len() - content.trim_start().len();
    let body = content.trim();
    let base = line.start + trimmed_start;
    if body == "|" {
        return PipeLine {
            line: line.clone(),
            cells: vec![RawCell { text: String::new(), range: base..base }],
            open_end: false,
        };
    }
    let (body, offset) = match body.strip_prefix('|') {
        Some(rest) => (rest, base + 1),
        None => (body, base),
    };
    let open_end = !body.ends_with('|');
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(cell(body, offset, start..i));
            start = i + 1;
        }
    }
    if open_end {
        cells.push(cell(body, offset, start..body.len()));
    }
    PipeLine { line, cells, open_end }
}

pub(super) fn cell(body: &str, offset: usize, range: Range<usize>) -> RawCell {
    let raw = &body[range.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let start = offset + range.start + lead;
    RawCell { text: collapse_whitespace(&trimmed.replace("\\|", "|")), range: start..start + trimmed.len() }
}

/// Pipe tables in `lines` (content ranges, blank lines included).
pub fn pipe_tables(text: &str, lines: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_pipe_line(&text[lines[i].clone()]) {
            i += 1;
            continue;
        }
        // A region: pipe lines, with blank lines allowed between them, and the rule lines of
        // grid tables, which part their rows. `rules` and `blanks` hold the region's lines
        // that come after a rule and after a blank line.
        let mut region = Vec::new();
        let (mut rules, mut blanks) = (Vec::new(), Vec::new());
        // Inside an AsciiDoc table (between `|===` lines) each `|` opens a cell and a line's
        // last cell ends with the line; its closing line ends the region.
        let mut in_asciidoc = false;
        let mut j = i;
        while j < lines.len() {
            let content = &text[lines[j].clone()];
            if content.trim().is_empty() {
                blanks.push(region.len());
                j += 1;
                continue;
            }
            if is_grid_rule(content) {
                rules.push((region.len(), content.contains('=')));
                j += 1;
                continue;
            }
            if is_asciidoc_delimiter(content) {
                j += 1;
                if in_asciidoc {
                    break;
                }
                in_asciidoc = true;
                continue;
            }
            if !is_pipe_line(content) {
                break;
            }
            if !is_delimiter_row(content) {
                let mut line = pipe_line(text, lines[j].clone());
                line.open_end &= !in_asciidoc;
                region.push(line);
            }
            j += 1;
        }
        let region = grid_rows_joined(region, &rules, &blanks);
        tables.extend(region_tables(&region, lexicons, language));
        i = j.max(i + 1);
    }
    tables
}

/// Splits a pipe region into tables: each header (a row whose cells name columns) starts one.
pub(super) fn region_tables(region: &[PipeLine], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    let maps = |cell: &RawCell| lexicons.column_field(&cell.text, language);
    let mut tables = Vec::new();
    let mut index = 0;
    while index < region.len() {
        // The header: the first line's cells when it has several, else consecutive one-cell
        // lines that each name a column.
        let (header_cells, mut next) = if region[index].cells.len() >= 2 {
            (region[index].cells.clone(), index + 1)
        } else {
            // Unknown labels ("Inhoud") may sit between known ones; trailing unknown cells are
            // the first row's, not the header's.
            let mut cells = Vec::new();
            let mut known = 0;
            let mut k = index;
            while k < region.len() && region[k].cells.len() == 1 && !region[k].open_end {
                let cell = &region[k].cells[0];
                if maps(cell).is_some() {
                    cells.push(cell.clone());
                    known = cells.len();
                } else if label_like(&cell.text) {
                    cells.push(cell.clone());
                } else {
                    break;
                }
                k += 1;
            }
            k -= cells.len() - known;
            cells.truncate(known);
            let names_cookie = cells.iter().any(|c| maps(c) == Some(Field::Name));
            if cells.len() >= 2 && names_cookie {
                (cells, k)
            } else {
                (region[index].cells.clone(), index + 1)
            }
        };
        let width = header_cells.len().max(1);
        let header_line = region[index].line.clone();
        let mut rows = vec![RawRow { range: header_line.start..region[next - 1].line.end, cells: header_cells }];
        // Rows: cells accumulated over lines until the row is as wide as the header. A new
        // header (a one-line row that names columns) ends the table.
        let mut current: Option<RawRow> = None;
        while next < region.len() {
            let line = &region[next];
            if current.is_none() && line.cells.len() >= 2 && starts_new_header(line, &maps) && next != index {
                break;
            }
            if current.is_none() && line.cells.len() == 1 && width >= 2 && is_header_run(region, next, width, &maps) {
                break;
            }
            let row = current.get_or_insert_with(|| RawRow { cells: Vec::new(), range: line.line.clone() });
            let mut cells = line.cells.clone();
            // An open cell at the end of the previous line continues on this one.
            let continues = next > 0 && region[next - 1].open_end && !row.cells.is_empty();
            // (A line may have no cell at all: found by fuzzing.)
            if let (Some(last), true, false) = (row.cells.last_mut(), continues, cells.is_empty()) {
                let first = cells.remove(0);
                if !first.text.is_empty() {
                    last.text = format!("{} {}", last.text, first.text).trim().to_string();
                }
                last.range.end = first.range.end;
            }
            row.cells.extend(cells);
            row.range.end = line.line.end;
            next += 1;
            if row.cells.len() >= width && !line.open_end {
                // Padding cells beyond the header's width are dropped when empty.
                while row.cells.len() > width && row.cells.last().is_some_and(|c| c.text.is_empty()) {
                    row.cells.pop();
                }
                rows.push(current.take().expect("row"));
            }
        }
        if let Some(row) = current.take().filter(|r| !r.cells.is_empty()) {
            rows.push(row);
        }
        let range = rows[0].range.start..rows[rows.len() - 1].range.end;
        if rows.len() >= 2 || width >= 3 {
            tables.push(RawTable::new(Layout::PipeCells, range, rows, None));
        }
        index = next.max(index + 1);
    }
    tables
}

/// A short label of a column no lexicon knows: a few words, not a name, not a duration.
pub(super) fn label_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=3).contains(&words)
        && !looks_technical(text)
        && (text.len() < 3 || !text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        && !crate::grammar::duration::reads_as_duration(text)
        && text.chars().next().is_some_and(char::is_alphabetic)
}

pub(super) fn starts_new_header(line: &PipeLine, maps: &impl Fn(&RawCell) -> Option<Field>) -> bool {
    let mapped: Vec<Field> = line.cells.iter().filter_map(maps).collect();
    mapped.contains(&Field::Name) && mapped.len() >= 2 && mapped.len() * 2 >= line.cells.len()
}

pub(super) fn is_header_run(
    region: &[PipeLine],
    at: usize,
    width: usize,
    maps: &impl Fn(&RawCell) -> Option<Field>,
) -> bool {
    let run: Vec<Field> =
        region[at..].iter().take(width).take_while(|l| l.cells.len() == 1).filter_map(|l| maps(&l.cells[0])).collect();
    run.len() == width && run.contains(&Field::Name)
}
