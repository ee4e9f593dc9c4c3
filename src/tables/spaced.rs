//! Tables whose cells are separated by single spaces, as text extraction prints HTML tables
//! with no separator: a header line made of known column labels ("Cookie name Type Function
//! Lifetime", "Nom du cookie Délai d'expiration par défaut Description"), then one row per line.
//! Cell boundaries in a row are found from what each column holds: a cookie name, a duration
//! (with the words that qualify it, "ab dem letzten Besuch"), a one-word type or category, a
//! leading provider word; free-text columns take the words between those anchors.
use super::{Layout, RawCell, RawRow, RawTable};
use crate::grammar::duration::find_duration;
use crate::grammar::names::looks_technical;
use crate::grammar::{Field, Lexicons};
use crate::text::fold;
use std::ops::Range;

/// Most words a header line holds (a dozen labels of a few words each); a longer line is no
/// header, and is not cut into words at all (a 50 MB line would make a vector three times its
/// size).
const MAX_HEADER_WORDS: usize = 64;
/// Most words a row holds: long descriptions run to a few hundred.
const MAX_ROW_WORDS: usize = 4_096;

/// Words of a line with their byte ranges; `None` past `limit` words.
fn words(text: &str, line: &Range<usize>, limit: usize) -> Option<Vec<Range<usize>>> {
    let content = &text[line.clone()];
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in content.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                if out.len() == limit {
                    return None;
                }
                out.push(line.start + s..line.start + at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        if out.len() == limit {
            return None;
        }
        out.push(line.start + s..line.end);
    }
    Some(out)
}

