//! Names written inside sentences: "we use a cookie called "Auth"", "il cookie wordpress_[hash]",
//! "un cookie propriétaire unique nommé _ga", "with key "pdfjs.history"". A name in a sentence
//! declares a cookie when it is a known cookie name, or when a noun for a cookie or a naming word
//! stands near it, or when the text sets it apart in quotes or code after such a word. A name
//! the document already declares elsewhere, a name inside a URL, a function (`name()`) and an
//! assignment (`name=value`) are mentions, not declarations.
use super::lines::Line;
use crate::grammar::names::{name_evidence, NameEvidence};
use crate::grammar::Lexicons;
use crate::outline::providers::{agent, sentences, setter, words, Word};
use crate::text::fold;
use std::collections::HashSet;
use std::ops::Range;

/// A name declared in a sentence, with what the sentence says of it.
#[derive(Debug, Clone)]
pub struct Mention {
    pub name: Range<usize>,
    pub sentence: Range<usize>,
    /// The lifetime the sentence gives, when it names this cookie alone.
    pub duration: Option<Range<usize>>,
    /// The subject of a verb by which it is set ("WordPress utilizza il cookie …").
    pub provider: Option<Range<usize>>,
    /// Storage other than a cookie the sentence says it is ("uses local storage (with key …)").
    pub kind: Option<crate::model::Kind>,
    /// The category an overview's item gives by its label ("Analytics (opt-in): …").
    pub category: Option<crate::grammar::Category>,
}

/// Words before a name in which a noun for a cookie or a naming word counts, and after it.
const NOUN_BEFORE: usize = 6;
const NOUN_AFTER: usize = 3;
/// A marked name (quotes, code) of a plain word needs the naming word closer.
const MARKED_WORD_BEFORE: usize = 3;

/// The mentions in the paragraphs made of `lines` whose `free` flag is set.
pub fn mentions(
    text: &str,
    lines: &[Line],
    free: &[bool],
    declared: &super::DeclaredNames<'_>,
    declaring_section: &dyn Fn(usize) -> bool,
    lexicons: &Lexicons,
) -> Vec<Mention> {
    let mut found = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < lines.len() {
        if !free[i] || lines[i].blank {
            i += 1;
            continue;
        }
        // A paragraph: free lines with content, one after another; a heading or a list item
        // starts a paragraph of its own.
        let start = i;
        i += 1;
        while i < lines.len() && free[i] && !lines[i].blank && !lines[i].heading && !lines[i].bullet {
            i += 1;
        }
        // A list item's text starts after its bullet.
        let paragraph = lines[start].body.start.min(lines[i - 1].range.end)..lines[i - 1].range.end;
        let overview = category_item(text, &lines[start], lexicons);
        for sentence in sentences(text, paragraph) {
            let place = Place { declaring_section: declaring_section(sentence.start), overview };
            read_sentence(text, sentence, declared, place, &mut seen, lexicons, &mut found);
        }
    }
    found
}

/// Where a sentence stands, which says how much a name in it needs around it.
#[derive(Clone, Copy)]
struct Place {
    /// In a section that declares cookies already.
    declaring_section: bool,
    /// In a list item that opens with a category's label: that category (see [`category_item`]).
    overview: Option<crate::grammar::Category>,
}

/// A list item that opens with a category's label and a colon ("Analytics (opt-in): GA4 (_ga,
/// _gid) …", "Functional: PHPSESSID for the session"): an overview that declares the names it
/// lists, by category, whether or not a table further on declares them again.
fn category_item(text: &str, line: &Line, lexicons: &Lexicons) -> Option<crate::grammar::Category> {
    const MAX_LABEL_WORDS: usize = 4;
    if !line.bullet {
        return None;
    }
    let (label, rest) = text[line.body.clone()].split_once(':')?;
    if rest.trim().is_empty() || label.split_whitespace().count() > MAX_LABEL_WORDS {
        return None;
    }
    lexicons.heading_category(label)
}

/// For each name of a sentence (in order), the innermost parenthesis still open where it
/// starts, in one pass over the sentence.
fn open_parentheses(text: &str, sentence: &Range<usize>, names: &[(Range<usize>, usize)]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(names.len());
    let mut next = names.iter().map(|(n, _)| n.start).peekable();
    for (at, c) in text[sentence.clone()].char_indices().map(|(i, c)| (sentence.start + i, c)) {
        while next.next_if(|&start| start <= at).is_some() {
            out.push(open.last().copied());
        }
        match c {
            '(' => open.push(at),
            ')' => {
                open.pop();
            }
            _ => {}
        }
    }
    out.extend(next.map(|_| open.last().copied()));
    out
}

