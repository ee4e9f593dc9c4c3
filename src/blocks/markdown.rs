//! Markdown documents: pulldown-cmark events with their source offsets become blocks.
use super::{Block, BlockKind};
use crate::text::{collapse_whitespace, strip_inline_markdown};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The blocks of a Markdown text. The parser reads a copy in which containers nested past
/// `max_depth` are neutralised (same length, so offsets hold); blocks are cut from `text`.
pub fn segment(text: &str, max_depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let bounded = crate::nesting::markdown::bound(text, max_depth);
    let parser =
        Parser::new_ext(&bounded.text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    // Depth of list and quote containers: a paragraph inside a list item belongs to the list.
    let mut list_depth = 0usize;
    let mut current_list: Option<(Range<usize>, Vec<Range<usize>>)> = None;
    let mut collecting: Option<(BlockKind, Range<usize>, String)> = None;
    let mut table_rows: Vec<Vec<Range<usize>>> = Vec::new();
    let mut table_range: Option<Range<usize>> = None;

    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                collecting = Some((BlockKind::Heading { level: heading_level(level) }, range, String::new()));
            }
            Event::Start(Tag::Paragraph) if list_depth == 0 && table_range.is_none() => {
                collecting = Some((BlockKind::Paragraph, range, String::new()));
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Paragraph) => {
                if let Some((mut kind, mut range, mut raw)) = collecting.take() {
                    // A numbered title on the first line of a paragraph is a heading of its own
                    // ("3.2 Analytics cookies" with the text right under it, no blank line).
                    if kind == BlockKind::Paragraph {
                        if let Some(newline) = text[range.clone()].find('\n') {
                            let first = &text[range.start..range.start + newline];
                            let rest_raw = raw.split_once('\n').map(|(_, rest)| rest.to_string());
                            if let (true, Some(rest_raw)) = (super::is_numbered_title(first), rest_raw) {
                                let title = range.start..range.start + first.trim_end().len();
                                blocks.push(Block {
                                    kind: BlockKind::Heading { level: 0 },
                                    range: title,
                                    text: strip_inline_markdown(first.trim()),
                                });
                                range.start += newline + 1;
                                raw = rest_raw;
                            }
                        }
                    }
                    if kind == BlockKind::Paragraph
                        && !text[range.clone()].contains('\n')
                        && super::is_numbered_title(&text[range.clone()])
                    {
                        kind = BlockKind::Heading { level: 0 };
                    }
                    if kind == BlockKind::Paragraph && is_bold_line(&text[range.clone()]) {
                        // "**Analytics cookies**" alone on a line is a section title.
                        kind = BlockKind::Heading { level: 0 };
                    }
                    let text = match kind {
                        BlockKind::Heading { .. } => strip_inline_markdown(&raw),
                        _ => collapse_whitespace(&raw),
                    };
                    blocks.push(Block { kind, range, text });
                }
            }
            Event::Start(Tag::List(_)) => {
                if list_depth == 0 {
                    current_list = Some((range, Vec::new()));
                }
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    if let Some((range, items)) = current_list.take() {
                        let text = collapse_whitespace(&text[range.clone()]);
                        blocks.push(Block { kind: BlockKind::List { items }, range, text });
                    }
                }
            }
            Event::Start(Tag::Item) if list_depth == 1 => {
                if let Some((_, items)) = current_list.as_mut() {
                    items.push(range);
                }
            }
            Event::Start(Tag::Table(_)) => {
                table_range = Some(range);
                table_rows.clear();
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => table_rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => {
                if let Some(row) = table_rows.last_mut() {
                    row.push(range);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(range) = table_range.take() {
                    let rows = std::mem::take(&mut table_rows);
                    blocks.extend(split_table(text, range, rows));
                }
            }
            Event::Start(Tag::CodeBlock(fence)) if list_depth == 0 => {
                let kind = match fence {
                    CodeBlockKind::Fenced(info) if names_a_language(&info) => BlockKind::CodeSample,
                    _ => BlockKind::Code,
                };
                let text = collapse_whitespace(&text[range.clone()]);
                blocks.push(Block { kind, range, text });
            }
            Event::Html(_) if list_depth == 0 && collecting.is_none() && table_range.is_none() => {
                let text = text[range.clone()].to_string();
                blocks.push(Block { kind: BlockKind::Html, range, text });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, raw)) = collecting.as_mut() {
                    raw.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, raw)) = collecting.as_mut() {
                    raw.push('\n');
                }
            }
            _ => {}
        }
    }
    merge_html_runs(blocks)
}