/// Splits a header line into column labels: at each word, the longest known label; unknown
/// words extend the label before them. None unless it names the cookie column and another.
fn header_fields(text: &str, line: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Option<Vec<Field>> {
    if line.len() < 2 || line.len() > 14 {
        return None;
    }
    // Most lines start with no label: their first word folded tells, and the others are not
    // folded.
    let first = fold(&text[line[0].clone()]);
    if !lexicons.may_start_folded_label(&first) {
        return None;
    }
    // Each word folded once: a phrase's folded text is built from its words' (see `phrase_key`).
    let folded: Vec<String> = std::iter::once(first).chain(line[1..].iter().map(|w| fold(&text[w.clone()]))).collect();
    let mut key = String::new();
    let mut fields = Vec::new();
    let mut known = 0;
    let mut i = 0;
    while i < line.len() {
        let mut best: Option<(usize, Field)> = None;
        // Most words start no label: one folded word tells, instead of five folded phrases.
        let longest = if lexicons.may_start_folded_label(&folded[i]) { 5.min(line.len() - i) } else { 0 };
        for len in (1..=longest).rev() {
            phrase_key(&folded[i..i + len], &mut key);
            if let Some(field) = lexicons.exact_folded_label_field(&key, language) {
                best = Some((len, field));
                break;
            }
        }
        match best {
            Some((len, field)) => {
                fields.push(field);
                known += len;
                i += len;
            }
            None if fields.is_empty() => return None,
            None => i += 1,
        }
    }
    let distinct = {
        let mut f = fields.clone();
        f.sort();
        f.dedup();
        f.len()
    };
    (fields.contains(&Field::Name) && distinct >= 2 && fields.len() >= 2 && known * 2 >= line.len()).then_some(fields)
}

/// The folded text of a phrase from its words folded one by one (as [`words`] cuts them, at
/// white space): their non-empty folds joined by single spaces. Folding the phrase gives the
/// same, since folding collapses the white space between words to one space and nothing inside
/// a word folds to white space (a word of invisible characters folds to nothing).
fn phrase_key(folded_words: &[String], key: &mut String) {
    key.clear();
    for word in folded_words.iter().filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
}

pub fn recognize(text: &str, lines: &[Range<usize>], lexicons: &Lexicons, language: Option<&str>) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let content = &text[lines[i].clone()];
        if content.contains(['\t', '|']) || content.trim().is_empty() {
            i += 1;
            continue;
        }
        let Some(header_words) = words(text, &lines[i], MAX_HEADER_WORDS) else {
            i += 1;
            continue;
        };
        let Some(fields) = header_fields(text, &header_words, lexicons, language) else {
            i += 1;
            continue;
        };
        let header_cells: Vec<RawCell> =
            header_words.iter().map(|w| RawCell { text: text[w.clone()].to_string(), range: w.clone() }).collect();
        let mut rows = vec![RawRow { cells: header_cells, range: lines[i].clone() }];
        let mut j = i + 1;
        // Rows, also across blank lines (HTML rows often come out separated by them), until a
        // line that is not a row.
        let mut last_row = i;
        let mut row_words: Vec<Range<usize>> = Vec::new();
        while j < lines.len() {
            let row_text = &text[lines[j].clone()];
            if row_text.trim().is_empty() {
                j += 1;
                continue;
            }
            if row_text.contains(['\t', '|']) {
                break;
            }
            let Some(line_words) = words(text, &lines[j], MAX_ROW_WORDS) else { break };
            let Some(cells) = split_row(text, &line_words, &fields, lexicons) else {
                // A row written over several lines ("_ga   Ihre Domain", "(1st Party)", then the
                // purpose and the lifetime): a line right below a row that does not start with
                // a name continues it when the row's words and its own still split into columns.
                let continues = last_row + 1 == j
                    && rows.len() > 1
                    && !line_words.first().is_some_and(|w| name_token(&text[w.clone()]));
                if continues {
                    let mut joined = row_words.clone();
                    joined.extend(line_words.iter().cloned());
                    if let Some(cells) = split_row(text, &joined, &fields, lexicons) {
                        let row = rows.last_mut().expect("a row above");
                        *row = RawRow { cells, range: row.range.start..lines[j].end };
                        row_words = joined;
                        last_row = j;
                        j += 1;
                        continue;
                    }
                }
                // A row that lost its name cell (an HTML table whose first cell spans rows comes
                // out as a bare "Remember which pages you visit" and "Always Session") does not
                // end the table when a row with a technical name follows within a few short lines.
                match resume_after_orphans(text, lines, j, &fields, lexicons) {
                    Some(next) => {
                        j = next;
                        continue;
                    }
                    None => break,
                }
            };
            rows.push(RawRow { cells, range: lines[j].clone() });
            row_words = line_words;
            last_row = j;
            j += 1;
        }
        let j = last_row + 1;
        if rows.len() >= 2 {
            tables.push(RawTable::new(Layout::SpaceSeparated, lines[i].start..lines[j - 1].end, rows, Some(fields)));
        }
        i = j.max(i + 1);
    }
    // The header row is implied by `fields`; drop it from the rows.
    for table in &mut tables {
        table.rows.remove(0);
    }
    tables.retain(|t| !t.rows.is_empty());
    tables
}

/// The line where the table goes on after orphan lines starting at `from`: at most three short
/// non-blank lines that are not a header, then a row whose name is technical (`_gat`), or None.
fn resume_after_orphans(
    text: &str,
    lines: &[Range<usize>],
    from: usize,
    fields: &[Field],
    lexicons: &Lexicons,
) -> Option<usize> {
    const MAX_ORPHAN_LINES: usize = 3;
    const MAX_ORPHAN_WORDS: usize = 10;
    let mut orphans = 0;
    for (k, line) in lines.iter().enumerate().skip(from) {
        let content = &text[line.clone()];
        if content.trim().is_empty() {
            continue;
        }
        if content.contains(['\t', '|']) {
            return None;
        }
        let line_words = words(text, line, MAX_ROW_WORDS)?;
        if orphans > 0 {
            let technical = line_words.first().is_some_and(|w| looks_technical(text[w.clone()].trim_end_matches(',')));
            if technical && split_row(text, &line_words, fields, lexicons).is_some() {
                return Some(k);
            }
        }
        // A heading ("Analytics cookies:") starts another section: the table ends there.
        let heading_like = content.trim_end().ends_with(':')
            || lexicons.category_in(content).is_some()
            || header_fields(text, &line_words, lexicons, None).is_some();
        if orphans == MAX_ORPHAN_LINES || line_words.len() > MAX_ORPHAN_WORDS || heading_like {
            return None;
        }
        orphans += 1;
    }
    None
}

