//! Declarations written as key-value blocks, one cookie per block:
//!
//! ```text
//! wordpress_[hash]                      Name: _ga
//! - Propósito: Utilizada para …         Purpose: Distinguishes users
//! - Caducidad: Final de la sesión.      Duration: 2 years
//! ```
//!
//! A block starts at a line holding only a cookie name, or at a key line whose key names the
//! cookie column; the key lines that follow (a bullet is allowed) are its cells, and lines that
//! are not keys continue the value above them. Consecutive blocks form one table whose columns
//! are the keys met, in order.
use super::{Layout, RawCell, RawRow, RawTable};
use crate::grammar::names::looks_technical;
use crate::grammar::{Field, Lexicons};
use crate::text::collapse_whitespace;
use std::ops::Range;

pub(super) struct Entry {
    pub(super) range: Range<usize>,
    /// Cells by field; `None` for a key no lexicon knows (its value is not kept).
    pub(super) cells: Vec<(Option<Field>, RawCell)>,
}

/// `furniture` (indexes of `lines`: page numbers and running headers) is skipped, so that a
/// record goes on across a page break.
pub fn recognize(
    text: &str,
    lines: &[Range<usize>],
    furniture: &crate::tables::stream::PageFurniture,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Vec<RawTable> {
    // A key line: "Key: value", the key at most four words, or several labelled values on one
    // line. A bulleted key the lexicon does not know still ends the value above it.
    let key_value = |line: &Range<usize>| -> Option<(Option<Field>, RawCell)> {
        let content = &text[line.clone()];
        let body = strip_bullet(content);
        let colon = body.find(':')?;
        let key = body[..colon].trim();
        if key.is_empty() || key.split_whitespace().count() > 4 || key.contains("//") {
            return None;
        }
        let field = lexicons.column_field(key, language);
        if field.is_none() && body.len() == content.trim_start().len() {
            return None;
        }
        let value_start = line.start + (content.len() - body.len()) + colon + 1;
        let value = &text[value_start..line.end];
        let lead = value.len() - value.trim_start().len();
        let trimmed = value.trim();
        Some((
            field,
            RawCell {
                text: collapse_whitespace(trimmed),
                range: value_start + lead..value_start + lead + trimmed.len(),
            },
        ))
    };
    let name_line = |line: &Range<usize>| -> Option<RawCell> {
        let content = &text[line.clone()];
        let trimmed = content.trim();
        let single = !trimmed.contains(char::is_whitespace) && looks_technical(trimmed);
        single.then(|| {
            let start = line.start + (content.len() - content.trim_start().len());
            RawCell { text: trimmed.to_string(), range: start..start + trimmed.len() }
        })
    };
    let key_values = |line: &Range<usize>| -> Vec<(Option<Field>, RawCell)> {
        let inline = inline_pairs(text, line.clone(), lexicons, language);
        if inline.len() >= 2 {
            return inline.into_iter().map(|(field, cell)| (Some(field), cell)).collect();
        }
        key_value(line).into_iter().collect()
    };
    let content_lines: Vec<&Range<usize>> = lines
        .iter()
        .enumerate()
        .filter(|&(index, l)| !text[l.clone()].trim().is_empty() && !furniture.contains(index))
        .map(|(_, l)| l)
        .collect();
    let mut tables = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut i = 0;
    while i < content_lines.len() {
        let line = content_lines[i];
        let mut pairs = key_values(line).into_iter();
        let start = match (name_line(line), pairs.next()) {
            (Some(name), _)
                if content_lines
                    .get(i + 1)
                    .and_then(|l| key_value(l))
                    .is_some_and(|(f, _)| f.is_some() && f != Some(Field::Name)) =>
            {
                Some((name, i + 1))
            }
            (_, Some((Some(Field::Name), name))) => Some((name, i + 1)),
            _ => None,
        };
        let Some((name, mut next)) = start else {
            flush(&mut entries, &mut tables);
            i += 1;
            continue;
        };
        // The values written on the name's line after it.
        let mut entry = Entry { range: line.clone(), cells: vec![(Some(Field::Name), name)] };
        entry.cells.extend(pairs);
        while next < content_lines.len() {
            let line = content_lines[next];
            let pairs = key_values(line);
            match pairs.first() {
                Some((Some(Field::Name), _)) => break,
                Some(_) => entry.cells.extend(pairs),
                None => {
                    // A value wrapped onto the next line ("(", "/wp-admin/", ").").
                    // It follows directly: after a blank line, a lone word is a heading. Page
                    // furniture between the two lines does not part them.
                    let adjacent = {
                        let first = lines.partition_point(|l| l.start < entry.range.end);
                        let last = lines.partition_point(|l| l.end < line.start);
                        (first..last).all(|k| furniture.contains(k))
                    };
                    let continues = adjacent && name_line(line).is_none() && is_continuation(&text[line.clone()]);
                    match entry.cells.last_mut() {
                        Some((field, cell)) if continues && *field != Some(Field::Name) => {
                            cell.text = format!("{} {}", cell.text, text[line.clone()].trim()).trim().to_string();
                            cell.range.end = line.end;
                        }
                        _ => break,
                    }
                }
            }
            entry.range.end = line.end;
            next += 1;
        }
        if entry.cells.iter().filter(|(f, _)| f.is_some()).count() >= 2 {
            entries.push(entry);
        } else {
            flush(&mut entries, &mut tables);
        }
        i = next.max(i + 1);
    }
    flush(&mut entries, &mut tables);
    tables
}

/// Labelled values written one after another on a line ("Name: _ga | Provider: Google | Expiry:
/// 2 years", "**Name:** `_ga` **Provider:** Google **Expiry:** 2 years"): the line opens with a
/// label, and each column label of at most four words before a colon starts a value that runs
/// to the next one; the separators between them belong to neither, and the emphasis marks
/// around a label to the label. Empty unless the line opens with a label and holds two of them,
/// of different fields.
fn inline_pairs(text: &str, line: Range<usize>, lexicons: &Lexicons, language: Option<&str>) -> Vec<(Field, RawCell)> {
    const MAX_LABEL_WORDS: usize = 4;
    const MAX_LABEL_BYTES: usize = 80;
    let content = &text[line.clone()];
    let body = strip_bullet(content);
    let base = line.end - body.len();
    if body.bytes().filter(|&b| b == b':').count() < 2 {
        return Vec::new();
    }
    let is_mark = |c: char| matches!(c, '*' | '_');
    // What parts one value from the next label. A value keeps its own underscores and stars
    // (`_ga`, `wordpress_logged_in_*`): only the bold marks that close its label ("**Name:**")
    // are passed over before it, and the marks that open the next label belong to that label.
    let opens_value = |c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | '*');
    let ends_value = |c: char| c.is_whitespace() || matches!(c, '|' | ';' | ',' | '·' | '•');
    // Each label: where it starts (marks included), where its value starts, its field.
    let mut labels: Vec<(usize, usize, Field)> = Vec::new();
    let mut from = 0;
    for (colon, _) in body.match_indices(':') {
        // The longest run of the last words before the colon that is a label (a label is short:
        // only the last bytes before the colon are looked at).
        let window = crate::text::floor_char_boundary(body, colon.saturating_sub(MAX_LABEL_BYTES).max(from));
        let before = body[window..colon].trim_end_matches(is_mark);
        let words: Vec<usize> = before
            .char_indices()
            .filter(|&(at, c)| {
                let previous = before[..at].chars().next_back().or_else(|| body[..window].chars().next_back());
                !c.is_whitespace() && previous.is_none_or(|p| p.is_whitespace() || p == '|')
            })
            .map(|(at, _)| at)
            .collect();
        let mut found = words.iter().rev().take(MAX_LABEL_WORDS).filter_map(|&at| {
            let label = before[at..].trim_start_matches(|c: char| is_mark(c) || c == '|');
            lexicons.exact_label_field(label, language).map(|field| (at, field))
        });
        let Some((at, field)) = found.next_back() else { continue };
        let start = window + at;
        if labels.is_empty() && !body[..start].chars().all(is_mark) {
            return Vec::new();
        }
        let value = colon + 1 + (body.len() - colon - 1 - body[colon + 1..].trim_start_matches(opens_value).len());
        labels.push((start, value, field));
        from = value;
    }
    let distinct = labels.iter().map(|(_, _, f)| *f).collect::<std::collections::HashSet<_>>().len();
    if labels.len() < 2 || distinct < 2 {
        return Vec::new();
    }
    labels
        .iter()
        .enumerate()
        .map(|(index, &(_, value, field))| {
            let end = labels.get(index + 1).map_or(body.len(), |next| next.0);
            let end = value.max(value + body[value..end].trim_end_matches(ends_value).len());
            let range = base + value..base + end;
            (field, RawCell { text: collapse_whitespace(&text[range.clone()]), range })
        })
        .collect()
}

