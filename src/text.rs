//! Small text helpers shared by every stage: folding for comparisons, whitespace collapsing,
//! inline Markdown clean-up and URL finding. None of them allocate more than their output.

/// Folds a character for comparisons: lower case, Latin accents removed, typographic quotes and
/// dashes made plain. Returns `None` for characters that vanish (soft hyphen, zero-width marks).
pub fn fold_char(c: char) -> Option<char> {
    // Most text is ASCII: a backquote is the only ASCII character with a special mapping.
    if c.is_ascii() {
        return Some(if c == '`' { '\'' } else { c.to_ascii_lowercase() });
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'Ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ś' | 'š' | 'Ś' | 'Š' => 's',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ł' | 'Ł' => 'l',
        'ř' | 'Ř' => 'r',
        'ť' | 'Ť' => 't',
        'ß' => 'ß',
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '´' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '«' | '»' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' => ' ',
        c if is_invisible(c) => return None,
        c => return Some(c.to_lowercase().next().unwrap_or(c)),
    };
    Some(folded)
}

/// Whether an ASCII byte is white space as `char::is_whitespace` has it: the ASCII white space
/// and the vertical tab (U+000B), which `u8::is_ascii_whitespace` leaves out. The fast ASCII
/// paths below split and collapse at these bytes.
pub fn is_ascii_space(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == 0x0B
}

/// Folds a whole string (see [`fold_char`]) and collapses runs of white space to one space.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Word by word, then the case and the backquotes of the whole at once: every ASCII
        // character folds to one ASCII byte, so nothing is decoded or encoded, and the copy and
        // the lowercasing run over whole slices (folding is a good part of extraction's time).
        let mut out: Vec<u8> = Vec::with_capacity(text.len());
        for word in text.as_bytes().split(|&b| is_ascii_space(b)).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend_from_slice(word);
        }
        out.make_ascii_lowercase();
        for b in out.iter_mut().filter(|b| **b == b'`') {
            *b = b'\'';
        }
        return String::from_utf8(out).unwrap_or_default();
    }
    collapse_mapped(text, fold_char)
}

/// The bytes of [`fold`]`(text)`, one at a time, without building the string: a caller that
/// only asks what the folded text starts with (does a label open it?) stops folding there.
pub fn folded_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    let mut chars = text.chars();
    let (mut started, mut pending_space) = (false, false);
    // A space before the character and its UTF-8 bytes, and how many of them are left.
    let mut queued = [0u8; 5];
    let (mut next, mut end) = (0usize, 0usize);
    std::iter::from_fn(move || loop {
        if next < end {
            next += 1;
            return Some(queued[next - 1]);
        }
        let c = chars.next()?;
        let (is_space, folded) = if c.is_ascii() {
            (is_ascii_space(c as u8), if c == '`' { '\'' } else { c.to_ascii_lowercase() })
        } else {
            let Some(folded) = fold_char(c) else { continue };
            (folded.is_whitespace(), folded)
        };
        if is_space {
            pending_space = started;
            continue;
        }
        (next, end) = (0, 0);
        if pending_space {
            queued[0] = b' ';
            end = 1;
            pending_space = false;
        }
        end += folded.encode_utf8(&mut queued[end..]).len();
        started = true;
    })
}

