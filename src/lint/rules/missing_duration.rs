use crate::diagnostics::Severity;
use crate::grammar::Field;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "missing-duration",
    code: "CL001",
    severity: Severity::Error,
    summary: "A cookie table, or a declared cookie, gives no lifetime.",
    rationale: "People must be told how long their data is kept: GDPR Art. 13(2)(a) requires the storage \
                period, and the CNIL asks policies to give the lifetime of each cookie. A table without a \
                duration column leaves every cookie in it without one.",
    violation: "| Cookie | Purpose |\n|---|---|\n| lb_cart | Keeps your basket |",
    fix: "| Cookie | Purpose | Duration |\n|---|---|---|\n| lb_cart | Keeps your basket | 7 days |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    for (index, table) in ctx.policy.tables.iter().enumerate() {
        let declared = ctx.policy.cookies_of(index).len();
        if declared == 0 {
            continue;
        }
        if table.column(Field::Duration).is_none() {
            let span = table.header_span.unwrap_or(table.span);
            findings
                .report(span, format!("this table declares {declared} cookie(s) but has no duration column"))
                .help = Some(
                "add a column giving each cookie's lifetime (e.g. \"Duration\": \"13 months\", \"Session\")".into(),
            );
            continue;
        }
        let mut rows_seen = std::collections::HashSet::new();
        for cookie in ctx.policy.cookies_of(index).iter().filter(|c| c.declared_duration().is_none()) {
            if !rows_seen.insert(cookie.row) {
                continue;
            }
            findings.report(cookie.span, format!("no duration is given for `{}`", cookie.name)).help =
                Some("fill in the duration cell".into());
        }
    }
}
