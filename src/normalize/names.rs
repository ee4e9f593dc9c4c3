//! The name grammar: a name cell → one entry per cookie name, with patterns made into globs.
//!
//! A cell may list several names ("_ga, _gid and _gat", "_hjSessionUser; _hjid", "_ga / _gid"),
//! give a pattern ("_ga_*", "_ga_<container-id>", "_pk_id.*", "_pk_ses.#", "wordpress_[hash]")
//! or describe a prefix in words ("Any cookie starting with _hs"). Text that is a sentence, not
//! a name, gives no entry.
use crate::lexicon::lexicons;
use crate::text::fold;
use nom::bytes::complete::take_while1;
use nom::character::complete::multispace0;
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameItem {
    /// The name as written (for a prefix described in words, the prefix).
    pub name: String,
    pub pattern: bool,
    /// A glob (`*` for any run of characters) when `pattern` is true.
    pub glob: Option<String>,
}

/// Characters a cookie name is made of, including pattern placeholders.
/// No `=`: a cookie name ends where its value starts (`_utma=43838368…`).
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '_' | '-'
                | '.'
                | '*'
                | '#'
                | '$'
                | '['
                | ']'
                | '<'
                | '>'
                | '{'
                | '}'
                | ':'
                | '@'
                | '~'
                | '%'
                | '+'
                | '!'
                | '^'
        )
}

fn name_token(input: &str) -> IResult<&str, &str> {
    take_while1(is_name_char)(input)
}

/// Splits a name cell into names.
pub fn split_names(cell: &str) -> Vec<NameItem> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Vec::new();
    }
    // The common case: one name, nothing to split.
    if !cell.contains(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '|' | '&' | '\u{2022}')) {
        let piece = cell.trim_matches(|c: char| "\"'`“”‘’«»,;.()".contains(c));
        return name_item(piece).into_iter().collect();
    }
    // A described prefix needs a phrase and a name: at least three words.
    if cell.split_whitespace().nth(2).is_some() {
        if let Some(prefix) = described_prefix(cell) {
            let glob = format!("{prefix}*");
            return vec![NameItem { name: prefix, pattern: true, glob: Some(glob) }];
        }
    }
    let mut names = Vec::new();
    for piece in pieces(cell) {
        let piece = strip_comment(piece).trim_matches(|c: char| c.is_whitespace() || "\"'`“”‘’«»,;.()".contains(c));
        if piece.is_empty() {
            continue;
        }
        let words: Vec<&str> = piece.split_whitespace().collect();
        // Several tokens are several names only when each looks like a technical name; words of
        // a sentence are not names.
        if words.len() == 1 || words.iter().all(|w| looks_technical(w)) {
            names.extend(words.into_iter().filter_map(name_item));
        }
    }
    names
}

/// The cell cut at list separators: `,` `;` `/` `|` `&`, line breaks, and the conjunctions of
/// every language as whole words.
fn pieces(cell: &str) -> Vec<&str> {
    static CONJUNCTIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let conjunctions =
        CONJUNCTIONS.get_or_init(|| lexicons().languages.iter().flat_map(|l| l.conjunctions.iter().cloned()).collect());
    let longest = conjunctions.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut word_start = 0;
    for (at, c) in cell.char_indices() {
        if matches!(c, ',' | ';' | '/' | '|' | '&' | '\n' | '\u{2022}') {
            pieces.push(&cell[start..at]);
            start = at + c.len_utf8();
            word_start = start;
        } else if c.is_whitespace() {
            // "mtm_consent (or mtm_consent_removed)": a conjunction opening a parenthesis gives
            // another name, not a comment.
            let word = cell[word_start..at].strip_prefix('(').unwrap_or(&cell[word_start..at]);
            let is_conjunction = word.chars().count() <= longest && conjunctions.iter().any(|c| *c == fold(word));
            if is_conjunction && word_start > start {
                pieces.push(&cell[start..word_start]);
                start = at;
            }
            word_start = at + c.len_utf8();
        }
    }
    pieces.push(&cell[start..]);
    pieces
}

