//! `json` (one array of every finding) and `json-lines` (one finding per line).
use super::{finding_json, Emitter, Report};
use serde_json::Value;
use std::io::{self, Write};

pub struct Json;

impl Emitter for Json {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        let all: Vec<Value> =
            reports.iter().flat_map(|r| r.diagnostics.iter().map(|d| finding_json(r.source, d))).collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)
    }
}

pub struct JsonLines;

impl Emitter for JsonLines {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        for report in reports {
            for d in report.diagnostics {
                serde_json::to_writer(&mut *out, &finding_json(report.source, d))?;
                writeln!(out)?;
            }
        }
        Ok(())
    }
}
