use super::declarations::differences;
use crate::diagnostics::{Related, Severity};
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "duplicate-cookie",
    code: "CL006",
    severity: Severity::Warning,
    summary: "The same cookie is declared twice, the same way.",
    rationale: "A repeated declaration lengthens the policy without informing (GDPR Art. 12(1) asks for \
                concise information) and is often a sign of a table edited in two places.",
    violation: "| Cookie | Duration |\n|---|---|\n| lb_lang | 1 year |\n| lb_lang | 1 year |",
    fix: "| Cookie | Duration |\n|---|---|\n| lb_lang | 1 year |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    for (first, again) in ctx.repeats() {
        if differences(first, again).is_empty() {
            let line = first.name_span.line;
            findings
                .report(again.name_span, format!("`{}` is already declared on line {line}", again.name))
                .related
                .push(Related { message: "first declared here".into(), span: first.name_span });
        }
    }
}
