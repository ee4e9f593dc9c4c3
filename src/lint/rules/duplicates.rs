//! duplicate-cookie and conflicting-declaration share the comparison of declarations.
use crate::diagnostics::Severity;
use crate::lint::{Check, Context, Findings, Rule};
use crate::model::Cookie;

pub static DUPLICATE: Rule = Rule {
    name: "duplicate-cookie",
    code: "CL006",
    severity: Severity::Warning,
    summary: "The same cookie is declared twice, the same way.",
    rationale: "A repeated declaration lengthens the policy without informing (GDPR Art. 12(1) asks for \
                concise information) and is often a sign of a table edited in two places.",
    violation: "| Cookie | Duration |\n|---|---|\n| lb_lang | 1 year |\n| lb_lang | 1 year |",
    fix: "| Cookie | Duration |\n|---|---|\n| lb_lang | 1 year |",
    check: Check::Document(check_duplicates),
};

pub static CONFLICT: Rule = Rule {
    name: "conflicting-declaration",
    code: "CL007",
    severity: Severity::Error,
    summary: "The same cookie is declared twice with a different category, duration, provider or purpose.",
    rationale: "Two declarations that disagree leave the visitor unable to know which is true, so the \
                information is not transparent (GDPR Art. 5(1)(a), Art. 12(1)); consent given on it is not \
                informed (ePrivacy Art. 5(3)).",
    violation: "## Necessary cookies\n| Cookie | Duration |\n|---|---|\n| lb_id | 1 year |\n## Statistics cookies\n| Cookie | Duration |\n|---|---|\n| lb_id | 2 years |",
    fix: "Declare `lb_id` once, in the category and with the duration that are true.",
    check: Check::Document(check_conflicts),
};

/// The fields that differ between two declarations of one name.
fn differences(a: &Cookie, b: &Cookie) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if a.category.is_some() && b.category.is_some() && a.category != b.category {
        fields.push("category");
    }
    let duration =
        |c: &Cookie| c.duration.as_ref().map(|d| (d.seconds, d.kind, d.seconds.is_none().then(|| d.text.clone())));
    if a.duration.is_some() && b.duration.is_some() && duration(a) != duration(b) {
        fields.push("duration");
    }
    if a.provider.is_some() && b.provider.is_some() && a.provider_canonical != b.provider_canonical {
        fields.push("provider");
    }
    let purpose = |c: &Cookie| c.purpose.as_deref().map(crate::text::fold);
    if a.purpose.is_some() && b.purpose.is_some() && purpose(a) != purpose(b) {
        fields.push("purpose");
    }
    fields
}

/// Later declarations of a name, each with the first one.
fn repeats<'a>(ctx: &Context<'a>) -> Vec<(&'a Cookie, &'a Cookie)> {
    let cookies = &ctx.policy.cookies;
    let mut pairs = Vec::new();
    for (index, cookie) in cookies.iter().enumerate() {
        if let Some(first) = cookies[..index].iter().find(|c| c.name == cookie.name && c.span != cookie.span) {
            pairs.push((first, cookie));
        }
    }
    pairs
}

fn check_duplicates(ctx: &Context, findings: &mut Findings) {
    for (first, again) in repeats(ctx) {
        if differences(first, again).is_empty() {
            let line = first.name_span.line;
            findings
                .report(again.name_span, format!("`{}` is already declared on line {line}", again.name))
                .related
                .push(crate::diagnostics::Related { message: "first declared here".into(), span: first.name_span });
        }
    }
}

fn check_conflicts(ctx: &Context, findings: &mut Findings) {
    for (first, again) in repeats(ctx) {
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
            diagnostic
                .related
                .push(crate::diagnostics::Related { message: "first declared here".into(), span: first.name_span });
            diagnostic.help = Some("declare each cookie once, with the values that are true".into());
        }
    }
}