/// "_ga (Google Analytics)": the parenthesized part after a space is a comment.
fn strip_comment(piece: &str) -> &str {
    match piece.find(" (") {
        Some(at) if at > 0 => &piece[..at],
        _ => piece,
    }
}

/// A token that can only be a technical name: an underscore, a digit, a dot or dash inside,
/// an inner capital (camelCase) or a pattern mark.
pub fn looks_technical(word: &str) -> bool {
    let inner_capital = word.chars().skip(1).any(char::is_uppercase) && word.chars().any(char::is_lowercase);
    word.chars().all(is_name_char)
        && (word.contains(['_', '*', '#', '[', '<', '{', '.', ':'])
            || word.chars().any(|c| c.is_ascii_digit())
            || inner_capital
            || (word.contains('-') && !word.starts_with('-') && !capitalized_compound(word)))
}

/// "Sign-in", "Opt-out", "E-mail": a capitalized compound word of the text. Hyphenated cookie
/// names are lower case (`wp-settings-1`) or carry a digit or an inner capital.
fn capitalized_compound(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c == '-' || c.is_lowercase())
}

/// A name with its pattern marks turned into a glob.
fn name_item(word: &str) -> Option<NameItem> {
    let (rest, token) = name_token(word).ok()?;
    // A name has a letter: "+49" or "2024" in the text around a table is a number.
    if !rest.is_empty() || !token.chars().any(char::is_alphabetic) || token.chars().count() > 128 {
        return None;
    }
    if is_email_address(token) || is_company_form(token) {
        return None;
    }
    let glob = glob_of(token);
    Some(NameItem { name: token.to_string(), pattern: glob.is_some(), glob })
}

/// "GmbH", "Ltd", "S.A.": the legal form of a company in an address or copyright line under a
/// table. Compared as written: the forms come from every grammar file.
fn is_company_form(token: &str) -> bool {
    static FORMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let forms =
        FORMS.get_or_init(|| lexicons().languages.iter().flat_map(|l| l.company_forms.iter().cloned()).collect());
    let token = token.trim_end_matches([',', ';']);
    forms.iter().any(|form| form == token || form.strip_suffix('.') == Some(token))
}

