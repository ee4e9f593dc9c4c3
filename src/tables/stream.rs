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
use crate::grammar::duration::{reads_as_duration, starts_with_duration};
use crate::grammar::names::{looks_technical, split_names};
use crate::grammar::{Field, Lexicons};
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
        && !crate::grammar::duration::reads_as_duration(text)
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
        // After the last white space, which may be a multi-byte one (NBSP; found by fuzzing).
        let last_at = token.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        let last = &token[last_at..];
        let trimmed = last.trim_start_matches(['.', ',', '(']);
        let at = start + last_at + (last.len() - trimmed.len());
        if looks_technical(trimmed) && known(trimmed) {
            return NameLine::Names(split_glued(at..at + trimmed.len()));
        }
        let known_suffix = |i: usize| i > 0 && trimmed.len() - i >= 4 && known(&trimmed[i..]);
        if let Some((cut, _)) = trimmed.match_indices('_').find(|(i, _)| known_suffix(*i)) {
            return NameLine::Names(std::iter::once(at + cut..at + trimmed.len()).collect());
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
/// table: a header of one-line or two-line blocks naming columns, then records that each start
/// with a block whose first word is a cookie name.
///
/// The default mode keeps the cells but not always their order: a name and the first line of the
/// next cell share a line ("sg_session Saltmarsh"), a lifetime lands between the lines of the
/// purpose beside it ("Garder votre / Fin de session / session ouverte") or at the end of one of
/// them ("Ne plus afficher 6 mois"), a column label shows up inside the first row ("Provider"),
/// the lifetimes of a page's last rows come after its footer, and the provider cell may come
/// after the purpose. So a record is read by what its pieces are, not where they are: lines that
/// are exactly a lifetime are the duration, a text that repeats across rows is the provider, the
/// rest fills the other columns in header order. Lifetimes left over in a record belong to the
/// rows above it that have none, nearest last. Running headers and page numbers are skipped.
pub fn cell_blocks(text: &str, lines: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    let furniture = page_furniture(text, lines);
    // Blocks of consecutive non-blank lines; page furniture separates blocks and is dropped.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (index, line) in lines.iter().enumerate() {
        if text[line.clone()].trim().is_empty() || furniture.contains(&index) {
            blocks.extend(current.take());
        } else {
            current = Some(current.map_or(line.clone(), |c| c.start..line.end));
        }
    }
    blocks.extend(current);
    let label = |b: &Range<usize>| {
        // Most blocks are paragraphs: their words are counted before any copy is made.
        if crate::text::collapsed_word_count(&text[b.clone()], 4) > 4 {
            return None;
        }
        let t = collapse_whitespace(text[b.clone()].trim());
        (t.split_whitespace().count() <= 4 && t.lines().count() <= 2)
            .then(|| lexicons.column_field(&t, language))
            .flatten()
    };
    let starts_row = |b: &Range<usize>| {
        // A name, not a number ("6 / months" is a wrapped duration cell).
        text[b.clone()]
            .split_whitespace()
            .next()
            .is_some_and(|w| looks_technical(w) && !w.starts_with(|c: char| c.is_ascii_digit()) && !w.contains("://"))
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
        let first = last_line(&blocks[i]);
        let mut fields = Vec::new();
        let mut k = i;
        while k < blocks.len() {
            let block = if k == i { first.clone() } else { blocks[k].clone() };
            match label(&block) {
                Some(field) if !fields.contains(&field) => fields.push(field),
                _ => break,
            }
            k += 1;
        }
        if fields.len() < 2 || fields[0] != Field::Name || k >= blocks.len() || !starts_row(&blocks[k]) {
            i += 1;
            continue;
        }
        let header_start = first.start;
        let mut widest =
            (i + 1..k).map(|b| longest_line(text, &blocks[b])).chain([longest_line(text, &first)]).max().unwrap_or(0);
        // Records: the blocks from one name block to the next.
        let mut records: Vec<Vec<Range<usize>>> = Vec::new();
        let mut at = k;
        while at < blocks.len() {
            let block = blocks[at].clone();
            if let Some(field) = label(&block) {
                // A column label in the rows: a repeated header, or one printed out of order.
                if !fields.contains(&field) {
                    fields.push(field);
                }
                at += 1;
                continue;
            }
            if ends_cell_stream(text, &block, widest) {
                break;
            }
            if starts_row(&block) {
                records.push(vec![block.clone()]);
            } else if let Some(record) = records.last_mut() {
                widest = widest.max(cell_width(text, &block));
                record.push(block.clone());
            } else {
                break;
            }
            at += 1;
        }
        if records.len() < 2 {
            i += 1;
            continue;
        }
        let rows = record_rows(text, &records, &fields);
        let range = header_start..records.last().and_then(|r| r.last()).map_or(header_start, |b| b.end);
        tables.push(RawTable::new(Layout::CellPerLine, range, rows, Some(columns_of(&fields))));
        i = at;
    }
    tables
}

