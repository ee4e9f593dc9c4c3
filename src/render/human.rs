//! Human output: a [`Diagnostic`] as a miette report with the source snippet and a label on
//! the exact span. Only the terminal goes through miette; every other format reads our types.
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Source;
use miette::{LabeledSpan, MietteDiagnostic, NamedSource, Report};

pub fn report(diagnostic: &Diagnostic, source: &Source) -> Report {
    let severity = match diagnostic.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    // The title carries the message; the label names the rule at the exact span.
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(diagnostic.rule.clone()),
        (diagnostic.span.start, diagnostic.span.end - diagnostic.span.start),
    )];
    for related in &diagnostic.related {
        labels.push(LabeledSpan::new_with_span(
            Some(related.message.clone()),
            (related.span.start, related.span.end - related.span.start),
        ));
    }
    let mut miette = MietteDiagnostic::new(format!("{}: {}", source.name, diagnostic.message))
        .with_code(format!("cookielint::{}", diagnostic.rule))
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = &diagnostic.help {
        miette = miette.with_help(help.clone());
    }
    Report::new(miette).with_source_code(NamedSource::new(&source.name, source.text.clone()))
}
