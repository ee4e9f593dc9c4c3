//! Who sets the cookies a passage declares, as the passage writes it: the subject of a setting
//! verb ("Google Analytics sets …", "WordPress utilizza …"), the name after an agent word
//! ("Définis directement par ScrapeMaster :", "set by Hotjar"), or the one known vendor the
//! lines that introduce a list name ("The site uses Google Analytics 4 … the following cookies
//! are set:"). Sentence mentions and the lead-ins of tables and lists share these readings.
use crate::grammar::Lexicons;
use crate::text::fold;
use std::ops::Range;

/// A word of running text: its bytes in the document and its folded form.
pub struct Word {
    pub range: Range<usize>,
    pub folded: String,
}

/// The white-space separated words of `text[range]`.
pub fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(from) = start.take() {
                let r = range.start + from..range.start + at;
                out.push(Word { folded: fold(&text[r.clone()]), range: r });
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    out
}

/// Sentences of a paragraph: cut after `.`, `!` or `?` followed by white space and a capital,
/// a digit or the end; line breaks inside a sentence do not cut it.
pub fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[paragraph.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    // (Each mark is one byte.)
    for (at, _) in s.match_indices(['.', '!', '?']) {
        let mut rest = s[at + 1..].chars();
        let (next, after) = (rest.next(), rest.next());
        if next.is_some_and(char::is_whitespace) && after.is_none_or(|c| c.is_uppercase() || c.is_ascii_digit()) {
            out.push(paragraph.start + start..paragraph.start + at + 1);
            start = at + 1;
        }
    }
    if start < s.len() {
        out.push(paragraph.start + start..paragraph.end);
    }
    out
}

/// Whether a word is a function word of some grammar language ("the", "we", "may", "der").
fn is_function_word(word: &Word, lexicons: &Lexicons) -> bool {
    let bare = word.folded.trim_matches(|c: char| !c.is_alphanumeric());
    bare.is_empty() || lexicons.is_function_word(bare)
}

/// Word indices at which a phrase of `set` starts, matched on the folded words joined by spaces.
fn phrase_starts<'w>(words: &'w [Word], find: impl Fn(&str) -> Vec<usize>) -> impl Iterator<Item = usize> + 'w {
    let joined: String = words.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>().join(" ");
    let mut starts = Vec::with_capacity(words.len());
    let mut at = 0;
    for w in words {
        starts.push(at);
        at += w.folded.len() + 1;
    }
    find(&joined).into_iter().filter_map(move |s| starts.iter().position(|&w| w == s))
}

/// A name as a document writes a provider: a capital first or a technical mark in it
/// ("Google", "analytics.js"), not a common word.
fn is_named(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase) || text.contains(['.', '_'])
}

/// The subject of a verb by which a provider sets cookies: one to three words right before the
/// verb, none of them a function word of any language ("WordPress utilizza", "analytics.js
/// utilise", "Google Analytics sets").
pub fn setter(text: &str, words: &[Word], lexicons: &Lexicons) -> Option<Range<usize>> {
    const MAX_SUBJECT_WORDS: usize = 3;
    let verb = phrase_starts(words, |joined| lexicons.setting_starts(joined).collect()).next()?;
    let mut first = verb;
    while first > 0 && verb - first < MAX_SUBJECT_WORDS && !is_function_word(&words[first - 1], lexicons) {
        let previous = &text[words[first - 1].range.clone()];
        if previous.ends_with([',', '.', ';', ':']) {
            break;
        }
        first -= 1;
    }
    if first == verb {
        return None;
    }
    let subject = words[first].range.start..words[verb - 1].range.end;
    // A name, not a sentence's opening word alone.
    is_named(&text[subject.clone()]).then_some(subject)
}

/// The name right after an agent word ("par ScrapeMaster", "set by Google Analytics"): one to
/// three named words, up to punctuation or a function word.
pub fn agent(text: &str, words: &[Word], lexicons: &Lexicons) -> Option<Range<usize>> {
    const MAX_NAME_WORDS: usize = 3;
    for at in phrase_starts(words, |joined| lexicons.agent_starts(joined).collect()) {
        let first = at + 1;
        let mut last = first;
        while last < words.len() && last - first < MAX_NAME_WORDS {
            let word = &words[last];
            let bare = text[word.range.clone()].trim_end_matches([',', '.', ';', ':', ')']);
            if bare.is_empty() || !is_named(bare) || is_function_word(word, lexicons) {
                break;
            }
            last += 1;
            if text[word.range.clone()].len() != bare.len() {
                break;
            }
        }
        if last > first {
            let start = words[first].range.start;
            let end = words[last - 1].range.start
                + text[words[last - 1].range.clone()].trim_end_matches([',', '.', ';', ':', ')']).len();
            return Some(start..end);
        }
    }
    None
}

