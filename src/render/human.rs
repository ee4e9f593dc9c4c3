//! Human output: a [`Diagnostic`] as a miette report with the source snippet and a label on
//! the exact span. Only the terminal goes through miette; every other format reads our types.
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Source;
use miette::{
    LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, Report, SourceCode, SourceSpan, SpanContents,
};
use std::sync::Arc;

/// A document as the reports of its diagnostics read it: made once per document and shared.
/// miette finds a span's line by scanning the text from its start, so a report costs the offset
/// of its span, and a copy of the text per report costs its size: thousands of findings in a
/// large page went quadratic. Here a span's lines come from the document's line index, and a
/// long line is shown as a window around the span.
#[derive(Clone)]
pub struct Snippets(Arc<Document>);

struct Document {
    name: String,
    text: String,
    lines: crate::span::LineIndex,
}

/// Bytes of a long line shown before and after a span (a line of running text stays whole; a
/// page rendered on one line does not print a megabyte per finding).
const WINDOW: usize = 4096;

impl Snippets {
    pub fn new(source: &Source) -> Snippets {
        Snippets(Arc::new(Document {
            name: source.name.clone(),
            text: source.text.clone(),
            lines: source.lines.clone(),
        }))
    }
}

impl SourceCode for Snippets {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let Document { name, text, lines } = &*self.0;
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (start, end) = (span.offset(), span.offset() + span.len());
        let first = lines.line(start).saturating_sub(context_lines_before).max(1);
        // As miette counts: the context after starts past the line that holds the span's end
        // (the next line when the span ends with a line break).
        let last = lines.line(end).saturating_add(context_lines_after);
        let mut from = lines.line_start(first);
        let mut to = if last >= lines.line_count() { text.len() } else { lines.line_start(last + 1) };
        if start - from > WINDOW {
            from = crate::text::floor_char_boundary(text, start - WINDOW).max(from);
        }
        if to.saturating_sub(end) > WINDOW {
            to = crate::text::ceil_char_boundary(text, end + WINDOW).min(to);
        }
        let line = lines.line(from);
        // miette's column is the span's, in bytes from its line's start (the report's header).
        let column = start - lines.line_start(lines.line(start));
        // As miette counts it: the line breaks from the start of the text to the end of the
        // excerpt (its handler merges two labels' excerpts by this count).
        let line_count = lines.line(to) - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            name.clone(),
            &text.as_bytes()[from..to],
            (from, to - from).into(),
            line - 1,
            column,
            line_count,
        )))
    }
}

/// The part of `span` a label is drawn under: all of it, except on one line longer than
/// [`WINDOW`], where its first `WINDOW` bytes (every finding of a long run of text on one line
/// spanning all of it was drawn in full, and the report grew as their product). The machine
/// formats keep the exact span.
fn drawn(source: &Source, span: crate::span::Span) -> (usize, usize) {
    let (start, end) = (span.start, span.end.max(span.start));
    if end - start > WINDOW && source.lines.line(start) == source.lines.line(end) {
        (start, crate::text::floor_char_boundary(&source.text, start + WINDOW) - start)
    } else {
        (start, end - start)
    }
}

/// A diagnostic of the document `snippets` reads, as a miette report.
pub fn report(diagnostic: &Diagnostic, source: &Source, snippets: &Snippets) -> Report {
    let severity = match diagnostic.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    // The title carries the message; the label names the rule at the exact span.
    let mut labels =
        vec![LabeledSpan::new_primary_with_span(Some(diagnostic.rule.clone()), drawn(source, diagnostic.span))];
    for related in &diagnostic.related {
        labels.push(LabeledSpan::new_with_span(Some(related.message.clone()), drawn(source, related.span)));
    }
    let mut miette = MietteDiagnostic::new(format!("{}: {}", source.name, diagnostic.message))
        .with_code(format!("cookielint::{}", diagnostic.rule))
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = &diagnostic.help {
        miette = miette.with_help(help.clone());
    }
    Report::new(miette).with_source_code(snippets.clone())
}
