//! `--statistics`: how many findings each rule made, most first.
use super::{code_of, Report};
use crate::diagnostics::Severity;
use std::collections::BTreeMap;

/// One rule's count of findings in a run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub code: Option<&'static str>,
    pub rule: String,
    pub severity: Severity,
    pub count: usize,
}

/// The findings of `reports` counted by rule: most findings first, then by rule name.
pub fn statistics(reports: &[Report]) -> Vec<RuleCount> {
    let mut by_rule: BTreeMap<&str, RuleCount> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| r.diagnostics) {
        let entry = by_rule.entry(d.rule.as_str()).or_insert_with(|| RuleCount {
            code: code_of(&d.rule),
            rule: d.rule.clone(),
            severity: d.severity,
            count: 0,
        });
        entry.count += 1;
        entry.severity = entry.severity.max(d.severity);
    }
    let mut counts: Vec<RuleCount> = by_rule.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    counts
}
