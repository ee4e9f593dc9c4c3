use crate::diagnostics::Severity;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "unrecognized-table",
    code: "CL016",
    severity: Severity::Warning,
    summary: "A table-like block has a header that names no cookie column, so nothing was read from it.",
    rationale: "Extraction never drops a table silently: if this block declares cookies, its header must say \
                which column holds the names, or the cookies in it are missing from every other check.",
    violation:
        "| Nom | Fonction |\n|---|---|\n| _ga | Mesure d'audience |   (header in a wording the lexicon does not know)",
    fix: "| Nom du cookie | Finalité |\n|---|---|\n| _ga | Mesure d'audience |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    super::report_extraction_notes(ctx, findings, RULE.name);
}
