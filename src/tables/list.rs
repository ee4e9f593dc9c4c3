//! Bullet lists that declare cookies: `- _ga — 2 years — Distinguishes users`,
//! `• sc_consent: consent cookie, 180 days`, `* _pk_id (13 months): visitor id`. Each item whose
//! text starts with cookie names becomes a row of implicit columns name / purpose / duration.
//! A list is taken only when most of its items start with a technical name, so ordinary bullet
//! lists ("- Google Chrome: Settings > Privacy") are left alone.
use super::{Layout, RawCell, RawRow, RawTable};
use crate::blocks::{lines_in, Block};
use crate::grammar::duration::reads_as_duration;
use crate::grammar::names::{looks_technical, split_names};
use crate::grammar::Field;
use crate::text::{bullet_len, collapse_whitespace};
use std::ops::Range;

/// Separators between the parts of an item, strongest first.
const DASHES: [&str; 4] = [" — ", " – ", " - ", " | "];
/// What ends an item's names besides the dashes, in the order they are tried.
const NAME_ENDS: [&str; 3] = [": ", ". ", " ("];

/// What ends an item's names, with how many of its bytes the rest skips: the whole separator,
/// but a name followed by ` (` keeps the parenthesis with the rest.
fn name_separators() -> impl Iterator<Item = (&'static str, usize)> {
    NAME_ENDS
        .iter()
        .chain(DASHES.iter())
        .map(|&separator| (separator, if separator == " (" { 1 } else { separator.len() }))
}
/// What else separates the parts of an item after its names.
const PART_SEPARATORS: [&str; 4] = ["): ", ", ", "; ", ") "];
/// The first bytes of the dashes and the part separators.
const SEPARATOR_STARTS: [u8; 4] = [b' ', b')', b',', b';'];

pub fn recognize(text: &str, index: usize, block: &Block) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut items: Vec<Range<usize>> = Vec::new();
    for line in lines_in(text, block.range.clone()) {
        let content = &text[line.clone()];
        if bullet_len(content).is_some() {
            items.push(line);
        } else if content.starts_with([' ', '\t']) && !content.trim().is_empty() && !items.is_empty() {
            // An indented line continues the item above it.
            if let Some(last) = items.last_mut() {
                last.end = line.end;
            }
        } else {
            tables.extend(table_from_items(text, index, &items));
            items.clear();
        }
    }
    tables.extend(table_from_items(text, index, &items));
    tables
}

fn table_from_items(text: &str, index: usize, items: &[Range<usize>]) -> Option<RawTable> {
    if items.is_empty() {
        return None;
    }
    let rows: Vec<RawRow> = items.iter().filter_map(|item| row(text, item.clone())).collect();
    // Most items must declare cookies, and one at least by a technical name ("_ga", not
    // "Firefox"), for the list to be a cookie list.
    // A list of one-word names each with a lifetime ("- MUID — 2 years — …") has the shape of
    // a declaration list even when no name is technical; so has a list of known cookie names.
    let technical = rows.iter().any(|r| r.cells[0].text.split_whitespace().any(looks_technical));
    let shaped = rows.iter().all(|r| !r.cells[0].text.contains(' ') && !r.cells[2].text.is_empty());
    let known = || {
        rows.iter().any(|r| {
            let name = r.cells[0].text.as_str();
            !crate::knowledge::is_generic_name(name) && !crate::knowledge::base().lookup(name).is_empty()
        })
    };
    if !(technical || shaped || known()) || rows.len() * 2 < items.len() {
        return None;
    }
    let range = items[0].start..items[items.len() - 1].end;
    let mut table = RawTable::new(Layout::List, range, rows, Some(vec![Field::Name, Field::Purpose, Field::Duration]));
    table.block = index;
    Some(table)
}

/// One item → cells name, purpose, duration (empty when the item gives none).
fn row(text: &str, item: Range<usize>) -> Option<RawRow> {
    let content = &text[item.clone()];
    let start = item.start + bullet_len(content)?;
    let body = &text[start..item.end];
    let (name_end, rest_start) = name_boundary(body)?;
    let name_part = strip_number(body[..name_end].trim().trim_matches(['`', '*', '"', '\'']));
    if name_part.is_empty() || split_names(name_part).is_empty() || !names_only(name_part) {
        return None;
    }
    let name_range = locate(text, start..start + name_end, name_part);
    let rest = &body[rest_start..];
    let rest_offset = start + rest_start;
    let (purpose, duration) = purpose_and_duration(text, rest_offset..rest_offset + rest.len());
    let cell = |range: Option<Range<usize>>| match range {
        Some(range) => RawCell { text: collapse_whitespace(&text[range.clone()]), range },
        None => RawCell { text: String::new(), range: item.end..item.end },
    };
    Some(RawRow { cells: vec![cell(Some(name_range)), cell(purpose), cell(duration)], range: item })
}

