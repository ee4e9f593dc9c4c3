//! Tables flattened into a stream of cells, as text extraction prints HTML tables:
//! - pipe cells: `Name | Domain | Lifetime |` on one line, or one cell per line ending in ` |`
//!   (`Naam |`, `deadline |`, …), or rows broken across lines — read as a stream of cells and
//!   grouped into rows of the header's width; a line that is only `|` is an empty cell;
//! - one cell per line with no separator at all: a header of N short lines that each name a
//!   column, then rows of N lines (blank lines between cells are ignored).
//!
//! Both work on the document's lines across blank lines (HTML cells often come out separated by
//! blank lines), skipping lines inside Markdown tables, code and HTML blocks.
use super::{Layout, RawCell, RawRow, RawTable};
use crate::lexicon::{Field, Lexicons};
use crate::normalize::names::{looks_technical, split_names};
use crate::text::collapse_whitespace;
use std::ops::Range;

/// One line with a pipe: its cells, and whether its last cell is still open (no closing `|`).
struct PipeLine {
    line: Range<usize>,
    cells: Vec<RawCell>,
    open_end: bool,
}

pub fn is_pipe_line(content: &str) -> bool {
    let t = content.trim();
    t.contains('|') && (t.starts_with('|') || t.ends_with('|') || t.matches('|').count() >= 2)
}