/// The columns a record table fills: the name, the other fields in header order, the lifetime
/// last.
fn columns_of(fields: &[Field]) -> Vec<Field> {
    let mut columns = vec![Field::Name];
    columns.extend(fields.iter().copied().filter(|f| !matches!(f, Field::Name | Field::Duration)));
    columns.push(Field::Duration);
    columns
}

/// The widest line of a cell block, a lifetime printed at the end of a line left out ("Afficher
/// la carte Fin de session" is two cells side by side).
fn cell_width(text: &str, block: &Range<usize>) -> usize {
    crate::blocks::lines_in(text, block.clone())
        .into_iter()
        .map(|line| {
            let end = trailing_lifetime(text, &line).unwrap_or(line.end);
            text[line.start..end].trim().chars().count()
        })
        .max()
        .unwrap_or(0)
}

fn longest_line(text: &str, block: &Range<usize>) -> usize {
    text[block.clone()].lines().map(|l| l.trim().chars().count()).max().unwrap_or(0)
}

/// A block that is not part of a table printed cell by cell: a bulleted line, or a line much
/// wider than the cells (running text under the table).
fn ends_cell_stream(text: &str, block: &Range<usize>, widest: usize) -> bool {
    const MIN_TEXT_WIDTH: usize = 40;
    let bulleted = text[block.clone()].lines().any(|l| l.trim_start().starts_with(['•', '-', '*', '–', '▪']));
    bulleted || longest_line(text, block) > MIN_TEXT_WIDTH.max(2 * widest)
}

/// Indexes of the lines that are page furniture: page numbers, and lines that open a page (after
/// a form feed) with the same text on several pages (running headers).
fn page_furniture(text: &str, lines: &[Range<usize>]) -> std::collections::HashSet<usize> {
    let page_start = |l: &Range<usize>| {
        text[l.clone()].starts_with('\u{0C}') || (l.start > 0 && text.as_bytes()[l.start - 1] == 0x0C)
    };
    let key = |l: &Range<usize>| text[l.clone()].trim_matches(|c: char| c.is_whitespace() || c == '\u{0C}');
    let mut openings: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in lines.iter().filter(|l| page_start(l)) {
        *openings.entry(key(line)).or_default() += 1;
    }
    // A bare number is a page number only at the end of a page ("6" may be half of "6 / months").
    let ends_page =
        |index: usize| lines[index + 1..].iter().find(|l| !key(l).is_empty() || page_start(l)).is_none_or(&page_start);
    lines
        .iter()
        .enumerate()
        .filter(|&(index, l)| {
            let content = key(l);
            let page_number = crate::source::is_page_number_line(content)
                && (content.contains(char::is_alphabetic) || ends_page(index));
            page_number || (!content.is_empty() && openings.get(content).is_some_and(|&n| n >= 2))
        })
        .map(|(index, _)| index)
        .collect()
}

/// A cell that is exactly a lifetime: "1 an", "6 months", "Fin de session", "Session". A cell
/// starts with a capital or a digit, which tells "Fin de session" from the words "session
/// ouverte" of a purpose.
fn exact_lifetime(cell: &str) -> bool {
    use crate::grammar::duration::{find_duration, parse_duration, DurationKind};
    let cell = cell.trim().trim_end_matches(['.', ',', ';']);
    if !cell.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    if let Some((range, _)) = find_duration(cell) {
        return range.start == 0 && cell[range.end..].trim().is_empty();
    }
    let words: Vec<&str> = cell.split_whitespace().collect();
    words.len() <= 3
        && parse_duration(cell).kind == DurationKind::Session
        && words.last().is_some_and(|w| parse_duration(w).kind == DurationKind::Session)
}

