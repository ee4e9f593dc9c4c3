//! The rule registry: every rule, in code order, one file each (`declarations.rs` is a helper
//! the two duplicate rules share). Adding a rule is adding a file here and a line in `ALL`;
//! names and codes are stable.
mod conflicting_declaration;
mod declarations;
mod duplicate_cookie;
mod empty_cell;
mod excessive_lifetime;
mod miscategorized_cookie;
mod missing_duration;
mod missing_expected;
mod missing_provider;
mod missing_purpose;
mod mixed_language;
mod observed_lifetime;
mod observed_party;
mod stale_declaration;
mod translation_mismatch;
mod truncated_row;
mod undeclared_category;
mod undeclared_observed;
mod undisclosed_vendor_cookie;
mod unparseable_duration;
mod unrecognized_table;
mod vendor_lifetime;

use super::{Context, Findings, Rule};

/// Rules whose findings extraction already noticed (`unrecognized-table`, `truncated-row`): each
/// diagnostic the extraction left under the rule's name becomes a finding.
fn report_extraction_notes(ctx: &Context, findings: &mut Findings, rule: &str) {
    for diagnostic in ctx.policy.diagnostics.iter().filter(|d| d.rule == rule) {
        let finding = findings.report(diagnostic.span, diagnostic.message.clone());
        finding.help = diagnostic.help.clone();
    }
}

pub static ALL: &[&Rule] = &[
    &missing_duration::RULE,
    &missing_purpose::RULE,
    &missing_provider::RULE,
    &empty_cell::RULE,
    &unparseable_duration::RULE,
    &duplicate_cookie::RULE,
    &conflicting_declaration::RULE,
    &miscategorized_cookie::RULE,
    &excessive_lifetime::RULE,
    &undeclared_category::RULE,
    &mixed_language::RULE,
    &translation_mismatch::RULE,
    &missing_expected::RULE,
    &undeclared_observed::RULE,
    &stale_declaration::RULE,
    &unrecognized_table::RULE,
    &observed_lifetime::RULE,
    &observed_party::RULE,
    &undisclosed_vendor_cookie::RULE,
    &vendor_lifetime::RULE,
    &truncated_row::RULE,
];

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn names_and_codes_are_unique_and_kebab_case() {
        for (i, rule) in ALL.iter().enumerate() {
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.name);
            assert!(rule.code.starts_with("CL") && rule.code.len() == 5, "{}", rule.code);
            for other in &ALL[i + 1..] {
                assert_ne!(rule.name, other.name);
                assert_ne!(rule.code, other.code);
            }
            assert!(!rule.rationale.is_empty() && !rule.violation.is_empty() && !rule.fix.is_empty());
        }
    }
}
