use crate::diagnostics::Severity;
use crate::grammar::{lexicons, Field};
use crate::language::votes;
use crate::lint::{Check, Context, Findings, Rule};

pub static RULE: Rule = Rule {
    name: "mixed-language",
    code: "CL011",
    severity: Severity::Warning,
    summary: "A table cell is written in another language than the document.",
    rationale: "Information must be given in clear and plain language the visitor understands (GDPR \
                Art. 12(1), Recital 58); a cell left in another language, usually a translation that was \
                not finished, fails that for the cookie it describes.",
    violation: "| Cookie | Function |\n|---|---|\n| csrftoken | API (CSRF) (front et back office) |",
    fix: "| Cookie | Function |\n|---|---|\n| csrftoken | API (CSRF) (front and back office) |",
    check: Check::Document(check),
};

fn check(ctx: &Context, findings: &mut Findings) {
    let lex = lexicons();
    let Some(document) =
        ctx.policy.language.as_deref().and_then(|code| lex.languages.iter().position(|l| l.code == code))
    else {
        return;
    };
    for table in &ctx.policy.tables {
        let columns: Vec<usize> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f, Some(Field::Purpose | Field::Function | Field::Category | Field::Type)))
            .map(|(i, _)| i)
            .collect();
        for row in &table.body {
            for &column in &columns {
                let Some(cell) = row.cell(column) else { continue };
                if cell.text.split_whitespace().count() < 2 {
                    continue;
                }
                let votes = votes(&cell.text, lex);
                let Some((best, &count)) = votes.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) else {
                    continue;
                };
                if best != document && count >= 1.0 && count > votes[document] {
                    let other = &lex.languages[best];
                    let own = &lex.languages[document];
                    findings
                        .report(
                            cell.span,
                            format!(
                                "this cell reads as {} ({}) in a document in {} ({})",
                                other.name, other.code, own.name, own.code
                            ),
                        )
                        .help = Some(format!("write the cell in {}", own.name));
                }
            }
        }
    }
}
