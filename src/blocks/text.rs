//! Plain and PDF-derived text: lines grouped by blank lines, with headings recognized by their
//! shape (a short line on its own, or a line marked `#` or `=` at its start) and, for PDF
//! text, page furniture (page numbers, headers and footers repeated on every page) set apart
//! so that it never ends up inside a table.
use super::{lines_in, Block, BlockKind};
use crate::text::{collapse_whitespace, strip_inline_markdown};
use std::collections::HashMap;
use std::ops::Range;

pub fn segment(text: &str, from_pdf: bool) -> Vec<Block> {
    let lines = lines_in(text, 0..text.len());
    let lexicons = crate::grammar::lexicons();
    let repeated = if from_pdf { repeated_furniture(text, &lines, lexicons) } else { Default::default() };
    let mut blocks = Vec::new();
    let mut group: Vec<Range<usize>> = Vec::new();
    for line in lines {
        let content = &text[line.clone()];
        let trimmed = content.trim();
        if trimmed.is_empty() {
            flush(text, &mut group, &mut blocks);
            continue;
        }
        if let Some((level, marker)) = marked_level(trimmed) {
            flush(text, &mut group, &mut blocks);
            let heading = strip_inline_markdown(trimmed[level as usize..].trim().trim_end_matches(marker).trim_end());
            blocks.push(Block { kind: BlockKind::Heading { level }, range: line, text: heading });
            continue;
        }
        if from_pdf && (lexicons.is_page_number_line(trimmed) || repeated.contains_key(trimmed)) {
            flush(text, &mut group, &mut blocks);
            blocks.push(Block { kind: BlockKind::PageFurniture, range: line, text: trimmed.to_string() });
            continue;
        }
        // Text extraction often drops the blank line after a title: a short title-like line
        // inside running text is a heading of its own.
        if is_inline_title(trimmed) || is_bulleted_title(trimmed) || super::is_numbered_title(trimmed) {
            flush(text, &mut group, &mut blocks);
            blocks.push(Block {
                kind: BlockKind::Heading { level: 0 },
                range: line.clone(),
                text: strip_inline_markdown(trimmed),
            });
            continue;
        }
        // "Strictly necessary cookies: these cookies …": the label is a heading.
        if let Some((label_end, colon)) = cookie_label(trimmed) {
            flush(text, &mut group, &mut blocks);
            let start = line.start + (content.len() - content.trim_start().len());
            let label = start..start + label_end;
            blocks.push(Block {
                kind: BlockKind::Heading { level: 0 },
                range: label,
                text: strip_inline_markdown(&trimmed[..label_end]),
            });
            // The text after the colon (white space before it may be multi-byte: found by
            // fuzzing with an NBSP).
            group.push(start + colon + 1..line.end);
            continue;
        }
        group.push(line);
    }
    flush(text, &mut group, &mut blocks);
    blocks
}

fn flush(text: &str, group: &mut Vec<Range<usize>>, blocks: &mut Vec<Block>) {
    if group.is_empty() {
        return;
    }
    let range = group[0].start..group[group.len() - 1].end;
    let first = text[group[0].clone()].trim();
    let kind = if group.len() == 1 && looks_like_heading(first) {
        BlockKind::Heading { level: 0 }
    } else if group.iter().all(|line| is_bullet(text[line.clone()].trim_start())) {
        BlockKind::List { items: group.clone() }
    } else {
        BlockKind::Paragraph
    };
    let block_text = match kind {
        BlockKind::Heading { .. } => strip_inline_markdown(first),
        _ => collapse_whitespace(&text[range.clone()]),
    };
    blocks.push(Block { kind, range, text: block_text });
    group.clear();
}