/// Where the names end: at `:`, a dash separator, or ` (`; the whole item when it is only a
/// name. Returns the end of the name part and the start of the rest.
fn name_boundary(body: &str) -> Option<(usize, usize)> {
    // The first place where a separator starts: each starts with `:`, `.` or a space, and no
    // separator is a prefix of another, so at most one matches at a place and one pass finds
    // the earliest.
    let mut best: Option<(usize, usize)> = memchr::memchr3_iter(b':', b'.', b' ', body.as_bytes()).find_map(|at| {
        name_separators().find(|(separator, _)| body[at..].starts_with(separator)).map(|(_, skip)| (at, at + skip))
    });
    if body.trim_end().ends_with(':') {
        let at = body.trim_end().len() - 1;
        if best.is_none_or(|(b, _)| at < b) {
            best = Some((at, at + 1));
        }
    }
    best.or_else(|| (!body.trim().contains(' ')).then_some((body.len(), body.len())))
}

/// "1-CookieConsent", "2) _ga": a number glued before the name is the item's number.
fn strip_number(part: &str) -> &str {
    let digits = part.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && part[digits..].starts_with(['-', '.', ')']) {
        let rest = part[digits + 1..].trim_start();
        if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            return rest;
        }
    }
    part
}

/// Only names, conjunctions and list punctuation: not a sentence that starts the item.
fn names_only(part: &str) -> bool {
    let mut names = 0;
    for word in part.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '/') {
        if word.is_empty() {
            continue;
        }
        if looks_technical(word) {
            names += 1;
        } else if !crate::grammar::names::is_conjunction(word) {
            // A single plain word is a name only when nothing else is there ("theme: …").
            return names == 0 && part.split_whitespace().count() == 1;
        }
    }
    names > 0
}