/// A GFM table goes on until a blank line, so tables written one after another with a line of
/// text between them (what HTML-to-text conversion leaves) parse as one table whose rows are the
/// text, the next header and its delimiter row. A delimiter row among the body rows starts a new
/// table at the row above it (its header); rows at the end of a table whose line holds no pipe
/// are the paragraph after it (the one that introduces the next table).
fn split_table(text: &str, range: Range<usize>, rows: Vec<Vec<Range<usize>>>) -> Vec<Block> {
    // A row's line, from its cells with text (an empty cell pulldown-cmark adds to pad a short
    // row may sit at the start of the next line).
    let line_of = |row: &[Range<usize>]| {
        let mut cells = row.iter().filter(|c| c.start < c.end).peekable();
        let first = cells.peek().map_or(row.first().map_or(range.start, |c| c.start), |c| c.start);
        let last = cells.map(|c| c.end).max().unwrap_or(first);
        let start = text[..first].rfind('\n').map_or(0, |i| i + 1).max(range.start);
        let end = text[last..].find('\n').map_or(text.len(), |i| last + i).min(range.end).max(start);
        start..end
    };
    let is_delimiter = |row: &[Range<usize>]| {
        row.iter().any(|c| text[c.clone()].contains('-'))
            && row.iter().all(|c| text[c.clone()].trim().chars().all(|ch| matches!(ch, '-' | ':')))
    };
    let pipeless = |row: &[Range<usize>]| !text[line_of(row)].contains('|');
    let splits: Vec<usize> = (2..rows.len()).filter(|&i| is_delimiter(&rows[i])).collect();
    if splits.is_empty() && !rows.last().is_some_and(|r| pipeless(r)) {
        let text = collapse_whitespace(&text[range.clone()]);
        return vec![Block { kind: BlockKind::PipeTable { rows }, range, text }];
    }
    // Each piece starts at a header: the first row, then the row above each delimiter row.
    let starts: Vec<usize> = std::iter::once(0).chain(splits.iter().map(|s| s - 1)).collect();
    let ends: Vec<usize> = splits.iter().map(|s| s - 1).chain(std::iter::once(rows.len())).collect();
    let mut blocks = Vec::new();
    for (start, end) in starts.into_iter().zip(ends) {
        let piece: Vec<&Vec<Range<usize>>> = rows[start..end].iter().filter(|r| !is_delimiter(r)).collect();
        let mut body_end = piece.len();
        while body_end > 1 && pipeless(piece[body_end - 1]) {
            body_end -= 1;
        }
        if body_end > 0 {
            let table_rows: Vec<Vec<Range<usize>>> = piece[..body_end].iter().map(|r| (*r).clone()).collect();
            let table_range = line_of(&table_rows[0]).start..line_of(&table_rows[body_end - 1]).end;
            let table_text = collapse_whitespace(&text[table_range.clone()]);
            blocks.push(Block {
                kind: BlockKind::PipeTable { rows: table_rows },
                range: table_range,
                text: table_text,
            });
        }
        if body_end < piece.len() {
            let mut paragraph = line_of(piece[body_end]).start..line_of(piece[piece.len() - 1]).end;
            // "3.2 Analytics cookies" between two tables: a title, then the text under it.
            let first = line_of(piece[body_end]);
            if super::is_numbered_title(&text[first.clone()]) {
                let title = text[first.clone()].trim();
                blocks.push(Block {
                    kind: BlockKind::Heading { level: 0 },
                    range: first.clone(),
                    text: strip_inline_markdown(title),
                });
                paragraph.start = (first.end + 1).min(paragraph.end);
            }
            if !text[paragraph.clone()].trim().is_empty() {
                let paragraph_text = collapse_whitespace(&text[paragraph.clone()]);
                blocks.push(Block { kind: BlockKind::Paragraph, range: paragraph, text: paragraph_text });
            }
        }
    }
    blocks
}

/// pulldown-cmark reports an HTML block line by line; one block per run is enough.
fn merge_html_runs(blocks: Vec<Block>) -> Vec<Block> {
    let mut merged: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (Some(last), BlockKind::Html) = (merged.last_mut(), &block.kind) {
            if last.kind == BlockKind::Html && last.range.end >= block.range.start {
                last.range.end = block.range.end;
                last.text.push_str(&block.text);
                continue;
            }
        }
        merged.push(block);
    }
    merged
}

/// One line of strong emphasis and nothing else.
fn is_bold_line(source: &str) -> bool {
    let line = source.trim();
    !line.contains('\n')
        && line.len() > 4
        && ((line.starts_with("**") && line.ends_with("**")) || (line.starts_with("__") && line.ends_with("__")))
        && !line[2..line.len() - 2].contains("**")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Where a Markdown text holds an HTML table as a block of raw HTML: from the HTML block that
/// opens `<table` to the `</table>` that closes it (blank lines inside the table end an HTML
/// block for a Markdown parser, not the table). Empty for most documents, cheaply.
pub fn html_table_regions(text: &str, max_depth: usize) -> Vec<Range<usize>> {
    if !contains_ignore_case(text, "<table") {
        return Vec::new();
    }
    let mut regions: Vec<Range<usize>> = Vec::new();
    for block in segment(text, max_depth).into_iter().filter(|b| b.kind == BlockKind::Html) {
        if regions.last().is_some_and(|r| r.end > block.range.start) {
            continue;
        }
        let Some(open) = find_ignore_case(&text[block.range.clone()], "<table") else { continue };
        let open = block.range.start + open;
        let end = find_ignore_case(&text[open..], "</table>").map_or(block.range.end, |close| open + close + 8);
        regions.push(block.range.start..end.max(block.range.end));
    }
    regions
}

/// The first place `needle` occurs in `haystack`, ASCII letters in either case: compared only
/// where its first byte, in either case, is found (a vectorized search over every Markdown
/// document).
fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay)
        .find(|&at| hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    find_ignore_case(haystack, needle).is_some()
}