fn is_anchor(field: Field) -> bool {
    matches!(field, Field::Name | Field::Duration | Field::Type | Field::Category | Field::Party)
}

/// Where each column's cell lies in a row's words, or None when a column cannot be found.
fn split_row(text: &str, words: &[Range<usize>], fields: &[Field], lexicons: &Lexicons) -> Option<Vec<RawCell>> {
    let word = |i: usize| &text[words[i].clone()];
    let mut spans: Vec<Option<Range<usize>>> = vec![None; fields.len()];
    let mut cursor = 0;
    let mut pending_free: Option<usize> = None;
    for (column, field) in fields.iter().enumerate() {
        let last = column == fields.len() - 1;
        let found: Option<Range<usize>> = match field {
            Field::Name => {
                let start = if column == 0 {
                    (cursor < words.len() && name_token(word(cursor))).then_some(cursor)
                } else {
                    (cursor..words.len()).find(|&k| name_score(word(k), words.get(k + 1).map(|w| &text[w.clone()])) > 0)
                }?;
                // A list of names: "_pk_ref, _pk_cvar, _pk_id".
                let mut end = start + 1;
                while end < words.len() && word(end - 1).ends_with(',') && name_token(word(end).trim_end_matches(',')) {
                    end += 1;
                }
                Some(start..end)
            }
            // A row may give no lifetime: the cell stays empty rather than losing the row.
            Field::Duration => match duration_words(text, words, cursor, last) {
                Some(found) => Some(found),
                None => {
                    spans[column] = Some(cursor..cursor);
                    continue;
                }
            },
            Field::Type | Field::Category | Field::Party if cursor < words.len() => {
                let w = word(cursor);
                (lexicons.category_in(w).is_some() || lexicons.party_in(w).is_some() || !last)
                    .then_some(cursor..cursor + 1)
            }
            Field::Provider if column == 0 && fields.get(1).is_some_and(|f| !is_anchor(*f)) => {
                (cursor < words.len()).then_some(cursor..cursor + 1)
            }
            _ => {
                if let Some(free) = pending_free {
                    // Two free columns in a row: the first gets nothing it can be told apart by.
                    spans[free] = Some(cursor..cursor);
                }
                pending_free = Some(column);
                continue;
            }
        };
        let found = found?;
        if let Some(free) = pending_free.take() {
            spans[free] = Some(cursor..found.start);
        } else if found.start > cursor && column > 0 {
            // Words before an anchor belong to the column before it.
            if let Some(previous) = spans[column - 1].as_mut() {
                previous.end = found.start;
            }
        }
        cursor = found.end;
        spans[column] = Some(found);
    }
    if let Some(free) = pending_free {
        spans[free] = Some(cursor..words.len());
    } else if cursor < words.len() {
        if let Some(last) = spans.iter_mut().rev().flatten().next() {
            last.end = words.len();
        }
    }
    Some(
        spans
            .into_iter()
            .map(|span| {
                let span = span.unwrap_or(0..0);
                if span.start >= span.end || span.end > words.len() {
                    let at = words.get(span.start.min(words.len().saturating_sub(1))).map_or(0, |w| w.start);
                    RawCell { text: String::new(), range: at..at }
                } else {
                    let range = words[span.start].start..words[span.end - 1].end;
                    RawCell { text: crate::text::collapse_whitespace(&text[range.clone()]), range }
                }
            })
            .collect(),
    )
}

fn name_token(word: &str) -> bool {
    let w = word.trim_end_matches(',');
    // "Third" or "Google" (a capital and then lower case) is a word of the text, not a name.
    // A bare number ("2 - Cookies related to …", a numbered heading) is no name either: the name
    // grammar behind `looks_like_name_cell` wants a letter.
    // "(1st Party)" wrapped from the cell above.
    let parenthesized = w.starts_with('(');
    !w.is_empty()
        && !crate::text::is_capitalized_word(w)
        && !parenthesized
        && crate::grammar::names::looks_like_name_cell(w)
        && !w.ends_with([':', '.'])
}

