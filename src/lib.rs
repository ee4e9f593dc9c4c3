//! cookielint: reads cookie policies as people publish them and extracts every declared cookie
//! into a normalized table.
//!
//! The pipeline runs one way, one module per stage:
//! bytes → [`source`] (decoded text, format, line index) → [`blocks`] (headings, paragraphs,
//! lists, tables) → [`tables`] (raw rows and cells, one recognizer per layout) → [`interpret`]
//! (columns and headings mapped with the [`lexicon`]) → [`normalize`] (names, durations,
//! categories) → [`model::Policy`] → [`render`]. [`analysis`] runs the stages section by section
//! and, after an edit, redoes only the sections it touched (the language server's path).
//!
//! ```
//! let text = "## Necessary cookies\n\n| Name | Duration |\n|---|---|\n| sessionid | 2 weeks |\n";
//! let policy = cookielint::extract_text("policy.md", text.to_string(), &Default::default());
//! assert_eq!(policy.cookies[0].name, "sessionid");
//! assert_eq!(policy.cookies[0].category.map(|c| c.as_str()), Some("necessary"));
//! ```
pub mod analysis;
pub mod batch;
pub mod blocks;
pub mod calendar;
pub mod declare;
pub mod diagnostics;
pub mod diff;
pub mod eval;
pub mod glob;
pub mod html;
pub mod interpret;
pub mod knowledge;
pub mod language;
pub mod lexicon;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod normalize;
pub mod observed;
pub mod outline;
pub mod render;
pub mod sections;
pub mod source;
pub mod span;
pub mod synth;
pub mod tables;
pub mod tcf;
pub mod text;

pub use model::Limits;
use model::Policy;
use source::{DecodeError, Source};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
}

/// Decodes and extracts one document. Fails only when the bytes are not text at all or over
/// the size limit; everything else (an empty file, a table that cannot be read) is a
/// diagnostic in the result.
pub fn extract_bytes(name: &str, bytes: &[u8], options: &Options) -> Result<(Source, Policy), DecodeError> {
    let size = bytes.len() as u64;
    if size > options.limits.max_file_size {
        return Err(DecodeError::TooLarge { size, limit: options.limits.max_file_size });
    }
    let source = Source::from_bytes(name, bytes)?;
    let policy = extract(&source, options);
    Ok((source, policy))
}

/// Extracts from text that is already decoded.
pub fn extract_text(name: &str, text: String, options: &Options) -> Policy {
    extract(&Source::from_text(name, text), options)
}

/// Runs the pipeline on a decoded source.
pub fn extract(source: &Source, options: &Options) -> Policy {
    if source.format == source::Format::Html {
        return extract_html(source, options);
    }
    extract_text_source(source, options)
}

/// HTML: the pipeline runs on the Markdown rendering of the DOM, then every span is mapped back
/// into the HTML source.
fn extract_html(source: &Source, options: &Options) -> Policy {
    let rendered = html::render(&source.text);
    let mut markdown = Source::from_text(&source.name, rendered.text.clone());
    markdown.format = source::Format::Markdown;
    let mut policy = extract_text_source(&markdown, options);
    // The offset map is exact for text copied verbatim from the HTML; around entities and
    // malformed markup it can point past a character or past the end, so clamp it (found by
    // fuzzing).
    let clamp = |offset: usize| text::floor_char_boundary(&source.text, offset.min(source.text.len()));
    let map = |span: span::Span| -> span::Span {
        let start = clamp(rendered.start(span.start));
        let end = clamp(rendered.end(span.end)).max(start);
        source.span(start..end)
    };
    for table in &mut policy.tables {
        table.span = map(table.span);
        table.heading_span = table.heading_span.map(map);
        table.header_span = table.header_span.map(map);
        for row in &mut table.body {
            row.span = map(row.span);
            for cell in &mut row.cells {
                cell.span = map(cell.span);
            }
        }
    }
    for cookie in &mut policy.cookies {
        cookie.span = map(cookie.span);
        cookie.name_span = map(cookie.name_span);
    }
    for diagnostic in &mut policy.diagnostics {
        diagnostic.span = map(diagnostic.span);
        for related in &mut diagnostic.related {
            related.span = map(related.span);
        }
    }
    // Prose rules read block text from the source: give them the rendered text's blocks mapped
    // back, so that sentences are read from the HTML around the same words.
    for block in &mut policy.blocks {
        let mapped = map(source.span(block.range.clone()));
        block.range = mapped.start..mapped.end;
    }
    policy.diagnostics.extend(source.notes.iter().cloned());
    policy.format = source::Format::Html;
    policy.encoding = source.encoding;
    policy
}

fn extract_text_source(source: &Source, options: &Options) -> Policy {
    analysis::extract(source, options, false).0
}
