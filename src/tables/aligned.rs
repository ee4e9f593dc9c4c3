//! Columns aligned with spaces, as `pdftotext -layout` prints tables: a header of known labels
//! separated by two or more spaces gives each column's start; a row's segments (split at gaps of
//! two or more spaces) go to the column whose start is nearest; a segment that runs into the
//! next column ("sg_session Saltmarsh", the name glued to the provider by one space) is cut at the
//! space nearest that column's start; a line starting in a later column continues the row above
//! (a wrapped cell). Proportional fonts make the alignment approximate, hence nearest starts.
use super::{Layout, RawCell, RawRow, RawTable};
use crate::grammar::{Field, Lexicons};
use std::ops::Range;

/// Segments of a line separated by two or more spaces: (start column in chars, byte range).
fn segments(text: &str, line: &Range<usize>) -> Vec<(usize, Range<usize>)> {
    let content = &text[line.clone()];
    let chars: Vec<(usize, char)> = content.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if chars[k].1 == ' ' {
            k += 1;
            continue;
        }
        let start = k;
        let mut end = k;
        while end < chars.len() {
            if chars[end].1 == ' ' && chars.get(end + 1).is_none_or(|c| c.1 == ' ') {
                break;
            }
            end += 1;
        }
        let byte_start = line.start + chars[start].0;
        let byte_end = line.start + chars.get(end).map_or(content.len(), |c| c.0);
        out.push((start, byte_start..byte_end));
        k = end;
    }
    out
}

pub fn recognize(text: &str, lines: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    let mut tables = recognize_with(text, lines, lexicons, language);
    tables.retain(|t| t.rows.len() >= 2);
    tables
}

fn recognize_with(text: &str, lines: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let content = &text[lines[i].clone()];
        if !content.contains("  ") || content.contains(['\t', '|']) {
            i += 1;
            continue;
        }
        let header = segments(text, &lines[i]);
        let fields: Vec<Option<Field>> =
            header.iter().map(|(_, r)| lexicons.column_field(&text[r.clone()], language)).collect();
        let named = fields.iter().flatten().count();
        if header.len() < 2 || !fields.contains(&Some(Field::Name)) || named * 2 < header.len() + 1 {
            i += 1;
            continue;
        }
        let starts: Vec<usize> = header.iter().map(|(c, _)| *c).collect();
        let mut header_row = RawRow {
            cells: header
                .iter()
                .map(|(_, r)| RawCell { text: text[r.clone()].to_string(), range: r.clone() })
                .collect(),
            range: lines[i].clone(),
        };
        let mut j = i + 1;
        // A wrapped header ("Nom du / cookie", "Durée de / conservation"): the next line
        // completes labels when the joined labels still name the same fields.
        while j < lines.len() && !text[lines[j].clone()].trim().is_empty() {
            let more = place(text, &segments(text, &lines[j]), &starts, &fields, lines[j].end);
            let mut joined = header_row.clone();
            joined.absorb(RawRow { cells: more, range: lines[j].clone() });
            let same = joined.cells.iter().zip(&header_row.cells).zip(&fields).all(|((cell, before), field)| {
                cell.text == before.text || field.is_none() || lexicons.exact_field(&cell.text) == *field
            });
            let exact = joined.cells.iter().zip(&header_row.cells).any(|(a, b)| a.text != b.text);
            if !(same && exact) {
                break;
            }
            header_row = joined;
            j += 1;
        }
        let mut rows: Vec<RawRow> = vec![header_row];
        let mut starts_with_continuation = false;
        while j < lines.len() {
            let line = &lines[j];
            if text[line.clone()].trim().is_empty() || text[line.clone()].contains(['\t', '|']) {
                break;
            }
            let cells = place(text, &segments(text, line), &starts, &fields, line.end);
            let continues = segments(text, line)
                .first()
                .is_some_and(|(c, _)| *c >= starts.get(1).copied().unwrap_or(1).saturating_sub(2));
            let has_body = rows.len() > 1;
            match rows.last_mut() {
                Some(previous) if continues && has_body => previous.absorb(RawRow { cells, range: line.clone() }),
                _ => {
                    // A table that starts with a continuation goes on with a row cut by a page break.
                    starts_with_continuation |= continues && !has_body;
                    rows.push(RawRow { cells, range: line.clone() });
                }
            }
            j += 1;
        }
        if rows.len() >= 2 {
            let range = lines[i].start..lines[j - 1].end;
            let mut table = RawTable::new(Layout::Aligned, range, rows, None);
            // The header row stays first; the interpretation stage reads it.
            table.starts_with_continuation = starts_with_continuation;
            tables.push(table);
        }
        i = j.max(i + 1);
    }
    tables
}