/// The purpose and duration parts of the rest of an item: the last short part that reads as a
/// duration is the duration, the rest is the purpose.
fn purpose_and_duration(text: &str, rest: Range<usize>) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let body = &text[rest.clone()];
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < body.len() {
        // Every separator starts with one of a few bytes: elsewhere none is looked for.
        let may_separate = SEPARATOR_STARTS.contains(&body.as_bytes()[i]);
        let sep = may_separate
            .then(|| DASHES.iter().chain(PART_SEPARATORS.iter()).find(|s| body[i..].starts_with(**s)))
            .flatten();
        if let Some(sep) = sep {
            parts.push(start..i);
            i += sep.len();
            start = i;
        } else {
            i += body[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(start..body.len());
    let trimmed = |r: &Range<usize>| {
        let piece = &body[r.clone()];
        let lead = piece.len() - piece.trim_start_matches([' ', '(', ')', ':', '.']).len();
        let piece_end = piece.trim_end_matches([' ', '(', ')', '.', ',']).len();
        (rest.start + r.start + lead)..(rest.start + r.start + piece_end.max(lead))
    };
    // Each part is read at most once, though both searches below may ask about it.
    let read: Vec<std::cell::OnceCell<bool>> = parts.iter().map(|_| std::cell::OnceCell::new()).collect();
    let is_duration = |i: usize| {
        *read[i].get_or_init(|| {
            let piece = &text[trimmed(&parts[i])];
            piece.split_whitespace().count() <= 6 && reads_as_duration(piece)
        })
    };
    // A part that starts with the lifetime ("2 years", "Session") wins over one that only
    // mentions it.
    let starts = |i: usize| is_duration(i) && crate::grammar::duration::starts_with_duration(&text[trimmed(&parts[i])]);
    let duration_index =
        (0..parts.len()).rev().find(|&i| starts(i)).or_else(|| (0..parts.len()).rev().find(|&i| is_duration(i)));
    let duration = duration_index.map(|i| trimmed(&parts[i]));
    if duration.is_none() {
        // A lifetime that ends the item ("… the visit. Session.", "… visitors (2 years)"): the
        // purpose is what comes before it.
        if let Some((purpose, lifetime)) = crate::grammar::duration::trailing_lifetime(body) {
            let purpose = rest.start + purpose.start..rest.start + purpose.end;
            let lifetime = rest.start + lifetime.start..rest.start + lifetime.end;
            return (Some(purpose).filter(|r| r.start < r.end), Some(lifetime));
        }
        // Prose items ("E’ il cookie che … Ha una durata di 2 anni"): the lifetime is inside a
        // sentence, and the purpose is the first sentence.
        if let Some((found, _)) = crate::grammar::duration::find_duration(body) {
            let first_sentence = body.find(". ").map_or(body.len(), |at| at + 1);
            // The sentence as written, with its full stop.
            let purpose = trimmed(&(0..first_sentence));
            let stop = text[purpose.end..rest.start + first_sentence].starts_with('.') as usize;
            let purpose = purpose.start..purpose.end + stop;
            let duration = rest.start + found.start..rest.start + found.end;
            return (Some(purpose).filter(|r| r.start < r.end), Some(duration));
        }
    }
    let purpose_parts: Vec<Range<usize>> =
        parts.iter().enumerate().filter(|(i, _)| Some(*i) != duration_index).map(|(_, r)| trimmed(r)).collect();
    // The purpose as written, with its full stop.
    let stop = |end: usize| end + text[end..rest.end].starts_with('.') as usize;
    let purpose = match (purpose_parts.first(), purpose_parts.last()) {
        (Some(first), Some(last)) if first.start < last.end => Some(first.start..stop(last.end)),
        _ => None,
    };
    (purpose.filter(|r| !text[r.clone()].trim().is_empty()), duration)
}

fn locate(text: &str, within: Range<usize>, needle: &str) -> Range<usize> {
    text[within.clone()].find(needle).map_or(within.clone(), |at| within.start + at..within.start + at + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::BlockKind;

    /// `name_boundary` as it was: each separator searched for over the whole item, the
    /// earliest kept (the first listed at equal places).
    fn name_boundary_by_find(body: &str) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        let mut consider = |at: Option<usize>, skip: usize| {
            if let Some(at) = at {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, at + skip));
                }
            }
        };
        consider(body.find(": "), 2);
        consider(body.find(". "), 2);
        consider(body.find(" ("), 1);
        for dash in DASHES {
            consider(body.find(dash), dash.len());
        }
        if body.trim_end().ends_with(':') {
            let at = body.trim_end().len() - 1;
            consider(Some(at), 1);
        }
        best.or_else(|| (!body.trim().contains(' ')).then_some((body.len(), body.len())))
    }

    #[test]
    fn one_pass_finds_the_name_boundary_searching_each_separator_finds() {
        use proptest::prelude::*;
        for dash in DASHES {
            assert!(name_separators().any(|(s, skip)| s == dash && skip == dash.len()), "{dash:?}");
        }
        let pieces = prop::sample::select(vec![
            "_ga", "name", ": ", ":", ". ", ".", " (", "(", " — ", " – ", " - ", " | ", "—", "-", " ", "  ", "\t", "é",
            "2 years",
        ]);
        proptest!(ProptestConfig::with_cases(4000), |(parts in prop::collection::vec(pieces, 0..10))| {
            let body: String = parts.concat();
            prop_assert_eq!(name_boundary(&body), name_boundary_by_find(&body), "body {:?}", body);
        });
    }

    #[test]
    fn every_separator_starts_with_a_separator_start() {
        for separator in DASHES.iter().chain(PART_SEPARATORS.iter()) {
            assert!(SEPARATOR_STARTS.contains(&separator.as_bytes()[0]), "{separator:?}");
        }
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        let block = Block { kind: BlockKind::Paragraph, range: 0..text.len(), text: String::new() };
        recognize(text, 0, &block)
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells.into_iter().map(|c| c.text).collect())
            .collect()
    }

    #[test]
    fn items_with_dashes_colons_and_parentheses() {
        assert_eq!(
            rows("- _ga — 2 years — Distinguishes users\n- _gid — 24 hours — Groups a visit\n"),
            [["_ga", "Distinguishes users", "2 years"], ["_gid", "Groups a visit", "24 hours"]]
        );
        assert_eq!(
            rows("• sc_consent_v1: first-party technical consent cookie, 180 days\n• sc-theme: theme preference\n"),
            [
                ["sc_consent_v1", "first-party technical consent cookie", "180 days"],
                ["sc-theme", "theme preference", ""]
            ]
        );
        assert_eq!(rows("* _pk_id (13 months): visitor id\n"), [["_pk_id", "visitor id", "13 months"]]);
    }

    #[test]
    fn a_lifetime_that_ends_the_item_is_no_part_of_its_purpose() {
        assert_eq!(
            rows("- `qz_a`: tells visitors apart\n  and counts their visits. Session.\n- `qz_b`: limits the rate (1 minute)\n"),
            [["qz_a", "tells visitors apart and counts their visits.", "Session"], ["qz_b", "limits the rate", "1 minute"]]
        );
    }

    #[test]
    fn purposes_keep_their_full_stop() {
        assert_eq!(rows("- _ga — 2 years — Distinguishes users.\n"), [["_ga", "Distinguishes users.", "2 years"]]);
        assert_eq!(
            rows("• _utma. E’ il cookie che distingue il Visitatore. Ha una durata di 2 anni.\n"),
            [["_utma", "E’ il cookie che distingue il Visitatore.", "2 anni"]]
        );
    }

    #[test]
    fn names_joined_by_a_conjunction_of_any_grammar_language() {
        for (and, or) in [("and", "or"), ("i", "lub"), ("och", "eller"), ("ja", "tai"), ("a", "nebo")] {
            let item = format!("- _ga {and} _gid: identify visitors\n- _gat {or} _gat_UA: limit requests\n");
            assert_eq!(
                rows(&item),
                [
                    [format!("_ga {and} _gid"), "identify visitors".into(), String::new()],
                    [format!("_gat {or} _gat_UA"), "limit requests".into(), String::new()]
                ],
                "{item}"
            );
        }
    }

    #[test]
    fn ordinary_lists_are_left_alone() {
        assert!(rows("- Google Chrome: Settings > Privacy\n- Mozilla Firefox: Settings > Cookies\n").is_empty());
        assert!(rows("- Connexion et maintien de session\n- Sécurité anti-fraude basique\n").is_empty());
    }
}
