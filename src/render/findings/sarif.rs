//! SARIF 2.1.0, for code-scanning tools: one run, the rule registry as the driver's rules.
use super::{position, uri, Emitter, Report};
use crate::diagnostics::Severity;
use crate::lint::rules;
use crate::source::Source;
use serde_json::{json, Value};
use std::io::{self, Write};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(source: &Source, span: crate::span::Span) -> Value {
    let (start_line, start_column) = position(source, span.start);
    let (end_line, end_column) = position(source, span.end);
    json!({"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column})
}

/// SARIF 2.1.0: one run, the rule registry as the driver's rules, one result per finding.
pub fn sarif(reports: &[Report]) -> Value {
    let rule_index = |name: &str| rules::ALL.iter().position(|r| r.name == name);
    let driver_rules: Vec<Value> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "name": r.code,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.rationale},
                "help": {"text": format!("Reported:\n{}\n\nFixed:\n{}", r.violation, r.fix)},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        for d in report.diagnostics {
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&report.source.name)},
                    "region": region(report.source, d.span),
                }
            });
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| {
                    json!({
                        "id": id,
                        "message": {"text": r.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&report.source.name)},
                            "region": region(report.source, r.span),
                        }
                    })
                })
                .collect();
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!(" ({help})"));
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": sarif_level(d.severity),
                "message": {"text": message},
                "locations": [location],
            });
            if let Some(index) = rule_index(&d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cookielint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": driver_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub struct Sarif;

impl Emitter for Sarif {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &sarif(reports))?;
        writeln!(out)
    }
}
