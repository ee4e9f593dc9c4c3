use crate::diagnostics::Severity;
use crate::lint::{declares, Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "missing-expected",
    code: "CL013",
    severity: Severity::Error,
    summary: "A cookie the site is known to set (listed in the configuration or declared by a baseline policy) is not declared.",
    rationale: "Every cookie stored on the visitor's device needs information and, unless strictly \
                necessary, consent (ePrivacy Art. 5(3)). Cookies listed under `expected` in \
                cookielint.toml, or declared by the policy given with --baseline, must appear.",
    violation: "cookielint.toml: expected = [\"lb_session\", \"_ga\"], and the policy declares only lb_session.",
    fix: "Declare `_ga` in the policy (or remove it from `expected` if the site no longer sets it).",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let mut expected: Vec<(String, Option<String>)> = ctx.config.expected.iter().map(|n| (n.clone(), None)).collect();
    if let Some(baseline) = ctx.baseline {
        for cookie in &baseline.cookies {
            if !expected.iter().any(|(n, _)| *n == cookie.name) {
                expected.push((cookie.name.clone(), Some(baseline.source.clone())));
            }
        }
    }
    // A new row goes at the end of the last table.
    let span = ctx.policy.tables.last().map_or(ctx.document_span(), |t| t.span);
    for (name, from) in expected {
        let covered = ctx.policy.cookies.iter().any(|c| declares(c, &name) || c.pattern_glob.as_deref() == Some(&name));
        if !covered {
            let origin = from.map_or_else(
                || "listed under `expected` in cookielint.toml".to_string(),
                |s| format!("declared by {s}"),
            );
            findings.report(span, format!("`{name}` ({origin}) is not declared")).help =
                Some(format!("add a row for `{name}` with its provider, purpose, category and duration"));
        }
    }
}