fn is_delimiter_row(content: &str) -> bool {
    let t = content.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn pipe_line(text: &str, line: Range<usize>) -> PipeLine {
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

fn cell(body: &str, offset: usize, range: Range<usize>) -> RawCell {
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
        // A region: pipe lines, with blank lines allowed between them.
        let mut region = Vec::new();
        let mut j = i;
        while j < lines.len() {
            let content = &text[lines[j].clone()];
            if content.trim().is_empty() {
                j += 1;
                continue;
            }
            if !is_pipe_line(content) {
                break;
            }
            if !is_delimiter_row(content) {
                region.push(pipe_line(text, lines[j].clone()));
            }
            j += 1;
        }
        tables.extend(region_tables(&region, lexicons, language));
        i = j.max(i + 1);
    }
    tables
}

/// Splits a pipe region into tables: each header (a row whose cells name columns) starts one.
fn region_tables(region: &[PipeLine], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
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
fn label_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=3).contains(&words)
        && !looks_technical(text)
        && (text.len() < 3 || !text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        && !crate::normalize::duration::reads_as_duration(text)
        && text.chars().next().is_some_and(char::is_alphabetic)
}

fn starts_new_header(line: &PipeLine, maps: &impl Fn(&RawCell) -> Option<Field>) -> bool {
    let mapped: Vec<Field> = line.cells.iter().filter_map(maps).collect();
    mapped.contains(&Field::Name) && mapped.len() >= 2 && mapped.len() * 2 >= line.cells.len()
}

fn is_header_run(region: &[PipeLine], at: usize, width: usize, maps: &impl Fn(&RawCell) -> Option<Field>) -> bool {
    let run: Vec<Field> =
        region[at..].iter().take(width).take_while(|l| l.cells.len() == 1).filter_map(|l| maps(&l.cells[0])).collect();
    run.len() == width && run.contains(&Field::Name)
}

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
    let short_field = |range: &Range<usize>| {
        let t = text[range.clone()].trim();
        (t.chars().count() <= 40 && t.split_whitespace().count() <= 5)
            .then(|| lexicons.column_field(t, language))
            .flatten()
    };
    let mut tables = Vec::new();
    let mut i = 0;
    while i < content.len() {
        let mut fields = Vec::new();
        let mut k = i;
        while k < content.len() {
            match short_field(&content[k]) {
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
            if !looks_like_name_cell(name) || group.iter().filter(|l| short_field(l).is_some()).count() == width {
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

/// A cell that can hold cookie names: a few tokens, the first of which reads as a name.
pub fn looks_like_name_cell(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && !split_names(text).is_empty()
        && (looks_technical(words[0]) || words.len() == 1)
}

/// What one line gives a list of bare names.
enum NameLine {
    Names(Vec<Range<usize>>),
    /// A clause of the list without a name of its own: the list goes on.
    Continue,
    End,
}

/// Bare names, one per line, at least three in a row ("_pk_ref", "_pk_cvar", ", mtm_consent"):
/// a list of cookies with no other column. A leading comma or conjunction is list punctuation.
pub fn name_lines(text: &str, lines: &[Range<usize>]) -> Vec<RawTable> {
    let base = crate::knowledge::base();
    let known = |name: &str| !base.lookup(name).is_empty();
    // Names run together by a text extraction of inline code ("mtm_cookie_consentmatomo_ignore"):
    // split where a name the knowledge base lists exactly is followed by another it knows.
    let split_glued = |range: Range<usize>| -> Vec<Range<usize>> {
        let token = &text[range.clone()];
        if !known(token) {
            for (at, _) in token.char_indices().skip(3) {
                if base.has_exact(&token[..at]) && token.len() - at >= 3 && known(&token[at..]) {
                    return vec![range.start..range.start + at, range.start + at..range.end];
                }
            }
        }
        vec![range]
    };
    let name_of = |line: &Range<usize>, in_run: bool| -> NameLine {
        let content = &text[line.clone()];
        let body = content.trim_start().trim_start_matches([',', ';']).trim_start();
        let connector = body.len() < content.trim_start().len();
        let body = ["et ", "and ", "und ", "y ", "e ", "en ", "or ", "ou ", "oder "]
            .iter()
            .find_map(|c| body.strip_prefix(c))
            .unwrap_or(body);
        let token = body.trim_end().trim_end_matches([',', ';', '.']);
        let single = !token.is_empty()
            && !token.contains(char::is_whitespace)
            && looks_technical(token)
            && !token.contains("://");
        let start = line.start + (content.len() - body.len());
        if single {
            return NameLine::Names(split_glued(start..start + token.len()));
        }
        if !(in_run && connector) {
            return NameLine::End;
        }
        // Inside a list of names, a clause ", when you opt out … .matomo_sessid" ends with the
        // next name, sometimes glued to the last word ("session_pk_uid"): taken only when the
        // knowledge base knows it, and the clause alone does not end the list.
        let last_at = token.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let last = &token[last_at..];
        let trimmed = last.trim_start_matches(['.', ',', '(']);
        let at = start + last_at + (last.len() - trimmed.len());
        if looks_technical(trimmed) && known(trimmed) {
            return NameLine::Names(split_glued(at..at + trimmed.len()));
        }
        let known_suffix = |i: usize| i > 0 && trimmed.len() - i >= 4 && known(&trimmed[i..]);
        if let Some((cut, _)) = trimmed.match_indices('_').find(|(i, _)| known_suffix(*i)) {
            return NameLine::Names(vec![at + cut..at + trimmed.len()]);
        }
        NameLine::Continue
    };
    let mut tables = Vec::new();
    let mut run: Vec<Range<usize>> = Vec::new();
    let flush = |run: &mut Vec<Range<usize>>, tables: &mut Vec<RawTable>| {
        if run.len() >= 3 {
            let rows: Vec<RawRow> = run
                .iter()
                .map(|r| RawRow {
                    cells: vec![RawCell { text: text[r.clone()].to_string(), range: r.clone() }],
                    range: r.clone(),
                })
                .collect();
            tables.push(RawTable::new(
                Layout::NameLines,
                run[0].start..run[run.len() - 1].end,
                rows,
                Some(vec![Field::Name]),
            ));
        }
        run.clear();
    };
    for line in lines {
        if text[line.clone()].trim().is_empty() {
            continue;
        }
        match name_of(line, !run.is_empty()) {
            NameLine::Names(names) => run.extend(names),
            NameLine::Continue => {}
            NameLine::End => flush(&mut run, &mut tables),
        }
    }
    flush(&mut run, &mut tables);
    tables
}

/// Cells as blocks of lines separated by blank lines, as `pdftotext` (default mode) prints a
/// table: a header of N one-line blocks naming columns, then rows that each start with a block
/// whose first word is a cookie name. A wrapped cell is one block of several lines; a row one
/// block short had its name and next cell on one line ("sg_session Saltmarsh"), split after
/// the name.
pub fn cell_blocks(text: &str, lines: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    // Blocks of consecutive non-blank lines.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        if text[line.clone()].trim().is_empty() {
            blocks.extend(current.take());
        } else {
            current = Some(current.map_or(line.clone(), |c| c.start..line.end));
        }
    }
    blocks.extend(current);
    let label = |b: &Range<usize>| {
        let t = text[b.clone()].trim();
        (!t.contains('\n') && t.split_whitespace().count() <= 4).then(|| lexicons.column_field(t, language)).flatten()
    };
    let starts_row = |b: &Range<usize>| {
        let block = &text[b.clone()];
        // A name, not a number ("6 / months" is a wrapped duration cell).
        block
            .split_whitespace()
            .next()
            .is_some_and(|w| looks_technical(w) && !w.starts_with(|c: char| c.is_ascii_digit()) && !w.contains("://"))
    };
    let cell_of = |range: Range<usize>| {
        let raw = &text[range.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        RawCell { text: collapse_whitespace(trimmed), range: range.start + lead..range.start + lead + trimmed.len() }
    };
    // A header may start on the last line of a block (a heading line right above it).
    let last_line = |b: &Range<usize>| {
        let t = &text[b.clone()];
        let trimmed = t.trim_end();
        let start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        b.start + start..b.start + trimmed.len()
    };
    let mut tables = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        // The header candidate starts at the last line of block i; restored below when no table
        // starts here (cloning the whole list per block would be quadratic).
        let first = last_line(&blocks[i]);
        let whole = std::mem::replace(&mut blocks[i], first);
        let mut fields = Vec::new();
        let mut k = i;
        while k < blocks.len() {
            match label(&blocks[k]) {
                Some(field) if !fields.contains(&field) => fields.push(field),
                _ => break,
            }
            k += 1;
        }
        if fields.len() < 2 || fields[0] != Field::Name {
            blocks[i] = whole;
            i += 1;
            continue;
        }
        let width = fields.len();
        let mut rows = vec![RawRow {
            cells: blocks[i..k].iter().map(|b| cell_of(b.clone())).collect(),
            range: blocks[i].start..blocks[k - 1].end,
        }];
        let mut at = k;
        while at < blocks.len() && starts_row(&blocks[at]) {
            // A name cell is one word: more on the row's first line means the next cell is glued.
            let first_line = text[blocks[at].clone()].lines().next().unwrap_or_default();
            let glued = first_line.split_whitespace().count() >= 2;
            let take = if glued { width - 1 } else { width };
            let limit = blocks.len().min(at + take);
            let end = (at + 1..limit).find(|&b| starts_row(&blocks[b])).unwrap_or(limit);
            let mut cells: Vec<RawCell> = blocks[at..end].iter().map(|b| cell_of(b.clone())).collect();
            if cells.len() + 1 == width {
                // "sg_session Saltmarsh / Gallery": the name, then the next cell.
                let first = blocks[at].clone();
                let body = &text[first.clone()];
                let name_len = body.trim_start().find(char::is_whitespace).unwrap_or(body.trim_start().len());
                let lead = body.len() - body.trim_start().len();
                let split = first.start + lead + name_len;
                cells.splice(0..1, [cell_of(first.start..split), cell_of(split..first.end)]);
            }
            if cells.len() != width {
                break;
            }
            rows.push(RawRow { cells, range: blocks[at].start..blocks[end - 1].end });
            at = end;
        }
        if rows.len() >= 2 {
            let range = rows[0].range.start..rows[rows.len() - 1].range.end;
            tables.push(RawTable::new(Layout::CellPerLine, range, rows, None));
            i = at;
        } else {
            blocks[i] = whole;
            i += 1;
        }
    }
    tables
}

#[cfg(test)]
mod cell_block_tests {
    use super::*;
    use crate::lexicon::lexicons;

    #[test]
    fn pdftotext_default_mode_cells() {
        let text = "Strictly necessary cookies\nCookie\n\nProvider\n\nPurpose\n\nExpiry\n\nsg_session Saltmarsh\nGallery\n\nKeeps your ticket order\nwhile you pay\n\nSession\n\nsg_consent Saltmarsh\nGallery\n\nStores your cookie\nchoices & their date\n\n6\nmonths\n\nStatistics cookies\n• sg_visits — 13 months\n";
        let lines = crate::blocks::lines_in(text, 0..text.len());
        let rows: Vec<Vec<String>> = cell_blocks(text, &lines, lexicons(), Some("en"))
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect();
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[2], ["sg_consent", "Saltmarsh Gallery", "Stores your cookie choices & their date", "6 months"]);
    }
}

#[cfg(test)]
mod name_line_tests {
    use super::*;

    fn names(text: &str) -> Vec<Vec<String>> {
        let lines = crate::blocks::lines_in(text, 0..text.len());
        name_lines(text, &lines)
            .into_iter()
            .map(|t| t.rows.into_iter().map(|r| r.cells[0].text.clone()).collect())
            .collect()
    }

    #[test]
    fn glued_known_names_are_split() {
        let text = "_pk_ref\n_pk_cvar\n, mtm_consentmatomo_ignore\n";
        assert_eq!(names(text), [["_pk_ref", "_pk_cvar", "mtm_consent", "matomo_ignore"]]);
    }

    #[test]
    fn a_clause_inside_the_list_gives_its_trailing_known_name_and_goes_on() {
        let text =
            "_pk_ref\n_pk_cvar\n, which are only set when you opt out.\n_pk_ses\n, and while a visit lasts_pk_id\n";
        assert_eq!(names(text), [["_pk_ref", "_pk_cvar", "_pk_ses", "_pk_id"]]);
        // The same clause outside a list is prose, not a name.
        assert!(names(", which are only set when you opt out.\n_pk_ses\n").is_empty());
    }
}
