use crate::diagnostics::Severity;
use crate::lint::{covers_observed, Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "stale-declaration",
    code: "CL015",
    severity: Severity::Info,
    summary: "A declared cookie was never observed on the site.",
    rationale: "A declaration for a cookie the site no longer sets makes the policy longer and less \
                accurate (GDPR Art. 5(1)(d), accuracy; Art. 12(1), concise information). Observations can \
                be incomplete, so this is informational.",
    violation: "The policy declares `old_tracker`; no observation file contains it.",
    fix: "Remove the declaration if the cookie is really gone.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    // Observations record HTTP cookies: storage keys and pixels are not in them.
    for cookie in ctx.policy.cookies.iter().filter(|c| c.kind == crate::model::Kind::Cookie) {
        if !observed.iter().any(|o| covers_observed(cookie, o)) {
            findings.report(cookie.name_span, format!("`{}` is declared but was not observed", cookie.name));
        }
    }
}