/// The provider the running text right before `start` names for what follows, as written:
/// among the last lines before it (back to a blank line, or to `since`, where the section
/// begins), the nearest sentence that names who sets the cookies (an agent, or the subject of a
/// setting verb), else the one vendor those lines name. Two different vendors named, or none:
/// no provider.
pub fn introduced_provider(text: &str, start: usize, since: usize, lexicons: &Lexicons) -> Option<String> {
    const LEAD_IN_LINES: usize = 3;
    // A longer sentence names tools in passing ("… erkennbar an einer Einbindung von gtag.js,
    // analytics.js oder über den Google Tag Manager, werden folgende Cookies gesetzt:").
    const MAX_AGENT_SENTENCE_WORDS: usize = 16;
    const MAX_NAMING_SENTENCE_WORDS: usize = 20;
    let mut vendors: Vec<String> = Vec::new();
    let mut named: Vec<String> = Vec::new();
    // Column labels written one per line right before the rows are their header, not their
    // lead-in ("Key", "Status", "Description"): the lead-in is read above them.
    let mut end = crate::text::floor_char_boundary(text, start);
    loop {
        let mut labels = super::lines_before(text, end).peekable();
        let Some(line) = labels.peek().copied() else { break };
        if lexicons.exact_label_field(line, None).is_none() {
            break;
        }
        let Some(at) = text[..end].rfind(line) else { break };
        end = at;
    }
    let start = end;
    for line in super::lines_before(text, start).take(LEAD_IN_LINES) {
        let Some(line_start) = text[..end].rfind(line) else { break };
        // A line that opens with a pipe is a row of the table before, not a sentence that
        // introduces this one.
        if line_start < since || line.trim_start().starts_with('|') {
            break;
        }
        end = line_start;
        let range = line_start..line_start + line.len();
        for sentence in sentences(text, range).into_iter().rev() {
            let folded = fold(&text[sentence.clone()]);
            let introduces = text[sentence.clone()].trim_end().ends_with(':')
                || lexicons.cookie_nouns_in(&folded).next().is_some()
                || lexicons.storage_named(&text[sentence.clone()]).is_some();
            let words = words(text, sentence.clone());
            if introduces {
                let short = words.len() <= MAX_AGENT_SENTENCE_WORDS;
                // The subject of a setting verb counts when it opens the sentence ("Axeptio uses
                // cookies …"), not a clause's in a longer one ("Wenn Sie die aktuelle Version …
                // verwenden").
                let opening = words.first().map(|w| w.range.start);
                let who = agent(text, &words, lexicons)
                    .filter(|_| short)
                    .or_else(|| setter(text, &words, lexicons).filter(|s| Some(s.start) == opening));
                // A provider is named with a capital: "Necessary cookies store …" names a class of
                // cookies, and "gtag.js sets …" a script, not who sets them.
                let who = who.map(|r| &text[r]).filter(|name| {
                    name.starts_with(char::is_uppercase)
                        && lexicons.cookie_nouns_in(&fold(name)).next().is_none()
                        && lexicons.storage_named(name).is_none()
                });
                if let Some(name) = who {
                    // "Google's tag sets …": the vendor in the subject, as written.
                    return Some(crate::knowledge::vendor_as_written(name).unwrap_or_else(|| name.to_string()));
                }
            }
            let vendor = (words.len() <= MAX_NAMING_SENTENCE_WORDS)
                .then(|| crate::knowledge::vendor_as_written(&text[sentence.clone()]))
                .flatten();
            if let Some(vendor) = vendor {
                vendors.push(vendor);
                for other in crate::knowledge::vendors_in(&text[sentence.clone()]) {
                    if !named.contains(&other) {
                        named.push(other);
                    }
                }
            }
        }
    }
    // One vendor, however many times and ways it is written ("Google Analytics 4", "Google
    // Analytics").
    (named.len() == 1).then(|| vendors.first().cloned()).flatten()
}