/// A wrapped value: starts with something other than a capital letter, or is very short.
fn is_continuation(line: &str) -> bool {
    let t = line.trim();
    !t.starts_with(char::is_uppercase) || t.split_whitespace().count() <= 1
}

fn strip_bullet(line: &str) -> &str {
    let t = line.trim_start();
    match t.chars().next() {
        Some(c @ ('-' | '*' | '•' | '·' | '–')) if t[c.len_utf8()..].starts_with(char::is_whitespace) => {
            t[c.len_utf8()..].trim_start()
        }
        _ => t,
    }
}

/// The records so far as one table: a column per field in the order fields first appear, each
/// record's first value of a field in it (an empty cell where it gives none).
pub(super) fn flush(entries: &mut Vec<Entry>, tables: &mut Vec<RawTable>) {
    if entries.is_empty() {
        return;
    }
    let mut fields: Vec<Field> = Vec::new();
    for entry in entries.iter() {
        for field in entry.cells.iter().filter_map(|(f, _)| *f) {
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
    }
    let rows: Vec<RawRow> = entries
        .iter()
        .map(|entry| RawRow {
            cells: fields
                .iter()
                .map(|f| {
                    entry
                        .cells
                        .iter()
                        .find(|(g, _)| *g == Some(*f))
                        .map(|(_, c)| c.clone())
                        .unwrap_or(RawCell { text: String::new(), range: entry.range.end..entry.range.end })
                })
                .collect(),
            range: entry.range.clone(),
        })
        .collect();
    tables.push(RawTable::new(
        Layout::KeyValue,
        rows[0].range.start..rows[rows.len() - 1].range.end,
        rows,
        Some(fields),
    ));
    entries.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::lexicons;

    fn rows(text: &str) -> Vec<Vec<String>> {
        let lines = crate::blocks::lines_in(text, 0..text.len());
        let furniture = crate::tables::stream::page_furniture(text, &lines, lexicons());
        recognize(text, &lines, &furniture, lexicons(), Some("es"))
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn name_lines_and_key_lines() {
        let text = "wordpress_[hash]\n- Propósito: Autenticación.\n- Caducidad: Final de la sesión.\n- Contexto: Sólo en (\n/wp-admin/\n).\nwp-saving-post\n- Propósito: Guardar.\n- Caducidad: 1 año.\n";
        assert_eq!(
            rows(text),
            [["wordpress_[hash]", "Autenticación.", "Final de la sesión."], ["wp-saving-post", "Guardar.", "1 año."]]
        );
        let english = "Name: _ga\nPurpose: Distinguishes users\nDuration: 2 years\n\nName: _gid\nPurpose: Groups a day\nDuration: 24 hours\n";
        assert_eq!(rows(english), [["_ga", "Distinguishes users", "2 years"], ["_gid", "Groups a day", "24 hours"]]);
    }

    /// A value wrapped onto the next page goes on past the page furniture between its lines.
    #[test]
    fn a_value_wrapped_across_a_page_break() {
        let text = "Name: _ga\nPurpose: Distinguishes users\nDuration: 2 years\n\nName: _gid\nPurpose: Groups the visits\nPage 1 of 2\n\u{c}Acme\nof one day\nDuration: 24 hours\nPage 2 of 2\n\u{c}Acme\n";
        assert_eq!(
            rows(text),
            [["_ga", "Distinguishes users", "2 years"], ["_gid", "Groups the visits of one day", "24 hours"]]
        );
    }

    /// A record goes on past the page's number and the next page's running header.
    #[test]
    fn a_record_goes_on_across_a_page_break() {
        for footer in ["Strona 1 z 2", "Page 1 of 2", "- 1 -"] {
            let text = format!(
                "Name: _ga\nPurpose: Distinguishes users\nDuration: 2 years\n\nName: _gid\n{footer}\n\u{c}Acme\nPurpose: Groups a day\nDuration: 24 hours\n{footer}\n\u{c}Acme\n"
            );
            assert_eq!(
                rows(&text),
                [["_ga", "Distinguishes users", "2 years"], ["_gid", "Groups a day", "24 hours"]],
                "{footer:?}"
            );
        }
    }

    #[test]
    fn multibyte_bullets_do_not_panic() {
        assert!(rows("• Optimize the User’s browsing experience.\n•\n• x").is_empty());
    }
}