/// Whether a code fence's info string names a language of code or configuration (```yaml,
/// ```js {.line}), not text, a table or a program's output (```text, ```csv, ```console,
/// ```markdown), which a table pasted into a fence often is.
fn names_a_language(info: &str) -> bool {
    const PLAIN: [&str; 16] = [
        "text",
        "txt",
        "plain",
        "plaintext",
        "none",
        "csv",
        "tsv",
        "table",
        "md",
        "markdown",
        "console",
        "output",
        "log",
        "rst",
        "asciidoc",
        "adoc",
    ];
    let word = info.split(|c: char| c.is_whitespace() || matches!(c, ',' | '{')).next().unwrap_or("");
    !word.is_empty() && !PLAIN.iter().any(|plain| word.eq_ignore_ascii_case(plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ignoring_case_as_comparing_at_every_place() {
        use proptest::prelude::*;
        let every_place = |hay: &str, needle: &str| {
            hay.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        };
        // Haystacks built from the needles' own pieces, in any case and cut short, so that
        // matches near either end and near misses are drawn often.
        let pieces =
            prop::sample::select(vec!["<TaBlE", "<table", "</table>", "</TABLE>", "<tabl", "</", "<", "é", "x", "T"]);
        let haystacks = prop::collection::vec(pieces, 0..8).prop_map(|parts| parts.concat());
        proptest!(ProptestConfig::with_cases(3000), |(hay in haystacks, needle in prop::sample::select(vec!["<table", "</table>", "T", "é"]))| {
            prop_assert_eq!(find_ignore_case(&hay, needle), every_place(&hay, needle), "{:?} in {:?}", needle, hay);
        });
    }

    #[test]
    fn headings_paragraphs_and_tables_with_offsets() {
        let text = "## **Cookies**\n\nSome text\tand tab.\n\n| Name | Duration |\n|---|---|\n| _ga | 2 years |\n";
        let blocks = segment(text, 128);
        assert_eq!(blocks[0].kind, BlockKind::Heading { level: 2 });
        assert_eq!(blocks[0].text, "Cookies");
        assert_eq!(blocks[1].kind, BlockKind::Paragraph);
        assert_eq!(&text[blocks[1].range.clone()], "Some text\tand tab.\n");
        let BlockKind::PipeTable { rows } = &blocks[2].kind else { panic!("no table: {blocks:?}") };
        assert_eq!(rows.len(), 2);
        assert_eq!(&text[rows[1][0].clone()].trim(), &"_ga");
    }

    #[test]
    fn tables_written_one_after_another_without_blank_lines_are_split() {
        let text = "| Name | Type |\n|---|---|\n| a_one | Session |\nThese are analytics cookies.\n\
                    | Name | Provider |\n|---|---|\n| _ga | Google |\n| _gid | Google |\n";
        let blocks = segment(text, 128);
        let kinds: Vec<&str> = blocks
            .iter()
            .map(|b| match b.kind {
                BlockKind::PipeTable { .. } => "table",
                BlockKind::Paragraph => "paragraph",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["table", "paragraph", "table"], "{blocks:?}");
        assert_eq!(blocks[1].text, "These are analytics cookies.");
        let BlockKind::PipeTable { rows } = &blocks[2].kind else { unreachable!() };
        assert_eq!(rows.len(), 3, "header and two rows, no delimiter");
        assert_eq!(text[rows[0][1].clone()].trim(), "Provider");
        assert!(text[blocks[2].range.clone()].starts_with("| Name | Provider |"));
    }

    #[test]
    fn fences_that_name_a_language_hold_code_samples() {
        for info in ["yaml", "json", "js {.line-numbers}", "toml,ignore"] {
            assert!(names_a_language(info), "{info}");
        }
        for info in ["", "text", "TXT", "plain", "plaintext some title", "csv", "console", "markdown"] {
            assert!(!names_a_language(info), "{info}");
        }
        let blocks = segment("```yaml\nname: a\n```\n\n```\nname  b\n```\n\n    name  c\n", 128);
        let kinds: Vec<&BlockKind> = blocks.iter().map(|b| &b.kind).collect();
        assert_eq!(kinds, [&BlockKind::CodeSample, &BlockKind::Code, &BlockKind::Code]);
    }
}
