//! Tables whose cells ran together when the page was turned into text: a header of known labels
//! with no space between them ("NAMEPURPOSEEXPIRY", "NameProviderPurposeDurationType"), then rows
//! such as `_icl_current_languageRemembers the language selected.24 hours`.
//!
//! Cell boundaries are where one cell's last character meets the next cell's first: a lower-case
//! letter, digit or closing punctuation followed by a capital ("languageRemembers"), a period
//! followed by a digit ("admin.24 hours"), the last capital of a run followed by lower case
//! ("SMMicrosoft"), and a name followed by a duration ("_pk_id13 Monate"). The names come first;
//! the other columns take the segments by what they hold (a duration, a category word, text).
use super::{Layout, RawCell, RawRow, RawTable};
use crate::grammar::duration::reads_as_duration;
use crate::grammar::names::split_names;
use crate::grammar::{Field, Lexicons};
use crate::text::{fold, is_capitalized_word};
use std::ops::Range;

/// Splits a header into known labels that abut ("NameProviderPurpose"): a cover of the whole
/// line by labels of any language, with at least one place where two labels touch.
fn header_fields(line: &str, lexicons: &Lexicons) -> Option<Vec<Field>> {
    const MAX_FOLDED: usize = 120;
    // Each ASCII character other than white space folds to one byte, so a line with more of
    // them than a header can have is no header, without folding it.
    if line.len() > MAX_FOLDED
        && line.bytes().filter(|&b| b.is_ascii() && !crate::text::is_ascii_space(b)).count() > MAX_FOLDED
    {
        return None;
    }
    // A cover starts with a label where the line starts: most lines have none, and are not
    // folded whole.
    if !lexicons.label_opens_folded(line) {
        return None;
    }
    let folded = fold(line);
    if folded.len() > MAX_FOLDED || !folded.contains(|c: char| c.is_alphabetic()) {
        return None;
    }
    // best[i]: the fewest labels covering folded[..i], with the fields.
    let mut best: Vec<Option<Vec<Field>>> = vec![None; folded.len() + 1];
    best[0] = Some(Vec::new());
    for i in 0..folded.len() {
        let Some(so_far) = best[i].clone() else { continue };
        if !folded.is_char_boundary(i) {
            continue;
        }
        let rest = folded[i..].trim_start();
        let skipped = folded.len() - i - rest.len();
        lexicons.labels_opening(rest, |length, field| {
            let end = i + skipped + length;
            let mut fields = so_far.clone();
            fields.push(field);
            if best[end].as_ref().is_none_or(|b| b.len() > fields.len()) {
                best[end] = Some(fields);
            }
        });
    }
    let fields = best[folded.len()].clone()?;
    let abutting = line.split_whitespace().count() < fields.len();
    (fields.contains(&Field::Name) && fields.len() >= 2 && abutting).then_some(fields)
}

/// Byte offsets inside `text` where a new cell can start.
fn boundaries(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for k in 1..chars.len() {
        let (_, a) = chars[k - 1];
        let (at, b) = chars[k];
        let next = chars.get(k + 1).map(|(_, c)| *c);
        let lower_to_capital = b.is_uppercase()
            && (a.is_lowercase() || a.is_ascii_digit() || matches!(a, '.' | ')' | '*' | '_' | ']' | '}' | '>'));
        let capital_run_end = a.is_uppercase() && b.is_uppercase() && next.is_some_and(char::is_lowercase);
        let period_to_digit = a == '.' && b.is_ascii_digit();
        let letter_to_duration = (a.is_alphabetic() || a == ')') && b.is_ascii_digit() && {
            let candidate = up_to_next_cell(&text[at..]);
            reads_as_duration(candidate) && starts_with_quantity(candidate)
        };
        if lower_to_capital || capital_run_end || period_to_digit || letter_to_duration {
            out.push(at);
        }
    }
    out
}

/// `text` up to the first lower-case letter followed by a capital ("13 MonateSpeichern" →
/// "13 Monate").
fn up_to_next_cell(text: &str) -> &str {
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if previous.is_some_and(char::is_lowercase) && c.is_uppercase() {
            return &text[..at];
        }
        previous = Some(c);
    }
    text
}

fn starts_with_quantity(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with([' ', '\u{a0}']) | text[digits..].starts_with(char::is_alphabetic)
}