/// `#` to `######` followed by a space: a Markdown heading, which PDF extraction tools and
/// copy-paste also produce.
/// The level of a heading marked at the start of its line, and its marker: ATX `## Title`
/// (Markdown, where white space follows the markers, and the title may be empty), or
/// `== Title` (AsciiDoc; MediaWiki writes `== Title ==`, or `==Title==` closed by as many
/// signs). One to six markers; a title of `=` needs a letter or digit (`= = = =` is a rule).
fn marked_level(line: &str) -> Option<(u8, char)> {
    let marker = match line.as_bytes().first()? {
        b'#' => '#',
        b'=' => '=',
        _ => return None,
    };
    let count = line.bytes().take_while(|&b| b == marker as u8).count();
    (1..=6).contains(&count).then_some(())?;
    let rest = &line[count..];
    if marker == '#' {
        return rest.starts_with([' ', '\t']).then_some((count as u8, marker));
    }
    let closing = rest.bytes().rev().take_while(|&b| b == b'=').count();
    let closed = closing == count && rest.len() > count;
    let titled = rest.trim_end_matches('=').chars().any(char::is_alphanumeric);
    ((rest.starts_with([' ', '\t']) || closed) && titled).then_some((count as u8, marker))
}

/// A short line on its own that reads as a title: no tab, no sentence-ending punctuation, a
/// capital letter or digit first, few words.
fn looks_like_heading(line: &str) -> bool {
    let chars = line.chars().count();
    if !(2..=120).contains(&chars) || line.contains('\t') || is_bullet(line) {
        return false;
    }
    if line.ends_with(['.', ',', ';', ':']) {
        return false;
    }
    let first = line.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '«' | '*' | '¿' | '¡')) {
        return false;
    }
    line.split_whitespace().count() <= 16 && !is_dated_field(line) && !is_breadcrumb(line)
}

/// A title inside running text: heading-shaped, at most eight words, no separators of a table.
fn is_inline_title(line: &str) -> bool {
    looks_like_heading(line)
        && line.split_whitespace().count() <= 8
        && !line.contains('|')
        && (!line.ends_with(['!', ')', '-']) || ends_with_count(line))
        && !line.contains(": ")
        && !line.contains("://")
}

/// "Last updated: 1 March 2024", "Version : 2.1", "Stand: 03/2024": a short label and a value
/// with figures, the document's metadata. On a line of its own it is shaped like a title, but
/// it is not one (taking it for the title hid the real title's vendor).
fn is_dated_field(line: &str) -> bool {
    line.split_once(':').is_some_and(|(label, value)| {
        let words = label.split_whitespace().count();
        (1..=4).contains(&words) && value.contains(|c: char| c.is_ascii_digit()) && !value.starts_with("//")
    })
}

/// "Home > Legal > Cookies": the page's breadcrumb trail, copied with the text. Shaped like a
/// title, but it is navigation.
fn is_breadcrumb(line: &str) -> bool {
    // Not " / ": titles list synonyms so ("Cookies / traceurs / témoins"). Most lines have no
    // separator sign at all, and need no search for the separators.
    if !line.contains(['>', '›', '»']) {
        return false;
    }
    [" > ", " › ", " » "].iter().any(|separator| line.matches(separator).count() >= 2)
}

/// "Necessary (5)", "Statistiques (12)": a section title with the number of cookies under it,
/// as consent tools print their declarations.
fn ends_with_count(line: &str) -> bool {
    line.strip_suffix(')')
        .map(|rest| rest.trim_end_matches(|c: char| c.is_ascii_digit()))
        .and_then(|rest| rest.strip_suffix('('))
        .is_some_and(|rest| rest.ends_with(' ') && line.len() - rest.len() <= 6 && line.len() - rest.len() >= 3)
}

/// "• Necessary cookies": a section title rendered as a list item.
fn is_bulleted_title(line: &str) -> bool {
    is_bullet(line) && {
        let title = line.trim_start_matches(|c: char| !c.is_alphanumeric()).trim();
        (2..=4).contains(&title.split_whitespace().count())
            && title.to_lowercase().contains("cookie")
            && looks_like_heading(title)
    }
}

