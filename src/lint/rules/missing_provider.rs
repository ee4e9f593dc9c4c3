use crate::diagnostics::Severity;
use crate::grammar::Party;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "missing-provider",
    code: "CL003",
    severity: Severity::Warning,
    summary: "A third-party cookie is declared without saying who places it.",
    rationale: "GDPR Art. 13(1)(e) requires the recipients of the data, and the EDPB's consent guidelines \
                (05/2020) ask that the identity of each third party be given before consent is asked. A \
                third-party cookie with no provider hides the recipient.",
    violation: "| Cookie | Party | Duration |\n|---|---|---|\n| adr_click | Third party | 90 days |",
    fix: "| Cookie | Provider | Party | Duration |\n|---|---|---|---|\n| adr_click | Adreef GmbH | Third party | 90 days |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    for cookie in &ctx.policy.cookies {
        if cookie.party == Some(Party::Third) && cookie.declared_provider().is_none() {
            findings
                .report(
                    cookie.name_span,
                    format!("`{}` is a third-party cookie, but no provider is named", cookie.name),
                )
                .help = Some("name the company that places or receives this cookie".into());
        }
    }
}
