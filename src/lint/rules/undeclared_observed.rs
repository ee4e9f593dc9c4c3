use crate::diagnostics::Severity;
use crate::lint::{covers_observed, Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "undeclared-observed",
    code: "CL014",
    severity: Severity::Error,
    summary: "A cookie observed on the site is not declared in the policy.",
    rationale: "ePrivacy Art. 5(3) requires clear and comprehensive information about every cookie stored \
                on the visitor's device; a cookie the site sets but the policy omits was set without it. \
                Declared patterns (`_ga_*`) cover the names they match.",
    violation: "The browser's HAR shows `_hjSessionUser_123`; the policy declares only `_ga`.",
    fix: "Declare `_hjSessionUser_*` (Hotjar) with its purpose, category and duration.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    let mut seen: Vec<&str> = Vec::new();
    for cookie in observed {
        if seen.contains(&cookie.name.as_str()) || ctx.policy.cookies.iter().any(|c| covers_observed(c, cookie)) {
            continue;
        }
        seen.push(&cookie.name);
        let party = match cookie.is_third_party(ctx.policy.site.as_deref()) {
            Some(true) => "third-party ",
            Some(false) => "first-party ",
            None => "",
        };
        let domain = if cookie.domain.is_empty() { String::new() } else { format!(" on {}", cookie.domain) };
        findings
            .report(
                ctx.document_span(),
                format!("{party}cookie `{}` was observed{domain} but is not declared", cookie.name),
            )
            .help = Some(format!("declare `{}` with its provider, purpose, category and duration", cookie.name));
    }
}