/// The vendor a list item names for the items nested under it, as the range of its name in
/// `text`: the item is a known vendor's name alone ("- Google Analytics", "* **Hotjar**:"), or a
/// short sentence that says who sets what follows ("* **Vixen Analytics** sets:", "- Cookies set
/// by Orbit:"). Emphasis and code marks around words are no part of the name.
pub fn item_vendor(text: &str, item: Range<usize>, lexicons: &Lexicons) -> Option<Range<usize>> {
    const MAX_NAME_WORDS: usize = 4;
    // Twelve words and their marks: a longer item is a description, not worth reading word by
    // word.
    const MAX_ITEM_BYTES: usize = 240;
    if item.len() > MAX_ITEM_BYTES {
        return None;
    }
    let marks = |c: char| matches!(c, '*' | '_' | '`');
    let words: Vec<Word> = words(text, item.clone())
        .into_iter()
        .filter_map(|word| {
            let raw = &text[word.range.clone()];
            let inner = raw.trim_start_matches(marks);
            let start = word.range.start + (raw.len() - inner.len());
            let end = start + inner.trim_end_matches(marks).len();
            (start < end).then(|| Word { folded: fold(&text[start..end]), range: start..end })
        })
        .collect();
    let (first, last) = (words.first()?, words.last()?);
    let body = first.range.start..last.range.end;
    let written = &text[body.clone()];
    let bare = written.trim_end_matches(|c: char| c == ':' || marks(c) || c.is_whitespace());
    if words.len() <= MAX_NAME_WORDS {
        if let Some(vendor) = crate::knowledge::vendor_as_written(bare).filter(|v| v.len() * 2 >= bare.len()) {
            let at = text[body.clone()].find(&vendor)?;
            return Some(body.start + at..body.start + at + vendor.len());
        }
    }
    let introduces = written.ends_with(':') || lexicons.cookie_nouns_in(&fold(written)).next().is_some();
    if !introduces || words.len() > MAX_AGENT_ITEM_WORDS {
        return None;
    }
    let opening = first.range.start;
    let who =
        agent(text, &words, lexicons).or_else(|| setter(text, &words, lexicons).filter(|s| s.start == opening))?;
    let name = &text[who.clone()];
    // A name, not a class of cookies or of parties ("Third Parties"), and the one vendor the
    // item names ("Cookies set by Google and Meta:" gives none).
    let named = name.starts_with(char::is_uppercase)
        && lexicons.cookie_nouns_in(&fold(name)).next().is_none()
        && lexicons.storage_named(name).is_none()
        && lexicons.party_in(name).is_none()
        && crate::knowledge::vendors_in(&text[item]).len() <= 1;
    named.then_some(who)
}

/// Words at most of a list item that says who sets the cookies under it.
const MAX_AGENT_ITEM_WORDS: usize = 12;

/// The vendor a heading names: a known vendor as written, or, where the heading before it at the
/// same level named a vendor, a bare name ("# [GitHub](#tab/github)" after "# [Google](…)": a
/// page of tabs, one per vendor).
pub fn heading_vendor(title: &str, level: u8, sibling_named_vendor: bool, lexicons: &Lexicons) -> Option<String> {
    const MAX_NAME_WORDS: usize = 2;
    if let Some(vendor) = crate::knowledge::vendor_as_written(title) {
        return Some(vendor);
    }
    // Only a Markdown heading: a plain-text line shaped like a title is too often a word.
    if !sibling_named_vendor || level == 0 {
        return None;
    }
    let title = title.trim();
    let words = words(title, 0..title.len());
    let bare = (1..=MAX_NAME_WORDS).contains(&words.len())
        && words.iter().all(|w| {
            let word = &title[w.range.clone()];
            word.starts_with(char::is_uppercase)
                && word.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '&'))
        })
        && !words.iter().any(|w| is_function_word(w, lexicons))
        && lexicons.cookie_nouns_in(&fold(title)).next().is_none()
        && lexicons.heading_category(title).is_none()
        && lexicons.storage_named(title).is_none()
        && lexicons.exact_label_field(title, None).is_none();
    bare.then(|| title.to_string())
}