/// "GA4 (_ga, _ga_*, _gid)", "Hotjar (_hjSession_*)": a known vendor written right before the
/// parenthesis at `open` that holds a name, as written.
fn vendor_before(text: &str, from: usize, open: usize) -> Option<Range<usize>> {
    // A vendor's name is a few words: only the end of the text before the parenthesis is read.
    const LONGEST: usize = 64;
    let from = crate::text::ceil_char_boundary(text, from.max(open.saturating_sub(LONGEST)));
    let words = text[from..open].trim_end();
    // Where the last `n` words before the parenthesis start ("GA4 (", "Google Analytics (").
    let last_words = |n: usize| {
        let mut at = words.len();
        for _ in 0..n {
            at = words[..at]
                .trim_end()
                .char_indices()
                .rfind(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
        }
        at
    };
    [2, 1].into_iter().find_map(|n| {
        let at = last_words(n);
        let candidate = &words[at..];
        // The vendor is the whole candidate, not a word inside a longer phrase.
        (crate::knowledge::vendor_as_written(candidate)? == candidate).then(|| from + at..from + words.len())
    })
}

/// Signs only an identifier holds in a sentence: underscores and the marks of a pattern.
const IDENTIFIER_MARKS: [char; 7] = ['_', '[', '<', '{', '*', '#', '$'];

const QUOTES: [(char, char); 7] = [
    ('"', '"'),
    ('\'', '\''),
    ('`', '`'),
    ('\u{201C}', '\u{201D}'),
    ('\u{2018}', '\u{2019}'),
    ('\u{00AB}', '\u{00BB}'),
    ('\u{201E}', '\u{201C}'),
];

/// The name a word holds, without the punctuation and quotes around it, and whether it was
/// quoted; None for a word that is a URL, a function call or an assignment.
fn name_in(text: &str, word: &Range<usize>) -> Option<(Range<usize>, bool)> {
    let w = &text[word.clone()];
    if w.contains("://") || w.starts_with("www.") || w.contains('=') || w.contains("()") {
        return None;
    }
    let trimmed_end = w.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
    let mut inner = trimmed_end.trim_start_matches('(');
    let mut marked = false;
    for (open, close) in QUOTES {
        if let Some(rest) = inner.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            inner = rest;
            marked = true;
            break;
        }
    }
    // Bold or emphasis marks of Markdown: every mark before the word, and after it those that
    // close the ones before or a run of two or more (a pattern's one trailing `*`, `_ga_*`,
    // stays).
    let opening = inner.len() - inner.trim_start_matches('*').len();
    inner = &inner[opening..];
    let trailing = inner.len() - inner.trim_end_matches('*').len();
    let closing = if opening > 0 {
        opening.min(trailing)
    } else if trailing >= 2 {
        trailing
    } else {
        0
    };
    inner = &inner[..inner.len() - closing];
    if inner.is_empty() {
        return None;
    }
    let at = word.start + (inner.as_ptr() as usize - w.as_ptr() as usize);
    Some((at..at + inner.len(), marked))
}

