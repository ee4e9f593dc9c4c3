//! The rules that compare the policy with cookies actually observed (`lint --observed FILE`):
//! undeclared-observed, stale-declaration and observed-lifetime.
use crate::diagnostics::Severity;
use crate::lexicon::Field;
use crate::lint::{declares, Check, Context, Findings, Rule};
use crate::normalize::duration::DurationKind;

pub static UNDECLARED: Rule = Rule {
    name: "undeclared-observed",
    code: "CL014",
    severity: Severity::Error,
    summary: "A cookie observed on the site is not declared in the policy.",
    rationale: "ePrivacy Art. 5(3) requires clear and comprehensive information about every cookie stored \
                on the visitor's device; a cookie the site sets but the policy omits was set without it. \
                Declared patterns (`_ga_*`) cover the names they match.",
    violation: "The browser's HAR shows `_hjSessionUser_123`; the policy declares only `_ga`.",
    fix: "Declare `_hjSessionUser_*` (Hotjar) with its purpose, category and duration.",
    check: Check::Document(check_undeclared),
};

pub static STALE: Rule = Rule {
    name: "stale-declaration",
    code: "CL015",
    severity: Severity::Info,
    summary: "A declared cookie was never observed on the site.",
    rationale: "A declaration for a cookie the site no longer sets makes the policy longer and less \
                accurate (GDPR Art. 5(1)(d), accuracy; Art. 12(1), concise information). Observations can \
                be incomplete, so this is informational.",
    violation: "The policy declares `old_tracker`; no observation file contains it.",
    fix: "Remove the declaration if the cookie is really gone.",
    check: Check::Document(check_stale),
};

pub static LIFETIME: Rule = Rule {
    name: "observed-lifetime",
    code: "CL017",
    severity: Severity::Warning,
    summary: "A cookie lives longer than declared, or is a session cookie declared persistent (or the reverse).",
    rationale: "The storage period given under GDPR Art. 13(2)(a) must be true. Following the criteria \
                published with CookieBlock (USENIX Security 2022), an observed lifetime more than 1.5 times \
                the declared one and at least a day longer is reported, as is a session/persistent mismatch.",
    violation: "The policy declares `_ga` for 13 months; the browser stores it for 2 years.",
    fix: "Declare the real lifetime, or shorten the cookie's lifetime.",
    check: Check::Document(check_lifetime),
};

fn check_undeclared(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    let mut seen: Vec<&str> = Vec::new();
    for cookie in observed {
        if seen.contains(&cookie.name.as_str()) || ctx.policy.cookies.iter().any(|c| declares(c, &cookie.name)) {
            continue;
        }
        seen.push(&cookie.name);
        let domain = if cookie.domain.is_empty() { String::new() } else { format!(" on {}", cookie.domain) };
        findings
            .report(ctx.document_span(), format!("`{}` was observed{domain} but is not declared", cookie.name))
            .help = Some(format!("declare `{}` with its provider, purpose, category and duration", cookie.name));
    }
}

fn check_stale(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    for cookie in &ctx.policy.cookies {
        if !observed.iter().any(|o| declares(cookie, &o.name)) {
            findings.report(cookie.name_span, format!("`{}` is declared but was not observed", cookie.name));
        }
    }
}

fn check_lifetime(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    for cookie in &ctx.policy.cookies {
        let Some(declared) = &cookie.duration else { continue };
        let Some(seen) = observed.iter().find(|o| declares(cookie, &o.name)) else { continue };
        let span = ctx.cell(cookie, Field::Duration).map_or(cookie.span, |c| c.span);
        let message = match (declared.kind, declared.seconds, seen.session, seen.lifetime) {
            (DurationKind::Session, _, false, Some(lifetime)) if lifetime > 86_400 => {
                format!("`{}` is declared as a session cookie but was observed to last {lifetime} s", cookie.name)
            }
            (DurationKind::Persistent, Some(_), true, _) => {
                format!(
                    "`{}` is declared with a lifetime (\"{}\") but was observed as a session cookie",
                    cookie.name, declared.text
                )
            }
            (_, Some(seconds), false, Some(lifetime))
                if lifetime as f64 > 1.5 * seconds as f64 && lifetime >= seconds + 86_400 =>
            {
                format!(
                    "`{}` was observed to last {lifetime} s, longer than the declared \"{}\" ({seconds} s)",
                    cookie.name, declared.text
                )
            }
            _ => continue,
        };
        findings.report(span, message);
    }
}
