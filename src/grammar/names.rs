//! The name grammar: a name cell → one entry per cookie name, with patterns made into globs.
//!
//! A cell may list several names ("_ga, _gid and _gat", "_hjSessionUser; _hjid", "_ga / _gid"),
//! give a pattern (`_ga_*`, `_ga_<container-id>`, `_pk_id.*`, `_pk_ses.#`, `wordpress_[hash]`)
//! or describe a prefix in words ("Any cookie starting with _hs"). Text that is a sentence, not
//! a name, gives no entry.
use crate::grammar::lexicon::lexicons;
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

/// A name: name characters, with a slash inside (`ads/ga-audiences`) but not at either end.
fn name_token(input: &str) -> IResult<&str, &str> {
    let (mut rest, _) = take_while1(is_name_char)(input)?;
    while let Some(after) = rest.strip_prefix('/') {
        match take_while1::<_, &str, nom::error::Error<&str>>(is_name_char)(after) {
            Ok((next, _)) => rest = next,
            Err(_) => break,
        }
    }
    Ok((rest, &input[..input.len() - rest.len()]))
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

/// A word that joins the names of a list in one of the grammar languages ("and", "oder", "lub"),
/// whatever its case.
pub fn is_conjunction(word: &str) -> bool {
    lexicons().is_conjunction(word)
}

/// The cell cut at list separators: `,` `;` `/` `|` `&`, line breaks, and the conjunctions of
/// every language as whole words.
fn pieces(cell: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut word_start = 0;
    for (at, c) in cell.char_indices() {
        if c == '/' && !slash_separates(cell, at) {
            continue;
        }
        if matches!(c, ',' | ';' | '/' | '|' | '&' | '\n' | '\u{2022}') {
            pieces.push(&cell[start..at]);
            start = at + c.len_utf8();
            word_start = start;
        } else if c.is_whitespace() {
            // "mtm_consent (or mtm_consent_removed)": a conjunction opening a parenthesis gives
            // another name, not a comment.
            let word = cell[word_start..at].strip_prefix('(').unwrap_or(&cell[word_start..at]);
            if is_conjunction(word) && word_start > start {
                pieces.push(&cell[start..word_start]);
                start = at;
            }
            word_start = at + c.len_utf8();
        }
    }
    pieces.push(&cell[start..]);
    pieces
}

/// A slash between names lists them (`_ga / _gid`, `_ga/_gid`); one inside a token that is not
/// two names is part of the name (`ads/ga-audiences`, `pagead/1p-user-list/#`).
fn slash_separates(cell: &str, at: usize) -> bool {
    let before = &cell[..at];
    let after = &cell[at + 1..];
    if before.ends_with(char::is_whitespace) || after.starts_with(char::is_whitespace) {
        return true;
    }
    let edge = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|' | '&' | '/');
    // The edge may be a multi-byte space (NBSP): step over the whole character.
    let left_start = before.char_indices().rev().find(|&(_, c)| edge(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let left = &before[left_start..];
    let right = &after[..after.find(edge).unwrap_or(after.len())];
    let named = |t: &str| looks_technical(t) && t.chars().any(char::is_alphabetic);
    named(left) && named(right)
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
    let inner_capital = word.chars().skip(1).any(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !capitalized_compound(word);
    word.chars().all(is_name_char)
        && (word.contains(['_', '*', '#', '[', '<', '{', '.', ':'])
            || word.chars().any(|c| c.is_ascii_digit())
            || inner_capital
            || (word.contains('-') && !word.starts_with('-') && !capitalized_compound(word)))
}

/// How much one token says, on its own, that it is a cookie's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameEvidence {
    /// Not a name: a word with no letter, an e-mail address, a host or file name, a URL.
    None,
    /// Could be a name (`datr`, `PREF`, `k`) when where it stands says so.
    Weak,
    /// Reads as a name wherever it stands: technical (`_ga`, `cart_id`, `sessionId`) or a
    /// distinctive name the knowledge base lists.
    Strong,
}

/// How much `token` (one word, without the punctuation around it) reads as a cookie's name.
/// The one home of this judgement for every stage that looks for names in text.
pub fn name_evidence(token: &str) -> NameEvidence {
    if token.is_empty()
        || token.len() > 128
        || !token.split('/').all(|part| !part.is_empty() && part.chars().all(is_name_char))
        || !token.chars().any(char::is_alphabetic)
        || never_a_name(token)
    {
        return NameEvidence::None;
    }
    // A known name counts when it cannot be a word of the text: not all lower case (`session`),
    // not a capitalized word (`Consent`), not one letter.
    let known = || {
        token.chars().count() >= 2
            && !crate::knowledge::is_generic_name(token)
            && !crate::text::is_capitalized_word(token)
            && !crate::knowledge::base().lookup(token).is_empty()
    };
    // `{num_aleatorio}`: a name the site makes up at run time, written as its placeholder.
    if only_placeholder(token) {
        return NameEvidence::Weak;
    }
    if (looks_technical(token) && !names_a_vendor(token)) || known() {
        NameEvidence::Strong
    } else {
        NameEvidence::Weak
    }
}

/// `HubSpot`, `LinkedIn`, `YouTube`: a vendor's name as the vendor writes it, technical only by
/// its inner capital. On its own it is a provider cell as often as a cookie's name.
fn names_a_vendor(token: &str) -> bool {
    token.chars().all(char::is_alphanumeric)
        && token.chars().skip(1).any(char::is_uppercase)
        && crate::knowledge::vendor_as_written(token).is_some_and(|vendor| vendor == token)
}

/// A capitalized word of the grammar's vocabulary standing where a name should: a column label
/// ("Name", "Nazwa", "Durata"), a category ("Analytics", "Préférences"), a party ("Third-party")
/// or a kind of storage: a header cell or a badge read as a row, not a cookie. Lower-case names
/// such as `preferences` or `language` are real cookie names and stay.
pub fn is_vocabulary_word(token: &str) -> bool {
    if !token.starts_with(char::is_uppercase) || token.contains(['_', '*', '[', '<', '{', '#', '.']) {
        return false;
    }
    let lexicons = lexicons();
    let folded = fold(token);
    lexicons.exact_label_field(token, None).is_some()
        || lexicons.category_in(token).is_some()
            && lexicons
                .languages
                .iter()
                .any(|l| l.categories.iter().any(|(_, p)| p.text == folded || p.stem && folded.starts_with(&p.text)))
        || lexicons.party_in(token).is_some()
            && lexicons.languages.iter().any(|l| l.parties.iter().any(|(_, p)| p.text == folded))
        || lexicons.kind_in(token).is_some()
}

/// Tokens of name characters that are something else: a consent signal, an e-mail address, a
/// company's legal form, a host or file name, a value, an abbreviation.
pub fn never_a_name(token: &str) -> bool {
    crate::knowledge::is_known_non_cookie(token)
        || is_email_address(token)
        || is_company_form(token)
        || is_host_or_file_name(token)
        || !brackets_balance(token)
        || looks_like_value(token)
        || is_abbreviation(token)
}

/// `example.com`, `www.shop.example`, `analytics.js`, `wp-login.php`: a host or a file, not a
/// cookie. Cookie names with dots end in a digit, a pattern mark or a word longer than a
/// top-level domain (`_pk_id.1`, `_pk_ses.*`, `pdfjs.history`).
fn is_host_or_file_name(token: &str) -> bool {
    const FILE_ENDINGS: [&str; 20] = [
        "js", "mjs", "php", "html", "htm", "css", "json", "png", "jpg", "jpeg", "gif", "svg", "pdf", "asp", "aspx",
        "jsp", "xml", "txt", "ico", "webp",
    ];
    if token.contains("://") || token.starts_with("www.") {
        return true;
    }
    let labels: Vec<&str> = token.split('.').collect();
    let [.., before, last] = labels[..] else { return false };
    if before.is_empty() || !labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return false;
    }
    let last_lower = last.to_ascii_lowercase();
    FILE_ENDINGS.contains(&last_lower.as_str())
        || (2..=6).contains(&last.len()) && last.chars().all(|c| c.is_ascii_lowercase())
}

/// `{{companyname}}`, `<id>`, `[hash]`: a placeholder with no literal part names nothing.
fn only_placeholder(token: &str) -> bool {
    let mut depth = 0usize;
    let mut literal = false;
    for c in token.chars() {
        match c {
            '[' | '<' | '{' => depth += 1,
            ']' | '>' | '}' => depth = depth.saturating_sub(1),
            '*' | '#' => {}
            _ if depth == 0 => literal = true,
            _ => {}
        }
    }
    token.contains(['[', '<', '{']) && !literal
}

/// A long run of letters and digits with no separator (`mqy8y7hrz2cqypmihzmdrlkj64ife5ww`, a
/// base64 blob): a cookie's value or an identifier printed as an example, not a name.
fn looks_like_value(token: &str) -> bool {
    const LONGEST_WORD: usize = 24;
    token.len() > LONGEST_WORD
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=')
        && token.chars().any(|c| c.is_ascii_digit())
}

/// `e.g`, `i.e`, `z.B`, `p.ex`: letters between dots, an abbreviation of the text.
fn is_abbreviation(token: &str) -> bool {
    let parts: Vec<&str> = token.trim_end_matches('.').split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic))
}