pub fn recognize(text: &str, lines: &[Range<usize>], lexicons: &Lexicons) -> Vec<RawTable> {
    const MAX_TITLE_WORDS: usize = 4;
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let header = text[lines[i].clone()].trim();
        let Some(fields) = (!header.contains(['|', '\t'])).then(|| header_fields(header, lexicons)).flatten() else {
            i += 1;
            continue;
        };
        let mut rows = Vec::new();
        let hosts = glued_hosts(text, &lines[i + 1..]);
        // Rows, also across blank lines (an HTML table converted to text may put one between
        // every two lines), until a line that is not a row. Past a blank line a capitalized word
        // ("Version 2.1", "Tel. +49 …", a footer) ends the table even when the knowledge base
        // lists it.
        let footer = |cells: &[RawCell]| {
            cells.first().is_some_and(|c| is_capitalized_word(c.text.trim_end_matches(['.', ':', ','])))
        };
        let mut j = i + 1;
        let mut last_row = i;
        while j < lines.len() {
            let line = lines[j].clone();
            if text[line.clone()].trim().is_empty() {
                j += 1;
                continue;
            }
            let after_blank = j > last_row + 1;
            // "Analytics (opt-in)": a short line apart from the rows that names a category titles
            // the next group of rows, with its own header.
            let content = text[line.clone()].trim();
            if after_blank
                && content.split_whitespace().count() <= MAX_TITLE_WORDS
                && lexicons.heading_category(content).is_some()
            {
                break;
            }
            match split_row(text, line.clone(), &fields, lexicons, &hosts) {
                Some(cells) if after_blank && footer(&cells) => break,
                Some(cells) => rows.push(RawRow { cells, range: line }),
                None => break,
            }
            last_row = j;
            j += 1;
        }
        if !rows.is_empty() {
            tables.push(RawTable::new(Layout::Concatenated, lines[i].start..lines[last_row].end, rows, Some(fields)));
        }
        i = (last_row + 1).max(i + 1);
    }
    tables
}

/// Host names glued to the names of the rows below a header ("zg-languagezgservices.nl",
/// "zg-cookie-consentzgservices.nl"): nothing in one row says where the name ends, but rows
/// sharing a provider end with the same host, so the longest ending two first words share,
/// when it is a host name (a label of three characters or more, a dot, a top-level domain).
fn glued_hosts(text: &str, lines: &[Range<usize>]) -> Vec<String> {
    const MAX_ROWS: usize = 200;
    let ends_with_host = |token: &str| {
        token.rsplit_once('.').is_some_and(|(before, tld)| {
            (2..=6).contains(&tld.len())
                && tld.bytes().all(|b| b.is_ascii_lowercase())
                && before.ends_with(|c: char| c.is_ascii_alphanumeric())
        })
    };
    let tokens: Vec<&str> = lines
        .iter()
        .take(MAX_ROWS)
        .map(|l| text[l.clone()].trim())
        // Rows may stand between blank lines (see `recognize`).
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        // The first word up to where the next cell starts ("…zgservices.nl|Stores").
        .map(|t| boundaries(t).first().map_or(t, |&cut| &t[..cut]))
        .filter(|t| ends_with_host(t))
        .collect();
    let mut hosts: Vec<String> = Vec::new();
    for (k, a) in tokens.iter().enumerate() {
        for b in &tokens[k + 1..] {
            let shared = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
            if shared >= a.len() || shared >= b.len() || !a.is_char_boundary(a.len() - shared) {
                continue;
            }
            let host = &a[a.len() - shared..];
            let label = host.split('.').next().unwrap_or("");
            if label.len() >= 3
                && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
                && !hosts.iter().any(|h| h == host)
            {
                hosts.push(host.to_string());
            }
        }
    }
    hosts
}