fn read_sentence(
    text: &str,
    sentence: Range<usize>,
    declared: &super::DeclaredNames<'_>,
    place: Place,
    seen: &mut HashSet<String>,
    lexicons: &Lexicons,
    found: &mut Vec<Mention>,
) {
    // Most sentences hold no token that could be kept (a plain word needs quotes or a hyphen or
    // dot after a naming word; capitals need a known name; a name needs a letter, which a
    // heading's `##` has not): the words are folded only for a sentence that holds one.
    let could_be_kept = text[sentence.clone()].split_whitespace().any(|raw| {
        if plain_word(raw) {
            return false;
        }
        let at = raw.as_ptr() as usize - text.as_ptr() as usize;
        let Some((name, marked)) = name_in(text, &(at..at + raw.len())) else { return false };
        let token = &text[name];
        token.chars().any(char::is_alphabetic)
            && (marked || could_keep(token) || raw.trim_matches(|c: char| !c.is_alphanumeric()).contains(['-', '.']))
    });
    if !could_be_kept {
        return;
    }
    let words = words(text, sentence.clone());
    if words.is_empty() {
        return;
    }
    let cookie_noun =
        |w: &Word| lexicons.cookie_nouns_in(&w.folded).next().is_some() || lexicons.kind_in(&w.folded).is_some();
    let naming_end: Vec<usize> = {
        // Word indices right after a naming word or phrase.
        let joined: String = words.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>().join(" ");
        let mut starts = Vec::with_capacity(words.len());
        let mut at = 0;
        for w in &words {
            starts.push(at);
            at += w.folded.len() + 1;
        }
        lexicons.naming_ends(&joined).filter_map(|end| starts.iter().position(|&s| s >= end)).collect()
    };
    // Only a token shaped like an identifier (`privacy-options`, not "an" or "Adserver").
    let named_just_before = |index: usize| {
        let token = text[words[index].range.clone()].trim_matches(|c: char| !c.is_alphanumeric());
        naming_end.contains(&index) && token.contains(['-', '.']) && !token.starts_with(char::is_uppercase)
    };
    let near = |index: usize, before: usize, after: usize| {
        let from = index.saturating_sub(before);
        let to = (index + after + 1).min(words.len());
        (from..to).any(|j| j != index && cookie_noun(&words[j]))
            || naming_end.iter().any(|&n| n <= index && index - n < before)
    };
    let mut in_sentence: Vec<(Range<usize>, usize)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let Some((name, marked)) = name_in(text, &word.range) else { continue };
        let token = &text[name.clone()];
        // What every shape below needs to be kept, tested before the lookups: most words of a
        // sentence that holds one candidate are plain words.
        if !(marked || could_keep(token) || named_just_before(index)) {
            continue;
        }
        // A word the grammar knows as something else (a noun for a cookie, a category, a
        // lifetime, a kind of storage, a column label) is not a name.
        // (An identifier holding such a word, `ek_statistika`, stays a name.)
        let folded = fold(token);
        let plain = !token.contains(IDENTIFIER_MARKS);
        if name_evidence(token) == NameEvidence::None
            || plain
                && (lexicons.kind_in(token).is_some()
                    || lexicons.cookie_nouns_in(&folded).next().is_some()
                    || lexicons.category_in(token).is_some()
                    || lexicons.party_in(token).is_some()
                    || crate::grammar::duration::reads_as_duration(token))
            || lexicons.exact_label_field(token, None).is_some()
        {
            continue;
        }
        let keep = match shape(token) {
            // An identifier set apart as code or in quotes is a name.
            // ... and so is one in a sentence of a section that declares cookies already, in any
            // language, whether or not its grammar knows the nouns around it.
            Shape::Identifier => {
                marked
                    || known(token)
                    || place.declaring_section
                    || place.overview.is_some()
                    || near(index, NOUN_BEFORE, NOUN_AFTER)
            }
            Shape::LowerCamel => {
                near(index, MARKED_WORD_BEFORE, 2) || marked && text[word.range.clone()].starts_with('`')
            }
            Shape::Capitals => {
                known(token)
                    && (place.overview.is_some() || near(index, 2, 2) || marked && near(index, MARKED_WORD_BEFORE, 0))
            }
            // A word right after a naming word is the name given ("a cookie called
            // privacy-options").
            Shape::Word => marked && near(index, MARKED_WORD_BEFORE, 0) || named_just_before(index),
        };
        // An overview lists again what a table declares: each is a declaration of its own.
        if !keep || place.overview.is_none() && declared.contains(token) || !seen.insert(token.to_string()) {
            continue;
        }
        in_sentence.push((name, index));
    }
    if in_sentence.is_empty() {
        return;
    }
    let alone = in_sentence.len() == 1;
    let provider = setter(text, &words, lexicons)
        .or_else(|| agent(text, &words, lexicons))
        .or_else(|| labelled_provider(text, &words));
    // Read once per sentence, not once per name (a sentence may list thousands).
    let kind = lexicons.storage_named(&text[sentence.clone()]);
    let opened = open_parentheses(text, &sentence, &in_sentence);
    // Where each name's clause ends: at the next name, or at the sentence's end.
    let clause_ends: Vec<usize> =
        in_sentence.iter().skip(1).map(|(next, _)| next.start).chain(std::iter::once(sentence.end)).collect();
    let lifetime_in = |range: Range<usize>| {
        crate::grammar::duration::find_duration(&text[range.clone()])
            .filter(|(_, d)| d.seconds.is_some() || d.kind != crate::grammar::duration::DurationKind::Unknown)
            .map(|(r, _)| range.start + r.start..range.start + r.end)
    };
    for (((name, _), open), clause_end) in in_sentence.into_iter().zip(opened).zip(clause_ends) {
        // A name alone takes the sentence's lifetime; among several, each takes the one in the
        // clause that follows it ("a cookie called a, which lasts two years, and one called b,
        // which is deleted when you close your browser").
        let duration = if alone { lifetime_in(sentence.clone()) } else { lifetime_in(name.end..clause_end) };
        let provider = open.and_then(|open| vendor_before(text, sentence.start, open)).or_else(|| provider.clone());
        found.push(Mention { name, sentence: sentence.clone(), duration, provider, kind, category: place.overview });
    }
}

