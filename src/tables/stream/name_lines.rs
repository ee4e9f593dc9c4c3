//! Names alone on their lines, each followed by the lines that describe it.
use crate::grammar::names::looks_technical;
use crate::grammar::Field;
use crate::tables::{Layout, RawCell, RawRow, RawTable};
use std::ops::Range;

/// What one line gives a list of bare names.
pub(super) enum NameLine {
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