/// How surely a word inside a row is the cookie name: technical names surely; a long
/// lower-case word only when a capitalized word (the next cell) follows it.
fn name_score(word: &str, next: Option<&str>) -> u8 {
    let w = word.trim_end_matches(',');
    if !name_token(w) {
        return 0;
    }
    if looks_technical(w) || (w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())) {
        return 3;
    }
    let lower = w.len() >= 6 && w.chars().all(|c| c.is_ascii_lowercase());
    if lower && next.is_some_and(|n| n.starts_with(char::is_uppercase)) {
        2
    } else {
        0
    }
}

/// The words of a duration cell from `cursor`: the first duration expression and the words
/// qualifying it ("ab dem letzten Besuch", "after the last visit"); when the duration is the
/// last column, the expression that runs to the end of the row ("Always Max. 2 year").
fn duration_words(text: &str, words: &[Range<usize>], cursor: usize, last: bool) -> Option<Range<usize>> {
    if cursor >= words.len() {
        return None;
    }
    let end_of_row = words[words.len() - 1].end;
    // The first duration at or after the current word, as a range of `text`. The search looks
    // at each word start in turn, on the text after it alone, so a duration found from an
    // earlier word is also the first one from any word up to it; and when none is found, none
    // is found from a later word either. Searching once per word made long rows quadratic.
    let mut next: Option<Range<usize>> = None;
    for start in cursor..words.len() {
        let from = words[start].start;
        if next.as_ref().is_none_or(|found| found.start < from) {
            let Some((found, _)) = find_duration(&text[from..end_of_row]) else { break };
            next = Some(from + found.start..from + found.end);
        }
        let found = next.clone().expect("set above");
        match duration_cell(text, words, start, found, last) {
            Step::Next => continue,
            Step::Done(cell) => return cell,
        }
    }
    session_word(text, words, cursor, last)
}

/// What a duration found in a row means for the cell looked for from word `start`.
#[derive(Debug, PartialEq)]
enum Step {
    /// Not a cell starting at `start`: try the next word.
    Next,
    /// The answer (None when the duration does not line up with the words).
    Done(Option<Range<usize>>),
}

/// The cell a duration (`found`, a range of `text`) gives when the search started at word
/// `start`: it must start at that word; in the last column it must run to (nearly) the end of
/// the row; elsewhere it takes the words that qualify it.
fn duration_cell(text: &str, words: &[Range<usize>], start: usize, found: Range<usize>, last: bool) -> Step {
    let word_at = |offset: usize| words.iter().position(|w| w.start <= offset && offset < w.end.max(w.start + 1));
    let Some(first) = word_at(found.start) else { return Step::Done(None) };
    if first != start {
        return Step::Next;
    }
    let Some(final_word) = word_at(found.end - 1) else { return Step::Done(None) };
    let expression_end = final_word + 1;
    if last {
        if expression_end + 2 >= words.len() {
            return Step::Done(Some(start..words.len()));
        }
        return Step::Next;
    }
    Step::Done(Some(start..qualifier_end(text, words, expression_end)))
}

/// Where the words qualifying a duration expression end: lower-case words, or a capitalized
/// noun right after a lower-case word of the qualifier (German nouns); a capital after the
/// expression or after a noun starts the next cell.
fn qualifier_end(text: &str, words: &[Range<usize>], expression_end: usize) -> usize {
    let mut end = expression_end;
    while end < words.len() {
        let w = &text[words[end].clone()];
        let capital = w.starts_with(char::is_uppercase);
        let previous_is_qualifier =
            end > expression_end && text[words[end - 1].clone()].starts_with(char::is_lowercase);
        if capital && !previous_is_qualifier {
            break;
        }
        end += 1;
        if capital {
            break;
        }
    }
    end
}

