use crate::diagnostics::Severity;
use crate::grammar::duration::DurationKind;
use crate::grammar::Field;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "unparseable-duration",
    code: "CL005",
    severity: Severity::Warning,
    summary: "A duration is written in a way that cannot be read as a lifetime.",
    rationale: "The storage period of GDPR Art. 13(2)(a) must be understandable: \"until you log out\" or \
                \"variable\" gives no period a visitor (or a tool) can compare. Write a quantity and unit, \
                \"Session\", or a bound such as \"up to 12 months\".",
    violation: "| Cookie | Duration |\n|---|---|\n| lb_cart | varies |",
    fix: "| Cookie | Duration |\n|---|---|\n| lb_cart | up to 7 days |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let mut rows_seen = std::collections::HashSet::new();
    for cookie in &ctx.policy.cookies {
        let Some(duration) = cookie.declared_duration().filter(|d| d.kind == DurationKind::Unknown) else {
            continue;
        };
        if !rows_seen.insert((cookie.table, cookie.row)) {
            continue;
        }
        let span = ctx.cell(cookie, Field::Duration).map_or(cookie.span, |c| c.span);
        findings.report(span, format!("cannot read \"{}\" as a duration", duration.text)).help =
            Some("write a quantity and a unit (\"13 months\"), \"Session\", or a bound (\"up to 1 year\")".into());
    }
}
