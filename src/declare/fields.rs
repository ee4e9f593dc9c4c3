//! What a piece of a declaration's unit holds: a lifetime, a category, a party, a provider, a
//! type, or description text; and the labelled values (`Expires: 2 years`, `Set by: Google`).
use crate::grammar::duration::is_lifetime_cell;
use crate::grammar::{Field, Lexicons};
use std::ops::Range;

/// A piece of text of a unit: a cell, the rest of the head line, one following line.
#[derive(Debug, Clone)]
pub struct Part {
    pub range: Range<usize>,
    /// A field its label gives (`Expires:` → duration), when it has one.
    pub label: Option<Field>,
}

/// The pieces of `range`: cut at pipes when the line has them, with a leading `Label:` read.
pub fn parts(text: &str, range: Range<usize>, lexicons: &Lexicons, language: Option<&str>) -> Vec<Part> {
    let mut out = Vec::new();
    let s = &text[range.clone()];
    let pieces: Vec<Range<usize>> = if s.contains('|') {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, _) in s.match_indices('|') {
            pieces.push(start..i);
            start = i + 1;
        }
        pieces.push(start..s.len());
        pieces
    } else {
        std::iter::once(0..s.len()).collect()
    };
    // Words that ran together when the page's text was copied ("AnalyticsExpires: 6 months…"):
    // a label glued to the word before it starts a piece of its own.
    let pieces: Vec<Range<usize>> = pieces
        .into_iter()
        .flat_map(|piece| {
            let cuts = glued_labels(text, range.start + piece.start..range.start + piece.end, lexicons, language);
            let mut bounds: Vec<usize> = std::iter::once(piece.start)
                .chain(cuts.into_iter().map(|c| c - range.start))
                .chain(std::iter::once(piece.end))
                .collect();
            bounds.dedup();
            bounds.windows(2).map(|w| w[0]..w[1]).collect::<Vec<_>>()
        })
        .collect();
    // A qualifier in parentheses that opens a piece ("_ga (lifetime: 2 years) — used to …") is
    // a piece of its own, and so is what follows it.
    let pieces: Vec<Range<usize>> = pieces.into_iter().flat_map(|piece| parenthesized(s, piece)).collect();
    for piece in pieces {
        let raw = &s[piece.clone()];
        let trimmed = trim_decoration(raw);
        if !trimmed.chars().any(char::is_alphanumeric) {
            continue;
        }
        let at = range.start + piece.start + (raw.len() - raw.trim_start_matches(is_decoration).len());
        let mut part = Part { range: at..at + trimmed.len(), label: None };
        if let Some((label, value)) = labelled(text, part.range.clone(), lexicons, language) {
            // "Expires: 6 monthsHubSpot main analytics cookie": the lifetime ends where the
            // description glued to it starts.
            if let Some(end) = (label == Field::Duration).then(|| glued_lifetime_end(&text[value.clone()])).flatten() {
                out.push(Part { range: value.start..value.start + end, label: Some(label) });
                out.push(Part { range: value.start + end..value.end, label: None });
                continue;
            }
            part = Part { range: value, label: Some(label) };
        }
        out.push(part);
    }
    out
}

/// Offsets in `text` where, inside `range`, a column label with its colon starts right after a
/// lower-case letter, with no space between ("AnalyticsExpires: 6 months").
fn glued_labels(text: &str, range: Range<usize>, lexicons: &Lexicons, language: Option<&str>) -> Vec<usize> {
    let s = &text[range.clone()];
    if !s.contains(':') {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    let mut previous: Option<char> = None;
    for (at, c) in s.char_indices() {
        if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
            let from = range.start + at;
            if labelled(text, from..range.end, lexicons, language).is_some() {
                cuts.push(from);
            }
        }
        previous = Some(c);
    }
    cuts
}