/// `privacy@example.com`: a contact address in the text around a table, never a cookie. Names
/// with an `@` exist (Adobe's `AMCV_…@AdobeOrg`), but what follows their `@` is no domain.
fn is_email_address(token: &str) -> bool {
    let Some((local, domain)) = token.rsplit_once('@') else { return false };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `_ga_*` → `_ga_*`; `_ga_<container-id>` and `wordpress_[hash]` → `_ga_*`, `wordpress_*`;
/// `_pk_ses.#` → `_pk_ses.*`; a name ending in `_` or `-` is a prefix (`wp-settings-` →
/// `wp-settings-*`). None for a plain name.
fn glob_of(name: &str) -> Option<String> {
    let mut glob = String::with_capacity(name.len());
    let mut placeholder_end: Option<char> = None;
    let mut changed = false;
    for c in name.chars() {
        if let Some(end) = placeholder_end {
            if c == end {
                placeholder_end = None;
            }
            continue;
        }
        match c {
            '<' => placeholder_end = Some('>'),
            '[' => placeholder_end = Some(']'),
            '{' => placeholder_end = Some('}'),
            '#' => {}
            '*' => {}
            _ => {
                glob.push(c);
                continue;
            }
        }
        if !glob.ends_with('*') {
            glob.push('*');
        }
        changed = true;
    }
    if !changed && (name.ends_with('_') || name.ends_with('-')) && name.len() > 2 {
        glob.push('*');
        changed = true;
    }
    changed.then_some(glob)
}

/// "Any cookie starting with _hs" → `_hs`: a prefix phrase of any language, then a name.
fn described_prefix(cell: &str) -> Option<String> {
    let folded_words: Vec<(usize, String)> = word_offsets(cell).map(|(at, w)| (at, fold(w))).collect();
    for lexicon in &lexicons().languages {
        for phrase in &lexicon.prefix_phrases {
            let wanted: Vec<&str> = phrase.text.split(' ').collect();
            for start in 0..folded_words.len() {
                let Some(window) = folded_words.get(start..start + wanted.len()) else {
                    break;
                };
                if window.iter().map(|(_, w)| w.as_str()).eq(wanted.iter().copied()) {
                    let (after, _) = folded_words.get(start + wanted.len())?;
                    let rest = cell[*after..].trim_start_matches(['"', '\'', '`', '“', '‘']);
                    let (_, token) = name_token(rest).ok()?;
                    let token = token.trim_end_matches(['*', '.']);
                    return (!token.is_empty()).then(|| token.to_string());
                }
            }
        }
    }
    None
}

fn word_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let parsed: IResult<&str, Vec<&str>> =
        many0(preceded(multispace0, take_while1(|c: char| !c.is_whitespace()))).parse(text);
    let words = parsed.map(|(_, words)| words).unwrap_or_default();
    let base = text.as_ptr() as usize;
    words.into_iter().map(move |w| (w.as_ptr() as usize - base, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cell: &str) -> Vec<String> {
        split_names(cell).into_iter().map(|n| n.name).collect()
    }

    fn globs(cell: &str) -> Vec<Option<String>> {
        split_names(cell).into_iter().map(|n| n.glob).collect()
    }

    #[test]
    fn lists() {
        assert_eq!(names("_hjSessionUser; _hjid"), ["_hjSessionUser", "_hjid"]);
        assert_eq!(names("_ga, _gid and _gat"), ["_ga", "_gid", "_gat"]);
        assert_eq!(names("_ga / _gid"), ["_ga", "_gid"]);
        assert_eq!(names("_pk_ref, _pk_cvar, _pk_id, _pk_ses"), ["_pk_ref", "_pk_cvar", "_pk_id", "_pk_ses"]);
        assert_eq!(names("sessionid"), ["sessionid"]);
        assert_eq!(names("PHPSESSID et _pk_id"), ["PHPSESSID", "_pk_id"]);
        assert_eq!(names("ab_consent (or ab_consent_removed)"), ["ab_consent", "ab_consent_removed"]);
        assert_eq!(names("_ga (Google Analytics)"), ["_ga"]);
    }

    #[test]
    fn patterns() {
        assert_eq!(globs("_ga_*"), [Some("_ga_*".to_string())]);
        assert_eq!(globs("_ga_<container-id>"), [Some("_ga_*".to_string())]);
        assert_eq!(globs("_pk_id.*"), [Some("_pk_id.*".to_string())]);
        assert_eq!(globs("_pk_ses.#"), [Some("_pk_ses.*".to_string())]);
        assert_eq!(globs("__utm*"), [Some("__utm*".to_string())]);
        assert_eq!(globs("wordpress_[hash]"), [Some("wordpress_*".to_string())]);
        let hs = split_names("Any cookie starting with _hs");
        assert_eq!(hs.len(), 1);
        assert_eq!(hs[0].glob.as_deref(), Some("_hs*"));
        let wp = split_names("cookies beginning with wp-settings-");
        assert_eq!(wp[0].glob.as_deref(), Some("wp-settings-*"));
        assert_eq!(globs("sessionid"), [None]);
    }

    #[test]
    fn capitalized_compounds_are_words() {
        assert!(!looks_technical("Sign-in"));
        assert!(!looks_technical("Opt-out"));
        assert!(looks_technical("wp-settings-1"));
        assert!(looks_technical("cookielawinfo-checkbox-analytics"));
        assert!(looks_technical("X-Mapping-abc"));
    }

    #[test]
    fn email_addresses_are_not_names() {
        assert!(names("privacy@example.com").is_empty());
        assert!(names("dpo@mail.example.co.uk").is_empty());
        assert_eq!(names("AMCV_1234ABCD@AdobeOrg"), ["AMCV_1234ABCD@AdobeOrg"]);
        assert_eq!(names("_ga, privacy@example.com"), ["_ga"]);
    }

    #[test]
    fn sentences_are_not_names() {
        assert!(names("This cookie is used to remember you").is_empty());
        assert_eq!(names("_ga (Google Analytics)"), ["_ga"]);
    }
}