/// The names at the start of a row: name tokens joined by ", " or a conjunction, the last one
/// cut where the next cell starts. Returns the end offset within `row`.
fn names_end(row: &str, next_field: Option<Field>, hosts: &[String]) -> Option<usize> {
    let mut end = 0;
    let mut rest = row;
    loop {
        let token_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let offset = row.len() - rest.len();
        // Cut at the first boundary inside the token ("languageRemembers", "_pk_id13 Monate").
        // The first boundary inside the token after which the name looks technical: camel-case
        // names keep their capitals ("CookieConsent|Cookiebot"), "sb-*|Supabase" is cut early;
        // without such a boundary, the first one ("SM|Microsoft").
        let inside: Vec<usize> = boundaries(&row[offset..]).into_iter().filter(|&b| b < token_len && b > 0).collect();
        let cut = inside
            .iter()
            .copied()
            .find(|&b| crate::grammar::names::looks_technical(rest[..b].trim_end_matches(',')))
            .or(inside.first().copied());
        let mut token_end = cut.unwrap_or(token_len);
        // A provider glued to the name ("CookieConsentCookiebot", "zg-languagezgservices.nl").
        if next_field == Some(Field::Provider) {
            if let Some(vendor) = trailing_vendor(&rest[..token_end]) {
                token_end -= vendor;
            } else if let Some(host) =
                hosts.iter().find(|h| rest[..token_end].ends_with(h.as_str()) && token_end > h.len())
            {
                token_end -= host.len();
            }
        }
        let name = rest[..token_end].trim_end_matches(',');
        if name.is_empty() || split_names(name).is_empty() {
            return (end > 0).then_some(end);
        }
        let listed = rest[..token_end].ends_with(',');
        end = offset + name.len();
        if cut.is_some() || token_end < token_len {
            return Some(end);
        }
        if listed {
            // "a, b": the comma was part of the token.
            rest = row[offset + token_end..].trim_start();
            if rest.is_empty() {
                return Some(end);
            }
            continue;
        }
        // More names follow after ", " or a conjunction ("mtm_consent (oder mtm_consent_removed)");
        // a conjunction joins names only after a technical one: "Leave a comment" is a sentence
        // whose "a" is a Czech "and".
        let after = &row[end..];
        let continues = after.starts_with(", ")
            || after.trim_start().starts_with('(')
            || crate::grammar::names::looks_technical(name)
                && after.split_whitespace().next().is_some_and(crate::grammar::names::is_conjunction);
        if !continues {
            return Some(end);
        }
        let skip = after.len() - after.trim_start_matches([',', ' ', '(']).len();
        let after_skip = &after[skip..];
        let conj = after_skip.split_whitespace().next().filter(|w| crate::grammar::names::is_conjunction(w));
        rest = match conj {
            // The word starts after any white space that is not a plain space (an NBSP).
            Some(word) => {
                let lead = after_skip.len() - after_skip.trim_start().len();
                after_skip[lead + word.len()..].trim_start()
            }
            None => after_skip,
        };
        if rest.is_empty() {
            return Some(end);
        }
    }
}

/// Length of a known vendor name at the end of `token`.
fn trailing_vendor(token: &str) -> Option<usize> {
    let lower = token.to_lowercase();
    (3..token.len()).filter(|&at| token.is_char_boundary(at)).find_map(|at| {
        let tail = &token[at..];
        (tail.starts_with(char::is_uppercase)
            && crate::knowledge::vendor_in(tail).is_some_and(|v| fold(&v) == fold(tail))
            && !lower[..at].is_empty())
        .then_some(tail.len())
    })
}

