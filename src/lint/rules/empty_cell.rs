use crate::diagnostics::Severity;
use crate::grammar::Field;
use crate::lint::{Check, Context, Findings, Rule};
use crate::tables::Layout;

pub static RULE: Rule = Rule {
    name: "empty-cell",
    code: "CL004",
    severity: Severity::Warning,
    summary: "A row leaves a column of its table empty.",
    rationale: "A column the table announces but a row leaves blank (provider, category, domain…) reads as \
                information withheld; GDPR Art. 12(1) asks for information that is complete and \
                intelligible. Durations and purposes have their own rules.",
    violation: "| Cookie | Provider | Duration |\n|---|---|---|\n| ovn_id |  | 13 months |",
    fix: "| Cookie | Provider | Duration |\n|---|---|---|\n| ovn_id | Ovenmetrics Ltd | 13 months |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    // Only a table written with a header has cells a reader sees empty: a list item or a
    // sentence that names a cookie has no provider "cell" (missing-provider speaks for it).
    let written_grid = |layout: Layout| {
        matches!(
            layout,
            Layout::PipeTable
                | Layout::TabSeparated
                | Layout::PipeCells
                | Layout::CellPerLine
                | Layout::SpaceSeparated
                | Layout::Concatenated
                | Layout::Aligned
        )
    };
    for table in ctx.policy.tables.iter().filter(|t| written_grid(t.layout)) {
        for row in &table.body {
            for (column, field) in table.columns.iter().enumerate() {
                let Some(field) = field else { continue };
                if matches!(field, Field::Duration | Field::Purpose | Field::Function) {
                    continue;
                }
                let empty = row.cells.get(column).is_none_or(|c| matches!(c.text.trim(), "" | "-" | "–" | "—"));
                if empty {
                    let span = row.cells.get(column).filter(|c| c.span.end > c.span.start).map_or(row.span, |c| c.span);
                    let header = table.headers.get(column).map_or(field.as_str(), String::as_str);
                    findings.report(span, format!("the \"{header}\" cell of this row is empty"));
                }
            }
        }
    }
}
