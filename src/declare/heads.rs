//! The head of a line or list item when it names cookies: `_ga – Google Analytics …`,
//! `**`_ga`** + **`_gid`**:`, `‘_pk_ref’`, `sessionId / csrf:`, `hs-messages-is-open (TTL 30
//! minutes)`, `__utma 24 months …`, a name alone on its line (`datr |`), or a title that gives the
//! name in parentheses (`Consent string (euconsent-v2)`).
use crate::grammar::names::{name_evidence, NameEvidence};
use crate::grammar::Lexicons;
use std::ops::Range;

/// What follows the names on their line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// Nothing: the names stand alone (a trailing `|` or `:` included).
    End,
    Colon,
    Dash,
    Pipe,
    /// An opening parenthesis: a qualifier of the name ("(TTL 30 minutes)").
    Paren,
    /// A tab or a run of spaces: aligned columns.
    Gap,
    /// One space, then more text: space-separated cells, or a sentence.
    Space,
}

#[derive(Debug, Clone)]
pub struct Head {
    /// Each name, as an absolute byte range.
    pub names: Vec<Range<usize>>,
    /// The strongest evidence among the names (quotes and code count as strong).
    pub evidence: NameEvidence,
    /// The names were written in code or quotes.
    pub marked: bool,
    pub separator: Separator,
    /// What follows on the line, trimmed (empty when the names stand alone).
    pub rest: Range<usize>,
}

impl Head {
    pub fn alone(&self) -> bool {
        self.separator == Separator::End
    }
}

const OPENERS: [&str; 9] = ["**", "`", "'", "\"", "\u{2018}", "\u{201C}", "\u{00AB}", "\u{201E}", "\u{201A}"];

fn closer(opener: &str) -> &'static [&'static str] {
    match opener {
        "**" => &["**"],
        "`" => &["`"],
        "'" => &["'"],
        "\"" => &["\""],
        "\u{2018}" | "\u{201A}" => &["\u{2019}", "\u{2018}"],
        "\u{201C}" | "\u{201E}" => &["\u{201D}", "\u{201C}"],
        "\u{00AB}" => &["\u{00BB}"],
        _ => &[],
    }
}

/// Characters that may start a name, besides letters and digits.
fn starts_name(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '<' | '[' | '{' | '#' | '@' | '%')
}

fn name_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '_' | '-' | '.' | '*' | '#' | '$' | '[' | ']' | '<' | '>' | '{' | '}' | '@' | '~' | '%' | '+')
}

/// `-settings-{user_id}`: a dash, then a lower-case letter or a placeholder's bracket, with no
/// space between (not `-_ga`, `-Purpose` or `- _ga`, which a dash decorates).
fn opens_with_glued_dash(s: &str) -> bool {
    s.strip_prefix('-')
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_lowercase() || matches!(c, '{' | '<' | '['))
}

/// Whether the non-blank line before or after the one of `body` also opens with a dash glued to
/// a word: the dashes of a list written with no space after them.
fn in_list_of_glued_dashes(text: &str, body: Range<usize>) -> bool {
    let glued = |line: &str| {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '|');
        line.strip_prefix('-').is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    };
    let line_start = text[..body.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[body.end..].find('\n').map_or(text.len(), |i| body.end + i);
    let before = text[..line_start].lines().rev().find(|l| !l.trim().is_empty());
    let after = text[line_end..].lines().find(|l| !l.trim().is_empty());
    before.is_some_and(glued) || after.is_some_and(glued)
}

