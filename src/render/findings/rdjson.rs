//! reviewdog's diagnostic format (rdjson): one object with the source, the diagnostics, each
//! with a range whose end is exclusive and whose columns count UTF-8 bytes from 1.
use super::{code_of, Emitter, Report};
use crate::diagnostics::Severity;
use crate::source::Source;
use serde_json::{json, Value};
use std::io::{self, Write};

pub struct Rdjson;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// Line (from 1) and column (UTF-8 bytes from 1) of a byte offset.
fn byte_position(source: &Source, offset: usize) -> Value {
    let offset = crate::text::floor_char_boundary(&source.text, offset.min(source.text.len()));
    let line = source.lines.line(offset);
    // The byte-order mark is in the file, not in the decoded text.
    let bom = if line == 1 && source.encoding == crate::model::TextEncoding::Utf8Bom { 3 } else { 0 };
    json!({"line": line, "column": offset - source.lines.line_start(line) + 1 + bom})
}

impl Emitter for Rdjson {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        let mut diagnostics: Vec<Value> = Vec::new();
        for report in reports {
            for d in report.diagnostics {
                let mut diagnostic = json!({
                    "message": d.message,
                    "location": {
                        "path": report.source.name,
                        "range": {
                            "start": byte_position(report.source, d.span.start),
                            "end": byte_position(report.source, d.span.end),
                        },
                    },
                    "severity": severity(d.severity),
                });
                if let Some(code) = code_of(&d.rule) {
                    diagnostic["code"] = json!({"value": code});
                }
                diagnostics.push(diagnostic);
            }
        }
        let result = json!({
            "source": {"name": "cookielint"},
            "diagnostics": diagnostics,
        });
        serde_json::to_writer_pretty(&mut *out, &result)?;
        writeln!(out)
    }
}
