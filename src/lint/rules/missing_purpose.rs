use crate::diagnostics::Severity;
use crate::grammar::Field;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "missing-purpose",
    code: "CL002",
    severity: Severity::Error,
    summary: "A cookie table, or a declared cookie, does not say what the cookie is for.",
    rationale: "GDPR Art. 13(1)(c) requires the purposes of the processing, and ePrivacy Art. 5(3) makes \
                clear and comprehensive information about the purposes a condition of storing cookies.",
    violation: "| Cookie | Duration |\n|---|---|\n| ovn_id | 13 months |",
    fix: "| Cookie | Purpose | Duration |\n|---|---|---|\n| ovn_id | Counts unique visitors | 13 months |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    for (index, table) in ctx.policy.tables.iter().enumerate() {
        if ctx.policy.cookies_of(index).is_empty() {
            continue;
        }
        if table.column(Field::Purpose).is_none() && table.column(Field::Function).is_none() {
            findings.report(table.header_span.unwrap_or(table.span), "this table has no purpose column").help =
                Some("add a column saying what each cookie is for".into());
            continue;
        }
        let mut rows_seen = std::collections::HashSet::new();
        for cookie in ctx.policy.cookies_of(index) {
            if cookie.purpose.is_none() && cookie.function.is_none() && rows_seen.insert(cookie.row) {
                findings.report(cookie.span, format!("no purpose is given for `{}`", cookie.name));
            }
        }
    }
}