/// One record's pieces: text pieces (one per block, lifetimes taken out) and lifetimes.
struct RecordPieces {
    name: Range<usize>,
    texts: Vec<Vec<Range<usize>>>,
    lifetimes: Vec<Range<usize>>,
}

fn record_pieces(text: &str, record: &[Range<usize>]) -> RecordPieces {
    let first = record[0].clone();
    let body = &text[first.clone()];
    let lead = body.len() - body.trim_start().len();
    let name_len = body[lead..].find(char::is_whitespace).unwrap_or(body.len() - lead);
    let name = first.start + lead..first.start + lead + name_len;
    let mut blocks: Vec<Range<usize>> = Vec::new();
    if name.end < first.end && !text[name.end..first.end].trim().is_empty() {
        // "sg_session Saltmarsh / Gallery": the rest of the name block is the next cell.
        blocks.push(name.end..first.end);
    }
    blocks.extend(record[1..].iter().cloned());
    let mut texts = Vec::new();
    let mut lifetimes = Vec::new();
    for block in blocks {
        let whole = collapse_whitespace(text[block.clone()].trim());
        if exact_lifetime(&whole)
            || (whole.split_whitespace().count() <= 4
                && starts_with_duration(&whole)
                && reads_as_duration(&whole)
                && whole.starts_with(|c: char| c.is_ascii_digit()))
        {
            lifetimes.push(trimmed(text, block));
            continue;
        }
        let mut piece = Vec::new();
        for line in crate::blocks::lines_in(text, block.clone()) {
            let content = text[line.clone()].trim();
            if content.is_empty() {
                continue;
            }
            if exact_lifetime(content) {
                lifetimes.push(trimmed(text, line));
                continue;
            }
            // "Ne plus afficher 6 mois": a lifetime at the end of a line of the purpose.
            match trailing_lifetime(text, &line) {
                Some(at) => {
                    piece.push(trimmed(text, line.start..at));
                    lifetimes.push(trimmed(text, at..line.end));
                }
                None => piece.push(trimmed(text, line)),
            }
        }
        if !piece.is_empty() {
            texts.push(piece);
        }
    }
    RecordPieces { name, texts, lifetimes }
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let raw = &text[range.clone()];
    let start = range.start + (raw.len() - raw.trim_start().len());
    start..start + raw.trim().len()
}

/// Where a lifetime of at most three words ends a line after other words.
fn trailing_lifetime(text: &str, line: &Range<usize>) -> Option<usize> {
    let content = text[line.clone()].trim_end();
    let starts: Vec<usize> = content
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || content[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| i)
        .collect();
    (starts.len().saturating_sub(3).max(1)..starts.len())
        .map(|w| starts[w])
        .find(|&at| exact_lifetime(&content[at..]))
        .map(|at| line.start + at)
}

/// The rows of a record table, cells in the order of [`columns_of`].
fn record_rows(text: &str, records: &[Vec<Range<usize>>], fields: &[Field]) -> Vec<RawRow> {
    let columns = columns_of(fields);
    let free: Vec<Field> = columns[1..columns.len() - 1].to_vec();
    let mut pieces: Vec<RecordPieces> = records.iter().map(|r| record_pieces(text, r)).collect();
    // Lifetimes printed after a page's footer: surplus ones go to the nearest rows above that
    // have none, in order. Those rows are kept as we go (a scan per row would be quadratic).
    let mut lacking: Vec<usize> = Vec::new();
    for r in 0..pieces.len() {
        let surplus = pieces[r].lifetimes.len().saturating_sub(1).min(lacking.len());
        let targets = lacking.split_off(lacking.len() - surplus);
        let moved: Vec<Range<usize>> = pieces[r].lifetimes.drain(..surplus).collect();
        for (target, lifetime) in targets.into_iter().zip(moved) {
            pieces[target].lifetimes.push(lifetime);
        }
        if pieces[r].lifetimes.is_empty() {
            lacking.push(r);
        }
    }
    let piece_text = |piece: &[Range<usize>]| -> String {
        collapse_whitespace(&piece.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>().join(" "))
    };
    // Texts that repeat across rows: a provider column's cells.
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in &pieces {
        for piece in &record.texts {
            *counts.entry(piece_text(piece)).or_default() += 1;
        }
    }
    let provider_at = free.iter().position(|f| *f == Field::Provider);
    pieces
        .into_iter()
        .zip(records)
        .map(|(mut record, blocks)| {
            if let Some(provider_at) = provider_at {
                let repeated = record.texts.iter().position(|p| counts.get(&piece_text(p)).is_some_and(|&n| n >= 2));
                if let Some(found) = repeated.filter(|&f| f != provider_at && provider_at < record.texts.len()) {
                    record.texts.swap(found, provider_at);
                }
            }
            let end = blocks.last().map_or(record.name.end, |b| b.end);
            let mut cells = vec![pieced_cell(text, std::slice::from_ref(&record.name), end)];
            for (column, _) in free.iter().enumerate() {
                let last = column + 1 == free.len();
                let taken: Vec<Range<usize>> = if last {
                    record.texts.iter().skip(column).flatten().cloned().collect()
                } else {
                    record.texts.get(column).cloned().unwrap_or_default()
                };
                cells.push(pieced_cell(text, &taken, end));
            }
            cells.push(pieced_cell(text, &record.lifetimes[..record.lifetimes.len().min(1)], end));
            RawRow { cells, range: blocks[0].start..end }
        })
        .collect()
}