/// `text` folded (see [`fold_char`]) with, for each folded byte, the byte of `text` it comes
/// from, and `text.len()` after the last; white space becomes one space each, or, with
/// `collapse`, one space per run with none at either end.
pub fn fold_with_origin(text: &str, collapse: bool) -> (String, Vec<usize>) {
    if collapse {
        return if text.is_ascii() {
            fold_ascii_collapsed_with_origin(text)
        } else {
            fold_with_origin_by_char(text, true)
        };
    }
    // Runs of ASCII fold byte for byte in place (white space to a space, letters to lower case,
    // a backquote to an apostrophe), each byte from the byte at its offset; only the characters
    // between the runs go through `fold_char`. Most text is ASCII with a few accents or dashes.
    let bytes = text.as_bytes();
    let mut folded: Vec<u8> = Vec::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len() + 1);
    let mut at = 0;
    while at < bytes.len() {
        let run = bytes[at..].iter().position(|b| !b.is_ascii()).unwrap_or(bytes.len() - at);
        folded.extend(bytes[at..at + run].iter().map(|&b| match b {
            b'`' => b'\'',
            b if is_ascii_space(b) => b' ',
            b => b.to_ascii_lowercase(),
        }));
        origin.extend(at..at + run);
        at += run;
        let Some(c) = text[at..].chars().next() else { break };
        match fold_char(c) {
            Some(f) if f.is_whitespace() => {
                folded.push(b' ');
                origin.push(at);
            }
            Some(f) => {
                let mut buffer = [0u8; 4];
                let encoded = f.encode_utf8(&mut buffer);
                folded.extend_from_slice(encoded.as_bytes());
                origin.extend(std::iter::repeat_n(at, encoded.len()));
            }
            None => {}
        }
        at += c.len_utf8();
    }
    origin.push(text.len());
    (String::from_utf8(folded).unwrap_or_default(), origin)
}

/// [`fold_with_origin`] of ASCII text with white space collapsed: word by word, each word's
/// bytes lowered (a backquote to an apostrophe) and copied whole, one space between words from
/// the first white space byte after the word before (as folding character by character keeps
/// it).
fn fold_ascii_collapsed_with_origin(text: &str) -> (String, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut folded: Vec<u8> = Vec::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len() + 1);
    let mut at = 0;
    while at < bytes.len() {
        let gap = at;
        while at < bytes.len() && is_ascii_space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        if at > gap && !folded.is_empty() {
            folded.push(b' ');
            origin.push(gap);
        }
        let word = at;
        while at < bytes.len() && !is_ascii_space(bytes[at]) {
            at += 1;
        }
        folded.extend(bytes[word..at].iter().map(|&b| if b == b'`' { b'\'' } else { b.to_ascii_lowercase() }));
        origin.extend(word..at);
    }
    origin.push(text.len());
    (String::from_utf8(folded).unwrap_or_default(), origin)
}

/// [`fold_with_origin`] character by character, for any text.
fn fold_with_origin_by_char(text: &str, collapse: bool) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let Some(f) = fold_char(c) else { continue };
        if f.is_whitespace() {
            if !collapse || !folded.is_empty() && !folded.ends_with(' ') {
                folded.push(' ');
                origin.push(at);
            }
            continue;
        }
        folded.push(f);
        origin.resize(folded.len(), at);
    }
    if collapse && folded.ends_with(' ') {
        folded.pop();
        origin.pop();
    }
    origin.push(text.len());
    (folded, origin)
}

/// Collapses every run of white space (including NBSP, tabs and line breaks) into one space and
/// trims both ends; zero-width characters and soft hyphens are dropped. Everything else is kept
/// exactly as written.
pub fn collapse_whitespace(text: &str) -> String {
    // One pass over the bytes, decoding only characters outside ASCII, and copying each run of
    // visible characters whole: a run ends at white space (owed as one space before the next
    // visible character) or at an invisible character (dropped, owing nothing).
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut space_owed = false;
    let mut run = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (length, space, invisible) = if bytes[at].is_ascii() {
            (1, is_ascii_space(bytes[at]), false)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.len_utf8(), c.is_whitespace(), is_invisible(c))
        };
        if space || invisible {
            if run < at {
                if space_owed {
                    out.push(' ');
                    space_owed = false;
                }
                out.push_str(&text[run..at]);
            }
            space_owed |= space && !out.is_empty();
            run = at + length;
        }
        at += length;
    }
    if run < at {
        if space_owed {
            out.push(' ');
        }
        out.push_str(&text[run..at]);
    }
    out
}