/// What gives a passage its provider: the lead-in's, unless the heading above names the same
/// vendor more precisely ("Google Analytics cookies" over "Google's tag sets the following"), or
/// names a known vendor where the lead-in names a tool of no known vendor ("gtag.js sets the
/// following cookies" under "Google Analytics").
pub fn lead_in_or_heading(lead_in: Option<String>, heading: Option<&str>) -> Option<String> {
    match (lead_in, heading) {
        (Some(lead), Some(heading))
            if fold(heading).starts_with(&fold(&lead)) || crate::knowledge::vendor_in(&lead).is_none() =>
        {
            Some(heading.to_string())
        }
        (Some(lead), _) => Some(lead),
        (None, heading) => heading.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(text: &str) -> Option<String> {
        let start = text.rfind('\n').map_or(0, |i| i + 1);
        introduced_provider(text, start, 0, crate::grammar::lexicons())
    }

    #[test]
    fn who_sets_the_cookies_is_read_from_the_lines_that_introduce_them() {
        assert_eq!(provider("Définis directement par Ovenmetrics :\nsid").as_deref(), Some("Ovenmetrics"));
        assert_eq!(
            provider("Qwertly uses cookies to keep your consent.\nHere they are:\nqw_c").as_deref(),
            Some("Qwertly")
        );
        assert_eq!(
            provider("The site uses Google Analytics 4 for statistics. The following cookies are set:\n_ga").as_deref(),
            Some("Google Analytics 4")
        );
        // A class of cookies, a script and a pronoun are not providers.
        assert_eq!(provider("Necessary cookies store your choices:\nsid"), None);
        assert_eq!(provider("gtag.js sets the following cookies:\n_ga"), None);
        assert_eq!(provider("We use the following cookies:\nsid"), None);
        // Two vendors named in passing: none of them.
        assert_eq!(provider("We use Matomo and Hotjar. These cookies are set:\nx"), None);
    }

    #[test]
    fn list_items_name_the_vendor_of_the_items_nested_in_them() {
        let vendor = |item: &str| {
            item_vendor(item, 0..item.len(), crate::grammar::lexicons()).map(|range| item[range].to_string())
        };
        assert_eq!(vendor("Google Analytics").as_deref(), Some("Google Analytics"));
        assert_eq!(vendor("**Hotjar**:").as_deref(), Some("Hotjar"));
        assert_eq!(vendor("**Ovenmetrics** sets:").as_deref(), Some("Ovenmetrics"));
        assert_eq!(vendor("Cookies set by Ovenmetrics Ltd:").as_deref(), Some("Ovenmetrics Ltd"));
        // A bare name no one knows, a class of cookies, a sentence that names a vendor in passing.
        assert_eq!(vendor("Shopping Cart"), None);
        assert_eq!(vendor("Analytics cookies:"), None);
        assert_eq!(vendor("We compared Google Analytics with other tools before choosing one"), None);
        assert_eq!(vendor("Cookies set by Third Parties:"), None);
        assert_eq!(vendor("Cookies set by Google and Meta:"), None);
    }

    #[test]
    fn headings_name_vendors_as_written() {
        let lexicons = crate::grammar::lexicons();
        assert_eq!(
            heading_vendor("Analytics (Google Analytics 4)", 2, false, lexicons).as_deref(),
            Some("Google Analytics 4")
        );
        assert_eq!(heading_vendor("facebook.com", 0, false, lexicons).as_deref(), Some("facebook.com"));
        // A bare name is a vendor among tabs of vendors, in Markdown headings only.
        assert_eq!(heading_vendor("Qwertly", 1, true, lexicons).as_deref(), Some("Qwertly"));
        assert_eq!(heading_vendor("Qwertly", 1, false, lexicons), None);
        assert_eq!(heading_vendor("Qwertly", 0, true, lexicons), None);
        assert_eq!(heading_vendor("Analytics cookies", 1, true, lexicons), None);
        assert_eq!(heading_vendor("Duration", 1, true, lexicons), None);
    }

    #[test]
    fn a_heading_that_names_the_vendor_more_precisely_wins() {
        let lead = Some("Google".to_string());
        assert_eq!(lead_in_or_heading(lead.clone(), Some("Google Analytics")).as_deref(), Some("Google Analytics"));
        assert_eq!(lead_in_or_heading(lead, Some("Matomo")).as_deref(), Some("Google"));
        assert_eq!(lead_in_or_heading(Some("Ovenmetrics".into()), Some("Matomo")).as_deref(), Some("Matomo"));
    }
}