/// Pattern placeholders open and close (`_ga_<id>`, `wordpress_[hash]`); a stray bracket is the
/// edge of a reference or a link in the text (`[Dlgs`).
fn brackets_balance(token: &str) -> bool {
    let mut depth: Vec<char> = Vec::new();
    for c in token.chars() {
        match c {
            '[' | '<' | '{' => depth.push(c),
            ']' | '>' | '}' => {
                let open = match c {
                    ']' => '[',
                    '>' => '<',
                    _ => '{',
                };
                if depth.pop() != Some(open) {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth.is_empty()
}

/// "Sign-in", "Opt-out", "E-mail": a capitalized compound word of the text. Hyphenated cookie
/// names are lower case (`wp-settings-1`) or carry a digit or an inner capital.
fn capitalized_compound(word: &str) -> bool {
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c == '-' || c.is_lowercase()) {
        return true;
    }
    // "IP-Adresse", "E-Mail-Adresse", "Google-Analytics": capitalized words and short acronyms
    // joined by hyphens.
    let parts: Vec<&str> = word.split('-').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let letters = p.chars().count();
            crate::text::is_capitalized_word(p) || (1..=4).contains(&letters) && p.chars().all(|c| c.is_uppercase())
        })
        && parts.iter().any(|p| crate::text::is_capitalized_word(p))
}

/// A name with its pattern marks turned into a glob.
fn name_item(word: &str) -> Option<NameItem> {
    let (rest, token) = name_token(word).ok()?;
    // A name has a letter: "+49" or "2024" in the text around a table is a number.
    if !rest.is_empty() || !token.chars().any(char::is_alphabetic) || token.chars().count() > 128 {
        return None;
    }
    if never_a_name(token) {
        return None;
    }
    let glob = glob_of(token);
    Some(NameItem { name: token.to_string(), pattern: glob.is_some(), glob })
}

/// "GmbH", "Ltd", "S.A.": the legal form of a company in an address or copyright line under a
/// table. Compared as written: the forms come from every grammar file.
fn is_company_form(token: &str) -> bool {
    lexicons().is_company_form(token.trim_end_matches([',', ';']))
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

/// A cell that can hold cookie names: a few tokens, the first of which reads as a name.
pub fn looks_like_name_cell(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && !split_names(text).is_empty()
        && (looks_technical(words[0]) || words.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conjunctions_come_from_every_grammar_file() {
        for word in ["and", "Oder", "lub", "eller", "tai", "nebo", "&"] {
            assert!(is_conjunction(word), "{word}");
        }
        assert!(!is_conjunction("cookie") && !is_conjunction("_ga"));
    }

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
        assert_eq!(names("_ga/_gid"), ["_ga", "_gid"]);
        assert_eq!(names("ads/ga-audiences"), ["ads/ga-audiences"]);
        // An NBSP before a slashed token (found by a property test).
        assert_eq!(names("__utma\u{a0}_x/_y"), ["__utma", "_x", "_y"]);
        assert_eq!(names("pagead/1p-user-list/#"), ["pagead/1p-user-list/#"]);
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
    fn evidence_of_a_name() {
        use NameEvidence::*;
        assert_eq!(name_evidence("_ga"), Strong);
        assert_eq!(name_evidence("sessionId"), Strong);
        assert_eq!(name_evidence("_pk_id.1"), Strong);
        assert_eq!(name_evidence("pdfjs.history"), Strong);
        assert_eq!(name_evidence("_ga_<container-id>"), Strong);
        assert_eq!(name_evidence("datr"), Weak);
        assert_eq!(name_evidence("PREF"), Strong);
        assert_eq!(name_evidence("Nazwa"), Weak);
        assert_eq!(name_evidence("analytics.js"), None);
        assert_eq!(name_evidence("smaling.net"), None);
        assert_eq!(name_evidence("www.example.org"), None);
        assert_eq!(name_evidence("privacy@example.com"), None);
        assert_eq!(name_evidence("[Dlgs"), None);
        assert_eq!(name_evidence("2024"), None);
        assert_eq!(name_evidence("{{companyname}}"), Weak);
        assert_eq!(name_evidence("mqy8y7hrz2cqypmihzmdrlkj64ife5ww"), None);
        assert_eq!(name_evidence("e.g"), None);
        assert_eq!(name_evidence("IP-Adresse"), Weak);
    }

    #[test]
    fn sentences_are_not_names() {
        assert!(names("This cookie is used to remember you").is_empty());
        assert_eq!(names("_ga (Google Analytics)"), ["_ga"]);
    }
}