/// [`collapse_whitespace`] word by word: a word is copied whole unless it holds an invisible
/// character, which is dropped; a word of nothing else leaves no word (and no space) behind.
#[cfg(test)]
fn collapse_whitespace_by_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        let before_space = out.len();
        if !out.is_empty() {
            out.push(' ');
        }
        let before_word = out.len();
        if word.contains(is_invisible) {
            out.extend(word.chars().filter(|&c| !is_invisible(c)));
        } else {
            out.push_str(word);
        }
        if out.len() == before_word {
            out.truncate(before_space);
        }
    }
    out
}

/// Characters text extraction leaves in words that a reader does not see: the soft hyphen and
/// zero-width characters. Folding and white-space collapsing drop them.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// How many words [`collapse_whitespace`] would leave in `text`, counting no further than
/// `limit + 1`: a bound on a text's words without building the collapsed copy.
pub fn collapsed_word_count(text: &str, limit: usize) -> usize {
    text.split_whitespace().filter(|word| word.chars().any(|c| !is_invisible(c))).take(limit + 1).count()
}

/// Maps each character (`None` drops it), then collapses white space and trims.
fn collapse_mapped(text: &str, map: impl Fn(char) -> Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // ASCII fast path: bytes need no decoding, and only space-like bytes need care.
    if text.is_ascii() {
        for &b in text.as_bytes() {
            let Some(c) = map(b as char) else { continue };
            if c.is_ascii() && is_ascii_space(c as u8) {
                pending_space = !out.is_empty();
            } else {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
        return out;
    }
    for c in text.chars().filter_map(map) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Turns the inline Markdown of a heading or table cell into the text a reader sees:
/// `**bold**`, `__bold__`, `` `code` ``, `<https://autolink>`, `[text](url)`, `<br>` and
/// backslash escapes. Single `_` and `*` are left alone, because cookie names use them
/// (`_ga_*`, `__utma`). Linear in the length of `raw`.
pub fn strip_inline_markdown(raw: &str) -> String {
    // Without any of the characters markup starts with, only white space is left to collapse.
    if !raw.bytes().any(|b| matches!(b, b'\\' | b'*' | b'_' | b'`' | b'<' | b'[')) {
        return collapse_whitespace(raw);
    }
    let mut out = String::with_capacity(raw.len());
    // `__` is emphasis only at a word edge with a partner (`__bold__`), never inside or at the
    // start of a cookie name (`__utma`, or `__utma __utmz` in one cell, where no `__` can close):
    // knowing the first `__` that can open and the last that can close keeps this linear.
    let can_open = |at: usize| {
        raw[..at].chars().next_back().is_none_or(char::is_whitespace)
            && raw[at + 2..].chars().next().is_some_and(|a| !a.is_whitespace() && a != '_')
    };
    let can_close = |at: usize| {
        raw[at + 2..].chars().next().is_none_or(|a| a.is_whitespace() || a.is_ascii_punctuation())
            && raw[..at].chars().next_back().is_some_and(|b| !b.is_whitespace() && b != '_')
    };
    let first_double = raw.match_indices("__").map(|(at, _)| at).find(|&at| can_open(at));
    let last_double = raw.match_indices("__").map(|(at, _)| at).filter(|&at| can_close(at)).last();
    let mut i = 0;
    while let Some(c) = raw[i..].chars().next() {
        let rest = &raw[i..];
        match c {
            '\\' => {
                if let Some(n) = rest[1..].chars().next().filter(char::is_ascii_punctuation) {
                    out.push(n);
                    i += 1 + n.len_utf8();
                    continue;
                }
            }
            '*' if rest.starts_with("**") => {
                i += 2;
                continue;
            }
            '_' if rest.starts_with("__") => {
                let before = raw[..i].chars().next_back();
                let after = raw[i + 2..].chars().next();
                let opening = before.is_none_or(char::is_whitespace)
                    && after.is_some_and(|a| !a.is_whitespace() && a != '_')
                    && last_double.is_some_and(|last| last > i);
                let closing = after.is_none_or(|a| a.is_whitespace() || a.is_ascii_punctuation())
                    && before.is_some_and(|b| !b.is_whitespace() && b != '_')
                    && first_double.is_some_and(|first| first < i);
                if opening || closing {
                    i += 2;
                    continue;
                }
            }
            '`' => {
                i += 1;
                continue;
            }
            '<' => {
                let window = &rest[..floor_char_boundary(rest, 2048)];
                if let Some(end) = window.find('>') {
                    let inner = &rest[1..end];
                    let lower = inner.to_ascii_lowercase();
                    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
                        out.push_str(inner);
                        i += end + 1;
                        continue;
                    }
                    if matches!(lower.as_str(), "br" | "br/" | "br /") {
                        out.push(' ');
                        i += end + 1;
                        continue;
                    }
                    if let Some(block) = inline_html_tag(&lower) {
                        if block {
                            out.push(' ');
                        }
                        i += end + 1;
                        continue;
                    }
                }
            }
            '[' => {
                if let Some((text, consumed)) = markdown_link(rest) {
                    out.push_str(text);
                    i += consumed;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += c.len_utf8();
    }
    collapse_whitespace(&out)
}

/// Whether the inside of `<…>` is an HTML element's tag (`a href="…"`, `/span`, `strong`), and if
/// so whether the element breaks the text (`p`, `div`, `li`) rather than running inside it. The
/// tag's text is markup, not content: a provider cell `<a href="…">Hotjar</a>` reads "Hotjar".
/// Only element names count, so that placeholders written in angle brackets (`<id>_key`,
/// `_gac_<property-id>`) stay part of the name.
fn inline_html_tag(inside: &str) -> Option<bool> {
    const RUNNING: &[&str] = &[
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
        "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    ];
    const BREAKING: &[&str] = &["p", "div", "li", "ul", "ol", "section", "article", "header", "footer"];
    let tag = inside.strip_prefix('/').unwrap_or(inside).trim_end_matches('/').trim_end();
    let name_end = tag.find(|c: char| c.is_ascii_whitespace()).unwrap_or(tag.len());
    let (name, attributes) = tag.split_at(name_end);
    // Attributes are `name="value"` pairs: a placeholder with a space ("<property id>") is not.
    if !attributes.is_empty() && !attributes.contains('=') {
        return None;
    }
    if RUNNING.contains(&name) {
        Some(false)
    } else if BREAKING.contains(&name) {
        Some(true)
    } else {
        None
    }
}

/// The largest char boundary of `text` at or below `limit`.
/// "Schreibe", "Privacy", "Version": a word of running text, capitalized (a capital, then lower
/// case only, at least two letters). Cookie names are rarely written so.
pub fn is_capitalized_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && word.chars().count() > 1 && chars.all(char::is_lowercase)
}

/// Length of the bullet marker and the space after it, when the line starts with one.
pub fn bullet_len(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let mut chars = trimmed.char_indices();
    let (_, first) = chars.next()?;
    let marker = match first {
        '-' | '*' | '+' | '•' | '·' | '–' | '▪' | '◦' | '‣' | '○' | '■' => first.len_utf8(),
        c if c.is_ascii_digit() => {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 3 || !trimmed[digits..].starts_with(['.', ')']) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let rest = &trimmed[marker..];
    let spaces = rest.len() - rest.trim_start().len();
    (spaces > 0).then_some(indent + marker + spaces)
}

/// The first character boundary at or after `at` (the end of the text past it).
pub fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

pub fn floor_char_boundary(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    let mut at = limit;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `[text](url)` at the start of `rest`: the text and the bytes consumed.
fn markdown_link(rest: &str) -> Option<(&str, usize)> {
    let close = rest[..floor_char_boundary(rest, 512)].find(']')?;
    let after = &rest[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let end = after[..floor_char_boundary(after, 2048)].find(')')?;
    Some((&rest[1..close], close + 1 + end + 1))
}

/// Finds the first `http://` or `https://` URL in `text`, without trailing punctuation or the
/// closing `>` of an autolink.
pub fn first_url(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    let start = match (lower.find("https://"), lower.find("http://")) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return None,
    };
    let rest = &text[start..];
    let end =
        rest.find(|c: char| c.is_whitespace() || matches!(c, '>' | '<' | '"' | '\'' | '|' | '`')).unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '*']);
    (url.len() > "https://".len()).then_some(url)
}

/// The first URL, joined again when a line break cut it after a hyphen
/// (`https://catalogue.bibliotheques-` / `valcourt.example`, as PDF text wraps long URLs).
pub fn first_url_joined(text: &str) -> Option<String> {
    let url = first_url(text)?;
    let start = url.as_ptr() as usize - text.as_ptr() as usize;
    let after = &text[start + url.len()..];
    if url.ends_with('-') && after.starts_with(char::is_whitespace) {
        let next = after.trim_start();
        let piece: &str =
            next.split(|c: char| c.is_whitespace() || matches!(c, '>' | '<' | '"' | '|')).next().unwrap_or("");
        let piece = piece.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        if piece.contains('.') && piece.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/%?#=&".contains(c)) {
            return Some(format!("{url}{piece}"));
        }
    }
    Some(url.to_string())
}

/// True when `needle` (already folded) occurs in `haystack` (already folded) at word edges.
/// With `stem`, the word may continue after the needle (`statisti*`). A plain byte scan: the
/// needles are short words and building a substring searcher for each would cost more.
pub fn find_phrase(haystack: &str, needle: &str, stem: bool) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&at| {
        h[at] == first
            && &h[at..at + n.len()] == n
            && haystack.is_char_boundary(at)
            && at_word_edges(haystack, at, needle, stem)
    })
}

/// True when `needle`, found in `haystack` at byte `at`, starts and ends at word edges (with
/// `stem`, the word may go on after it).
pub fn at_word_edges(haystack: &str, at: usize, needle: &str, stem: bool) -> bool {
    let end = at + needle.len();
    let word_start = needle.starts_with(|c: char| c.is_alphanumeric());
    let word_end = needle.ends_with(|c: char| c.is_alphanumeric());
    let before_ok = !word_start || haystack[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after_ok = stem || !word_end || haystack[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// A list of folded phrases searched all at once (one Aho-Corasick automaton), with the word-edge
/// rules of [`find_phrase`]. Used where a text is checked against many phrases of every language
/// (categories, vendors): one pass over the text instead of one per phrase.
#[derive(Debug)]
pub struct PhraseSet<T> {
    automaton: aho_corasick::AhoCorasick,
    /// For each distinct phrase: (listing index, value, stem) of every entry that has it.
    entries: Vec<Vec<(usize, T, bool)>>,
}

impl<T: Copy> PhraseSet<T> {
    /// `phrases`: (folded text, stem, value), in priority order.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, bool, T)>) -> Self {
        let mut patterns: Vec<&str> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut entries: Vec<Vec<(usize, T, bool)>> = Vec::new();
        for (listing, (text, stem, value)) in phrases.into_iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let at = *index.entry(text).or_insert_with(|| {
                patterns.push(text);
                entries.push(Vec::new());
                patterns.len() - 1
            });
            entries[at].push((listing, value, stem));
        }
        let automaton = aho_corasick::AhoCorasick::new(&patterns)
            .unwrap_or_else(|e| panic!("phrase lists make an automaton (caught by tests): {e}"));
        PhraseSet { automaton, entries }
    }

    /// Every phrase found at word edges in `folded`: (start, length, listing index, value).
    pub fn matches<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = (usize, usize, usize, T)> + 's {
        self.matches_within(folded, folded.len())
    }

    /// The matches of [`PhraseSet::matches`] that start at or before byte `last_start`: the
    /// search reads no further than the longest phrase past it (the word-edge test still sees
    /// the whole text).
    pub fn matches_starting_by<'s>(
        &'s self,
        folded: &'s str,
        last_start: usize,
    ) -> impl Iterator<Item = (usize, usize, usize, T)> + 's {
        let mut end = last_start.saturating_add(self.automaton.max_pattern_len()).min(folded.len());
        while !folded.is_char_boundary(end) {
            end += 1;
        }
        self.matches_within(folded, end).filter(move |&(at, ..)| at <= last_start)
    }

    /// The matches that end by byte `end` (a character boundary) of `folded`.
    fn matches_within<'s>(
        &'s self,
        folded: &'s str,
        end: usize,
    ) -> impl Iterator<Item = (usize, usize, usize, T)> + 's {
        self.automaton.find_overlapping_iter(&folded[..end]).flat_map(move |found| {
            let (at, length) = (found.start(), found.len());
            let fits = folded.is_char_boundary(at) && folded.is_char_boundary(at + length);
            self.entries[found.pattern().as_usize()]
                .iter()
                .filter(move |(_, _, stem)| fits && at_word_edges(folded, at, &folded[at..at + length], *stem))
                .map(move |&(listing, value, _)| (at, length, listing, value))
        })
    }

    /// The phrase that starts first, the longest on a tie, then the first listed.
    pub fn earliest(&self, folded: &str) -> Option<T> {
        self.matches(folded)
            .min_by_key(|&(at, length, listing, _)| (at, std::cmp::Reverse(length), listing))
            .map(|m| m.3)
    }

    /// The first listed phrase that occurs anywhere.
    pub fn first_listed(&self, folded: &str) -> Option<T> {
        self.first_listed_match(folded).map(|m| m.2)
    }

    /// The first listed phrase that occurs, at its first occurrence: (start, length, value).
    pub fn first_listed_match(&self, folded: &str) -> Option<(usize, usize, T)> {
        self.matches(folded).min_by_key(|m| (m.2, m.0)).map(|(at, length, _, value)| (at, length, value))
    }
}

