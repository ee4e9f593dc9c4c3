use crate::diagnostics::Severity;
use crate::grammar::{Field, Party};
use crate::lint::{covers_observed, Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "observed-party",
    code: "CL018",
    severity: Severity::Warning,
    summary: "A cookie declared as first party was observed on another site's domain.",
    rationale: "GDPR Art. 13(1)(e) requires naming the recipients of personal data; a cookie stored under a \
                third party's domain is read by that party, whatever the policy says. The party is the \
                observing tool's verdict when it records one (Website Evidence Collector, Blacklight), \
                else the cookie's domain compared with the captured site (or the policy's site).",
    violation: "The policy lists `IDE` as a first-party cookie; the crawl saw it set on doubleclick.net.",
    fix: "Declare the cookie as third party and name the party that sets it.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    for cookie in ctx.policy.cookies.iter().filter(|c| c.party == Some(Party::First)) {
        let third = observed
            .iter()
            .filter(|o| covers_observed(cookie, o))
            .find(|o| o.is_third_party(ctx.policy.site.as_deref()) == Some(true));
        if let Some(seen) = third {
            let span = ctx.cell(cookie, Field::Party).map_or(cookie.span, |c| c.span);
            findings.report(
                span,
                format!(
                    "`{}` is declared as first party but was observed as a third-party cookie on {}",
                    cookie.name, seen.domain
                ),
            );
        }
    }
}