/// One name at the start of `s`, with any quotes, code marks or bold around it: the token's
/// range within `s`, where the item ends in `s`, and whether it was marked.
fn name_item(s: &str) -> Option<(Range<usize>, usize, bool)> {
    let mut at = 0;
    let mut opened: Vec<&str> = Vec::new();
    while opened.len() < 3 {
        let Some(opener) = OPENERS.iter().find(|o| s[at..].starts_with(**o)) else { break };
        opened.push(opener);
        at += opener.len();
    }
    let rest = &s[at..];
    // A dash glued to the name opens it (see `head`).
    if !(rest.starts_with(starts_name) || opened.is_empty() && opens_with_glued_dash(rest)) {
        return None;
    }
    let mut end = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '*' && rest[i..].starts_with("**") && opened.contains(&"**") {
            break;
        }
        if c == ':' {
            // A colon inside a name (`AMCV_X:Y`) is rare; one before a space or the end is the
            // separator.
            let next = chars.peek().map(|(_, c)| *c);
            if next.is_none_or(|c| c.is_whitespace() || c == '*' || c == '`') {
                break;
            }
            end = i + 1;
            continue;
        }
        // A slash inside a token (`ads/ga-audiences`) is kept; the name grammar tells a list of
        // two names from one name.
        let slash_inside = c == '/' && rest[i + 1..].starts_with(name_char) && i > 0;
        if !name_char(c) && c != ':' && !slash_inside {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut token = &rest[..end];
    // Sentence punctuation after a name is not part of it; a pattern's `*` is.
    while let Some(stripped) = token.strip_suffix(['.', ',', ';', '-']) {
        if stripped.is_empty() || token.ends_with('-') && !stripped.ends_with(|c: char| c.is_alphanumeric()) {
            break;
        }
        if token.ends_with('-') {
            // `wp-settings-`: a prefix, kept.
            break;
        }
        token = stripped;
    }
    if token.is_empty() {
        return None;
    }
    let token = without_glued_vocabulary(token);
    let token_range = at..at + token.len();
    let mut after = at + token.len();
    // Closing marks, innermost first; a missing one is tolerated.
    for opener in opened.iter().rev() {
        let trimmed = s[after..].trim_start_matches(['.', ',']);
        let skipped = s.len() - after - trimmed.len();
        if let Some(close) = closer(opener).iter().find(|c| trimmed.starts_with(**c)) {
            after += skipped + close.len();
        }
    }
    Some((token_range, after, !opened.is_empty() && opened.iter().any(|o| *o != "**")))
}

/// A name run together with the labels printed after it (`__hstcAnalyticsExpires` is `__hstc`,
/// a category badge "Analytics" and the label "Expires"): where a lower-case letter or a digit
/// meets a capital and all that follows is words of the grammar (category, party, kind words or
/// column labels), the name ends.
fn without_glued_vocabulary(token: &str) -> &str {
    let lexicons = crate::grammar::lexicons();
    let vocabulary = |word: &str| {
        lexicons.category_in(word).is_some()
            || lexicons.party_in(word).is_some()
            || lexicons.kind_in(word).is_some()
            || lexicons.exact_label_field(word, None).is_some_and(|f| f != crate::grammar::Field::Name)
    };
    let boundaries: Vec<usize> = token
        .char_indices()
        .zip(token.chars().skip(1))
        .filter(|((_, a), b)| (a.is_lowercase() || a.is_ascii_digit()) && b.is_uppercase())
        .map(|((i, a), _)| i + a.len_utf8())
        .collect();
    for (k, &cut) in boundaries.iter().enumerate() {
        // The words after the cut, each from one boundary to the next.
        let mut ends: Vec<usize> = boundaries[k + 1..].to_vec();
        ends.push(token.len());
        let mut from = cut;
        let all_vocabulary = ends.iter().all(|&end| {
            let word = &token[from..end];
            from = end;
            word.chars().all(char::is_alphabetic) && vocabulary(word)
        });
        if all_vocabulary && cut >= 2 {
            return &token[..cut];
        }
    }
    token
}

/// Separators between names listed together: `,` `/` `+` `&` and the conjunctions of every
/// language.
fn list_separator(s: &str, lexicons: &Lexicons) -> Option<usize> {
    let trimmed = s.trim_start();
    let spaces = s.len() - trimmed.len();
    if let Some(c) = trimmed.chars().next().filter(|c| matches!(c, ',' | '/' | '+' | '&' | ';')) {
        let after = &trimmed[c.len_utf8()..];
        return Some(spaces + c.len_utf8() + (after.len() - after.trim_start().len()));
    }
    let word: String = trimmed.chars().take_while(|c| c.is_alphabetic()).collect();
    if !word.is_empty() && spaces > 0 {
        let conjunction = lexicons.is_conjunction(&word);
        let after = &trimmed[word.len()..];
        if conjunction && after.starts_with(char::is_whitespace) {
            return Some(spaces + word.len() + (after.len() - after.trim_start().len()));
        }
    }
    None
}

/// Reads the head of a line body (`body` is its absolute range in `text`).
pub fn head(text: &str, body: Range<usize>, lexicons: &Lexicons, language: Option<&str>) -> Option<Head> {
    let s = &text[body.clone()];
    // Icons and decorations before the name ("🍪 ", "▶ ").
    let skip = s.find(|c: char| starts_name(c) || OPENERS.iter().any(|o| o.starts_with(c))).unwrap_or(s.len());
    if s[..skip].chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    // A dash glued to a lower-case name opens it (`-settings-{user_id}`, a prefix cut off),
    // unless the lines around open with one too (a list written with no space after its
    // dashes); a dash that decorates is followed by a space.
    let skip = if skip > 0
        && s[..skip].trim_start() == "-"
        && opens_with_glued_dash(&s[skip - 1..])
        && !in_list_of_glued_dashes(text, body.clone())
    {
        skip - 1
    } else {
        skip
    };
    let mut at = skip;
    let mut names: Vec<Range<usize>> = Vec::new();
    let mut evidence = NameEvidence::None;
    let mut marked = false;
    while let Some((token, end, was_marked)) = name_item(&s[at..]) {
        let name = &s[at + token.start..at + token.end];
        let mut found = name_evidence(name);
        if found == NameEvidence::None || is_label_word(name, lexicons, language) && !was_marked {
            break;
        }
        if was_marked {
            found = NameEvidence::Strong;
        }
        evidence = evidence.max(found);
        marked |= was_marked;
        names.push(body.start + at + token.start..body.start + at + token.end);
        at += end;
        match list_separator(&s[at..], lexicons) {
            Some(skip) if name_item(&s[at + skip..]).is_some() => at += skip,
            _ => break,
        }
    }
    if names.is_empty() || evidence == NameEvidence::Weak && s[at..].starts_with(' ') && !s[at..].starts_with("  ") {
        // A title that gives the name in parentheses: "Didomi token (didomi_token)".
        if let Some(title) = title_with_name(text, body.clone(), skip) {
            return Some(title);
        }
    }
    if names.is_empty() {
        return None;
    }
    // Several names listed on one line head are all names only when each reads as one.
    if names.len() > 1 && names.iter().any(|n| name_evidence(&text[n.clone()]) == NameEvidence::None) {
        return None;
    }
    let after = &s[at..];
    let trimmed = after.trim_start();
    let gap = &after[..after.len() - trimmed.len()];
    let (separator, rest_start) =
        if trimmed.trim_matches(|c: char| c == '|' || c == ':' || c.is_whitespace()).is_empty() {
            (Separator::End, s.len())
        } else if let Some(r) = trimmed.strip_prefix(':') {
            (Separator::Colon, s.len() - r.len())
        } else if let Some(r) = trimmed.strip_prefix('|') {
            (Separator::Pipe, s.len() - r.len())
        } else if let Some(r) = ["- ", "– ", "— ", "−"]
            .iter()
            .find_map(|d| trimmed.strip_prefix(d))
            .filter(|_| !gap.is_empty() || trimmed.starts_with(['–', '—']))
        {
            (Separator::Dash, s.len() - r.len())
        } else if trimmed.starts_with(['–', '—']) {
            (Separator::Dash, s.len() - trimmed.len() + trimmed.chars().next().map_or(0, char::len_utf8))
        } else if trimmed.starts_with('(') {
            if gap.is_empty() {
                // `_setSessionCookieTimeout()`: a function, not a cookie.
                return None;
            }
            (Separator::Paren, s.len() - trimmed.len())
        } else if gap.is_empty()
            && trimmed.starts_with(char::is_uppercase)
            && s[..at].ends_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
        {
            // Labels run into the name (`__hstcAnalyticsExpires: …`): what follows the name is the
            // rest of its line.
            (Separator::Colon, s.len() - trimmed.len())
        } else if trimmed.starts_with('=') || gap.is_empty() {
            // `_utma=43838368…` gives a cookie's value; a name glued to more text is no head.
            return None;
        } else if gap.contains('\t') || gap.len() >= 2 {
            (Separator::Gap, s.len() - trimmed.len())
        } else {
            (Separator::Space, s.len() - trimmed.len())
        };
    let rest_text = &s[rest_start.min(s.len())..];
    let rest_trimmed = rest_text.trim_matches(|c: char| c.is_whitespace() || c == '|');
    let rest_at = body.start
        + rest_start.min(s.len())
        + (rest_text.len() - rest_text.trim_start_matches(|c: char| c.is_whitespace() || c == '|').len());
    Some(Head { names, evidence, marked, separator, rest: rest_at..rest_at + rest_trimmed.len() })
}

/// A short title naming the cookie in parentheses at its end: "Consent string (euconsent-v2)".
fn title_with_name(text: &str, body: Range<usize>, skip: usize) -> Option<Head> {
    const MAX_TITLE_WORDS: usize = 8;
    let s = &text[body.clone()];
    let trimmed = s.trim_end().trim_end_matches(':').trim_end();
    let inner = trimmed.strip_suffix(')')?;
    let open = inner.rfind('(').filter(|&open| open >= skip)?;
    let name = inner[open + 1..].trim();
    if s[skip..open].split_whitespace().count() > MAX_TITLE_WORDS || name.contains(char::is_whitespace) {
        return None;
    }
    if name_evidence(name) != NameEvidence::Strong || !crate::grammar::names::looks_technical(name) {
        return None;
    }
    let at = body.start + open + 1 + (inner[open + 1..].len() - inner[open + 1..].trim_start().len());
    Some(Head {
        names: std::iter::once(at..at + name.len()).collect(),
        evidence: NameEvidence::Strong,
        marked: false,
        separator: Separator::End,
        rest: body.end..body.end,
    })
}

/// A column label of some language ("Nazwa", "Purpose", "Durée"): a header cell or a field's
/// label, never a name.
pub fn is_label_word(word: &str, lexicons: &Lexicons, language: Option<&str>) -> bool {
    lexicons.exact_label_field(word, language).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::lexicons;

    fn read(line: &str) -> Option<(Vec<String>, Separator, String)> {
        let h = head(line, 0..line.len(), lexicons(), None)?;
        Some((h.names.iter().map(|r| line[r.clone()].to_string()).collect(), h.separator, line[h.rest].to_string()))
    }

    #[test]
    fn heads_of_lines() {
        assert_eq!(
            read("_ga – Google Analytics"),
            Some((vec!["_ga".into()], Separator::Dash, "Google Analytics".into()))
        );
        assert_eq!(read("**`_ga`** + **`_gid`**: analytics").unwrap().0, ["_ga", "_gid"]);
        assert_eq!(
            read("sessionId / csrf:").map(|h| (h.0, h.1)),
            Some((vec!["sessionId".into(), "csrf".into()], Separator::End))
        );
        assert_eq!(read("‘_pk_ref’").unwrap().0, ["_pk_ref"]);
        assert_eq!(read("hs-messages-is-open (TTL 30 minutes)").unwrap().1, Separator::Paren);
        assert_eq!(read("__utma 24 měsíců Jedná se").unwrap().1, Separator::Space);
        assert_eq!(read("datr |").map(|h| h.1), Some(Separator::End));
        assert_eq!(read("🍪 Consent string (euconsent-v2)").unwrap().0, ["euconsent-v2"]);
        assert_eq!(read("PHPSSESID: This is the session cookie").unwrap().2, "This is the session cookie");
        assert!(read("_utma=43838368").is_none());
        assert!(read("Nazwa").is_none());
        // A name in parentheses with no title before it (found by a property test).
        assert!(read("(2)").is_none());
        assert_eq!(read("__hstcAnalyticsExpires: 6 months").unwrap().0, ["__hstc"]);
        // A dash glued to a lower-case name opens it; a dash and a space decorate it, and so
        // does a dash glued to a name in code or quotes, to an underscore or to a capital.
        assert_eq!(read("-settings-{user_id} |").unwrap().0, ["-settings-{user_id}"]);
        assert_eq!(read("▶ - _ga").unwrap().0, ["_ga"]);
        assert_eq!(read("- _ga: analytics").unwrap().0, ["_ga"]);
        assert_eq!(read("-`_ga`: analytics").unwrap().0, ["_ga"]);
        assert_eq!(read("-_ga: analytics").unwrap().0, ["_ga"]);
        assert!(read("-Purpose: analytics").is_none_or(|h| h.0 != ["-Purpose"]));
        // A list whose dashes have no space after them.
        let list = "-ab_session: keeps you signed in\n-ab_cart: keeps the basket\n";
        let second = list.find("-ab_cart").unwrap();
        let h = head(list, second..list.len() - 1, lexicons(), None).unwrap();
        assert_eq!(&list[h.names[0].clone()], "ab_cart");
        assert_eq!(read("messagesUtkFunctionalExpires: 6 months").unwrap().0, ["messagesUtk"]);
        assert_eq!(read("cookieConsent: yes").unwrap().0, ["cookieConsent"]);
        assert!(read("https://example.com/page").is_none());
    }
}