/// Texts looked up by what another text starts with: a byte trie, walked once along the text
/// instead of comparing every entry with it (a header scanner asks at every position of every
/// short line which labels open it).
#[derive(Debug)]
pub struct PrefixTrie<T> {
    nodes: Vec<TrieNode<T>>,
}

#[derive(Debug)]
struct TrieNode<T> {
    /// By byte, sorted.
    children: Vec<(u8, u32)>,
    /// The values of the entries that end here, in listing order.
    values: Vec<T>,
}

impl<T: Copy> PrefixTrie<T> {
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut nodes = vec![TrieNode { children: Vec::new(), values: Vec::new() }];
        for (text, value) in entries {
            let mut at = 0usize;
            for &byte in text.as_bytes() {
                at = match nodes[at].children.binary_search_by_key(&byte, |&(b, _)| b) {
                    Ok(k) => nodes[at].children[k].1 as usize,
                    Err(k) => {
                        let next = nodes.len();
                        nodes.push(TrieNode { children: Vec::new(), values: Vec::new() });
                        nodes[at].children.insert(k, (byte, next as u32));
                        next
                    }
                };
            }
            nodes[at].values.push(value);
        }
        PrefixTrie { nodes }
    }

    /// Calls `found(length, value)` for every entry `text` starts with: shorter entries first,
    /// the values of one entry in listing order.
    pub fn for_each_prefix(&self, text: &str, found: impl FnMut(usize, T)) {
        self.for_each_prefix_of(text.bytes(), found)
    }

    /// [`Self::for_each_prefix`] over bytes as they come, read only as far as an entry could
    /// still match.
    pub fn for_each_prefix_of(&self, bytes: impl IntoIterator<Item = u8>, mut found: impl FnMut(usize, T)) {
        let mut at = 0usize;
        for (depth, byte) in bytes.into_iter().enumerate() {
            match self.nodes[at].children.binary_search_by_key(&byte, |&(b, _)| b) {
                Ok(k) => at = self.nodes[at].children[k].1 as usize,
                Err(_) => return,
            }
            for &value in &self.nodes[at].values {
                found(depth + 1, value);
            }
        }
    }
}

