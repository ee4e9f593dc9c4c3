use crate::diagnostics::Severity;
use crate::grammar::{lexicons, Category, Field};
use crate::lint::{Check, Context, Findings, Rule};
use crate::model::Cookie;
use crate::text::fold;

pub static RULE: Rule = Rule {
    name: "excessive-lifetime",
    code: "CL009",
    severity: Severity::Warning,
    summary: "A cookie lives longer than the chosen profile allows.",
    rationale: "Storage must be limited to what the purpose needs (GDPR Art. 5(1)(e)). The `cnil` profile \
                applies the CNIL's guidelines and recommendation of 2020: audience-measurement cookies at \
                most 13 months, and the visitor's consent choice kept at most 6 months; the `generic` \
                profile flags any cookie over 2 years. Limits can be set in cookielint.toml.",
    violation: "## Audience measurement\n| Cookie | Duration |\n|---|---|\n| ovn_id | 25 months |",
    fix: "## Audience measurement\n| Cookie | Duration |\n|---|---|\n| ovn_id | 13 months |",
    check: Check::Document(check),
};

/// The cookie that stores consent choices, by its name or its purpose.
fn is_consent_cookie(cookie: &Cookie) -> bool {
    let name = cookie.name.to_ascii_lowercase();
    if ["consent", "cookie_pref", "cookies_pref", "cookiepref", "cookie-pref", "cookie_choice", "cookielawinfo", "gdpr"]
        .iter()
        .any(|w| name.contains(w))
    {
        return true;
    }
    let purpose =
        fold(&format!("{} {}", cookie.purpose.as_deref().unwrap_or(""), cookie.function.as_deref().unwrap_or("")));
    lexicons().has_consent_phrase(&purpose)
}

fn check(ctx: &Context, findings: &mut Findings) {
    let limits = ctx.config.limits;
    for cookie in &ctx.policy.cookies {
        let Some(seconds) = cookie.declared_duration().and_then(|d| d.seconds) else { continue };
        let mut applicable: Vec<(u64, &str)> = Vec::new();
        if let Some(limit) = limits.consent.filter(|_| is_consent_cookie(cookie)) {
            applicable.push((limit, "for the cookie that keeps consent choices"));
        }
        if let Some(limit) = limits.statistics.filter(|_| cookie.category == Some(Category::Statistics)) {
            applicable.push((limit, "for audience-measurement cookies"));
        }
        if let Some(limit) = limits.any {
            applicable.push((limit, "for any cookie"));
        }
        let Some((limit, scope)) = applicable.into_iter().filter(|(limit, _)| seconds > *limit).min_by_key(|(l, _)| *l)
        else {
            continue;
        };
        let span = ctx.cell(cookie, Field::Duration).map_or(cookie.span, |c| c.span);
        let text = cookie.declared_duration().map_or("", |d| d.text.as_str());
        findings
            .report(span, format!("`{}` lives {text} ({seconds} s), over the limit of {limit} s {scope}", cookie.name))
            .help = Some("shorten the lifetime, or set the limit in cookielint.toml ([limits])".into());
    }
}