/// A session or persistent word as the whole cell ("Session", "Sitzung"): the last word for
/// the last column, else one of the next three.
fn session_word(text: &str, words: &[Range<usize>], cursor: usize, last: bool) -> Option<Range<usize>> {
    let candidates: Vec<usize> =
        if last { vec![words.len() - 1] } else { (cursor..words.len().min(cursor + 3)).collect() };
    candidates
        .into_iter()
        .find(|&k| crate::grammar::duration::reads_as_duration(&text[words[k].clone()]))
        .map(|k| k..k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A phrase's key built from its folded words is the phrase folded whole, for every phrase
    /// of every line: any white space between words, invisible characters, words of nothing
    /// but invisible characters, accents, capitals and punctuation.
    #[test]
    fn phrase_keys_are_the_phrases_folded() {
        use proptest::prelude::*;
        let alphabet = "[a-zA-Z:.*`’é\u{C9}\u{AD}\u{200B}ß \t\u{0B}\u{0C}\u{85}\u{A0}\u{2009}\u{2028}\u{3000}]{0,30}";
        proptest!(ProptestConfig::with_cases(3000), |(line in alphabet)| {
            let Some(words) = words(&line, &(0..line.len()), 64) else { return Ok(()) };
            let folded: Vec<String> = words.iter().map(|w| fold(&line[w.clone()])).collect();
            let mut key = String::new();
            for i in 0..words.len() {
                for j in i..words.len() {
                    phrase_key(&folded[i..=j], &mut key);
                    prop_assert_eq!(&key, &fold(&line[words[i].start..words[j].end]), "line {:?}", line);
                }
            }
        });
    }

    /// `duration_words` as it was before the search was shared between words: one search from
    /// every word of the row.
    fn searched_from_every_word(text: &str, words: &[Range<usize>], cursor: usize, last: bool) -> Option<Range<usize>> {
        if cursor >= words.len() {
            return None;
        }
        let end_of_row = words[words.len() - 1].end;
        for start in cursor..words.len() {
            let from = words[start].start;
            let Some((found, _)) = find_duration(&text[from..end_of_row]) else { continue };
            match duration_cell(text, words, start, from + found.start..from + found.end, last) {
                Step::Next => continue,
                Step::Done(cell) => return cell,
            }
        }
        session_word(text, words, cursor, last)
    }

    /// Rows of names, durations (alone, in ranges, with qualifiers, glued to brackets), session
    /// words and free text in four languages: the shared search finds what a search from every
    /// word found, for every starting word and for the last column or not.
    #[test]
    fn one_search_per_duration_finds_what_a_search_per_word_found() {
        use proptest::prelude::*;
        let pool = prop::sample::select(vec![
            "_ga",
            "Google",
            "2",
            "years",
            "1",
            "Jahr",
            "bis",
            "zu",
            "13",
            "mois",
            "Session",
            "Sitzung",
            "(30",
            "days)",
            "max.",
            "up",
            "to",
            "12",
            "months",
            "-",
            "ab",
            "dem",
            "letzten",
            "Besuch",
            "stores",
            "the",
            "user",
            "ID",
            "1-2",
            "jours",
            "persistent",
            "y",
            "año",
            "e",
            "24h",
            "\u{a0}3",
            "Tage",
        ]);
        let row = prop::collection::vec((pool, prop::bool::ANY), 1..14);
        proptest!(ProptestConfig::with_cases(3000), |(parts in row)| {
            let text: String = parts.iter().map(|(w, wide)| format!("{w}{}", if *wide { "  " } else { " " })).collect();
            let line = 0..text.len();
            let words = words(&text, &line, MAX_ROW_WORDS).expect("a short row");
            for cursor in 0..=words.len() {
                for last in [false, true] {
                    prop_assert_eq!(
                        duration_words(&text, &words, cursor, last),
                        searched_from_every_word(&text, &words, cursor, last),
                        "row {:?}, cursor {}, last {}", text, cursor, last
                    );
                }
            }
        });
    }
}
