//! Blocks of cells: records of one cell per line separated by blank lines, with the page
//! furniture of extracted text left out.
use super::trimmed;
use crate::grammar::duration::{is_exact_lifetime, reads_as_duration, starts_with_duration};
use crate::grammar::names::looks_technical;
use crate::grammar::{Field, Lexicons};
use crate::tables::{Layout, RawCell, RawRow, RawTable};
use crate::text::collapse_whitespace;
use std::ops::Range;

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
/// `furniture` marks the lines that are page furniture ([`super::page_furniture`]).
pub fn cell_blocks(
    text: &str,
    lines: &[Range<usize>],
    furniture: &super::PageFurniture,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    // Blocks of consecutive non-blank lines; page furniture separates blocks and is dropped.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (index, line) in lines.iter().enumerate() {
        if text[line.clone()].trim().is_empty() || furniture.contains(index) {
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
    // Each block's label, read once: a run of labels that does not make a header is read again
    // from its next block.
    let labels: Vec<std::cell::OnceCell<Option<Field>>> = vec![std::cell::OnceCell::new(); blocks.len()];
    let block_label = |at: usize| *labels[at].get_or_init(|| label(&blocks[at]));
    let mut tables = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let first = last_line(&blocks[i]);
        let mut fields = Vec::new();
        let mut k = i;
        while k < blocks.len() {
            let found = if k == i { label(&first) } else { block_label(k) };
            match found {
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
            if let Some(field) = block_label(at) {
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
pub(super) fn columns_of(fields: &[Field]) -> Vec<Field> {
    let mut columns = vec![Field::Name];
    columns.extend(fields.iter().copied().filter(|f| !matches!(f, Field::Name | Field::Duration)));
    columns.push(Field::Duration);
    columns
}

/// The widest line of a cell block, a lifetime printed at the end of a line left out ("Afficher
/// la carte Fin de session" is two cells side by side).
pub(super) fn cell_width(text: &str, block: &Range<usize>) -> usize {
    crate::blocks::lines_in(text, block.clone())
        .into_iter()
        .map(|line| {
            let end = trailing_lifetime(text, &line).unwrap_or(line.end);
            text[line.start..end].trim().chars().count()
        })
        .max()
        .unwrap_or(0)
}

pub(super) fn longest_line(text: &str, block: &Range<usize>) -> usize {
    text[block.clone()].lines().map(|l| l.trim().chars().count()).max().unwrap_or(0)
}

/// A block that is not part of a table printed cell by cell: a bulleted line, or a line much
/// wider than the cells (running text under the table).
pub(super) fn ends_cell_stream(text: &str, block: &Range<usize>, widest: usize) -> bool {
    const MIN_TEXT_WIDTH: usize = 40;
    let bulleted = text[block.clone()].lines().any(|l| l.trim_start().starts_with(['•', '-', '*', '–', '▪']));
    bulleted || longest_line(text, block) > MIN_TEXT_WIDTH.max(2 * widest)
}

/// One record's pieces: text pieces (one per block, lifetimes taken out) and lifetimes.
pub(super) struct RecordPieces {
    name: Range<usize>,
    texts: Vec<Vec<Range<usize>>>,
    lifetimes: Vec<Range<usize>>,
}

pub(super) fn record_pieces(text: &str, record: &[Range<usize>]) -> RecordPieces {
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
        if is_exact_lifetime(&whole)
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
            if is_exact_lifetime(content) {
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

/// Where a lifetime of at most three words ends a line after other words.
pub(super) fn trailing_lifetime(text: &str, line: &Range<usize>) -> Option<usize> {
    let content = text[line.clone()].trim_end();
    let starts: Vec<usize> = content
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || content[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| i)
        .collect();
    (starts.len().saturating_sub(3).max(1)..starts.len())
        .map(|w| starts[w])
        .find(|&at| is_exact_lifetime(&content[at..]))
        .map(|at| line.start + at)
}

/// The rows of a record table, cells in the order of [`columns_of`].
pub(super) fn record_rows(text: &str, records: &[Vec<Range<usize>>], fields: &[Field]) -> Vec<RawRow> {
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
pub(super) fn pieced_cell(text: &str, pieces: &[Range<usize>], empty_at: usize) -> RawCell {
    match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => {
            let mut joined = String::new();
            for line in
                pieces.iter().flat_map(|r| text[r.clone()].lines()).map(collapse_whitespace).filter(|l| !l.is_empty())
            {
                if joined.is_empty() {
                    joined = line;
                } else {
                    crate::tables::join_wrapped(&mut joined, &line);
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
        let furniture = crate::tables::stream::page_furniture(text, &lines, lexicons());
        cell_blocks(text, &lines, &furniture, lexicons(), Some("en"))
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
