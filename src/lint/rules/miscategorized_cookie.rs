use crate::diagnostics::Severity;
use crate::knowledge;
use crate::lint::{Check, Context, Findings, Rule};
use crate::model::CategorySource;

pub static RULE: Rule = Rule {
    name: "miscategorized-cookie",
    code: "CL008",
    severity: Severity::Error,
    summary: "A cookie is declared in a category that known facts about it contradict.",
    rationale: "Only strictly necessary cookies are exempt from consent (ePrivacy Art. 5(3)); declaring an \
                analytics or advertising cookie as necessary sets it without consent. The CNIL and the ICO \
                both treat analytics cookies as needing consent unless narrowly exempted. The category is \
                checked against the built-in knowledge base of known cookies.",
    violation: "## Strictly necessary cookies\n| Cookie | Duration |\n|---|---|\n| _ga | 2 years |",
    fix: "## Statistics cookies\n| Cookie | Duration |\n|---|---|\n| _ga | 2 years |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    for cookie in &ctx.policy.cookies {
        let (Some(category), Some(CategorySource::Heading | CategorySource::Column)) =
            (cookie.category, cookie.category_source)
        else {
            continue;
        };
        let Some(known) = knowledge::identify(&cookie.name, cookie.declared_provider()) else { continue };
        if known.class.allows(category) {
            continue;
        }
        let expected = known.category().map_or("functional".to_string(), |c| c.as_str().to_string());
        findings
            .report(
                cookie.name_span,
                format!(
                    "`{}` is declared {}, but it is a {} cookie ({expected})",
                    cookie.name,
                    category.as_str(),
                    known.platform
                ),
            )
            .help = Some(format!("move `{}` to the {expected} cookies", cookie.name));
    }
}
