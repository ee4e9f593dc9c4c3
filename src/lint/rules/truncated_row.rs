use crate::diagnostics::Severity;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "truncated-row",
    code: "CL021",
    severity: Severity::Warning,
    summary: "The document ends inside a table row, right after its cookie name, so the name may be cut.",
    rationale: "An excerpt or a capture that stopped mid-row leaves a name such as `wordpress_test_` that may be \
                the start of a longer one. Extraction makes no entry from it rather than declare a cookie \
                that may not exist; this finding keeps the row from disappearing silently.",
    violation: "| wordpress_logged_in_ | Keeps you logged in | Session |\n| wordpress_test_   (end of file, no line break)",
    fix: "| wordpress_logged_in_ | Keeps you logged in | Session |\n| wordpress_test_cookie | Checks that cookies work | Session |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    super::report_extraction_notes(ctx, findings, RULE.name);
}
