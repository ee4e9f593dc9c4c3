//! GitLab Code Quality: a JSON array of issues, each with a description, the check's name, a
//! fingerprint that identifies it across pipelines, a severity (info, minor, major, critical,
//! blocker) and its location (a path relative to the repository, and lines).
use super::{code_of, position, Emitter, Report};
use crate::diagnostics::Severity;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};

pub struct Gitlab;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// FNV-1a of the parts, each ended by a zero byte: a fingerprint must stay the same from one
/// release to the next, which the standard library's hasher does not promise.
fn fnv1a(parts: &[&str]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = crate::text::Fnv.build_hasher();
    for part in parts {
        hasher.write(part.as_bytes());
        hasher.write_u8(0);
    }
    hasher.finish()
}

impl Emitter for Gitlab {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        let mut issues: Vec<Value> = Vec::new();
        // The fingerprint leaves out the line (an edit above a finding must not make it new),
        // so the same finding twice in a file is told apart by its rank.
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for report in reports {
            for d in report.diagnostics {
                let (begin, begin_column) = position(report.source, d.span.start);
                let (end, end_column) = position(report.source, d.span.end);
                let base = fnv1a(&[&report.source.name, &d.rule, &d.message]);
                let rank = seen.entry(base).or_insert(0);
                *rank += 1;
                let fingerprint = format!("{:016x}", fnv1a(&[&format!("{base:016x}"), &rank.to_string()]));
                let check = match code_of(&d.rule) {
                    Some(code) => format!("{code} {}", d.rule),
                    None => d.rule.clone(),
                };
                issues.push(json!({
                    "type": "issue",
                    "description": d.message,
                    "check_name": check,
                    "fingerprint": fingerprint,
                    "severity": severity(d.severity),
                    "location": {
                        "path": report.source.name,
                        "lines": {"begin": begin, "end": end},
                        "positions": {
                            "begin": {"line": begin, "column": begin_column},
                            "end": {"line": end, "column": end_column},
                        },
                    },
                }));
            }
        }
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}
