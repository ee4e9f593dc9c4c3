//! `full`: each finding as miette draws it (the source lines, the exact cells labelled), then a
//! count of the findings.
use super::{Emitter, Report};
use crate::diagnostics::Severity;
use crate::render::human;
use std::io::{self, Write};

pub struct Full {
    /// Colours (a terminal that wants them); plain Unicode drawing otherwise.
    pub color: bool,
}

impl Emitter for Full {
    fn emit(&self, out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
        let handler = miette::GraphicalReportHandler::new_themed(if self.color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        });
        let mut counts = [0usize; 3];
        for report in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
            let snippets = human::Snippets::new(report.source);
            for diagnostic in report.diagnostics {
                counts[diagnostic.severity as usize] += 1;
                let mut text = String::new();
                let rendered = human::report(diagnostic, report.source, &snippets);
                handler.render_report(&mut text, rendered.as_ref()).map_err(io::Error::other)?;
                writeln!(out, "{text}")?;
            }
        }
        let total: usize = counts.iter().sum();
        let files = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
        if total == 0 {
            writeln!(out, "No findings in {} file(s).", reports.len())
        } else {
            writeln!(
                out,
                "Found {total} finding(s) in {files} of {} file(s): {} error(s), {} warning(s), {} info.",
                reports.len(),
                counts[Severity::Error as usize],
                counts[Severity::Warning as usize],
                counts[Severity::Info as usize]
            )
        }
    }
}