/// A cell made of pieces of text (lines of a wrapped cell, not always adjacent).
fn pieced_cell(text: &str, pieces: &[Range<usize>], empty_at: usize) -> RawCell {
    match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => {
            let mut joined = String::new();
            for line in
                pieces.iter().flat_map(|r| text[r.clone()].lines()).map(collapse_whitespace).filter(|l| !l.is_empty())
            {
                if joined.is_empty() {
                    joined = line;
                } else {
                    super::join_wrapped(&mut joined, &line);
                }
            }
            RawCell { text: joined, range: first.start..last.end.max(first.start) }
        }
        _ => RawCell { text: String::new(), range: empty_at..empty_at },
    }
}

#[cfg(test)]
mod cell_block_tests {
    use super::*;
    use crate::grammar::lexicons;

    fn rows(text: &str) -> Vec<Vec<String>> {
        let lines = crate::blocks::lines_in(text, 0..text.len());
        cell_blocks(text, &lines, lexicons(), Some("en"))
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn pdftotext_default_mode_cells() {
        // A label out of order ("Provider" inside the first row), a name glued to the next
        // cell, a lifetime wrapped over two lines, and a bulleted list after the table.
        let text = "Strictly necessary cookies\nCookie\n\nPurpose\n\nExpiry\n\nsg_session Saltmarsh\nGallery\n\nProvider\n\nKeeps your ticket order\nwhile you pay\n\nSession\n\nsg_consent Saltmarsh\nGallery\n\nStores your cookie\nchoices & their date\n\n6\nmonths\n\nStatistics cookies\n• sg_visits — 13 months\n";
        let rows = rows(text);
        assert_eq!(rows.len(), 2, "{rows:?}");
        // Columns in the order their labels came: the late "Provider" after "Purpose".
        assert_eq!(rows[0], ["sg_session", "Keeps your ticket order while you pay", "Saltmarsh Gallery", "Session"]);
        assert_eq!(rows[1], ["sg_consent", "Stores your cookie choices & their date", "Saltmarsh Gallery", "6 months"]);
    }

    #[test]
    fn lifetimes_between_purpose_lines_and_after_a_page_footer() {
        let text = "Name\n\nProvider\n\nPurpose\n\nDuration\n\nab_sid\n\nAcme Shop\n\nKeeps your\nEnd of session\nbasket while\nyou pay\n\nab_fav\n\nAcme Shop\n\nRemembers your\nfavourite items\n\nab_lang\n\nAcme Shop\n\nShows the site in 1 year\nyour language\n\nab_room\n\nKeeps a room\nbooking open\n\nAcme Shop\n\nPage 1 of 2\n\n1 year\n\n2 hours\n\u{c}Acme cookie policy\n\nab_end\n\nAcme Shop\n\nEnds the list\n\n30 days\n\nPage 2 of 2\n\u{c}Acme cookie policy\n";
        assert_eq!(
            rows(text),
            [
                ["ab_sid", "Acme Shop", "Keeps your basket while you pay", "End of session"],
                ["ab_fav", "Acme Shop", "Remembers your favourite items", "1 year"],
                ["ab_lang", "Acme Shop", "Shows the site in your language", "1 year"],
                ["ab_room", "Acme Shop", "Keeps a room booking open", "2 hours"],
                ["ab_end", "Acme Shop", "Ends the list", "30 days"],
            ]
        );
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
