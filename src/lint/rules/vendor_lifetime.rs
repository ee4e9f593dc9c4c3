use crate::diagnostics::Severity;
use crate::grammar::duration::DurationKind;
use crate::grammar::Field;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "vendor-lifetime-mismatch",
    code: "CL020",
    severity: Severity::Warning,
    summary: "A declared lifetime differs from the vendor's TCF disclosure (maxAgeSeconds).",
    rationale: "The storage period given to visitors (GDPR Art. 13(2)(a)) should agree with what the \
                vendor itself discloses under the IAB TCF. Lifetimes are compared when they differ by \
                more than a day and by more than a tenth, or when one side says session and the other \
                persistent.",
    violation: "The policy declares `uid` for 30 days; the vendor's deviceStorage.json says 390 days.",
    fix: "Declare the lifetime the vendor discloses, or ask the vendor to correct its disclosure.",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let Some(disclosed) = ctx.disclosed else { return };
    for cookie in &ctx.policy.cookies {
        let Some(declared) = cookie.declared_duration() else { continue };
        let Some(disclosure) = disclosed.iter().filter(|d| d.same_kind(cookie.kind)).find(|d| d.names(cookie)) else {
            continue;
        };
        let Some(vendor) = disclosure.max_age_seconds else { continue };
        let vendor_session = vendor <= 0;
        let vendor = vendor.max(0) as u64;
        let declared_session = declared.kind == DurationKind::Session;
        let message = match (declared_session, vendor_session, declared.seconds) {
            (true, false, _) => format!(
                "`{}` is declared as a session cookie; the vendor discloses {} s (maxAgeSeconds)",
                cookie.name, vendor
            ),
            (false, true, Some(_)) => format!(
                "`{}` is declared for \"{}\"; the vendor discloses a session cookie",
                cookie.name, declared.text
            ),
            (false, false, Some(seconds)) => {
                let (low, high) = (seconds.min(vendor), seconds.max(vendor));
                if high - low <= 86_400 || (high as f64) <= 1.1 * low as f64 {
                    continue;
                }
                format!(
                    "`{}` is declared for \"{}\" ({seconds} s); the vendor discloses {} s (maxAgeSeconds)",
                    cookie.name, declared.text, vendor
                )
            }
            _ => continue,
        };
        let span = ctx.cell(cookie, Field::Duration).map_or(cookie.span, |c| c.span);
        findings.report(span, message);
    }
}
