//! `cookielint rules` and `cookielint explain NAME`.
use cookielint::lint::{config, rules, Rule};
use std::process::ExitCode;

pub fn list(json: bool) -> ExitCode {
    if json {
        let rules: Vec<serde_json::Value> = rules::ALL.iter().map(|r| rule_json(r)).collect();
        println!("{}", serde_json::to_string_pretty(&rules).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let width = rules::ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for rule in rules::ALL {
        println!("{}  {:width$}  {:7}  {}", rule.code, rule.name, rule.severity.as_str(), rule.summary);
    }
    ExitCode::SUCCESS
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "name": rule.name,
        "code": rule.code,
        "severity": rule.severity,
        "summary": rule.summary,
        "rationale": rule.rationale,
        "violation": rule.violation,
        "fix": rule.fix,
    })
}

pub fn explain(name: &str, json: bool) -> ExitCode {
    let Some(rule) = Rule::find(name) else {
        let help = config::suggestion(name).unwrap_or_else(|| "`cookielint rules` lists them".into());
        eprintln!("{:?}", miette::miette!(help = help, "unknown rule `{name}`"));
        return ExitCode::from(2);
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&rule_json(rule)).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!("{} ({}), default severity: {}\n", rule.name, rule.code, rule.severity.as_str());
    println!("{}\n", rule.summary);
    println!("Why\n{}\n", textwrap(rule.rationale));
    println!("Reported\n{}\n", indent(rule.violation));
    println!("Fixed\n{}", indent(rule.fix));
    ExitCode::SUCCESS
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// Rationales are written as one paragraph; wrap them at 96 columns for the terminal.
fn textwrap(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > 96 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}
