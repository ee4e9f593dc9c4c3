//! Markdown documents: pulldown-cmark events with their source offsets become blocks.
use super::{Block, BlockKind};
use crate::text::{collapse_whitespace, strip_inline_markdown};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
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
                if let Some((mut kind, range, raw)) = collecting.take() {
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
                    let text = collapse_whitespace(&text[range.clone()]);
                    blocks.push(Block { kind: BlockKind::PipeTable { rows }, range, text });
                }
            }
            Event::Start(Tag::CodeBlock(_)) if list_depth == 0 => {
                let text = collapse_whitespace(&text[range.clone()]);
                blocks.push(Block { kind: BlockKind::Code, range, text });
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