/// Where a lifetime that opens `value` ends when a description is glued to it ("6 monthsHubSpot
/// main analytics cookie" → 8, "SessionHubSpot" → 7): the first lower-case letter right before a
/// capital, when what stands before it reads as a lifetime.
fn glued_lifetime_end(value: &str) -> Option<usize> {
    let mut previous: Option<char> = None;
    for (at, c) in value.char_indices() {
        if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
            return is_lifetime_cell(&value[..at]).then_some(at);
        }
        previous = Some(c);
    }
    None
}

/// `piece` of `s` cut around a leading parenthesized qualifier: its inside, then the rest; the
/// piece itself when it opens with no parenthesis or never closes it.
fn parenthesized(s: &str, piece: Range<usize>) -> Vec<Range<usize>> {
    let raw = &s[piece.clone()];
    let open = piece.start + (raw.len() - raw.trim_start_matches(is_decoration).len());
    if !s[open..piece.end].starts_with('(') {
        return vec![piece];
    }
    let mut depth = 0usize;
    for (at, c) in s[open..piece.end].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let close = open + at;
                    return vec![open + 1..close, close + 1..piece.end];
                }
            }
            _ => {}
        }
    }
    vec![piece]
}

fn is_decoration(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | '*' | '-' | '•' | '·' | '–' | '—' | '▪' | '◦')
}

fn trim_decoration(s: &str) -> &str {
    s.trim_matches(is_decoration)
}

/// `Label: value` where the label is a column label of some language: the field and the value's
/// range (empty when the value is on the next line).
pub fn labelled(
    text: &str,
    range: Range<usize>,
    lexicons: &Lexicons,
    language: Option<&str>,
) -> Option<(Field, Range<usize>)> {
    const MAX_LABEL_WORDS: usize = 4;
    let s = &text[range.clone()];
    let colon = s.find(':')?;
    // "(lifetime: 2 years)": a label and its value written in parentheses after a name.
    let parenthesized = s.trim_start().starts_with('(') && s.trim_end().ends_with(')');
    let label = s[..colon].trim().trim_start_matches('(').trim_matches('*').trim();
    if label.is_empty() || label.split_whitespace().count() > MAX_LABEL_WORDS {
        return None;
    }
    let field = lexicons.exact_label_field(label, language)?;
    let value = &s[colon + 1..];
    let value = value.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    let at = range.end - value.len();
    let trimmed = value.trim_end_matches(|c: char| c.is_whitespace() || c == '*');
    let trimmed = if parenthesized { trimmed.strip_suffix(')').unwrap_or(trimmed).trim_end() } else { trimmed };
    Some((field, at..at + trimmed.len()))
}

/// The field a piece of text holds by its content alone, when it says: a lifetime, a category
/// or party word standing alone, or a persistence/storage type word.
pub fn typed(text: &str, lexicons: &Lexicons) -> Option<Field> {
    const SHORT: usize = 3;
    let words = text.split_whitespace().count();
    if words == 0 {
        return None;
    }
    if words <= 8 && is_lifetime_cell(text) {
        return Some(Field::Duration);
    }
    if words <= SHORT && lexicons.category_in(text).is_some() {
        return Some(Field::Category);
    }
    if words <= SHORT && lexicons.party_in(text).is_some() {
        return Some(Field::Party);
    }
    if words <= SHORT && lexicons.kind_in(text).is_some() {
        return Some(Field::Type);
    }
    None
}

/// A provider written as a provider cell holds it: a vendor the knowledge base knows, or a name of
/// two to four capitalized words ("Site Own Files", "Lumen Bakery"), a company with its legal
/// form, or a host name.
pub fn reads_as_provider(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || text.ends_with('.') {
        return false;
    }
    if crate::knowledge::vendor_in(text).is_some() && words.len() <= 3 {
        return true;
    }
    let capitalized = words.iter().filter(|w| w.starts_with(|c: char| c.is_uppercase())).count();
    words.len() >= 2 && capitalized == words.len()
}
