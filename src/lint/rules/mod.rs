//! The rule registry: every rule, in code order. Adding a rule is adding a file here and a line
//! in `ALL`; names and codes are stable.
mod duplicates;
mod empty_cell;
mod excessive_lifetime;
mod miscategorized_cookie;
mod missing_duration;
mod missing_expected;
mod missing_provider;
mod missing_purpose;
mod mixed_language;
mod observed;
mod translation_mismatch;
mod undeclared_category;
mod unparseable_duration;
mod unrecognized_table;

use super::Rule;

pub static ALL: &[&Rule] = &[
    &missing_duration::RULE,
    &missing_purpose::RULE,
    &missing_provider::RULE,
    &empty_cell::RULE,
    &unparseable_duration::RULE,
    &duplicates::DUPLICATE,
    &duplicates::CONFLICT,
    &miscategorized_cookie::RULE,
    &excessive_lifetime::RULE,
    &undeclared_category::RULE,
    &mixed_language::RULE,
    &translation_mismatch::RULE,
    &missing_expected::RULE,
    &observed::UNDECLARED,
    &observed::STALE,
    &unrecognized_table::RULE,
    &observed::LIFETIME,
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