/// The cells of a row line: each segment in the column whose start is nearest, a segment that
/// reaches into the next column cut at the space nearest that column's start.
fn place(
    text: &str,
    segments: &[(usize, Range<usize>)],
    starts: &[usize],
    fields: &[Option<Field>],
    line_end: usize,
) -> Vec<RawCell> {
    let mut cells: Vec<RawCell> =
        starts.iter().map(|_| RawCell { text: String::new(), range: line_end..line_end }).collect();
    let column_of = |at: usize| starts.iter().enumerate().min_by_key(|(_, s)| s.abs_diff(at)).map_or(0, |(i, _)| i);
    let mut put = |column: usize, range: Range<usize>| {
        let piece = text[range.clone()].trim();
        if piece.is_empty() {
            return;
        }
        let cell = &mut cells[column];
        if cell.text.is_empty() {
            *cell = RawCell { text: piece.to_string(), range };
        } else {
            cell.text = format!("{} {piece}", cell.text);
            cell.range.end = range.end;
        }
    };
    // Segments go to successive columns: a row line's cells are in order, and proportional
    // fonts can put a cell's start nearer the column before it.
    let in_order = segments.len() == starts.len();
    let mut last_column: Option<usize> = None;
    for (index, (at, range)) in segments.iter().enumerate() {
        let nearest = if in_order { index } else { column_of(*at) };
        let column = match last_column {
            Some(last) if nearest <= last && last + 1 < starts.len() => last + 1,
            _ => nearest,
        };
        last_column = Some(column);
        let piece = &text[range.clone()];
        let width = piece.chars().count();
        match starts.get(column + 1) {
            // The segment runs past the next column's start: cut at the nearest single space.
            Some(&next) if at + width > next + 1 && piece.contains(' ') => {
                let target = next.saturating_sub(*at);
                // Each space with the characters before it (counted as they go: a line of a
                // megabyte has as many spaces).
                let spaces: Vec<(usize, usize)> = piece
                    .char_indices()
                    .enumerate()
                    .filter(|(_, (_, c))| *c == ' ')
                    .map(|(chars, (b, _))| (b, chars))
                    .collect();
                // Into a duration column: where the rest starts with a lifetime ("Fin de
                // session", "6 mois"), the longest such; else the space nearest the column. A
                // lifetime is read from the first bytes of the rest, not the whole rest.
                const LIFETIME_BYTES: usize = 160;
                let into_duration = fields.get(column + 1) == Some(&Some(Field::Duration));
                let by_content = spaces
                    .iter()
                    .find(|(b, _)| {
                        let rest = &piece[b + 1..];
                        let head = &rest[..crate::text::floor_char_boundary(rest, LIFETIME_BYTES)];
                        into_duration && crate::grammar::duration::starts_with_duration(head)
                    })
                    .map(|(b, _)| *b);
                let cut = by_content
                    .or_else(|| spaces.iter().min_by_key(|(_, chars)| chars.abs_diff(target)).map(|(b, _)| *b));
                match cut {
                    Some(b) => {
                        put(column, range.start..range.start + b);
                        put(column + 1, range.start + b + 1..range.end);
                    }
                    None => put(column, range.clone()),
                }
            }
            _ => put(column, range.clone()),
        }
    }
    cells
}
