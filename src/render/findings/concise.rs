//! `concise`: one line per finding, `path:line:column: CODE rule message`, the shape compilers
//! print and editors' quickfix lists read.
use super::{code_of, position, Emitter, Report};
use std::io::{self, Write};

pub struct Concise;

impl Emitter for Concise {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        for report in reports {
            for d in report.diagnostics {
                let (line, column) = position(report.source, d.span.start);
                let code = code_of(&d.rule).unwrap_or("-");
                // One line per finding, whatever the message holds.
                let message = d.message.replace(['\r', '\n'], " ");
                writeln!(out, "{}:{line}:{column}: {code} {} {message}", report.source.name, d.rule)?;
            }
        }
        Ok(())
    }
}