/// Text for an XML or HTML attribute or element: the five special characters escaped, and
/// characters XML 1.0 does not allow (most control characters) replaced.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// FNV-1a, for the maps built once from the grammar files and the knowledge base and then looked
/// up for every word, cell and cookie name of every document. Their keys are ours (no untrusted
/// key is ever inserted), so a fast non-keyed hash is right; SipHash cost more than the lookups.
#[derive(Default, Clone, Copy, Debug)]
pub struct Fnv;

pub struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_quotes_and_spaces() {
        assert_eq!(fold("  Durée  de\u{00A0}VIE "), "duree de vie");
        assert_eq!(fold("Service provider’s name"), "service provider's name");
        assert_eq!(fold("co\u{00AD}okie"), "cookie");
    }

    /// The fast paths (ASCII words copied whole, for collapsing and for folding; ASCII folded in
    /// place with its origins; cells without markup characters; words counted without
    /// collapsing) give what the general code gives, on every
    /// mix of words, white space, markup and non-ASCII text.
    #[test]
    fn fast_paths_agree_with_the_general_code() {
        use proptest::prelude::*;
        let general_collapse = |text: &str| {
            collapse_mapped(text, |c| {
                (!matches!(c, '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')).then_some(c)
            })
        };
        let general_fold = |text: &str| {
            let mut out = String::new();
            let mut pending_space = false;
            for c in text.chars().filter_map(fold_char) {
                if c.is_whitespace() {
                    pending_space = !out.is_empty();
                } else {
                    if pending_space {
                        out.push(' ');
                        pending_space = false;
                    }
                    out.push(c);
                }
            }
            out
        };
        proptest!(ProptestConfig::with_cases(2000), |(text in "[a-zA-Z_*`<>\\[\\]() \t\n\r\u{01}\u{0B}\u{0C}\u{1F}\u{85}\u{A0}é\u{200B}ЖßİŁ’\u{2028}\u{AD}]{0,24}")| {
            prop_assert_eq!(collapse_whitespace(&text), general_collapse(&text));
            prop_assert_eq!(fold(&text), general_fold(&text));
            for limit in 0..4 {
                prop_assert_eq!(
                    collapsed_word_count(&text, limit),
                    collapse_whitespace(&text).split_whitespace().count().min(limit + 1)
                );
            }
            if !text.contains(['\\', '*', '_', '`', '<', '[']) {
                prop_assert_eq!(strip_inline_markdown(&text), general_collapse(&text));
            }
            prop_assert_eq!(fold_with_origin(&text, false), fold_with_origin_by_char(&text, false));
            prop_assert_eq!(folded_bytes(&text).collect::<Vec<u8>>(), fold(&text).into_bytes());
        });
    }

    /// The ASCII path of collapsed folding with origins, on ASCII texts only (the test above
    /// draws few of them): runs of every kind of white space at either end and between words.
    #[test]
    fn ascii_collapsed_folding_agrees_with_folding_by_char() {
        use proptest::prelude::*;
        proptest!(ProptestConfig::with_cases(2000), |(text in "[a-zA-Z_`'. \t\n\r\u{0B}\u{0C}\u{01}\u{1F}]{0,24}")| {
            prop_assert_eq!(fold_with_origin(&text, true), fold_with_origin_by_char(&text, true));
        });
    }

    /// Collapsing in one pass over the bytes gives what collapsing word by word gives: runs of
    /// every kind of white space (ASCII and not), invisible characters alone, inside words and
    /// beside spaces, control characters that are not white space, letters of one to three
    /// bytes, at either end and between words.
    #[test]
    fn collapsing_in_one_pass_agrees_with_collapsing_by_word() {
        use proptest::prelude::*;
        let pattern = "[a-zA-Z_`'. \t\n\r\u{0B}\u{0C}\u{01}\u{1C}\u{1F}\u{85}\u{A0}\u{AD}\u{2003}\u{200B}\u{2028}\u{3000}\u{FEFF}éЖ“”]{0,24}";
        proptest!(ProptestConfig::with_cases(5000), |(text in pattern)| {
            prop_assert_eq!(collapse_whitespace(&text), collapse_whitespace_by_word(&text));
        });
    }

    #[test]
    fn escapes_markup_and_replaces_characters_xml_forbids() {
        assert_eq!(escape_markup("a<b & \"c\" 'd'>\u{1}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}");
    }

    #[test]
    fn collapses_whitespace_but_keeps_text() {
        assert_eq!(collapse_whitespace(" To remember\n\tthe “user” "), "To remember the “user”");
    }

    #[test]
    fn strips_inline_markdown_but_not_cookie_names() {
        assert_eq!(strip_inline_markdown("## **Cookies policy**").trim_start_matches("## "), "Cookies policy");
        assert_eq!(strip_inline_markdown("opendata**soft**"), "opendatasoft");
        assert_eq!(strip_inline_markdown("on the <https://a.example> platform"), "on the https://a.example platform");
        assert_eq!(strip_inline_markdown("_ga_*"), "_ga_*");
        assert_eq!(strip_inline_markdown("__utma"), "__utma");
        assert_eq!(strip_inline_markdown("__bold__ text"), "bold text");
        assert_eq!(strip_inline_markdown("__utma __utmb __utmz"), "__utma __utmb __utmz");
        assert_eq!(strip_inline_markdown("__utma<br>__utmz"), "__utma __utmz");
        assert_eq!(strip_inline_markdown("a \\| b"), "a | b");
        assert_eq!(strip_inline_markdown("[Matomo](https://matomo.org)"), "Matomo");
        assert_eq!(strip_inline_markdown("`_pk_id`<br>x"), "_pk_id x");
        assert_eq!(
            strip_inline_markdown("<a class=\"no-underline\" href=\"https://www.hotjar.com/\">Hotjar</a>"),
            "Hotjar"
        );
        assert_eq!(strip_inline_markdown("<span>_ga</span><p>2 years</p>"), "_ga 2 years");
        assert_eq!(strip_inline_markdown("<id>_key"), "<id>_key");
        assert_eq!(strip_inline_markdown("_gac_<property-id>"), "_gac_<property-id>");
        assert_eq!(strip_inline_markdown("_gat_gtag_UA_<property id>"), "_gat_gtag_UA_<property id>");
    }

    #[test]
    fn finds_urls() {
        assert_eq!(first_url("used on the <https://x.example.org> platform"), Some("https://x.example.org"));
        assert_eq!(first_url("see https://x.example/a."), Some("https://x.example/a"));
        assert_eq!(first_url("no url"), None);
    }

    #[test]
    fn finds_phrases_at_word_edges() {
        assert_eq!(find_phrase("cookies necessary for", "necessary", false), Some(8));
        assert_eq!(find_phrase("unnecessary", "necessary", false), None);
        assert_eq!(find_phrase("statistical cookies", "statisti", true), Some(0));
        assert_eq!(find_phrase("properly/functionality", "functionality", false), Some(9));
    }

    /// The trie finds what comparing every entry with the text finds: each entry the text starts
    /// with, shorter first, the values of one text in listing order.
    #[test]
    fn prefix_trie_finds_every_entry_a_text_starts_with() {
        let entries = [("name", 1), ("nom", 2), ("name", 3), ("nameprovider", 4), ("n", 5), ("é", 6), ("ét", 7)];
        let trie = PrefixTrie::new(entries.iter().map(|&(t, v)| (t, v)));
        for text in ["nameprovider purpose", "name", "nom du cookie", "na", "", "étiquette", "x"] {
            let mut found = Vec::new();
            trie.for_each_prefix(text, |length, value| found.push((length, value)));
            let mut expected: Vec<(usize, i32)> =
                entries.iter().filter(|(t, _)| text.starts_with(t)).map(|&(t, v)| (t.len(), v)).collect();
            expected.sort_by_key(|&(length, _)| length);
            assert_eq!(found, expected, "{text:?}");
        }
    }
}
