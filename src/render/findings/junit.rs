//! JUnit XML, which most CI systems show as a test report: one test suite per document, one
//! failed test case per finding, and one passing test case for a document with none.
use super::{code_of, position, Emitter, Report};
use std::io::{self, Write};

pub struct Junit;

use crate::text::escape_markup as escape;

impl Emitter for Junit {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        let failures: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        let tests: usize = reports.iter().map(|r| r.diagnostics.len().max(1)).sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<testsuites name="cookielint" tests="{tests}" failures="{failures}" errors="0">"#)?;
        for report in reports {
            let name = escape(&report.source.name);
            let count = report.diagnostics.len();
            writeln!(
                out,
                r#"  <testsuite name="{name}" tests="{}" failures="{count}" errors="0" skipped="0">"#,
                count.max(1)
            )?;
            if count == 0 {
                writeln!(out, r#"    <testcase name="no findings" classname="{name}"/>"#)?;
            }
            for d in report.diagnostics {
                let (line, column) = position(report.source, d.span.start);
                let code = code_of(&d.rule).unwrap_or("-");
                writeln!(
                    out,
                    r#"    <testcase name="{code} {} at {line}:{column}" classname="{name}" file="{name}" line="{line}">"#,
                    escape(&d.rule)
                )?;
                let mut body = format!("{}:{line}:{column}: {}", report.source.name, d.message);
                if let Some(help) = &d.help {
                    body.push_str(&format!("\nhelp: {help}"));
                }
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}</failure>"#,
                    escape(&d.rule),
                    escape(&d.message),
                    escape(&body)
                )?;
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}
