//! Inline suppressions written in the policy itself:
//! - Markdown: `<!-- cookielint-disable RULE[, RULE] -->` … `<!-- cookielint-enable RULE -->`
//!   (no rule names: every rule), from the comment to the matching enable or the end;
//! - any format: `cookielint: ignore RULE[, RULE]` on a line (also inside an HTML comment)
//!   suppresses those rules on that line and through the next paragraph or table below it.

use crate::span::RangeCover;
use std::collections::HashMap;

pub struct Suppressions {
    /// Where every rule is off.
    all: RangeCover,
    /// Where each named rule is off. Indexed so that a document with thousands of suppression
    /// comments and thousands of findings is not checked pair by pair (that went quadratic).
    by_rule: HashMap<String, RangeCover>,
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        let mut ranges = Vec::new();
        let mut open: Vec<(Option<String>, usize)> = Vec::new();
        let mut offset = 0;
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for (index, line) in lines.iter().enumerate() {
            let start = offset;
            offset += line.len();
            if !line.contains("cookielint") {
                continue;
            }
            let trimmed = line.trim();
            if let Some(rules) = directive(trimmed, "cookielint-disable") {
                for rule in rules {
                    open.push((rule, offset));
                }
            } else if let Some(rules) = directive(trimmed, "cookielint-enable") {
                for rule in rules {
                    // Close the matching open range (or all of them for a bare enable).
                    open.retain(|(open_rule, from)| {
                        let closes = rule.is_none() || *open_rule == rule;
                        if closes {
                            ranges.push((open_rule.clone(), *from..start));
                        }
                        !closes
                    });
                }
            } else if let Some(at) = line.find("cookielint: ignore") {
                let names = line[at + "cookielint: ignore".len()..].trim().trim_end_matches("-->").trim();
                let end = end_of_next_block(&lines, index, offset);
                for rule in split_rules(names) {
                    ranges.push((rule, start..end));
                }
            }
        }
        for (rule, from) in open {
            ranges.push((rule, from..text.len()));
        }
        let mut all = Vec::new();
        let mut by_rule: HashMap<String, Vec<std::ops::Range<usize>>> = HashMap::new();
        for (rule, range) in ranges {
            match rule {
                None => all.push(range),
                Some(rule) => by_rule.entry(rule).or_default().push(range),
            }
        }
        Suppressions {
            all: RangeCover::new(all),
            by_rule: by_rule.into_iter().map(|(rule, ranges)| (rule, RangeCover::new(ranges))).collect(),
        }
    }

    pub fn suppresses(&self, rule: &str, at: usize) -> bool {
        // A range holds the offset when it holds the one byte starting there.
        let byte = at..at + 1;
        self.all.contains(&byte) || self.by_rule.get(rule).is_some_and(|ranges| ranges.contains(&byte))
    }
}

/// `<!-- NAME rule, rule -->` → the rules (one `None` for "all").
fn directive(line: &str, name: &str) -> Option<Vec<Option<String>>> {
    let inner = line.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let rest = inner.strip_prefix(name)?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some(split_rules(rest.trim()))
}

fn split_rules(names: &str) -> Vec<Option<String>> {
    let rules: Vec<Option<String>> =
        names.split([',', ' ']).filter(|n| !n.is_empty()).map(|n| Some(n.to_string())).collect();
    if rules.is_empty() {
        vec![None]
    } else {
        rules
    }
}

/// The end of the first run of non-blank lines after line `index` (the table or paragraph the
/// comment stands above).
fn end_of_next_block(lines: &[&str], index: usize, mut offset: usize) -> usize {
    let mut seen_content = false;
    for line in &lines[index + 1..] {
        if line.trim().is_empty() {
            if seen_content {
                break;
            }
        } else {
            seen_content = true;
        }
        offset += line.len();
    }
    offset
}

/// The rule names a suppression or config mentions that no rule has, with a suggestion.
pub fn unknown_rule_names(text: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    for line in text.lines().filter(|l| l.contains("cookielint")) {
        let trimmed = line.trim();
        let names = directive(trimmed, "cookielint-disable")
            .or_else(|| directive(trimmed, "cookielint-enable"))
            .or_else(|| {
                line.find("cookielint: ignore").map(|at| {
                    split_rules(line[at + "cookielint: ignore".len()..].trim().trim_end_matches("-->").trim())
                })
            });
        for name in names.into_iter().flatten().flatten() {
            if super::Rule::find(&name).is_none() {
                unknown.push(name);
            }
        }
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_ignores() {
        let text = "AAA\n<!-- cookielint-disable missing-duration -->\nBBB\n<!-- cookielint-enable missing-duration -->\nCCC\ncookielint: ignore empty-cell\nrow1\nrow2\n\nDDD\n";
        let s = Suppressions::parse(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(!s.suppresses("missing-duration", at("AAA")));
        assert!(s.suppresses("missing-duration", at("BBB")));
        assert!(!s.suppresses("missing-duration", at("CCC")));
        assert!(!s.suppresses("empty-cell", at("BBB")));
        assert!(s.suppresses("empty-cell", at("row2")));
        assert!(!s.suppresses("empty-cell", at("DDD")));
        let all = Suppressions::parse("<!-- cookielint-disable -->\nx\n");
        assert!(all.suppresses("anything", "<!-- cookielint-disable -->\nx".len() - 1));
    }
}