fn split_row(
    text: &str,
    line: Range<usize>,
    fields: &[Field],
    lexicons: &Lexicons,
    hosts: &[String],
) -> Option<Vec<RawCell>> {
    let content = &text[line.clone()];
    let lead = content.len() - content.trim_start().len();
    let row = content.trim();
    let base = line.start + lead;
    let name_column = fields.iter().position(|f| *f == Field::Name)?;
    if name_column != 0 {
        return None;
    }
    let name_end = names_end(row, fields.get(1).copied(), hosts)?;
    // "Schreibe einen Kommentar" under the table: a capitalized word of the text followed by a
    // space is a sentence, not a name glued to its next cell (a name the knowledge base knows,
    // such as "Locale", still is one).
    let name = row[..name_end].trim();
    if is_capitalized_word(name) && row[name_end..].starts_with(' ') && crate::knowledge::base().lookup(name).is_empty()
    {
        return None;
    }
    // The other cells: segments between boundaries, given to the columns by type.
    let mut cuts = vec![name_end];
    cuts.extend(boundaries(&row[name_end..]).into_iter().map(|b| b + name_end).filter(|&b| b > name_end));
    cuts.push(row.len());
    let segments: Vec<Range<usize>> =
        cuts.windows(2).map(|w| w[0]..w[1]).filter(|r| !row[r.clone()].trim().is_empty()).collect();
    let kind = |segment: &Range<usize>| -> Option<Field> {
        let s = row[segment.clone()].trim();
        if s.split_whitespace().count() <= 8 && reads_as_duration(s) {
            Some(Field::Duration)
        } else if s.split_whitespace().count() <= 3 && lexicons.category_in(s).is_some() {
            Some(Field::Category)
        } else {
            None
        }
    };
    // Each segment read once: what it holds, and whether a later one reads the same.
    let kinds: Vec<Option<Field>> = segments.iter().map(kind).collect();
    let mut seen: Vec<Option<Field>> = Vec::new();
    let mut read_again_later = vec![false; kinds.len()];
    for k in (0..kinds.len()).rev() {
        read_again_later[k] = kinds[k].is_some() && seen.contains(&kinds[k]);
        if !seen.contains(&kinds[k]) {
            seen.push(kinds[k]);
        }
    }
    let mut cells: Vec<Option<Range<usize>>> = vec![None; fields.len()];
    cells[0] = Some(0..name_end);
    let mut next_segment = 0;
    for (column, field) in fields.iter().enumerate().skip(1) {
        let wanted = match field {
            Field::Duration => Some(Field::Duration),
            Field::Category | Field::Type => Some(Field::Category),
            _ => None,
        };
        match wanted {
            Some(want) => {
                if let Some(k) = (next_segment..segments.len()).find(|&k| kinds[k] == Some(want)) {
                    cells[column] = Some(segments[k].clone());
                    next_segment = k + 1;
                }
            }
            None => {
                // Free text: every segment up to the next one a later typed column claims.
                // A segment that reads as a typed cell is free text when a later segment reads
                // the same way: the provider "Google Analytics 4" before the type "Analytics",
                // the purpose "Authentication session for …" before the lifetime "Session / 7 days".
                let stop = (next_segment..segments.len())
                    .find(|&k| {
                        kinds[k].is_some()
                            && !read_again_later[k]
                            && fields[column + 1..]
                                .iter()
                                .any(|f| matches!(f, Field::Duration | Field::Category | Field::Type))
                    })
                    .unwrap_or(segments.len());
                // A free column followed by another one (provider, then purpose) takes one
                // segment; the last free column takes all up to the next typed cell.
                let next_is_free = fields
                    .get(column + 1)
                    .is_some_and(|f| !matches!(f, Field::Duration | Field::Category | Field::Type));
                let stop = if next_is_free { stop.min(next_segment + 1) } else { stop };
                if stop > next_segment {
                    cells[column] = Some(segments[next_segment].start..segments[stop - 1].end);
                    next_segment = stop;
                }
            }
        }
    }
    Some(
        cells
            .into_iter()
            .map(|range| match range {
                Some(r) => {
                    let piece = &row[r.clone()];
                    let start = base + r.start + (piece.len() - piece.trim_start().len());
                    let trimmed = piece.trim();
                    RawCell { text: crate::text::collapse_whitespace(trimmed), range: start..start + trimmed.len() }
                }
                None => RawCell { text: String::new(), range: line.end..line.end },
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::lexicons;

    fn rows(text: &str) -> Vec<Vec<String>> {
        let lines = crate::blocks::lines_in(text, 0..text.len());
        recognize(text, &lines, lexicons())
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    /// The gate before folding a line whole answers what the header scan asks first: whether a
    /// label opens the folded line. Lines of labels glued or spaced, in capitals, with accents,
    /// invisible characters, white space of every kind and other words before or after.
    #[test]
    fn a_label_opens_the_line_as_folding_it_whole_says() {
        use proptest::prelude::*;
        let lex = lexicons();
        let pieces = prop::sample::select(vec![
            "Name", "NAME", "Nom", "Durée", "DURÉE", "Purpose", "Zweck", "Ablauf", "Expiry", "Provider", "Cookie",
            "Typ", "the", "_ga", "\u{200B}", "\u{AD}", " ", "\t", "\u{A0}", "\u{0B}", ":", "-", "1", "é",
        ]);
        proptest!(ProptestConfig::with_cases(3000), |(parts in prop::collection::vec(pieces, 0..8))| {
            let line: String = parts.concat();
            let mut opens = false;
            lex.labels_opening(&fold(&line), |_, _| opens = true);
            prop_assert_eq!(lex.label_opens_folded(&line), opens, "line {:?}", line);
        });
    }

    #[test]
    fn cells_that_ran_together() {
        let text = "NAMEPURPOSEEXPIRY\n_icl_current_admin_language, _icl_current_languageRemembers the language selected.24 hours\nwordpress_logged_in_Indicates when a user is logged in.Session\n";
        assert_eq!(
            rows(text),
            [
                ["_icl_current_admin_language, _icl_current_language", "Remembers the language selected.", "24 hours"],
                ["wordpress_logged_in_", "Indicates when a user is logged in.", "Session"]
            ]
        );
        let hosts = "NameProviderPurposeDuration\nab-sessionab-shop.example.orgKeeps the basket.Session\nab-langab-shop.example.orgRemembers the language.1 year\n";
        assert_eq!(rows(hosts)[1], ["ab-lang", "ab-shop.example.org", "Remembers the language.", "1 year"]);
        let typed_twice = "NameProviderPurposeDurationType\n_xyz_idGoogle Analytics 4Counts visits.13 monthsAnalytics\nsb-*SupabaseAuthentication session for logged-in users.Session / 7 daysNecessary\n";
        assert_eq!(
            rows(typed_twice),
            [
                ["_xyz_id", "Google Analytics 4", "Counts visits.", "13 months", "Analytics"],
                ["sb-*", "Supabase", "Authentication session for logged-in users.", "Session / 7 days", "Necessary"]
            ]
        );
        let german = "Cookie-NameDauerVerwendungszweck\n_pk_id13 MonateSpeichern einiger Details\n";
        assert_eq!(rows(german), [["_pk_id", "13 Monate", "Speichern einiger Details"]]);
    }
}
