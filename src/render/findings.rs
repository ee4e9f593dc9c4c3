//! Lint findings as JSON, JSON Lines, SARIF 2.1.0 and GitHub workflow commands. Positions are
//! 1-based lines and columns in Unicode code points, computed from the byte spans at this edge.
use crate::diagnostics::{Diagnostic, Severity};
use crate::lint::{rules, Rule};
use crate::source::Source;
use serde_json::{json, Value};
use std::io::{self, Write};

/// The findings of one document.
pub struct Report<'a> {
    pub source: &'a Source,
    pub diagnostics: &'a [Diagnostic],
}

fn position(source: &Source, offset: usize) -> (usize, usize) {
    source.lines.line_col(&source.text, offset)
}

fn code_of(rule: &str) -> Option<&'static str> {
    Rule::find(rule).map(|r| r.code)
}

/// One finding as a JSON object.
pub fn finding_json(source: &Source, d: &Diagnostic) -> Value {
    let (line, column) = position(source, d.span.start);
    let (end_line, end_column) = position(source, d.span.end);
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| {
            let (line, column) = position(source, r.span.start);
            json!({"message": r.message, "line": line, "column": column, "span": r.span})
        })
        .collect();
    json!({
        "source": source.name,
        "rule": d.rule,
        "code": code_of(&d.rule),
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "span": d.span,
        "related": related,
    })
}

pub fn write_json(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    let all: Vec<Value> =
        reports.iter().flat_map(|r| r.diagnostics.iter().map(|d| finding_json(r.source, d))).collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

pub fn write_jsonl(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    for d in report.diagnostics {
        serde_json::to_writer(&mut *out, &finding_json(report.source, d))?;
        writeln!(out)?;
    }
    Ok(())
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` separators, anything outside the unreserved set
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
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

pub fn write_sarif(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(reports))?;
    writeln!(out)
}

/// GitHub Actions workflow commands: `::error file=…,line=…::message`.
pub fn write_github(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    for d in report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (line, column) = position(report.source, d.span.start);
        let (end_line, end_column) = position(report.source, d.span.end);
        let title = format!("cookielint {} ({})", d.rule, code_of(&d.rule).unwrap_or(""));
        writeln!(
            out,
            "::{command} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
            escape_property(&report.source.name),
            escape_property(&title),
            escape_data(&d.message)
        )?;
    }
    Ok(())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
