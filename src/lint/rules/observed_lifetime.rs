use crate::diagnostics::Severity;
use crate::grammar::duration::DurationKind;
use crate::grammar::Field;
use crate::lint::{covers_observed, Check, Context, Findings, Rule};
use crate::observed::Lifetime;

pub static RULE: Rule = Rule {
    name: "observed-lifetime",
    code: "CL017",
    severity: Severity::Warning,
    summary: "A cookie lives longer than declared, or is a session cookie declared persistent (or the reverse).",
    rationale: "The storage period given under GDPR Art. 13(2)(a) must be true. Following the criteria \
                published with CookieBlock (USENIX Security 2022), an observed lifetime more than 1.5 times \
                the declared one and at least a day longer is reported, as is a session/persistent mismatch.",
    violation: "The policy declares `_ga` for 13 months; the browser stores it for 2 years.",
    fix: "Declare the real lifetime, or shorten the cookie's lifetime.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let Some(observed) = ctx.observed else { return };
    for cookie in &ctx.policy.cookies {
        let Some(declared) = cookie.declared_duration() else { continue };
        let seen: Vec<Lifetime> = observed.iter().filter(|o| covers_observed(cookie, o)).map(|o| o.lifetime).collect();
        let longest = seen.iter().filter_map(|l| if let Lifetime::Persistent(s) = l { *s } else { None }).max();
        let persistent = seen.iter().any(|l| matches!(l, Lifetime::Persistent(_)));
        let session = seen.contains(&Lifetime::Session);
        let span = ctx.cell(cookie, Field::Duration).map_or(cookie.span, |c| c.span);
        let message = match (declared.kind, declared.seconds) {
            (DurationKind::Session, _) if persistent => match longest {
                Some(lifetime) => format!(
                    "`{}` is declared as a session cookie but was observed to persist for {lifetime} s",
                    cookie.name
                ),
                None => {
                    format!("`{}` is declared as a session cookie but was observed as a persistent one", cookie.name)
                }
            },
            (DurationKind::Persistent, Some(_)) if session && !persistent => format!(
                "`{}` is declared with a lifetime (\"{}\") but was observed as a session cookie",
                cookie.name, declared.text
            ),
            (_, Some(seconds)) => match longest {
                // CookieBlock's criterion: more than 1.5 times the declared lifetime and at
                // least a day longer (a rounding of "1 year" to 400 days is not a finding).
                Some(lifetime) if lifetime as f64 > 1.5 * seconds as f64 && lifetime >= seconds + 86_400 => format!(
                    "`{}` was observed to last {lifetime} s, longer than the declared \"{}\" ({seconds} s)",
                    cookie.name, declared.text
                ),
                _ => continue,
            },
            _ => continue,
        };
        findings.report(span, message);
    }
}
