use crate::diagnostics::Severity;
use crate::lexicon::Field;
use crate::lint::{declares, Check, Context, Findings, Rule};
use crate::normalize::duration::DurationKind;

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
