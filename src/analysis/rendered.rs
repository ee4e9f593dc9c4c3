//! HTML, and HTML tables inside Markdown: the pipeline runs on a Markdown rendering, and every
//! span is mapped back into the source through the rendering's offset map.
use super::*;

/// Markdown that holds HTML tables as raw HTML blocks: the tables are rendered in place, the
/// rest read as written, every span mapped back. `None` when there is no such table.
pub(super) fn extract_markdown_with_html_tables(source: &Source, options: &Options) -> Option<Policy> {
    if source.format != Format::Markdown {
        return None;
    }
    let regions = blocks::html_table_regions(&source.text, options.limits.max_nesting_depth);
    if regions.is_empty() {
        return None;
    }
    let rendered = crate::html::render_regions_within(&source.text, &regions, &options.limits);
    Some(extract_rendered(source, &rendered, options))
}

/// HTML: the pipeline runs on the Markdown rendering of the DOM, then every span is mapped back
/// into the HTML source.
pub(super) fn extract_html(source: &Source, options: &Options) -> Policy {
    let rendered = crate::html::render_within(&source.text, &options.limits);
    let mut policy = extract_rendered(source, &rendered, options);
    policy.format = Format::Html;
    policy
}

/// The pipeline on a rendering of `source` as Markdown, every span mapped back into `source`.
pub(super) fn extract_rendered(source: &Source, rendered: &crate::html::Rendered, options: &Options) -> Policy {
    let mut markdown = Source::from_text(&source.name, rendered.text.clone());
    markdown.format = Format::Markdown;
    let mut policy = extract_text_source(&markdown, options);
    // The offset map is exact for text copied verbatim from the HTML; around entities and
    // malformed markup it can point past a character or past the end, so clamp it (found by
    // fuzzing).
    let clamp = |offset: usize| crate::text::floor_char_boundary(&source.text, offset.min(source.text.len()));
    let map = |span: Span| -> Span {
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
    if let Some((first, count)) = rendered.nesting {
        policy.diagnostics.push(crate::nesting::note(
            source,
            first,
            count,
            options.limits.max_nesting_depth,
            crate::nesting::Markup::Tags,
        ));
    }
    policy.format = source.format;
    policy.encoding = source.encoding;
    policy
}