/// A word of letters, none a capital but the first, and the punctuation that may end it
/// ("cookies,", "Google.", "página"): not marked, no identifier sign, not camel case, not all
/// capitals, no hyphen or dot inside. No shape keeps it, and most words of a sentence are such.
fn plain_word(raw: &str) -> bool {
    let word = raw.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(|c| c.is_alphabetic() && !c.is_uppercase())
}

/// The signs an unmarked token needs to be kept as an identifier, a camel-case name or a known
/// name in capitals, tested without the lookups [`shape`] makes.
fn could_keep(token: &str) -> bool {
    let alphanumeric = token.chars().all(char::is_alphanumeric);
    let identifier = token.contains(IDENTIFIER_MARKS);
    let camel = alphanumeric && token.starts_with(char::is_lowercase) && token.chars().any(char::is_uppercase);
    let letters = token.chars().filter(|c| c.is_alphabetic());
    let capitals = alphanumeric && letters.clone().count() >= 3 && letters.into_iter().all(char::is_uppercase);
    identifier || camel || capitals && known(token)
}

/// How a token in a sentence is written, which says how much it needs around it to be a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Underscores or pattern marks (`_ga`, `wordpress_[hash]`): a name wherever it stands.
    Identifier,
    /// `sessionId`, `cookieConsent`: a name next to a noun for a cookie.
    LowerCamel,
    /// `NID`, `PREF`: a known name next to a noun for a cookie.
    Capitals,
    /// Anything else (`first-party`, `JavaScript`, `Auth`, `pdfjs.history`): a word of the text,
    /// unless quoted right after a naming word.
    Word,
}

fn shape(token: &str) -> Shape {
    let starts_with_digit = token.starts_with(|c: char| c.is_ascii_digit());
    let placeholder_only = name_evidence(token) == NameEvidence::Weak && token.contains(['[', '<', '{']);
    if token.contains(IDENTIFIER_MARKS) && !token.contains(':') && !placeholder_only {
        return Shape::Identifier;
    }
    if starts_with_digit || token.contains(':') {
        return Shape::Word;
    }
    let alphanumeric = token.chars().all(char::is_alphanumeric);
    let first_lower = token.starts_with(char::is_lowercase);
    if alphanumeric && first_lower && token.chars().any(char::is_uppercase) {
        // `monthsHubSpot`: a word of the text run into the next one, not a camel-case name.
        let prefix: String = token.chars().take_while(|c| c.is_lowercase()).collect();
        let lexicons = crate::grammar::lexicons();
        let glued =
            crate::grammar::duration::reads_as_duration(&format!("1 {prefix}")) || lexicons.is_function_word(&prefix);
        return if glued { Shape::Word } else { Shape::LowerCamel };
    }
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) && alphanumeric {
        return Shape::Capitals;
    }
    Shape::Word
}

/// A name the knowledge base lists (exactly, or under a prefix it names), not a plain word.
fn known(token: &str) -> bool {
    !crate::knowledge::is_generic_name(token) && !crate::knowledge::base().lookup(token).is_empty()
}

/// "Google Analytics : `_ga`, `_gid`": a vendor named before a colon that opens the sentence.
fn labelled_provider(text: &str, words: &[Word]) -> Option<Range<usize>> {
    const MAX_LABEL_WORDS: usize = 4;
    let colon =
        words.iter().take(MAX_LABEL_WORDS + 1).position(|w| text[w.range.clone()].ends_with(':') || w.folded == ":")?;
    if colon == 0 && text[words[0].range.clone()] == *":" {
        return None;
    }
    let end = if text[words[colon].range.clone()] == *":" { colon } else { colon + 1 };
    let label = words[0].range.start..words[end - 1].range.end;
    let label_text = text[label.clone()].trim_end_matches(':').trim_end();
    let title_case = label_text.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    (crate::knowledge::vendor_in(label_text).is_some() || title_case && label_text.split_whitespace().count() >= 2)
        .then(|| label.start..label.start + label_text.len())
}
