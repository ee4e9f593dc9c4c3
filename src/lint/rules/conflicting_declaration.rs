use super::declarations::differences;
use crate::diagnostics::{Related, Severity};
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "conflicting-declaration",
    code: "CL007",
    severity: Severity::Error,
    summary: "The same cookie is declared twice with a different category, duration, provider or purpose.",
    rationale: "Two declarations that disagree leave the visitor unable to know which is true, so the \
                information is not transparent (GDPR Art. 5(1)(a), Art. 12(1)); consent given on it is not \
                informed (ePrivacy Art. 5(3)).",
    violation: "## Necessary cookies\n| Cookie | Duration |\n|---|---|\n| lb_id | 1 year |\n## Statistics cookies\n| Cookie | Duration |\n|---|---|\n| lb_id | 2 years |",
    fix: "Declare `lb_id` once, in the category and with the duration that are true.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    for (first, again) in ctx.repeats() {
        let fields = differences(first, again);
        if !fields.is_empty() {
            let line = first.name_span.line;
            let diagnostic = findings.report(
                again.name_span,
                format!(
                    "`{}` is declared again with a different {} than on line {line}",
                    again.name,
                    fields.join(", ")
                ),
            );
            diagnostic.related.push(Related { message: "first declared here".into(), span: first.name_span });
            diagnostic.help = Some("declare each cookie once, with the values that are true".into());
        }
    }
}
