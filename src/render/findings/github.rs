//! GitHub Actions workflow commands (`::error file=…,line=…::message`): annotations on the
//! pull request.
use super::{code_of, position, Emitter, Report};
use crate::diagnostics::Severity;
use std::io::{self, Write};

/// GitHub Actions workflow commands: `::error file=…,line=…::message`.
pub struct Github;

impl Emitter for Github {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        reports.iter().try_for_each(|report| write_report(out, report))
    }
}

fn write_report(out: &mut dyn Write, report: &Report) -> io::Result<()> {
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
