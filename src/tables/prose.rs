//! Cookies declared in running text, read only when a document has no table or list of
//! cookies: an inline list of `name (lifetime)` items ("session_id (24h), csrf_token (24h) et
//! locale (30 jours)"), and a name in quotes in a sentence about cookies ("we set a cookie called
//! "PHPSESSID" …"), with a lifetime when a sentence naming it gives one.
use super::{Layout, RawCell, RawRow, RawTable};
use crate::blocks::{lines_in, Block, BlockKind};
use crate::grammar::duration::{find_duration, reads_as_duration};
use crate::grammar::names::looks_technical;
use crate::grammar::{Field, Lexicons};
use crate::text::fold;
use std::ops::Range;

/// Sentences of the prose blocks, as byte ranges, each with whether its paragraph talks about
/// cookies.
fn sentences(text: &str, blocks: &[Block], lexicons: &Lexicons) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    for block in blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::List { .. } | BlockKind::Heading { .. }))
    {
        let about_cookies = lexicons.cookie_nouns_in(&fold(&text[block.range.clone()])).next().is_some();
        for line in lines_in(text, block.range.clone()) {
            let content = &text[line.clone()];
            let mut start = 0;
            for (at, _) in content.match_indices(". ") {
                out.push((line.start + start..line.start + at + 1, about_cookies));
                start = at + 2;
            }
            if start < content.len() {
                out.push((line.start + start..line.end, about_cookies));
            }
        }
    }
    out
}

fn cell(range: Range<usize>, text: &str) -> RawCell {
    RawCell { text: text[range.clone()].trim().to_string(), range }
}

pub fn recognize(text: &str, blocks: &[Block], lexicons: &Lexicons) -> Vec<RawTable> {
    let sentences = sentences(text, blocks, lexicons);
    let mut rows: Vec<RawRow> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (sentence, about_cookies) in &sentences {
        let s = &text[sentence.clone()];
        // Inline lists: `name (lifetime)` items.
        let mut items = Vec::new();
        for (open, _) in s.match_indices(" (") {
            let Some(close) = s[open..].find(')').map(|c| open + c) else { continue };
            let inside = &s[open + 2..close];
            // The separator may be a multi-byte space (NBSP): step over the whole character.
            let name_start = s[..open]
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace() || c == ',' || c == ':')
                .map_or(0, |(i, c)| i + c.len_utf8());
            let name = &s[name_start..open];
            let plain_word = name.len() >= 3 && name.chars().all(|c| c.is_lowercase() || c == '_');
            if reads_as_duration(inside) && (looks_technical(name) || plain_word) {
                items.push((
                    sentence.start + name_start..sentence.start + open,
                    sentence.start + open + 2..sentence.start + close,
                ));
            }
        }
        let technical = items.iter().any(|(n, _)| looks_technical(&text[n.clone()]));
        if items.len() >= 2 || technical {
            for (name, duration) in items {
                let name_text = text[name.clone()].to_string();
                if !seen.contains(&name_text) {
                    seen.push(name_text);
                    rows.push(RawRow {
                        range: name.start..duration.end,
                        cells: vec![cell(name, text), cell(duration, text)],
                    });
                }
            }
        }
        // Quoted names in a paragraph about cookies.
        if !about_cookies {
            continue;
        }
        for (open, close) in [('"', '"'), ('“', '”'), ('«', '»'), ('„', '“')] {
            let mut from = 0;
            while let Some(start) = s[from..].find(open).map(|i| from + i + open.len_utf8()) {
                let Some(end) = s[start..].find(close).map(|i| start + i) else { break };
                let quoted = s[start..end].trim();
                from = end + close.len_utf8();
                let capitals = quoted.len() >= 4
                    && quoted.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                if quoted.contains(char::is_whitespace)
                    || !(looks_technical(quoted) || capitals)
                    || seen.iter().any(|n| n == quoted)
                {
                    continue;
                }
                seen.push(quoted.to_string());
                let name_at = sentence.start + start + (s[start..end].len() - s[start..end].trim_start().len());
                let name = name_at..name_at + quoted.len();
                // A lifetime from a sentence that names the cookie.
                let duration =
                    sentences.iter().map(|(r, _)| r).filter(|other| text[(*other).clone()].contains(quoted)).find_map(
                        |other| {
                            find_duration(&text[other.clone()])
                                .map(|(found, _)| other.start + found.start..other.start + found.end)
                        },
                    );
                let duration_cell =
                    duration.map_or(RawCell { text: String::new(), range: name.end..name.end }, |d| cell(d, text));
                rows.push(RawRow { range: sentence.clone(), cells: vec![cell(name, text), duration_cell] });
            }
        }
    }
    if rows.is_empty() {
        return Vec::new();
    }
    rows.sort_by_key(|r| r.range.start);
    vec![RawTable::new(
        Layout::Prose,
        rows[0].range.start..rows[rows.len() - 1].range.end,
        rows,
        Some(vec![Field::Name, Field::Duration]),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let blocks = crate::blocks::segment(&crate::source::Source::from_text("policy.txt", text.to_string()));
        recognize(text, &blocks, crate::grammar::lexicons())
            .into_iter()
            .flat_map(|t| t.rows)
            .map(|r| r.cells[0].text.clone())
            .collect()
    }

    #[test]
    fn a_quoted_name_counts_in_a_paragraph_that_names_cookies_in_any_grammar_language() {
        assert_eq!(names("Ten serwis zapisuje ciasteczko \"SESSION_KEY\" na czas wizyty.\n"), ["SESSION_KEY"]);
        assert_eq!(names("This site stores the cookie \"SESSION_KEY\" for the visit.\n"), ["SESSION_KEY"]);
        assert!(names("Set the variable \"SESSION_KEY\" in the configuration file.\n").is_empty());
    }
}