/// The length of a "… cookies:" label that starts a line ("Strictly necessary cookies: …",
/// "Cookies analytiques : …"): at most six words, capitalized, naming cookies in some grammar
/// language, and not a field's label ("Cookie type: …", "Cookie name: …" give one cookie's
/// field).
fn cookie_label(line: &str) -> Option<(usize, usize)> {
    let colon = line.find(": ")?;
    let label = line[..colon].trim_end();
    if label.contains("://") {
        return None;
    }
    let words = label.split_whitespace().count();
    let rest = line[colon + 1..].trim();
    let first = label.chars().next()?;
    let lexicons = crate::grammar::lexicons();
    (first.is_uppercase()
        && (1..=6).contains(&words)
        && !rest.is_empty()
        && !label.contains('|')
        && lexicons.cookie_nouns_in(&crate::text::fold(label)).next().is_some()
        && lexicons.exact_label_field(label, None).is_none())
    .then_some((label.len(), colon))
}

pub(crate) fn is_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '·' | '–' | '▪' | '◦' | '‣' | '○' | '■') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            digits <= 3 && line[digits..].starts_with([')', '.']) && line[digits + 1..].starts_with(' ')
        }
        _ => false,
    }
}

/// Short lines that PDF extraction repeats on several pages (running headers and footers):
/// seen at least three times, or twice with one of them next to a page break or a page number.
fn repeated_furniture<'a>(
    text: &'a str,
    lines: &[Range<usize>],
    lexicons: &crate::grammar::Lexicons,
) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, (usize, bool)> = HashMap::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = text[line.clone()].trim();
        if trimmed.is_empty() || trimmed.len() > 80 || trimmed.contains('\t') {
            continue;
        }
        let near_break = [index.wrapping_sub(1), index, index + 1].iter().any(|&i| {
            lines.get(i).is_some_and(|l| {
                let page_start = l.start > 0 && text.as_bytes()[l.start - 1] == 0x0C;
                page_start || lexicons.is_page_number_line(text[l.clone()].trim())
            })
        });
        let entry = seen.entry(trimmed).or_insert((0, false));
        entry.0 += 1;
        entry.1 |= near_break;
    }
    seen.into_iter()
        .filter(|(_, (count, near_break))| *count >= 3 || (*count >= 2 && *near_break))
        .map(|(line, (count, _))| (line, count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_furniture() {
        let text = "Cookies policy\n\nWe use cookies.\nMore text.\n\n# opendata**soft**\n\nName\tDuration\n_ga\t2 years\n\nPage 2 of 3\n";
        let blocks = segment(text, true);
        let kinds: Vec<_> = blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Heading { level: 0 },
                BlockKind::Paragraph,
                BlockKind::Heading { level: 1 },
                BlockKind::Paragraph,
                BlockKind::PageFurniture
            ]
        );
        assert_eq!(blocks[2].text, "opendatasoft");
    }

    /// AsciiDoc and MediaWiki headings are marked with `=`; a line of `=` alone, or before no
    /// title, marks none.
    #[test]
    fn headings_marked_with_equals_signs() {
        let text = "== Werbe-cookies ==\n\n=== zwei\n\n=====\n\n== ==\n\n=x\n\n= = = =\n\n==Drei==\n\n==vier=\n";
        let blocks = segment(text, false);
        let headings: Vec<(u8, &str)> = blocks
            .iter()
            .filter_map(|b| match b.kind {
                BlockKind::Heading { level } => Some((level, b.text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(headings, [(2, "Werbe-cookies"), (3, "zwei"), (2, "Drei")]);
    }

    #[test]
    fn heading_shape() {
        assert!(looks_like_heading("What is a cookie?"));
        assert!(!looks_like_heading("Several types of cookies exist:"));
        assert!(!looks_like_heading("a lower-case line"));
    }
}
